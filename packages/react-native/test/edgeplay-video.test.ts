import './support/redirect-native-modules.js';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the native component's props are read and its handlers called with loosely typed native payloads
type NativeProps = Record<string, any>;
import { createElement } from 'react';
import { act, render } from '@testing-library/react-native';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sim/src/virtual-clock.js';
import type { EdgeplayError } from '../../core/src/errors/edgeplay-error.js';
import { EdgeplayVideo, type EdgeplaySource } from '../src/index.js';
import { ScriptedNetwork, type ScriptedAnswer } from './support/scripted-network.js';

const MPD = `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT120S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
  <Period id="p0">
    <AdaptationSet contentType="video" mimeType="video/mp4" segmentAlignment="true">
      <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Number$.m4s"/>
      <Representation id="v360" bandwidth="750000" codecs="avc1.64001e" width="640" height="360"/>
      <Representation id="v720" bandwidth="2850000" codecs="avc1.64001f" width="1280" height="720"/>
      <Representation id="v1080" bandwidth="4300000" codecs="avc1.640028" width="1920" height="1080"/>
    </AdaptationSet>
  </Period>
</MPD>`;

const CACHES = [
  { id: 'isp-a', manifestUrl: 'https://a.cdn.test/title/manifest.mpd' },
  { id: 'isp-b', manifestUrl: 'https://b.cdn.test/title/manifest.mpd' },
  { id: 'ixp-1', manifestUrl: 'https://c.cdn.test/title/manifest.mpd' },
];

async function setup(source: Partial<EdgeplaySource> = {}, answer: (url: string, method: string) => ScriptedAnswer = () => ({ body: MPD })) {
  const clock = new VirtualClock();
  const network = new ScriptedNetwork(clock, (req) => answer(req.url, req.method ?? 'GET'));
  const errors: EdgeplayError[] = [];
  const caches: string[] = [];
  const element = createElement(EdgeplayVideo, {
    source: { caches: CACHES, ...source },
    platform: { clock, network },
    onEdgeplayError: (e: EdgeplayError) => errors.push(e),
    onCacheChange: (c: string) => caches.push(c),
    style: { flex: 1 },
  });
  const view = await render(element);
  const advance = (ms: number) => act(async () => { await clock.advanceAsync(ms); });
  // Queries of the render result: the CommonJS `screen` binding is copied at import time under Vite's interop.
  const video = () => view.getByTestId('native-video').props as NativeProps;
  return { clock, network, errors, caches, view, advance, video };
}

describe('<EdgeplayVideo>', () => {
  it('renders nothing until core has loaded the manifest, then gives the native player the first cache', async () => {
    const t = await setup({ startTime: 12 });
    expect(t.view.queryByTestId('native-video')).toBeNull();
    await t.advance(100);
    const v = t.video();
    expect(v.source).toEqual({ uri: CACHES[0]!.manifestUrl, startPosition: 12 });
    expect(v.reportBandwidth).toBe(true);
    expect(v.style).toEqual({ flex: 1 });
    expect(t.network.log[0]!.kind).toBe('manifest');
    expect(t.caches).toEqual(['isp-a']);
  });

  it('starts on the next cache when the first does not serve the manifest', async () => {
    const t = await setup({}, (url) => (url.startsWith('https://a.') ? 'refuse' : { body: MPD }));
    await t.advance(5000);
    expect(t.video().source.uri).toBe(CACHES[1]!.manifestUrl);
  });

  it('maps DRM onto the native drm prop and ABR hints onto maxBitRate / selectedVideoTrack', async () => {
    const t = await setup({
      drm: { type: 'widevine', licenseUrl: 'https://lic.test/wv', headers: { Authorization: 'Bearer tok' } },
      abr: { maxBitrate: 3_000_000, maxHeight: 800 },
    });
    await t.advance(100);
    const v = t.video();
    expect(v.drm).toEqual({ type: 'widevine', licenseServer: 'https://lic.test/wv', headers: { Authorization: 'Bearer tok' } });
    expect(v.maxBitRate).toBe(3_000_000);
    // The highest rung at or below 800 lines is 720p.
    expect(v.selectedVideoTrack).toEqual({ type: 'resolution', value: 720 });
  });

  it('a native error moves to the next cache at the last position, and the app handler still runs', async () => {
    const appErrors: unknown[] = [];
    const clock = new VirtualClock();
    const network = new ScriptedNetwork(clock, () => ({ body: MPD }));
    const cdn: string[] = [];
    const view = await render(createElement(EdgeplayVideo, { source: { caches: CACHES }, platform: { clock, network }, onError: (e: unknown) => appErrors.push(e), onCacheChange: (c: string) => cdn.push(c) }));
    await act(async () => { await clock.advanceAsync(100); });
    const v1 = view.getByTestId('native-video').props as NativeProps;
    await act(async () => { v1.onLoad({ currentTime: 0, duration: 120 }); v1.onProgress({ currentTime: 42.5, playableDuration: 60, seekableDuration: 120 }); });
    await act(async () => { v1.onError({ error: { errorString: 'HTTP 503' } }); });
    const v2 = view.getByTestId('native-video').props as NativeProps;
    expect(v2.source).toEqual({ uri: CACHES[1]!.manifestUrl, startPosition: 42.5 });
    expect(appErrors).toHaveLength(1);
    expect(cdn).toEqual(['isp-a', 'isp-b']);
  });

  it('a stall longer than stallFailoverMs fails over; a short one does not', async () => {
    const t = await setup({ stallFailoverMs: 4000 });
    await t.advance(100);
    await act(async () => { t.video().onProgress({ currentTime: 10 }); t.video().onBuffer({ isBuffering: true }); });
    await t.advance(2000);
    await act(async () => { t.video().onBuffer({ isBuffering: false }); t.video().onProgress({ currentTime: 11 }); });
    await t.advance(5000);
    expect(t.video().source.uri).toBe(CACHES[0]!.manifestUrl);
    await act(async () => { t.video().onBuffer({ isBuffering: true }); });
    await t.advance(4100);
    expect(t.video().source).toEqual({ uri: CACHES[1]!.manifestUrl, startPosition: 11 });
  });

  it('every cache failing is one fatal typed error', async () => {
    const t = await setup();
    await t.advance(100);
    for (let i = 0; i < CACHES.length; i++) await act(async () => { t.video().onError({ error: { code: -1 } }); });
    const fatal = t.errors.filter((e) => e.severity === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.code).toBe('ALL_PATHWAYS_FAILED');
  });

  it('bandwidth reports feed the core estimator', async () => {
    const clock = new VirtualClock();
    const network = new ScriptedNetwork(clock, () => ({ body: MPD }));
    let session: import('../src/index.js').NativePlaybackSession | null = null;
    const { useEdgeplay } = await import('../src/index.js');
    function Probe() {
      const s = useEdgeplay({ caches: CACHES }, { clock, network });
      session = s.session;
      return null;
    }
    await render(createElement(Probe));
    await act(async () => { await clock.advanceAsync(100); });
    for (let i = 0; i < 8; i++) {
      session!.handleBandwidth({ bitrate: 5_000_000 });
      await act(async () => { await clock.advanceAsync(1000); });
    }
    expect(session!.getBandwidthEstimate()).toBeGreaterThan(4_000_000);
    expect(session!.getBandwidthEstimate()).toBeLessThan(6_000_000);
  });

  it('heartbeats run while playing and the lease is released on unmount', async () => {
    const t = await setup({
      drm: { type: 'clearkey', licenseUrl: 'https://lic.test/ck', session: { heartbeatUrl: 'https://lic.test/hb', heartbeatIntervalMs: 10_000, releaseUrl: 'https://lic.test/release', releaseMethod: 'DELETE' } },
    }, (url) => (url.includes('lic.test') ? { status: 204 } : { body: MPD }));
    await t.advance(100);
    await act(async () => { t.video().onLoad({ currentTime: 0, duration: 120 }); });
    await t.advance(31_000);
    const beats = t.network.log.filter((r) => r.url === 'https://lic.test/hb');
    expect(beats.length).toBe(3);
    expect(beats.every((b) => b.method === 'POST')).toBe(true);
    await t.view.unmount();
    await t.advance(100);
    expect(t.network.log.filter((r) => r.url === 'https://lic.test/release' && r.method === 'DELETE')).toHaveLength(1);
    await t.advance(30_000);
    expect(t.network.log.filter((r) => r.url === 'https://lic.test/hb').length).toBe(3);
  });

  it('QoE telemetry from native events goes to the endpoint through core', async () => {
    const t = await setup({ telemetry: { endpoint: 'https://qoe.test/beacon', batchMs: 1000 } });
    await t.advance(100);
    await act(async () => { t.video().onLoad({ currentTime: 0, duration: 120 }); t.video().onBuffer({ isBuffering: true }); });
    await act(async () => { t.video().onError({ error: { code: 1 } }); });
    await t.advance(2000);
    const posts = t.network.log.filter((r) => r.url === 'https://qoe.test/beacon');
    expect(posts.length).toBeGreaterThan(0);
    const events = posts.flatMap((p) => JSON.parse(String(p.body)).events as { type: string }[]).map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(['startup', 'stall', 'cdn-switch']));
  });
});
