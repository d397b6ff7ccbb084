/**
 * Partial access is reported, not fatal: a read that AWS refuses (denied, not enabled, not supported
 * by this endpoint, wrong vantage account) becomes a recorded gap; anything else still fails the run.
 */
import { isPartialAccess, isUnsupported } from '../aws/errors.js';
import { AwsCallError } from '../errors/index.js';
import type { Gap } from '../model/snapshot.js';

/**
 * Runs the read of an optional part of the snapshot. When AWS refuses it (or, after the retry layer gave
 * up, an endpoint keeps failing it, as emulators do for operations they lack), records a gap for `part`
 * and answers null; the rest of the snapshot is still read.
 */
export async function readOrGap<T>(gaps: Gap[], part: string, read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    gaps.push({
      part,
      service: error.service,
      operation: error.operation,
      code: error.awsCode,
      reason: error.message,
    });
    return null;
  }
}

/**
 * A detail an endpoint may refuse or lack (a permission set's tags on an emulator): the fallback, with
 * one gap per operation, instead of failing the whole read.
 */
export async function readDetail<T>(
  gaps: Gap[],
  part: string,
  read: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isPartialAccess(error) && !isUnsupported(error)) throw error;
    if (!gaps.some((g) => g.part === part && g.operation === error.operation))
      gaps.push({
        part,
        service: error.service,
        operation: error.operation,
        code: error.awsCode,
        reason: error.message,
      });
    return fallback;
  }
}
