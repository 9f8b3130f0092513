import { createElement, useEffect, type ReactElement } from 'react';
import Video from 'react-native-video';
import type { EdgeplayError } from '@edgeplay/core';
import type { EdgeplaySource } from './edgeplay-source.js';
import type { NativeVideoProps } from './native-video-props.js';
import { useEdgeplay, type UseEdgeplayOptions } from './use-edgeplay.js';

/** Props of {@link EdgeplayVideo}: an Edgeplay source plus any react-native-video prop (style, paused, controls…). */
export type EdgeplayVideoProps = Omit<Partial<NativeVideoProps>, 'source' | 'drm'> & {
  source: EdgeplaySource;
  /** Errors from core (manifest, caches, DRM heartbeats); fatal ones end playback. */
  onEdgeplayError?: (error: EdgeplayError) => void;
  /** The serving cache, each time it is chosen. */
  onCacheChange?: (cacheId: string) => void;
  /** Injected platform pieces (tests). */
  platform?: UseEdgeplayOptions;
  [prop: string]: unknown;
};

/**
 * `<EdgeplayVideo source={{ caches: [...] }} style={…} />`: react-native-video
 * driven by Edgeplay's core (manifest, cache ranking and steering, failover by
 * re-issuing the source at the last position, DRM mapping with stream-session
 * heartbeats, bandwidth into the estimator, QoE telemetry). App handlers for
 * the native events still run, after Edgeplay's.
 */
export function EdgeplayVideo(props: EdgeplayVideoProps): ReactElement | null {
  const { source, onEdgeplayError, onCacheChange, platform, ...native } = props;
  const { videoProps, cache, error } = useEdgeplay(source, platform);
  useEffect(() => {
    if (error) onEdgeplayError?.(error);
  }, [error, onEdgeplayError]);
  useEffect(() => {
    if (cache) onCacheChange?.(cache);
  }, [cache, onCacheChange]);
  if (!videoProps.source) return null;
  const merged: Record<string, unknown> = { ...native, ...videoProps };
  for (const name of ['onLoad', 'onProgress', 'onBuffer', 'onError', 'onBandwidthUpdate', 'onEnd'] as const) {
    const ours = videoProps[name] as ((e: unknown) => void) | undefined;
    const theirs = native[name] as ((e: unknown) => void) | undefined;
    if (ours && theirs) merged[name] = (e: unknown) => { ours(e); theirs(e); };
  }
  return createElement(Video, merged);
}
