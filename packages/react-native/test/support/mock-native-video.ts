/**
 * Test double of react-native-video's `<Video>`: renders a host `View` with
 * testID `native-video` carrying every prop, so tests read what the adapter
 * passed and fire native events by calling the recorded handlers — what the
 * native module would do.
 */
import { createElement } from 'react';

export default function Video(props: Record<string, unknown>) {
  return createElement('View', { testID: 'native-video', ...props });
}
