/** What the transfer readers share: reads that may be refused, and the support plan behind an account. */
import { DescribeSeverityLevelsCommand } from '@aws-sdk/client-support';
import type { ClientFactory } from '../../aws/clients.js';
import { AwsCallError, OrgwardError } from '../../errors/index.js';
import type { SupportLevel } from '../../model/transfer.js';

/**
 * Runs one read; a refusal (access denied, a role that cannot be assumed, a service not enabled) is
 * written to `gaps` as `label: why` and the read answers null, so the plan says UNKNOWN instead of failing.
 */
export async function tryRead<T>(gaps: string[], label: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AwsCallError) {
      gaps.push(`${label}: ${error.service}:${error.operation} ${error.awsCode}`);
      return null;
    }
    if (error instanceof OrgwardError) {
      gaps.push(`${label}: ${error.message}`);
      return null;
    }
    throw error;
  }
}

/** True when AWS answered `code` (or one of the codes a pattern matches). */
export function answered(error: unknown, code: RegExp): boolean {
  return error instanceof AwsCallError && code.test(error.awsCode);
}

/**
 * The support plan the Support API reveals: Basic accounts are refused (`SubscriptionRequiredException`),
 * the others are offered the severity levels of their plan.
 */
export async function supportLevel(factory: ClientFactory): Promise<SupportLevel> {
  try {
    const out = await factory.support().send(new DescribeSeverityLevelsCommand({ language: 'en' }));
    const codes = new Set((out.severityLevels ?? []).map((l) => l.code));
    if (codes.has('critical')) return 'ENTERPRISE';
    if (codes.has('urgent')) return 'BUSINESS';
    return 'DEVELOPER';
  } catch (error) {
    if (answered(error, /^SubscriptionRequiredException$/)) return 'BASIC';
    throw error;
  }
}

/** Follows `NextToken` pagination. */
export { allPages } from '../audit/got.js';
