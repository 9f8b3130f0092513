import { describe, expect, it } from 'vitest';
import { check, judge, qoeScore, type Observation } from '../../../conformance/src/model/verdict.js';

const base: Observation = {
  playedSinceMark: 5, framesSinceMark: 125, frameRate: 25, currentTime: 10, stalls: 0, stallSeconds: 0, startupMs: 800, ended: false, errors: [],
  videoRenditionsSinceMark: ['v750', 'v750', 'v750'], videoBitratesSinceMark: [750_000, 750_000, 750_000], videoRenditions: ['v300', 'v750'],
  audioRenditionsSinceMark: ['fr'], cacheAtMark: 'isp-a', cachesSinceMark: ['isp-a', 'isp-b', 'isp-b', 'isp-b'], cueShown: true,
  averageBitrate: 750_000, ladder: { min: 300_000, max: 4_300_000 }, seenCues: [], startPosition: 0, soakSamples: [],
};

describe('conformance verdict', () => {
  it('passes when every expectation holds', () => {
    expect(judge([{ kind: 'framesAdvance', seconds: 4 }, { kind: 'renditionIs', rendition: 'v750' }, { kind: 'cacheChanged' }, { kind: 'audioLanguage', language: 'fr' }, { kind: 'cueShown' }, { kind: 'noFatalError' }], base)).toEqual({ status: 'pass', reason: '' });
  });

  it('fails a frozen picture with a running clock (frames far below the frame rate)', () => {
    expect(check({ kind: 'framesAdvance', seconds: 4 }, { ...base, framesSinceMark: 10 })).toMatch(/10 video frames/);
    expect(check({ kind: 'framesAdvance', seconds: 6 }, base)).toMatch(/played 5.00 s/);
  });

  it('a wrong rendition fails with both names; a settled switch ignores segments before the last three', () => {
    expect(check({ kind: 'renditionIs', rendition: 'v4300' }, base)).toMatch(/v750.*expected v4300/);
    expect(check({ kind: 'renditionIs', rendition: 'v750' }, { ...base, videoRenditionsSinceMark: ['v300', 'v750', 'v750', 'v750'] })).toBeNull();
    expect(check({ kind: 'renditionIs', rendition: 'v750' }, { ...base, videoRenditionsSinceMark: [], videoRenditions: [] })).toMatch(/no video segment/);
    // Nothing fetched since the selection: the last segments before it decide.
    expect(check({ kind: 'renditionIs', rendition: 'v750' }, { ...base, videoRenditionsSinceMark: [], videoRenditions: ['v300', 'v750', 'v750', 'v750'] })).toBeNull();
    expect(check({ kind: 'renditionIs', rendition: 'v300' }, { ...base, videoRenditionsSinceMark: [], videoRenditions: ['v300', 'v750', 'v750', 'v750'] })).toMatch(/expected v300/);
  });

  it('cacheChanged needs the last segments off the faulted cache', () => {
    expect(check({ kind: 'cacheChanged' }, { ...base, cachesSinceMark: ['isp-b', 'isp-a', 'isp-b'] })).toMatch(/still fetching from isp-a/);
    expect(check({ kind: 'cacheChanged' }, { ...base, cacheAtMark: null })).toMatch(/no fault/);
  });

  it('typed error, fatal errors, startup, position and ended', () => {
    const errors = [{ code: 'HTTP_ERROR', severity: 'fatal' }];
    expect(check({ kind: 'errorCode', code: 'HTTP_ERROR' }, { ...base, errors })).toBeNull();
    expect(check({ kind: 'errorCode', code: 'DRM_LICENSE_REJECTED' }, { ...base, errors })).toMatch(/got HTTP_ERROR/);
    expect(check({ kind: 'noFatalError' }, { ...base, errors })).toMatch(/HTTP_ERROR/);
    expect(check({ kind: 'noFatalError' }, { ...base, errors: [{ code: 'BEHIND_LIVE_WINDOW', severity: 'recoverable' }] })).toBeNull();
    expect(check({ kind: 'startupUnderMs', ms: 500 }, base)).toMatch(/800 ms/);
    expect(check({ kind: 'startupUnderMs', ms: 500 }, { ...base, startupMs: null })).toMatch(/never started/);
    expect(check({ kind: 'positionNear', time: 12, tolerance: 1 }, base)).toMatch(/10.00 s/);
    expect(check({ kind: 'ended' }, base)).toMatch(/not ended/);
    expect(check({ kind: 'maxStalls', count: 0 }, { ...base, stalls: 2, stallSeconds: 1.5 })).toMatch(/2 stall/);
    expect(check({ kind: 'maxVideoBitrate', bitsPerSecond: 600_000 }, base)).toMatch(/750 kbit\/s/);
  });

  it('QoE: top rung, no stall, fast start = 100; stalls and a slow start cost points; stays in [0, 100]', () => {
    expect(qoeScore({ ...base, averageBitrate: 4_300_000, startupMs: 500 })).toBe(100);
    const low = qoeScore({ ...base, averageBitrate: 300_000 });
    expect(low).toBe(40);
    expect(qoeScore({ ...base, stalls: 1, stallSeconds: 2 })).toBeLessThan(qoeScore(base) - 40);
    expect(qoeScore({ ...base, stalls: 50, stallSeconds: 100 })).toBe(0);
    expect(qoeScore({ ...base, startupMs: 6_000 })).toBeLessThan(qoeScore(base));
  });

  it('every failed expectation is listed in the reason', () => {
    const v = judge([{ kind: 'ended' }, { kind: 'cueShown' }], { ...base, cueShown: false });
    expect(v.status).toBe('fail');
    expect(v.reason).toMatch(/^ended: .*; cueShown: /);
  });

  it('compat expectations: start position, playhead progress, reached time', () => {
    expect(check({ kind: 'startsNear', time: 10, tolerance: 2 }, { ...base, startPosition: 9.2 })).toBeNull();
    expect(check({ kind: 'startsNear', time: 10, tolerance: 2 }, { ...base, startPosition: 0 })).toMatch(/began at 0.00 s, expected 10 ± 2/);
    expect(check({ kind: 'startsNear', time: 0, tolerance: 2 }, { ...base, startPosition: null })).toMatch(/never started/);
    expect(check({ kind: 'timeAdvances', seconds: 7.5 }, { ...base, startPosition: 1, currentTime: 8.6 })).toBeNull();
    expect(check({ kind: 'timeAdvances', seconds: 7.5 }, { ...base, startPosition: 1, currentTime: 8.4 })).toMatch(/moved 7.40 s/);
    expect(check({ kind: 'reachedTime', time: 18 }, { ...base, currentTime: 18.1 })).toBeNull();
    expect(check({ kind: 'reachedTime', time: 18 }, { ...base, currentTime: 11.9 })).toMatch(/stopped at 11.90 s, expected ≥ 18/);
  });

  it('cuesShown needs each due cue by text near its start, markup ignored; cues after the playhead are not due', () => {
    const cues = [{ text: 'CAPTION ONE AT 1S', start: 1 }, { text: 'Nested eleven second line', start: 11 }, { text: 'LATE', start: 30 }];
    const seenCues = [{ start: 1.03, text: 'CAPTION ONE AT 1S' }, { start: 11, text: 'Nested eleven<br/>second\nline' }];
    expect(check({ kind: 'cuesShown', cues, tolerance: 0.5 }, { ...base, currentTime: 15, seenCues })).toBeNull();
    // Right text at the wrong time (a timeline offset) is not shown.
    expect(check({ kind: 'cuesShown', cues, tolerance: 0.5 }, { ...base, currentTime: 15, seenCues: [{ start: 2.4, text: 'CAPTION ONE AT 1S' }, seenCues[1]!] })).toMatch(/1\/2 cues not shown, first 'CAPTION ONE AT 1S' @1 s/);
    expect(check({ kind: 'cuesShown', cues, tolerance: 0.5 }, { ...base, currentTime: 15, seenCues: [] })).toMatch(/2\/2 cues not shown.*seen: none/);
  });

  it('heapGrowthUnder compares quarter medians (GC swings cancel), and cannot fail without heap figures', () => {
    const soak = (heapMb: number[]) => heapMb.map((h, t) => ({ t, heapBytes: h * 1048576, bufferedSeconds: 10, droppedFrames: 0, totalFrames: t, stalls: 0 }));
    // GC saw-tooth around a flat 30 MB: fine.
    expect(check({ kind: 'heapGrowthUnder', mb: 64 }, { ...base, soakSamples: soak([30, 50, 12, 31, 49, 11, 30, 48, 12, 31, 50, 13]) })).toBeNull();
    // A leak of 10 MB per sample: 80 MB between the quarters.
    expect(check({ kind: 'heapGrowthUnder', mb: 64 }, { ...base, soakSamples: soak(Array.from({ length: 12 }, (_, i) => 20 + 10 * i)) })).toMatch(/grew 90.0 MB/);
    expect(check({ kind: 'heapGrowthUnder', mb: 64 }, { ...base, soakSamples: soak([10, 500]).map((s) => ({ ...s, heapBytes: null })) })).toBeNull();
  });
});
