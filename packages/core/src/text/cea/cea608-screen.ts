/**
 * One CEA-608 caption memory (displayed or non-displayed): a 15-row ×
 * 32-column grid of styled characters (CTA-608-E §B.1). Fixed size, so a
 * decoder's memory is bounded whatever it is fed.
 */

export const ROWS = 15;
export const COLUMNS = 32;

/** 608 foreground colours (PAC / mid-row codes), in code order. */
export const COLOURS = ['white', 'green', 'blue', 'cyan', 'red', 'yellow', 'magenta'] as const;
export type CaptionColour = (typeof COLOURS)[number];

/** Pen style of one character. */
export interface CaptionStyle {
  colour: CaptionColour;
  italic: boolean;
  underline: boolean;
}

export const DEFAULT_STYLE: CaptionStyle = Object.freeze({ colour: 'white', italic: false, underline: false });

interface Cell {
  ch: string;
  style: CaptionStyle;
}

/** One row of a rendered caption: 0-based row and column of its first character. */
export interface CaptionRow {
  row: number;
  column: number;
  /** Text with WebVTT markup for styles (`<i>`, `<u>`, `<c.yellow>`). */
  text: string;
  /** Plain text, no markup. */
  plain: string;
}

/** A caption memory. Rows and columns are 0-based here (608 row 1 is index 0). */
export class CaptionScreen {
  private cells: (Cell | null)[][] = emptyGrid();

  clear(): void {
    this.cells = emptyGrid();
  }

  isEmpty(): boolean {
    return this.cells.every((r) => r.every((c) => c === null || c.ch === ' '));
  }

  /** Writes `ch` at (row, column); out-of-range positions are ignored. */
  put(row: number, column: number, ch: string, style: CaptionStyle): void {
    if (row < 0 || row >= ROWS || column < 0 || column >= COLUMNS) return;
    this.cells[row]![column] = { ch, style };
  }

  erase(row: number, column: number): void {
    if (row < 0 || row >= ROWS || column < 0 || column >= COLUMNS) return;
    this.cells[row]![column] = null;
  }

  /** Delete to end of row (DER). */
  eraseToEnd(row: number, column: number): void {
    for (let c = Math.max(0, column); c < COLUMNS; c++) this.erase(row, c);
  }

  clearRow(row: number): void {
    if (row >= 0 && row < ROWS) this.cells[row] = new Array<Cell | null>(COLUMNS).fill(null);
  }

  /** Roll-up carriage return: rows `base-depth+2 … base` move up one, `base` becomes empty, rows above the window are cleared. */
  rollUp(base: number, depth: number): void {
    const top = Math.max(0, base - depth + 1);
    for (let r = 0; r < top; r++) this.clearRow(r);
    for (let r = top; r < base; r++) this.cells[r] = this.cells[r + 1]!;
    this.cells[base] = new Array<Cell | null>(COLUMNS).fill(null);
  }

  /** Moves the roll-up window (`depth` rows ending at `from`) so it ends at `to`; everything else is cleared. */
  moveWindow(from: number, to: number, depth: number): void {
    const kept: (Cell | null)[][] = [];
    for (let i = depth - 1; i >= 0; i--) kept.push(this.cells[from - i] ?? new Array<Cell | null>(COLUMNS).fill(null));
    this.clear();
    kept.forEach((row, i) => {
      const r = to - (depth - 1) + i;
      if (r >= 0 && r < ROWS) this.cells[r] = row;
    });
  }

  /** Swaps contents with `other` (EOC flips displayed and non-displayed memory). */
  swap(other: CaptionScreen): void {
    const t = this.cells;
    this.cells = other.cells;
    other.cells = t;
  }

  /** Non-empty rows, top to bottom, trailing and leading blanks trimmed. */
  rows(): CaptionRow[] {
    const out: CaptionRow[] = [];
    for (let r = 0; r < ROWS; r++) {
      const line = this.cells[r]!;
      let first = -1;
      let last = -1;
      for (let c = 0; c < COLUMNS; c++) {
        const cell = line[c];
        if (cell && cell.ch !== ' ' && cell.ch !== '\u00a0') {
          if (first < 0) first = c;
          last = c;
        }
      }
      if (first < 0) continue;
      out.push({ row: r, column: first, ...renderRow(line.slice(first, last + 1)) });
    }
    return out;
  }
}

function emptyGrid(): (Cell | null)[][] {
  return Array.from({ length: ROWS }, () => new Array<Cell | null>(COLUMNS).fill(null));
}

/** WebVTT class names for 608 colours (WebVTT's default colour classes; 608 green is (0,255,0) = `lime`). */
const VTT_COLOUR: Readonly<Record<CaptionColour, string>> = {
  white: '', green: 'lime', blue: 'blue', cyan: 'cyan', red: 'red', yellow: 'yellow', magenta: 'magenta',
};

function renderRow(cells: (Cell | null)[]): { text: string; plain: string } {
  let text = '';
  let plain = '';
  let open: CaptionStyle = DEFAULT_STYLE;
  const close = () => {
    if (open.underline) text += '</u>';
    if (open.italic) text += '</i>';
    if (VTT_COLOUR[open.colour]) text += '</c>';
  };
  for (const cell of cells) {
    const ch = cell?.ch ?? ' ';
    const style = cell?.style ?? open; // a gap keeps the current style (no markup churn)
    if (style.colour !== open.colour || style.italic !== open.italic || style.underline !== open.underline) {
      close();
      if (VTT_COLOUR[style.colour]) text += `<c.${VTT_COLOUR[style.colour]}>`;
      if (style.italic) text += '<i>';
      if (style.underline) text += '<u>';
      open = style;
    }
    text += ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : ch;
    plain += ch;
  }
  close();
  return { text, plain };
}
