import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import { isEdgeplayError, type EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeEme } from '../drm/fake-eme.js';
import { FakeNetwork, FakeSink, vodMpd } from './fakes.js';

const KID = '0123456789abcdef0123456789abcdef';
const KEY = 'fedcba9876543210fedcba9876543210';
const KID_UUID = `${KID.slice(0, 8)}-${KID.slice(8, 12)}-${KID.slice(12, 16)}-${KID.slice(16, 20)}-${KID.slice(20)}`;

function protectedMpd(): string {
  const cp = `<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="${KID_UUID}"/><ContentProtection schemeIdUri="urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e" value="ClearKey1.0"/>`;
  return vodMpd(20, 2)
    .replace('<MPD ', '<MPD xmlns:cenc="urn:mpeg:cenc:2013" ')
    .replace('<SegmentTemplate', `${cp}<SegmentTemplate`);
}

async function run(eme: FakeEme) {
  const clock = new VirtualClock();
  const net = new FakeNetwork(clock);
  net.text('manifest.mpd', protectedMpd());
  const sink = new FakeSink(clock);
  const player = new Player({ clock, network: net, sink, eme }, { drm: { clearKeys: { [KID]: KEY } } });
  const errors: EdgeplayError[] = [];
  player.on('error', (e) => errors.push(e));
  const loading = player.load('https://cdn.example/manifest.mpd').catch((e: unknown) => e as EdgeplayError);
  await clock.advanceAsync(100);
  const outcome = await loading;
  await clock.advanceAsync(3000);
  return { outcome, player, errors, sink };
}

describe('Player DRM', () => {
  it('protected content: selects ClearKey, attaches MediaKeys and opens a session before media flows, then plays', async () => {
    const eme = new FakeEme(['org.w3.clearkey']);
    const { outcome, player, errors, sink } = await run(eme);
    expect(outcome).toBeUndefined();
    expect(errors).toEqual([]);
    expect(eme.attached?.keySystem).toBe('org.w3.clearkey');
    expect(eme.lastKeys!.sessions.length).toBeGreaterThanOrEqual(1);
    expect(player.state).toBe('playing');
    expect(sink.currentTime()).toBeGreaterThan(1);
  });

  it('no supported key system: load fails with a typed drm error (media may have started downloading beside the key-system selection)', async () => {
    const eme = new FakeEme([]);
    const { outcome, player } = await run(eme);
    expect((outcome as EdgeplayError).category).toBe('drm');
    expect(player.state).toBe('error');
  });
});

describe('Player load() settles on fatal errors raised outside its own steps', () => {
  it('a license failure while the media source never opens rejects load() with the typed DRM error (no hang)', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    net.text('manifest.mpd', protectedMpd());
    const sink = new FakeSink(clock);
    sink.open = () => new Promise<void>(() => undefined); // a media element that never fires 'sourceopen'
    const eme = new FakeEme(['org.w3.clearkey']);
    const player = new Player({ clock, network: net, sink, eme }, { drm: { servers: { 'org.w3.clearkey': 'https://license.example/nowhere' } } });
    const errors: EdgeplayError[] = [];
    player.on('error', (e) => errors.push(e));
    // Widened on purpose: assigned in the load() callbacks, so TS must not narrow it to 'pending' here.
    let settled = 'pending' as 'pending' | 'resolved' | EdgeplayError;
    player.load('https://cdn.example/manifest.mpd').then(
      () => (settled = 'resolved'),
      (e: unknown) => (settled = e as EdgeplayError),
    );
    await clock.advanceAsync(60_000);
    expect(errors.some((e) => e.severity === 'fatal' && e.category === 'drm')).toBe(true);
    expect(settled).not.toBe('pending');
    expect(isEdgeplayError(settled)).toBe(true);
    expect(settled).toMatchObject({ category: 'drm' });
    expect(player.state).toBe('error');
  });
});
