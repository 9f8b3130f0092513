/**
 * MSE API behaviour probes (append, remove, abort, quota, changeType,
 * timestampOffset, sequence mode, duration, endOfStream, ManagedMediaSource),
 * on our own fixture segments (title `vod`, 4 s segments, `seg-N` covers
 * [4(N−1), 4N) s).
 */
import { passed, unsupported, wrong, type Probe, type ProbeEnv } from './probe.js';

const LOW = { mime: 'video/mp4; codecs="avc1.64000d"', path: 'video/v300' };
const HIGH = { mime: 'video/mp4; codecs="avc1.640028"', path: 'video/v4300' };

const cache = new Map<string, Promise<ArrayBuffer>>();
function media(env: ProbeEnv, path: string): Promise<ArrayBuffer> {
  const url = `${env.origin}/media/vod/${path}`;
  let p = cache.get(url);
  if (!p) {
    p = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status}`);
      return r.arrayBuffer();
    });
    cache.set(url, p);
  }
  return p;
}

/** A MediaSource opened on a fresh element; `close()` detaches it. */
async function openSource(env: ProbeEnv): Promise<{ ms: MediaSource; video: HTMLVideoElement; close(): void }> {
  const video = document.createElement('video');
  video.muted = true;
  env.stage.append(video);
  const ms = new MediaSource();
  const url = URL.createObjectURL(ms);
  video.src = url;
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('sourceopen did not fire within 3 s')), 3_000);
    ms.addEventListener('sourceopen', () => (clearTimeout(t), resolve()), { once: true });
  });
  return {
    ms, video,
    close() {
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(url);
      video.remove();
    },
  };
}

/** Appends and waits for `updateend`; rejects with the append's error. */
function append(sb: SourceBuffer, data: ArrayBuffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => (sb.removeEventListener('error', fail), resolve());
    const fail = () => (sb.removeEventListener('updateend', done), reject(new Error('SourceBuffer error event')));
    sb.addEventListener('updateend', done, { once: true });
    sb.addEventListener('error', fail, { once: true });
    sb.appendBuffer(data);
  });
}
const removeRange = (sb: SourceBuffer, start: number, end: number) => new Promise<void>((resolve) => {
  sb.addEventListener('updateend', () => resolve(), { once: true });
  sb.remove(start, end);
});
const ranges = (b: TimeRanges) => Array.from({ length: b.length }, (_, i) => [+b.start(i).toFixed(3), +b.end(i).toFixed(3)]);

/** Runs `fn` on an open source with a `LOW` SourceBuffer holding init + seg-1 (when `preload`). */
async function withBuffer(env: ProbeEnv, preload: boolean, fn: (sb: SourceBuffer, ms: MediaSource, video: HTMLVideoElement) => Promise<ReturnType<typeof passed>>) {
  if (!globalThis.MediaSource) return unsupported('no MediaSource');
  const s = await openSource(env);
  try {
    const sb = s.ms.addSourceBuffer(LOW.mime);
    if (preload) {
      await append(sb, await media(env, `${LOW.path}/init.mp4`));
      await append(sb, await media(env, `${LOW.path}/seg-1.m4s`));
    }
    return await fn(sb, s.ms, s.video);
  } catch (e) {
    return wrong(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  } finally {
    s.close();
  }
}

/** The MSE probe table. */
export const mseProbes: Record<string, Probe> = {
  'mse-present': async (_a, env) => {
    if (!globalThis.MediaSource) return unsupported('no MediaSource');
    const s = await openSource(env).catch((e: Error) => e);
    if (s instanceof Error) return wrong(s.message);
    s.close();
    return passed();
  },
  'mse-append': (_a, env) => withBuffer(env, true, async (sb) => {
    const r = ranges(sb.buffered);
    return r.length === 1 && r[0]![1]! >= 3.5 ? passed({ buffered: r }) : wrong(`buffered ${JSON.stringify(r)} after init + a 4 s segment`);
  }),
  'mse-remove': (_a, env) => withBuffer(env, true, async (sb) => {
    await append(sb, await media(env, `${LOW.path}/seg-2.m4s`));
    await removeRange(sb, 4, 8);
    const r = ranges(sb.buffered);
    return r.length === 1 && r[0]![1]! <= 4.2 ? passed({ buffered: r }) : wrong(`buffered ${JSON.stringify(r)} after remove(4, 8)`);
  }),
  'mse-abort': (_a, env) => withBuffer(env, true, async (sb) => {
    sb.appendBuffer(await media(env, `${LOW.path}/seg-2.m4s`));
    sb.abort();
    if (sb.updating) return wrong('still updating after abort()');
    await append(sb, await media(env, `${LOW.path}/init.mp4`));
    await append(sb, await media(env, `${LOW.path}/seg-3.m4s`));
    const r = ranges(sb.buffered);
    return r.some(([, e]) => e! >= 11.5) ? passed({ buffered: r }) : wrong(`seg-3 not buffered after abort + re-init: ${JSON.stringify(r)}`);
  }),
  'mse-quota': async (_a, env) => {
    if (!globalThis.MediaSource) return unsupported('no MediaSource');
    const s = await openSource(env);
    // 200 MB of 1080p segments: above every browser's video SourceBuffer quota we know of (Chromium 150 MB,
    // Firefox 100 MB, TVs far less); a browser may also evict instead of throwing, which is allowed too.
    const LIMIT = 200 * 1024 * 1024;
    try {
      const sb = s.ms.addSourceBuffer(HIGH.mime);
      await append(sb, await media(env, `${HIGH.path}/init.mp4`));
      const seg = await media(env, `${HIGH.path}/seg-1.m4s`);
      let appended = 0;
      for (let i = 0; appended < LIMIT; i++) {
        sb.timestampOffset = i * 4;
        try {
          await append(sb, seg);
        } catch (e) {
          const err = e as DOMException;
          if (err.name !== 'QuotaExceededError') return wrong(`append failed with ${err.name}, not QuotaExceededError: ${err.message}`);
          // Recovery, as a player does it: free the oldest half, then the same append must fit.
          const end = sb.buffered.length ? sb.buffered.end(sb.buffered.length - 1) : 0;
          await removeRange(sb, 0, end / 2);
          sb.timestampOffset = end;
          await append(sb, seg);
          return passed({ quotaExceededAfterBytes: appended, recoveredByRemove: true });
        }
        appended += seg.byteLength;
      }
      return passed({ appendedBytes: appended, evicted: true, buffered: ranges(sb.buffered).slice(0, 3) });
    } catch (e) {
      return wrong(`threw ${(e as Error).name}: ${(e as Error).message}`);
    } finally {
      s.close();
    }
  },
  'mse-change-type': (_a, env) => withBuffer(env, true, async (sb) => {
    if (typeof sb.changeType !== 'function') return unsupported('SourceBuffer.changeType is missing');
    sb.changeType(HIGH.mime);
    await append(sb, await media(env, `${HIGH.path}/init.mp4`));
    await append(sb, await media(env, `${HIGH.path}/seg-2.m4s`));
    const r = ranges(sb.buffered);
    return r.some(([, e]) => e! >= 7.5) ? passed({ buffered: r }) : wrong(`no data after changeType: ${JSON.stringify(r)}`);
  }),
  'mse-timestamp-offset': (_a, env) => withBuffer(env, false, async (sb) => {
    sb.timestampOffset = 10;
    await append(sb, await media(env, `${LOW.path}/init.mp4`));
    await append(sb, await media(env, `${LOW.path}/seg-1.m4s`));
    const r = ranges(sb.buffered);
    return r.length === 1 && Math.abs(r[0]![0]! - 10) < 0.3 ? passed({ buffered: r }) : wrong(`buffered ${JSON.stringify(r)}, expected to start at 10 s`);
  }),
  'mse-sequence-mode': (_a, env) => withBuffer(env, false, async (sb) => {
    sb.mode = 'sequence';
    await append(sb, await media(env, `${LOW.path}/init.mp4`));
    await append(sb, await media(env, `${LOW.path}/seg-5.m4s`));
    await append(sb, await media(env, `${LOW.path}/seg-2.m4s`));
    const r = ranges(sb.buffered);
    // seg-2 ([4, 8)) must land right after seg-5, not at its own timestamps.
    return r.length === 1 && r[0]![1]! - r[0]![0]! > 7.5 ? passed({ buffered: r }) : wrong(`buffered ${JSON.stringify(r)}: segments not placed back to back`);
  }),
  'mse-duration': (_a, env) => withBuffer(env, true, async (_sb, ms, video) => {
    ms.duration = 42;
    await new Promise((r) => setTimeout(r, 50));
    return Math.abs(video.duration - 42) < 0.01 ? passed() : wrong(`element duration ${video.duration} after MediaSource.duration = 42`);
  }),
  'mse-end-of-stream': (_a, env) => withBuffer(env, true, async (_sb, ms) => {
    ms.endOfStream();
    return ms.readyState === 'ended' ? passed() : wrong(`readyState ${ms.readyState} after endOfStream()`);
  }),
  'mse-rejects-bogus-type': async () => {
    if (!globalThis.MediaSource) return unsupported('no MediaSource');
    return MediaSource.isTypeSupported('video/mp4; codecs="zzzz.99.99"') ? wrong('isTypeSupported accepted an invented codec') : passed();
  },
  'mse-managed-media-source': async () => ('ManagedMediaSource' in globalThis ? passed() : unsupported('no ManagedMediaSource (Safari 17+ only so far)')),
  'mse-in-worker': async () => {
    const can = (globalThis.MediaSource as unknown as { canConstructInDedicatedWorker?: boolean } | undefined)?.canConstructInDedicatedWorker;
    return can ? passed() : unsupported('MediaSource.canConstructInDedicatedWorker is not true');
  },
  'video-playback-quality': async (_a, env) => {
    const v = document.createElement('video');
    env.stage.append(v);
    try {
      if (typeof v.getVideoPlaybackQuality !== 'function') return unsupported('no getVideoPlaybackQuality');
      const q = v.getVideoPlaybackQuality();
      return typeof q.totalVideoFrames === 'number' && typeof q.droppedVideoFrames === 'number' ? passed() : wrong('frame counts are not numbers');
    } finally {
      v.remove();
    }
  },
};
