/**
 * One reusable PES reassembly buffer per thread (JS realm). Every transmuxer
 * push needs a buffer the size of its segment to join PES packets spanning TS
 * packets ({@link TsDemuxer.push}); a fresh 2.4 MB buffer per 720p segment was
 * a large part of the GC work: reusing one cut the median 720p push from 3.9
 * to 3.2 ms (node, interleaved A/B over 400 pushes, `bench:transmux` TS).
 *
 * Ownership is handed over, not shared: {@link takeScratch} gives the buffer
 * away, and only a push that completed (every view into the buffer consumed
 * and copied into the output) hands it back with {@link returnScratch}. A push
 * that throws keeps it, so views a parser may still hold from the failed push
 * are never overwritten by the next one. Pushes are synchronous, so one spare
 * per thread serves any number of transmuxers.
 */

/**
 * Largest buffer kept between pushes. 16 MiB holds a 10 s 4K segment at
 * ~12 Mb/s; a larger segment gets a buffer of its own that the GC takes back,
 * so an odd huge segment does not pin its size in memory for good.
 */
export const MAX_KEPT_SCRATCH_BYTES = 16 * 1024 * 1024;

let spare: Uint8Array | null = null;

/** A buffer of at least `size` bytes, owned by the caller until returned. Its contents are garbage. */
export function takeScratch(size: number): Uint8Array {
  const s = spare;
  if (s && s.length >= size) {
    spare = null;
    return s;
  }
  return new Uint8Array(size);
}

/** Gives a buffer back for the next push; call only when nothing refers to its bytes any more. */
export function returnScratch(buffer: Uint8Array): void {
  if (buffer.length > MAX_KEPT_SCRATCH_BYTES) return;
  if (!spare || spare.length < buffer.length) spare = buffer;
}
