import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MPEG_WRAP_SECONDS, TimelineMapper, parseTimestampMap } from '../../src/timeline/index.js';

const ts = (seconds: number) => ({ seconds, wraps: true });
const fmp4 = (seconds: number) => ({ seconds, wraps: false });

describe('TimelineMapper', () => {
  it('maps the first segment of a discontinuity onto its playlist start and reuses the offset for later segments', () => {
    const m = new TimelineMapper();
    const first = m.map({ discontinuity: 0, start: 0 }, ts(1.4));
    expect(first).toEqual({ timestampOffset: -1.4, drift: 0, established: true });
    const second = m.map({ discontinuity: 0, start: 6 }, ts(7.41));
    expect(second.timestampOffset).toBe(-1.4);
    expect(second.established).toBe(false);
    expect(second.drift).toBeCloseTo(0.01, 9);
  });

  it('each discontinuity gets its own mapping (timestamps restart at an ad splice)', () => {
    const m = new TimelineMapper();
    m.map({ discontinuity: 3, start: 0 }, ts(10));
    const ad = m.map({ discontinuity: 4, start: 30 }, ts(0.1));
    expect(ad.timestampOffset).toBeCloseTo(29.9, 9);
    const back = m.map({ discontinuity: 5, start: 45 }, ts(40));
    expect(back.timestampOffset).toBe(5);
    // A later segment of the middle discontinuity still uses its mapping.
    expect(m.map({ discontinuity: 4, start: 36 }, ts(6.1)).timestampOffset).toBeCloseTo(29.9, 9);
  });

  it('variant switch and live reload: same discontinuity sequence → same offset, whatever variant or type brings it', () => {
    const m = new TimelineMapper();
    const video720 = m.map({ discontinuity: 7, start: 120 }, ts(5000.2));
    const audio = m.map({ discontinuity: 7, start: 120 }, ts(5000.18));
    const video1080 = m.map({ discontinuity: 7, start: 126 }, ts(5006.2));
    expect(audio.timestampOffset).toBe(video720.timestampOffset);
    expect(video1080.timestampOffset).toBe(video720.timestampOffset);
    // After a reload the window moved; DSN 7 is still mapped, 6 was forgotten earlier.
    m.forgetBefore(7);
    expect(m.offsetOf(7)).toBe(video720.timestampOffset);
    expect(m.map({ discontinuity: 7, start: 600 }, ts(5480.2)).timestampOffset).toBe(video720.timestampOffset);
  });

  it('unwraps 33-bit rollover: a segment whose PTS wrapped lands right after the previous one', () => {
    const m = new TimelineMapper();
    const before = MPEG_WRAP_SECONDS - 3; // 3 s before the wrap
    const o = m.map({ discontinuity: 0, start: 100 }, ts(before)).timestampOffset;
    // The next segment, 6 s later, carries a wrapped (small) PTS: 3 s after the wrap.
    const after = m.map({ discontinuity: 0, start: 106 }, ts(3));
    expect(3 + after.timestampOffset).toBeCloseTo(106, 6);
    expect(after.timestampOffset - o).toBeCloseTo(MPEG_WRAP_SECONDS, 6);
    // A transmuxer that already unwrapped (value > 2^33 ticks) gets the original offset.
    expect(m.map({ discontinuity: 0, start: 106 }, ts(MPEG_WRAP_SECONDS + 3)).timestampOffset).toBeCloseTo(o, 6);
  });

  it('fMP4 tfdt times do not wrap', () => {
    const m = new TimelineMapper();
    m.map({ discontinuity: 0, start: 0 }, fmp4(1000));
    const far = m.map({ discontinuity: 0, start: MPEG_WRAP_SECONDS }, fmp4(1000 + MPEG_WRAP_SECONDS));
    expect(far.timestampOffset).toBe(-1000);
  });

  it('property: for any start PTS and segment sequence, mapped media lands on the playlist time (±drift) across rollover', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: MPEG_WRAP_SECONDS, noNaN: true }), fc.array(fc.double({ min: 0.5, max: 10, noNaN: true }), { minLength: 1, maxLength: 50 }), (pts0, durations) => {
        const m = new TimelineMapper();
        let start = 50;
        let media = pts0;
        for (const d of durations) {
          const wrapped = media % MPEG_WRAP_SECONDS;
          const { timestampOffset } = m.map({ discontinuity: 2, start }, ts(wrapped));
          expect(Math.abs(wrapped + timestampOffset - start)).toBeLessThan(1e-6);
          start += d;
          media += d;
        }
      }),
    );
  });

  it('EXT-X-PROGRAM-DATE-TIME places a new discontinuity by date when EXTINF sums drifted', () => {
    const m = new TimelineMapper();
    const t0 = Date.UTC(2026, 0, 1);
    m.map({ discontinuity: 0, start: 0, programDateTime: t0 }, ts(10));
    // The playlist says 59.9 s (rounded EXTINFs), the dates say 60.0 s.
    const next = m.map({ discontinuity: 1, start: 59.9, programDateTime: t0 + 60_000 }, ts(0));
    expect(next.timestampOffset).toBeCloseTo(60, 9);
    expect(next.drift).toBeCloseTo(0.1, 9);
    const off = new TimelineMapper({ useProgramDateTime: false });
    off.map({ discontinuity: 0, start: 0, programDateTime: t0 }, ts(10));
    expect(off.map({ discontinuity: 1, start: 59.9, programDateTime: t0 + 60_000 }, ts(0)).timestampOffset).toBeCloseTo(59.9, 9);
  });

  it('WebVTT X-TIMESTAMP-MAP: cue offset from the discontinuity mapping, wrap included; undefined until A/V fixed the mapping', () => {
    const m = new TimelineMapper();
    const seg = { discontinuity: 0, start: 0 };
    expect(m.cueOffset(seg, { mpegts: 900000, local: 0 })).toBeUndefined();
    m.map(seg, ts(10)); // media starts at 10 s → offset −10
    // Cue at LOCAL 0 is media time 10 s → presentation 0.
    expect(m.cueOffset(seg, { mpegts: 900000, local: 0 })).toBeCloseTo(0, 9);
    // LOCAL 1:00:00 ↔ MPEGTS 10 s: cue time 3600 → presentation 0.
    expect(m.cueOffset(seg, { mpegts: 900000, local: 3600 })).toBeCloseTo(-3600, 9);
    // No header: cue times are media times.
    expect(m.cueOffset(seg, null)).toBeCloseTo(-10, 9);
    // A map written after the wrap (small MPEGTS) for a segment 26.5 h in.
    const w = new TimelineMapper();
    w.map({ discontinuity: 0, start: 0 }, ts(MPEG_WRAP_SECONDS - 10));
    expect(w.cueOffset({ discontinuity: 0, start: 20 }, { mpegts: 10 * 90000, local: 0 })).toBeCloseTo(20, 6);
  });
});

describe('parseTimestampMap', () => {
  it('reads MPEGTS and LOCAL in either order and separator style', () => {
    expect(parseTimestampMap('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n00:01.000 --> 00:02.000\nhi')).toEqual({ mpegts: 900000, local: 0 });
    expect(parseTimestampMap('WEBVTT\r\nX-TIMESTAMP-MAP=LOCAL:01:00:00.500,MPEGTS:324000000\r\n\r\n')).toEqual({ mpegts: 324000000, local: 3600.5 });
  });
  it('absent or malformed → null; a header after the first cue is not a header', () => {
    expect(parseTimestampMap('WEBVTT\n\n00:01.000 --> 00:02.000\nX-TIMESTAMP-MAP=MPEGTS:1,LOCAL:00:00.000')).toBeNull();
    expect(parseTimestampMap('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:abc,LOCAL:00:00:00.000\n')).toBeNull();
    expect(parseTimestampMap('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:5\n')).toBeNull();
  });
});
