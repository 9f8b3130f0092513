/**
 * Runs one player-behaviour case: executes its steps against a player adapter,
 * gathers an {@link Observation} from the element and the server's request
 * log, and judges it with the pure rules of model/verdict.ts.
 */
import type { CaseResult, ConformanceCase, SoakSample, Step } from '../model/case.js';
import { judge, qoeScore, type Observation } from '../model/verdict.js';
import type { PlayerAdapter, RenditionRef } from './adapters/player-adapter.js';
import { isMediaSegment, type ControlClient, type LoggedRequest } from './control-client.js';
import { bufferedAhead, heapBytes, monitorElement } from './element-monitor.js';
import type { SourceBufferMeter } from './source-buffer-meter.js';

/** A catalog title as the server's `/catalog` lists it (the fields the executor uses). */
export interface CatalogTitle {
  id: string;
  duration: number;
  video: { id: string; bandwidth: number; height: number; frameRate: number; path: string }[];
}

/** What the executor needs around the adapter. */
export interface PlayerCaseContext {
  origin: string;
  control: ControlClient;
  /** Unique per case run: scopes media URLs, faults and the request log. */
  session: string;
  catalog: CatalogTitle[];
  /** Overrides every soak step's length (CI: ~30 s). */
  soakSeconds?: number;
  /** Progress line for the runner UI. */
  onProgress?: (text: string) => void;
  /** The page's SourceBuffer meter (soak samples); absent where the page has no MSE. */
  sourceBuffers?: SourceBufferMeter | null;
}

interface Mark {
  logIndex: number;
  time: number;
  frames: number;
  cache: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const totalFrames = (v: HTMLVideoElement) => v.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;

/** Runs `c` with `adapter` on `video`. Never throws: an exception is a `fail` with its message. */
export async function executePlayerCase(c: ConformanceCase, adapter: PlayerAdapter, video: HTMLVideoElement, ctx: PlayerCaseContext): Promise<Omit<CaseResult, 'durationMs'>> {
  const base = { caseId: c.id, category: c.category, title: c.title, player: adapter.name };
  if (!c.stream) return { ...base, status: 'fail', reason: 'player case without a stream' };
  const stream = c.stream;
  const title = ctx.catalog.find((t) => t.id === stream.title);
  const ladder = (title?.video ?? []).map((v) => v.bandwidth);
  const renditionBandwidth = new Map((title?.video ?? []).map((v) => [`video/${v.path.split('/')[1]}`, v.bandwidth]));
  const monitor = monitorElement(video);
  const log = async (): Promise<LoggedRequest[]> => (await ctx.control.requests(ctx.session)).filter((r) => isMediaSegment(r) && r.status >= 200 && r.status < 300);
  const setMark = async (cache: string | null, time = video.currentTime): Promise<Mark> => ({ logIndex: (await log()).length, time, frames: totalFrames(video), cache });
  let mark: Mark = { logIndex: 0, time: 0, frames: 0, cache: null };
  const notes: string[] = [];
  const samples: SoakSample[] = [];
  const sep = stream.url.includes('?') ? '&' : '?';
  const url = `${ctx.origin}${stream.url}${sep}session=${encodeURIComponent(ctx.session)}`;
  const faultTtl = c.budgetMs * 3;

  const currentCache = async (): Promise<string | null> => {
    const segs = await log();
    return segs.length ? segs[segs.length - 1]!.cache : null;
  };
  /** Position the last mark stands for; after load, where playback began (unknown until it does). */
  const markTime = () => (Number.isNaN(mark.time) ? monitor.startPosition ?? Infinity : mark.time);
  const fatal = () => adapter.errors().some((e) => e.severity === 'fatal');
  const waitUntil = async (cond: () => boolean, timeoutMs: number, what: string) => {
    const deadline = performance.now() + timeoutMs;
    while (!cond()) {
      monitor.pollCues();
      if (fatal()) return;
      if (performance.now() > deadline) {
        notes.push(`timed out after ${timeoutMs} ms waiting for ${what} (at ${video.currentTime.toFixed(2)} s)`);
        return;
      }
      await sleep(100);
    }
    monitor.pollCues();
  };

  const run = async (s: Step): Promise<void> => {
    ctx.onProgress?.(`${c.id}: ${s.op}`);
    switch (s.op) {
      case 'load':
        monitor.markLoadStart();
        await adapter.load(url, { ...(s.startTime === undefined ? {} : { startTime: s.startTime }), ...(c.config ? { config: c.config } : {}) });
        // NaN: "where playback began" — known at the first `playing` (see markTime).
        mark = { logIndex: 0, time: NaN, frames: 0, cache: null };
        return;
      case 'play':
        await video.play().catch(() => undefined);
        return;
      case 'seek':
      case 'seekFromEnd': {
        const to = s.op === 'seek' ? s.to : (title?.duration ?? video.duration) - s.secondsBeforeEnd;
        await adapter.seek(to);
        mark = await setMark(null, to);
        return;
      }
      case 'waitForTime':
        return waitUntil(() => video.currentTime >= s.time, s.timeoutMs ?? 15_000, `t = ${s.time} s`);
      case 'waitForPlayback': {
        const at = video.currentTime;
        const from = () => Math.max(at, markTime());
        return waitUntil(() => monitor.startPosition !== null && video.currentTime - from() >= s.seconds, s.timeoutMs ?? Math.max(10_000, s.seconds * 3_000), `${s.seconds} s of playback`);
      }
      case 'waitForEnded':
        return waitUntil(() => monitor.ended, s.timeoutMs ?? 20_000, 'ended');
      case 'wait':
        await sleep(s.ms);
        return;
      case 'selectVideo': {
        const v = title?.video.find((x) => x.id === s.rendition);
        if (!v) throw new Error(`no rendition ${s.rendition} in ${stream.title}`);
        const ref: RenditionRef = { id: v.id, bandwidth: v.bandwidth, height: v.height };
        adapter.selectVideo(ref);
        // The mark comes after the switch settles into the request log: segments in flight finish first.
        await sleep(500);
        mark = await setMark(null);
        return;
      }
      case 'selectAudio':
        adapter.selectAudio(s.language);
        await sleep(500);
        mark = await setMark(null);
        return;
      case 'selectText':
        adapter.selectText(s.language);
        return;
      case 'fault': {
        const cache = s.cache === 'current' ? await currentCache() : s.cache;
        if (!cache) throw new Error('no segment fetched yet: cannot tell which cache serves the session');
        await ctx.control.fault(cache, ctx.session, s.spec, faultTtl);
        mark = await setMark(cache);
        return;
      }
      case 'faultFiles': {
        const { ids } = await ctx.control.caches();
        const cache = ids[s.cacheIndex];
        if (!cache) throw new Error(`the case needs edge cache #${s.cacheIndex}, the server runs ${ids.length}`);
        await ctx.control.fault(cache, null, s.spec, faultTtl);
        return;
      }
      case 'shape': {
        const { ids } = await ctx.control.caches();
        await Promise.all(ids.map((id) => ctx.control.fault(id, ctx.session, { mode: 'bandwidth', kbps: s.kbps }, faultTtl)));
        return;
      }
      case 'steer': {
        const cache = await currentCache();
        const { ranking } = await ctx.control.caches();
        const priority = s.priority === 'demote-current' ? [...ranking.filter((id) => id !== cache), ...(cache ? [cache] : [])] : s.priority;
        await ctx.control.steer(priority);
        mark = await setMark(cache);
        return;
      }
      case 'soak': {
        const seconds = ctx.soakSeconds ?? s.seconds;
        const started = performance.now();
        mark = await setMark(null);
        while (performance.now() - started < seconds * 1000 && !fatal()) {
          await sleep(Math.min(s.sampleMs, seconds * 1000 - (performance.now() - started)));
          const q = video.getVideoPlaybackQuality?.();
          const sb = ctx.sourceBuffers?.snapshot();
          samples.push({
            t: (performance.now() - started) / 1000, heapBytes: await heapBytes(), bufferedSeconds: bufferedAhead(video), droppedFrames: q?.droppedVideoFrames ?? 0, totalFrames: q?.totalVideoFrames ?? 0, stalls: monitor.stalls,
            ...(sb ? { sourceBuffers: sb.sourceBuffers, sbRanges: sb.ranges, sbBufferedSeconds: sb.bufferedSeconds, sbBytes: sb.bytes } : {}),
          });
          ctx.onProgress?.(`${c.id}: soak ${Math.round((performance.now() - started) / 1000)}/${seconds} s`);
        }
        return;
      }
    }
  };

  try {
    for (const s of c.steps ?? []) {
      await run(s);
      if (fatal() && !(c.expect ?? []).some((e) => e.kind === 'errorCode')) break;
    }
    const segs = await log();
    const after = segs.slice(mark.logIndex);
    const video_ = (xs: LoggedRequest[]) => xs.filter((r) => r.rendition.startsWith('video/'));
    const o: Observation = {
      playedSinceMark: Number.isFinite(markTime()) ? Math.max(0, video.currentTime - markTime()) : 0,
      framesSinceMark: totalFrames(video) - mark.frames,
      frameRate: title?.video[0]?.frameRate ?? stream.frameRate ?? 25,
      currentTime: video.currentTime,
      stalls: monitor.stalls,
      stallSeconds: monitor.stallSeconds,
      startupMs: monitor.startupMs,
      ended: monitor.ended,
      errors: adapter.errors().map((e) => ({ code: e.code, severity: e.severity })),
      videoRenditionsSinceMark: video_(after).map((r) => r.rendition.slice('video/'.length)),
      videoBitratesSinceMark: video_(after).map((r) => renditionBandwidth.get(r.rendition) ?? NaN),
      videoRenditions: video_(segs).map((r) => r.rendition.slice('video/'.length)),
      audioRenditionsSinceMark: after.filter((r) => r.rendition.startsWith('audio/')).map((r) => r.rendition.slice('audio/'.length)),
      cacheAtMark: mark.cache,
      cachesSinceMark: after.map((r) => r.cache),
      cueShown: monitor.cueShown,
      seenCues: [...monitor.seenCues],
      startPosition: monitor.startPosition,
      soakSamples: samples,
      averageBitrate: mean(video_(segs).map((r) => renditionBandwidth.get(r.rendition) ?? 0)),
      ladder: { min: Math.min(...ladder, Infinity), max: Math.max(...ladder, 0) },
    };
    const verdict = judge(c.expect ?? [], o);
    const q = video.getVideoPlaybackQuality?.();
    const buffered = Array.from({ length: video.buffered.length }, (_, i) => [+video.buffered.start(i).toFixed(2), +video.buffered.end(i).toFixed(2)]);
    return {
      ...base,
      ...verdict,
      // What a QA engineer needs to triage a failure without rerunning it.
      ...(verdict.status === 'fail' ? { detail: { readyState: video.readyState, paused: video.paused, currentTime: video.currentTime, buffered, errors: adapter.errors().slice(0, 5), segments: segs.length } } : {}),
      reason: [verdict.reason, ...(verdict.status === 'fail' ? notes : [])].filter(Boolean).join('; '),
      metrics: {
        ...(o.startupMs === null ? {} : { startupMs: Math.round(o.startupMs) }),
        qoe: qoeScore(o), stalls: o.stalls, averageBitrate: Math.round(o.averageBitrate), droppedFrames: q?.droppedVideoFrames ?? 0,
        ...(samples.length ? { samples } : {}),
      },
    };
  } catch (e) {
    return { ...base, status: 'fail', reason: `exception: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    monitor.dispose();
    if (c.steps?.some((s) => s.op === 'steer')) await ctx.control.steer(null).catch(() => undefined);
  }
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
