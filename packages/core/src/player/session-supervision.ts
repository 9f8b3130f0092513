/**
 * Applies the {@link supervisePlayhead} rule to a playback session: a 250 ms
 * tick (and every sink event that may change the answer), the played-bitrate
 * QoE, the once-a-second `stats` event, and the sink events that move the
 * player state (pause/play by the app, ended).
 */
import { PlayerError } from '../errors/player-error.js';
import { asError } from '../errors/as-error.js';
import type { TimerHandle } from '../platform/clock.js';
import type { PlaybackSession } from './playback-session.js';
import { supervisePlayhead, type PlayheadAction } from './playhead-supervisor.js';
import type { SessionEnv } from './session-env.js';

const TICK_MS = 250;
const STATS_MS = 1000;

export class SessionSupervision {
  private timer: TimerHandle | null = null;
  private lastStatsAt = -Infinity;
  private sinkOffs: (() => void)[] = [];
  /** The app paused playback (pause event not caused by us): buffering must not resume it. */
  private userPaused = false;
  /** Playback started (resumed to playing/paused) in this load. */
  private started = false;
  /** Before the start: buffered seconds summed over the types, and when that last grew (ms). */
  private bufferedTotal = 0;
  private progressAt = 0;
  /**
   * Types that appended a segment since the last seek. Until every type has,
   * the buffered ranges still hold what the seek is flushing (the flush is
   * async): media ahead of a backward seek target looked like a start gap,
   * and the playhead jumped back to where it came from (playback test:
   * seek 90 → 10 landed at 88).
   */
  private loadedSinceSeek: Set<string> | null = null;

  constructor(
    private readonly env: SessionEnv,
    private readonly session: PlaybackSession,
  ) {}

  /** A seek was issued: the buffered ranges are not trusted for start gaps until every type appended after it. */
  seeked(): void {
    this.loadedSinceSeek = new Set();
  }

  /** A segment of `type` was appended. */
  segmentLoaded(type: string): void {
    if (!this.loadedSinceSeek) return;
    this.loadedSinceSeek.add(type);
    if ([...this.session.streams.keys()].every((t) => this.loadedSinceSeek?.has(t))) this.loadedSinceSeek = null;
  }

  /** Seconds buffered ahead of the playhead: the minimum over the media types. */
  bufferAhead(): number {
    const t = this.env.deps.sink.currentTime();
    let ahead = Infinity;
    for (const s of this.session.streams.values()) ahead = Math.min(ahead, s.buffer.aheadOf(t));
    return ahead === Infinity ? 0 : ahead;
  }

  listenToSink(): void {
    const { sink, clock } = this.env.deps;
    const { state, qoe, events } = this.env;
    if (sink.onNextFrame) this.sinkOffs.push(sink.onNextFrame(() => qoe.firstFrame(clock.now())));
    this.userPaused = !this.env.config().streaming.autoplay;
    this.progressAt = clock.now(); // the start bound counts from here (listenToSink runs once per load)
    this.sinkOffs.push(
      sink.on('ended', () => this.toEnded()),
      sink.on('waiting', () => this.tick()),
      sink.on('playing', () => this.tick()),
      sink.on('pause', () => {
        if (state.state === 'ended' || state.state === 'error') return;
        this.userPaused = true;
        if (state.transition('paused')) qoe.paused(clock.now());
      }),
      sink.on('play', () => {
        this.userPaused = false;
        if (state.state === 'paused') {
          // Let the next tick decide playing vs buffering from the buffer level.
          state.transition('buffering');
          events.emit('buffering', { buffering: true });
          this.tick();
        }
      }),
    );
  }

  start(): void {
    this.timer = this.env.deps.clock.setTimeout(() => {
      this.timer = null;
      this.tick();
      const s = this.env.state.state;
      if (!this.session.disposed && s !== 'error' && s !== 'idle') this.start();
    }, TICK_MS);
  }

  stop(): void {
    if (this.timer !== null) this.env.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    for (const off of this.sinkOffs) off();
    this.sinkOffs = [];
  }

  /** Playback supervision: QoE, the playhead rule, stats. */
  tick(): void {
    if (this.session.disposed) return;
    const { env, session } = this;
    const { sink, clock } = env.deps;
    const now = clock.now();
    const t = sink.currentTime();
    const ahead = this.bufferAhead();
    const s = env.config().streaming;

    const playedBitrate = session.played.at(t);
    if (!Number.isNaN(playedBitrate) && playedBitrate !== env.qoe.currentBitrate) env.qoe.bitrateChanged(now, playedBitrate);
    session.played.pruneBefore(t - 1);

    const window = session.liveWindow();
    if (window) sink.setSeekableRange?.(window.start, window.end);
    const streams = [...session.streams.values()];
    const rangesByType = streams.map((x) => x.buffer.buffered());
    if (!this.started) {
      const total = rangesByType.reduce((sum, ranges) => sum + ranges.reduce((a, r) => a + (r.end - r.start), 0), 0);
      if (total > this.bufferedTotal + 1e-6) this.progressAt = now;
      this.bufferedTotal = total;
    }
    const action = supervisePlayhead({
      state: env.state.state,
      playhead: t,
      ahead,
      ranges: (session.streams.get('video') ?? session.streams.get('audio'))?.buffer.buffered() ?? [],
      rangesByType,
      rangesSettled: this.loadedSinceSeek === null,
      started: this.started,
      msWithoutProgress: now - this.progressAt,
      startTimeoutMs: s.startTimeoutMs,
      presentationEnd: session.presentation.type === 'live' ? Infinity : (session.presentation.duration ?? Infinity),
      skipped: streams.flatMap((x) => x.scheduler.skipped),
      ended: session.allEnded(),
      userPaused: this.userPaused,
      liveWindow: window,
      maxSegmentDuration: session.presentation.maxSegmentDuration,
      resumeGoal: env.parts.bufferPolicy.resumeGoal(),
      gapJumpThreshold: s.gapJumpThreshold,
      gapPadding: s.gapPadding,
      stallSkip: s.stallSkip,
      stall: env.state.state === 'playing' ? env.stall().observe(t, now, ahead, !sink.paused()) : 'ok',
    });
    if (this.apply(action, t)) return;
    if (now - this.lastStatsAt >= STATS_MS) {
      this.lastStatsAt = now;
      env.events.emit('stats', env.source.getStats());
    }
  }

  /** Carries out `action`; true when the tick ends here (a seek was issued). */
  private apply(action: PlayheadAction, playhead: number): boolean {
    const { env } = this;
    const { sink, clock } = env.deps;
    const now = clock.now();
    switch (action.kind) {
      case 'recover-live':
        env.events.emit('error', new PlayerError('BEHIND_LIVE_WINDOW', `playhead ${playhead.toFixed(2)} s fell behind the live window starting at ${action.windowStart.toFixed(2)} s; resuming at ${action.target.toFixed(2)} s`, { severity: 'recoverable', details: { playhead, windowStart: action.windowStart } }));
        env.seek(action.target);
        return true;
      case 'jump':
        sink.seek(action.to);
        return true;
      case 'end':
        this.toEnded();
        return false;
      case 'resume':
        this.started = true;
        env.stall().reset(now);
        if (action.paused) {
          env.events.emit('buffering', { buffering: false });
          env.state.transition('paused');
        } else {
          env.state.transition('playing');
          env.qoe.playing(now); // before the event: listeners read startup time from stats
          env.events.emit('buffering', { buffering: false });
          if (sink.paused()) sink.play().catch((e: unknown) => env.events.emit('error', asError(e).withSeverity('recoverable')));
        }
        return false;
      case 'stall':
        env.state.transition('buffering');
        env.qoe.stalled(now);
        env.events.emit('buffering', { buffering: true });
        return false;
      case 'nudge':
        sink.seek(action.to); // nudge a stuck decoder
        return false;
      case 'start-stuck': {
        const types = [...this.session.streams.entries()].map(([type, x]) => `${type} ${JSON.stringify(x.buffer.buffered().map((r) => [+r.start.toFixed(2), +r.end.toFixed(2)]))}`);
        env.fail(new PlayerError('START_STALLED', `playback cannot start at ${playhead.toFixed(2)} s: ${action.reason} (buffered: ${types.join('; ')})`, { details: { playhead, reason: action.reason } }));
        return true;
      }
      case 'none':
        return false;
    }
  }

  private toEnded(): void {
    if (this.env.state.transition('ended')) {
      this.env.qoe.paused(this.env.deps.clock.now());
      this.env.events.emit('ended', {});
    }
  }
}
