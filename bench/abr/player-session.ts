/**
 * One playback with the real Player on the virtual clock, as
 * packages/sim/src/player-simulation.ts runs it, but keeping the network
 * request log and the sink's append log so the bench can score QoE_lin per
 * played segment. The strategy under test sees the Player's own AbrContext
 * ({@link TimedStrategy} only times it).
 */
import type { AbrContext, AbrDecision, AbrStrategy } from '../../packages/core/src/abr/abr-strategy.js';
import type { AbrControllerConfig } from '../../packages/core/src/abr/abr-controller.js';
import { Player } from '../../packages/core/src/player/player.js';
import { SimulatedMediaSink } from '../../packages/sim/src/simulated-media-sink.js';
import { TraceNetworkClient } from '../../packages/sim/src/trace-network-client.js';
import { VirtualClock, runSimulation } from '../../packages/sim/src/virtual-clock.js';
import { installAbrStrategy } from '../../packages/sim/src/player-simulation.js';
import type { SyntheticPresentation } from '../../packages/sim/src/synthetic-presentation.js';
import type { TracePoint } from '../../packages/sim/src/trace.js';
import { qoeLin, type QoeLinBreakdown } from '../../packages/sim/src/abr-eval/qoe-lin.js';

/** Session parameters shared by the bench, the DP model and training. */
export interface SessionSetup {
  presentation: SyntheticPresentation;
  durationS: number;
  segmentDuration: number;
  bufferGoal: number;
  rebufferGoal: number;
  rttMs: number;
}

/** What one playback produced. */
export interface SessionResult {
  qoe: QoeLinBreakdown;
  /** Played rung bitrates, bits/s, per segment. */
  played: number[];
  stallMs: number;
  startupMs: number;
  playedS: number;
  switches: number;
  meanBitrate: number;
  /** ms spent inside the strategy's chooseTrack, total and count. */
  decideMs: number;
  decisions: number;
}

const SEGMENT_URL = /\/video\/v(\d+)\/seg-(\d+)\.m4s/;

/**
 * Times the strategy under test and reports each context it decided on. The
 * context is the Player's own (its throughput samples, start prior and the
 * index's segment sizes), so the bench measures what ships.
 */
export class TimedStrategy implements AbrStrategy {
  readonly name: string;
  decideMs = 0;
  decisions = 0;

  constructor(
    private readonly inner: AbrStrategy,
    private readonly onContext?: (context: AbrContext, decision: AbrDecision) => void,
  ) {
    this.name = inner.name;
  }

  chooseTrack(context: AbrContext): AbrDecision | Promise<AbrDecision> {
    const t0 = performance.now();
    const decision = this.inner.chooseTrack(context);
    this.decideMs += performance.now() - t0;
    this.decisions++;
    if (this.onContext && !(decision instanceof Promise)) this.onContext(context, decision);
    return decision;
  }

  shouldAbandon(context: AbrContext): AbrDecision | null {
    return this.inner.shouldAbandon ? this.inner.shouldAbandon(context) : null;
  }

  reset(): void {
    this.inner.reset?.();
  }
}

/** Plays `setup.presentation` over `trace` with `strategy` in the real Player; scores QoE_lin. */
export async function runSession(
  setup: SessionSetup,
  trace: readonly TracePoint[],
  strategy: AbrStrategy,
  controller: Partial<AbrControllerConfig>,
  onContext?: (context: AbrContext, decision: AbrDecision) => void,
): Promise<SessionResult> {
  const clock = new VirtualClock();
  const content = setup.presentation;
  const network = new TraceNetworkClient({ clock, trace, content, rttMs: setup.rttMs });
  const sink = new SimulatedMediaSink({ clock });
  const player = new Player({ clock, network, sink }, { streaming: { bufferGoal: setup.bufferGoal, rebufferGoal: setup.rebufferGoal }, net: { retry: { fuzz: 0 } } });
  const timed = new TimedStrategy(strategy, onContext);
  installAbrStrategy(player, timed, controller);
  const mediaEnd = Math.min(setup.durationS, content.presentation.duration ?? Infinity);
  const loadStart = clock.now();
  let failure: unknown = null;
  player.on('error', (e) => {
    if (e.severity === 'fatal') failure = e;
  });
  player.load(content.manifestUrl).catch((e: unknown) => (failure = e));
  await runSimulation(clock, () => sink.ended || failure !== null || sink.currentTime() >= mediaEnd - 1e-3, loadStart + mediaEnd * 1000 * 20 + 60_000);
  const stallMs = sink.stallMs;
  const startupMs = sink.firstPlayingAt === null ? NaN : sink.firstPlayingAt - loadStart;
  const playedS = sink.playedS;
  await player.destroy();
  if (failure !== null) throw failure;

  // The played sequence: the last append per segment start (what the playhead met).
  const byStart = new Map<number, string>();
  for (const a of sink.appendLog) if (a.type === 'video') byStart.set(Math.round(a.start * 1000), a.trackId);
  const played = [...byStart.entries()].sort((a, b) => a[0] - b[0]).map(([, id]) => Number(SEGMENT_ID.exec(id)?.[1] ?? NaN));
  // Pensieve's QoE counts the startup delay as the first segment's rebuffering.
  const segments = played.map((bitrate, i) => ({ bitrate, rebufferS: i === 0 ? (startupMs + stallMs) / 1000 : 0 }));
  const qoe = qoeLin(segments);
  const switches = played.filter((b, i) => i > 0 && b !== played[i - 1]).length;
  return {
    qoe,
    played,
    stallMs,
    startupMs,
    playedS,
    switches,
    meanBitrate: played.reduce((s, b) => s + b, 0) / Math.max(1, played.length),
    decideMs: timed.decideMs,
    decisions: timed.decisions,
  };
}

const SEGMENT_ID = /^v(\d+)$/;
export { SEGMENT_URL };
