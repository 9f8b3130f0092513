import { Player, createCaptionStage, createDecryptStage, createFmp4TimelineStage, createTransmuxStage, type AbrControllerConfig, type AbrStrategy, type DeepPartial, type PlayerComponents, type PlayerConfig, type SegmentStage } from '@edgeplay/core';
import { captionExtractor, sampleDecryption, transmux } from '@edgeplay/core/internal';
import { NodeCryptoPort } from './node-crypto-port.js';
import { SimulatedMediaSink } from './simulated-media-sink.js';
import { TraceNetworkClient } from './trace-network-client.js';
import { VirtualClock, runSimulation } from './virtual-clock.js';
import { DEFAULT_SIMULATION_CONFIG, type SimulationOptions, type SimulationResult } from './simulation-types.js';

/**
 * The Player composition and configuration that run `strategy` under the
 * switch constraints `constraints` (the controller's hysteresis), through
 * the public component and config API — no reaching into the Player.
 * Spread the result into `new Player(deps, {...config, ...}, components)`.
 */
export function simulationComponents(
  strategy: AbrStrategy,
  constraints: Partial<AbrControllerConfig> = {},
): { components: Partial<PlayerComponents>; config: DeepPartial<PlayerConfig> } {
  const { enabled: _enabled, ...abr } = constraints;
  return { components: { abrStrategy: strategy, segmentStages: simulationSegmentStages() }, config: { abr } };
}

/**
 * The segment stages the simulator runs: the same decrypt and transmux
 * stages as the web binding, decryption on `node:crypto` (AES-128 / AES-256
 * HLS, DASH SEA and MPEG-TS streams play on the virtual clock through the
 * same decryptor and transmuxer).
 */
export function simulationSegmentStages(): SegmentStage[] {
  // The transmuxer (and the sample decryption / caption extractor modules) passed in, not imported lazily: a dynamic import would resolve outside the virtual clock.
  return [createDecryptStage({ cryptoPort: () => new NodeCryptoPort(), sampleDecryption: () => sampleDecryption }), createTransmuxStage({ load: () => transmux }), createFmp4TimelineStage(), createCaptionStage({ load: () => captionExtractor })];
}

/**
 * Installs `strategy` (and switch constraints) on an existing Player through
 * its public API (`setAbrStrategy` + `configure`). Prefer composing with
 * {@link simulationComponents} when you construct the Player yourself.
 */
export function installAbrStrategy(player: Player, strategy: AbrStrategy, constraints: Partial<AbrControllerConfig> = {}): void {
  player.setAbrStrategy(strategy);
  const { config } = simulationComponents(strategy, constraints);
  if (Object.keys(config.abr ?? {}).length) player.configure(config);
}

/**
 * Simulates a playback with the real `Player` (manifest loading, stream
 * schedulers, buffer manager, stall detection, ABR controller, request engine)
 * on a virtual clock, a trace-driven network and a simulated decoder.
 */
export async function simulateWithPlayer(options: SimulationOptions): Promise<SimulationResult> {
  const config = { ...DEFAULT_SIMULATION_CONFIG, ...(options.config ?? {}) };
  const clock = new VirtualClock();
  const content = options.presentation;
  const network = new TraceNetworkClient({ clock, trace: options.trace, content, rttMs: config.rttMs, traceOffsetS: config.traceOffsetS });
  const sink = new SimulatedMediaSink({ clock });
  const composition = simulationComponents(options.abr, config.controller);
  const player = new Player(
    { clock, network, sink },
    { ...composition.config, streaming: { bufferGoal: config.bufferGoal, rebufferGoal: config.rebufferGoal }, net: { retry: { fuzz: 0 } } },
    composition.components,
  );

  const mediaEnd = Math.min(options.durationS, content.presentation.duration ?? Infinity);
  const loadStart = clock.now();
  let failure: unknown = null;
  player.on('error', (e) => {
    if (e.severity === 'fatal') failure = e;
  });
  player.load(content.manifestUrl).catch((e: unknown) => (failure = e));

  const limit = loadStart + mediaEnd * 1000 * 20 + 60_000;
  await runSimulation(clock, () => sink.ended || failure !== null || sink.currentTime() >= mediaEnd - 1e-3, limit);
  const bandwidths = new Map<string, number>();
  for (const period of content.presentation.periods) for (const set of period.switchingSets) for (const t of set.tracks) bandwidths.set(t.id, t.bandwidth);
  const played = sink.playedQuality('video', sink.currentTime(), (id) => bandwidths.get(id) ?? NaN);
  const playedS = sink.playedS;
  const stallMs = sink.stallMs;
  await player.destroy();
  if (failure !== null) throw failure;
  return {
    rebufferRatio: playedS * 1000 + stallMs > 0 ? stallMs / (playedS * 1000 + stallMs) : 0,
    stalls: sink.stallCount,
    stallMs,
    meanBitrate: played.meanBitrate,
    switches: played.switches,
    startupMs: sink.firstPlayingAt === null ? NaN : sink.firstPlayingAt - loadStart,
    playedS,
    abandons: abandons(network.log),
    virtualMs: clock.now() - loadStart,
    engine: 'player',
  };
}

/** Segment transfers the client aborted mid-body (abandonment; the Player aborts nothing else in a plain VOD run). */
function abandons(log: readonly { kind: string; outcome: string; bytes: number }[]): number {
  return log.filter((l) => l.kind === 'segment' && l.outcome === 'aborted' && l.bytes > 0).length;
}
