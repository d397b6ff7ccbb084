import { describe, expect, it } from 'vitest';
import { AwsError } from './errors.js';
import { paginate } from './paginate.js';

const options = {
  max: 20,
  defaultSize: 20,
  invalidToken: () => new AwsError('InvalidInputException', 'bad token'),
};
const items = Array.from({ length: 45 }, (_, i) => i);

describe('paginate', () => {
  it('pages with opaque tokens and no token on the last page', () => {
    const first = paginate(items, undefined, undefined, 'scope', options);
    expect(first.items).toHaveLength(20);
    const second = paginate(items, first.nextToken, undefined, 'scope', options);
    expect(second.items[0]).toBe(20);
    const third = paginate(items, second.nextToken, undefined, 'scope', options);
    expect(third.items).toEqual([40, 41, 42, 43, 44]);
    expect(third.nextToken).toBeUndefined();
  });

  it('refuses a token from another listing, a forged token and an oversized page', () => {
    const first = paginate(items, undefined, 10, 'a', options);
    expect(() => paginate(items, first.nextToken, 10, 'b', options)).toThrow('bad token');
    expect(() => paginate(items, 'not-a-token', 10, 'a', options)).toThrow('bad token');
    expect(() => paginate(items, undefined, 21, 'a', options)).toThrow(AwsError);
  });
});
