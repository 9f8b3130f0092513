/**
 * Types of hls.js's CEA-608 parser (node_modules/hls.js/src/utils/cea-608-parser.ts, loaded at run time by
 * the sibling hlsjs-cea608-parser.js): the members the cross-check uses, as hls.js 1.7 declares them, with
 * hls.js's own shipped `CaptionScreen` type.
 */
import type { CaptionScreen } from 'hls.js';

/** The part of hls.js's `OutputFilter` the parser calls: it receives each decoded caption screen. */
export interface Cea608OutputFilter {
  /** A caption shown from `startTime` to `endTime` (seconds, the times given to `addData`). */
  newCue(startTime: number, endTime: number, screen: CaptionScreen): void;
  /** Called after `newCue` when hls.js would flush the cue to its text track. */
  dispatchCue?(): void;
  /** Called when a channel resets. */
  reset(): void;
}

/** hls.js's `Cea608Parser` for one field; `field` is its first channel: 1 for field 1 (CC1/CC2), 3 for field 2 (CC3/CC4). */
export default class Cea608Parser {
  constructor(field: 1 | 3, out1: Cea608OutputFilter, out2: Cea608OutputFilter);
  /** Decodes byte pairs (`[b1, b2, b1, b2, …]`, parity bits included) received at `time` seconds. */
  addData(time: number | null, byteList: number[]): void;
  /** Resets every channel. */
  reset(): void;
}
