import { describe, expect, it } from 'vitest';
import { LOW_BUFFER_RETRY_CAP_MS, lowBufferRetryCapMs } from '../../src/net/low-buffer-retry-cap.js';

describe('lowBufferRetryCapMs', () => {
  it('leaves the policy’s back-off alone from two segments of buffer up, bounds it to one probe a second below', () => {
    expect(lowBufferRetryCapMs(8, 4)).toBe(Infinity);
    expect(lowBufferRetryCapMs(7.9, 4)).toBe(LOW_BUFFER_RETRY_CAP_MS);
    expect(lowBufferRetryCapMs(0, 4)).toBe(LOW_BUFFER_RETRY_CAP_MS);
    expect(lowBufferRetryCapMs(4, 2)).toBe(Infinity);
  });

  it('a nonsense segment duration falls back to 4 s instead of disabling the bound', () => {
    expect(lowBufferRetryCapMs(7, NaN)).toBe(LOW_BUFFER_RETRY_CAP_MS);
    expect(lowBufferRetryCapMs(7, -1)).toBe(LOW_BUFFER_RETRY_CAP_MS);
  });
});
