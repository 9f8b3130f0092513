import type { CapabilityCorrection, PlatformProfile } from './platform-profile.js';

/**
 * `isTypeSupported` answers corrected for a profile: its known-wrong answers
 * (capability corrections, per OS version), HDR the panel cannot show, and
 * byte streams that need sequence mode where it is broken. The platform's
 * own answer stands for everything else. What the web sink calls through
 * `MseSinkQuirks.isTypeSupported`, so track filtering and codec discovery in
 * the core see the corrected answers.
 */

/** SMPTE ST 2084 (PQ) and ARIB STD-B67 (HLG) in the codec strings' transferCharacteristics (ISO/IEC 23091-2). */
const TRANSFER = { 16: 'pq', 18: 'hlg' } as const;

/**
 * MSE appends these byte streams with generated timestamps, i.e. in
 * `sequence` mode (MSE byte-stream format registry: MPEG audio, ADTS AAC).
 */
const SEQUENCE_MODE_TYPES = ['audio/mpeg', 'audio/aac'];

/** The codecs of a `mime; codecs="a,b"` string (lowercase), or []. */
export function codecsOf(mimeCodecs: string): string[] {
  const m = /codecs\s*=\s*"?([^";]+)"?/i.exec(mimeCodecs);
  return m ? m[1]!.split(',').map((c) => c.trim().toLowerCase()).filter(Boolean) : [];
}

/**
 * The HDR transfer a codec string signals, or null (SDR or not signalled).
 * AV1 (`av01.P.LLT.DD.M.CCC.cp.tc…`) and VP9 (`vp09.PP.LL.DD.CC.cp.tc…`)
 * carry transferCharacteristics in the string; Dolby Vision sample entries
 * (`dvh1`, `dvhe`, `dav1`, `dva1`, `dvav`) are PQ-based. HEVC strings do not
 * say (the manifest's transfer property does).
 */
export function hdrTransferOf(codec: string): 'pq' | 'hlg' | null {
  const parts = codec.toLowerCase().split('.');
  if (/^(dvh1|dvhe|dav1|dva1|dvav)$/.test(parts[0]!)) return 'pq';
  const tc = parts[0] === 'av01' ? parts[7] : parts[0] === 'vp09' ? parts[6] : undefined;
  return tc === undefined ? null : (TRANSFER[Number(tc) as keyof typeof TRANSFER] ?? null);
}

function applies(c: CapabilityCorrection, mimeCodecs: string, codecs: string[], major: number | null): boolean {
  if (c.belowMajorVersion !== undefined && major !== null && major >= c.belowMajorVersion) return false;
  if (c.mimeCodecsPrefix !== undefined && mimeCodecs.startsWith(c.mimeCodecsPrefix)) return true;
  return c.codec !== undefined && codecs.some((x) => x.startsWith(c.codec!.toLowerCase()));
}

/**
 * The corrected answer for `mimeCodecs` on `profile` at OS `version` (as
 * detected; null = unknown, so version-bound corrections apply).
 */
export function typeSupportFor(profile: PlatformProfile, version: string | null = null): (mimeCodecs: string, platformAnswer: boolean) => boolean {
  const major = version !== null && /^\d+/.test(version) ? Number(/^\d+/.exec(version)![0]) : null;
  return (mimeCodecs, platformAnswer) => {
    const codecs = codecsOf(mimeCodecs);
    const fix = profile.capabilityCorrections.find((c) => applies(c, mimeCodecs, codecs, major));
    if (fix) return fix.supported;
    if (!platformAnswer) return false;
    if (codecs.some((c) => { const t = hdrTransferOf(c); return t !== null && !profile.hdr.includes(t); })) return false;
    const container = mimeCodecs.split(';')[0]!.trim().toLowerCase();
    if (!profile.quirks.supportsSequenceMode && SEQUENCE_MODE_TYPES.includes(container)) return false;
    return true;
  };
}
