import type { PlatformId } from './platform-profile.js';

/**
 * The largest picture worth decoding on this device, from the platform's own
 * API (panel/output capability) or, failing that, the screen: ABR then never
 * fetches a rendition the panel cannot show or the decoder cannot handle.
 * The platform APIs are the ones the vendors document (and shaka-player's
 * device layer uses): Tizen `webapis.systeminfo` / `productinfo`, webOS
 * `PalmSystem.deviceInfo`, Hisense `Hisense_Get4KSupportState`, Cast
 * `cast.__platform__.canDisplayType`, PlayStation `msdk.device.getDisplayInfo`.
 */

/** A width × height box, pixels. */
export interface Resolution {
  width: number;
  height: number;
}

/** What the detection reads: the page's globals, user agent and screen. */
export interface ResolutionEnvironment {
  globals: Readonly<Record<string, unknown>>;
  userAgent: string;
  /** `screen.width/height × devicePixelRatio`, when there is a screen. */
  screen: Resolution | null;
}

const FHD: Resolution = { width: 1920, height: 1080 };
const UHD: Resolution = { width: 3840, height: 2160 };
const UHD8K: Resolution = { width: 7680, height: 4320 };

type Fn<T> = (...args: never[]) => T;
/** `obj.a.b.c` if every step exists, else undefined (platform objects vary by model and firmware). */
function path(root: unknown, ...keys: string[]): unknown {
  let v = root;
  for (const k of keys) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}
function call<T>(root: unknown, ...keys: string[]): T | undefined {
  const fn = path(root, ...keys);
  if (typeof fn !== 'function') return undefined;
  const owner = path(root, ...keys.slice(0, -1));
  return (fn as Fn<T>).call(owner);
}

async function tizen(env: ResolutionEnvironment): Promise<Resolution | null> {
  const webapis = env.globals.webapis;
  const max = call<Resolution>(webapis, 'systeminfo', 'getMaxVideoResolution');
  if (max && max.width > 0 && max.height > 0) return { width: max.width, height: max.height };
  if (call<boolean>(webapis, 'productinfo', 'is8KPanelSupported')) return UHD8K;
  if (call<boolean>(webapis, 'productinfo', 'isUdPanelSupported')) return UHD;
  if (!env.screen) return null;
  return { width: env.screen.width > FHD.width ? UHD.width : FHD.width, height: env.screen.height > FHD.height ? UHD.height : FHD.height };
}

async function webos(env: ResolutionEnvironment): Promise<Resolution | null> {
  const raw = path(env.globals.PalmSystem, 'deviceInfo');
  if (typeof raw !== 'string') return FHD;
  const info = JSON.parse(raw) as { screenWidth?: number; screenHeight?: number };
  // webOS has always decoded 1080p: never cap below it.
  return { width: Math.max(FHD.width, info.screenWidth ?? 0), height: Math.max(FHD.height, info.screenHeight ?? 0) };
}

async function vidaa(env: ResolutionEnvironment): Promise<Resolution | null> {
  const state = call<boolean>(env.globals, 'Hisense_Get4KSupportState');
  return (state ?? env.userAgent.includes('UHD')) ? UHD : FHD;
}

async function chromecast(env: ResolutionEnvironment): Promise<Resolution | null> {
  const platform = path(env.globals.cast, '__platform__') as { canDisplayType?: (t: string) => boolean | Promise<boolean> } | undefined;
  if (typeof platform?.canDisplayType !== 'function') return null;
  const can = async (r: Resolution) => !!(await platform.canDisplayType!(`video/mp4; codecs="avc1.640028"; width=${r.width}; height=${r.height}`));
  if (await can(UHD)) return UHD;
  if (await can(FHD)) return FHD;
  // Hub devices answer no to both: they decode 720p.
  return { width: 1280, height: 720 };
}

async function playstation(env: ResolutionEnvironment): Promise<Resolution | null> {
  const device = path(env.globals.msdk, 'device') as { getDisplayInfo?: () => Promise<{ resolution?: string }> } | undefined;
  if (typeof device?.getDisplayInfo !== 'function') return null;
  return (await device.getDisplayInfo()).resolution === '4K' ? UHD : FHD;
}

const DETECTORS: Partial<Record<PlatformId, (env: ResolutionEnvironment) => Promise<Resolution | null>>> = {
  tizen, webos, vidaa, chromecast, playstation4: playstation, playstation5: playstation,
  'webkit-stb': async (env) => env.screen,
};

/**
 * The platform's resolution limit combined with the profile's own cap (the
 * smaller box wins); null when neither knows. Never throws: a platform API
 * that fails leaves the profile's cap.
 */
export async function platformMaxResolution(platform: PlatformId, profileCap: Resolution | null, env: ResolutionEnvironment): Promise<Resolution | null> {
  let detected: Resolution | null = null;
  try {
    detected = (await DETECTORS[platform]?.(env)) ?? null;
  } catch {
    detected = null;
  }
  if (!detected) return profileCap;
  if (!profileCap) return detected;
  return { width: Math.min(detected.width, profileCap.width), height: Math.min(detected.height, profileCap.height) };
}
