/**
 * The sections of org.yaml as `orgward import` writes them ({@link snapshotToConfig} puts them
 * together): organization, the OU tree, accounts, policies, Identity Center, and the YAML text with its
 * comments. Each section reads the snapshot through one {@link EmitContext}, which also collects the
 * policy files written and the notes for the user.
 */
import { Document, isMap, isPair, isScalar, visit } from 'yaml';
import { POLICY_TYPES } from '../model/policy-types.js';
import type { OrgSnapshot, SnapshotAccount, SnapshotIdentityCenter } from '../model/snapshot.js';

/** What every section shares: the snapshot, the names it is written with, and what the sections add. */
export interface EmitContext {
  snapshot: OrgSnapshot;
  /** Account id → its key in `accounts` (unique). */
  names: Map<string, string>;
  /** A policy target's id → how the file names it (`root`, `ou:Path`, `account:Name`). */
  target: (id: string) => string;
  /** Files written besides org.yaml (path relative to the output folder → content). */
  files: Map<string, string>;
  /** Choices made that the user should know about, in the order they were made. */
  notes: string[];
}

export function slug(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'policy'
  );
}

/** Account names must be unique keys in the file; a repeated name gets its id appended. */
export function accountNames(accounts: readonly SnapshotAccount[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const a of accounts) count.set(a.name, (count.get(a.name) ?? 0) + 1);
  return new Map(
    accounts.map((a) => [
      a.id,
      (count.get(a.name) ?? 0) > 1 || a.name === '' ? `${a.name || 'account'} (${a.id})` : a.name,
    ]),
  );
}

function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length > 0 ? value : undefined;
}

function prettyJson(content: string): string {
  try {
    return `${JSON.stringify(JSON.parse(content), null, 2)}\n`;
  } catch {
    return content;
  }
}

export function emitContext(snapshot: OrgSnapshot): EmitContext {
  const names = accountNames(snapshot.accounts);
  const ouPathById = new Map(snapshot.ous.map((ou) => [ou.id, ou.path]));
  const target = (id: string): string => {
    if (id === snapshot.root.id) return 'root';
    const path = ouPathById.get(id);
    if (path !== undefined) return `ou:${path}`;
    return `account:${names.get(id) ?? id}`;
  };
  return { snapshot, names, target, files: new Map(), notes: [] };
}

/** `organization:`: feature set, policy types, trusted access, delegated administrators, root access. */
export function emitOrganization(ctx: EmitContext): Record<string, unknown> {
  const org = ctx.snapshot.organization;
  const organization: Record<string, unknown> = {
    featureSet: org.featureSet,
    policyTypes: [...org.enabledPolicyTypes],
  };
  if (org.trustedAccess) organization.trustedAccess = org.trustedAccess.map((t) => t.servicePrincipal);
  if (org.delegatedAdministrators && org.delegatedAdministrators.length > 0) {
    const byService: Record<string, string[]> = {};
    for (const d of org.delegatedAdministrators)
      (byService[d.servicePrincipal] ??= []).push(ctx.names.get(d.accountId) ?? d.accountId);
    organization.delegatedAdministrators = Object.fromEntries(
      Object.entries(byService).map(([service, list]) => [service, list.length === 1 ? list[0] : list]),
    );
  }
  if (org.rootAccess) organization.rootAccess = { ...org.rootAccess };
  return organization;
}

/** Parent id (root or OU) → the keys of the accounts placed directly in it, in snapshot order. */
export function accountsByParent(ctx: EmitContext): Map<string, string[]> {
  const byParent = new Map<string, string[]>();
  for (const a of ctx.snapshot.accounts) {
    byParent.set(a.parentId, [...(byParent.get(a.parentId) ?? []), ctx.names.get(a.id)!]);
  }
  return byParent;
}

/** `ous:` below `parentId`, by name, with the accounts placed in each; undefined when there are none. */
export function emitOus(
  ctx: EmitContext,
  placed: Map<string, string[]>,
  parentId: string,
): Record<string, unknown> | undefined {
  const children = ctx.snapshot.ous
    .filter((ou) => ou.parentId === parentId)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (children.length === 0) return undefined;
  return Object.fromEntries(
    children.map((ou) => {
      const accounts = (placed.get(ou.id) ?? []).sort();
      const nested = emitOus(ctx, placed, ou.id);
      const entry: Record<string, unknown> = {};
      if (accounts.length) entry.accounts = accounts;
      if (nested) entry.ous = nested;
      if (Object.keys(ou.tags).length) entry.tags = ou.tags;
      return [ou.name, entry];
    }),
  );
}

/** `accounts:` by key; a note for each account keyed other than by its name. */
export function emitAccounts(ctx: EmitContext): Record<string, unknown> {
  const { snapshot, names } = ctx;
  const accounts = Object.fromEntries(
    [...snapshot.accounts]
      .sort((a, b) => names.get(a.id)!.localeCompare(names.get(b.id)!))
      .map((a) => [
        names.get(a.id)!,
        { email: a.email, id: a.id, ...(nonEmpty(a.tags) ? { tags: a.tags } : {}) },
      ]),
  );
  for (const a of snapshot.accounts) {
    if (names.get(a.id) !== a.name)
      ctx.notes.push(`account ${a.id} is keyed "${names.get(a.id)}" because its name is not unique`);
  }
  return accounts;
}

/** `policies:` (customer-managed ones), each document written to its own file under policies/. */
export function emitPolicies(ctx: EmitContext): Record<string, unknown> {
  const policies: Record<string, unknown> = {};
  const usedFiles = new Set<string>();
  for (const p of ctx.snapshot.policies) {
    if (p.awsManaged) continue;
    let file = `policies/${POLICY_TYPES[p.type].folder}/${slug(p.name)}.json`;
    for (let n = 2; usedFiles.has(file); n++) file = file.replace(/(-\d+)?\.json$/, `-${n}.json`);
    usedFiles.add(file);
    ctx.files.set(file, prettyJson(p.content));
    const key = policies[p.name] === undefined ? p.name : `${p.name} (${p.type})`;
    if (key !== p.name)
      ctx.notes.push(`policy "${p.name}" exists for more than one type; the ${p.type} one is keyed "${key}"`);
    policies[key] = {
      type: p.type,
      ...(p.description ? { description: p.description } : {}),
      file,
      ...(p.targets.length ? { attach: p.targets.map(ctx.target) } : {}),
      ...(nonEmpty(p.tags) ? { tags: p.tags } : {}),
    };
  }
  noteDetachedFullAccess(ctx);
  return policies;
}

/** A note when the AWS-managed FullAWSAccess is not attached everywhere (import leaves it as it is). */
function noteDetachedFullAccess(ctx: EmitContext): void {
  const { snapshot } = ctx;
  const detachedFullAccess = snapshot.policies.find((p) => p.awsManaged && p.name === 'FullAWSAccess');
  if (!detachedFullAccess) return;
  const covered = new Set(detachedFullAccess.targets);
  const missing = [
    snapshot.root.id,
    ...snapshot.ous.map((o) => o.id),
    ...snapshot.accounts.map((a) => a.id),
  ].filter((id) => !covered.has(id));
  if (missing.length)
    ctx.notes.push(
      `FullAWSAccess is detached from ${missing.map(ctx.target).join(', ')}; orgward leaves AWS-managed policies as they are`,
    );
}

/** `identityCenter.permissionSets:` by name; inline policies written to policies/permission-sets/. */
export function emitPermissionSets(ctx: EmitContext, ic: SnapshotIdentityCenter): Record<string, unknown> {
  return Object.fromEntries(
    ic.permissionSets.map((ps) => {
      const entry: Record<string, unknown> = { sessionDuration: ps.sessionDuration };
      if (ps.description) entry.description = ps.description;
      if (ps.relayState) entry.relayState = ps.relayState;
      if (ps.managedPolicies.length) entry.managedPolicies = ps.managedPolicies;
      if (ps.customerManagedPolicies.length) entry.customerManagedPolicies = ps.customerManagedPolicies;
      if (ps.inlinePolicy) {
        const file = `policies/permission-sets/${slug(ps.name)}.json`;
        ctx.files.set(file, prettyJson(ps.inlinePolicy));
        entry.inlinePolicy = { file };
      }
      if (ps.permissionsBoundary?.managedPolicyArn)
        entry.permissionsBoundary = { managedPolicy: ps.permissionsBoundary.managedPolicyArn };
      else if (ps.permissionsBoundary?.customerManagedPolicy)
        entry.permissionsBoundary = {
          customerManagedPolicy: ps.permissionsBoundary.customerManagedPolicy,
        };
      if (nonEmpty(ps.tags)) entry.tags = ps.tags;
      return [ps.name, entry];
    }),
  );
}

/**
 * `identityCenter.assignments:` one entry per (principal, permission set) with its accounts, by
 * principal name then permission set; an assignment to a principal that no longer exists is left out,
 * with a note.
 */
export function emitAssignments(
  ctx: EmitContext,
  ic: SnapshotIdentityCenter,
): Array<Record<string, unknown>> {
  const userName = new Map(ic.users.map((u) => [u.id, u.userName]));
  const groupName = new Map(ic.groups.map((g) => [g.id, g.displayName]));
  const grouped = new Map<
    string,
    { principal: ['user' | 'group', string]; permissionSet: string; targets: string[] }
  >();
  for (const a of ic.assignments) {
    const principalName =
      a.principalType === 'USER' ? userName.get(a.principalId) : groupName.get(a.principalId);
    if (!principalName) {
      ctx.notes.push(
        `assignment of ${a.permissionSetName} on ${a.accountId} to a ${a.principalType.toLowerCase()} that no longer exists (${a.principalId}) was left out`,
      );
      continue;
    }
    const k = `${a.principalType}|${principalName}|${a.permissionSetName}`;
    const entry = grouped.get(k) ?? {
      principal: [a.principalType === 'USER' ? 'user' : 'group', principalName],
      permissionSet: a.permissionSetName,
      targets: [],
    };
    entry.targets.push(`account:${ctx.names.get(a.accountId) ?? a.accountId}`);
    grouped.set(k, entry);
  }
  return [...grouped.values()]
    .sort(
      (a, b) =>
        a.principal[1].localeCompare(b.principal[1]) || a.permissionSet.localeCompare(b.permissionSet),
    )
    .map((g) => ({
      [g.principal[0]]: g.principal[1],
      permissionSet: g.permissionSet,
      targets: g.targets.sort(),
    }));
}

/** `identityCenter:` users, groups (members by user name), permission sets and assignments. */
export function emitIdentityCenter(ctx: EmitContext): Record<string, unknown> | undefined {
  const ic = ctx.snapshot.identityCenter;
  if (!ic) return undefined;
  const userName = new Map(ic.users.map((u) => [u.id, u.userName]));
  const principals = [...ic.users, ...ic.groups];
  // Every identity from a provider (SCIM): the file references them and lists none.
  if (principals.length > 0 && principals.every((p) => p.external))
    return {
      identitySource: 'external',
      permissionSets: emitPermissionSets(ctx, ic),
      assignments: emitAssignments(ctx, ic),
    };
  return {
    users: Object.fromEntries(
      ic.users.map((u) => [
        u.userName,
        u.external
          ? { managedBy: 'external' }
          : { displayName: u.displayName ?? u.userName, ...(u.email ? { email: u.email } : {}) },
      ]),
    ),
    groups: Object.fromEntries(
      ic.groups.map((g) => [
        g.displayName,
        g.external
          ? { managedBy: 'external' }
          : {
              ...(g.description ? { description: g.description } : {}),
              members: g.members.map((id) => userName.get(id) ?? id).sort(),
            },
      ]),
    ),
    permissionSets: emitPermissionSets(ctx, ic),
    assignments: emitAssignments(ctx, ic),
  };
}

/**
 * org.yaml's text: the body in this order, a header comment, short lists of scalars on one line, and
 * comments on the accounts left in the root and on `prune`.
 */
export function renderOrgYaml(
  ctx: EmitContext,
  body: Record<string, unknown>,
  rootAccounts: string[],
): string {
  const doc = new Document(body);
  doc.commentBefore = [
    ` Imported by orgward from organization ${ctx.snapshot.organization.id} on ${ctx.snapshot.takenAt}.`,
    ' `orgward plan` on this file reports no changes until you edit it.',
    ' Accounts are matched by id; OUs by path; policies and permission sets by name.',
  ].join('\n');
  // Short lists of names read best on one line, as a person writes them.
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  const comment = (key: string, text: string) => {
    if (!isMap(doc.contents)) return;
    const pair = doc.contents.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) pair.key.commentBefore = text;
  };
  const ic = isMap(doc.contents) ? doc.contents.get('identityCenter', true) : undefined;
  const source = isMap(ic)
    ? ic.items.find((p) => isScalar(p.key) && p.key.value === 'identitySource')
    : undefined;
  if (source && isScalar(source.key))
    source.key.commentBefore =
      ' Users and groups come from your identity provider (SCIM): assignments name them, orgward never changes them.';
  if (rootAccounts.length)
    comment('accounts', ` Accounts not placed in any OU stay in the root: ${rootAccounts.join(', ')}.`);
  comment(
    'prune',
    ' Scopes where objects found in AWS but absent from this file are deleted (ous, accounts, policies,\n permissionSets, assignments, users, groups, baseline). Empty: nothing unmanaged is ever deleted.',
  );
  return doc.toString({ lineWidth: 0 });
}

/** A note per part of the snapshot that could not be read, and so is missing from the file. */
export function noteGaps(ctx: EmitContext): void {
  ctx.notes.push(
    ...ctx.snapshot.gaps.map(
      (g) => `${g.part} could not be read (${g.code}); that part of the file is left out`,
    ),
  );
}
