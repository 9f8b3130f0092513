import { describe, expect, it } from 'vitest';
import { supervisePlayhead, type PlayheadObservation } from '../../src/player/playhead-supervisor.js';

const base: PlayheadObservation = {
  state: 'playing',
  playhead: 10,
  ahead: 5,
  ranges: [{ start: 0, end: 15 }],
  rangesByType: [[{ start: 0, end: 15 }]],
  started: true,
  msWithoutProgress: 0,
  startTimeoutMs: 90_000,
  presentationEnd: 60,
  skipped: [],
  ended: false,
  userPaused: false,
  liveWindow: null,
  maxSegmentDuration: 4,
  resumeGoal: 2,
  gapJumpThreshold: 0.5,
  stall: 'ok',
};
const at = (o: Partial<PlayheadObservation>) => supervisePlayhead({ ...base, ...o });

describe('supervisePlayhead', () => {
  it('plays on with data ahead', () => {
    expect(at({})).toEqual({ kind: 'none' });
  });

  it('recovers a live playhead behind the window a segment inside it, before anything else', () => {
    expect(at({ liveWindow: { start: 20, end: 60 }, ahead: 0 })).toEqual({ kind: 'recover-live', target: 24, windowStart: 20 });
    expect(at({ liveWindow: { start: 5, end: 60 } })).toEqual({ kind: 'none' });
  });

  it('jumps a small gap, not a large one; jumps a skipped segment whatever its size', () => {
    expect(at({ ahead: 0, playhead: 15, ranges: [{ start: 0, end: 15 }, { start: 15.3, end: 30 }] })).toEqual({ kind: 'jump', to: 15.31 });
    expect(at({ ahead: 0, playhead: 15, ranges: [{ start: 0, end: 15 }, { start: 16, end: 30 }] })).toEqual({ kind: 'stall' });
    expect(at({ ahead: 0, playhead: 15, ranges: [{ start: 0, end: 15 }, { start: 19, end: 30 }], skipped: [{ start: 15, end: 19 }] })).toEqual({ kind: 'jump', to: 19.01 });
  });

  it('ends when every stream ended and the buffer ran out, except while seeking', () => {
    expect(at({ ended: true, ahead: 0.05 })).toEqual({ kind: 'end' });
    expect(at({ ended: true, ahead: 0, state: 'seeking' })).toEqual({ kind: 'none' });
  });

  it('resumes at the resume goal (or with whatever is left at the end), to paused when the app paused', () => {
    expect(at({ state: 'buffering', ahead: 1.9 })).toEqual({ kind: 'none' });
    expect(at({ state: 'buffering', ahead: 2 })).toEqual({ kind: 'resume', paused: false });
    expect(at({ state: 'seeking', ahead: 2, userPaused: true })).toEqual({ kind: 'resume', paused: true });
    expect(at({ state: 'buffering', ahead: 0.5, ended: true })).toEqual({ kind: 'resume', paused: false });
  });

  it('stalls when playing runs dry; nudges a decoder stuck with data', () => {
    expect(at({ ahead: 0.05, ranges: [{ start: 0, end: 10.05 }] })).toEqual({ kind: 'stall' });
    expect(at({ stall: 'stuck-with-data' })).toEqual({ kind: 'nudge', to: 10.1 });
    expect(at({ state: 'paused', stall: 'stuck-with-data' })).toEqual({ kind: 'none' });
  });

  it('start gap: jumps to where every type has media, however far, while buffering or seeking only', () => {
    const late = { ahead: 0, playhead: 0, ranges: [{ start: 10, end: 14 }], rangesByType: [[{ start: 10, end: 14 }], [{ start: 0, end: 2 }, { start: 2, end: 12 }]] };
    expect(at({ ...late, state: 'buffering', started: false })).toEqual({ kind: 'jump', to: 10.01 });
    expect(at({ ...late, state: 'seeking' })).toEqual({ kind: 'jump', to: 10.01 });
    // Playing into such a hole is a stall first (a real missing segment is fetched, not skipped).
    expect(at({ ...late, state: 'playing' })).toEqual({ kind: 'stall' });
    // One type has nothing after the playhead yet: wait for it.
    expect(at({ ...late, state: 'buffering', rangesByType: [[{ start: 10, end: 14 }], []] })).toEqual({ kind: 'none' });
  });

  it('right after a seek, media left ahead of the target (still being flushed) is not a start gap', () => {
    // Seek 90 → 10: [88, 120] is still buffered until the flush settles and every type appends at 10.
    const back = { ahead: 0, playhead: 10, presentationEnd: 200, ranges: [{ start: 88, end: 120 }], rangesByType: [[{ start: 88, end: 120 }], [{ start: 88, end: 120 }]] };
    expect(at({ ...back, state: 'seeking', rangesSettled: false })).toEqual({ kind: 'none' });
    expect(at({ ...back, state: 'seeking', rangesSettled: true })).toEqual({ kind: 'jump', to: 88.01 });
  });

  it('a stuck start is an action, not a wait: media only after the end, everything fetched, or no progress within the bound', () => {
    const starting = { state: 'buffering' as const, started: false, ahead: 0, playhead: 0 };
    expect(at({ ...starting, ranges: [{ start: 70, end: 80 }], rangesByType: [[{ start: 70, end: 80 }], [{ start: 0, end: 2 }]] })).toMatchObject({ kind: 'start-stuck' });
    expect(at({ ...starting, ended: true, ranges: [], rangesByType: [[{ start: 0, end: 2 }], []] })).toMatchObject({ kind: 'start-stuck' });
    expect(at({ ...starting, ended: true, ranges: [], rangesByType: [[], []] })).toEqual({ kind: 'end' });
    expect(at({ ...starting, ranges: [], rangesByType: [[], []], msWithoutProgress: 89_999 })).toEqual({ kind: 'none' });
    expect(at({ ...starting, ranges: [], rangesByType: [[], []], msWithoutProgress: 90_000 })).toMatchObject({ kind: 'start-stuck' });
    // Once started, the start bound no longer applies (a stall is a stall).
    expect(at({ ...starting, started: true, ranges: [], rangesByType: [[], []], msWithoutProgress: 1e6 })).toEqual({ kind: 'none' });
  });
});
