/**
 * Access as org.yaml will make it, for `access diff` and `access grant`: the file's permission sets,
 * users, groups and assignments on the snapshot's organization, OU targets expanded as the planner
 * expands them.
 */
import {
  accessModelFromSnapshot,
  type AccessAssignment,
  type AccessDocuments,
  type AccessIamAccount,
  type AccessModel,
} from '../access/model.js';
import type { Desired } from '../model/desired.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { LiveView } from './live.js';

function targetOrigin(target: Desired['policies'][number]['targets'][number]): string {
  if (target.kind === 'root') return 'root';
  return target.kind === 'ou' ? `ou:${target.path}` : `account:${target.name}`;
}

/**
 * Access as org.yaml will make it: its permission sets, users, groups and assignments (OU targets
 * expanded as the planner does, ended `until` assignments left out), on the snapshot's organization; the
 * file's customer-managed policy documents replace what was read for the accounts they are placed in.
 */
export function accessModelFromDesired(
  snapshot: OrgSnapshot,
  desired: Desired,
  documents: AccessDocuments,
  now: Date,
  iam: Record<string, AccessIamAccount> = {},
): AccessModel {
  const base = accessModelFromSnapshot(snapshot, documents, iam);
  const ic = desired.identityCenter;
  if (!ic || !base.identityCenter) return base;
  const live = new LiveView(snapshot, desired);
  const assignments: AccessAssignment[] = [];
  for (const a of ic.assignments) {
    if (a.until && Date.parse(a.until) <= now.getTime()) continue;
    for (const target of a.targets)
      for (const account of live.expand(target)) {
        if (!account.live) continue;
        assignments.push({
          accountId: account.live.id,
          permissionSet: a.permissionSet,
          principalType: a.principalType,
          principalName: a.principalName,
          ...(a.until ? { until: a.until } : {}),
          origin: targetOrigin(target),
        });
      }
  }
  const customerManaged = { ...documents.customerManaged };
  for (const policy of ic.customerManagedPolicies)
    for (const account of live.planned) {
      if (!account.live) continue;
      const own = policy.accounts[account.name];
      const key = `${account.live.id}|${policy.name}`;
      if (own !== undefined || policy.document !== undefined || key in customerManaged)
        customerManaged[key] = own ?? policy.document ?? customerManaged[key] ?? null;
    }
  const liveUsers = new Map(base.identityCenter.users.map((u) => [u.userName, u]));
  const liveGroups = new Map(base.identityCenter.groups.map((g) => [g.displayName, g]));
  for (const u of ic.users)
    liveUsers.set(u.userName, { userName: u.userName, displayName: u.displayName, email: u.email ?? null });
  for (const g of ic.groups)
    liveGroups.set(g.displayName, { displayName: g.displayName, members: g.members });
  return {
    ...base,
    identityCenter: {
      ...base.identityCenter,
      permissionSets: ic.permissionSets.map((ps) => ({
        name: ps.name,
        inlinePolicy: ps.inlinePolicy ?? null,
        managedPolicies: ps.managedPolicies,
        customerManagedPolicies: ps.customerManagedPolicies,
        boundary: ps.permissionsBoundary ?? null,
        sessionDuration: ps.sessionDuration,
      })),
      users: [...liveUsers.values()],
      groups: [...liveGroups.values()],
      assignments,
    },
    documents: { awsManaged: documents.awsManaged, customerManaged },
  };
}

/**
 * The live model with what only the file knows: each assignment's `until` and the target it comes from
 * (`ou:Workloads`), where the file has the same assignment.
 */
export function annotateFromDesired(
  model: AccessModel,
  snapshot: OrgSnapshot,
  desired: Desired,
  now: Date,
): AccessModel {
  const ic = model.identityCenter;
  if (!ic) return model;
  const wanted = accessModelFromDesired(snapshot, desired, model.documents, now).identityCenter;
  const key = (a: AccessAssignment) =>
    `${a.accountId}|${a.permissionSet}|${a.principalType}|${a.principalName}`;
  const byKey = new Map((wanted?.assignments ?? []).map((a) => [key(a), a]));
  return {
    ...model,
    identityCenter: {
      ...ic,
      assignments: ic.assignments.map((a) => {
        const w = byKey.get(key(a));
        return w
          ? { ...a, ...(w.until ? { until: w.until } : {}), ...(w.origin ? { origin: w.origin } : {}) }
          : a;
      }),
    },
  };
}
