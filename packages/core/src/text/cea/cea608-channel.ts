/**
 * One CEA-608 caption channel (CC1–CC4): the pop-on / roll-up / paint-on
 * state machine of CTA-608-E §B over two caption memories, turning commands
 * and characters into timed cues.
 *
 * Cue timing: a cue is the displayed memory between two changes of it. Pop-on
 * captions change at EOC/EDM; roll-up at each carriage return (the new row's
 * characters join the cue that starts at the previous command, as shaka and
 * broadcast decoders show a roll-up row); paint-on at every command that
 * alters the screen. Changes at the same instant coalesce.
 */
import type { TextCue } from '../../platform/text-renderer.js';
import { basicChar, extendedChar, specialChar } from './cea608-charset.js';
import { COLOURS, COLUMNS, CaptionScreen, DEFAULT_STYLE, ROWS, type CaptionStyle } from './cea608-screen.js';

export type CaptionChannel = 'CC1' | 'CC2' | 'CC3' | 'CC4';

/**
 * A decoded caption: a {@link TextCue} (WebVTT markup; raw WebVTT settings
 * `line:NN%` of the top row, `position:NN%` of the leftmost column,
 * `align:start`) that says which channel it came from.
 */
export interface Cea608Cue extends TextCue {
  channel: CaptionChannel;
}

type Mode = 'pop-on' | 'roll-up' | 'paint-on';

/** PAC row number (1-based) by first byte (channel bit cleared), for second bytes 0x40–0x5F / 0x60–0x7F. */
const PAC_ROW_LOW: Readonly<Record<number, number>> = { 0x11: 1, 0x12: 3, 0x15: 5, 0x16: 7, 0x17: 9, 0x10: 11, 0x13: 12, 0x14: 14 };
const PAC_ROW_HIGH: Readonly<Record<number, number>> = { 0x11: 2, 0x12: 4, 0x15: 6, 0x16: 8, 0x17: 10, 0x13: 13, 0x14: 15 };

/**
 * The 608 caption area is the middle 80 % of the picture (CTA-608-E §B.1 safe
 * caption area); rows and columns are spread evenly over it.
 */
const AREA_MARGIN_PCT = 10;
const AREA_PCT = 80;

/** State of one caption channel. */
export class Cea608Channel {
  private mode: Mode | null = null;
  /** After TR/RTD the channel carries Text service data, not captions. */
  private textMode = false;
  private readonly displayed = new CaptionScreen();
  private readonly nonDisplayed = new CaptionScreen();
  private row = ROWS - 1;
  private column = 0;
  private style: CaptionStyle = DEFAULT_STYLE;
  private rollDepth = 2;
  private shownSince: number | null = null;

  constructor(
    readonly name: CaptionChannel,
    private readonly emit: (cue: Cea608Cue) => void,
  ) {}

  /**
   * A control pair. `b1` has parity and the channel bit (0x08) cleared
   * (0x10–0x17); `b2` has parity cleared.
   */
  control(b1: number, b2: number, t: number): void {
    if (b2 >= 0x40) return this.pac(b1, b2, t);
    if ((b1 === 0x14 || b1 === 0x15) && b2 >= 0x20 && b2 <= 0x2f) return this.misc(b2, t);
    if (b1 === 0x17 && b2 >= 0x21 && b2 <= 0x23) {
      this.column = Math.min(COLUMNS - 1, this.column + (b2 - 0x20));
      return;
    }
    if (b1 === 0x11 && b2 >= 0x20 && b2 <= 0x2f) return this.midRow(b2, t);
    if (b1 === 0x11 && b2 >= 0x30 && b2 <= 0x3f) return this.write(specialChar(b2), t, false);
    if ((b1 === 0x12 || b1 === 0x13) && b2 >= 0x20 && b2 <= 0x3f) return this.write(extendedChar(b1, b2), t, true);
    // 0x10/0x17 background and foreground attribute codes: no effect on text (we do not render backgrounds).
  }

  /** A basic character byte (parity cleared, 0x20–0x7F). */
  char(code: number, t: number): void {
    this.write(basicChar(code), t, false);
  }

  /** Emits what is on screen up to `t` (end of stream, seek, track switch) and keeps the screen. */
  flush(t: number): void {
    this.changeDisplay(t, () => undefined);
  }

  /** Drops all state (discontinuity, seek). */
  reset(): void {
    this.mode = null;
    this.textMode = false;
    this.displayed.clear();
    this.nonDisplayed.clear();
    this.shownSince = null;
    this.style = DEFAULT_STYLE;
    this.row = ROWS - 1;
    this.column = 0;
  }

  private get target(): CaptionScreen {
    return this.mode === 'pop-on' ? this.nonDisplayed : this.displayed;
  }

  private write(ch: string, t: number, replacesPrevious: boolean): void {
    if (!ch || this.mode === null || this.textMode) return;
    // Extended characters follow a basic fallback character that they replace (CTA-608-E §6.4.2).
    if (replacesPrevious && this.column > 0) this.column--;
    this.target.put(this.row, this.column, ch, this.style);
    // At the last column the cursor stays, so further characters overwrite it (§B.7).
    if (this.column < COLUMNS - 1) this.column++;
    this.noteDisplayedWrite(t);
  }

  private noteDisplayedWrite(t: number): void {
    if (this.target === this.displayed && this.shownSince === null && !this.displayed.isEmpty()) this.shownSince = t;
  }

  private misc(code: number, t: number): void {
    switch (code) {
      case 0x20: // RCL resume caption loading
        this.mode = 'pop-on';
        this.textMode = false;
        return;
      case 0x21: // BS backspace
        if (this.textMode || this.mode === null || this.column === 0) return;
        this.column--;
        this.target.erase(this.row, this.column);
        return;
      case 0x24: // DER delete to end of row
        if (!this.textMode && this.mode !== null) this.target.eraseToEnd(this.row, this.column);
        return;
      case 0x25: // RU2
      case 0x26: // RU3
      case 0x27: // RU4
        return this.rollUpMode(code - 0x23, t);
      case 0x29: // RDC resume direct captioning
        this.mode = 'paint-on';
        this.textMode = false;
        return;
      case 0x2a: // TR text restart
      case 0x2b: // RTD resume text display
        this.textMode = true;
        return;
      case 0x2c: // EDM erase displayed memory
        return this.changeDisplay(t, () => this.displayed.clear());
      case 0x2d: // CR carriage return
        if (this.textMode || this.mode !== 'roll-up') return;
        this.changeDisplay(t, () => this.displayed.rollUp(this.row, this.rollDepth));
        this.column = 0;
        return;
      case 0x2e: // ENM erase non-displayed memory
        this.nonDisplayed.clear();
        return;
      case 0x2f: // EOC end of caption: flip memories
        this.changeDisplay(t, () => this.displayed.swap(this.nonDisplayed));
        this.mode = 'pop-on';
        this.textMode = false;
        return;
      default: // AOF/AON (0x22/0x23, unused), FON flash (0x28): nothing to show differently
        return;
    }
  }

  private rollUpMode(depth: number, t: number): void {
    this.textMode = false;
    if (this.mode !== 'roll-up') {
      // Entering roll-up from another mode erases both memories (§B.6); the base row defaults to 15.
      this.changeDisplay(t, () => this.displayed.clear());
      this.nonDisplayed.clear();
      this.row = ROWS - 1;
      this.style = DEFAULT_STYLE;
    }
    this.mode = 'roll-up';
    this.rollDepth = depth;
    this.row = Math.max(this.row, depth - 1);
    this.column = 0;
  }

  private pac(b1: number, b2: number, t: number): void {
    const row1 = (b2 & 0x20 ? PAC_ROW_HIGH : PAC_ROW_LOW)[b1];
    if (row1 === undefined) return;
    let row = row1 - 1;
    if (this.mode === 'roll-up') {
      row = Math.max(row, this.rollDepth - 1); // the window must fit above the base row
      if (row !== this.row) {
        const from = this.row;
        this.changeDisplay(t, () => this.displayed.moveWindow(from, row, this.rollDepth));
      }
    }
    this.row = row;
    const attr = b2 & 0x1f;
    if (attr >= 0x10) {
      this.column = Math.min(COLUMNS - 1, ((attr & 0x0e) >> 1) * 4);
      this.style = { colour: 'white', italic: false, underline: (attr & 1) === 1 };
    } else {
      this.column = 0;
      const c = attr >> 1;
      this.style = { colour: c === 7 ? 'white' : COLOURS[c]!, italic: c === 7, underline: (attr & 1) === 1 };
    }
  }

  /** Mid-row code: a style change shown as a space. Colours turn italics off; the italics code keeps the colour. */
  private midRow(b2: number, t: number): void {
    const c = (b2 & 0x0e) >> 1;
    const underline = (b2 & 1) === 1;
    this.style = c === 7 ? { colour: this.style.colour, italic: true, underline } : { colour: COLOURS[c]!, italic: false, underline };
    this.write(' ', t, false);
  }

  /** Applies a change to the displayed memory, first emitting what was shown until `t`. */
  private changeDisplay(t: number, mutate: () => void): void {
    if (this.shownSince !== null && t > this.shownSince) {
      this.emitShown(this.shownSince, t);
      this.shownSince = t;
    }
    mutate();
    if (this.displayed.isEmpty()) this.shownSince = null;
    else if (this.shownSince === null) this.shownSince = t;
  }

  private emitShown(start: number, end: number): void {
    const rows = this.displayed.rows();
    if (!rows.length) return;
    const top = rows[0]!.row;
    const left = Math.min(...rows.map((r) => r.column));
    const pct = (n: number) => `${Math.round(n * 100) / 100}%`;
    this.emit({
      channel: this.name,
      start,
      end,
      text: rows.map((r) => r.text).join('\n'),
      settings: {
        line: pct(AREA_MARGIN_PCT + (top * AREA_PCT) / ROWS),
        position: pct(AREA_MARGIN_PCT + (left * AREA_PCT) / COLUMNS),
        align: 'start',
      },
    });
  }
}
