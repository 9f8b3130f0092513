/**
 * The reduced bundle entries compose a ModularPlayer from only their modules
 * (entries/entry-components.ts — the very functions the entries call). These
 * tests drive that composition on the core's fake network and sink, so what
 * an entry leaves out is observable as behaviour, not only as bytes
 * (`npm run size` checks the bytes).
 */
import { describe, expect, it } from 'vitest';
import { ModularPlayer, Player, type EdgeplayError, type PlayerDeps } from '@edgeplay/core';
import { VirtualClock } from '../../sim/src/virtual-clock.js';
import { FakeEme } from '../../core/test/drm/fake-eme.js';
import { FakeNetwork, FakeSink, liveHlsPlaylist, vodMpd } from '../../core/test/player/fakes.js';
import { dashEntryComponents, hlsEntryComponents, noDrmEntryComponents } from '../src/entries/entry-components.js';

const KID = '0123456789abcdef0123456789abcdef';
const KID_UUID = `${KID.slice(0, 8)}-${KID.slice(8, 12)}-${KID.slice(12, 16)}-${KID.slice(16, 20)}-${KID.slice(20)}`;

function protectedMpd(): string {
  const cp = `<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="${KID_UUID}"/><ContentProtection schemeIdUri="urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e" value="ClearKey1.0"/>`;
  return vodMpd(20, 2).replace('<MPD ', '<MPD xmlns:cenc="urn:mpeg:cenc:2013" ').replace('<SegmentTemplate', `${cp}<SegmentTemplate`);
}

interface Rig {
  clock: VirtualClock;
  net: FakeNetwork;
  deps: PlayerDeps;
}

function rig(withEme: boolean): Rig {
  const clock = new VirtualClock();
  const net = new FakeNetwork(clock);
  net.text('protected.mpd', protectedMpd());
  net.text('clear.mpd', vodMpd(20, 2));
  net.text('live.m3u8', (now) => liveHlsPlaylist(60 + now / 1000, 2, 5));
  net.liveFirstSeq = 25; // segment 25 sits at presentation time 0 (60 s in, a 5-segment window of 2 s)
  const sink = new FakeSink(clock);
  return { clock, net, deps: { clock, network: net, sink, ...(withEme ? { eme: new FakeEme(['org.w3.clearkey']) } : {}) } };
}

/** Loads `url` and runs the virtual clock; the load's outcome (undefined, or the error it rejected with). */
async function load(player: ModularPlayer, clock: VirtualClock, url: string): Promise<EdgeplayError | undefined> {
  const loading = player.load(url).then(
    () => undefined,
    (e: unknown) => e as EdgeplayError,
  );
  await clock.advanceAsync(3000);
  return loading;
}

describe('no-drm entry', () => {
  for (const withEme of [true, false]) {
    it(`refuses protected content with DRM_NOT_REGISTERED before fetching media (${withEme ? 'with' : 'without'} an EME surface)`, async () => {
      const { clock, net, deps } = rig(withEme);
      const player = new ModularPlayer(deps, { drm: { clearKeys: { [KID]: 'fedcba9876543210fedcba9876543210' } } }, noDrmEntryComponents());
      const errors: EdgeplayError[] = [];
      player.on('error', (e) => errors.push(e));
      const outcome = await load(player, clock, 'https://cdn.example/protected.mpd');
      expect(outcome?.category).toBe('drm');
      expect(outcome?.code).toBe('DRM_NOT_REGISTERED');
      expect(outcome?.severity).toBe('fatal');
      expect(errors.map((e) => e.code)).toEqual(['DRM_NOT_REGISTERED']);
      expect(player.state).toBe('error');
      expect(net.files().filter((f) => f !== 'protected.mpd')).toEqual([]);
    });
  }

  it('the full Player on the same platform plays that content (the refusal is the missing module)', async () => {
    const { clock, deps } = rig(true);
    const player = new Player(deps, { drm: { clearKeys: { [KID]: 'fedcba9876543210fedcba9876543210' } } });
    expect(await load(player, clock, 'https://cdn.example/protected.mpd')).toBeUndefined();
    expect(player.state).toBe('playing');
  });

  it('plays clear content', async () => {
    const { clock, deps } = rig(false);
    const player = new ModularPlayer(deps, {}, noDrmEntryComponents());
    expect(await load(player, clock, 'https://cdn.example/clear.mpd')).toBeUndefined();
    expect(player.state).toBe('playing');
  });
});

describe('protocol entries', () => {
  it('the DASH entry plays DASH and refuses HLS with MANIFEST_WRONG_FORMAT', async () => {
    const { clock, deps } = rig(false);
    const dash = new ModularPlayer(deps, {}, dashEntryComponents());
    expect(await load(dash, clock, 'https://cdn.example/clear.mpd')).toBeUndefined();
    expect(dash.state).toBe('playing');
    const other = rig(false);
    const refused = await load(new ModularPlayer(other.deps, {}, dashEntryComponents()), other.clock, 'https://cdn.example/live.m3u8');
    expect(refused?.code).toBe('MANIFEST_WRONG_FORMAT');
  });

  it('the HLS entry plays HLS and refuses DASH with MANIFEST_WRONG_FORMAT', async () => {
    const { clock, deps } = rig(false);
    const hls = new ModularPlayer(deps, {}, hlsEntryComponents());
    expect(await load(hls, clock, 'https://cdn.example/live.m3u8')).toBeUndefined();
    expect(hls.state).toBe('playing');
    const other = rig(false);
    const refused = await load(new ModularPlayer(other.deps, {}, hlsEntryComponents()), other.clock, 'https://cdn.example/clear.mpd');
    expect(refused?.code).toBe('MANIFEST_WRONG_FORMAT');
  });
});
