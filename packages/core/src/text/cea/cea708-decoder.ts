/**
 * CTA-708 (DTVCC) transport: cc_data triples of type 3 (packet start) and 2
 * (packet data) form caption channel packets (CTA-708-E §5); each packet holds
 * service blocks (§6.2) routed to a {@link Cea708Service}. Services are created
 * on first use (at most 63), so memory is bounded by 63 × 8 windows.
 */
import type { CcTriple } from './cea608-decoder.js';
import { Cea708Service, type Cea708Cue } from './cea708-service.js';

/** Same bound as the 608 decoder's pending cues (see MAX_PENDING_CUES there). */
const MAX_PENDING_CUES = 4096;

export class Cea708Decoder {
  private readonly services = new Map<number, Cea708Service>();
  private packet: number[] = [];
  private packetPts = 0;
  private pending: Cea708Cue[] = [];
  private lastPts = 0;

  /** Feeds cc_data triples in presentation order; 608 triples (types 0/1) are ignored here. */
  pushCcData(triples: readonly CcTriple[]): void {
    for (const t of triples) {
      if (!Number.isFinite(t.pts)) continue;
      this.lastPts = t.pts;
      if (t.type === 3) {
        this.endPacket();
        this.packetPts = t.pts;
        this.packet = [t.b1, t.b2];
      } else if (t.type === 2 && this.packet.length) {
        this.packet.push(t.b1, t.b2);
      } else continue;
      if (this.packet.length >= packetSize(this.packet[0]!)) this.endPacket();
    }
  }

  /** Ends what every service shows at `pts` (default: the last time seen). */
  flush(pts = this.lastPts): void {
    this.endPacket();
    for (const s of this.services.values()) s.flush(pts);
  }

  takeCues(): Cea708Cue[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private endPacket(): void {
    const p = this.packet;
    this.packet = [];
    if (p.length < 2) return;
    const size = Math.min(p.length, packetSize(p[0]!));
    let i = 1;
    while (i < size) {
      let service = p[i]! >> 5;
      const blockSize = p[i]! & 0x1f;
      i++;
      if (service === 7) {
        if (i >= size) return;
        service = p[i]! & 0x3f;
        i++;
      }
      if (service === 0 || blockSize === 0) return; // null block: the rest is padding
      const end = Math.min(size, i + blockSize);
      this.serviceOf(service).push(Uint8Array.from(p.slice(i, end)), this.packetPts);
      i = end;
    }
  }

  private serviceOf(n: number): Cea708Service {
    let s = this.services.get(n);
    if (!s) {
      s = new Cea708Service(n, (cue) => {
        if (this.pending.length >= MAX_PENDING_CUES) this.pending.shift();
        this.pending.push(cue);
      });
      this.services.set(n, s);
    }
    return s;
  }
}

/** Packet bytes including the header: packet_size_code × 2, where 0 means 128 (§5). */
function packetSize(header: number): number {
  const code = header & 0x3f;
  return code === 0 ? 128 : code * 2;
}
