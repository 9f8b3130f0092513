/**
 * The react-native-video module as Edgeplay uses it (a peer dependency, not
 * installed in this repository: the adapter renders its default export with
 * {@link NativeVideoProps}). Ambient so the package builds without native modules.
 */
declare module 'react-native-video' {
  import type { ComponentType } from 'react';
  const Video: ComponentType<Record<string, unknown>>;
  export default Video;
}
