import type { EdgeplayDrm } from './edgeplay-source.js';

/**
 * The subset of react-native-video's props Edgeplay sets (v6 API), so the
 * adapter compiles without the native module installed and documents exactly
 * what it drives.
 */
export interface NativeVideoProps {
  source: { uri: string; startPosition?: number; headers?: Record<string, string> };
  drm?: NativeDrmProps;
  /** react-native-video v6: cap of the native ABR, bits/s. */
  maxBitRate?: number;
  /** react-native-video v6 (Android): pin a rendition. */
  selectedVideoTrack?: { type: 'auto' } | { type: 'resolution'; value: number };
  paused?: boolean;
  onLoad?: (e: NativeLoadEvent) => void;
  onProgress?: (e: { currentTime: number; playableDuration: number; seekableDuration: number }) => void;
  onBuffer?: (e: { isBuffering: boolean }) => void;
  onError?: (e: { error: Record<string, unknown> }) => void;
  onBandwidthUpdate?: (e: { bitrate: number; width?: number; height?: number }) => void;
  onVideoTracks?: (e: { videoTracks: { bitrate?: number; height?: number; width?: number; selected?: boolean }[] }) => void;
  onEnd?: () => void;
  onReadyForDisplay?: () => void;
  reportBandwidth?: boolean;
}

/** react-native-video's `drm` prop. */
export interface NativeDrmProps {
  type: 'widevine' | 'playready' | 'fairplay' | 'clearkey';
  licenseServer: string;
  headers?: Record<string, string>;
  certificateUrl?: string;
  contentId?: string;
}

/** Payload of the native `onLoad`. */
export interface NativeLoadEvent {
  currentTime: number;
  duration: number;
  naturalSize?: { width: number; height: number };
}

/** Maps Edgeplay's DRM section onto react-native-video's `drm` prop (the native CDM does the exchange). */
export function nativeDrmProps(drm: EdgeplayDrm): NativeDrmProps {
  return {
    type: drm.type,
    licenseServer: drm.licenseUrl,
    ...(drm.headers ? { headers: { ...drm.headers } } : {}),
    ...(drm.certificateUrl ? { certificateUrl: drm.certificateUrl } : {}),
    ...(drm.contentId ? { contentId: drm.contentId } : {}),
  };
}
