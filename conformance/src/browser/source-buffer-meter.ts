/**
 * Watches every SourceBuffer of the page — whichever player created it — by
 * wrapping `SourceBuffer.prototype.appendBuffer` once: each append's bytes
 * and the ranges it added go into a ledger (model/buffer-ledger.ts), so a
 * soak can chart the ranges, buffered seconds and (estimated) bytes held
 * over time. A SourceBuffer whose MediaSource went away (its `buffered`
 * throws) is dropped at the next snapshot.
 */
import { heldBytes, liveEntries, normalize, subtract, totalSeconds, type LedgerEntry, type Range } from '../model/buffer-ledger.js';

/** What all live SourceBuffers hold now. */
export interface SourceBufferSnapshot {
  sourceBuffers: number;
  /** Buffered ranges, summed over the SourceBuffers (a growing count means gaps pile up). */
  ranges: number;
  /** Buffered seconds, summed over the SourceBuffers (audio + video). */
  bufferedSeconds: number;
  /** Estimated bytes held (see buffer-ledger.ts). */
  bytes: number;
  /** Bytes appended since the meter was installed. */
  appendedBytes: number;
}

/** The meter's reading side. */
export interface SourceBufferMeter {
  snapshot(): SourceBufferSnapshot;
}

const rangesOf = (sb: SourceBuffer): Range[] => Array.from({ length: sb.buffered.length }, (_, i): Range => [sb.buffered.start(i), sb.buffered.end(i)]);

let installed: SourceBufferMeter | null = null;

/** Installs the meter (once per page; later calls return the same one). Null where the page has no MSE. */
export function installSourceBufferMeter(): SourceBufferMeter | null {
  if (installed) return installed;
  const proto = (globalThis as { SourceBuffer?: { prototype: SourceBuffer } }).SourceBuffer?.prototype;
  if (!proto) return null;
  const ledgers = new Map<SourceBuffer, LedgerEntry[]>();
  let appended = 0;
  const original = proto.appendBuffer;
  proto.appendBuffer = function (this: SourceBuffer, data: BufferSource) {
    const bytes = data.byteLength;
    let before: Range[] = [];
    try {
      before = rangesOf(this);
    } catch {
      // Detached: the original call below throws the error the player expects.
    }
    original.call(this, data);
    appended += bytes;
    if (!ledgers.has(this) && ledgers.size >= 8) prune();
    this.addEventListener('updateend', () => {
      try {
        const after = rangesOf(this);
        const entries = liveEntries(ledgers.get(this) ?? [], after);
        entries.push({ bytes, ranges: subtract(after, before) });
        ledgers.set(this, entries);
      } catch {
        ledgers.delete(this);
      }
    }, { once: true });
  };
  /** SourceBuffers of players long destroyed would otherwise stay in the map until the next soak snapshot. */
  const prune = () => {
    for (const sb of ledgers.keys()) {
      try {
        void sb.buffered;
      } catch {
        ledgers.delete(sb);
      }
    }
  };
  installed = {
    snapshot() {
      const out: SourceBufferSnapshot = { sourceBuffers: 0, ranges: 0, bufferedSeconds: 0, bytes: 0, appendedBytes: appended };
      for (const [sb, entries] of ledgers) {
        let buffered: Range[];
        try {
          buffered = normalize(rangesOf(sb));
        } catch {
          ledgers.delete(sb);
          continue;
        }
        out.sourceBuffers++;
        out.ranges += buffered.length;
        out.bufferedSeconds += totalSeconds(buffered);
        out.bytes += heldBytes(entries, buffered);
      }
      out.bytes = Math.round(out.bytes);
      out.bufferedSeconds = Math.round(out.bufferedSeconds * 100) / 100;
      return out;
    },
  };
  return installed;
}
