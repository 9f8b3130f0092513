/**
 * An independent measure of SourceBuffer memory, installed in the page before
 * any script runs (`context.addInitScript(installBufferedBytesProbe)`): it
 * wraps `SourceBuffer.prototype.appendBuffer`, records how many bytes each
 * append added and which time span it added to `buffered`, and answers
 * `window.__bufferedBytes()` = Σ bytes of each append × the fraction of its
 * span still buffered. Browsers expose no byte count of a SourceBuffer, and
 * the player's own bookkeeping cannot be the oracle of its own budget, so
 * this lives outside the player. Accurate to one append (a segment): a
 * half-evicted segment counts half.
 */

/** What `window.__bufferedBytes()` returns. */
export interface BufferedBytesSample {
  /** Bytes of media still buffered, all SourceBuffers. */
  total: number;
  /** Per SourceBuffer (in creation order): bytes and buffered seconds. */
  buffers: { bytes: number; seconds: number }[];
}

/** Runs in the page (serialised by Playwright): must not reference anything outside its body. */
export function installBufferedBytesProbe(): void {
  type Span = { start: number; end: number };
  type Entry = { spans: Span[]; bytes: number };
  const ledgers = new Map<SourceBuffer, Entry[]>();
  const rangesOf = (sb: SourceBuffer): Span[] | null => {
    try {
      const out: Span[] = [];
      for (let i = 0; i < sb.buffered.length; i++) out.push({ start: sb.buffered.start(i), end: sb.buffered.end(i) });
      return out;
    } catch {
      return null; // removed from its MediaSource
    }
  };
  const overlap = (spans: Span[], ranges: Span[]): number => {
    let s = 0;
    for (const a of spans) for (const b of ranges) s += Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
    return s;
  };
  const subtract = (after: Span[], before: Span[]): Span[] => {
    const out: Span[] = [];
    for (const a of after) {
      let pieces: Span[] = [a];
      for (const b of before) {
        pieces = pieces.flatMap((p) => {
          if (b.end <= p.start || b.start >= p.end) return [p];
          const keep: Span[] = [];
          if (b.start > p.start) keep.push({ start: p.start, end: b.start });
          if (b.end < p.end) keep.push({ start: b.end, end: p.end });
          return keep;
        });
      }
      out.push(...pieces.filter((p) => p.end - p.start > 1e-3));
    }
    return out;
  };
  const original = SourceBuffer.prototype.appendBuffer;
  SourceBuffer.prototype.appendBuffer = function appendBuffer(this: SourceBuffer, data: BufferSource) {
    const before = rangesOf(this) ?? [];
    const bytes = data.byteLength;
    if (!ledgers.has(this)) ledgers.set(this, []);
    this.addEventListener('updateend', () => {
      const after = rangesOf(this);
      const spans = after ? subtract(after, before) : [];
      // Bytes that added no new time (an init segment, a re-append over buffered media) are not counted.
      if (spans.length) ledgers.get(this)?.push({ spans, bytes });
    }, { once: true });
    return original.call(this, data);
  };
  (window as unknown as { __bufferedBytes: () => unknown }).__bufferedBytes = () => {
    const buffers: { bytes: number; seconds: number }[] = [];
    for (const [sb, entries] of ledgers) {
      const ranges = rangesOf(sb);
      if (!ranges) {
        ledgers.delete(sb);
        continue;
      }
      let bytes = 0;
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i]!;
        const length = e.spans.reduce((s, p) => s + p.end - p.start, 0);
        const kept = Math.min(1, overlap(e.spans, ranges) / length);
        if (kept <= 0) entries.splice(i, 1); // evicted: forget it (keeps the ledger bounded over hours)
        else bytes += e.bytes * kept;
      }
      buffers.push({ bytes, seconds: ranges.reduce((s, r) => s + r.end - r.start, 0) });
    }
    return { total: buffers.reduce((s, b) => s + b.bytes, 0), buffers };
  };
}
