/**
 * MPEG-2 transport stream layer (ISO/IEC 13818-1 §2.4): 188-byte packets,
 * PAT → PMT → elementary PIDs, continuity counters, and PES reassembly across
 * packets with 33-bit PTS/DTS. It knows nothing about codecs: it hands whole
 * PES packets to the elementary-stream parsers.
 */
import { invalidMedia } from './errors.js';
import { classifyStream, type ElementaryStream } from './ts-stream-types.js';

const PACKET = 188;
const SYNC = 0x47;
/**
 * Largest PES we reassemble. A 4K HEVC IDR picture at 40 Mb/s is ~2-3 MB; 16 MiB
 * leaves room for anything a real encoder writes and still bounds memory on a
 * stream whose payload_unit_start flag never comes.
 */
export const MAX_PES_BYTES = 16 * 1024 * 1024;

/** A reassembled PES packet. Timestamps are raw 33-bit 90 kHz values. */
export interface PesPacket {
  pid: number;
  pts?: number;
  dts?: number;
  /** The elementary-stream payload (after the PES header). */
  data: Uint8Array;
  /** A continuity error happened inside this PES (bytes are missing). */
  damaged: boolean;
}

interface PidState {
  pid: number;
  cc: number;
  /** Payload ranges of the PES being reassembled, as [start, end) pairs into the current input. */
  ranges: number[];
  size: number;
  damaged: boolean;
  /** A PES has started on this PID (packets before the first payload_unit_start are skipped). */
  open: boolean;
}

const PID_COUNT = 8192;

/** Finds the first offset where packets line up on sync bytes (two in a row, or one if the input is a single packet). */
export function findSync(bytes: Uint8Array, from = 0): number {
  for (let i = from; i < bytes.length && i < from + PACKET * 4; i++) {
    if (bytes[i] !== SYNC) continue;
    if (i + PACKET >= bytes.length || bytes[i + PACKET] === SYNC) return i;
  }
  return -1;
}

/**
 * Stateful TS reader: keeps the PMT and per-PID continuity counters across
 * segments so a continuity break at a segment boundary is detected, and
 * forgets them on {@link reset} / discontinuity.
 */
export class TsDemuxer {
  private pmtPid = -1;
  /** PMT entries by PID; `null` until a PMT was read. */
  streams: Map<number, ElementaryStream> | null = null;
  /** Reassembly state by PID, for the PIDs the PMT lists (a flat array: this is the per-packet hot path). */
  private pids: Array<PidState | undefined> = new Array<PidState | undefined>(PID_COUNT);
  /** Set when the PMT changed since the caller last looked. */
  pmtChanged = false;
  readonly warnings: string[] = [];
  private input: Uint8Array = new Uint8Array(0);
  /**
   * One buffer per push that every reassembled PES of the push is a view of:
   * PES payloads never add up to more than the input, and one allocation
   * replaces hundreds (GC was ~9% of a 720p segment's transmux time before).
   * The transmuxer passes a reused one (scratch-arena.ts).
   */
  private arena: Uint8Array = new Uint8Array(0);
  private arenaUsed = 0;

  reset(): void {
    this.pmtPid = -1;
    this.streams = null;
    this.pids = new Array<PidState | undefined>(PID_COUNT);
    this.pmtChanged = false;
  }

  /** Continuity counters restart at a discontinuity; the PMT usually stays. */
  discontinuity(): void {
    for (const state of this.pids) if (state) state.open = false;
  }

  /**
   * Demuxes one segment. Returns every PES completed in it (the last PES of each
   * PID is flushed at the end: HLS segments end on PES boundaries).
   * @param arena where PES spanning TS packets are joined (the returned PES are
   *   views into it): at least `bytes.length` long, its contents are overwritten.
   */
  push(bytes: Uint8Array, arena: Uint8Array = new Uint8Array(bytes.length)): PesPacket[] {
    if (arena.length < bytes.length) throw new RangeError(`PES arena of ${arena.length} bytes for a ${bytes.length}-byte segment`);
    const out: PesPacket[] = [];
    this.input = bytes;
    this.arena = arena;
    this.arenaUsed = 0;
    let at = findSync(bytes);
    if (at < 0) throw invalidMedia('no MPEG-TS sync byte found', { length: bytes.length });
    while (at + PACKET <= bytes.length) {
      if (bytes[at] !== SYNC) {
        const next = findSync(bytes, at + 1);
        this.warnings.push(`lost TS sync at byte ${at}`);
        if (next < 0) break;
        at = next;
        continue;
      }
      this.packet(bytes, at, out);
      at += PACKET;
    }
    for (const state of this.pids) if (state) this.flush(state, out);
    this.input = new Uint8Array(0);
    this.arena = new Uint8Array(0);
    return out;
  }

  private packet(b: Uint8Array, at: number, out: PesPacket[]): void {
    const pusi = (b[at + 1] & 0x40) !== 0;
    const pid = ((b[at + 1] & 0x1f) << 8) | b[at + 2];
    const afc = (b[at + 3] >> 4) & 3;
    const cc = b[at + 3] & 0x0f;
    let payload = at + 4;
    let discontinuityIndicator = false;
    if (afc & 2) {
      const afLength = b[at + 4];
      if (afLength > 0) discontinuityIndicator = (b[at + 5] & 0x80) !== 0;
      payload += 1 + afLength;
    }
    const end = at + PACKET;
    if (!(afc & 1) || payload >= end) return; // no payload
    const state = this.pids[pid];
    if (state) {
      if (state.open) {
        const expected = (state.cc + 1) & 0x0f;
        if (cc === state.cc && !discontinuityIndicator) return; // duplicate packet (§2.4.3.3): drop
        if (cc !== expected && !discontinuityIndicator) {
          state.damaged = true;
          this.warnings.push(`continuity error on PID ${pid}: expected ${expected}, got ${cc}`);
        }
      }
      state.cc = cc;
      if (pusi) {
        this.flush(state, out);
        state.open = true;
      }
      if (!state.open) return; // joined mid-PES: wait for the next start
      state.size += end - payload;
      if (state.size > MAX_PES_BYTES) throw invalidMedia(`PES on PID ${pid} exceeds ${MAX_PES_BYTES} bytes`, { pid });
      state.ranges.push(payload, end);
      return;
    }
    if (pid === 0) return this.pat(b.subarray(payload, end), pusi);
    if (pid === this.pmtPid) return this.pmt(b.subarray(payload, end), pusi);
  }

  private flush(state: PidState, out: PesPacket[]): void {
    const ranges = state.ranges;
    if (ranges.length === 0) return;
    const src = this.input;
    let buf: Uint8Array;
    if (ranges.length === 2) buf = src.subarray(ranges[0], ranges[1]);
    else {
      const arena = this.arena;
      const start = this.arenaUsed;
      let o = start;
      for (let r = 0; r < ranges.length; r += 2) {
        arena.set(src.subarray(ranges[r], ranges[r + 1]), o);
        o += ranges[r + 1] - ranges[r];
      }
      this.arenaUsed = o;
      buf = arena.subarray(start, o);
    }
    ranges.length = 0;
    state.size = 0;
    const pid = state.pid;
    const pes = parsePes(pid, buf, state.damaged);
    if (pes) out.push(pes);
    else this.warnings.push(`malformed PES header on PID ${pid}`);
    state.damaged = false;
  }

  private pat(data: Uint8Array, pusi: boolean): void {
    const section = psiSection(data, pusi);
    if (!section) return;
    // program loop: program_number(16) reserved(3) PID(13); program 0 is the NIT.
    for (let i = 8; i + 4 <= section.length - 4; i += 4) {
      const program = (section[i] << 8) | section[i + 1];
      if (program === 0) continue;
      this.pmtPid = ((section[i + 2] & 0x1f) << 8) | section[i + 3];
      return;
    }
  }

  private pmt(data: Uint8Array, pusi: boolean): void {
    const s = psiSection(data, pusi);
    if (!s || s[0] !== 0x02 || s.length < 16) return;
    const programInfoLength = ((s[10] & 0x0f) << 8) | s[11];
    const streams = new Map<number, ElementaryStream>();
    const end = s.length - 4; // CRC_32
    for (let i = 12 + programInfoLength; i + 5 <= end; ) {
      const streamType = s[i];
      const pid = ((s[i + 1] & 0x1f) << 8) | s[i + 2];
      const infoLength = ((s[i + 3] & 0x0f) << 8) | s[i + 4];
      const descriptors = s.subarray(i + 5, Math.min(end, i + 5 + infoLength));
      streams.set(pid, { pid, streamType, ...classifyStream(streamType, descriptors) });
      i += 5 + infoLength;
    }
    if (!sameStreams(this.streams, streams)) {
      this.streams = streams;
      this.pmtChanged = true;
      const pids = new Array<PidState | undefined>(PID_COUNT);
      for (const pid of streams.keys()) pids[pid] = this.pids[pid] ?? { pid, cc: 0, ranges: [], size: 0, damaged: false, open: false };
      this.pids = pids;
    }
  }
}

function sameStreams(a: Map<number, ElementaryStream> | null, b: Map<number, ElementaryStream>): boolean {
  if (!a || a.size !== b.size) return false;
  for (const [pid, s] of b) if (a.get(pid)?.streamType !== s.streamType || a.get(pid)?.kind !== s.kind) return false;
  return true;
}

/**
 * The section bytes (table_id ... CRC) of a PSI packet that starts a section.
 * Sections spanning packets are not reassembled: PAT and PMT of HLS streams fit
 * in one packet (a PMT needs > 30 streams to overflow 183 bytes).
 */
function psiSection(data: Uint8Array, pusi: boolean): Uint8Array | null {
  if (!pusi || data.length < 1) return null;
  const start = 1 + data[0]; // pointer_field
  if (start + 3 > data.length) return null;
  const sectionLength = ((data[start + 1] & 0x0f) << 8) | data[start + 2];
  const end = start + 3 + sectionLength;
  if (end > data.length || sectionLength < 9) return null;
  return data.subarray(start, end);
}

/** Reads a 33-bit timestamp from 5 bytes (marker bits ignored). */
function timestamp(b: Uint8Array, at: number): number {
  return (
    ((b[at] & 0x0e) >> 1) * 2 ** 30 + (b[at + 1] << 22) + ((b[at + 2] & 0xfe) << 14) + (b[at + 3] << 7) + ((b[at + 4] & 0xfe) >> 1)
  );
}

/** Parses the PES header (§2.4.3.6). Returns `null` when there is no packet start code. */
export function parsePes(pid: number, b: Uint8Array, damaged: boolean): PesPacket | null {
  if (b.length < 9 || b[0] !== 0 || b[1] !== 0 || b[2] !== 1) return null;
  const ptsDtsFlags = b[7] >> 6;
  const headerEnd = 9 + b[8];
  if (headerEnd > b.length) return null;
  const pes: PesPacket = { pid, data: b.subarray(headerEnd), damaged };
  if (ptsDtsFlags & 2 && headerEnd >= 14) {
    pes.pts = timestamp(b, 9);
    pes.dts = ptsDtsFlags === 3 && headerEnd >= 19 ? timestamp(b, 14) : pes.pts;
  }
  // PES_packet_length (non-zero for audio) bounds the payload; trailing stuffing beyond it is dropped.
  const declared = (b[4] << 8) | b[5];
  if (declared > 0 && 6 + declared < b.length) pes.data = b.subarray(headerEnd, Math.max(headerEnd, 6 + declared));
  return pes;
}
