/**
 * Encrypted start (issue 13.9) on the virtual clock: while the key system is
 * being chosen (a CDM that takes 400 ms to create its MediaKeys), the init and
 * first media segments already download; nothing is appended before the
 * MediaKeys are attached, and playback starts right after.
 */
import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import type { EmeMediaKeys, KeySystemConfiguration } from '../../src/platform/eme-surface.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeEme } from '../drm/fake-eme.js';
import { FakeNetwork, FakeSink, vodMpd } from './fakes.js';

const KID = '0123456789abcdef0123456789abcdef';
const KEY = 'fedcba9876543210fedcba9876543210';
const KID_UUID = `${KID.slice(0, 8)}-${KID.slice(8, 12)}-${KID.slice(12, 16)}-${KID.slice(16, 20)}-${KID.slice(20)}`;
const CDM_MS = 400;

/** A CDM slow to hand out MediaKeys, with the time MediaKeys were attached. */
class SlowEme extends FakeEme {
  attachedAt: number | null = null;
  constructor(private readonly clock: VirtualClock) {
    super(['org.w3.clearkey']);
  }
  override async requestMediaKeys(keySystem: string, configurations: KeySystemConfiguration[]): Promise<EmeMediaKeys> {
    await new Promise<void>((resolve) => this.clock.setTimeout(resolve, CDM_MS));
    return super.requestMediaKeys(keySystem, configurations);
  }
  override async attach(mediaKeys: EmeMediaKeys | null): Promise<void> {
    await super.attach(mediaKeys);
    if (mediaKeys) this.attachedAt ??= this.clock.now();
  }
}

describe('encrypted start', () => {
  it('fetches init and first segments while the key system is chosen; appends only once MediaKeys are attached', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    const cp = `<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="${KID_UUID}"/><ContentProtection schemeIdUri="urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e" value="ClearKey1.0"/>`;
    net.text('manifest.mpd', vodMpd(20, 2).replace('<MPD ', '<MPD xmlns:cenc="urn:mpeg:cenc:2013" ').replace('<SegmentTemplate', `${cp}<SegmentTemplate`));
    const sink = new FakeSink(clock);
    let firstAppendAt: number | null = null;
    const addBuffer = sink.addBuffer.bind(sink);
    sink.addBuffer = (type, mime) => {
      const b = addBuffer(type, mime);
      const append = b.append.bind(b);
      b.append = (data, options) => ((firstAppendAt ??= clock.now()), append(data, options));
      return b;
    };
    const eme = new SlowEme(clock);
    const player = new Player({ clock, network: net, sink, eme }, { drm: { clearKeys: { [KID]: KEY } } });
    const errors: EdgeplayError[] = [];
    player.on('error', (e) => errors.push(e));
    let playingAt: number | null = null;
    player.on('buffering', ({ buffering }) => (playingAt ??= buffering ? null : clock.now()));
    const loading = player.load('https://cdn.example/manifest.mpd');
    await clock.advanceAsync(CDM_MS + 1000);
    await loading;
    expect(errors).toEqual([]);
    const media = net.requests.filter((r) => r.kind === 'segment' || r.kind === 'init');
    expect(media.length).toBeGreaterThanOrEqual(2);
    // Init and first media segment left before the CDM answered (it takes CDM_MS).
    expect(media.filter((r) => r.kind === 'init')[0]!.at).toBeLessThan(eme.attachedAt!);
    expect(media.filter((r) => r.kind === 'segment')[0]!.at).toBeLessThan(eme.attachedAt!);
    expect(eme.attachedAt).toBeGreaterThanOrEqual(CDM_MS);
    // Nothing reached the sink before MediaKeys, and playback followed within a tick of them.
    expect(firstAppendAt).toBeGreaterThanOrEqual(eme.attachedAt!);
    expect(playingAt! - eme.attachedAt!).toBeLessThan(300);
  });
});
