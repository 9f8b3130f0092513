/**
 * An exponentially weighted moving average whose weight is time-based: a
 * sample of weight `w` (seconds of transfer) moves the average as much as `w`
 * one-second samples would, and the history loses half its influence every
 * `halfLife` seconds of samples. Bias-corrected (like Adam's zero-debiasing)
 * so the first samples are not pulled toward 0.
 */
export class Ewma {
  private readonly alpha: number;
  private estimate = 0;
  private totalWeight = 0;

  constructor(halfLife: number) {
    if (!(halfLife > 0)) throw new RangeError(`EWMA half-life must be > 0, got ${halfLife}`);
    this.alpha = Math.exp(Math.log(0.5) / halfLife);
  }

  sample(weight: number, value: number): void {
    if (!(weight > 0) || !Number.isFinite(value)) return;
    const adjAlpha = Math.pow(this.alpha, weight);
    this.estimate = value * (1 - adjAlpha) + adjAlpha * this.estimate;
    this.totalWeight += weight;
  }

  /** The debiased average; NaN before any sample. */
  get value(): number {
    if (this.totalWeight === 0) return NaN;
    const zeroFactor = 1 - Math.pow(this.alpha, this.totalWeight);
    return this.estimate / zeroFactor;
  }

  get weight(): number {
    return this.totalWeight;
  }

  clone(): Ewma {
    const copy = Object.create(Ewma.prototype) as Ewma;
    Object.assign(copy, this);
    return copy;
  }

  reset(): void {
    this.estimate = 0;
    this.totalWeight = 0;
  }
}
