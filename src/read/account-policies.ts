/**
 * Reads the customer-managed policies the file declares, in the accounts that need them (and only
 * those): one session per account through the member role (the caller's own credentials in its own
 * account), then GetPolicy and the default version's document per policy. An account whose role cannot
 * be assumed or whose IAM refuses the read is reported, not fatal: the plan says so and apply writes.
 */
import { GetPolicyCommand, GetPolicyVersionCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { ClientFactory } from '../aws/clients.js';
import { OrgwardError } from '../errors/index.js';
import {
  accountPolicyKey,
  type AccountPolicyReads,
  type AccountPolicyState,
} from '../model/account-policies.js';
import { mapLimit } from '../util/pool.js';
import { isNoSuchEntity } from '../aws/errors.js';

/** The ARN of a customer-managed policy: `arn:aws:iam::<account>:policy<path><name>`. */
export function customerPolicyArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:policy${path}${name}`;
}

/**
 * The policy's default version (its document URL-decoded, as IAM answers it RFC 3986-encoded), or
 * null when the account has no such policy. Plan reads with it; apply reads with it before writing.
 */
export async function readDefaultVersion(
  iam: IAMClient,
  arn: string,
): Promise<{ versionId: string; document: string } | null> {
  let versionId: string | undefined;
  try {
    versionId = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId;
  } catch (error) {
    if (isNoSuchEntity(error)) return null;
    throw error;
  }
  if (!versionId) return null;
  const got = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }));
  return { versionId, document: decodeURIComponent(got.PolicyVersion?.Document ?? '') };
}

/** Accounts read at a time: each holds one STS session and a few IAM reads. */
const ACCOUNT_CONCURRENCY = 8;

/**
 * Reads the policies the planner asked for (`accountPolicyReads` in the plan layer): one session per
 * account through the member role, the caller's own account with its own credentials.
 */
export async function readAccountPolicies(
  factory: ClientFactory,
  reads: AccountPolicyReads | null,
): Promise<AccountPolicyState> {
  const state: AccountPolicyState = { documents: {}, unreadable: {} };
  if (!reads) return state;
  await mapLimit([...reads.accounts], ACCOUNT_CONCURRENCY, async ([accountId, policies]) => {
    const iam = (
      accountId === reads.callerAccountId ? factory : factory.assumeRole(accountId, reads.memberRoleName)
    ).iam();
    try {
      for (const { name, path } of policies) {
        const found = await readDefaultVersion(iam, customerPolicyArn(accountId, path, name));
        state.documents[accountPolicyKey(accountId, name)] = found?.document ?? null;
      }
    } catch (error) {
      if (!(error instanceof OrgwardError)) throw error;
      state.unreadable[accountId] = error.message;
    }
  });
  return state;
}
