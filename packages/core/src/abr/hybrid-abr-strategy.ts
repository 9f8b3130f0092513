import type { Track } from '../manifest/model.js';
import type { AbrContext, AbrDecision, AbrStrategy } from './abr-strategy.js';
import { formatBps, highestFitting, indexOfTrack, sortByBandwidth } from './track-ladder.js';

/** Tuning of {@link HybridAbrStrategy}. */
export interface HybridAbrConfig {
  /**
   * Below this buffer (seconds) — and at startup or while rebuffering — the
   * throughput rule decides, because BOLA with an empty buffer would always
   * pick the lowest track and make every start look bad.
   */
  throughputGuardS: number;
  /** Safety factor of the throughput rule under the guard. */
  startupSafetyFactor: number;
  /** BOLA never picks a track above `capFactor × estimate` when the buffer is at the guard level. */
  capFactor: number;
  /**
   * With more buffer the cap loosens: one segment downloaded at the estimate
   * may take up to the buffer surplus over the guard, so the cap is
   * `estimate × clamp((buffer − guard) / segmentDuration, capFactor, capMaxFactor)`.
   * A full buffer can afford a track somewhat above the estimate (BOLA steps
   * back down as it drains); a thin one cannot.
   */
  capMaxFactor: number;
  /**
   * Above the guard, BOLA is never allowed below what `floorFactor × estimate`
   * sustains: when bandwidth is plentiful but the buffer is still moderate,
   * BOLA alone would hold quality needlessly low. 0 disables the floor.
   */
  floorFactor: number;
  /** BOLA's lower buffer anchor, as a fraction of the buffer goal (clamped to [segment, 10 s]). */
  lowFraction: number;
  /** Buffer level, as a fraction of the goal, at which BOLA's top track is reached. */
  highFraction: number;
  /** Abandon only after this much of the in-flight transfer has elapsed (ms), so the rate seen is meaningful. */
  abandonMinElapsedMs: number;
  /** Keep this many seconds of buffer as margin when judging whether a download still finishes in time. */
  abandonMarginS: number;
  /**
   * Near the end of a VOD presentation, the buffer that would be left over
   * when the last segment arrives is quality thrown away. When the rest of the
   * presentation, fetched at a track at `endgameSafetyFactor × estimate`,
   * still arrives before the buffer runs dry (see `endgameChoice`), that
   * track may be used even above BOLA's pick. 0 disables it.
   */
  endgameSafetyFactor: number;
}

const DEFAULTS: HybridAbrConfig = {
  throughputGuardS: 10,
  startupSafetyFactor: 0.8,
  capFactor: 1,
  capMaxFactor: 2,
  floorFactor: 0.5,
  lowFraction: 0.33,
  highFraction: 0.8,
  abandonMinElapsedMs: 300,
  abandonMarginS: 1,
  endgameSafetyFactor: 0.8,
};

/**
 * The default ABR: BOLA (Spiteri, Urgaonkar, Sitaraman, INFOCOM 2016)
 * buffer-utility maximisation with throughput safeguards.
 *
 * BOLA picks the track m maximising `(V·(u_m + γ) − Q) / S_m`, where `u_m =
 * ln(S_m / S_1)` is the utility of bitrate S_m, Q the buffer level in
 * seconds and V, γ derived from two anchors: the buffer at which the lowest
 * track stops being preferred (`low`) and the one at which the highest becomes
 * preferred (`high`): `V = (high − low) / u_M`, `γ = low / V`. Being driven by
 * the buffer, it needs no bandwidth estimate in steady state and is provably
 * near-optimal in utility minus rebuffering.
 *
 * Safeguards:
 * - Startup, rebuffering or buffer under `throughputGuardS`: the throughput
 *   rule (`startupSafetyFactor × estimate`) decides — BOLA would otherwise start
 *   at the bottom of the ladder every time.
 * - Throughput cap: never above `capFactor × estimate`.
 * - Throughput floor: never below `floorFactor × estimate` above the guard.
 * - {@link shouldAbandon}: a segment download that, at the rate it is actually
 *   getting, cannot finish before the buffer runs out is abandoned for the
 *   highest lower track that can.
 */
export class HybridAbrStrategy implements AbrStrategy {
  readonly name = 'hybrid';
  private readonly config: HybridAbrConfig;
  /** Progress points (elapsed ms, bytes) of the transfer being watched, to see its recent rate. */
  private progress: { trackId: string; points: { elapsedMs: number; bytes: number }[] } = { trackId: '', points: [] };

  constructor(config: Partial<HybridAbrConfig> = {}) {
    this.config = { ...DEFAULTS, ...config };
  }

  chooseTrack(context: AbrContext): AbrDecision {
    const sorted = sortByBandwidth(context.tracks);
    const rate = Math.max(context.playbackRate, 1e-3);
    const estimate = context.estimatedBandwidth / rate;
    const known = estimate > 0 && Number.isFinite(estimate);

    if (context.startingUp || context.rebuffering || context.bufferLevel < this.config.throughputGuardS) {
      const track = highestFitting(sorted, estimate * this.config.startupSafetyFactor);
      const why = context.startingUp ? 'startup' : context.rebuffering ? 'rebuffering' : `buffer ${context.bufferLevel.toFixed(1)} s < guard`;
      return {
        track,
        reason: known
          ? `hybrid/throughput (${why}): ${formatBps(context.estimatedBandwidth)} × ${this.config.startupSafetyFactor} fits ${formatBps(track.bandwidth)}`
          : `hybrid/throughput (${why}): no estimate, lowest track`,
      };
    }

    const bola = this.bolaChoice(sorted, context);
    let track = bola;
    let reason = `hybrid/bola: buffer ${context.bufferLevel.toFixed(1)} s → ${formatBps(bola.bandwidth)}`;
    if (known) {
      const surplus = (context.bufferLevel - this.config.throughputGuardS) / Math.max(context.segmentDuration, 0.1);
      const capFactor = Math.min(Math.max(this.config.capFactor, surplus), Math.max(this.config.capFactor, this.config.capMaxFactor));
      const cap = highestFitting(sorted, estimate * capFactor);
      const floor = this.config.floorFactor > 0 ? highestFitting(sorted, estimate * this.config.floorFactor) : sorted[0]!;
      if (track.bandwidth > cap.bandwidth) {
        track = cap;
        reason += `, capped by throughput ${formatBps(context.estimatedBandwidth)}`;
      } else if (track.bandwidth < floor.bandwidth) {
        track = floor;
        reason += `, raised to throughput floor ${formatBps(context.estimatedBandwidth)} × ${this.config.floorFactor}`;
      }
      const endgame = this.endgameChoice(sorted, context, estimate);
      if (endgame && endgame.bandwidth > track.bandwidth) {
        track = endgame;
        reason += `, end of presentation in ${(context.remainingS ?? 0).toFixed(0)} s: buffer spent on ${formatBps(endgame.bandwidth)}`;
      }
    }
    return { track, reason };
  }

  shouldAbandon(context: AbrContext): AbrDecision | null {
    const flight = context.inFlight;
    if (!flight || flight.elapsedMs < this.config.abandonMinElapsedMs) return null;
    const sorted = sortByBandwidth(context.tracks);
    const position = indexOfTrack(sorted, flight.track);
    if (position <= 0) return null;

    const rate = Math.max(context.playbackRate, 1e-3);
    const averageBps = flight.bytesLoaded > 0 ? (flight.bytesLoaded * 8) / (flight.elapsedMs / 1000) : NaN;
    // The average since the start hides a collapse midway; the last ~second shows it. Trust the lower.
    const recentBps = this.recentRate(flight.track.id, flight.elapsedMs, flight.bytesLoaded);
    const observedBps = recentBps >= 0 && averageBps > 0 ? Math.min(averageBps, recentBps) : averageBps;
    const bps = observedBps > 0 ? observedBps : context.estimatedBandwidth;
    if (!(bps > 0)) return null;
    const totalBytes = flight.bytesTotal ?? (flight.track.bandwidth * flight.segmentDuration) / 8;
    const remainingS = (Math.max(0, totalBytes - flight.bytesLoaded) * 8) / bps;
    // Buffer drains at the playback rate while we wait.
    const available = context.bufferLevel / rate - this.config.abandonMarginS;
    if (remainingS <= available) return null;

    // The highest lower track whose whole segment, restarted now, finishes in time.
    let pick: Track | null = null;
    for (let i = position - 1; i >= 0; i--) {
      const t = sorted[i]!;
      const seconds = (t.bandwidth * flight.segmentDuration) / bps;
      if (seconds <= available || i === 0) {
        pick = t;
        break;
      }
    }
    if (!pick) return null;
    // Restarting at the lowest rung only helps if it is actually quicker than finishing.
    if ((pick.bandwidth * flight.segmentDuration) / bps >= remainingS) return null;
    return {
      track: pick,
      reason: `abandon: ${remainingS.toFixed(1)} s left at ${formatBps(bps)} > ${context.bufferLevel.toFixed(1)} s buffered; restart at ${formatBps(pick.bandwidth)}`,
    };
  }

  /** Bits/s over the last ≥ 1 s of the watched transfer; -1 when not enough history. */
  private recentRate(trackId: string, elapsedMs: number, bytes: number): number {
    const p = this.progress;
    const last = p.points[p.points.length - 1];
    if (p.trackId !== trackId || (last && (elapsedMs < last.elapsedMs || bytes < last.bytes))) {
      // A new transfer.
      this.progress = { trackId, points: [{ elapsedMs, bytes }] };
      return -1;
    }
    p.points.push({ elapsedMs, bytes });
    while (p.points.length > 2 && elapsedMs - p.points[1]!.elapsedMs >= 1000) p.points.shift();
    const first = p.points[0]!;
    const span = elapsedMs - first.elapsedMs;
    if (span < 1000) return -1;
    return ((bytes - first.bytes) * 8) / (span / 1000);
  }

  reset(): void {
    this.progress = { trackId: '', points: [] };
  }

  /**
   * The highest track whose whole remainder of the presentation arrives in
   * time. Fetching R seconds of media at bitrate b over throughput E, segment
   * k (of duration d) lands at k·d·b/E and plays at B + (k−1)·d; with b > E
   * the last one is the tightest, so the condition is
   * `B − margin ≥ R·(b/E − 1) + d`. Only meaningful when R is not much larger
   * than the buffer, i.e. in the last buffer-goal's worth of a VOD title.
   */
  private endgameChoice(sorted: readonly Track[], context: AbrContext, estimate: number): Track | null {
    const remaining = context.remainingS ?? Infinity;
    const safety = this.config.endgameSafetyFactor;
    if (!(safety > 0) || !Number.isFinite(remaining) || remaining > context.bufferGoal) return null;
    const safe = estimate * safety;
    const budget = context.bufferLevel - this.config.abandonMarginS - context.segmentDuration;
    let pick: Track | null = null;
    for (const t of sorted) if (remaining * Math.max(0, t.bandwidth / safe - 1) <= budget) pick = t;
    return pick;
  }

  /** BOLA's argmax over the ladder at the context's buffer level. */
  private bolaChoice(sorted: readonly Track[], context: AbrContext): Track {
    if (sorted.length === 1) return sorted[0]!;
    const goal = Math.max(context.bufferGoal, 2 * context.segmentDuration, 1);
    const low = Math.min(10, Math.max(context.segmentDuration, goal * this.config.lowFraction));
    const high = Math.max(low + context.segmentDuration, goal * this.config.highFraction);
    const s1 = sorted[0]!.bandwidth;
    const uMax = Math.log(sorted[sorted.length - 1]!.bandwidth / s1);
    if (!(uMax > 0)) return sorted[0]!;
    const v = (high - low) / uMax;
    const gamma = low / v;
    let best = sorted[0]!;
    let bestScore = -Infinity;
    for (const t of sorted) {
      const utility = Math.log(t.bandwidth / s1);
      const score = (v * (utility + gamma) - context.bufferLevel) / t.bandwidth;
      if (score > bestScore) {
        bestScore = score;
        best = t;
      }
    }
    return best;
  }
}
