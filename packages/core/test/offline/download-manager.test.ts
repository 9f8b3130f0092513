import { describe, expect, it } from 'vitest';
import { DownloadManager, type DownloadProgress } from '../../src/offline/download-manager.js';
import { MemoryOfflineStore } from '../../src/offline/offline-store.js';
import { OfflineNetworkClient } from '../../src/offline/offline-network-client.js';
import { downloadedTracksOnly } from '../../src/offline/downloaded-tracks-only.js';
import { defaultManifestFormats } from '../../src/player/manifest-formats.js';
import { playableUntil } from '../../src/offline/download-record.js';
import { Player } from '../../src/player/player.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, vodMpd } from '../player/fakes.js';

const MPD_URL = 'https://cdn-a.example/title/manifest.mpd';
const DURATION = 60;
const SEG = 2;

/** The fake network's MPD with two ranked caches (BaseURLs) in front of the same media. */
function twoCacheMpd(): string {
  return vodMpd(DURATION, SEG).replace('<Period id="p0" start="PT0S">', '<BaseURL serviceLocation="a">https://cdn-a.example/title/</BaseURL><BaseURL serviceLocation="b">https://cdn-b.example/title/</BaseURL><Period id="p0" start="PT0S">');
}

function setup(options: { quota?: number | null; parallelism?: number; bps?: number } = {}) {
  const clock = new VirtualClock();
  const net = new FakeNetwork(clock, SEG);
  const bps = options.bps ?? 20_000_000;
  net.throughput = () => bps;
  net.text('manifest.mpd', twoCacheMpd());
  const store = new MemoryOfflineStore(options.quota ?? null);
  const manager = new DownloadManager({ network: net, clock, store, parallelism: options.parallelism ?? 4, newId: () => 'title-1' });
  return { clock, net, store, manager };
}

/** Runs the virtual clock until `done` settles (bounded). */
async function until<T>(clock: VirtualClock, done: Promise<T>, limitMs = 600_000): Promise<T> {
  let settled = false;
  void done.then(() => (settled = true), () => (settled = true));
  for (let t = 0; t < limitMs && !settled; t += 100) await clock.advanceAsync(100);
  expect(settled).toBe(true);
  return done;
}

const segmentRequests = (net: FakeNetwork) => net.requests.filter((r) => r.kind === 'segment' && !r.aborted && r.status === 200).map((r) => r.url.split('/').pop()!);

describe('DownloadManager', () => {
  it('estimates from bandwidth × duration, downloads the chosen rendition manifest-first, and reports byte-weighted progress', async () => {
    const { clock, net, store, manager } = setup();
    const est = await until(clock, manager.estimate(MPD_URL, { maxHeight: 720 }));
    // v2 (1.5 Mb/s, 720p) × 60 s = 11.25 MB, plus an init estimate.
    expect(est.tracks.map((t) => t.id)).toEqual(['v2']);
    expect(est.bytes).toBeGreaterThan(11_000_000);
    expect(est.bytes).toBeLessThan(11_500_000);

    const op = await until(clock, manager.store(MPD_URL, { maxHeight: 720 }));
    expect((await store.getRecord('title-1'))!.resources).toHaveLength(1 + DURATION / SEG);
    const progress: DownloadProgress[] = [];
    op.on('progress', (p) => progress.push(p));
    const record = await until(clock, op.done);
    expect(record.state).toBe('complete');
    expect(segmentRequests(net).every((f) => f.startsWith('seg-v2-'))).toBe(true);
    expect(new Set(segmentRequests(net)).size).toBe(DURATION / SEG);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]! - 1e-9)).toBe(true);
    expect(fractions.at(-1)).toBeCloseTo(1, 6);
    expect(progress.some((p) => p.etaS !== null && p.etaS > 0)).toBe(true);
    expect(playableUntil(record)).toBe(DURATION);
  });

  it('pauses without losing what is stored, and resumes without fetching anything twice', async () => {
    // 1 Mb/s: a 125 KB segment takes ~1 s, so the pause lands mid-download.
    const { clock, net, manager } = setup({ parallelism: 2, bps: 1_000_000 });
    const op = await until(clock, manager.store(MPD_URL, { maxHeight: 360 }));
    await clock.advanceAsync(5000);
    await op.pause();
    const before = segmentRequests(net).length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(DURATION / SEG);
    expect(op.progress().state).toBe('paused');
    await clock.advanceAsync(20_000);
    expect(net.requests.filter((r) => r.kind === 'segment' && r.at > clock.now() - 19_000)).toEqual([]);
    op.resume();
    const record = await until(clock, op.done);
    expect(record.state).toBe('complete');
    const all = segmentRequests(net);
    expect(all).toHaveLength(DURATION / SEG);
    expect(new Set(all).size).toBe(all.length);
  });

  it('after an abort, a new manager on the same storage (a page reload) continues where it stopped', async () => {
    const { clock, net, store, manager } = setup({ parallelism: 1 });
    const op = await until(clock, manager.store(MPD_URL, { maxHeight: 360 }));
    await clock.advanceAsync(2000);
    await op.abort();
    const first = segmentRequests(net);
    expect((await until(clock, op.done)).state).toBe('paused');
    expect((await store.getRecord('title-1'))!.resources.filter((r) => r.bytes !== undefined).length).toBeGreaterThan(1);

    const reloaded = new DownloadManager({ network: net, clock, store });
    const resumed = await until(clock, reloaded.resume('title-1'));
    expect((await until(clock, resumed.done)).state).toBe('complete');
    const second = segmentRequests(net).slice(first.length);
    expect(second.filter((f) => first.includes(f))).toEqual([]);
    expect(first.length + second.length).toBe(DURATION / SEG);
  });

  it('adopts resources stored after the last record write (page closed between persists) instead of fetching them again', async () => {
    const { clock, net, store, manager } = setup();
    const op = await until(clock, manager.store(MPD_URL, { maxHeight: 360 }));
    await until(clock, op.done);
    const rec = (await store.getRecord('title-1'))!;
    for (const r of rec.resources.slice(5, 12)) { delete r.bytes; delete r.checksum; }
    rec.state = 'downloading';
    await store.putRecord(rec);
    const before = net.requests.length;
    const resumed = await until(clock, new DownloadManager({ network: net, clock, store }).resume('title-1'));
    expect((await until(clock, resumed.done)).state).toBe('complete');
    expect(net.requests.length).toBe(before);
  });

  it('refuses a download that would not fit in 95 % of the quota, storing nothing', async () => {
    const { clock, store, manager } = setup({ quota: 10_000_000 });
    const err = await until(clock, manager.store(MPD_URL, { maxHeight: 720 }).then(() => null, (e: EdgeplayError) => e));
    expect(err?.code).toBe('OFFLINE_QUOTA_EXCEEDED');
    expect(await store.listRecords()).toEqual([]);
    // The 360p rendition (3.75 MB) fits.
    const op = await until(clock, manager.store(MPD_URL, { maxHeight: 360 }));
    expect((await until(clock, op.done)).state).toBe('complete');
  });

  it('a cache failing mid-download fails over to the next one and the download completes', async () => {
    const { clock, net, manager } = setup({ parallelism: 2, bps: 1_000_000 });
    const op = await until(clock, manager.store(MPD_URL, { maxHeight: 360 }));
    await clock.advanceAsync(5000);
    const fromAEarly = net.requests.filter((r) => r.status === 200 && r.kind === 'segment' && r.url.startsWith('https://cdn-a.example/')).length;
    expect(fromAEarly).toBeGreaterThan(0);
    // Cache A starts refusing every segment: 404 for everything under cdn-a.
    net.routes.unshift({ match: (u) => u.startsWith('https://cdn-a.example/') && u.includes('seg-'), respond: () => null });
    const record = await until(clock, op.done);
    expect(record.state).toBe('complete');
    const okFromB = net.requests.filter((r) => r.status === 200 && r.url.startsWith('https://cdn-b.example/'));
    expect(okFromB.length).toBeGreaterThan(5);
  });

  it('detects a corrupt stored segment (checksum) and re-fetches only that one', async () => {
    const { clock, net, store, manager } = setup();
    const op = await until(clock, manager.store(MPD_URL, { maxHeight: 360 }));
    const record = await until(clock, op.done);
    const victim = record.resources.find((r) => r.kind === 'segment' && r.start === 20)!;
    expect(store.corrupt('title-1', victim.key)).toBe(true);
    expect(await manager.verify('title-1')).toEqual([victim.key]);
    const before = net.requests.length;
    const again = await until(clock, manager.resume('title-1'));
    expect((await until(clock, again.done)).state).toBe('complete');
    const refetched = net.requests.slice(before).filter((r) => r.kind === 'segment').map((r) => r.url.split('/').pop());
    expect(refetched).toEqual(['seg-v1-11.m4s']);
    expect(await manager.verify('title-1')).toEqual([]);
  });

  it('remove() frees the storage', async () => {
    const { clock, store, manager } = setup({ quota: 1e9 });
    const op = await until(clock, manager.store(MPD_URL, { maxHeight: 360 }));
    await until(clock, op.done);
    expect((await store.estimate())!.usage).toBeGreaterThan(0);
    await manager.remove('title-1');
    expect((await store.estimate())!.usage).toBe(0);
    expect(await manager.list()).toEqual([]);
  });

  it('plays a stored title through the same Player with no network at all, on the downloaded rendition only', async () => {
    const { clock, net, store, manager } = setup();
    const op = await until(clock, manager.store(MPD_URL, { maxHeight: 720 }));
    await until(clock, op.done);
    const requestsBefore = net.requests.length;
    const sink = new FakeSink(clock);
    const offline = new OfflineNetworkClient(store, null, clock);
    const player = new Player({ clock, network: offline, sink }, {}, { manifestParsers: downloadedTracksOnly(defaultManifestFormats(), () => offline.playing()) });
    const served: string[] = [];
    player.on('trackchanged', (e) => { if (e.type === 'video' && e.track) served.push(e.track.id); });
    const errors: EdgeplayError[] = [];
    player.on('error', (e) => errors.push(e));
    await until(clock, player.load('offline:title-1'));
    await clock.advanceAsync(25_000);
    expect(sink.currentTime()).toBeGreaterThan(20);
    expect(errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    expect(net.requests.length).toBe(requestsBefore);
    expect(player.getTracks().filter((t) => t.type === 'video').map((t) => t.id)).toEqual(['v2']);
    expect(new Set(served)).toEqual(new Set(['v2']));
    await player.destroy();
  });
});
