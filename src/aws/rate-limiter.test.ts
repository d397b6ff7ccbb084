import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('lets a burst through, then spaces callers at the rate (virtual clock)', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const limiter = new RateLimiter(
      (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      () => now,
    );
    const rate = { key: 'k', ratePerSecond: 10, burst: 2 };
    await limiter.acquire(rate);
    await limiter.acquire(rate);
    expect(sleeps).toEqual([]);
    await limiter.acquire(rate);
    await limiter.acquire(rate);
    // the third caller waits 100 ms, the fourth (reserving behind it) 200 ms
    expect(sleeps.map(Math.round)).toEqual([100, 200]);
    now = 1000;
    await limiter.acquire(rate);
    expect(sleeps).toHaveLength(2);
    expect(Math.round(limiter.totalWaitMs)).toBe(300);
  });

  it('keeps buckets apart by key and lets unlimited calls through', async () => {
    const limiter = new RateLimiter(
      () => Promise.reject(new Error('should not wait')),
      () => 0,
    );
    await limiter.acquire({ key: 'a', ratePerSecond: 1, burst: 1 });
    await limiter.acquire({ key: 'b', ratePerSecond: 1, burst: 1 });
    await limiter.acquire(undefined);
  });
});
