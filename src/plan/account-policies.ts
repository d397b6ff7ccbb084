/**
 * Customer-managed policies in member accounts. A permission set that references a customer-managed
 * policy (or uses one as its boundary) can only create its role in an account where that policy
 * exists, so orgward keeps the policies the file declares in exactly the accounts that need them:
 * wherever a permission set referencing one is assigned, and the accounts given their own document.
 * The operations here come before the assignments and provisioning that depend on them.
 */
import {
  accountPolicyKey,
  type AccountPolicyReads,
  type AccountPolicyState,
} from '../model/account-policies.js';
import type { Desired, DesiredAccountPolicy } from '../model/desired.js';
import { GRANTS_NOTHING } from '../model/policy-documents.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { sameJson } from '../util/json.js';
import type { PlanBuilder } from './builder.js';
import { accountOpId } from './diff-organization.js';
import { LiveView, type PlannedAccount } from './live.js';

/** One policy in one account, as the file wants it. */
export interface AccountPolicyPlacement {
  account: PlannedAccount;
  policy: DesiredAccountPolicy;
  /**
   * False for a policy a permission set references that the file does not declare: orgward does not
   * write it, but checks it is there (AWS fails the assignment when it is not).
   */
  managed: boolean;
  /** Minified JSON. */
  document: string;
  /** Permission sets in this account that need the policy (empty for an account given its own document only). */
  neededBy: string[];
}

export const accountPolicyOpId = (account: string, name: string) => `account-policy:${account}:${name}`;

/**
 * The customer-managed policies each permission set references by name and path (policies or
 * boundary): the file's declaration where it has one, else an undeclared stand-in.
 */
function referencedBy(
  desired: Desired,
): Map<string, Array<{ policy: DesiredAccountPolicy; managed: boolean }>> {
  const ic = desired.identityCenter;
  const byPermissionSet = new Map<string, Array<{ policy: DesiredAccountPolicy; managed: boolean }>>();
  if (!ic) return byPermissionSet;
  const declared = new Map(ic.customerManagedPolicies.map((p) => [`${p.path}${p.name}`, p]));
  for (const ps of ic.permissionSets) {
    const refs = [
      ...ps.customerManagedPolicies,
      ...(ps.permissionsBoundary?.customerManagedPolicy
        ? [ps.permissionsBoundary.customerManagedPolicy]
        : []),
    ];
    const found = refs.map((r) => {
      const policy = declared.get(`${r.path}${r.name}`);
      return policy
        ? { policy, managed: true }
        : {
            policy: { name: r.name, path: r.path, description: undefined, document: undefined, accounts: {} },
            managed: false,
          };
    });
    if (found.length) byPermissionSet.set(ps.name, found);
  }
  return byPermissionSet;
}

/**
 * Where each declared policy must exist once the plan has run, with its document there. Pure; the
 * reader uses it to know what to read, the planner to know what to write.
 */
export function accountPolicyPlacements(
  desired: Desired,
  live: LiveView,
  now: Date,
): AccountPolicyPlacement[] {
  const ic = desired.identityCenter;
  if (!ic) return [];
  const byPermissionSet = referencedBy(desired);
  const placements = new Map<string, AccountPolicyPlacement>();
  const place = (
    account: PlannedAccount,
    { policy, managed }: { policy: DesiredAccountPolicy; managed: boolean },
    permissionSet?: string,
  ) => {
    if (!account.active) return;
    const k = `${account.name}|${policy.name}`;
    const entry = placements.get(k) ?? {
      account,
      policy,
      managed,
      document: policy.accounts[account.name] ?? policy.document ?? GRANTS_NOTHING,
      neededBy: [],
    };
    if (permissionSet && !entry.neededBy.includes(permissionSet)) entry.neededBy.push(permissionSet);
    placements.set(k, entry);
  };
  // An undeclared policy is only checked where the set is not assigned yet: where it is, AWS found the
  // policy when it made the role, and reading every such account on every plan would cost a session each.
  const liveIc = live.snapshot?.identityCenter;
  const psArn = new Map(liveIc?.permissionSets.map((p) => [p.name, p.arn]));
  // Built only when some permission set names a customer-managed policy (a set of every assignment).
  const assigned =
    byPermissionSet.size === 0
      ? new Set<string>()
      : new Set(liveIc?.assignments.map((a) => `${a.permissionSetArn}|${a.accountId}`));
  const alreadyAssigned = (permissionSet: string, account: PlannedAccount) =>
    account.live !== undefined && assigned.has(`${psArn.get(permissionSet)}|${account.live.id}`);
  for (const a of byPermissionSet.size === 0 ? [] : ic.assignments) {
    if (a.until && Date.parse(a.until) <= now.getTime()) continue;
    const policies = byPermissionSet.get(a.permissionSet);
    if (!policies) continue;
    for (const target of a.targets)
      for (const account of live.expand(target))
        for (const policy of policies)
          if (policy.managed || !alreadyAssigned(a.permissionSet, account))
            place(account, policy, a.permissionSet);
  }
  for (const policy of ic.customerManagedPolicies)
    for (const name of Object.keys(policy.accounts)) {
      const account = live.byName(name);
      if (account) place(account, { policy, managed: true });
    }
  return [...placements.values()].sort(
    (a, b) => a.account.name.localeCompare(b.account.name) || a.policy.name.localeCompare(b.policy.name),
  );
}

/**
 * Adds a `put-account-policy` for every placement whose account lacks the policy or holds another
 * document. Without `state` (planning from a snapshot file) nothing is planned and a note says so.
 * Answers, per permission set, the operations its assignments and provisioning in an account wait for.
 */
export function diffAccountPolicies(
  b: PlanBuilder,
  desired: Desired,
  live: LiveView,
  now: Date,
  state: AccountPolicyState | undefined,
): (permissionSet: string, account: string) => string[] {
  const placements = accountPolicyPlacements(desired, live, now);
  const waits = new Map<string, string[]>();
  const none: string[] = [];
  const lookup = (permissionSet: string, account: string) => waits.get(`${permissionSet}|${account}`) ?? none;
  if (placements.length === 0) return lookup;
  if (!state) {
    if (placements.some((p) => p.managed))
      b.note(
        'customer-managed policies in member accounts were not read (planning from a saved snapshot); plan against AWS to see them',
      );
    return lookup;
  }
  const roleName = desired.identityCenter!.memberRoleName;
  const callerAccount = live.callerAccountId ?? live.snapshot?.source.callerAccountId;
  const unreadableNoted = new Set<string>();
  const missing = new Map<string, string[]>();
  for (const placement of placements) {
    const { account, policy, document } = placement;
    if (!placement.managed) {
      const id = account.live?.id;
      if (!id || state.documents[accountPolicyKey(id, policy.name)] === null) {
        const label = `${policy.path}${policy.name}`;
        missing.set(label, [...(missing.get(label) ?? []), account.name]);
      }
      continue;
    }
    const id = account.ref.id;
    let have: string | null | undefined;
    if (id && account.live) {
      const reason = state.unreadable[id];
      if (reason) {
        if (!unreadableNoted.has(id))
          b.note(
            `could not read the customer-managed policies in ${account.name} (${reason}); apply writes them`,
          );
        unreadableNoted.add(id);
        have = undefined;
      } else have = state.documents[accountPolicyKey(id, policy.name)] ?? null;
    } else have = null;
    if (typeof have === 'string' && sameJson(have, document)) continue;
    const opId = b.add(
      accountPolicyOpId(account.name, policy.name),
      {
        kind: 'put-account-policy',
        account: account.ref,
        name: policy.name,
        path: policy.path,
        ...(policy.description ? { description: policy.description } : {}),
        document,
        via: id !== undefined && id === callerAccount ? 'caller' : { roleName },
        impact: have === null ? 'create' : 'update',
        summary: `${have === null ? 'create' : 'update'} IAM policy ${policy.path}${policy.name} in ${account.name}${placement.neededBy.length ? ` (for ${placement.neededBy.join(', ')})` : ''}${have === undefined ? ' (not readable; written if it differs)' : ''}`,
      },
      [id ? undefined : accountOpId(account.name)],
    );
    for (const ps of placement.neededBy) {
      const k = `${ps}|${account.name}`;
      waits.set(k, [...(waits.get(k) ?? []), opId]);
    }
  }
  for (const [label, accounts] of missing)
    b.note(
      `IAM policy ${label} is missing in ${accounts.join(', ')}: assignments of the permission sets that reference it fail there until it exists (declare it under identityCenter.customerManagedPolicies and orgward creates it)`,
    );
  return lookup;
}

/**
 * The policies to read before planning: per live account, the declared policies it must hold (accounts
 * the plan creates have nothing to read). Null when there is nothing to read. The reader
 * (`read/account-policies`) fetches them; the planner compares with what it finds.
 */
export function accountPolicyReads(
  snapshot: OrgSnapshot | null,
  desired: Desired,
  now: Date,
): AccountPolicyReads | null {
  const ic = desired.identityCenter;
  if (!snapshot?.identityCenter || !ic) return null;
  const accounts = new Map<string, Array<{ name: string; path: string }>>();
  for (const { account, policy } of accountPolicyPlacements(desired, new LiveView(snapshot, desired), now)) {
    if (!account.live) continue;
    const list = accounts.get(account.live.id) ?? [];
    list.push({ name: policy.name, path: policy.path });
    accounts.set(account.live.id, list);
  }
  return { accounts, memberRoleName: ic.memberRoleName, callerAccountId: snapshot.source.callerAccountId };
}
