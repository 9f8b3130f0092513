import type { Track } from '../manifest/model.js';
import type { AbrContext, AbrDecision } from './abr-strategy.js';
import { formatBps, indexOfTrack, sortByBandwidth } from './track-ladder.js';

/** Tuning of {@link AbandonRule}. */
export interface AbandonRuleConfig {
  /**
   * The achieved rate is judged only once at least this many bytes arrived
   * AND `minBodyMs` of body time passed. The startup trace abandoned
   * after 0.3 s on a link that had already delivered the whole segment: a
   * rate taken over the first round trip and a few packets says nothing.
   * 64 KB is ~0.5 s of the 1 Mbit/s rung; rates below that take longer anyway.
   */
  minBytes: number;
  /** Body time (after the first byte) before the rate is judged, ms. */
  minBodyMs: number;
  /** Buffer (seconds) kept as margin when judging whether the transfer finishes in time. */
  marginS: number;
  /**
   * A transfer that has delivered (almost) nothing for this long is judged
   * anyway, at the rate it has achieved (0 without a first byte): an outage
   * is evidence too, and the lowest rung restarted when it ends finishes
   * sooner than the segment stuck at a high one.
   */
  stuckMs: number;
}

const DEFAULTS: AbandonRuleConfig = { minBytes: 64 * 1024, minBodyMs: 500, marginS: 1, stuckMs: 2000 };

/**
 * Whether a segment download should be abandoned for a lower rung: only when,
 * at the rate it is actually achieving (bytes over body time, both above the
 * evidence thresholds, and the lower of the whole-transfer and last-second
 * rates), it cannot finish before the buffer runs out, and restarting lower
 * finishes sooner than carrying on.
 */
export class AbandonRule {
  private readonly config: AbandonRuleConfig;
  private watched: { trackId: string; firstByteMs: number | null; lastEmptyMs: number; points: { elapsedMs: number; bytes: number }[] } = { trackId: '', firstByteMs: null, lastEmptyMs: 0, points: [] };

  constructor(config: Partial<AbandonRuleConfig> = {}) {
    this.config = { ...DEFAULTS, ...config };
  }

  check(context: AbrContext): AbrDecision | null {
    const flight = context.inFlight;
    if (!flight) return null;
    const sorted = sortByBandwidth(context.tracks);
    const position = indexOfTrack(sorted, flight.track);
    const seen = this.firstByteMs(flight.track.id, flight.elapsedMs, flight.bytesLoaded);
    if (position <= 0) return null;
    const rate = Math.max(context.playbackRate, 1e-3);
    const available = context.bufferLevel / rate - this.config.marginS;
    if (seen === null) {
      // No first byte yet: only a long silence with the buffer running out is evidence.
      if (flight.elapsedMs < this.config.stuckMs || flight.elapsedMs / 1000 < available) return null;
      return { track: sorted[0]!, reason: `abandon: no data for ${flight.elapsedMs} ms with ${context.bufferLevel.toFixed(1)} s buffered; restart at ${formatBps(sorted[0]!.bandwidth)}` };
    }
    const firstByteMs = seen;
    const bodyMs = flight.elapsedMs - firstByteMs;
    const enough = flight.bytesLoaded >= this.config.minBytes && bodyMs >= this.config.minBodyMs;
    if (!enough && bodyMs < this.config.stuckMs) return null;
    const average = (flight.bytesLoaded * 8 * 1000) / Math.max(1, bodyMs);
    const recent = this.recentRate();
    const bps = recent >= 0 ? Math.min(average, recent) : average;
    const totalBytes = flight.bytesTotal ?? (flight.track.bandwidth * flight.segmentDuration) / 8;
    if (!(bps > 0)) {
      return { track: sorted[0]!, reason: `abandon: transfer stalled for ${bodyMs} ms with ${context.bufferLevel.toFixed(1)} s buffered; restart at ${formatBps(sorted[0]!.bandwidth)}` };
    }
    const remainingS = (Math.max(0, totalBytes - flight.bytesLoaded) * 8) / bps;
    if (remainingS <= available) return null;
    let pick: Track = sorted[0]!;
    for (let i = position - 1; i >= 0; i--) {
      if ((sorted[i]!.bandwidth * flight.segmentDuration) / bps <= available) {
        pick = sorted[i]!;
        break;
      }
    }
    const restartS = (pick.bandwidth * flight.segmentDuration) / bps + firstByteMs / 1000;
    if (restartS >= remainingS) return null;
    return {
      track: pick,
      reason: `abandon: ${remainingS.toFixed(1)} s left at ${formatBps(bps)} (over ${Math.round(flight.bytesLoaded / 1024)} KB, ${bodyMs} ms) > ${context.bufferLevel.toFixed(1)} s buffered; restart at ${formatBps(pick.bandwidth)}`,
    };
  }

  reset(): void {
    this.watched = { trackId: '', firstByteMs: null, lastEmptyMs: 0, points: [] };
  }

  /** Records a progress point; returns when the first byte arrived (ms into the transfer), null before it. */
  private firstByteMs(trackId: string, elapsedMs: number, bytes: number): number | null {
    const w = this.watched;
    const last = w.points[w.points.length - 1];
    if (w.trackId !== trackId || (last && (elapsedMs < last.elapsedMs || bytes < last.bytes))) {
      this.watched = { trackId, firstByteMs: null, lastEmptyMs: 0, points: [] };
    }
    const v = this.watched;
    if (bytes <= 0) {
      v.lastEmptyMs = elapsedMs;
      return null;
    }
    // The last progress point without data bounds the first byte from below.
    if (v.firstByteMs === null) v.firstByteMs = v.lastEmptyMs;
    v.points.push({ elapsedMs, bytes });
    // Only the last ~second matters for the recent rate.
    while (v.points.length > 2 && elapsedMs - v.points[1]!.elapsedMs >= 1000) v.points.shift();
    return v.firstByteMs;
  }

  /** Bits/s over the last ≥ 1 s of progress; -1 without enough history. */
  private recentRate(): number {
    const points = this.watched.points;
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last) return -1;
    const span = last.elapsedMs - first.elapsedMs;
    return span >= 1000 ? ((last.bytes - first.bytes) * 8 * 1000) / span : -1;
  }
}
