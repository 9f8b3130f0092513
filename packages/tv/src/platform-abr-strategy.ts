import type { AbrContext, AbrDecision, AbrStrategy, Track } from '@edgeplay/core';

/**
 * Sample entries that are one decoder configuration for a codec switch
 * (`avc1`/`avc3` differ only in where the parameter sets live; `hvc1`/`hev1`
 * likewise).
 */
const FAMILY: Record<string, string> = { avc1: 'avc', avc3: 'avc', hvc1: 'hevc', hev1: 'hevc', dvh1: 'dv', dvhe: 'dv', vp09: 'vp9', vp9: 'vp9', av01: 'av1' };

/** The codec family of a track (`avc`, `hevc`…, the sample-entry name otherwise); null without codecs. */
export function codecFamilyOf(track: Pick<Track, 'codecs'>): string | null {
  const first = track.codecs?.split(',')[0]?.trim().split('.')[0]?.toLowerCase();
  return first ? (FAMILY[first] ?? first) : null;
}

/** What {@link PlatformAbrStrategy} keeps ABR away from. */
export interface PlatformTrackLimits {
  /** Never leave the codec family being played (profile quirk `codecSwitch: 'same-codec-only'`). */
  sameCodecFamily: boolean;
  /** HDR transfers the panel shows; tracks whose manifest says PQ/HLG outside this list are not chosen. */
  hdr: readonly ('pq' | 'hlg')[];
}

/**
 * An ABR strategy that only lets the inner strategy see the tracks this
 * platform can switch to: the current track's codec family where codec
 * switching is not trusted (so the buffer never needs `changeType`), and
 * no HDR the panel cannot show (the manifest's transfer, `Track.hdr` —
 * HEVC codec strings do not carry it, so the sink's type check cannot see
 * it). A limit that would leave no candidate is dropped (playing something
 * beats playing nothing). Before the first track (no current), every
 * family is open.
 */
export class PlatformAbrStrategy implements AbrStrategy {
  readonly name: string;
  readonly ownsHysteresis?: boolean;

  constructor(
    private readonly inner: AbrStrategy,
    private readonly limits: PlatformTrackLimits,
  ) {
    this.name = `${inner.name}+platform`;
    if (inner.ownsHysteresis !== undefined) this.ownsHysteresis = inner.ownsHysteresis;
  }

  chooseTrack(context: AbrContext): AbrDecision | Promise<AbrDecision> {
    return this.inner.chooseTrack(this.narrow(context));
  }

  shouldAbandon(context: AbrContext): AbrDecision | null {
    return this.inner.shouldAbandon?.(this.narrow(context)) ?? null;
  }

  reset(): void {
    this.inner.reset?.();
  }

  /** `context` with only the tracks the platform can switch to. */
  private narrow(context: AbrContext): AbrContext {
    let tracks = context.tracks;
    const keep = (test: (t: Track) => boolean) => {
      const kept = tracks.filter(test);
      if (kept.length > 0) tracks = kept;
    };
    keep((t) => t.hdr === undefined || t.hdr === 'SDR' || this.limits.hdr.includes(t.hdr === 'PQ' ? 'pq' : 'hlg'));
    const family = this.limits.sameCodecFamily && context.current ? codecFamilyOf(context.current) : null;
    if (family) keep((t) => codecFamilyOf(t) === family);
    return tracks.length === context.tracks.length ? context : { ...context, tracks };
  }
}
