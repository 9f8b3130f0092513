import { PlayerError, type DeepPartial, type PlayerConfig } from '@edgeplay/core';
import type { EdgeplayCache, EdgeplayDrm, EdgeplaySource } from './edgeplay-source.js';

/** EME key-system names → react-native-video's `drm.type`. */
const NATIVE_DRM_TYPE: Readonly<Record<string, EdgeplayDrm['type']>> = {
  'com.widevine.alpha': 'widevine',
  'com.microsoft.playready': 'playready',
  'com.microsoft.playready.recommendation': 'playready',
  'com.apple.fps': 'fairplay',
  'com.apple.fps.1_0': 'fairplay',
  'org.w3.clearkey': 'clearkey',
};

/** Which CDMs the native players have: AVPlayer only FairPlay; Media3 Widevine, PlayReady (some devices) and ClearKey. */
const PLATFORM_DRM: Readonly<Record<'ios' | 'android', readonly EdgeplayDrm['type'][]>> = {
  ios: ['fairplay'],
  android: ['widevine', 'playready', 'clearkey'],
};

/** Options of {@link edgeplaySourceFromConfig}. */
export interface SourceFromConfigOptions {
  /** The native platform (`Platform.OS`): picks a key system its CDM has. */
  platform: 'ios' | 'android';
  startTime?: number;
  /** Native ABR cap, bits/s (the web config has none: the web ABR decides itself). */
  maxBitrate?: number;
  stallFailoverMs?: number;
}

/**
 * An {@link EdgeplaySource} from the web player's configuration, so an app
 * shares one config between web and React Native: `drm.servers` +
 * `preferredKeySystems` (the first key system the native CDM has, with
 * `advanced[ks].headers` and `serverCertificateUri` as the FairPlay
 * certificate) and `drm.session`; `abr.maxResolution.height` as the native
 * height cap; `telemetry.endpoint`/`batchMs`; `failover.steering`.
 * @throws PlayerError INVALID_CONFIG when DRM is configured but nothing maps
 *   onto the native player (no licence server for a key system this platform
 *   has; app-held `clearKeys`, which native CDMs cannot take).
 */
export function edgeplaySourceFromConfig(caches: readonly EdgeplayCache[], config: DeepPartial<PlayerConfig>, options: SourceFromConfigOptions): EdgeplaySource {
  const source: EdgeplaySource = { caches, ...(options.startTime !== undefined ? { startTime: options.startTime } : {}) };
  const drm = nativeDrmFromConfig(config.drm ?? {}, options.platform);
  if (drm) source.drm = drm;
  const maxHeight = config.abr?.maxResolution?.height;
  if (maxHeight || options.maxBitrate) source.abr = { ...(maxHeight ? { maxHeight } : {}), ...(options.maxBitrate ? { maxBitrate: options.maxBitrate } : {}) };
  if (config.telemetry?.endpoint) source.telemetry = { endpoint: config.telemetry.endpoint, ...(config.telemetry.batchMs ? { batchMs: config.telemetry.batchMs } : {}) };
  if (config.failover?.steering !== undefined) source.steering = config.failover.steering;
  if (options.stallFailoverMs !== undefined) source.stallFailoverMs = options.stallFailoverMs;
  return source;
}

function nativeDrmFromConfig(drm: NonNullable<DeepPartial<PlayerConfig>['drm']>, platform: 'ios' | 'android'): EdgeplayDrm | null {
  const servers = (drm.servers ?? {}) as Record<string, string>;
  const hasClearKeys = Object.keys(drm.clearKeys ?? {}).length > 0;
  if (!Object.keys(servers).length && !hasClearKeys) return null;
  const order = [...((drm.preferredKeySystems ?? []) as string[]), ...Object.keys(servers)];
  const keySystem = order.find((ks) => servers[ks] && NATIVE_DRM_TYPE[ks] && PLATFORM_DRM[platform].includes(NATIVE_DRM_TYPE[ks]!));
  if (!keySystem) {
    const why = hasClearKeys && !Object.keys(servers).length
      ? 'drm.clearKeys (app-held keys) cannot be given to a native CDM: configure a ClearKey licence server'
      : `no licence server for a key system the ${platform} player has (${PLATFORM_DRM[platform].join(', ')}); configured: ${Object.keys(servers).join(', ')}`;
    throw new PlayerError('INVALID_CONFIG', `drm: ${why}`, { details: { field: 'drm.servers', platform } });
  }
  const advanced = (drm.advanced as Record<string, { headers?: Record<string, string>; serverCertificateUri?: string }> | undefined)?.[keySystem] ?? {};
  return {
    type: NATIVE_DRM_TYPE[keySystem]!,
    licenseUrl: servers[keySystem]!,
    ...(advanced.headers ? { headers: { ...advanced.headers } } : {}),
    ...(advanced.serverCertificateUri ? { certificateUrl: advanced.serverCertificateUri } : {}),
    ...(drm.session ? { session: drm.session as EdgeplayDrm['session'] } : {}),
  };
}
