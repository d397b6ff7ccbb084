/**
 * Partial access is reported, not fatal: a read that AWS refuses (denied, not enabled, not supported
 * by this endpoint, wrong vantage account) becomes a recorded gap; anything else still fails the run.
 */
import { AwsCallError } from '../errors/index.js';
import type { Gap } from '../model/snapshot.js';

const PARTIAL = [
  /AccessDenied/,
  /NotAuthorized/,
  /UnauthorizedOperation/,
  /UnknownOperation/,
  /InvalidAction/,
  /NotEnabled/,
  /ServiceAccessNotEnabled/,
  /AccountNotManagementOrDelegatedAdministrator/,
  /OrganizationNotInAllFeaturesMode/,
  /UnsupportedAPIEndpoint/,
];

export function isPartialAccess(error: unknown): error is AwsCallError {
  return error instanceof AwsCallError && PARTIAL.some((pattern) => pattern.test(error.awsCode));
}

/** Runs a read; on partial access records a gap for `part` and answers null. */
export async function readOrGap<T>(gaps: Gap[], part: string, read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (!isPartialAccess(error)) throw error;
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
