/**
 * Token buckets that make callers wait for their turn (a reservation queue: a caller that finds the
 * bucket empty reserves the next token and sleeps until it is due). Shared by every client of a run.
 */
import type { BucketRate } from './limits.js';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private waitedMs = 0;

  constructor(
    private readonly sleep: Sleep = realSleep,
    private readonly nowMs: () => number = Date.now,
    /** Multiplies every rate (benchmarks run AWS's rates time-scaled against the sandbox). */
    private readonly rateScale = 1,
  ) {}

  async acquire(rate: BucketRate | undefined): Promise<void> {
    if (!rate) return;
    const perMs = (rate.ratePerSecond * this.rateScale) / 1000;
    const now = this.nowMs();
    let bucket = this.buckets.get(rate.key);
    if (!bucket) {
      bucket = { tokens: rate.burst, updatedMs: now };
      this.buckets.set(rate.key, bucket);
    }
    bucket.tokens = Math.min(rate.burst, bucket.tokens + (now - bucket.updatedMs) * perMs);
    bucket.updatedMs = now;
    bucket.tokens -= 1;
    if (bucket.tokens < 0) {
      const wait = -bucket.tokens / perMs;
      this.waitedMs += wait;
      await this.sleep(wait);
    }
  }

  /** Total time callers spent waiting for tokens, in milliseconds. */
  get totalWaitMs(): number {
    return this.waitedMs;
  }
}
