import { useEffect, useMemo, useRef, useState } from 'react';
import { systemClock, type Clock, type EdgeplayError, type NetworkClient } from '@edgeplay/core';
import type { EdgeplaySource } from './edgeplay-source.js';
import { NativePlaybackSession, type NativeSourceChoice } from './native-playback-session.js';
import type { NativeVideoProps } from './native-video-props.js';
import { RnFetchNetworkClient } from './rn-fetch-network-client.js';

/** Platform overrides for {@link useEdgeplay} (tests inject a virtual clock and network). */
export interface UseEdgeplayOptions {
  clock?: Clock;
  network?: NetworkClient;
}

/** What {@link useEdgeplay} returns. */
export interface EdgeplayState {
  /** Spread onto react-native-video's `<Video>`: source, drm, ABR caps and the event handlers Edgeplay needs. */
  videoProps: Partial<NativeVideoProps>;
  /** The cache serving now, or null while the manifest loads. */
  cache: string | null;
  /** The last error (recoverable ones included); `severity` says whether playback ended. */
  error: EdgeplayError | null;
  /** The session, for stats (`getBandwidthEstimate`, `getFailoverCount`). */
  session: NativePlaybackSession | null;
}

/** Identity of a source for effect re-runs: a new cache list or title means a new session. */
function sourceKey(s: EdgeplaySource): string {
  return JSON.stringify([s.caches, s.startTime ?? 0, s.drm?.licenseUrl ?? '', s.abr ?? {}, s.telemetry?.endpoint ?? '']);
}

/**
 * Runs an Edgeplay session for `source` while the component is mounted: the
 * manifest is loaded and caches ranked in core, and the returned props make
 * react-native-video play the chosen cache, report back to core, and move to
 * the next cache at the same position on an error or a long stall. Unmounting
 * releases the stream session (DRM lease) and flushes telemetry.
 */
export function useEdgeplay(source: EdgeplaySource, options: UseEdgeplayOptions = {}): EdgeplayState {
  const [session, setSession] = useState<NativePlaybackSession | null>(null);
  const [choice, setChoice] = useState<NativeSourceChoice | null>(null);
  const [error, setError] = useState<EdgeplayError | null>(null);
  const latest = useRef(source);
  latest.current = source;
  const key = sourceKey(source);

  useEffect(() => {
    const s = new NativePlaybackSession(latest.current, {
      clock: options.clock ?? systemClock,
      network: options.network ?? new RnFetchNetworkClient(),
    });
    const offs = [s.on('source', setChoice), s.on('error', setError)];
    setSession(s);
    setChoice(null);
    setError(null);
    s.start().catch(() => undefined); // surfaced through the 'error' event
    return () => {
      for (const off of offs) off();
      void s.stop();
    };
    // The session is rebuilt only when the source's identity changes (not on every render).
  }, [key]);

  const videoProps = useMemo<Partial<NativeVideoProps>>(() => {
    if (!session || !choice) return {};
    return {
      ...session.nativeProps(),
      onLoad: (e) => session.handleLoad(e),
      onProgress: (e) => session.handleProgress(e),
      onBuffer: (e) => session.handleBuffer(e),
      onError: (e) => session.handleError(e),
      onBandwidthUpdate: (e) => session.handleBandwidth(e),
      onEnd: () => session.handleEnd(),
    };
  }, [session, choice]);

  return { videoProps, cache: choice?.cacheId ?? null, error, session };
}
