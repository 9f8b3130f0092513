import { describe, expect, it } from 'vitest';
import { DefaultLoadErrorPolicy, type TransferCheck } from '../../src/steering/load-error-policy.js';
import { DEFAULT_TRANSFER_THRESHOLDS } from '../../src/steering/transfer-verdict.js';
import { MediaError } from '../../src/errors/media-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import type { Track } from '../../src/manifest/model.js';

const v3 = { id: 'v3', bandwidth: 4_000_000, baseUrls: [] } as unknown as Track;
const v1 = { id: 'v1', bandwidth: 500_000, baseUrls: [] } as unknown as Track;
const pathway = { url: 'https://a.example/', pathwayId: 'a' };
const policy = new DefaultLoadErrorPolicy(() => ({ thresholds: DEFAULT_TRANSFER_THRESHOLDS, maxCorruptSegments: 2 }));

/** A v3 download of a 4 s segment that got no first byte for `elapsedMs`. */
function hung(elapsedMs: number, bufferLevel: number, abr: TransferCheck['askAbr'] = () => null, alternative = true): TransferCheck {
  return {
    progress: { track: v3, bytesLoaded: 0, bytesTotal: null, elapsedMs, ttfbMs: null, idleMs: elapsedMs, segmentDuration: 4, pathway },
    bufferLevel,
    hasAlternativePathway: alternative,
    slowVerdictsSuspended: false,
    lowestBandwidth: 500_000,
    estimatedBandwidth: 10_000_000,
    askAbr: abr,
  };
}

/** A v3 download of a 4 s segment (2 MB) stalled for 3 s at `fraction` delivered. */
function stalled(fraction: number, bufferLevel: number, extra: Partial<TransferCheck> = {}): TransferCheck {
  return {
    progress: { track: v3, bytesLoaded: fraction * 2_000_000, bytesTotal: 2_000_000, elapsedMs: 6000, ttfbMs: 100, idleMs: 3000, segmentDuration: 4, pathway },
    bufferLevel,
    hasAlternativePathway: true,
    slowVerdictsSuspended: false,
    lowestBandwidth: 500_000,
    estimatedBandwidth: 10_000_000,
    askAbr: () => null,
    ...extra,
  };
}

describe('DefaultLoadErrorPolicy: stalls the cache did not cause', () => {
  it('a stall with every other pathway silent since the last success keeps the location (ridden out)', () => {
    expect(policy.checkTransfer(stalled(0.2, 20, { otherPathwaysSilent: true }))).toEqual({ kind: 'keep-location' });
    expect(policy.checkTransfer(stalled(0.2, 20))).toEqual({ kind: 'switch-location', reason: 'stalled' });
  });

  it('a stall worth keeping: probed first, kept while the probe runs, then left once another pathway answered', () => {
    expect(policy.checkTransfer(stalled(0.8, 20))).toEqual({ kind: 'probe-location', reason: 'stalled', deadlineMs: 2000 });
    expect(policy.checkTransfer(stalled(0.8, 6))).toEqual({ kind: 'probe-location', reason: 'stalled', deadlineMs: 2000 });
    expect(policy.checkTransfer(stalled(0.8, 6, { alternativeProbe: 'pending' }))).toEqual({ kind: 'keep-location' });
    expect(policy.checkTransfer(stalled(0.8, 6, { alternativeProbe: 'done' }))).toEqual({ kind: 'switch-location', reason: 'stalled' });
    expect(policy.checkTransfer(stalled(0.8, 6, { alternativeProbe: 'done', otherPathwaysSilent: true }))).toEqual({ kind: 'keep-location' });
  });

  it('a kept location is not abandoned for a lower track either (the dead link gives a lower rendition nothing); a healthy one still is', () => {
    let asked = 0;
    const abandon = () => (asked++, { track: v1, reason: 'abr: cannot finish' });
    expect(policy.checkTransfer(stalled(0.2, 3, { otherPathwaysSilent: true, askAbr: abandon }))).toEqual({ kind: 'keep-location' });
    // trace_925800: the last segment 86 % delivered when the link died, 6 s buffered; the probe is pending.
    expect(policy.checkTransfer(stalled(0.86, 6, { alternativeProbe: 'pending', askAbr: abandon }))).toEqual({ kind: 'keep-location' });
    expect(asked).toBe(0);
    const flowing = stalled(0.5, 3, { askAbr: abandon });
    expect(policy.checkTransfer({ ...flowing, progress: { ...flowing.progress, idleMs: 0 } })).toEqual({ kind: 'switch-track', track: v1, reason: 'abr: cannot finish' });
  });
});

describe('DefaultLoadErrorPolicy', () => {
  it('with buffer to spare, a hung cache is answered by switching location, without asking ABR', () => {
    let asked = 0;
    const ask = () => (asked++, { track: v1, reason: 'abr' });
    expect(policy.checkTransfer(hung(1500, 20, ask))).toEqual({ kind: 'continue' });
    expect(policy.checkTransfer(hung(2500, 20, ask))).toEqual({ kind: 'switch-location', reason: 'slow-ttfb' });
    expect(asked).toBe(0);
  });

  it('with little buffer and ABR abandoning, switches track and carries the location failure to report', () => {
    expect(policy.checkTransfer(hung(2500, 3, () => ({ track: v1, reason: 'abr: too slow' })))).toEqual({ kind: 'switch-track', track: v1, reason: 'abr: too slow', locationFailure: 'slow-ttfb' });
    expect(policy.checkTransfer(hung(2500, 3))).toEqual({ kind: 'switch-location', reason: 'slow-ttfb' });
  });

  it('without another pathway only ABR acts', () => {
    expect(policy.checkTransfer(hung(2500, 20, () => null, false))).toEqual({ kind: 'continue' });
    expect(policy.checkTransfer(hung(2500, 20, () => ({ track: v1, reason: 'abr' }), false))).toEqual({ kind: 'switch-track', track: v1, reason: 'abr' });
  });

  it('skips unusable segments up to maxCorruptSegments in a row, then fails; a full sink is retried later', () => {
    const corrupt = new MediaError('MEDIA_DECODE_ERROR', 'bad');
    expect(policy.checkSegmentFailure({ error: corrupt, failuresInARow: 2 })).toEqual({ kind: 'skip' });
    expect(policy.checkSegmentFailure({ error: corrupt, failuresInARow: 3 })).toEqual({ kind: 'fail' });
    expect(policy.checkSegmentFailure({ error: new MediaError('QUOTA_EXCEEDED', 'full'), failuresInARow: 9 })).toMatchObject({ kind: 'retry-later' });
  });

  it('a stream the platform or transmuxer cannot play fails at the first segment (every segment would fail alike)', () => {
    expect(policy.checkSegmentFailure({ error: new MediaError('MEDIA_UNSUPPORTED', 'Opus in MPEG-TS'), failuresInARow: 1 })).toEqual({ kind: 'fail' });
    expect(policy.checkSegmentFailure({ error: new MediaError('ENCRYPTION_UNSUPPORTED', 'SAMPLE-AES packed audio'), failuresInARow: 1 })).toEqual({ kind: 'fail' });
  });

  it('a segment the servers refuse: another rendition first, retries while far ahead, then a hole to skip; no answer at all is fatal', () => {
    const refused = new NetworkError('ALL_PATHWAYS_FAILED', '404 everywhere', { url: 'https://a.example/seg-7.m4s', attempt: 1, status: 404 }, { severity: 'fatal' });
    expect(policy.checkSegmentFailure({ error: refused, failuresInARow: 1, untriedTracks: [v1], secondsUntilSegment: 20 })).toMatchObject({ kind: 'switch-track', track: v1 });
    expect(policy.checkSegmentFailure({ error: refused, failuresInARow: 1, untriedTracks: [], secondsUntilSegment: 20 })).toEqual({ kind: 'retry-later', delayMs: 2000 });
    expect(policy.checkSegmentFailure({ error: refused, failuresInARow: 1, untriedTracks: [], secondsUntilSegment: 7.9 })).toEqual({ kind: 'skip' });
    expect(policy.checkSegmentFailure({ error: refused, failuresInARow: 3, untriedTracks: [], secondsUntilSegment: 0 })).toEqual({ kind: 'fail' });
    const down = new NetworkError('CONNECTION_FAILED', 'refused', { url: 'https://a.example/seg-7.m4s', attempt: 4 }, { severity: 'fatal' });
    expect(policy.checkSegmentFailure({ error: down, failuresInARow: 1, untriedTracks: [v1], secondsUntilSegment: 20 })).toEqual({ kind: 'fail' });
  });
});
