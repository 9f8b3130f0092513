/**
 * @packageDocumentation
 * Edgeplay for React Native: `<EdgeplayVideo>` and `useEdgeplay()` over
 * react-native-video (Media3 on Android, AVPlayer on iOS render and fetch
 * segments), with Edgeplay's core above it — manifest loading, cache ranking
 * and content steering, failover by re-issuing the source at the last
 * position, DRM mapping with stream-session heartbeats, bandwidth estimation
 * and QoE telemetry.
 */
export { EdgeplayVideo, type EdgeplayVideoProps } from './edgeplay-video.js';
export { useEdgeplay, type EdgeplayState, type UseEdgeplayOptions } from './use-edgeplay.js';
export { NativePlaybackSession, type NativePlaybackDeps, type NativePlaybackEvents, type NativeSourceChoice } from './native-playback-session.js';
export { nativeDrmProps, type NativeVideoProps, type NativeDrmProps, type NativeLoadEvent } from './native-video-props.js';
export { RnFetchNetworkClient } from './rn-fetch-network-client.js';
export type { EdgeplaySource, EdgeplayCache, EdgeplayDrm, EdgeplayAbrHints } from './edgeplay-source.js';
export { edgeplaySourceFromConfig, type SourceFromConfigOptions } from './source-from-config.js';
export const version = '0.1.0';
