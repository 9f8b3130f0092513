/** One timed text cue, already parsed (WebVTT). Times in presentation seconds. */
export interface TextCue {
  /** Cue identifier, when the source had one. */
  id?: string;
  /** Start time, presentation seconds. */
  start: number;
  /** End time, presentation seconds. */
  end: number;
  /** Cue payload with markup kept (`<b>`, `<v Name>`...): renderers decide how much to honour. */
  text: string;
  /** Raw WebVTT cue settings (`line:0 align:start`), when any. */
  settings?: Record<string, string>;
}

/**
 * Where subtitles go. Core parses text into cues; the platform adapter shows
 * them (web: a `TextTrack` on the video element).
 */
export interface TextRenderer {
  /** Adds cues; cues identical to ones already added (same start/end/text) are ignored. */
  addCues(cues: readonly TextCue[]): void;
  /** Removes every cue. */
  clear(): void;
  /** Shows or hides the cues. */
  setVisible(visible: boolean): void;
}
