/**
 * The Identity Center half of the plan: users, groups, memberships, permission sets with their
 * policies, provisioning after edits, and assignments expanded from OU targets to accounts.
 */
import type { Desired, DesiredPermissionSet } from '../model/desired.js';
import type { SnapshotPermissionSet } from '../model/snapshot.js';
import { sameJson } from '../util/json.js';
import type { PlanBuilder } from './builder.js';
import { accountOpId } from './diff-organization.js';
import type { LiveView } from './live.js';
import type { AccountRef, PermissionSetRef, PrincipalRef } from './operations.js';

function sameDocument(a: string | null | undefined, b: string | undefined): boolean {
  if (!a || !b) return (a ?? undefined) === b;
  return sameJson(a, b);
}

const psCreateId = (name: string) => `permission-set:create:${name}`;

/** Adds the operations that make a permission set's policies match; answers their ids. */
function diffPermissionSetPolicies(
  b: PlanBuilder,
  ref: PermissionSetRef,
  want: DesiredPermissionSet,
  have: SnapshotPermissionSet | undefined,
  after: string | undefined,
): string[] {
  const ops: string[] = [];
  const name = want.name;
  if (!sameDocument(have?.inlinePolicy, want.inlinePolicy)) {
    if (want.inlinePolicy) {
      ops.push(
        b.add(
          `permission-set:inline:${name}`,
          {
            kind: 'put-inline-policy',
            permissionSet: ref,
            document: want.inlinePolicy,
            impact: have?.inlinePolicy ? 'update' : 'create',
            summary: `${have?.inlinePolicy ? 'replace' : 'add'} the inline policy of permission set ${name}`,
          },
          [after],
        ),
      );
    } else {
      ops.push(
        b.add(
          `permission-set:inline-delete:${name}`,
          {
            kind: 'delete-inline-policy',
            permissionSet: ref,
            impact: 'delete',
            summary: `remove the inline policy of permission set ${name}`,
          },
          [after],
        ),
      );
    }
  }
  const haveManaged = new Set(have?.managedPolicies ?? []);
  for (const arn of want.managedPolicies) {
    if (!haveManaged.has(arn))
      ops.push(
        b.add(
          `permission-set:managed:${name}:${arn}`,
          {
            kind: 'attach-managed-policy',
            permissionSet: ref,
            policyArn: arn,
            impact: 'create',
            summary: `attach ${arn.split('/').pop()} to permission set ${name}`,
          },
          [after],
        ),
      );
  }
  for (const arn of haveManaged) {
    if (!want.managedPolicies.includes(arn))
      ops.push(
        b.add(
          `permission-set:managed-detach:${name}:${arn}`,
          {
            kind: 'detach-managed-policy',
            permissionSet: ref,
            policyArn: arn,
            impact: 'delete',
            summary: `detach ${arn.split('/').pop()} from permission set ${name}`,
          },
          [after],
        ),
      );
  }
  const key = (c: { name: string; path: string }) => `${c.path}${c.name}`;
  const haveCmp = new Set((have?.customerManagedPolicies ?? []).map(key));
  for (const c of want.customerManagedPolicies) {
    if (!haveCmp.has(key(c)))
      ops.push(
        b.add(
          `permission-set:cmp:${name}:${key(c)}`,
          {
            kind: 'attach-customer-managed-policy',
            permissionSet: ref,
            name: c.name,
            path: c.path,
            impact: 'create',
            summary: `reference customer-managed policy ${key(c)} in permission set ${name}`,
          },
          [after],
        ),
      );
  }
  for (const c of have?.customerManagedPolicies ?? []) {
    if (!want.customerManagedPolicies.some((w) => key(w) === key(c)))
      ops.push(
        b.add(
          `permission-set:cmp-detach:${name}:${key(c)}`,
          {
            kind: 'detach-customer-managed-policy',
            permissionSet: ref,
            name: c.name,
            path: c.path,
            impact: 'delete',
            summary: `drop customer-managed policy ${key(c)} from permission set ${name}`,
          },
          [after],
        ),
      );
  }
  const haveBoundary = have?.permissionsBoundary ?? null;
  const wantBoundary = want.permissionsBoundary;
  const boundaryKey = (x: typeof wantBoundary | typeof haveBoundary) =>
    !x
      ? ''
      : x.managedPolicyArn
        ? `arn:${x.managedPolicyArn}`
        : 'customerManagedPolicy' in x && x.customerManagedPolicy
          ? `cmp:${key(x.customerManagedPolicy)}`
          : '';
  if (boundaryKey(haveBoundary) !== boundaryKey(wantBoundary)) {
    if (wantBoundary) {
      const boundary = wantBoundary.managedPolicyArn
        ? { managedPolicyArn: wantBoundary.managedPolicyArn }
        : { customerManagedPolicy: wantBoundary.customerManagedPolicy! };
      ops.push(
        b.add(
          `permission-set:boundary:${name}`,
          {
            kind: 'put-permissions-boundary',
            permissionSet: ref,
            boundary,
            impact: haveBoundary ? 'update' : 'create',
            summary: `set the permissions boundary of permission set ${name}`,
          },
          [after],
        ),
      );
    } else {
      ops.push(
        b.add(
          `permission-set:boundary-delete:${name}`,
          {
            kind: 'delete-permissions-boundary',
            permissionSet: ref,
            impact: 'delete',
            summary: `remove the permissions boundary of permission set ${name}`,
          },
          [after],
        ),
      );
    }
  }
  return ops;
}

export function diffIdentityCenter(
  b: PlanBuilder,
  desired: Desired,
  live: LiveView,
  now: Date,
  /** The customer-managed policy operations a permission set waits for in an account. */
  policyWaits: (permissionSet: string, account: string) => string[] = () => [],
): void {
  const want = desired.identityCenter;
  if (!want) return;
  const ic = live.snapshot?.identityCenter ?? null;
  if (!ic) {
    b.note(
      'Identity Center is not enabled (or could not be read): enable it in the management account, then plan again; its part of the file was not planned',
    );
    return;
  }

  // Users and groups.
  const userByName = new Map(ic.users.map((u) => [u.userName, u]));
  const groupByName = new Map(ic.groups.map((g) => [g.displayName, g]));
  const userRef = (name: string): PrincipalRef => ({
    type: 'USER',
    name,
    ...(userByName.get(name) ? { id: userByName.get(name)!.id } : {}),
  });
  const groupRef = (name: string): PrincipalRef => ({
    type: 'GROUP',
    name,
    ...(groupByName.get(name) ? { id: groupByName.get(name)!.id } : {}),
  });
  const principalDep = (p: PrincipalRef) =>
    p.id ? undefined : `${p.type === 'USER' ? 'user' : 'group'}:create:${p.name}`;
  for (const user of want.users) {
    const have = userByName.get(user.userName);
    if (!have) {
      b.add(`user:create:${user.userName}`, {
        kind: 'create-user',
        user: userRef(user.userName),
        displayName: user.displayName,
        ...(user.email ? { email: user.email } : {}),
        ...(user.givenName ? { givenName: user.givenName } : {}),
        ...(user.familyName ? { familyName: user.familyName } : {}),
        impact: 'create',
        summary: `create user ${user.userName}${user.email ? ` <${user.email}>` : ''}`,
      });
    } else if (have.displayName !== user.displayName || (have.email ?? undefined) !== user.email) {
      b.add(`user:update:${user.userName}`, {
        kind: 'update-user',
        user: userRef(user.userName),
        displayName: user.displayName,
        ...(user.email ? { email: user.email } : {}),
        impact: 'update',
        summary: `update user ${user.userName}`,
      });
    }
  }
  for (const group of want.groups) {
    const have = groupByName.get(group.displayName);
    if (!have)
      b.add(`group:create:${group.displayName}`, {
        kind: 'create-group',
        group: groupRef(group.displayName),
        ...(group.description ? { description: group.description } : {}),
        impact: 'create',
        summary: `create group ${group.displayName}`,
      });
    const haveMembers = new Set(
      (have?.members ?? []).map((id) => ic.users.find((u) => u.id === id)?.userName ?? id),
    );
    for (const member of group.members) {
      if (!haveMembers.has(member)) {
        b.add(
          `group:member:${group.displayName}:${member}`,
          {
            kind: 'add-group-member',
            group: groupRef(group.displayName),
            user: userRef(member),
            impact: 'create',
            summary: `add ${member} to group ${group.displayName}`,
          },
          [principalDep(groupRef(group.displayName)), principalDep(userRef(member))],
        );
      }
    }
    for (const member of haveMembers) {
      if (!group.members.includes(member))
        b.add(`group:member-remove:${group.displayName}:${member}`, {
          kind: 'remove-group-member',
          group: groupRef(group.displayName),
          user: userRef(member),
          impact: 'delete',
          summary: `remove ${member} from group ${group.displayName}`,
        });
    }
  }

  // Permission sets.
  const psByName = new Map(ic.permissionSets.map((p) => [p.name, p]));
  const provisionedTo = new Map<string, string[]>();
  for (const p of ic.provisioning)
    provisionedTo.set(p.permissionSetArn, [...(provisionedTo.get(p.permissionSetArn) ?? []), p.accountId]);
  const psReady = new Map<string, string[]>();
  const provisioningWork: Array<{
    ps: { name: string };
    have: { arn: string };
    ref: PermissionSetRef;
    changes: string[];
  }> = [];
  const psRef = (name: string): PermissionSetRef => ({
    name,
    ...(psByName.get(name) ? { arn: psByName.get(name)!.arn } : {}),
  });
  for (const ps of want.permissionSets) {
    const have = psByName.get(ps.name);
    const ref = psRef(ps.name);
    let created: string | undefined;
    const changes: string[] = [];
    if (!have) {
      created = b.add(psCreateId(ps.name), {
        kind: 'create-permission-set',
        permissionSet: ref,
        ...(ps.description ? { description: ps.description } : {}),
        sessionDuration: ps.sessionDuration,
        ...(ps.relayState ? { relayState: ps.relayState } : {}),
        tags: ps.tags ?? {},
        impact: 'create',
        summary: `create permission set ${ps.name} (session ${ps.sessionDuration})`,
      });
    } else if (
      (have.description ?? undefined) !== ps.description ||
      have.sessionDuration !== ps.sessionDuration ||
      (have.relayState ?? undefined) !== ps.relayState
    ) {
      changes.push(
        b.add(`permission-set:update:${ps.name}`, {
          kind: 'update-permission-set',
          permissionSet: ref,
          ...(ps.description ? { description: ps.description } : {}),
          sessionDuration: ps.sessionDuration,
          ...(ps.relayState ? { relayState: ps.relayState } : {}),
          impact: 'update',
          summary: `update permission set ${ps.name}`,
        }),
      );
    }
    changes.push(...diffPermissionSetPolicies(b, ref, ps, have, created));
    psReady.set(
      ps.name,
      [created, ...changes].filter((x): x is string => x !== undefined),
    );
    if (have) provisioningWork.push({ ps, have, ref, changes });
  }

  // Assignments: desired (expanded) against live.
  const key = (ps: string, type: string, principal: string, account: string) =>
    `${ps}|${type}|${principal}|${account}`;
  const wanted = new Map<
    string,
    { ps: string; principal: PrincipalRef; account: AccountRef; accountDep: string | undefined }
  >();
  for (const a of want.assignments) {
    if (a.until && Date.parse(a.until) <= now.getTime()) continue; // expired: removed below
    const principal = a.principalType === 'USER' ? userRef(a.principalName) : groupRef(a.principalName);
    for (const target of a.targets) {
      for (const account of live.expand(target)) {
        wanted.set(key(a.permissionSet, a.principalType, a.principalName, account.name), {
          ps: a.permissionSet,
          principal,
          account: account.ref,
          accountDep: account.ref.id ? undefined : accountOpId(account.name),
        });
      }
    }
  }
  const psNameByArn = new Map(ic.permissionSets.map((p) => [p.arn, p.name]));
  const liveKeys = new Set<string>();
  for (const a of ic.assignments) {
    const psName = psNameByArn.get(a.permissionSetArn) ?? a.permissionSetArn;
    const principalName = a.principalName ?? a.principalId;
    const accountName = live.planned.find((p) => p.live?.id === a.accountId)?.name ?? a.accountId;
    const k = key(psName, a.principalType, principalName, accountName);
    liveKeys.add(k);
    if (wanted.has(k)) continue;
    const expired = want.assignments.some(
      (w) =>
        w.until &&
        Date.parse(w.until) <= now.getTime() &&
        w.permissionSet === psName &&
        w.principalName === principalName &&
        w.principalType === a.principalType,
    );
    if (!desired.prune.has('assignments') && !expired) continue;
    b.add(`assignment:delete:${k}`, {
      kind: 'delete-assignment',
      permissionSet: { name: psName, arn: a.permissionSetArn },
      principal: { type: a.principalType, name: principalName, id: a.principalId },
      account: { name: accountName, id: a.accountId },
      impact: 'delete',
      summary: `remove ${a.principalType === 'USER' ? 'user' : 'group'} ${principalName} from ${psName} on ${accountName}${expired ? ' (its time is up)' : ''}`,
    });
  }
  for (const [k, w] of wanted) {
    if (liveKeys.has(k)) continue;
    b.add(
      `assignment:create:${k}`,
      {
        kind: 'create-assignment',
        permissionSet: psRef(w.ps),
        principal: w.principal,
        account: w.account,
        impact: 'create',
        summary: `give ${w.principal.type === 'USER' ? 'user' : 'group'} ${w.principal.name} ${w.ps} on ${w.account.name}`,
      },
      [
        ...(psReady.get(w.ps) ?? []),
        ...policyWaits(w.ps, w.account.name),
        principalDep(w.principal),
        w.accountDep,
      ],
    );
  }

  // Provisioning after edits: only to accounts that still have an assignment of the set after this plan
  // (an account losing its last one has its role removed, not refreshed).
  const keeps = (psName: string, accountId: string): boolean =>
    [...wanted.values()].some((w) => w.ps === psName && w.account.id === accountId) ||
    ic.assignments.some(
      (a) =>
        a.accountId === accountId &&
        psNameByArn.get(a.permissionSetArn) === psName &&
        !b.has(
          `assignment:delete:${key(psName, a.principalType, a.principalName ?? a.principalId, live.planned.find((p) => p.live?.id === a.accountId)?.name ?? a.accountId)}`,
        ),
    );
  for (const { ps, have, ref, changes } of provisioningWork) {
    const accounts = (provisionedTo.get(have.arn) ?? []).filter((id) => keeps(ps.name, id));
    const stale = ic.provisioning
      .filter((p) => p.permissionSetArn === have.arn && !p.current && keeps(ps.name, p.accountId))
      .map((p) => p.accountId);
    const toProvision = changes.length > 0 ? accounts : stale;
    if (toProvision.length === 0) continue;
    const refs: AccountRef[] = toProvision.map((id) => ({
      name: live.planned.find((p) => p.live?.id === id)?.name ?? id,
      id,
    }));
    b.add(
      `permission-set:provision:${ps.name}`,
      {
        kind: 'provision-permission-set',
        permissionSet: ref,
        accounts: refs,
        impact: 'update',
        summary: `provision permission set ${ps.name} to ${refs.length} account${refs.length === 1 ? '' : 's'}${changes.length === 0 ? ' (out of date)' : ''}`,
      },
      [...changes, ...refs.flatMap((r) => policyWaits(ps.name, r.name))],
    );
  }

  // Objects the file does not have.
  const pruneOrNote = (scope: 'users' | 'groups' | 'permissionSets', label: string, add: () => void) => {
    if (desired.prune.has(scope)) add();
    else b.note(`${label} is not in the file (unmanaged; add '${scope}' to prune to delete it)`);
  };
  for (const user of ic.users) {
    if (!want.users.some((u) => u.userName === user.userName))
      pruneOrNote('users', `user ${user.userName}`, () =>
        b.add(`user:delete:${user.userName}`, {
          kind: 'delete-user',
          user: { type: 'USER', name: user.userName, id: user.id },
          impact: 'delete',
          summary: `delete user ${user.userName}`,
        }),
      );
  }
  for (const group of ic.groups) {
    if (!want.groups.some((g) => g.displayName === group.displayName))
      pruneOrNote('groups', `group ${group.displayName}`, () =>
        b.add(`group:delete:${group.displayName}`, {
          kind: 'delete-group',
          group: { type: 'GROUP', name: group.displayName, id: group.id },
          impact: 'delete',
          summary: `delete group ${group.displayName}`,
        }),
      );
  }
  for (const ps of ic.permissionSets) {
    if (want.permissionSets.some((w) => w.name === ps.name)) continue;
    pruneOrNote('permissionSets', `permission set ${ps.name}`, () => {
      // AWS refuses to delete a permission set that is still assigned: remove its assignments first.
      for (const a of ic.assignments.filter((x) => x.permissionSetArn === ps.arn)) {
        const principalName = a.principalName ?? a.principalId;
        const accountName = live.planned.find((p) => p.live?.id === a.accountId)?.name ?? a.accountId;
        b.add(`assignment:delete:${key(ps.name, a.principalType, principalName, accountName)}`, {
          kind: 'delete-assignment',
          permissionSet: { name: ps.name, arn: ps.arn },
          principal: { type: a.principalType, name: principalName, id: a.principalId },
          account: { name: accountName, id: a.accountId },
          impact: 'delete',
          summary: `remove ${a.principalType === 'USER' ? 'user' : 'group'} ${principalName} from ${ps.name} on ${accountName}`,
        });
      }
      const removals = b.operations
        .filter((op) => op.kind === 'delete-assignment' && op.permissionSet.arn === ps.arn)
        .map((op) => op.id);
      b.add(
        `permission-set:delete:${ps.name}`,
        {
          kind: 'delete-permission-set',
          permissionSet: { name: ps.name, arn: ps.arn },
          impact: 'delete',
          summary: `delete permission set ${ps.name}`,
        },
        removals,
      );
    });
  }
}
