/**
 * The Organizations half of the plan: settings, OUs, accounts, policies and their attachments.
 *
 * `diffOrganization` runs one function per section, in a fixed order (the order of the operations is
 * part of the plan); the sections share what they need through an `OrgDiff` context.
 */
import { baselineOrganizationNeeds } from '../model/baseline.js';
import type { Desired, DesiredPolicy } from '../model/desired.js';
import type { PolicyType, SnapshotOrganization, SnapshotPolicy } from '../model/snapshot.js';
import type { PlanBuilder } from './builder.js';
import { targetLabel, type LiveView, type PlannedAccount } from './live.js';
import type { PolicyRef, TargetRef } from './operations.js';
import { sameJson } from '../util/json.js';

export const ORG_CREATE = 'organization:create';

function tagDiff(live: Record<string, string>, desired: Record<string, string> | undefined) {
  if (!desired) return undefined;
  const set = Object.fromEntries(Object.entries(desired).filter(([k, v]) => live[k] !== v));
  const remove = Object.keys(live).filter((k) => !(k in desired));
  return Object.keys(set).length || remove.length ? { set, remove } : undefined;
}

export function ouOpId(path: string): string | undefined {
  return path === '' ? undefined : `ou:create:${path}`;
}

export function accountOpId(name: string): string {
  return `account:create:${name}`;
}

/** What the sections of the Organizations diff share: inputs, and the operation ids later sections wait for. */
export interface OrgDiff {
  readonly b: PlanBuilder;
  readonly desired: Desired;
  readonly live: LiveView;
  /** The live organization; undefined when there is none yet. */
  readonly org: SnapshotOrganization | undefined;
  /** `ORG_CREATE` when the plan creates the organization: everything inside it waits for that. */
  readonly orgDep: string | undefined;
  /** Policy type → the operation that enables it on the root (only types this plan enables). */
  readonly typeOps: Map<PolicyType, string>;
  /** Service principal → the operation that enables its trusted access (only those this plan enables). */
  readonly trustedOps: Map<string, string>;
  /** The account moves: an OU is deleted only after every move (an account may be leaving it). */
  readonly moveOps: string[];
}

export function orgDiffContext(b: PlanBuilder, desired: Desired, live: LiveView): OrgDiff {
  const org = live.snapshot?.organization;
  return {
    b,
    desired,
    live,
    org,
    orgDep: org ? undefined : ORG_CREATE,
    typeOps: new Map(),
    trustedOps: new Map(),
    moveOps: [],
  };
}

export function diffOrganization(b: PlanBuilder, desired: Desired, live: LiveView): void {
  const ctx = orgDiffContext(b, desired, live);
  diffOrganizationFeatures(ctx);
  diffPolicyTypes(ctx);
  diffTrustedAccess(ctx);
  diffDelegatedAdministrators(ctx);
  diffRootAccess(ctx);
  diffOus(ctx);
  for (const planned of live.planned) diffAccount(ctx, planned);
  pruneOus(ctx);
  for (const policy of desired.policies) diffPolicy(ctx, policy);
  prunePolicies(ctx);
}

/** Creates the organization when there is none; a different feature set is only noted. */
export function diffOrganizationFeatures({ b, desired, org }: OrgDiff): void {
  const featureSet = desired.organization.featureSet;
  if (!org) {
    b.add(ORG_CREATE, {
      kind: 'create-organization',
      featureSet,
      impact: 'create',
      summary: `create the organization (${featureSet === 'ALL' ? 'all features' : 'consolidated billing'})`,
    });
  } else if (org.featureSet !== featureSet) {
    b.note(
      `the organization uses ${org.featureSet} and the file asks for ${featureSet}: changing the feature set needs every member's approval and is not automated`,
    );
  }
}

/** Policy types: the file's list when it has one; otherwise whatever its policies need. */
export function diffPolicyTypes({ b, desired, org, orgDep, typeOps }: OrgDiff): void {
  const liveTypes = new Set<PolicyType>(
    org?.enabledPolicyTypes ?? (desired.organization.featureSet === 'ALL' ? ['SERVICE_CONTROL_POLICY'] : []),
  );
  const wantedTypes = new Set<PolicyType>(
    desired.organization.policyTypes ?? [...liveTypes, ...desired.policies.map((p) => p.type)],
  );
  for (const type of [...wantedTypes].sort()) {
    if (liveTypes.has(type)) continue;
    const op = b.add(
      `policy-type:enable:${type}`,
      {
        kind: 'enable-policy-type',
        policyType: type,
        impact: 'create',
        summary: `enable ${type} on the root`,
      },
      [orgDep],
    );
    typeOps.set(type, op);
  }
  if (!desired.organization.policyTypes) return;
  for (const type of [...liveTypes].sort()) {
    if (wantedTypes.has(type)) continue;
    b.add(`policy-type:disable:${type}`, {
      kind: 'disable-policy-type',
      policyType: type,
      impact: 'delete',
      summary: `disable ${type} on the root (detaches every policy of that type)`,
    });
  }
}

/** Trusted access: the file's services, plus IAM when centralized root access is on. */
export function diffTrustedAccess({ b, desired, org, orgDep, trustedOps }: OrgDiff): void {
  const liveTrusted = new Set((org?.trustedAccess ?? []).map((t) => t.servicePrincipal));
  const wantedTrusted = desired.organization.trustedAccess;
  const rootAccess = desired.organization.rootAccess;
  const needed = new Set(wantedTrusted ?? []);
  for (const principal of baselineNeeds(desired).trustedAccess) needed.add(principal);
  if (rootAccess && (rootAccess.credentialsManagement || rootAccess.rootSessions))
    needed.add('iam.amazonaws.com');
  for (const principal of [...needed].sort()) {
    if (liveTrusted.has(principal)) continue;
    const op = b.add(
      `trusted-access:enable:${principal}`,
      {
        kind: 'enable-trusted-access',
        servicePrincipal: principal,
        impact: 'create',
        summary: `enable trusted access for ${principal}`,
      },
      [orgDep],
    );
    trustedOps.set(principal, op);
  }
  if (!wantedTrusted || !org?.trustedAccess) return;
  for (const principal of [...liveTrusted].sort()) {
    if (needed.has(principal)) continue;
    b.add(`trusted-access:disable:${principal}`, {
      kind: 'disable-trusted-access',
      servicePrincipal: principal,
      impact: 'delete',
      summary: `disable trusted access for ${principal}`,
    });
  }
}

/** The trusted access and delegated administrators `baseline:` needs (none without a baseline). */
function baselineNeeds(desired: Desired): ReturnType<typeof baselineOrganizationNeeds> {
  return desired.baseline
    ? baselineOrganizationNeeds(desired.baseline)
    : { trustedAccess: [], delegatedAdministrators: [] };
}

/**
 * Delegated administrators the file lists or the baseline needs: registers the missing; when the file
 * lists them, deregisters the rest.
 */
export function diffDelegatedAdministrators({ b, desired, live, org, orgDep, trustedOps }: OrgDiff): void {
  const listed = desired.organization.delegatedAdministrators;
  const implied = baselineNeeds(desired).delegatedAdministrators.filter(
    (n) => !listed?.some((l) => l.servicePrincipal === n.servicePrincipal && l.account === n.account),
  );
  const wantedAdmins = [...(listed ?? []), ...implied];
  const liveAdmins = org?.delegatedAdministrators ?? [];
  for (const admin of wantedAdmins) {
    const account = live.accountRef(admin.account);
    const exists = liveAdmins.some(
      (l) => l.servicePrincipal === admin.servicePrincipal && l.accountId === account.id,
    );
    if (exists) continue;
    b.add(
      `delegated-admin:register:${admin.servicePrincipal}:${admin.account}`,
      {
        kind: 'register-delegated-administrator',
        servicePrincipal: admin.servicePrincipal,
        account,
        impact: 'create',
        summary: `make ${admin.account} the delegated administrator for ${admin.servicePrincipal}`,
      },
      [orgDep, trustedOps.get(admin.servicePrincipal), account.id ? undefined : accountOpId(admin.account)],
    );
  }
  if (!listed) return;
  for (const l of liveAdmins) {
    const account = live.byLiveId(l.accountId);
    const name = account?.name ?? l.accountId;
    if (wantedAdmins.some((w) => w.servicePrincipal === l.servicePrincipal && w.account === name)) continue;
    b.add(`delegated-admin:deregister:${l.servicePrincipal}:${name}`, {
      kind: 'deregister-delegated-administrator',
      servicePrincipal: l.servicePrincipal,
      account: { name, id: l.accountId },
      impact: 'delete',
      summary: `remove ${name} as delegated administrator for ${l.servicePrincipal}`,
    });
  }
}

/** Centralized root access, when the file sets it: each feature on or off. */
export function diffRootAccess({ b, desired, org, orgDep, trustedOps }: OrgDiff): void {
  const rootAccess = desired.organization.rootAccess;
  if (!rootAccess) return;
  const current = org?.rootAccess ?? { credentialsManagement: false, rootSessions: false };
  const features = [
    ['RootCredentialsManagement', rootAccess.credentialsManagement, current.credentialsManagement],
    ['RootSessions', rootAccess.rootSessions, current.rootSessions],
  ] as const;
  for (const [feature, want, have] of features) {
    if (want && !have) {
      b.add(
        `root-access:enable:${feature}`,
        {
          kind: 'enable-root-access-feature',
          feature,
          impact: 'create',
          summary: `enable centralized root access: ${feature}`,
        },
        [orgDep, trustedOps.get('iam.amazonaws.com')],
      );
    } else if (!want && have) {
      b.add(`root-access:disable:${feature}`, {
        kind: 'disable-root-access-feature',
        feature,
        impact: 'delete',
        summary: `disable centralized root access: ${feature}`,
      });
    }
  }
}

/** The file's OUs, parents first: creates the missing, retags the rest. */
export function diffOus({ b, desired, live, orgDep }: OrgDiff): void {
  for (const ou of desired.ous) {
    const existing = live.ouByPath.get(ou.path);
    if (!existing) {
      b.add(
        ouOpId(ou.path)!,
        {
          kind: 'create-ou',
          ou: { path: ou.path },
          name: ou.name,
          parent: live.ouRef(ou.parentPath),
          tags: ou.tags ?? {},
          impact: 'create',
          summary: `create OU ${ou.path}`,
        },
        [orgDep, live.ouByPath.has(ou.parentPath) ? undefined : ouOpId(ou.parentPath)],
      );
      continue;
    }
    const tags = tagDiff(existing.tags, ou.tags);
    if (tags) {
      b.add(`ou:tag:${ou.path}`, {
        kind: 'tag-resource',
        target: { kind: 'ou', path: ou.path, id: existing.id },
        ...tags,
        impact: 'update',
        summary: `update tags of OU ${ou.path}`,
      });
    }
  }
}

/** One account of the file: created when new (never when named by id), else adopted as it is in AWS. */
export function diffAccount(ctx: OrgDiff, planned: PlannedAccount): void {
  const { b, live, orgDep } = ctx;
  const account = planned.desired;
  if (!account) return;
  if (planned.live) {
    diffLiveAccount(ctx, planned);
    return;
  }
  if (account.id) {
    // CreateAccount cannot choose an id: an account named by id must already exist. With no
    // organization yet, the caller's own account becomes the management account.
    if (!live.snapshot && account.id === live.callerAccountId) return;
    b.note(
      `account ${account.name} (${account.id}) is not in the organization; orgward cannot create an account with a given id: invite it (see docs) or remove the id to create a new account`,
    );
    return;
  }
  b.add(
    accountOpId(account.name),
    {
      kind: 'create-account',
      account: { name: account.name },
      email: account.email,
      parent: live.ouRef(account.parentPath),
      tags: account.tags ?? {},
      impact: 'create',
      summary: `create account ${account.name} <${account.email}> in ${account.parentPath || 'the root'}`,
    },
    [orgDep, parentOuDep(live, account.parentPath)],
  );
}

/** The OU an account goes into, when this plan creates it. */
function parentOuDep(live: LiveView, parentPath: string): string | undefined {
  return live.ouByPath.has(parentPath) || parentPath === '' ? undefined : ouOpId(parentPath);
}

/** An account of the file that exists: moved, retagged, closed; a different name is only noted. */
export function diffLiveAccount({ b, live, moveOps }: OrgDiff, planned: PlannedAccount): void {
  const account = planned.desired!;
  const existing = planned.live!;
  const from = live.ouPathById.get(existing.parentId) ?? '';
  if (from !== account.parentPath) {
    const move = b.add(
      `account:move:${account.name}`,
      {
        kind: 'move-account',
        account: planned.ref,
        from: live.ouRef(from),
        to: live.ouRef(account.parentPath),
        impact: 'update',
        summary: `move account ${account.name} from ${from || 'the root'} to ${account.parentPath || 'the root'}`,
      },
      [parentOuDep(live, account.parentPath)],
    );
    moveOps.push(move);
  }
  const tags = tagDiff(existing.tags, account.tags);
  if (tags)
    b.add(`account:tag:${account.name}`, {
      kind: 'tag-resource',
      target: { kind: 'account', ...planned.ref },
      ...tags,
      impact: 'update',
      summary: `update tags of account ${account.name}`,
    });
  if (existing.name !== account.name) {
    b.note(
      `account ${existing.id} is named "${existing.name}" in AWS and "${account.name}" in the file; orgward matches it by ${account.id ? 'id' : 'email'} and does not rename accounts`,
    );
  }
  if (account.close && existing.state === 'ACTIVE') {
    b.add(`account:close:${account.name}`, {
      kind: 'close-account',
      account: planned.ref,
      impact: 'delete',
      summary: `CLOSE account ${account.name} (${existing.id}); AWS keeps it suspended for 90 days`,
    });
  }
}

/** OUs the file does not have, deepest first: deleted when pruned (after their children and every move), else noted. */
export function pruneOus({ b, desired, live, moveOps }: OrgDiff): void {
  const ouDeleteOps = new Map<string, string>();
  for (const ou of [...(live.snapshot?.ous ?? [])].sort((a, b2) => b2.path.length - a.path.length)) {
    if (desired.ous.some((d) => d.path === ou.path)) continue;
    if (!desired.prune.has('ous')) {
      b.note(`OU ${ou.path} is not in the file (unmanaged; add 'ous' to prune to delete it)`);
      continue;
    }
    const childOps = [...ouDeleteOps.entries()]
      .filter(([path]) => path.startsWith(`${ou.path}/`))
      .map(([, id]) => id);
    const op = b.add(
      `ou:delete:${ou.path}`,
      {
        kind: 'delete-ou',
        ou: { path: ou.path, id: ou.id },
        impact: 'delete',
        summary: `delete OU ${ou.path}`,
      },
      [...childOps, ...moveOps],
    );
    ouDeleteOps.set(ou.path, op);
  }
}

const policyCreateId = (policy: { type: PolicyType; name: string }) =>
  `policy:create:${policy.type}:${policy.name}`;

/** One policy of the file: created, or updated and retagged; then its attachments. */
export function diffPolicy(ctx: OrgDiff, policy: DesiredPolicy): void {
  const { b, live, orgDep, typeOps } = ctx;
  const existing = live.policyByKey.get(`${policy.type}|${policy.name}`);
  const ref: PolicyRef = { name: policy.name, type: policy.type, ...(existing ? { id: existing.id } : {}) };
  if (!existing) {
    b.add(
      policyCreateId(policy),
      {
        kind: 'create-policy',
        policy: ref,
        description: policy.description,
        content: policy.content,
        tags: policy.tags ?? {},
        impact: 'create',
        summary: `create ${policy.type} ${policy.name}`,
      },
      [orgDep, typeOps.get(policy.type)],
    );
  } else {
    const contentChanged = !sameJson(existing.content, policy.content);
    const descriptionChanged = existing.description !== policy.description;
    if (contentChanged || descriptionChanged) {
      b.add(`policy:update:${policy.type}:${policy.name}`, {
        kind: 'update-policy',
        policy: ref,
        ...(contentChanged ? { content: policy.content } : {}),
        ...(descriptionChanged ? { description: policy.description } : {}),
        impact: 'update',
        summary: `update ${policy.type} ${policy.name}${contentChanged ? ' (document)' : ''}${descriptionChanged ? ' (description)' : ''}`,
      });
    }
    const tags = tagDiff(existing.tags, policy.tags);
    if (tags)
      b.add(`policy:tag:${policy.type}:${policy.name}`, {
        kind: 'tag-resource',
        target: { kind: 'policy', ...ref },
        ...tags,
        impact: 'update',
        summary: `update tags of policy ${policy.name}`,
      });
  }
  diffPolicyAttachments(ctx, policy, existing, ref);
}

/** The operation a target waits for when this plan creates it. */
function targetDep({ orgDep }: OrgDiff, target: TargetRef): string | undefined {
  if (target.kind === 'root') return orgDep;
  if (target.kind === 'ou') return target.id ? undefined : ouOpId(target.path);
  return target.id ? undefined : accountOpId(target.name);
}

/** A policy's attachments: attaches the file's targets it lacks, then detaches the others. */
export function diffPolicyAttachments(
  ctx: OrgDiff,
  policy: DesiredPolicy,
  existing: SnapshotPolicy | undefined,
  ref: PolicyRef,
): void {
  const { b, live, typeOps } = ctx;
  const wanted = policy.targets.map((t) => live.targetRef(t));
  const liveTargets = existing?.targets ?? [];
  for (const target of wanted) {
    if (target.id && liveTargets.includes(target.id)) continue;
    b.add(
      `policy:attach:${policy.type}:${policy.name}:${targetLabel(target)}`,
      {
        kind: 'attach-policy',
        policy: ref,
        target,
        impact: 'create',
        summary: `attach ${policy.name} to ${targetLabel(target)}`,
      },
      [existing ? undefined : policyCreateId(policy), targetDep(ctx, target), typeOps.get(policy.type)],
    );
  }
  for (const targetId of liveTargets) {
    if (wanted.some((w) => w.id === targetId)) continue;
    addDetach(ctx, ref, targetId);
  }
}

function addDetach({ b, live }: OrgDiff, ref: PolicyRef, targetId: string): string {
  const target = live.liveTargetRef(targetId);
  return b.add(`policy:detach:${ref.type}:${ref.name}:${targetLabel(target)}`, {
    kind: 'detach-policy',
    policy: ref,
    target,
    impact: 'delete',
    summary: `detach ${ref.name} from ${targetLabel(target)}`,
  });
}

/** Policies the file does not have: detached everywhere and deleted when pruned, else noted. */
export function prunePolicies(ctx: OrgDiff): void {
  const { b, desired, live } = ctx;
  for (const existing of live.policyByKey.values()) {
    if (desired.policies.some((p) => p.type === existing.type && p.name === existing.name)) continue;
    if (!desired.prune.has('policies')) {
      b.note(
        `${existing.type} ${existing.name} is not in the file (unmanaged; add 'policies' to prune to delete it)`,
      );
      continue;
    }
    const ref = { name: existing.name, type: existing.type, id: existing.id };
    const detaches = existing.targets.map((targetId) => addDetach(ctx, ref, targetId));
    b.add(
      `policy:delete:${existing.type}:${existing.name}`,
      {
        kind: 'delete-policy',
        policy: ref,
        impact: 'delete',
        summary: `delete ${existing.type} ${existing.name}`,
      },
      detaches,
    );
  }
}
