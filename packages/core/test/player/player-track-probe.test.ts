/**
 * Issue 13.10 through the real Player: tracks the platform cannot play are
 * probed out before any buffer exists and reported with a reason
 * (`getUnsupportedTracks()`, absent from `getTracks()`), and a refusal of
 * the buffer itself (MSE `addSourceBuffer` throwing) is a specific media
 * error, never `player/INVALID_STATE` or a "full buffer".
 */
import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import type { SinkBuffer, SinkBufferType } from '../../src/platform/media-sink.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink } from './fakes.js';

const URL_MPD = 'https://cdn.example/v/manifest.mpd';

const mpd = (codecs: string[]) => `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT20S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
<Period id="p0" start="PT0S"><AdaptationSet contentType="video" mimeType="video/mp4" segmentAlignment="true">
<SegmentTemplate timescale="1000" duration="2000" startNumber="1" initialization="init-$RepresentationID$.mp4" media="seg-$RepresentationID$-$Number$.m4s"/>
${codecs.map((c, i) => `<Representation id="v${i + 1}" bandwidth="${(i + 1) * 1_000_000}" width="1280" height="720" codecs="${c}"/>`).join('')}
</AdaptationSet></Period></MPD>`;

/** A sink that takes only AVC, and whose addBuffer can throw like MSE's addSourceBuffer. */
class PickySink extends FakeSink {
  addBufferThrows: { name: string; message: string } | null = null;
  override isTypeSupported(type?: string): boolean {
    return !!type && type.includes('avc1');
  }
  override addBuffer(type: SinkBufferType, mime: string): SinkBuffer {
    if (this.addBufferThrows) throw Object.assign(new Error(this.addBufferThrows.message), { name: this.addBufferThrows.name });
    return super.addBuffer(type, mime);
  }
}

async function load(codecs: string[], configure: (sink: PickySink) => void = () => undefined) {
  const clock = new VirtualClock();
  const net = new FakeNetwork(clock);
  net.text('manifest.mpd', mpd(codecs));
  const sink = new PickySink(clock);
  configure(sink);
  const player = new Player({ clock, network: net, sink }, {});
  const errors: EdgeplayError[] = [];
  player.on('error', (e) => errors.push(e));
  let failure: EdgeplayError | null = null;
  const loading = player.load(URL_MPD).catch((e: EdgeplayError) => void (failure = e));
  await clock.advanceAsync(50);
  await loading;
  await clock.advanceAsync(1000);
  return { player, sink, errors, failure: failure as EdgeplayError | null };
}

describe('track probing at load', () => {
  it('drops a track the platform cannot play, with the reason, and plays the rest', async () => {
    const { player, failure } = await load(['avc1.64001f', 'hvc1.1.6.L93.B0']);
    expect(failure).toBeNull();
    expect(player.getTracks().map((t) => t.id)).toEqual(['v1']);
    const dropped = player.getUnsupportedTracks();
    expect(dropped.map((d) => [d.track.id, d.reason, d.contentType])).toEqual([['v2', 'UNSUPPORTED_CODEC', 'video/mp4; codecs="hvc1.1.6.L93.B0"']]);
    expect(player.state).not.toBe('error');
  });

  it('nothing playable: NO_PLAYABLE_TRACKS naming every dropped track and why', async () => {
    const { failure } = await load(['hvc1.1.6.L93.B0', 'vp09.00.10.08']);
    expect(failure?.code).toBe('NO_PLAYABLE_TRACKS');
    expect(failure?.details.unsupported).toEqual([
      { id: 'v1', reason: 'UNSUPPORTED_CODEC', contentType: 'video/mp4; codecs="hvc1.1.6.L93.B0"' },
      { id: 'v2', reason: 'UNSUPPORTED_CODEC', contentType: 'video/mp4; codecs="vp09.00.10.08"' },
    ]);
  });

  it.each([
    ['QuotaExceededError', 'SOURCE_BUFFER_FAILED'],
    ['InvalidStateError', 'SOURCE_BUFFER_FAILED'],
    ['NotSupportedError', 'MEDIA_TYPE_UNSUPPORTED'],
    ['Error', 'SOURCE_BUFFER_FAILED'],
  ])('addSourceBuffer throwing %s is media/%s with the type, fatal', async (name, code) => {
    const { failure, player } = await load(['avc1.64001f'], (s) => (s.addBufferThrows = { name, message: 'refused' }));
    expect(failure?.category).toBe('media');
    expect(failure?.code).toBe(code);
    expect(failure?.severity).toBe('fatal');
    expect(failure?.details).toMatchObject({ type: 'video', mimeCodecs: 'video/mp4; codecs="avc1.64001f"', exception: name });
    expect(player.state).toBe('error');
  });
});
