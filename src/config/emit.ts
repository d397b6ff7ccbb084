/**
 * `orgward import`: a snapshot → org.yaml and policies/*.json, laid out the way a person would write
 * them (stable order, policy documents in files, comments where a choice was made), such that
 * `orgward plan` on the result right after import reports no changes. Pure: answers the files' text.
 */
import { Document, isMap, isPair, isScalar, visit } from 'yaml';
import { POLICY_TYPES } from '../model/policy-types.js';
import type { OrgSnapshot, SnapshotAccount } from '../model/snapshot.js';

export interface ImportedFiles {
  /** Path (relative to the output folder) → content. `org.yaml` first. */
  files: Map<string, string>;
  /** Choices made that the user should know about. */
  notes: string[];
}

function slug(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'policy'
  );
}

/** Account names must be unique keys in the file; a repeated name gets its id appended. */
function accountNames(accounts: readonly SnapshotAccount[]): Map<string, string> {
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

export function snapshotToConfig(snapshot: OrgSnapshot): ImportedFiles {
  const notes: string[] = [];
  const files = new Map<string, string>();
  const names = accountNames(snapshot.accounts);
  const ouPathById = new Map(snapshot.ous.map((ou) => [ou.id, ou.path]));
  const target = (id: string): string => {
    if (id === snapshot.root.id) return 'root';
    const path = ouPathById.get(id);
    if (path !== undefined) return `ou:${path}`;
    return `account:${names.get(id) ?? id}`;
  };
  const org = snapshot.organization;

  // organization
  const organization: Record<string, unknown> = {
    featureSet: org.featureSet,
    policyTypes: [...org.enabledPolicyTypes],
  };
  if (org.trustedAccess) organization.trustedAccess = org.trustedAccess.map((t) => t.servicePrincipal);
  if (org.delegatedAdministrators && org.delegatedAdministrators.length > 0) {
    const byService: Record<string, string[]> = {};
    for (const d of org.delegatedAdministrators)
      (byService[d.servicePrincipal] ??= []).push(names.get(d.accountId) ?? d.accountId);
    organization.delegatedAdministrators = Object.fromEntries(
      Object.entries(byService).map(([service, list]) => [service, list.length === 1 ? list[0] : list]),
    );
  }
  if (org.rootAccess) organization.rootAccess = { ...org.rootAccess };

  // OU tree with accounts placed in it
  const accountsByParent = new Map<string, string[]>();
  for (const a of snapshot.accounts) {
    accountsByParent.set(a.parentId, [...(accountsByParent.get(a.parentId) ?? []), names.get(a.id)!]);
  }
  const buildOus = (parentId: string): Record<string, unknown> | undefined => {
    const children = snapshot.ous
      .filter((ou) => ou.parentId === parentId)
      .sort((a, b) => a.name.localeCompare(b.name));
    if (children.length === 0) return undefined;
    return Object.fromEntries(
      children.map((ou) => {
        const accounts = (accountsByParent.get(ou.id) ?? []).sort();
        const nested = buildOus(ou.id);
        const entry: Record<string, unknown> = {};
        if (accounts.length) entry.accounts = accounts;
        if (nested) entry.ous = nested;
        if (Object.keys(ou.tags).length) entry.tags = ou.tags;
        return [ou.name, entry];
      }),
    );
  };

  // accounts, by name
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
      notes.push(`account ${a.id} is keyed "${names.get(a.id)}" because its name is not unique`);
  }

  // policies, documents in files
  const policies: Record<string, unknown> = {};
  const usedFiles = new Set<string>();
  for (const p of snapshot.policies) {
    if (p.awsManaged) continue;
    let file = `policies/${POLICY_TYPES[p.type].folder}/${slug(p.name)}.json`;
    for (let n = 2; usedFiles.has(file); n++) file = file.replace(/(-\d+)?\.json$/, `-${n}.json`);
    usedFiles.add(file);
    files.set(file, prettyJson(p.content));
    const key = policies[p.name] === undefined ? p.name : `${p.name} (${p.type})`;
    if (key !== p.name)
      notes.push(`policy "${p.name}" exists for more than one type; the ${p.type} one is keyed "${key}"`);
    policies[key] = {
      type: p.type,
      ...(p.description ? { description: p.description } : {}),
      file,
      ...(p.targets.length ? { attach: p.targets.map(target) } : {}),
      ...(nonEmpty(p.tags) ? { tags: p.tags } : {}),
    };
  }
  const detachedFullAccess = snapshot.policies.find((p) => p.awsManaged && p.name === 'FullAWSAccess');
  if (detachedFullAccess) {
    const covered = new Set(detachedFullAccess.targets);
    const missing = [
      snapshot.root.id,
      ...snapshot.ous.map((o) => o.id),
      ...snapshot.accounts.map((a) => a.id),
    ].filter((id) => !covered.has(id));
    if (missing.length)
      notes.push(
        `FullAWSAccess is detached from ${missing.map(target).join(', ')}; orgward leaves AWS-managed policies as they are`,
      );
  }

  // Identity Center
  let identityCenter: Record<string, unknown> | undefined;
  const ic = snapshot.identityCenter;
  if (ic) {
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
        notes.push(
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
      entry.targets.push(`account:${names.get(a.accountId) ?? a.accountId}`);
      grouped.set(k, entry);
    }
    identityCenter = {
      users: Object.fromEntries(
        ic.users.map((u) => [
          u.userName,
          { displayName: u.displayName ?? u.userName, ...(u.email ? { email: u.email } : {}) },
        ]),
      ),
      groups: Object.fromEntries(
        ic.groups.map((g) => [
          g.displayName,
          {
            ...(g.description ? { description: g.description } : {}),
            members: g.members.map((id) => userName.get(id) ?? id).sort(),
          },
        ]),
      ),
      permissionSets: Object.fromEntries(
        ic.permissionSets.map((ps) => {
          const entry: Record<string, unknown> = { sessionDuration: ps.sessionDuration };
          if (ps.description) entry.description = ps.description;
          if (ps.relayState) entry.relayState = ps.relayState;
          if (ps.managedPolicies.length) entry.managedPolicies = ps.managedPolicies;
          if (ps.customerManagedPolicies.length) entry.customerManagedPolicies = ps.customerManagedPolicies;
          if (ps.inlinePolicy) {
            const file = `policies/permission-sets/${slug(ps.name)}.json`;
            files.set(file, prettyJson(ps.inlinePolicy));
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
      ),
      assignments: [...grouped.values()]
        .sort(
          (a, b) =>
            a.principal[1].localeCompare(b.principal[1]) || a.permissionSet.localeCompare(b.permissionSet),
        )
        .map((g) => ({
          [g.principal[0]]: g.principal[1],
          permissionSet: g.permissionSet,
          targets: g.targets.sort(),
        })),
    };
  }

  const body: Record<string, unknown> = { organization };
  const ous = buildOus(snapshot.root.id);
  if (ous) body.ous = ous;
  body.accounts = accounts;
  if (Object.keys(policies).length) body.policies = policies;
  if (identityCenter) body.identityCenter = identityCenter;
  body.prune = [];

  const doc = new Document(body);
  doc.commentBefore = [
    ` Imported by orgward from organization ${org.id} on ${snapshot.takenAt}.`,
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
  const rootAccounts = (accountsByParent.get(snapshot.root.id) ?? []).sort();
  if (rootAccounts.length)
    comment('accounts', ` Accounts not placed in any OU stay in the root: ${rootAccounts.join(', ')}.`);
  comment(
    'prune',
    ' Scopes where objects found in AWS but absent from this file are deleted (ous, accounts, policies,\n permissionSets, assignments, users, groups). Empty: nothing unmanaged is ever deleted.',
  );
  if (snapshot.gaps.length) {
    notes.push(
      ...snapshot.gaps.map(
        (g) => `${g.part} could not be read (${g.code}); that part of the file is left out`,
      ),
    );
  }
  files.set('org.yaml', doc.toString({ lineWidth: 0 }));
  return {
    files: new Map([
      ['org.yaml', files.get('org.yaml')!],
      ...[...files].filter(([k]) => k !== 'org.yaml').sort(([a], [b]) => a.localeCompare(b)),
    ]),
    notes,
  };
}
