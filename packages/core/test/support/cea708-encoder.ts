/**
 * A CTA-708 (DTVCC) encoder for tests: window commands and text → service
 * blocks → caption channel packets → cc_data triples (type 3 then 2), from
 * CTA-708-E §5–8.
 */
import type { CcTriple } from '../../src/text/cea/cea608-decoder.js';

export interface WindowSpec {
  visible?: boolean;
  rows: number;
  columns: number;
  priority?: number;
  relative?: boolean;
  anchorVertical?: number;
  anchorHorizontal?: number;
}

/** DefineWindow DFn (0x98 + id) with its six parameter bytes. */
export function defineWindow(id: number, w: WindowSpec): number[] {
  return [
    0x98 + id,
    (w.visible ? 0x20 : 0) | 0x18 | ((w.priority ?? 0) & 7), // visible, row lock, column lock, priority
    (w.relative ? 0x80 : 0) | ((w.anchorVertical ?? 0) & 0x7f),
    (w.anchorHorizontal ?? 0) & 0xff,
    ((w.rows - 1) & 0x0f),
    (w.columns - 1) & 0x3f,
    0x00,
  ];
}

export const DSW = (bitmap: number) => [0x89, bitmap];
export const HDW = (bitmap: number) => [0x8a, bitmap];
export const CLW = (bitmap: number) => [0x88, bitmap];
export const DLW = (bitmap: number) => [0x8c, bitmap];
export const CW = (id: number) => [0x80 + id];
export const SPA = (italic: boolean, underline: boolean) => [0x90, 0x05, (italic ? 0x80 : 0) | (underline ? 0x40 : 0)];
export const SPL = (row: number, column: number) => [0x92, row, column];
export const CR = [0x0d];
export const ETX = [0x03];
/** Latin-1 text (G0/G1); '♪' is G0 0x7F, '…' and '™' go through EXT1 (G2). */
export function text(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    if (ch === '♪') out.push(0x7f);
    else if (ch === '…') out.push(0x10, 0x25);
    else if (ch === '™') out.push(0x10, 0x39);
    else out.push(ch.charCodeAt(0) & 0xff);
  }
  return out;
}

/** One service block (standard header for services 1–6, extended for 7–63). */
export function serviceBlock(service: number, data: number[]): number[] {
  if (data.length > 31) throw new Error('service block holds at most 31 bytes');
  return service < 7 ? [(service << 5) | data.length, ...data] : [(7 << 5) | data.length, service & 0x3f, ...data];
}

/** A caption channel packet: header (sequence, size code) + blocks, padded to an even size. */
export function packet(sequence: number, blocks: number[][]): number[] {
  const body = blocks.flat();
  let size = 1 + body.length;
  if (size % 2) size++;
  if (size > 128) throw new Error('packet too large');
  const out = [((sequence & 3) << 6) | ((size / 2) & 0x3f), ...body];
  while (out.length < size) out.push(0);
  return out;
}

/** A packet as cc_data triples at `pts`. */
export function packetTriples(bytes: number[], pts: number): CcTriple[] {
  const out: CcTriple[] = [];
  for (let i = 0; i < bytes.length; i += 2) out.push({ pts, type: i === 0 ? 3 : 2, b1: bytes[i]!, b2: bytes[i + 1] ?? 0 });
  return out;
}

/** Timed service-1 data split into packets of ≤ 31 bytes per block, one packet per entry. */
export function script708(entries: Array<[number, number[]]>, service = 1): CcTriple[] {
  const out: CcTriple[] = [];
  let seq = 0;
  for (const [t, data] of entries) {
    for (let i = 0; i < data.length; i += 31) out.push(...packetTriples(packet(seq++, [serviceBlock(service, data.slice(i, i + 31))]), t));
  }
  return out;
}
