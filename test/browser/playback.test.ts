/**
 * Edgeplay's own player, real MSE playback in Chromium, against the reference
 * server (fixtures + edge caches). Every test asserts frames/time advanced or
 * what the server log says the player fetched — never only "no error".
 */
import { describe, expect, inject, it } from 'vitest';
import { useChromiumSession } from './support/chromium-session.js';
import { openEdgeplay, type EdgeplayPage } from './support/edgeplay-page.js';
import { operatorHeaders } from './support/server-auth.js';

const chromium = useChromiumSession();
const pages: EdgeplayPage[] = [];

async function open(name: string): Promise<EdgeplayPage> {
  const p = await openEdgeplay(chromium.browser, chromium.server.url, name);
  pages.push(p);
  return p;
}

const operator = operatorHeaders(inject('operatorToken'));
const fault = (cache: string, spec: Record<string, unknown>) => fetch(`${chromium.server.url}/control/caches/${cache}/faults`, { method: 'POST', headers: operator, body: JSON.stringify(spec) });
const clearFaults = (cache: string) => fetch(`${chromium.server.url}/control/caches/${cache}/faults`, { method: 'DELETE', headers: operator });

describe('VOD playback', () => {
  it.each(['dash', 'hls'])('%s: plays ≥ 20 s with frames advancing and no stall after startup', async (format) => {
    const p = await open(`vod-${format}`);
    await p.load(`/manifest/vod?format=${format}&session=${p.session}`);
    await p.waitForTime(2, 20_000);
    const start = await p.progress();
    await p.waitForTime(22, 40_000);
    const end = await p.progress();
    expect(end.frames - start.frames).toBeGreaterThan(20 * 25 * 0.85);
    expect(end.errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    expect(end.waiting - start.waiting).toBe(0);
    // Startup figures: the first presented frame (requestVideoFrameCallback) and the player's own
    // buffering → playing transition describe the same moment. Not a timing target: on a loaded
    // 2-core CI machine the frame callback can lag several frames (185 ms seen), so the bound only
    // catches the two measuring different events (e.g. startup taken at load end or a later tick).
    const stats = await p.call<{ startupTimeMs: number; firstFrameMs: number }>('(player) => player.getStats()');
    expect(stats.firstFrameMs).toBeGreaterThan(0);
    expect(stats.firstFrameMs).toBeLessThan(10_000);
    expect(Math.abs(stats.firstFrameMs - stats.startupTimeMs)).toBeLessThan(500);
    const log = await p.requests();
    expect(log.some((r) => r.rendition.startsWith('video/') && r.status < 300)).toBe(true);
    expect(log.some((r) => r.rendition.startsWith('audio/') && r.status < 300)).toBe(true);
    await p.close();
  });
});

describe('seeking', () => {
  it('seeks forward and backward into unbuffered regions and plays on from there', async () => {
    const p = await open('seek');
    await p.load(`/manifest/vod?format=dash&session=${p.session}`);
    await p.waitForTime(1, 20_000);
    await p.call('(player) => player.seek(90)');
    await p.waitForTime(92, 20_000);
    expect((await p.requests()).some((r) => /video\/v\d+\/seg-2[34]\.m4s$/.test(r.path))).toBe(true); // the segment covering 90 s
    await p.call('(player) => player.seek(10)');
    await p.page.waitForTimeout(300);
    const back = await p.progress();
    expect(back.currentTime).toBeLessThan(20);
    await p.waitForTime(12, 20_000);
    expect((await p.progress()).errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    await p.close();
  });
});

describe('quality and language', () => {
  it('manual quality selection changes the rendition the server sees', async () => {
    const p = await open('manual');
    await p.load(`/manifest/vod?format=dash&session=${p.session}`);
    await p.waitForTime(1, 20_000);
    await p.call("(player) => player.selectTrack(player.getTracks().find((t) => t.type === 'video' && t.height === 234).id)");
    await p.waitForTime(14, 30_000);
    const video = (await p.requests()).filter((r) => r.path.includes('/video/') && r.path.includes('seg-'));
    expect(video.slice(-2).every((r) => r.rendition === 'video/v300')).toBe(true);
    await p.close();
  });

  it('ABR steps down under a 1.2 Mb/s cap (the request log shows lower renditions)', async () => {
    const p = await open('abr');
    await fault('isp-a', { mode: 'bandwidth', kbps: 1200, session: p.session });
    try {
      await p.load(`/manifest/vod?format=dash&session=${p.session}&caches=1`);
      await p.waitForTime(12, 60_000);
      const video = (await p.requests()).filter((r) => r.path.includes('/video/') && r.path.includes('seg-'));
      const kbps = (r: { rendition: string }) => Number(/v(\d+)/.exec(r.rendition)?.[1] ?? 0);
      expect(Math.max(...video.slice(-3).map(kbps))).toBeLessThan(1200);
    } finally {
      await clearFaults('isp-a');
      await p.close();
    }
  });

  it('switches audio language (French segments requested, playback continues)', async () => {
    const p = await open('audio');
    await p.load(`/manifest/vod?format=dash&session=${p.session}`);
    await p.waitForTime(1, 20_000);
    await p.call("(player) => player.selectAudio('fr')");
    await p.waitForTime(10, 30_000);
    expect((await p.requests()).some((r) => r.rendition === 'audio/fr' && r.path.includes('seg-'))).toBe(true);
    await p.close();
  });

  it('shows subtitle cues on the video element', async () => {
    const p = await open('subs');
    await p.load(`/manifest/vod?format=dash&session=${p.session}`);
    await p.waitForTime(0.5, 20_000);
    await p.call("(player) => player.selectText(player.getTextTracks()[0].id)");
    await p.page.waitForFunction(() => Array.from(document.querySelector('video')!.textTracks).some((t) => t.mode === 'showing' && (t.activeCues?.length ?? 0) > 0), null, { timeout: 20_000 });
    await p.close();
  });

  it('shows WebVTT-in-fMP4 (wvtt) subtitle cues, timed to the media', async () => {
    const p = await open('wvtt');
    await p.load(`/manifest/vod?format=dash&session=${p.session}`);
    await p.waitForTime(0.5, 20_000);
    await p.call("(player) => player.selectText(player.getTextTracks().find((t) => t.language === 'de').id)");
    const handle = await p.page.waitForFunction(
      () => {
        const video = document.querySelector('video')!;
        const cue = Array.from(video.textTracks)
          .filter((t) => t.mode === 'showing')
          .flatMap((t) => Array.from(t.activeCues ?? []) as VTTCue[])
          .find((c) => c.text.startsWith('Untertitel'));
        return cue ? { text: cue.text, start: cue.startTime, end: cue.endTime, now: video.currentTime } : null;
      },
      null,
      { timeout: 20_000 },
    );
    const cue = (await handle.jsonValue()) as { text: string; start: number; end: number; now: number };
    // Fixture cues sit at [2k + 0.25, 2k + 1.75) and name their own time: the text must match the slot.
    const k = Math.round((cue.start - 0.25) / 2);
    expect(cue.start).toBeCloseTo(2 * k + 0.25, 3);
    expect(cue.end).toBeCloseTo(2 * k + 1.75, 3);
    expect(cue.text).toBe(`Untertitel ${k + 1} (de) @ 00:00:${String(2 * k).padStart(2, '0')}.000`);
    await p.close();
  });
});

describe('live, gaps and faults', () => {
  it('plays the simulated live stream near the live edge across manifest refreshes', async () => {
    const p = await open('live');
    await p.load(`/live/vod/manifest.mpd?session=${p.session}`);
    const t0 = (await p.progress()).currentTime;
    await p.waitForTime(t0 + 1, 30_000);
    const first = await p.progress();
    await p.page.waitForTimeout(8_000); // > 2 × minimumUpdatePeriod: the MPD is refreshed meanwhile
    const later = await p.progress();
    expect(later.currentTime - first.currentTime).toBeGreaterThan(6);
    const edge = await p.page.evaluate(() => {
      const v = document.querySelector('video')!;
      return v.seekable.length ? v.seekable.end(v.seekable.length - 1) - v.currentTime : (Date.now() / 1000);
    });
    expect(edge).toBeLessThan(20);
    expect(later.errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    await p.close();
  });

  it('plays through the 1 s gap in vod-gap', async () => {
    const p = await open('gap');
    await p.load(`/manifest/vod-gap?format=dash&session=${p.session}`, 27);
    await p.waitForTime(33, 30_000);
    await p.close();
  });

  it('retries a segment that fails with 503 and keeps playing', async () => {
    const p = await open('retry');
    // On every cache: the steering ranking (load-aware) decides which one the player tries first.
    for (const c of ['isp-a', 'isp-b', 'ixp-1']) await fault(c, { mode: 'http-error', status: 503, pathPattern: 'seg-3.m4s', session: p.session, durationMs: 4000 });
    try {
      await p.load(`/manifest/vod?format=dash&session=${p.session}`);
      await p.waitForTime(14, 40_000);
      const log = await p.requests();
      expect(log.some((r) => r.status === 503 && r.path.endsWith('seg-3.m4s'))).toBe(true);
      expect((await p.progress()).errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    } finally {
      for (const c of ['isp-a', 'isp-b', 'ixp-1']) await clearFaults(c);
      await p.close();
    }
  });

  it('a corrupted segment yields a typed media error or recovery — never a hang', async () => {
    // Damaged box headers make the browser reject the bytes: what the player reports must say so
    // (a media error with a corruption code), not merely be some error.
    const CORRUPTION_CODES = ['SEGMENT_CORRUPT', 'MEDIA_APPEND_FAILED', 'MEDIA_DECODE_ERROR'];
    const p = await open('corrupt');
    await fault('isp-a', { mode: 'corrupt', pathPattern: '/video/', session: p.session, durationMs: 6000 });
    try {
      await p.load(`/manifest/vod?format=dash&session=${p.session}&caches=1`).catch(() => undefined);
      const deadline = Date.now() + 30_000;
      let outcome: 'failed' | 'played' | null = null;
      let last = await p.progress();
      while (!outcome && Date.now() < deadline) {
        last = await p.progress();
        if (last.errors.some((e) => e.severity === 'fatal')) outcome = 'failed';
        else if (last.currentTime > 8) outcome = 'played';
        else await p.page.waitForTimeout(500);
      }
      expect(outcome, `neither a fatal error nor playback past 8 s in 30 s; errors: ${JSON.stringify(last.errors)}`).not.toBeNull();
      expect(last.errors.length, 'the corruption went unreported').toBeGreaterThan(0);
      for (const e of last.errors) {
        expect(e.category, JSON.stringify(e)).toBe('media');
        expect(CORRUPTION_CODES, JSON.stringify(e)).toContain(e.code);
      }
    } finally {
      await clearFaults('isp-a');
      await p.close();
    }
  });
});
