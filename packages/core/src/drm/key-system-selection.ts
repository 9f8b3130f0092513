/**
 * Key system selection: which of the key systems signalled by the content and
 * configured by the app does this platform support, with configurations built
 * per codec, robustness and encryption scheme — tried in a defined order, with
 * the reason each one failed kept for the error.
 */
import type { ContentProtection } from '../manifest/model.js';
import type { EmeMediaKeys, EmeSurface, KeySystemConfiguration } from '../platform/eme-surface.js';
import type { DrmConfig } from './drm-config.js';
import { DrmError } from './drm-error.js';
import { CLEARKEY, DEFAULT_PREFERENCE, PLAYREADY, PLAYREADY_RECOMMENDATION, sameFamily } from './key-systems.js';

/** Content types (`video/mp4; codecs="avc1.64001f"`) of the protected tracks. */
export interface ProtectedContentTypes {
  video: string[];
  audio: string[];
}

/** The chosen key system. */
export interface SelectedKeySystem {
  keySystem: string;
  mediaKeys: EmeMediaKeys;
  configuration: KeySystemConfiguration;
  /** License server URL (config first, else signalled in the manifest). */
  licenseUrl: string | null;
}

/** Whether the app holds ClearKey keys itself (`drm.clearKeys` with at least one key). */
export function hasAppClearKeys(config: DrmConfig): boolean {
  return !!config.clearKeys && Object.keys(config.clearKeys).length > 0;
}

/**
 * Candidate key systems in try order.
 *
 * App-held ClearKey keys win over everything the content signals (as in
 * shaka-player): ordinary CENC is packaged with Widevine/PlayReady `pssh` and
 * `cenc:default_KID` only, and the same key decrypts it whichever CDM holds it,
 * so an app that configured `drm.clearKeys` means "decrypt with these". ClearKey
 * then comes first and the licence is built locally from the default KIDs; the
 * signalled systems stay behind it as fallbacks for platforms without ClearKey.
 *
 * Otherwise: the app's `preferredKeySystems`, then the order the manifest lists
 * them, then {@link DEFAULT_PREFERENCE}. A key system is a candidate when the
 * content signals it (or signals no specific system) and it has a license
 * source (configured server, manifest license URL, or — offline — stored
 * persistent sessions of a preferred system).
 */
export function candidateKeySystems(protections: readonly ContentProtection[], config: DrmConfig): string[] {
  const appKeys = hasAppClearKeys(config);
  const signalled = protections.map((p) => p.keySystem).filter((k): k is string => !!k);
  const hasSource = (ks: string) =>
    Object.keys(config.servers ?? {}).some((s) => sameFamily(s, ks)) ||
    protections.some((p) => p.keySystem && sameFamily(p.keySystem, ks) && p.licenseUrl) ||
    (ks === CLEARKEY && appKeys) ||
    // Offline playback: stored persistent sessions of the preferred system hold the licence.
    (!!config.persistentSessionIds?.length && (config.preferredKeySystems ?? []).some((p) => sameFamily(p, ks)));
  const pool = [...(signalled.length ? signalled : Object.keys(config.servers ?? {})), ...(appKeys ? [CLEARKEY] : [])];
  const ordered = [...(appKeys ? [CLEARKEY] : []), ...(config.preferredKeySystems ?? []), ...pool, ...DEFAULT_PREFERENCE];
  const out: string[] = [];
  for (const ks of ordered) {
    if (!pool.some((p) => sameFamily(p, ks))) continue;
    if (!hasSource(ks)) continue;
    // PlayReady: prefer the recommendation name (hardware, cbcs) when the platform has it.
    const names = ks === PLAYREADY && !out.includes(PLAYREADY_RECOMMENDATION) ? [PLAYREADY_RECOMMENDATION, PLAYREADY] : [ks];
    for (const n of names) if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** The EME configuration for one key system. */
export function buildConfiguration(keySystem: string, types: ProtectedContentTypes, scheme: string | undefined, config: DrmConfig): KeySystemConfiguration {
  const adv = config.advanced?.[keySystem] ?? (keySystem.startsWith(PLAYREADY) ? config.advanced?.[PLAYREADY] : undefined) ?? {};
  const encryptionScheme = scheme === 'cbcs' || scheme === 'cenc' ? scheme : null;
  const caps = (contentTypes: string[], robustness: string[] | undefined) =>
    contentTypes.flatMap((contentType) => (robustness?.length ? robustness : ['']).map((r) => ({ contentType, robustness: r, encryptionScheme })));
  const sessionType = adv.sessionType ?? 'temporary';
  const out: KeySystemConfiguration = {
    initDataTypes: keySystem === 'com.apple.fps' ? ['sinf', 'skd'] : ['cenc', 'keyids'],
    distinctiveIdentifier: adv.distinctiveIdentifier ?? 'optional',
    persistentState: adv.persistentState ?? (sessionType === 'persistent-license' ? 'required' : 'optional'),
    sessionTypes: [sessionType],
    label: `edgeplay-${keySystem}`,
  };
  if (types.video.length) out.videoCapabilities = caps(types.video, adv.videoRobustness);
  if (types.audio.length) out.audioCapabilities = caps(types.audio, adv.audioRobustness);
  return out;
}

/**
 * Tries each candidate until the platform grants MediaKeys.
 * @throws DrmError DRM_NO_KEY_SYSTEM with `details.attempts` ({keySystem, reason}[]).
 */
export async function selectKeySystem(eme: EmeSurface, protections: readonly ContentProtection[], types: ProtectedContentTypes, config: DrmConfig): Promise<SelectedKeySystem> {
  const candidates = candidateKeySystems(protections, config);
  const attempts: { keySystem: string; reason: string }[] = [];
  const scheme = protections.find((p) => p.encryptionScheme)?.encryptionScheme;
  for (const keySystem of candidates) {
    const configuration = buildConfiguration(keySystem, types, scheme, config);
    try {
      const mediaKeys = await eme.requestMediaKeys(keySystem, [configuration]);
      const configured = Object.entries(config.servers ?? {}).find(([k]) => sameFamily(k, keySystem))?.[1];
      const signalled = protections.find((p) => p.keySystem && sameFamily(p.keySystem, keySystem) && p.licenseUrl)?.licenseUrl;
      return { keySystem, mediaKeys, configuration, licenseUrl: configured ?? signalled ?? null };
    } catch (e) {
      attempts.push({ keySystem, reason: (e as Error)?.message ?? String(e) });
    }
  }
  const signalled = [...new Set(protections.map((p) => p.keySystem).filter(Boolean))];
  const why = candidates.length
    ? attempts.map((a) => `${a.keySystem}: ${a.reason}`).join('; ')
    : `content signals [${signalled.join(', ') || 'no specific key system'}], configured servers [${Object.keys(config.servers ?? {}).join(', ')}]: no overlap with a license source`;
  throw new DrmError('DRM_NO_KEY_SYSTEM', `no usable key system (${why})`, { details: { attempts, signalled, candidates } });
}
