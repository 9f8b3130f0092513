/**
 * Simulated live from a VOD title (tiny fixture: 2 × 4 s segments per loop),
 * on an injected clock, read back through Edgeplay's own parsers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDashManifest, parseHlsManifest, parseHlsMediaPlaylist, type HlsMediaPlaylist } from '@edgeplay/core';
import { startServer, type RunningServer } from '../src/index.js';
import { makeTinyFixtures } from './support/tiny-fixtures.js';

let server: RunningServer;
let clock = Date.parse('2026-01-01T00:00:00Z');

beforeAll(async () => {
  const { fixturesRoot } = makeTinyFixtures();
  server = await startServer({ fixturesRoot, caches: 1, livePrerollSeconds: 60, now: () => clock });
});
afterAll(async () => server?.close());

const get = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, text: await res.text() };
};

describe('live DASH', () => {
  it('is a dynamic MPD with one period per loop in the window, segments up to the live edge', async () => {
    const { text } = await get('/live/vod/manifest.mpd?session=l1');
    const p = parseDashManifest(text, { manifestUrl: `${server.url}/live/vod/manifest.mpd`, now: clock });
    expect(p).toMatchObject({ type: 'live', timeShiftBufferDepth: 30, minimumUpdatePeriod: 2 });
    expect(p.availabilityStartTime).toBe(clock - 60_000);
    expect(p.utcTiming[0]!.value).toBe(`${server.url}/time`);
    // 60 s into an 8 s loop: periods for loops 3..7, the last one open.
    expect(p.periods.map((x) => x.start)).toEqual([24, 32, 40, 48, 56]);
    const last = p.periods.at(-1)!.switchingSets[0]!.tracks[0]!;
    expect(last.segmentIndex!.get(last.segmentIndex!.length - 1)).toMatchObject({ start: 56, end: 60, uri: 'video/v1/seg-1.m4s' });
    expect(last.baseUrls.map((b) => b.pathwayId)).toEqual(['isp-a', 'origin']);
    expect(last.baseUrls[0]!.url).toContain('/s/l1/media/vod/');
  });

  it('follows the clock: 8 s later the next loop has its first segment', async () => {
    clock += 8_000;
    const p = parseDashManifest((await get('/live/vod/manifest.mpd')).text, { manifestUrl: server.url + '/live', now: clock });
    const last = p.periods.at(-1)!.switchingSets[0]!.tracks[0]!;
    expect(p.periods.at(-1)!.start).toBe(64);
    expect(last.segmentIndex!.get(last.segmentIndex!.length - 1)).toMatchObject({ start: 64, end: 68 });
    expect((await fetch(`${server.url}/time`).then((r) => r.text()))).toBe(new Date(clock).toISOString());
  });
});

describe('live HLS', () => {
  it('slides a window with media sequence, discontinuities at loop boundaries and PDT; no ENDLIST', async () => {
    const master = parseHlsManifest((await get('/live/vod/master.m3u8')).text, { manifestUrl: `${server.url}/live/vod/master.m3u8` });
    const v = master.periods[0]!.switchingSets.find((s) => s.type === 'video')!.tracks[0]!;
    const url = v.baseUrls[0]!.url;
    expect(url).toBe(`${server.url}/live/vod/video/v1/playlist.m3u8`);
    const read = async (prev?: HlsMediaPlaylist) => parseHlsMediaPlaylist(await fetch(url).then((r) => r.text()), prev ? { playlistUrl: url, previous: prev } : { playlistUrl: url });
    const a = await read();
    expect(a.endList).toBe(false);
    expect(a.segments).toHaveLength(6);
    const lastA = a.segments.at(-1)!;
    expect(lastA.uri).toMatch(/\/media\/vod\/video\/v1\/seg-[12]\.m4s$/);
    expect(new Set(a.segments.map((s) => s.discontinuity)).size).toBeGreaterThan(1); // crosses loop boundaries
    expect(lastA.programDateTime! - a.segments[0]!.programDateTime!).toBe(5 * 4000);
    clock += 8_000;
    const b = await read(a);
    expect(b.mediaSequence).toBe(a.mediaSequence + 2);
    // A segment keeps its start time across reloads.
    expect(b.segments.find((s) => s.sequence === lastA.sequence)!.start).toBe(lastA.start);
    expect((await get('/live/vod/video/nope/playlist.m3u8')).status).toBe(404);
    expect((await get('/live/nope/master.m3u8')).status).toBe(404);
  });
});
