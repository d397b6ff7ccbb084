/**
 * The Identity Center half of the plan: users, groups, memberships, permission sets with their
 * policies, provisioning after edits, and assignments expanded from OU targets to accounts.
 *
 * `diffIdentityCenter` runs one function per section, in a fixed order (the order of the operations is
 * part of the plan); the sections share lookups built once, and what earlier sections planned, through
 * an `IcDiff` context.
 */
import type { Desired, DesiredAssignment, DesiredPermissionSet } from '../model/desired.js';
import type {
  SnapshotAssignment,
  SnapshotGroup,
  SnapshotIdentityCenter,
  SnapshotPermissionSet,
  SnapshotUser,
} from '../model/snapshot.js';
import { OrgwardError } from '../errors/index.js';
import type { PlanBuilder } from './builder.js';
import { accountOpId } from './diff-organization.js';
import { diffPermissionSetPolicies } from './diff-permission-set-policies.js';
import type { LiveView } from './live.js';
import type { AccountRef, PermissionSetRef, PrincipalRef } from './operations.js';

type WantedIdentityCenter = NonNullable<Desired['identityCenter']>;

/** An assignment the file wants, expanded to one account. */
export interface WantedAssignment {
  ps: string;
  principal: PrincipalRef;
  account: AccountRef;
  /** The account's creation, when this plan creates it. */
  accountDep: string | undefined;
}

/** A live permission set the plan touches, for the provisioning section. */
export interface ProvisioningWork {
  ps: { name: string };
  have: { arn: string };
  ref: PermissionSetRef;
  /** The operations that change the permission set (none: only stale accounts are provisioned). */
  changes: string[];
}

/** What the sections of the Identity Center diff share. */
export interface IcDiff {
  readonly b: PlanBuilder;
  readonly desired: Desired;
  readonly want: WantedIdentityCenter;
  readonly ic: SnapshotIdentityCenter;
  readonly live: LiveView;
  readonly now: Date;
  /** The customer-managed policy operations a permission set waits for in an account. */
  readonly policyWaits: (permissionSet: string, account: string) => string[];
  // Lookups, built once. The by-name maps keep the last item of a name, the by-id ones the first (as the
  // planner always has: `new Map(...)` there, `Array.find` here).
  readonly userByName: Map<string, SnapshotUser>;
  readonly groupByName: Map<string, SnapshotGroup>;
  readonly userNameById: Map<string, string>;
  readonly psByName: Map<string, SnapshotPermissionSet>;
  readonly psNameByArn: Map<string, string>;
  /** Live account id → the name the plan knows it by. */
  readonly accountNameById: Map<string, string>;
  // What earlier sections planned.
  /** Permission set name → the operations an assignment of it waits for. */
  readonly psReady: Map<string, string[]>;
  readonly provisioningWork: ProvisioningWork[];
  /** Assignment key (`assignmentKey`) → the assignment the file wants. */
  readonly wanted: Map<string, WantedAssignment>;
  /** Keys of the live assignments. */
  readonly liveKeys: Set<string>;
  /** Permission set ARN → the delete-assignment operations in the plan, in plan order. */
  readonly assignmentDeletes: Map<string, string[]>;
}

/** A map from `key` to `value` in which the first item with a key wins (as `Array.find` would). */
function firstBy<T, V>(items: readonly T[], key: (item: T) => string, value: (item: T) => V): Map<string, V> {
  const map = new Map<string, V>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), value(item));
  return map;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function icDiffContext(
  b: PlanBuilder,
  desired: Desired,
  want: WantedIdentityCenter,
  ic: SnapshotIdentityCenter,
  live: LiveView,
  now: Date,
  policyWaits: (permissionSet: string, account: string) => string[],
): IcDiff {
  // A permission set is deleted after every delete-assignment of it in the plan, including any already there.
  const assignmentDeletes = new Map<string, string[]>();
  for (const op of b.operations)
    if (op.kind === 'delete-assignment' && op.permissionSet.arn !== undefined)
      push(assignmentDeletes, op.permissionSet.arn, op.id);
  return {
    b,
    desired,
    want,
    ic,
    live,
    now,
    policyWaits,
    userByName: new Map(ic.users.map((u) => [u.userName, u])),
    groupByName: new Map(ic.groups.map((g) => [g.displayName, g])),
    userNameById: firstBy(
      ic.users,
      (u) => u.id,
      (u) => u.userName,
    ),
    psByName: new Map(ic.permissionSets.map((p) => [p.name, p])),
    psNameByArn: new Map(ic.permissionSets.map((p) => [p.arn, p.name])),
    accountNameById: firstBy(
      live.planned.filter((p) => p.live !== undefined),
      (p) => p.live!.id,
      (p) => p.name,
    ),
    psReady: new Map(),
    provisioningWork: [],
    wanted: new Map(),
    liveKeys: new Set(),
    assignmentDeletes,
  };
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
  const ctx = icDiffContext(b, desired, want, ic, live, now, policyWaits);
  checkExternalIdentities(ctx);
  diffUsers(ctx);
  for (const group of want.groups) diffGroup(ctx, group);
  for (const ps of want.permissionSets) diffPermissionSet(ctx, ps);
  collectWantedAssignments(ctx);
  deleteUnwantedAssignments(ctx);
  createAssignments(ctx);
  provisionPermissionSets(ctx);
  pruneUsers(ctx);
  pruneGroups(ctx);
  prunePermissionSets(ctx);
}

// Identities an external provider owns.

/**
 * The file's references to the identity provider's users and groups must exist, and the file may not
 * manage what such a provider provisioned (a group orgward thinks it owns would lose its SCIM members).
 * Throws before any operation is planned, naming every problem.
 */
export function checkExternalIdentities({ want, userByName, groupByName }: IcDiff): void {
  const problems: string[] = [];
  for (const name of want.external.users)
    if (!userByName.has(name))
      problems.push(
        `user '${name}' (managed by the external identity provider) does not exist in Identity Center`,
      );
  for (const name of want.external.groups)
    if (!groupByName.has(name))
      problems.push(
        `group '${name}' (managed by the external identity provider) does not exist in Identity Center`,
      );
  for (const user of want.users)
    if (userByName.get(user.userName)?.external)
      problems.push(
        `user '${user.userName}' was provisioned by an external identity provider (it carries ExternalIds), but the file manages it`,
      );
  for (const group of want.groups)
    if (groupByName.get(group.displayName)?.external)
      problems.push(
        `group '${group.displayName}' was provisioned by an external identity provider (it carries ExternalIds), but the file manages it: planning its members would remove the ones SCIM gave it`,
      );
  if (problems.length === 0) return;
  throw new OrgwardError('IDENTITY_NOT_PROVISIONED', `identityCenter:\n  - ${problems.join('\n  - ')}`, {
    source: 'user',
    hint: "Provision missing users and groups through your identity provider's SCIM app (or correct the name), and mark provider-owned ones 'managedBy: external' (or set 'identitySource: external'); nothing was planned",
  });
}

/** True for a live user or group orgward never deletes: the identity provider's. */
function providerOwned(ctx: IcDiff, kind: 'users' | 'groups', name: string, external: boolean): boolean {
  return external || ctx.want.identitySource === 'external' || ctx.want.external[kind].includes(name);
}

// References and ids.

function userRef({ userByName }: IcDiff, name: string): PrincipalRef {
  const have = userByName.get(name);
  return { type: 'USER', name, ...(have ? { id: have.id } : {}) };
}

function groupRef({ groupByName }: IcDiff, name: string): PrincipalRef {
  const have = groupByName.get(name);
  return { type: 'GROUP', name, ...(have ? { id: have.id } : {}) };
}

function psRef({ psByName }: IcDiff, name: string): PermissionSetRef {
  const have = psByName.get(name);
  return { name, ...(have ? { arn: have.arn } : {}) };
}

/** The creation a principal waits for, when this plan creates it. */
function principalDep(p: PrincipalRef): string | undefined {
  return p.id ? undefined : `${p.type === 'USER' ? 'user' : 'group'}:create:${p.name}`;
}

const psCreateId = (name: string) => `permission-set:create:${name}`;

/** An assignment as one string: the tail of its operation ids. */
export const assignmentKey = (ps: string, type: string, principal: string, account: string) =>
  `${ps}|${type}|${principal}|${account}`;

function isExpired(a: DesiredAssignment, now: Date): boolean {
  return a.until !== undefined && a.until !== '' && Date.parse(a.until) <= now.getTime();
}

const principalKind = (type: 'USER' | 'GROUP') => (type === 'USER' ? 'user' : 'group');

// Users, groups, memberships.

/** The file's users: created when missing, updated when their display name or email differs. */
export function diffUsers(ctx: IcDiff): void {
  const { b, want, userByName } = ctx;
  for (const user of want.users) {
    const have = userByName.get(user.userName);
    if (!have) {
      b.add(`user:create:${user.userName}`, {
        kind: 'create-user',
        user: userRef(ctx, user.userName),
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
        user: userRef(ctx, user.userName),
        displayName: user.displayName,
        ...(user.email ? { email: user.email } : {}),
        impact: 'update',
        summary: `update user ${user.userName}`,
      });
    }
  }
}

/** One group of the file: created when missing, then its members. */
export function diffGroup(ctx: IcDiff, group: WantedIdentityCenter['groups'][number]): void {
  const have = ctx.groupByName.get(group.displayName);
  if (!have)
    ctx.b.add(`group:create:${group.displayName}`, {
      kind: 'create-group',
      group: groupRef(ctx, group.displayName),
      ...(group.description ? { description: group.description } : {}),
      impact: 'create',
      summary: `create group ${group.displayName}`,
    });
  diffGroupMembers(ctx, group, have);
}

/** A group's members: adds the file's missing ones (after the group and user exist), removes the others. */
export function diffGroupMembers(
  ctx: IcDiff,
  group: WantedIdentityCenter['groups'][number],
  have: SnapshotGroup | undefined,
): void {
  const { b, userNameById } = ctx;
  const name = group.displayName;
  const haveMembers = new Set((have?.members ?? []).map((id) => userNameById.get(id) ?? id));
  const wantMembers = new Set(group.members);
  for (const member of group.members) {
    if (haveMembers.has(member)) continue;
    b.add(
      `group:member:${name}:${member}`,
      {
        kind: 'add-group-member',
        group: groupRef(ctx, name),
        user: userRef(ctx, member),
        impact: 'create',
        summary: `add ${member} to group ${name}`,
      },
      [principalDep(groupRef(ctx, name)), principalDep(userRef(ctx, member))],
    );
  }
  for (const member of haveMembers) {
    if (wantMembers.has(member)) continue;
    b.add(`group:member-remove:${name}:${member}`, {
      kind: 'remove-group-member',
      group: groupRef(ctx, name),
      user: userRef(ctx, member),
      impact: 'delete',
      summary: `remove ${member} from group ${name}`,
    });
  }
}

// Permission sets.

/**
 * One permission set of the file: created or updated, then its policies. Records what its assignments
 * wait for and, for a live one, what provisioning needs.
 */
export function diffPermissionSet(ctx: IcDiff, ps: DesiredPermissionSet): void {
  const { b, psByName } = ctx;
  const have = psByName.get(ps.name);
  const ref = psRef(ctx, ps.name);
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
  ctx.psReady.set(
    ps.name,
    [created, ...changes].filter((x): x is string => x !== undefined),
  );
  if (have) ctx.provisioningWork.push({ ps, have, ref, changes });
}

// Assignments: desired (expanded) against live.

/** The file's assignments that have not expired, one per account their targets reach. */
export function collectWantedAssignments(ctx: IcDiff): void {
  const { want, live, now, wanted } = ctx;
  for (const a of want.assignments) {
    if (isExpired(a, now)) continue; // expired: removed below
    const principal =
      a.principalType === 'USER' ? userRef(ctx, a.principalName) : groupRef(ctx, a.principalName);
    for (const target of a.targets) {
      for (const account of live.expand(target)) {
        wanted.set(assignmentKey(a.permissionSet, a.principalType, a.principalName, account.name), {
          ps: a.permissionSet,
          principal,
          account: account.ref,
          accountDep: account.ref.id ? undefined : accountOpId(account.name),
        });
      }
    }
  }
}

/** Adds a delete-assignment operation (recorded by permission set ARN); answers its id. */
function deleteAssignment(ctx: IcDiff, psName: string, a: SnapshotAssignment, note = ''): string {
  const { b, accountNameById } = ctx;
  const principalName = a.principalName ?? a.principalId;
  const accountName = accountNameById.get(a.accountId) ?? a.accountId;
  const id = `assignment:delete:${assignmentKey(psName, a.principalType, principalName, accountName)}`;
  if (b.has(id)) return id;
  b.add(id, {
    kind: 'delete-assignment',
    permissionSet: { name: psName, arn: a.permissionSetArn },
    principal: { type: a.principalType, name: principalName, id: a.principalId },
    account: { name: accountName, id: a.accountId },
    impact: 'delete',
    summary: `remove ${principalKind(a.principalType)} ${principalName} from ${psName} on ${accountName}${note}`,
  });
  push(ctx.assignmentDeletes, a.permissionSetArn, id);
  return id;
}

/** Live assignments the file does not want: removed when pruned or expired. Records every live key. */
export function deleteUnwantedAssignments(ctx: IcDiff): void {
  const { desired, want, ic, now, psNameByArn, accountNameById, wanted, liveKeys } = ctx;
  const expired = new Set(
    want.assignments
      .filter((w) => isExpired(w, now))
      .map((w) => JSON.stringify([w.permissionSet, w.principalType, w.principalName])),
  );
  for (const a of ic.assignments) {
    const psName = psNameByArn.get(a.permissionSetArn) ?? a.permissionSetArn;
    const principalName = a.principalName ?? a.principalId;
    const accountName = accountNameById.get(a.accountId) ?? a.accountId;
    const k = assignmentKey(psName, a.principalType, principalName, accountName);
    liveKeys.add(k);
    if (wanted.has(k)) continue;
    const isExpiredNow = expired.has(JSON.stringify([psName, a.principalType, principalName]));
    if (!desired.prune.has('assignments') && !isExpiredNow) continue;
    deleteAssignment(ctx, psName, a, isExpiredNow ? ' (its time is up)' : '');
  }
}

/** Wanted assignments that are not live: created after the permission set, principal and account are ready. */
export function createAssignments(ctx: IcDiff): void {
  const { b, policyWaits, psReady, wanted, liveKeys } = ctx;
  for (const [k, w] of wanted) {
    if (liveKeys.has(k)) continue;
    b.add(
      `assignment:create:${k}`,
      {
        kind: 'create-assignment',
        permissionSet: psRef(ctx, w.ps),
        principal: w.principal,
        account: w.account,
        impact: 'create',
        summary: `give ${principalKind(w.principal.type)} ${w.principal.name} ${w.ps} on ${w.account.name}`,
      },
      [
        ...(psReady.get(w.ps) ?? []),
        ...policyWaits(w.ps, w.account.name),
        principalDep(w.principal),
        w.accountDep,
      ],
    );
  }
}

// Provisioning.

/**
 * Permission set name → the account ids that keep an assignment of it after this plan: a wanted one,
 * or a live one the plan does not delete. Call after the assignment sections.
 */
function accountsKeepingAssignments(ctx: IcDiff): Map<string, Set<string>> {
  const { b, ic, psNameByArn, accountNameById, wanted } = ctx;
  const keeps = new Map<string, Set<string>>();
  const add = (ps: string, accountId: string) => {
    const set = keeps.get(ps) ?? new Set<string>();
    set.add(accountId);
    keeps.set(ps, set);
  };
  for (const w of wanted.values()) if (w.account.id !== undefined) add(w.ps, w.account.id);
  for (const a of ic.assignments) {
    const psName = psNameByArn.get(a.permissionSetArn);
    if (psName === undefined) continue;
    const accountName = accountNameById.get(a.accountId) ?? a.accountId;
    const k = assignmentKey(psName, a.principalType, a.principalName ?? a.principalId, accountName);
    if (!b.has(`assignment:delete:${k}`)) add(psName, a.accountId);
  }
  return keeps;
}

/**
 * Provisioning after edits: a changed permission set to every account it is provisioned to, an
 * unchanged one to the accounts where it is out of date; only to accounts that still have an
 * assignment of the set after this plan (an account losing its last one has its role removed, not refreshed).
 */
export function provisionPermissionSets(ctx: IcDiff): void {
  const { b, ic, policyWaits, accountNameById, provisioningWork } = ctx;
  const keeps = accountsKeepingAssignments(ctx);
  const byArn = new Map<string, SnapshotIdentityCenter['provisioning']>();
  for (const p of ic.provisioning) push(byArn, p.permissionSetArn, p);
  for (const { ps, have, ref, changes } of provisioningWork) {
    const kept = keeps.get(ps.name);
    const provisioned = (byArn.get(have.arn) ?? []).filter((p) => kept?.has(p.accountId) ?? false);
    const toProvision = (changes.length > 0 ? provisioned : provisioned.filter((p) => !p.current)).map(
      (p) => p.accountId,
    );
    if (toProvision.length === 0) continue;
    const refs: AccountRef[] = toProvision.map((id) => ({ name: accountNameById.get(id) ?? id, id }));
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
}

// Objects the file does not have.

function pruneOrNote(
  { b, desired }: IcDiff,
  scope: 'users' | 'groups' | 'permissionSets',
  label: string,
  add: () => void,
): void {
  if (desired.prune.has(scope)) add();
  else b.note(`${label} is not in the file (unmanaged; add '${scope}' to prune to delete it)`);
}

/** One note for the identities prune leaves to the provider. */
function noteProviderKept(ctx: IcDiff, kind: 'users' | 'groups', count: number): void {
  if (count > 0 && ctx.desired.prune.has(kind))
    ctx.b.note(
      `${count} ${kind === 'users' ? 'user' : 'group'}${count === 1 ? '' : 's'} not in the file belong to the external identity provider: prune never deletes them`,
    );
}

export function pruneUsers(ctx: IcDiff): void {
  const wanted = new Set(ctx.want.users.map((u) => u.userName));
  let providerKept = 0;
  for (const user of ctx.ic.users) {
    if (wanted.has(user.userName)) continue;
    if (providerOwned(ctx, 'users', user.userName, user.external === true)) {
      providerKept++;
      continue;
    }
    pruneOrNote(ctx, 'users', `user ${user.userName}`, () =>
      ctx.b.add(`user:delete:${user.userName}`, {
        kind: 'delete-user',
        user: { type: 'USER', name: user.userName, id: user.id },
        impact: 'delete',
        summary: `delete user ${user.userName}`,
      }),
    );
  }
  noteProviderKept(ctx, 'users', providerKept);
}

export function pruneGroups(ctx: IcDiff): void {
  const wanted = new Set(ctx.want.groups.map((g) => g.displayName));
  let providerKept = 0;
  for (const group of ctx.ic.groups) {
    if (wanted.has(group.displayName)) continue;
    if (providerOwned(ctx, 'groups', group.displayName, group.external === true)) {
      providerKept++;
      continue;
    }
    pruneOrNote(ctx, 'groups', `group ${group.displayName}`, () =>
      ctx.b.add(`group:delete:${group.displayName}`, {
        kind: 'delete-group',
        group: { type: 'GROUP', name: group.displayName, id: group.id },
        impact: 'delete',
        summary: `delete group ${group.displayName}`,
      }),
    );
  }
  noteProviderKept(ctx, 'groups', providerKept);
}

/** Permission sets the file does not have: deleted after all their assignments when pruned, else noted. */
export function prunePermissionSets(ctx: IcDiff): void {
  const { b, want, ic } = ctx;
  const wanted = new Set(want.permissionSets.map((w) => w.name));
  const assignmentsByArn = new Map<string, SnapshotAssignment[]>();
  for (const a of ic.assignments) push(assignmentsByArn, a.permissionSetArn, a);
  for (const ps of ic.permissionSets) {
    if (wanted.has(ps.name)) continue;
    pruneOrNote(ctx, 'permissionSets', `permission set ${ps.name}`, () => {
      // AWS refuses to delete a permission set that is still assigned: remove its assignments first.
      for (const a of assignmentsByArn.get(ps.arn) ?? []) deleteAssignment(ctx, ps.name, a);
      b.add(
        `permission-set:delete:${ps.name}`,
        {
          kind: 'delete-permission-set',
          permissionSet: { name: ps.name, arn: ps.arn },
          impact: 'delete',
          summary: `delete permission set ${ps.name}`,
        },
        [...(ctx.assignmentDeletes.get(ps.arn) ?? [])],
      );
    });
  }
}
