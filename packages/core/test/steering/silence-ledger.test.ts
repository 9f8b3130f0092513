import { describe, expect, it } from 'vitest';
import { SilenceLedger } from '../../src/steering/silence-ledger.js';
import type { BaseUrl } from '../../src/manifest/model.js';

const A: BaseUrl = { url: 'https://a/', pathwayId: 'a' };
const B: BaseUrl = { url: 'https://b/', pathwayId: 'b' };
const C: BaseUrl = { url: 'https://c/', pathwayId: 'c' };

describe('SilenceLedger', () => {
  it('others are silent only when every other candidate failed without answering since the last success', () => {
    const l = new SilenceLedger();
    expect(l.othersSilent([A, B, C], A)).toBe(false);
    l.noteFailure(B, 'stalled');
    expect(l.othersSilent([A, B, C], A)).toBe(false);
    l.noteFailure(C, 'slow-ttfb');
    expect(l.othersSilent([A, B, C], A)).toBe(true);
    // A itself is not among the others: its own silence does not matter for a transfer on A.
    expect(l.othersSilent([A, B, C], B)).toBe(false);
  });

  it('a success anywhere clears it: the network worked then, earlier silence was that cache’s own', () => {
    const l = new SilenceLedger();
    l.noteFailure(B, 'timeout');
    expect(l.othersSilent([A, B], A)).toBe(true);
    l.noteSuccess();
    expect(l.othersSilent([A, B], A)).toBe(false);
  });

  it('an answer that refuses (HTTP error, bad body) or a slow but flowing body is not silence', () => {
    const l = new SilenceLedger();
    for (const reason of ['http-error', 'bad-body', 'too-slow'] as const) l.noteFailure(B, reason);
    expect(l.othersSilent([A, B], A)).toBe(false);
    l.noteFailure(B, 'connection');
    expect(l.othersSilent([A, B], A)).toBe(true);
  });

  it('with no other candidate nothing is "silent alike"', () => {
    const l = new SilenceLedger();
    l.noteFailure(A, 'stalled');
    expect(l.othersSilent([A], A)).toBe(false);
  });
});
