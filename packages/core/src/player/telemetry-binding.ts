import type { Listener } from '../util/event-emitter.js';
import type { Clock, TimerHandle } from '../platform/clock.js';
import type { PlayerEvents, PlayerStats } from './events.js';
import type { TelemetryReporter } from '../qoe/telemetry-reporter.js';

/** The slice of a player the binding listens to. */
export interface TelemetrySource {
  on<K extends keyof PlayerEvents>(type: K, listener: Listener<PlayerEvents[K]>): () => void;
  getStats(): PlayerStats;
}

/**
 * Turns player events into telemetry events: startup (once, with its
 * duration), stall (with its duration, when it ends), bitrate-switch,
 * cdn-switch, error, ended, and a periodic heartbeat. Returns an unbinder.
 */
export function bindTelemetry(player: TelemetrySource, reporter: TelemetryReporter, clock: Clock, heartbeatMs: number): () => void {
  let started = false;
  let stallSince = NaN;
  let heartbeat: TimerHandle | null = null;
  const offs = [
    player.on('buffering', ({ buffering }) => {
      const now = clock.now();
      if (!buffering && !started) {
        started = true;
        reporter.record('startup', { durationMs: player.getStats().startupTimeMs });
      } else if (buffering && started) {
        stallSince = now;
      } else if (!buffering && !Number.isNaN(stallSince)) {
        reporter.record('stall', { durationMs: now - stallSince });
        stallSince = NaN;
      }
    }),
    player.on('statechange', ({ to }) => {
      // A seek during a stall ends that stall without counting it (the user moved on).
      if (to === 'seeking') stallSince = NaN;
    }),
    player.on('adaptation', ({ from, to, reason }) => reporter.record('bitrate-switch', { bitrate: to.bandwidth, from: from?.bandwidth, reason, trackId: to.id })),
    player.on('cdnchanged', ({ from, to, reason }) => reporter.record('cdn-switch', { from: from ?? '', to, reason })),
    player.on('error', (e) => reporter.record('error', { code: e.code, category: e.category, severity: e.severity, message: e.message })),
    player.on('ended', () => reporter.record('ended')),
  ];
  const beat = (): void => {
    const s = player.getStats();
    reporter.record('heartbeat', { bitrate: s.currentBitrate, bufferAhead: s.bufferAhead, estimatedBandwidth: s.estimatedBandwidth, stalls: s.stalls, droppedFrames: s.droppedFrames });
    heartbeat = clock.setTimeout(beat, heartbeatMs);
  };
  heartbeat = clock.setTimeout(beat, heartbeatMs);
  return () => {
    for (const off of offs) off();
    if (heartbeat !== null) clock.clearTimeout(heartbeat);
  };
}
