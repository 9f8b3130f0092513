/**
 * One CTA-708 caption window (CTA-708-E §8.4): a grid of styled characters
 * with a pen, defined by DefineWindow and shown/hidden by window commands.
 * Bounded: at most {@link MAX_ROWS} × {@link MAX_COLUMNS} cells.
 */

/** Largest window the spec allows: 12 rows (row_count ≤ 11) × 42 columns (16:9). Kept at 15 rows for lenient streams. */
export const MAX_ROWS = 15;
export const MAX_COLUMNS = 42;

export interface PenStyle {
  italic: boolean;
  underline: boolean;
}

interface Cell {
  ch: string;
  pen: PenStyle;
}

/** DefineWindow parameters (§8.10.5.2). */
export interface WindowDefinition {
  visible: boolean;
  priority: number;
  relative: boolean;
  anchorVertical: number;
  anchorHorizontal: number;
  rowCount: number;
  columnCount: number;
}

export class Cea708Window {
  def: WindowDefinition;
  pen: PenStyle = { italic: false, underline: false };
  penRow = 0;
  penColumn = 0;
  private rows: (Cell | null)[][];

  constructor(def: WindowDefinition) {
    this.def = clampDefinition(def);
    this.rows = this.emptyRows();
  }

  /** A repeated DefineWindow updates attributes and keeps the text (§8.10.5.2); the grid is resized. */
  redefine(def: WindowDefinition): void {
    const old = this.rows;
    this.def = clampDefinition(def);
    this.rows = this.emptyRows();
    for (let r = 0; r < Math.min(old.length, this.rows.length); r++) {
      for (let c = 0; c < this.def.columnCount; c++) this.rows[r]![c] = old[r]![c] ?? null;
    }
    this.penRow = Math.min(this.penRow, this.def.rowCount - 1);
    this.penColumn = Math.min(this.penColumn, this.def.columnCount - 1);
  }

  write(ch: string): void {
    this.rows[this.penRow]![this.penColumn] = { ch, pen: this.pen };
    // At the right edge the pen stays and further characters overwrite the last cell (no word wrap).
    if (this.penColumn < this.def.columnCount - 1) this.penColumn++;
  }

  backspace(): void {
    if (this.penColumn > 0) this.penColumn--;
    this.rows[this.penRow]![this.penColumn] = null;
  }

  /** CR: next row, scrolling the window up at the bottom. */
  carriageReturn(): void {
    this.penColumn = 0;
    if (this.penRow < this.def.rowCount - 1) {
      this.penRow++;
      return;
    }
    this.rows.shift();
    this.rows.push(new Array<Cell | null>(this.def.columnCount).fill(null));
  }

  /** HCR: clear the current row, pen to its start. */
  horizontalCarriageReturn(): void {
    this.rows[this.penRow] = new Array<Cell | null>(this.def.columnCount).fill(null);
    this.penColumn = 0;
  }

  clear(): void {
    this.rows = this.emptyRows();
    this.penRow = 0;
    this.penColumn = 0;
  }

  setPenLocation(row: number, column: number): void {
    this.penRow = Math.min(row, this.def.rowCount - 1);
    this.penColumn = Math.min(column, this.def.columnCount - 1);
  }

  /** Non-blank rows as WebVTT-marked-up text, trailing blanks trimmed. */
  text(): string {
    const lines: string[] = [];
    for (const row of this.rows) {
      let last = row.length - 1;
      while (last >= 0 && (!row[last] || row[last]!.ch === ' ')) last--;
      if (last < 0) continue;
      let line = '';
      let open: PenStyle = { italic: false, underline: false };
      for (let c = 0; c <= last; c++) {
        const cell = row[c];
        const pen = cell?.pen ?? open;
        if (pen.italic !== open.italic || pen.underline !== open.underline) {
          if (open.underline) line += '</u>';
          if (open.italic) line += '</i>';
          if (pen.italic) line += '<i>';
          if (pen.underline) line += '<u>';
          open = pen;
        }
        const ch = cell?.ch ?? ' ';
        line += ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : ch;
      }
      if (open.underline) line += '</u>';
      if (open.italic) line += '</i>';
      lines.push(line.trimStart());
    }
    return lines.join('\n');
  }

  private emptyRows(): (Cell | null)[][] {
    return Array.from({ length: this.def.rowCount }, () => new Array<Cell | null>(this.def.columnCount).fill(null));
  }
}

function clampDefinition(d: WindowDefinition): WindowDefinition {
  return { ...d, rowCount: Math.max(1, Math.min(MAX_ROWS, d.rowCount)), columnCount: Math.max(1, Math.min(MAX_COLUMNS, d.columnCount)) };
}
