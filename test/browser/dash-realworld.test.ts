/**
 * Real-world DASH cases in Chromium through Edgeplay (real MSE, real ClearKey
 * CDM, real TextTrack): app-held ClearKey keys on CENC signalled only for
 * Widevine/PlayReady, TTML sidecar subtitles placed by their region, TTML in
 * fMP4 (stpp), and VP9/Opus WebM SegmentBase made by ffmpeg. Manifests are
 * the reference server's (or ffmpeg's) with the case's change applied, served
 * through Playwright routes on the server's own origin.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Route } from 'playwright-core';
import { useChromiumSession } from './support/chromium-session.js';
import { openEdgeplay, type EdgeplayPage } from './support/edgeplay-page.js';
import { buildPsshBox } from '../../packages/core/src/drm/pssh.js';
import { CENC_KEYS } from '../../packages/server/src/fixtures/ladder.js';
import { ebuttd, stppInit } from '../../packages/core/test/text/stpp-boxes.js';
import { wvttSegment } from '../../packages/core/test/text/wvtt-boxes.js';

const chromium = useChromiumSession({ timeoutMs: 60_000 });
let webmDir = '';

afterAll(() => {
  if (webmDir) rmSync(webmDir, { recursive: true, force: true });
});

const WV = 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed';
const PR = '9a04f079-9840-4286-ab92-e65be0885f95';

async function serverManifest(title: string, session: string): Promise<string> {
  const r = await fetch(`${chromium.server.url}/manifest/${title}?format=dash&session=${session}`);
  expect(r.status).toBe(200);
  return r.text();
}

/** Serves `body` at `url` in the page (same origin as the server, so CORS and relative URLs behave). */
async function serve(p: EdgeplayPage, url: string, body: string | Buffer, contentType: string): Promise<void> {
  await p.page.route(url, (route: Route) => route.fulfill({ status: 200, body, headers: { 'content-type': contentType, 'access-control-allow-origin': '*' } }));
}

async function fatalErrors(p: EdgeplayPage) {
  return (await p.progress()).errors.filter((e) => e.severity === 'fatal');
}

/** The server's CENC manifest with its ClearKey descriptors replaced by Widevine + PlayReady ones (pssh with the default KID). */
function wvPrOnly(mpd: string): string {
  const descriptor = (kid: string) =>
    `<ContentProtection schemeIdUri="urn:uuid:${WV}" value="Widevine"><cenc:pssh>${Buffer.from(buildPsshBox(WV, [kid], new Uint8Array([0x12, 0x10, ...Buffer.from(kid, 'hex')]))).toString('base64')}</cenc:pssh></ContentProtection>` +
    `<ContentProtection schemeIdUri="urn:uuid:${PR}" value="MSPR 2.0"><cenc:pssh>${Buffer.from(buildPsshBox(PR, [kid])).toString('base64')}</cenc:pssh></ContentProtection>`;
  return mpd
    .replace(/<ContentProtection schemeIdUri="urn:uuid:(?:1077efec|e2719d58)[^"]*"[^>]*>[\s\S]*?<\/ContentProtection>/g, '')
    .replace(/(<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="([0-9a-f-]+)"\/>)/g, (_m, cp: string, kid: string) => cp + descriptor(kid.replace(/-/g, '')));
}

async function useAppKeys(p: EdgeplayPage): Promise<void> {
  await p.page.evaluate((keys) => {
    const { player } = (window as unknown as { __edgeplay: { player: { configure(c: object): void } } }).__edgeplay;
    player.configure({ drm: { clearKeys: keys } });
  }, { [CENC_KEYS.video.kid]: CENC_KEYS.video.key, [CENC_KEYS.audio.kid]: CENC_KEYS.audio.key });
}

describe('CENC signalled only for Widevine + PlayReady, played with app-held ClearKey keys', () => {
  it('plays vod-cenc whose ClearKey descriptors were replaced by Widevine and PlayReady ones', async () => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'cenc-wvpr');
    const rewritten = wvPrOnly(await serverManifest('vod-cenc', p.session));
    expect(rewritten).not.toMatch(/1077efec|e2719d58/);
    expect(rewritten).toContain(WV);
    await serve(p, `${chromium.server.url}/rewritten/cenc-wvpr.mpd`, rewritten, 'application/dash+xml');
    await useAppKeys(p);
    await p.load(`${chromium.server.url}/rewritten/cenc-wvpr.mpd`);
    await p.waitForTime(8, 45_000);
    const s = await p.progress();
    expect(s.frames).toBeGreaterThan(8 * 25 * 0.7);
    expect(await fatalErrors(p)).toEqual([]);
    await p.close();
  });

  it('a clear period (vod) followed by an encrypted one (vod-cenc, Widevine/PlayReady signalling) plays across the boundary', async () => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'clear-then-cenc');
    const videoOf = (mpd: string) => ({
      bases: (mpd.match(/<BaseURL[^>]*>[^<]*<\/BaseURL>/g) ?? []).join(''),
      video: /<AdaptationSet[^>]*contentType="video"[\s\S]*?<\/AdaptationSet>/.exec(mpd)![0],
    });
    const clear = videoOf(await serverManifest('vod', p.session));
    const enc = videoOf(wvPrOnly(await serverManifest('vod-cenc', p.session)));
    const mpd = `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013" type="static" mediaPresentationDuration="PT16S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">` +
      `<Period id="clear" start="PT0S" duration="PT8S">${clear.bases}${clear.video}</Period>` +
      `<Period id="enc" start="PT8S" duration="PT8S">${enc.bases}${enc.video}</Period></MPD>`;
    await serve(p, `${chromium.server.url}/rewritten/clear-then-cenc.mpd`, mpd, 'application/dash+xml');
    await useAppKeys(p);
    await p.load(`${chromium.server.url}/rewritten/clear-then-cenc.mpd`);
    await p.waitForTime(13, 45_000);
    const s = await p.progress();
    expect(s.frames).toBeGreaterThan(13 * 25 * 0.7);
    expect(await fatalErrors(p)).toEqual([]);
    const paths = (await p.requests()).map((r) => r.path);
    // Period 1 from the clear title, period 2 (played past 8 s) from the encrypted one.
    expect(paths.some((x) => x.startsWith('vod/video/') && x.endsWith('.m4s'))).toBe(true);
    expect(paths.some((x) => x.startsWith('vod-cenc/video/') && x.endsWith('.m4s'))).toBe(true);
    await p.close();
  });
});

/** Text track cues of the video element, as plain data. */
async function cues(p: EdgeplayPage): Promise<{ start: number; end: number; text: string; line: number | string; position: number | string; size: number; snapToLines: boolean; align: string }[]> {
  return p.page.evaluate(() => {
    const v = document.querySelector('video')!;
    const out: { start: number; end: number; text: string; line: number | string; position: number | string; size: number; snapToLines: boolean; align: string }[] = [];
    for (const track of Array.from(v.textTracks)) {
      for (const c of Array.from(track.cues ?? []) as VTTCue[]) out.push({ start: c.startTime, end: c.endTime, text: c.text, line: c.line, position: c.position, size: c.size, snapToLines: c.snapToLines, align: c.align });
    }
    return out.sort((a, b) => a.start - b.start);
  });
}

async function waitForCues(p: EdgeplayPage, n: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await cues(p);
    if (c.length >= n) return c;
    if (Date.now() > deadline) throw new Error(`only ${c.length} cues after ${timeoutMs} ms; errors ${JSON.stringify((await p.progress()).errors)}`);
    await p.page.waitForTimeout(250);
  }
}

describe('TTML subtitles in Chromium', () => {
  it('sidecar application/ttml+xml (EBU-TT-D): VTTCues with the text, times and region placement', async () => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'ttml-sidecar');
    const mpd = await serverManifest('vod', p.session);
    const as = `<AdaptationSet id="90" contentType="text" mimeType="application/ttml+xml" lang="sv"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/><Representation id="ttml-sv" bandwidth="500"><BaseURL>${chromium.server.url}/rewritten/subs-sv.ttml</BaseURL></Representation></AdaptationSet>`;
    await serve(p, `${chromium.server.url}/rewritten/ttml.mpd`, mpd.replace('</Period>', `${as}</Period>`), 'application/dash+xml');
    await serve(p, `${chromium.server.url}/rewritten/subs-sv.ttml`, ebuttd([['00:00:01.000', '00:00:03.000', 'Hej'], ['00:00:04.000', '00:00:06.500', 'Hej då']]), 'application/ttml+xml');
    await p.page.evaluate(() => {
      const { player } = (window as unknown as { __edgeplay: { player: { configure(c: object): void } } }).__edgeplay;
      player.configure({ preferences: { textLanguage: 'sv' } });
    });
    await p.load(`${chromium.server.url}/rewritten/ttml.mpd`);
    const c = await waitForCues(p, 2);
    expect(c.map((x) => [x.start, x.end, x.text])).toEqual([
      [1, 3, 'Hej'],
      [4, 6.5, 'Hej då'],
    ]);
    // Region 10% 70% / 80% × 20%, displayAlign after, textAlign center.
    expect(c[0]).toMatchObject({ snapToLines: false, line: 90, position: 10, size: 80, align: 'center' });
    expect(await fatalErrors(p)).toEqual([]);
    await p.close();
  });

  it('stpp in fMP4: cues from every segment on the presentation timeline', async () => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'ttml-stpp');
    const mpd = await serverManifest('vod', p.session);
    const as = `<AdaptationSet id="91" contentType="text" mimeType="application/mp4" codecs="stpp.ttml.etd1" lang="sv"><BaseURL>${chromium.server.url}/rewritten/stpp/</BaseURL><SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="init.mp4" media="seg-$Number$.m4s"/><Representation id="stpp-sv" bandwidth="1000"/></AdaptationSet>`;
    await serve(p, `${chromium.server.url}/rewritten/stpp.mpd`, mpd.replace('</Period>', `${as}</Period>`), 'application/dash+xml');
    await serve(p, `${chromium.server.url}/rewritten/stpp/init.mp4`, Buffer.from(stppInit(1, 1000)), 'video/mp4');
    await p.page.route(`${chromium.server.url}/rewritten/stpp/seg-*.m4s`, (route: Route) => {
      const n = Number(/seg-(\d+)\.m4s/.exec(route.request().url())![1]);
      const t = (n - 1) * 4;
      const clock = (s: number) => `00:00:${String(Math.floor(s)).padStart(2, '0')}.${String(Math.round((s % 1) * 1000)).padStart(3, '0')}`;
      const doc = ebuttd([[clock(t + 1), clock(t + 2.5), `Rad ${n}`]]);
      return route.fulfill({ status: 200, body: Buffer.from(wvttSegment(1, t * 1000, [{ duration: 4000, data: new TextEncoder().encode(doc) }])), headers: { 'content-type': 'video/mp4', 'access-control-allow-origin': '*' } });
    });
    await p.page.evaluate(() => {
      const { player } = (window as unknown as { __edgeplay: { player: { configure(c: object): void } } }).__edgeplay;
      player.configure({ preferences: { textLanguage: 'sv' } });
    });
    await p.load(`${chromium.server.url}/rewritten/stpp.mpd`);
    const c = await waitForCues(p, 3);
    expect(c.slice(0, 3).map((x) => [x.start, x.end, x.text])).toEqual([
      [1, 2.5, 'Rad 1'],
      [5, 6.5, 'Rad 2'],
      [9, 10.5, 'Rad 3'],
    ]);
    expect((await p.progress()).errors.filter((e) => e.code === 'TEXT_INVALID')).toEqual([]);
    await p.close();
  });
});

describe('styled overlay for what VTTCue cannot show', () => {
  it('OverlayTextRenderer draws TTML regions, span colours and an embedded PNG image subtitle', async () => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'overlay');
    const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const doc = `<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:smpte="http://www.smpte-ra.org/schemas/2052-1/2010/smpte-tt"><head><metadata><smpte:image xml:id="i0" imagetype="PNG" encoding="Base64">${PNG}</smpte:image></metadata><layout><region xml:id="top" tts:origin="10% 5%" tts:extent="80% 20%"/><region xml:id="low" tts:origin="20% 80%" tts:extent="60% 10%"/></layout></head><body><div region="top" begin="0s" end="100s"><p tts:textAlign="center">white <span tts:color="#ff0000" tts:backgroundColor="#0000ff">red on blue</span></p></div><div region="low" begin="0s" end="100s" smpte:backgroundImage="#i0"/></body></tt>`;
    // A string, not a function: the test runner rewrites dynamic import() in functions it compiles.
    const script = `(async (ttml) => {
      const m = await import('/dist/web/edgeplay.bundle.mjs');
      const video = document.querySelector('video');
      const wrap = document.createElement('div');
      Object.assign(wrap.style, { position: 'relative', width: '640px', height: '360px' });
      document.body.appendChild(wrap);
      const overlay = new m.OverlayTextRenderer(wrap, video);
      overlay.addCues(m.parseTtml(ttml));
      overlay.setVisible(true);
      await new Promise((r) => setTimeout(r, 300));
      const boxes = Array.from(wrap.querySelectorAll('.edgeplay-cue'));
      const span = wrap.querySelector('.edgeplay-cue span:nth-child(2)');
      const img = wrap.querySelector('img');
      await img.decode();
      const rect = (e) => e.getBoundingClientRect();
      const w = rect(wrap);
      return {
        boxes: boxes.map((b) => ({ left: Math.round(rect(b).left - w.left), top: Math.round(rect(b).top - w.top), width: Math.round(rect(b).width) })),
        span: { text: span.textContent, color: getComputedStyle(span).color, background: getComputedStyle(span).backgroundColor },
        align: getComputedStyle(wrap.querySelector('p')).textAlign,
        image: img.naturalWidth,
      };
    })(${JSON.stringify(doc)})`;
    const seen = (await p.page.evaluate(script)) as { boxes: { left: number; top: number; width: number }[]; span: Record<string, string>; align: string; image: number };
    expect(seen.boxes).toEqual([
      { left: 64, top: 18, width: 512 },
      { left: 128, top: 288, width: 384 },
    ]);
    expect(seen.span).toEqual({ text: 'red on blue', color: 'rgb(255, 0, 0)', background: 'rgb(0, 0, 255)' });
    expect(seen.align).toBe('center');
    expect(seen.image).toBe(1);
    await p.close();
  });
});

describe('WebM SegmentBase (VP9 + Opus, ffmpeg -dash 1)', () => {
  it('plays through its Cues index with byte-range requests', async () => {
    webmDir = mkdtempSync(path.join(tmpdir(), 'edgeplay-webm-browser-'));
    const ff = (...args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd: webmDir });
    ff('-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-t', '12', '-c:v', 'libvpx-vp9', '-b:v', '300k', '-g', '50', '-keyint_min', '50', '-deadline', 'realtime', '-cpu-used', '8', '-dash', '1', '-f', 'webm', 'v.webm');
    ff('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '12', '-c:a', 'libopus', '-b:a', '64k', '-dash', '1', '-dash_track_number', '1', '-f', 'webm', 'a.webm');
    ff('-f', 'webm_dash_manifest', '-i', 'v.webm', '-f', 'webm_dash_manifest', '-i', 'a.webm', '-c', 'copy', '-map', '0', '-map', '1', '-f', 'webm_dash_manifest', '-adaptation_sets', 'id=0,streams=0 id=1,streams=1', 'm.mpd');
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'webm');
    const ranges: string[] = [];
    await p.page.route(`${chromium.server.url}/rewritten/webm/*`, (route: Route) => {
      const name = route.request().url().split('/').pop()!;
      const file = readFileSync(path.join(webmDir, name));
      const range = /bytes=(\d+)-(\d*)/.exec(route.request().headers()['range'] ?? '');
      const headers = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'content-range', 'content-type': name.endsWith('.mpd') ? 'application/dash+xml' : 'video/webm' };
      if (!range) return route.fulfill({ status: 200, body: file, headers });
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), file.length - 1) : file.length - 1;
      ranges.push(`${name}:${start}-${end}`);
      return route.fulfill({ status: 206, body: file.subarray(start, end + 1), headers: { ...headers, 'content-range': `bytes ${start}-${end}/${file.length}` } });
    });
    await p.load(`${chromium.server.url}/rewritten/webm/m.mpd`);
    await p.waitForTime(6, 45_000);
    const s = await p.progress();
    expect(s.frames).toBeGreaterThan(6 * 25 * 0.7);
    expect(await fatalErrors(p)).toEqual([]);
    expect(ranges.filter((r) => r.startsWith('v.webm')).length).toBeGreaterThanOrEqual(3); // init + Cues + clusters
    await p.close();
  });
});
