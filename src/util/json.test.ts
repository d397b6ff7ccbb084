import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsonSha256 } from './json.js';

const reference = (value: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(value) ?? 'null')
    .digest('hex');

describe('jsonSha256', () => {
  it('hashes the bytes JSON.stringify writes, at every depth and for the values it drops or nulls', () => {
    const values: unknown[] = [
      null,
      'x',
      42,
      [],
      {},
      { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol('s')], d: 'é ✓ 😀', e: null },
      { date: new Date('2026-01-01T00:00:00Z'), nested: { deeper: { deepest: { x: [1, { y: 2 }] } } } },
      { 'key "quoted"\n': [[[['four levels', { k: undefined }]]]] },
      [1, 'two', { three: [3] }, [[], {}]],
    ];
    for (const value of values) expect(jsonSha256(value)).toBe(reference(value));
  });

  it('matches across chunk boundaries (a value far larger than one 64 KiB chunk)', () => {
    const big = {
      accounts: Array.from({ length: 5000 }, (_, i) => ({
        id: String(i).padStart(12, '0'),
        name: `acct-${i}`,
      })),
      text: 'ü'.repeat(70_000),
    };
    expect(jsonSha256(big)).toBe(reference(big));
  });

  it('differs when one value deep inside differs', () => {
    const a = { list: [{ x: { y: { z: 1 } } }] };
    const b = { list: [{ x: { y: { z: 2 } } }] };
    expect(jsonSha256(a)).not.toBe(jsonSha256(b));
  });
});
