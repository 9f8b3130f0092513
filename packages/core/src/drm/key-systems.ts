/** Key system names and their DRM system ids (dashif.org/identifiers/content_protection). */

/** Widevine key system id. */
export const WIDEVINE = 'com.widevine.alpha';
/** PlayReady key system id (the `.recommendation` variant is tried too). */
export const PLAYREADY = 'com.microsoft.playready';
export const PLAYREADY_RECOMMENDATION = 'com.microsoft.playready.recommendation';
/** W3C ClearKey key system id. */
export const CLEARKEY = 'org.w3.clearkey';
/** FairPlay Streaming key system id. */
export const FAIRPLAY = 'com.apple.fps';

/** System id → key system. The W3C "common" system id is ClearKey's in practice. */
export const SYSTEM_IDS: Readonly<Record<string, string>> = {
  'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed': WIDEVINE,
  '9a04f079-9840-4286-ab92-e65be0885f95': PLAYREADY,
  'e2719d58-a985-b3c9-781a-b030af78d30e': CLEARKEY,
  '1077efec-c0b2-4d02-ace3-3c1e52e2fb4b': CLEARKEY,
  '94ce86fb-07ff-4f43-adb8-93d2fa968ca2': FAIRPLAY,
};

/** Key systems that answer to the same signalling (PlayReady has two EME names). */
export function sameFamily(a: string, b: string): boolean {
  const norm = (k: string) => (k.startsWith(PLAYREADY) ? PLAYREADY : k);
  return norm(a) === norm(b);
}

/** Default preference when the app gives none: hardware-backed systems first, ClearKey last. */
export const DEFAULT_PREFERENCE = [WIDEVINE, PLAYREADY_RECOMMENDATION, PLAYREADY, FAIRPLAY, CLEARKEY];
