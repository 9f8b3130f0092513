/**
 * A minimal MPEG-2 TS writer for tests (ISO/IEC 13818-1 §2.4.3, §2.4.4),
 * written from the spec independently of the demuxer: PAT, PMT (with CRC-32),
 * and PES packetised into 188-byte packets with adaptation-field stuffing.
 * Used to build streams ffmpeg does not write (ID3 timed metadata PIDs).
 */

function crc32Mpeg2(bytes: number[]): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b << 24;
    for (let i = 0; i < 8; i++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

function section(tableId: number, idExt: number, body: number[]): number[] {
  const length = 5 + body.length + 4;
  const head = [tableId, 0xb0 | (length >> 8), length & 0xff, idExt >> 8, idExt & 0xff, 0xc1, 0, 0, ...body];
  const crc = crc32Mpeg2(head);
  return [...head, crc >>> 24, (crc >> 16) & 255, (crc >> 8) & 255, crc & 255];
}

export class TsWriter {
  private readonly cc = new Map<number, number>();
  private readonly packets: Uint8Array[] = [];

  private packet(pid: number, pusi: boolean, payload: number[] | Uint8Array): void {
    const p = new Uint8Array(188).fill(0xff);
    const cc = this.cc.get(pid) ?? 0;
    this.cc.set(pid, (cc + 1) & 15);
    p[0] = 0x47;
    p[1] = (pusi ? 0x40 : 0) | (pid >> 8);
    p[2] = pid & 0xff;
    const room = 184;
    if (payload.length >= room) {
      p[3] = 0x10 | cc;
      p.set(payload.slice(0, room), 4);
      return void this.packets.push(p);
    }
    // adaptation field stuffing: length byte + flags + 0xff…
    const stuffing = room - payload.length;
    p[3] = 0x30 | cc;
    p[4] = stuffing - 1;
    if (stuffing > 1) p[5] = 0;
    p.set(payload, 4 + stuffing);
    this.packets.push(p);
  }

  pat(pmtPid: number): this {
    this.packet(0, true, [0, ...section(0, 1, [0, 1, 0xe0 | (pmtPid >> 8), pmtPid & 0xff])]);
    return this;
  }

  pmt(pmtPid: number, streams: Array<{ pid: number; type: number; descriptors?: number[] }>): this {
    const body = [0xe0 | (streams[0].pid >> 8), streams[0].pid & 0xff, 0xf0, 0];
    for (const s of streams) {
      const d = s.descriptors ?? [];
      body.push(s.type, 0xe0 | (s.pid >> 8), s.pid & 0xff, 0xf0 | (d.length >> 8), d.length & 0xff, ...d);
    }
    this.packet(pmtPid, true, [0, ...section(2, 1, body)]);
    return this;
  }

  /** One PES with a PTS (90 kHz, 33-bit), split across as many packets as needed. */
  pes(pid: number, streamId: number, pts: number, payload: Uint8Array): this {
    const p = pts % 2 ** 33;
    const ts = [0x21 | (Math.floor(p / 2 ** 30) << 1), (p >> 22) & 0xff, ((p >> 14) & 0xfe) | 1, (p >> 7) & 0xff, ((p << 1) & 0xfe) | 1];
    const len = 3 + 5 + payload.length;
    const header = [0, 0, 1, streamId, len > 0xffff ? 0 : len >> 8, len > 0xffff ? 0 : len & 0xff, 0x80, 0x80, 5, ...ts];
    const all = new Uint8Array(header.length + payload.length);
    all.set(header);
    all.set(payload, header.length);
    for (let at = 0; at < all.length; at += 184) this.packet(pid, at === 0, all.subarray(at, at + 184));
    return this;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.packets.length * 188);
    this.packets.forEach((p, i) => out.set(p, i * 188));
    return out;
  }
}
