import { describe, expect, it } from 'vitest';
import { SimulatedMediaSink, addRange, removeRange } from '../src/simulated-media-sink.js';
import { VirtualClock } from '../src/virtual-clock.js';
import { encodeSyntheticPayload } from '../src/synthetic-payload.js';

const seg = (type: string, start: number, end: number) => encodeSyntheticPayload({ type, trackId: 't', init: false, start, end }, 100);

describe('ranges', () => {
  it('adds with merging and removes', () => {
    let r = addRange([], 0, 4, 0.05);
    r = addRange(r, 8, 12, 0.05);
    r = addRange(r, 4.02, 8, 0.05);
    expect(r).toEqual([{ start: 0, end: 12 }]);
    expect(removeRange(r, 2, 3)).toEqual([{ start: 0, end: 2 }, { start: 3, end: 12 }]);
  });
});

describe('SimulatedMediaSink', () => {
  it('plays while all A/V buffers have data, waits exactly when one drains, resumes on append', async () => {
    const clock = new VirtualClock();
    const sink = new SimulatedMediaSink({ clock, tickMs: 250 });
    const events: string[] = [];
    for (const e of ['waiting', 'playing', 'ended'] as const) sink.on(e, () => events.push(`${e}@${clock.now()}`));
    const v = sink.addBuffer('video', 'video/mp4');
    const a = sink.addBuffer('audio', 'audio/mp4');
    await v.append(seg('video', 0, 4));
    await a.append(seg('audio', 0, 2));
    await sink.play();
    expect(events).toEqual(['playing@0']);
    clock.advance(3000);
    expect(sink.currentTime()).toBeCloseTo(2, 9);
    expect(events).toEqual(['playing@0', 'waiting@2000']);
    await a.append(seg('audio', 2, 4));
    expect(events.at(-1)).toBe('playing@3000');
    clock.advance(500);
    expect(sink.currentTime()).toBeCloseTo(2.5, 9);
    expect(sink.stallCount).toBe(1);
    expect(sink.stallMs).toBe(1000);
    expect(sink.playbackQuality().decodedFrames).toBe(75);
  });

  it('ends at the end of buffered media after endOfStream', async () => {
    const clock = new VirtualClock();
    const sink = new SimulatedMediaSink({ clock });
    let ended = false;
    sink.on('ended', () => (ended = true));
    const v = sink.addBuffer('video', 'video/mp4');
    await v.append(seg('video', 0, 4));
    sink.setDuration(4);
    sink.endOfStream();
    await sink.play();
    clock.advance(10_000);
    expect(ended).toBe(true);
    expect(sink.currentTime()).toBeCloseTo(4, 9);
    expect(sink.stallCount).toBe(0);
  });

  it('applies timestampOffset, playback rate, seeking; rejects foreign bytes and over-quota appends', async () => {
    const clock = new VirtualClock();
    const sink = new SimulatedMediaSink({ clock, quotaSeconds: 10 });
    const v = sink.addBuffer('video', 'video/mp4');
    await v.append(seg('video', 0, 4), { timestampOffset: 10 });
    expect(v.buffered()).toEqual([{ start: 10, end: 14 }]);
    sink.seek(10);
    sink.setPlaybackRate(2);
    await sink.play();
    clock.advance(1000);
    expect(sink.currentTime()).toBeCloseTo(12, 9);
    await expect(v.append(new Uint8Array(50))).rejects.toMatchObject({ category: 'media', code: 'MEDIA_APPEND_FAILED' });
    await expect(v.append(seg('video', 20, 28))).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
  });
});
