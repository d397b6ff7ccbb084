import { describe, expect, it } from 'vitest';
import { backoffMs, classify, DEFAULT_RETRY } from './retry.js';

describe('classify', () => {
  it.each([
    [{ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 400 } }, 'throttling'],
    [{ name: 'Throttling', $metadata: { httpStatusCode: 400 } }, 'throttling'],
    [{ name: 'Whatever', $metadata: { httpStatusCode: 429 } }, 'throttling'],
    [{ name: 'ConcurrentModificationException', $metadata: { httpStatusCode: 400 } }, 'conflict'],
    [{ name: 'ConflictException', $metadata: { httpStatusCode: 409 } }, 'conflict'],
    [
      { name: 'ConflictException', Reason: 'CONCURRENT_MODIFICATION', $metadata: { httpStatusCode: 409 } },
      'conflict',
    ],
    // The name is taken: no wait changes that, so the caller sees it at once (and adopts).
    [
      {
        name: 'ConflictException',
        Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION',
        $metadata: { httpStatusCode: 409 },
      },
      undefined,
    ],
    [
      {
        name: 'ConflictException',
        message: 'PermissionSet with name Admin already exists.',
        $metadata: { httpStatusCode: 409 },
      },
      undefined,
    ],
    [{ name: 'ServiceException', $metadata: { httpStatusCode: 500 } }, 'transient'],
    [{ code: 'ECONNRESET' }, 'transient'],
    [{ code: 'ECONNREFUSED' }, undefined],
    [{ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } }, undefined],
    [{ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }, undefined],
    [{ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } }, undefined],
  ])('%o → %s', (error, expected) => {
    expect(classify(error)).toBe(expected);
  });
});

describe('backoffMs', () => {
  it('grows exponentially from the class base, capped, with full jitter', () => {
    expect(backoffMs(DEFAULT_RETRY, 'conflict', 1, () => 1)).toBe(100);
    expect(backoffMs(DEFAULT_RETRY, 'throttling', 3, () => 1)).toBe(2000);
    expect(backoffMs(DEFAULT_RETRY, 'throttling', 30, () => 1)).toBe(20_000);
    expect(backoffMs(DEFAULT_RETRY, 'throttling', 3, () => 0.25)).toBe(500);
  });
});
