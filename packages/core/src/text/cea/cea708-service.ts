/**
 * One CTA-708 caption service (CTA-708-E §7–8): the C0/C1/G0/G1/EXT1 code
 * space driving up to eight windows, turned into cues.
 *
 * Supported: DefineWindow, SetCurrentWindow, Display/Hide/Toggle/Clear/
 * DeleteWindows, Reset, SetPenLocation, SetPenAttributes (italics,
 * underline), G0 (ASCII, 0x7F ♪), G1 (Latin-1), G2 specials, P16, BS, CR,
 * HCR, FF, ETX. Parsed and ignored: SetPenColor, SetWindowAttributes (colours,
 * justification, scroll direction), Delay/DelayCancel, C2/C3 extensions.
 *
 * Cue timing: the visible text (windows shown, by priority) is compared at
 * every command; when it changed, the previous text becomes a cue ending when
 * the change began: the first character written into a visible window since
 * the last command, else the command itself.
 */
import type { TextCue } from '../../platform/text-renderer.js';
import { Cea708Window, type WindowDefinition } from './cea708-window.js';

/** A decoded 708 caption: a {@link TextCue} from service `service` (1–63). */
export interface Cea708Cue extends TextCue {
  service: number;
}

/** G2 characters (EXT1 + 0x20–0x7F) that have a meaning (CTA-708-E Table 8). */
const G2: Readonly<Record<number, string>> = {
  0x20: ' ', 0x21: '\u00a0', 0x25: '…', 0x2a: 'Š', 0x2c: 'Œ', 0x30: '█', 0x31: '‘', 0x32: '’', 0x33: '“', 0x34: '”', 0x35: '•',
  0x39: '™', 0x3a: 'š', 0x3c: 'œ', 0x3d: '℠', 0x3f: 'Ÿ', 0x76: '⅛', 0x77: '⅜', 0x78: '⅝', 0x79: '⅞', 0x7a: '│', 0x7b: '┐',
  0x7c: '└', 0x7d: '─', 0x7e: '┘', 0x7f: '┌',
};

/** Parameter bytes of C1 commands 0x80–0x9F (§8.10.5). */
const C1_PARAMS = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 2, 3, 2, 0, 0, 0, 0, 4, 6, 6, 6, 6, 6, 6, 6, 6];

export class Cea708Service {
  private readonly windows: (Cea708Window | null)[] = new Array(8).fill(null);
  private current = -1;
  private shownText = '';
  private shownSettings: Record<string, string> | undefined;
  private shownSince = 0;
  private dirtySince: number | null = null;

  constructor(
    readonly service: number,
    private readonly emit: (cue: Cea708Cue) => void,
  ) {}

  /** Decodes one service block's bytes received at `t` seconds. Truncated commands are dropped. */
  push(data: Uint8Array, t: number): void {
    let i = 0;
    while (i < data.length) {
      const b = data[i]!;
      if (b === 0x10) {
        i = this.extended(data, i + 1, t);
      } else if (b < 0x20) {
        const params = b >= 0x18 ? 2 : b >= 0x10 ? 1 : 0;
        if (params && i + params >= data.length) return;
        if (b === 0x18) this.char(String.fromCharCode((data[i + 1]! << 8) | data[i + 2]!), t);
        else this.c0(b, t);
        i += 1 + params;
      } else if (b < 0x80) {
        this.char(b === 0x7f ? '♪' : String.fromCharCode(b), t);
        i++;
      } else if (b < 0xa0) {
        const n = C1_PARAMS[b - 0x80]!;
        if (n && i + n >= data.length) return;
        this.c1(b, data.subarray(i + 1, i + 1 + n), t);
        i += 1 + n;
      } else {
        this.char(String.fromCharCode(b), t); // G1 is ISO 8859-1
        i++;
      }
    }
  }

  /** Ends what is shown at `t` (end of stream). */
  flush(t: number): void {
    this.commit(t);
    if (this.shownText && t > this.shownSince) this.emitCue(this.shownSince, t);
    this.shownText = '';
    this.shownSince = t;
  }

  private extended(data: Uint8Array, i: number, t: number): number {
    if (i >= data.length) return i;
    const b = data[i]!;
    if (b < 0x20) return i + 1 + (b >= 0x18 ? 3 : b >= 0x10 ? 2 : b >= 0x08 ? 1 : 0); // C2
    if (b < 0x80) {
      const ch = G2[b];
      if (ch) this.char(ch, t);
      return i + 1;
    }
    if (b < 0xa0) {
      if (b < 0x88) return i + 1 + 4; // C3 fixed
      if (b < 0x90) return i + 1 + 5;
      return i + 2 + ((data[i + 1] ?? 0) & 0x3f); // C3 variable length
    }
    if (b === 0xa0) this.char('[CC]', t); // G3: the closed-caption icon
    return i + 1;
  }

  private get window(): Cea708Window | null {
    return this.current >= 0 ? this.windows[this.current]! : null;
  }

  private char(ch: string, t: number): void {
    const w = this.window;
    if (!w) return;
    w.write(ch);
    if (w.def.visible && this.dirtySince === null) this.dirtySince = t;
  }

  private c0(b: number, t: number): void {
    const w = this.window;
    switch (b) {
      case 0x03: // ETX: end of a text run
        return this.commit(t);
      case 0x08: // BS
        return this.command(t, () => w?.backspace());
      case 0x0c: // FF: clear window, pen home
        return this.command(t, () => w?.clear());
      case 0x0d: // CR
        return this.command(t, () => w?.carriageReturn());
      case 0x0e: // HCR
        return this.command(t, () => w?.horizontalCarriageReturn());
      default: // NUL and reserved codes
        return;
    }
  }

  /**
   * Applies a command that may change what is visible: text typed since the
   * last command is committed first (so it keeps its own start time), then
   * the command's effect.
   */
  private command(t: number, apply: () => void): void {
    this.commit(t);
    apply();
    this.commit(t);
  }

  private c1(b: number, p: Uint8Array, t: number): void {
    if (b <= 0x87) {
      if (this.windows[b - 0x80]) this.current = b - 0x80;
      return;
    }
    const each = (f: (w: Cea708Window, id: number) => void) => {
      for (let id = 0; id < 8; id++) if (p[0]! & (1 << id) && this.windows[id]) f(this.windows[id]!, id);
    };
    switch (b) {
      case 0x88: // CLW
        return this.command(t, () => each((w) => w.clear()));
      case 0x89: // DSW
        return this.command(t, () => each((w) => (w.def.visible = true)));
      case 0x8a: // HDW
        return this.command(t, () => each((w) => (w.def.visible = false)));
      case 0x8b: // TGW
        return this.command(t, () => each((w) => (w.def.visible = !w.def.visible)));
      case 0x8c: // DLW
        return this.command(t, () =>
          each((_w, id) => {
            this.windows[id] = null;
            if (this.current === id) this.current = -1;
          }),
        );
      case 0x8f: // RST
        return this.command(t, () => {
          this.windows.fill(null);
          this.current = -1;
        });
      case 0x90: // SPA: italics bit 7, underline bit 6 of the second byte
        if (this.window) this.window.pen = { italic: (p[1]! & 0x80) !== 0, underline: (p[1]! & 0x40) !== 0 };
        return;
      case 0x92: // SPL
        this.window?.setPenLocation(p[0]! & 0x0f, p[1]! & 0x3f);
        return;
      default:
        if (b >= 0x98) this.command(t, () => this.defineWindow(b - 0x98, p));
        // SPC, SWA, DLY, DLC, reserved: nothing we render
        return;
    }
  }

  private defineWindow(id: number, p: Uint8Array): void {
    const def: WindowDefinition = {
      visible: (p[0]! & 0x20) !== 0,
      priority: p[0]! & 0x07,
      relative: (p[1]! & 0x80) !== 0,
      anchorVertical: p[1]! & 0x7f,
      anchorHorizontal: p[2]!,
      rowCount: (p[3]! & 0x0f) + 1,
      columnCount: (p[4]! & 0x3f) + 1,
    };
    const existing = this.windows[id];
    if (existing) existing.redefine(def);
    else this.windows[id] = new Cea708Window(def);
    this.current = id;
  }

  private visibleText(): string {
    return this.windows
      .filter((w): w is Cea708Window => !!w && w.def.visible)
      .sort((a, b) => a.def.priority - b.def.priority || a.def.anchorVertical - b.def.anchorVertical)
      .map((w) => w.text())
      .filter(Boolean)
      .join('\n');
  }

  private commit(t: number): void {
    const start = this.dirtySince ?? t;
    this.dirtySince = null;
    const text = this.visibleText();
    if (text === this.shownText) return;
    if (this.shownText && start > this.shownSince) this.emitCue(this.shownSince, start);
    this.shownText = text;
    this.shownSettings = this.placement();
    this.shownSince = start;
  }

  private emitCue(start: number, end: number): void {
    const cue: Cea708Cue = { service: this.service, start, end, text: this.shownText };
    if (this.shownSettings) cue.settings = this.shownSettings;
    this.emit(cue);
  }

  /** WebVTT settings from the anchor of the top-priority visible window. */
  private placement(): Record<string, string> | undefined {
    const top = this.windows.filter((w): w is Cea708Window => !!w && w.def.visible).sort((a, b) => a.def.priority - b.def.priority)[0];
    if (!top) return undefined;
    // Relative anchors are percentages; absolute ones are on a 75-row × 210-column (16:9) grid (§8.4.5).
    const v = top.def.relative ? top.def.anchorVertical : (top.def.anchorVertical * 100) / 75;
    const h = top.def.relative ? top.def.anchorHorizontal : (top.def.anchorHorizontal * 100) / 210;
    return { line: `${Math.round(Math.min(100, v))}%`, position: `${Math.round(Math.min(100, h))}%`, align: 'start' };
  }
}
