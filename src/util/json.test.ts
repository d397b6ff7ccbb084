import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsonChunks, jsonSha256 } from './json.js';

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

  it('chunks join to JSON.stringify(value, null, indent), pretty or compact', () => {
    const values: unknown[] = [
      null,
      [],
      {},
      { a: [], b: {}, c: [{}], d: [[]], e: undefined },
      { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol('s')], d: 'é ✓ 😀\nline', e: null },
      { date: new Date('2026-01-01T00:00:00Z'), nested: { deeper: { deepest: { x: [1, { y: 2 }] } } } },
      { findings: [{ check: 'ROOT-01', tags: { a: '1' }, list: [1, [2, { three: 3 }]] }], summary: { n: 1 } },
      [1, 'two', { three: [3] }, [[], {}]],
    ];
    for (const value of values)
      for (const indent of [0, 2, 4])
        expect([...jsonChunks(value, indent)].join('')).toBe(JSON.stringify(value, null, indent));
  });

  it('hands out a large value in chunks of about 64 KiB, not one string', () => {
    const big = {
      findings: Array.from({ length: 20_000 }, (_, i) => ({ check: 'X', message: `finding ${i}` })),
    };
    const chunks = [...jsonChunks(big, 2)];
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
    expect(chunks.join('')).toBe(JSON.stringify(big, null, 2));
  });

  it('differs when one value deep inside differs', () => {
    const a = { list: [{ x: { y: { z: 1 } } }] };
    const b = { list: [{ x: { y: { z: 2 } } }] };
    expect(jsonSha256(a)).not.toBe(jsonSha256(b));
  });
});
