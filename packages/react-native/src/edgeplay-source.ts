import type { StreamSessionConfig } from '@edgeplay/core';

/** One edge cache (CDN pathway) serving the title. */
export interface EdgeplayCache {
  /** Pathway id, as the steering server names it (DASH `serviceLocation`, HLS `PATHWAY-ID`). */
  id: string;
  /** The title's manifest on this cache. */
  manifestUrl: string;
}

/** DRM for the native player (react-native-video's `drm` prop, with Edgeplay's stream session on top). */
export interface EdgeplayDrm {
  /** Key system as the native players name it. */
  type: 'widevine' | 'playready' | 'fairplay' | 'clearkey';
  licenseUrl: string;
  /** Headers on licence requests (e.g. the playback token). */
  headers?: Record<string, string>;
  /** FairPlay application certificate URL. */
  certificateUrl?: string;
  /** FairPlay content id (defaults to the `skd://` host the native player reads). */
  contentId?: string;
  /** Stream-session heartbeats and release for concurrency-limited services (same as web `drm.session`). */
  session?: StreamSessionConfig;
}

/** ABR limits the native player is told to respect. */
export interface EdgeplayAbrHints {
  /** Highest bitrate the native ABR may pick, bits/s. */
  maxBitrate?: number;
  /** Highest picture height (the native player gets the highest ladder rung at or below it). */
  maxHeight?: number;
}

/** A title to play, with the same sections as the web player's config. */
export interface EdgeplaySource {
  /** Ranked edge caches, best first. At least one. */
  caches: readonly EdgeplayCache[];
  /** Where to start, seconds. */
  startTime?: number;
  drm?: EdgeplayDrm;
  abr?: EdgeplayAbrHints;
  /** QoE beacons (same endpoint format as the web player's `telemetry`). */
  telemetry?: { endpoint: string; batchMs?: number };
  /** Follow the manifest's content-steering server to re-rank the caches (default true). */
  steering?: boolean;
  /**
   * The native player gets no events for this long while it should be
   * playing (no progress, no buffer end): the cache is treated as failed.
   */
  stallFailoverMs?: number;
}
