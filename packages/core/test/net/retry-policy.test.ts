import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_RETRY_POLICY, isRetryable, resolveRetryPolicy, retryDelay } from '../../src/net/retry-policy.js';
import { NetworkError } from '../../src/errors/network-error.js';

describe('retryDelay', () => {
  const policy = resolveRetryPolicy({ baseDelayMs: 100, backoffFactor: 2, maxDelayMs: 1000, fuzz: 0 });
  it('doubles per round and caps at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => retryDelay(policy, a, () => 0.5))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('jitters within ±fuzz', () => {
    const p = { ...policy, fuzz: 0.5 };
    expect(retryDelay(p, 1, () => 0)).toBe(50);
    expect(retryDelay(p, 1, () => 0.999999)).toBeCloseTo(150, 3);
    expect(retryDelay(p, 2, () => 0.5)).toBe(200);
  });
  it('stays within [nominal·(1−fuzz), nominal·(1+fuzz)] for any inputs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const d = retryDelay(DEFAULT_RETRY_POLICY, attempt, () => r);
        const nominal = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1));
        return d >= nominal * 0.5 - 1e-9 && d <= nominal * 1.5 + 1e-9;
      }),
    );
  });
  it('clamps nonsense config', () => {
    const p = resolveRetryPolicy({ maxAttempts: -3, baseDelayMs: NaN, fuzz: 7, backoffFactor: 0, outageToleranceMs: -5 });
    expect(p).toEqual({ maxAttempts: 1, baseDelayMs: DEFAULT_RETRY_POLICY.baseDelayMs, maxDelayMs: DEFAULT_RETRY_POLICY.maxDelayMs, backoffFactor: 1, fuzz: 1, outageToleranceMs: 0 });
    expect(resolveRetryPolicy({ outageToleranceMs: Infinity }).outageToleranceMs).toBe(DEFAULT_RETRY_POLICY.outageToleranceMs);
    expect(retryDelay(p, 1, () => NaN)).toBe(DEFAULT_RETRY_POLICY.baseDelayMs);
  });
});

describe('isRetryable', () => {
  const http = (status: number) => new NetworkError('HTTP_ERROR', 'x', { url: 'u', attempt: 1, status });
  it('retries 404/408/429/5xx, timeouts and connection failures, not 403/410/aborts', () => {
    expect([404, 408, 429, 500, 502, 503].map((s) => isRetryable(http(s)))).toEqual([true, true, true, true, true, true]);
    expect([400, 401, 403, 410, 501].map((s) => isRetryable(http(s)))).toEqual([false, false, false, false, false]);
    expect(isRetryable(new NetworkError('TIMEOUT', 'x', { url: 'u', attempt: 1 }))).toBe(true);
    expect(isRetryable(new NetworkError('ABORTED', 'x', { url: 'u', attempt: 1 }))).toBe(false);
  });
});
