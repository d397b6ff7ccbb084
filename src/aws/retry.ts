/**
 * Which AWS failures are worth another attempt, and how long to wait. This is the only retry policy
 * in orgward: SDK clients are built with maxAttempts 1 and this layer retries for them.
 *
 * Retried: throttling (any service's spelling), concurrent modification and conflict (the SDK does not
 * retry these; AWS says to retry them) within a time budget, except a conflict that says the name is
 * taken (no wait changes that); HTTP 5xx and network failures a fixed
 * number of times. Not retried: 501 Not Implemented
 * (the endpoint lacks the operation; it never will on a retry) and a refused connection (nothing listens
 * at the endpoint: AWS's endpoints do not refuse, so it is a wrong or stopped custom endpoint, and
 * retrying only delays the message that says so).
 */
const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
]);

const CONFLICT = new Set(['ConcurrentModificationException', 'ConcurrentModification', 'ConflictException']);

const NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

export type RetryClass = 'throttling' | 'conflict' | 'transient';

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  /** Identity Store's ConflictException says which conflict it is. */
  Reason?: unknown;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

export function errorCode(error: unknown): string {
  const e = error as ErrorLike;
  if (typeof e?.name === 'string' && e.name !== 'Error') return e.name;
  if (typeof e?.code === 'string') return e.code;
  return 'UnknownError';
}

export function classify(error: unknown): RetryClass | undefined {
  const e = error as ErrorLike;
  const code = errorCode(error);
  const status = e?.$metadata?.httpStatusCode;
  if (THROTTLING.has(code) || status === 429 || e?.$retryable?.throttling) return 'throttling';
  if (CONFLICT.has(code)) return isDuplicate(e) ? undefined : 'conflict';
  if (status === 501 || code === 'NotImplemented') return undefined;
  if ((status !== undefined && status >= 500) || NETWORK.has(code) || code === 'TimeoutError')
    return 'transient';
  return undefined;
}

/**
 * A conflict that no wait resolves: the name is taken. Identity Store says so in `Reason`
 * (`UNIQUENESS_CONSTRAINT_VIOLATION`, against `CONCURRENT_MODIFICATION`); SSO Admin only in the message
 * ("PermissionSet with name … already exists."). The caller gets it at once (and adopts the existing
 * one) instead of after the whole retry budget.
 */
function isDuplicate(e: ErrorLike): boolean {
  if (e?.Reason === 'UNIQUENESS_CONSTRAINT_VIOLATION') return true;
  return typeof e?.message === 'string' && /already exists/i.test(e.message);
}

export interface RetryPolicy {
  /**
   * Transient failures (5xx, network) in a row after which a call gives up: an endpoint that answers
   * nothing else is down. A throttled or conflicting answer between them shows it alive and starts the
   * count again (the time budget still bounds the call).
   */
  maxAttempts: number;
  /**
   * Backoff one call may spend on throttling and conflicts. AWS says to retry these: they are not
   * failures, only "not now", so they are retried for a time, not a count.
   */
  budgetMs: number;
  baseMs: number;
  throttlingBaseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  budgetMs: 600_000,
  baseMs: 100,
  throttlingBaseMs: 500,
  capMs: 20_000,
};

/**
 * Whether a call is tried again after a failure of `kind`, having met `transient` transient failures in
 * a row (this one included) and spent `waitedMs` of backoff.
 */
export function retriesLeft(
  policy: RetryPolicy,
  kind: RetryClass,
  transient: number,
  waitedMs: number,
): boolean {
  return (kind !== 'transient' || transient < policy.maxAttempts) && waitedMs < policy.budgetMs;
}

/** Full jitter: random × min(base × 2^(attempt-1), cap). */
export function backoffMs(
  policy: RetryPolicy,
  kind: RetryClass,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = kind === 'throttling' ? policy.throttlingBaseMs : policy.baseMs;
  return random() * Math.min(base * 2 ** (attempt - 1), policy.capMs);
}
