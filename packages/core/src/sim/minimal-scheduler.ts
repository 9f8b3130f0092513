import { AbrController } from '../abr/abr-controller.js';
import type { AbrContext } from '../abr/abr-strategy.js';
import { sortByBandwidth } from '../abr/track-ladder.js';
import type { Track } from '../manifest/model.js';
import { EwmaThroughputEstimator } from '../net/ewma-throughput-estimator.js';
import { RequestEngine, type EnginePendingRequest } from '../net/request-engine.js';
import { DefaultPathwaySelector } from '../steering/default-pathway-selector.js';
import { SimulatedMediaSink } from './simulated-media-sink.js';
import { TraceNetworkClient } from './trace-network-client.js';
import { VirtualClock, flushMicrotasks } from './virtual-clock.js';
import { DEFAULT_SIMULATION_CONFIG, type SimulationOptions, type SimulationResult } from './simulation-types.js';

/** A segment that reached the buffer: what played when. */
interface PlayedSegment {
  start: number;
  end: number;
  bandwidth: number;
  trackId: string;
}

/**
 * Simulates a VOD playback of the video track with a deliberately small
 * scheduler: one segment at a time up to the buffer goal, the real
 * RequestEngine, EwmaThroughputEstimator, AbrController (with the given
 * strategy and abandonment) and pathway selector over the trace-driven
 * network and simulated decoder. It stands in for the full Player where the
 * Player cannot be used (it models no audio, text, seeking or live), and is
 * what the ABR comparisons run on when they need thousands of playbacks.
 */
export async function simulateWithMinimalScheduler(options: SimulationOptions): Promise<SimulationResult> {
  const config = { ...DEFAULT_SIMULATION_CONFIG, ...(options.config ?? {}) };
  const clock = new VirtualClock();
  const content = options.presentation;
  const network = new TraceNetworkClient({ clock, trace: options.trace, content, rttMs: config.rttMs, traceOffsetS: config.traceOffsetS });
  const pathways = new DefaultPathwaySelector({ clock });
  const engine = new RequestEngine({ client: network, clock, pathways, random: () => 0.5 });
  const estimator = new EwmaThroughputEstimator();
  engine.onTransfer((sample) => estimator.addSample(sample));
  const controller = new AbrController(options.abr, config.controller);
  const sink = new SimulatedMediaSink({ clock });

  const videoSet = content.presentation.periods[0]?.switchingSets.find((s) => s.type === 'video');
  if (!videoSet || videoSet.tracks.length === 0) throw new RangeError('simulation: presentation has no video tracks');
  const tracks = sortByBandwidth(videoSet.tracks);
  const index = tracks[0]!.segmentIndex;
  if (!index) throw new RangeError('simulation: video track has no segment index');
  const mediaEnd = Math.min(options.durationS, content.presentation.duration ?? Infinity);
  const lastPosition = index.find(mediaEnd - 1e-6);
  const count = lastPosition < 0 ? index.length : lastPosition + 1;
  const segmentDuration = content.presentation.maxSegmentDuration || (index.get(0)!.end - index.get(0)!.start);

  const buffer = sink.addBuffer('video', `${videoSet.mimeType}; codecs="${tracks[0]!.codecs}"`);
  sink.setDuration(mediaEnd);
  const played: PlayedSegment[] = [];
  let abandons = 0;
  let current: Track | null = null;
  let initFor: string | null = null;
  let started = false;
  let stop = false;

  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
  const context = (partial: Partial<AbrContext> = {}): AbrContext => {
    const ahead = sink.bufferedAhead() ?? 0;
    return {
      tracks,
      current,
      estimatedBandwidth: estimator.getEstimate(),
      confidence: estimator.getConfidence(),
      bufferLevel: ahead,
      bufferGoal: config.bufferGoal,
      segmentDuration,
      playbackRate: sink.playbackRate(),
      startingUp: sink.firstPlayingAt === null,
      rebuffering: started && sink.isStalled,
      now: clock.now(),
      ...partial,
    };
  };

  const loop = async (): Promise<void> => {
    let position = 0;
    while (position < count && !stop) {
      const ahead = sink.bufferedAhead() ?? 0;
      if (ahead >= config.bufferGoal) {
        await sleep((ahead - config.bufferGoal) * 1000 + 50);
        continue;
      }
      const decision = controller.choose(context());
      const track = decision.track;
      const ref = track.segmentIndex?.get(position);
      if (!ref) throw new RangeError(`simulation: ${track.id} has no segment ${position}`);
      if (initFor !== track.id && ref.init) {
        await engine.fetch({ uri: ref.init.uri, baseUrls: track.baseUrls, kind: 'init' }).promise;
        initFor = track.id;
      }
      const startedAt = clock.now();
      let abandonedFor: Track | null = null;
      let request: EnginePendingRequest | null = null;
      const observer = {
        onProgress: (loaded: number, total: number | null) => {
          if (!config.abandon || abandonedFor || !request) return;
          const verdict = controller.checkAbandon(
            context({ current: track, inFlight: { track, bytesLoaded: loaded, bytesTotal: total, elapsedMs: clock.now() - startedAt, segmentDuration: ref.end - ref.start } }),
          );
          if (verdict) {
            abandonedFor = verdict.track;
            request.abort();
          }
        },
      };
      request = engine.fetch({ uri: ref.uri, baseUrls: track.baseUrls, kind: 'segment' }, observer);
      let response;
      try {
        response = await request.promise;
      } catch (e) {
        if (abandonedFor) {
          abandons++;
          current = abandonedFor;
          continue;
        }
        throw e;
      }
      await buffer.append(response.data, { timestampOffset: ref.timestampOffset });
      current = track;
      played.push({ start: ref.start, end: ref.end, bandwidth: track.bandwidth, trackId: track.id });
      position++;
      if (!started && (sink.bufferedAhead() ?? 0) >= Math.min(config.rebufferGoal, mediaEnd - 1e-3)) {
        started = true;
        await sink.play();
      }
    }
    if (!started) await sink.play();
    sink.endOfStream();
  };

  const loadStart = clock.now();
  let failure: unknown = null;
  let finished = false;
  loop().then(
    () => (finished = true),
    (e: unknown) => {
      failure = e;
      finished = true;
    },
  );
  // Drive virtual time: fire the next timer, then let every continuation run before the next.
  const limit = loadStart + mediaEnd * 1000 * 20 + 60_000;
  while (!sink.ended && failure === null) {
    await flushMicrotasks();
    const due = clock.nextDue();
    if (due === Infinity || due > limit) break;
    clock.runUntil(due);
  }
  stop = true;
  if (failure !== null) throw failure;
  void finished;

  const playedTo = sink.currentTime();
  let weighted = 0;
  let switches = 0;
  for (let i = 0; i < played.length; i++) {
    const s = played[i]!;
    const overlap = Math.max(0, Math.min(s.end, playedTo) - s.start);
    weighted += overlap * s.bandwidth;
    if (i > 0 && s.start < playedTo && played[i - 1]!.trackId !== s.trackId) switches++;
  }
  const stallMs = sink.stallMs;
  const playedMs = sink.playedS * 1000;
  await sink.destroy();
  return {
    rebufferRatio: playedMs + stallMs > 0 ? stallMs / (playedMs + stallMs) : 0,
    stalls: sink.stallCount,
    stallMs,
    meanBitrate: playedTo > 0 ? weighted / playedTo : 0,
    switches,
    startupMs: sink.firstPlayingAt === null ? NaN : sink.firstPlayingAt - loadStart,
    playedS: sink.playedS,
    abandons,
    virtualMs: clock.now() - loadStart,
    engine: 'minimal-scheduler',
  };
}
