/**
 * An organization as the transfer plan sees it ({@link OrganizationView}), made from a snapshot (a live
 * read or a saved file) or from an org.yaml (what the destination will be). Pure.
 */
import { createHash } from 'node:crypto';
import type { Desired } from '../model/desired.js';
import type { OrgSnapshot, SnapshotAccount } from '../model/snapshot.js';
import { pathIds } from '../model/policies.js';
import type {
  AccessGrant,
  Coverage,
  OrganizationView,
  PlacedPolicy,
  SupportLevel,
} from '../model/transfer.js';

/** The partition an ARN names (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(arn: string): string {
  return /^arn:([^:]+):/.exec(arn)?.[1] ?? 'aws';
}

/** The users an assignment reaches: a group's members (by user name), or the user. */
export function peopleOf(
  snapshot: Pick<OrgSnapshot, 'identityCenter'>,
  principalType: 'USER' | 'GROUP',
  principalId: string,
): string[] {
  const ic = snapshot.identityCenter;
  if (!ic) return [];
  const users = new Map(ic.users.map((u) => [u.id, u.userName]));
  if (principalType === 'USER') return [users.get(principalId) ?? principalId];
  const group = ic.groups.find((g) => g.id === principalId);
  return (group?.members ?? []).map((id) => users.get(id) ?? id).sort();
}

/**
 * A fingerprint of the organization that ignores the accounts being moved (their membership, policy
 * attachments and delegated administration change as the transfer runs) and Identity Center
 * assignments (read for the moving accounts only): a
 * saved plan stays valid through its own steps and is refused when anything else changed.
 */
export function transferFingerprint(snapshot: OrgSnapshot, moving: ReadonlySet<string>): string {
  const { organization, root, ous, accounts, policies, identityCenter } = snapshot;
  const stable = {
    organization: {
      ...organization,
      delegatedAdministrators:
        organization.delegatedAdministrators?.filter((d) => !moving.has(d.accountId)) ?? null,
    },
    root,
    ous,
    accounts: accounts.filter((a) => !moving.has(a.id)),
    policies: policies.map((p) => ({ ...p, targets: p.targets.filter((t) => !moving.has(t)) })),
    // Assignments are read for the moving accounts only (and change as they move): not in the print.
    identityCenter: identityCenter && { ...identityCenter, assignments: [], provisioning: [] },
  };
  return createHash('sha256').update(JSON.stringify(stable)).digest('hex');
}

/** Where a policy target id sits: the root or an OU path; undefined for accounts and unknown ids. */
function placeOf(snapshot: OrgSnapshot, targetId: string): string | null | undefined {
  if (targetId === snapshot.root.id) return null;
  return snapshot.ous.find((ou) => ou.id === targetId)?.path;
}

export interface LiveExtras {
  coverage?: Coverage | null;
  openInvitations?: number | null;
  outboundBillingTransfers?: number | null;
  supportPlan?: SupportLevel | null;
  fingerprint?: string | null;
}

/** The view of an organization read live or loaded from a snapshot file. */
export function viewFromSnapshot(
  snapshot: OrgSnapshot,
  from: 'live' | 'snapshot',
  extras: LiveExtras = {},
): OrganizationView {
  const org = snapshot.organization;
  const management = snapshot.accounts.find((a) => a.id === org.managementAccountId);
  const policies: OrganizationView['policies'] = [];
  for (const p of snapshot.policies) {
    for (const target of p.targets) {
      const ouPath = placeOf(snapshot, target);
      if (ouPath === undefined) continue;
      policies.push({
        name: p.name,
        type: p.type,
        awsManaged: p.awsManaged,
        content: p.content,
        at: ouPath === null ? { kind: 'root' } : { kind: 'ou', path: ouPath },
        ouPath,
      });
    }
  }
  return {
    id: org.id,
    managementAccountId: org.managementAccountId,
    managementEmail: org.managementAccountEmail,
    createdAt: management?.joinedAt ?? null,
    partition: partitionOf(org.arn),
    featureSet: org.featureSet,
    accounts: snapshot.accounts.length,
    ous: snapshot.ous.map((ou) => ({ path: ou.path, id: ou.id })),
    rootId: snapshot.root.id,
    enabledPolicyTypes: org.enabledPolicyTypes,
    trustedAccess: org.trustedAccess?.map((t) => t.servicePrincipal) ?? null,
    rootCredentialsManagement: org.rootAccess?.credentialsManagement ?? null,
    policies,
    ouAccess: null,
    coverage: extras.coverage ?? null,
    openInvitations: extras.openInvitations ?? null,
    outboundBillingTransfers: extras.outboundBillingTransfers ?? null,
    supportPlan: extras.supportPlan ?? null,
    source: from,
    fingerprint: extras.fingerprint ?? null,
  };
}

/** An org.yaml target as a place: the root or an OU path; accounts are named, not placed. */
function desiredPlace(target: Desired['policies'][number]['targets'][number]): string | null | undefined {
  if (target.kind === 'root') return null;
  if (target.kind === 'ou') return target.path;
  return undefined;
}

/**
 * The view of the destination as its org.yaml describes it. What a file cannot say (the organization id
 * before it exists, its age, open invitations) comes from `live` when the destination was also read.
 */
export function viewFromConfig(
  desired: Desired,
  live: OrganizationView | null,
  now: Date = new Date(),
): OrganizationView {
  const policies: OrganizationView['policies'] = [];
  for (const p of desired.policies) {
    for (const target of p.targets) {
      const ouPath = desiredPlace(target);
      if (ouPath === undefined) continue;
      policies.push({
        name: p.name,
        type: p.type,
        awsManaged: false,
        content: p.content,
        at: ouPath === null ? { kind: 'root' } : { kind: 'ou', path: ouPath },
        ouPath,
      });
    }
  }
  // Policies AWS attaches itself where a type is enabled: FullAWSAccess (SCP), RCPFullAWSAccess.
  for (const [type, name] of [
    ['SERVICE_CONTROL_POLICY', 'FullAWSAccess'],
    ['RESOURCE_CONTROL_POLICY', 'RCPFullAWSAccess'],
  ] as const) {
    const enabled = desired.organization.policyTypes ??
      live?.enabledPolicyTypes ?? ['SERVICE_CONTROL_POLICY'];
    if (enabled.includes(type) && !policies.some((p) => p.name === name))
      policies.push({ name, type, awsManaged: true, content: '', at: { kind: 'root' }, ouPath: null });
  }
  const ic = desired.identityCenter;
  const ouAccess: OrganizationView['ouAccess'] = [];
  for (const a of ic?.assignments ?? []) {
    // A grant whose end date passed is removed by the destination's next apply, not given.
    if (a.until && Date.parse(a.until) <= now.getTime()) continue;
    const group = ic?.groups.find((g) => g.displayName === a.principalName);
    const people = a.principalType === 'USER' ? [a.principalName] : [...(group?.members ?? [])].sort();
    for (const target of a.targets) {
      const place =
        target.kind === 'root' ? '' : target.kind === 'ou' ? target.path : `account:${target.name}`;
      ouAccess.push({
        permissionSet: a.permissionSet,
        principalType: a.principalType,
        principal: a.principalName,
        people,
        target: place,
      });
    }
  }
  return {
    id: live?.id ?? '(from org.yaml)',
    managementAccountId: live?.managementAccountId ?? '',
    managementEmail: live?.managementEmail ?? '',
    createdAt: live?.createdAt ?? null,
    partition: live?.partition ?? 'aws',
    featureSet: desired.organization.featureSet,
    accounts: live?.accounts ?? desired.accounts.length,
    ous: desired.ous.map((ou) => ({
      path: ou.path,
      id: live?.ous.find((o) => o.path === ou.path)?.id ?? null,
    })),
    rootId: live?.rootId ?? null,
    enabledPolicyTypes: desired.organization.policyTypes ?? live?.enabledPolicyTypes ?? [],
    trustedAccess: desired.organization.trustedAccess ?? live?.trustedAccess ?? null,
    rootCredentialsManagement:
      desired.organization.rootAccess?.credentialsManagement ?? live?.rootCredentialsManagement ?? null,
    policies,
    ouAccess,
    coverage: live?.coverage ?? null,
    openInvitations: live?.openInvitations ?? null,
    outboundBillingTransfers: live?.outboundBillingTransfers ?? null,
    supportPlan: live?.supportPlan ?? null,
    source: 'config',
    fingerprint: live?.fingerprint ?? null,
  };
}

/** Policies of every type reaching `account` in `snapshot`, with where each is attached. */
export function policiesReaching(snapshot: OrgSnapshot, account: SnapshotAccount): PlacedPolicy[] {
  const chain = pathIds(snapshot, account.id);
  const result: PlacedPolicy[] = [];
  for (const p of snapshot.policies) {
    for (const target of p.targets) {
      if (!chain.includes(target)) continue;
      const ouPath = placeOf(snapshot, target);
      result.push({
        name: p.name,
        type: p.type,
        awsManaged: p.awsManaged,
        content: p.content,
        at:
          target === account.id
            ? { kind: 'account' }
            : ouPath
              ? { kind: 'ou', path: ouPath }
              : { kind: 'root' },
      });
    }
  }
  return result;
}

/** Identity Center access to `accountId` in `snapshot`: who reaches it with which permission set. */
export function accessTo(snapshot: OrgSnapshot, accountId: string): AccessGrant[] {
  return (snapshot.identityCenter?.assignments ?? [])
    .filter((a) => a.accountId === accountId)
    .map((a) => ({
      permissionSet: a.permissionSetName,
      principalType: a.principalType,
      principal: a.principalName ?? a.principalId,
      people: peopleOf(snapshot, a.principalType, a.principalId),
    }));
}

/** The OU path of `parentId` in `snapshot` ('' for the root). */
export function ouPathOf(snapshot: OrgSnapshot, parentId: string): string {
  return snapshot.ous.find((ou) => ou.id === parentId)?.path ?? '';
}

/** '' (the root) and every OU path from the top down to `ouPath`: `A`, `A/B`, `A/B/C`. */
export function pathPrefixes(ouPath: string): Set<string> {
  const parts = ouPath === '' ? [] : ouPath.split('/');
  return new Set(['', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))]);
}

/** Policies of the destination that would reach an account placed at `ouPath` (root first, then down). */
export function destinationPolicies(view: OrganizationView, ouPath: string): PlacedPolicy[] {
  const prefixes = pathPrefixes(ouPath);
  const depth = (p: { ouPath: string | null }) => (p.ouPath ? p.ouPath.split('/').length : 0);
  return view.policies.filter((p) => prefixes.has(p.ouPath ?? '')).sort((a, b) => depth(a) - depth(b));
}

/** Identity Center access the destination's org.yaml gives an account placed at `ouPath` named `name`. */
export function destinationAccess(
  view: OrganizationView,
  ouPath: string,
  account: { id: string; name: string },
): AccessGrant[] | null {
  if (!view.ouAccess) return null;
  const prefixes = pathPrefixes(ouPath);
  const grants = new Map<string, AccessGrant>();
  for (const { target, ...grant } of view.ouAccess) {
    if (!prefixes.has(target) && target !== `account:${account.name}` && target !== `account:${account.id}`)
      continue;
    // The same grant at two places on the path is one assignment.
    grants.set(`${grant.principalType}|${grant.principal}|${grant.permissionSet}`, grant);
  }
  return [...grants.values()];
}
