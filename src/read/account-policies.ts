/**
 * Reads the customer-managed policies the file declares, in the accounts that need them (and only
 * those): one session per account through the member role (the caller's own credentials in its own
 * account), then GetPolicy and the default version's document per policy. An account whose role cannot
 * be assumed or whose IAM refuses the read is reported, not fatal: the plan says so and apply writes.
 */
import { GetPolicyCommand, GetPolicyVersionCommand } from '@aws-sdk/client-iam';
import type { ClientFactory } from '../aws/clients.js';
import { OrgwardError } from '../errors/index.js';
import type { Desired } from '../model/desired.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import {
  accountPolicyKey,
  accountPolicyPlacements,
  type AccountPolicyState,
} from '../plan/account-policies.js';
import { LiveView } from '../plan/live.js';
import { mapLimit } from '../util/pool.js';
import { isNoSuchEntity } from './gaps.js';

/** Accounts read at a time: each holds one STS session and a few IAM reads. */
const ACCOUNT_CONCURRENCY = 8;

export async function readAccountPolicies(
  factory: ClientFactory,
  snapshot: OrgSnapshot | null,
  desired: Desired,
  now: Date,
): Promise<AccountPolicyState> {
  const state: AccountPolicyState = { documents: {}, unreadable: {} };
  const ic = desired.identityCenter;
  if (!snapshot?.identityCenter || !ic) return state;
  const caller = snapshot.source.callerAccountId;
  const byAccount = new Map<string, Array<{ name: string; path: string }>>();
  for (const { account, policy } of accountPolicyPlacements(desired, new LiveView(snapshot, desired), now)) {
    if (!account.live) continue; // created by the plan: nothing to read
    const list = byAccount.get(account.live.id) ?? [];
    list.push({ name: policy.name, path: policy.path });
    byAccount.set(account.live.id, list);
  }
  await mapLimit([...byAccount], ACCOUNT_CONCURRENCY, async ([accountId, policies]) => {
    const iam = (accountId === caller ? factory : factory.assumeRole(accountId, ic.memberRoleName)).iam();
    try {
      for (const { name, path } of policies) {
        const arn = `arn:aws:iam::${accountId}:policy${path}${name}`;
        let version: string | undefined;
        try {
          version = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId;
        } catch (error) {
          if (!isNoSuchEntity(error)) throw error;
        }
        if (!version) {
          state.documents[accountPolicyKey(accountId, name)] = null;
          continue;
        }
        const got = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }));
        // IAM answers the document URL-encoded (RFC 3986).
        const raw = got.PolicyVersion?.Document;
        state.documents[accountPolicyKey(accountId, name)] = raw ? decodeURIComponent(raw) : null;
      }
    } catch (error) {
      if (!(error instanceof OrgwardError)) throw error;
      state.unreadable[accountId] = error.message;
    }
  });
  return state;
}
