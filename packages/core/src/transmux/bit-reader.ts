/**
 * MSB-first bit reader with Exp-Golomb codes (ITU-T H.264 §9.1), over an RBSP
 * (emulation-prevention bytes already removed, see {@link nalToRbsp}).
 * Reading past the end throws a {@link RangeError} that parsers turn into a
 * typed error; it never returns garbage silently or loops.
 */
export class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Uint8Array) {}

  /** Bits left to read. */
  get remaining(): number {
    return this.bytes.length * 8 - this.bit;
  }

  /** Reads `n` ≤ 32 bits as an unsigned integer. */
  bits(n: number): number {
    if (n > this.remaining) throw new RangeError('bitstream truncated');
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[this.bit >> 3];
      v = v * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return v;
  }

  flag(): boolean {
    return this.bits(1) === 1;
  }

  skip(n: number): void {
    if (n > this.remaining) throw new RangeError('bitstream truncated');
    this.bit += n;
  }

  /** Unsigned Exp-Golomb `ue(v)`. More than 31 leading zeros is not a valid code in any field we read. */
  ue(): number {
    let zeros = 0;
    while (this.bits(1) === 0) {
      if (++zeros > 31) throw new RangeError('Exp-Golomb code too long');
    }
    return zeros === 0 ? 0 : 2 ** zeros - 1 + this.bits(zeros);
  }

  /** Signed Exp-Golomb `se(v)`. */
  se(): number {
    const k = this.ue();
    return k & 1 ? (k + 1) / 2 : -k / 2;
  }
}

/**
 * Removes emulation-prevention bytes (`00 00 03` → `00 00`, H.264 §7.4.1).
 * Only the header-sized prefix that parsers need is converted (`limit`), so an
 * SPS parse never copies a whole slice.
 */
export function nalToRbsp(nal: Uint8Array, limit = nal.length): Uint8Array {
  const end = Math.min(limit, nal.length);
  const out = new Uint8Array(end);
  let n = 0;
  let zeros = 0;
  for (let i = 0; i < end; i++) {
    const b = nal[i];
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    zeros = b === 0 ? zeros + 1 : 0;
    out[n++] = b;
  }
  return out.subarray(0, n);
}
