/**
 * One timed text cue, already parsed (WebVTT, TTML/IMSC). Times in presentation
 * seconds. The optional layout and style fields come from TTML; what VTTCue can
 * express is also written into {@link TextCue.settings} (WebVTT syntax), the
 * rest (colours, per-span style, images) needs a styled overlay.
 */
export interface TextCue {
  /** Cue identifier, when the source had one. */
  id?: string;
  /** Start time, presentation seconds. */
  start: number;
  /** End time, presentation seconds. */
  end: number;
  /** Cue payload with markup kept (`<b>`, `<i>`, `<v Name>`...): renderers decide how much to honour. */
  text: string;
  /** Raw WebVTT cue settings (`line:90%,end position:10%,line-left size:80% align:center`), when any. */
  settings?: Record<string, string>;
  /** Where the cue goes (TTML region), in percent of the video's width/height. */
  region?: TextCueRegion;
  /** Style of the cue as a whole (TTML `p` and what it inherits). */
  style?: TextCueStyle;
  /** The text as styled runs (TTML `span`s; `\n` runs are line breaks), for an overlay renderer. */
  spans?: TextCueSpan[];
  /** Image subtitle (IMSC image profile, `smpte:backgroundImage`): shown instead of text. */
  image?: TextCueImage;
}

/** A rectangle of the video (percent), with the block alignment of the text in it. */
export interface TextCueRegion {
  id?: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** TTML `tts:displayAlign`: where lines sit in the region. */
  displayAlign: 'before' | 'center' | 'after';
}

/** Cue or span style (CSS-like values as the source wrote them). */
export interface TextCueStyle {
  color?: string;
  backgroundColor?: string;
  italic?: boolean;
  bold?: boolean;
  underline?: boolean;
  lineThrough?: boolean;
  textAlign?: 'left' | 'center' | 'right' | 'start' | 'end';
  fontFamily?: string;
  /** As written (`100%`, `1c`, `24px`). */
  fontSize?: string;
}

/** One run of text with its style. */
export interface TextCueSpan {
  text: string;
  style: TextCueStyle;
}

/** An image subtitle: embedded bytes or a URI to fetch. */
export interface TextCueImage {
  mimeType: string;
  /** Decoded image bytes (embedded `smpte:image`). */
  data?: Uint8Array;
  /** Resolved URI when the image is referenced, not embedded. */
  uri?: string;
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
