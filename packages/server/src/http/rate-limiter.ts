/**
 * Token-bucket rate limits per key (session, account, client address), with a
 * bounded number of tracked keys (least recently used evicted) so the limiter
 * itself cannot be grown without bound by a flood of fresh keys.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /**
   * @param ratePerSecond sustained rate
   * @param burst bucket size (requests allowed at once)
   * @param maxKeys tracked keys before the least recently used is dropped
   */
  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes `cost` tokens for `key`; false (take nothing) when the bucket has fewer. */
  take(key: string, now: number, cost = 1): boolean {
    let b = this.buckets.get(key);
    if (b) this.buckets.delete(key);
    else {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      b = { tokens: this.burst, at: now };
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.ratePerSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
  }
}
