import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AudioShareStrategy } from '../../src/abr/audio-share-strategy.js';
import type { Track } from '../../src/manifest/model.js';
import { context, track } from './ladder.js';

/** An audio rung of `kbps`. */
const audio = (kbps: number): Track => ({ ...track(kbps, 0), id: `a${kbps}`, type: 'audio', codecs: 'mp4a.40.2', mimeType: 'audio/mp4' });
const AUDIO = [audio(64), audio(128), audio(256)];
const ctx = (estimateKbps: number, current: Track | null, extra: Parameters<typeof context>[0] = {}) => context({ tracks: AUDIO, current, estimatedBandwidth: estimateKbps * 1000, ...extra });
const kbps = (t: Track) => t.bandwidth / 1000;

describe('AudioShareStrategy', () => {
  it('takes the highest audio rung within 10 % of the estimate', () => {
    const s = new AudioShareStrategy();
    expect(kbps(s.chooseTrack(ctx(3000, null)).track)).toBe(256);
    expect(kbps(s.chooseTrack(ctx(1500, null)).track)).toBe(128);
    expect(kbps(s.chooseTrack(ctx(700, null)).track)).toBe(64);
  });
  it('never goes below the lowest rung, even when nothing fits', () => {
    expect(kbps(new AudioShareStrategy().chooseTrack(ctx(100, null)).track)).toBe(64);
  });
  it('starts at the lowest rung without any estimate, and uses the prior when there is one', () => {
    const s = new AudioShareStrategy();
    expect(kbps(s.chooseTrack(ctx(NaN, null)).track)).toBe(64);
    expect(kbps(s.chooseTrack(ctx(NaN, null, { initialEstimate: 3e6 })).track)).toBe(256);
    expect(kbps(s.chooseTrack(ctx(NaN, AUDIO[1]!)).track)).toBe(128);
  });
  it('keeps the current rung inside the hysteresis band and leaves it beyond', () => {
    const s = new AudioShareStrategy();
    // 256 kbit/s is 12.8 % of 2 Mbit/s: over the 10 % share but within 15 %: keep.
    expect(kbps(s.chooseTrack(ctx(2000, AUDIO[2]!)).track)).toBe(256);
    // 256 kbit/s is 21 % of 1.2 Mbit/s: down to what fits.
    expect(kbps(s.chooseTrack(ctx(1200, AUDIO[2]!)).track)).toBe(64);
  });
  it('does not switch up on a low buffer or while rebuffering', () => {
    const s = new AudioShareStrategy();
    expect(kbps(s.chooseTrack(ctx(5000, AUDIO[0]!, { bufferLevel: 3 })).track)).toBe(64);
    expect(kbps(s.chooseTrack(ctx(5000, AUDIO[0]!, { rebuffering: true })).track)).toBe(64);
    expect(kbps(s.chooseTrack(ctx(5000, AUDIO[0]!, { bufferLevel: 20 })).track)).toBe(256);
  });
  it('rejects nonsense tuning with a RangeError', () => {
    expect(() => new AudioShareStrategy({ share: 0 })).toThrow(RangeError);
    expect(() => new AudioShareStrategy({ downTolerance: 0.5 })).toThrow(RangeError);
  });
  it('property: the pick is an offered rung, and above the lowest only when it fits the share × tolerance', () => {
    const s = new AudioShareStrategy();
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e8, noNaN: true }), fc.integer({ min: -1, max: 2 }), fc.double({ min: 0, max: 40, noNaN: true }), (estimate, currentIndex, bufferLevel) => {
        const current = currentIndex < 0 ? null : AUDIO[currentIndex]!;
        const pick = s.chooseTrack(context({ tracks: AUDIO, current, estimatedBandwidth: estimate, bufferLevel })).track;
        expect(AUDIO).toContain(pick);
        if (estimate > 0 && pick.bandwidth > AUDIO[0]!.bandwidth) expect(pick.bandwidth).toBeLessThanOrEqual(0.1 * 1.5 * estimate + 1e-6);
      }),
    );
  });
});
