import { describe, expect, it } from 'vitest';
import { mapLimit } from './pool.js';

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('refuses a limit that is not a positive integer', async () => {
    await expect(mapLimit([1], 0, () => Promise.resolve(1))).rejects.toThrow(/positive integer/);
  });
});
