/** The Organizations half of the plan: settings, OUs, accounts, policies and their attachments. */
import type { Desired } from '../model/desired.js';
import type { PolicyType } from '../model/snapshot.js';
import type { PlanBuilder } from './builder.js';
import { targetLabel, type LiveView } from './live.js';
import type { TargetRef } from './operations.js';
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

export function diffOrganization(b: PlanBuilder, desired: Desired, live: LiveView): void {
  const snapshot = live.snapshot;
  const org = snapshot?.organization;
  const orgDep = org ? undefined : ORG_CREATE;
  if (!org) {
    b.add(ORG_CREATE, {
      kind: 'create-organization',
      featureSet: desired.organization.featureSet,
      impact: 'create',
      summary: `create the organization (${desired.organization.featureSet === 'ALL' ? 'all features' : 'consolidated billing'})`,
    });
  } else if (org.featureSet !== desired.organization.featureSet) {
    b.note(
      `the organization uses ${org.featureSet} and the file asks for ${desired.organization.featureSet}: changing the feature set needs every member's approval and is not automated`,
    );
  }

  // Policy types: the file's list when it has one; otherwise whatever its policies need.
  const liveTypes = new Set<PolicyType>(
    org?.enabledPolicyTypes ?? (desired.organization.featureSet === 'ALL' ? ['SERVICE_CONTROL_POLICY'] : []),
  );
  const wantedTypes = new Set<PolicyType>(
    desired.organization.policyTypes ?? [...liveTypes, ...desired.policies.map((p) => p.type)],
  );
  const typeOp = new Map<PolicyType, string>();
  for (const type of [...wantedTypes].sort()) {
    if (!liveTypes.has(type)) {
      typeOp.set(
        type,
        b.add(
          `policy-type:enable:${type}`,
          {
            kind: 'enable-policy-type',
            policyType: type,
            impact: 'create',
            summary: `enable ${type} on the root`,
          },
          [orgDep],
        ),
      );
    }
  }
  if (desired.organization.policyTypes) {
    for (const type of [...liveTypes].sort()) {
      if (!wantedTypes.has(type)) {
        b.add(`policy-type:disable:${type}`, {
          kind: 'disable-policy-type',
          policyType: type,
          impact: 'delete',
          summary: `disable ${type} on the root (detaches every policy of that type)`,
        });
      }
    }
  }

  // Trusted access, delegated administrators, centralized root access.
  const liveTrusted = new Set((org?.trustedAccess ?? []).map((t) => t.servicePrincipal));
  const trustedOp = new Map<string, string>();
  const wantedTrusted = desired.organization.trustedAccess;
  const rootAccess = desired.organization.rootAccess;
  const needed = new Set(wantedTrusted ?? []);
  if (rootAccess && (rootAccess.credentialsManagement || rootAccess.rootSessions))
    needed.add('iam.amazonaws.com');
  for (const principal of [...needed].sort()) {
    if (!liveTrusted.has(principal)) {
      trustedOp.set(
        principal,
        b.add(
          `trusted-access:enable:${principal}`,
          {
            kind: 'enable-trusted-access',
            servicePrincipal: principal,
            impact: 'create',
            summary: `enable trusted access for ${principal}`,
          },
          [orgDep],
        ),
      );
    }
  }
  if (wantedTrusted && org?.trustedAccess) {
    for (const principal of [...liveTrusted].sort()) {
      if (!needed.has(principal)) {
        b.add(`trusted-access:disable:${principal}`, {
          kind: 'disable-trusted-access',
          servicePrincipal: principal,
          impact: 'delete',
          summary: `disable trusted access for ${principal}`,
        });
      }
    }
  }
  const wantedAdmins = desired.organization.delegatedAdministrators;
  if (wantedAdmins) {
    const liveAdmins = org?.delegatedAdministrators ?? [];
    for (const admin of wantedAdmins) {
      const account = live.accountRef(admin.account);
      const exists = liveAdmins.some(
        (l) => l.servicePrincipal === admin.servicePrincipal && l.accountId === account.id,
      );
      if (!exists) {
        b.add(
          `delegated-admin:register:${admin.servicePrincipal}:${admin.account}`,
          {
            kind: 'register-delegated-administrator',
            servicePrincipal: admin.servicePrincipal,
            account,
            impact: 'create',
            summary: `make ${admin.account} the delegated administrator for ${admin.servicePrincipal}`,
          },
          [
            orgDep,
            trustedOp.get(admin.servicePrincipal),
            account.id ? undefined : accountOpId(admin.account),
          ],
        );
      }
    }
    for (const l of liveAdmins) {
      const account = live.planned.find((p) => p.live?.id === l.accountId);
      const name = account?.name ?? l.accountId;
      if (!wantedAdmins.some((w) => w.servicePrincipal === l.servicePrincipal && w.account === name)) {
        b.add(`delegated-admin:deregister:${l.servicePrincipal}:${name}`, {
          kind: 'deregister-delegated-administrator',
          servicePrincipal: l.servicePrincipal,
          account: { name, id: l.accountId },
          impact: 'delete',
          summary: `remove ${name} as delegated administrator for ${l.servicePrincipal}`,
        });
      }
    }
  }
  if (rootAccess) {
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
          [orgDep, trustedOp.get('iam.amazonaws.com')],
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

  // OUs, parents first.
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
    } else {
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

  // Accounts.
  const moveOps: string[] = [];
  for (const planned of live.planned) {
    const account = planned.desired;
    if (!account) continue;
    const parentDep =
      live.ouByPath.has(account.parentPath) || account.parentPath === ''
        ? undefined
        : ouOpId(account.parentPath);
    if (!planned.live && account.id) {
      // CreateAccount cannot choose an id: an account named by id must already exist. With no
      // organization yet, the caller's own account becomes the management account.
      if (!snapshot && account.id === live.callerAccountId) continue;
      b.note(
        `account ${account.name} (${account.id}) is not in the organization; orgward cannot create an account with a given id: invite it (see docs) or remove the id to create a new account`,
      );
      continue;
    }
    if (!planned.live) {
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
        [orgDep, parentDep],
      );
      continue;
    }
    const from = live.ouPathById.get(planned.live.parentId) ?? '';
    if (from !== account.parentPath) {
      moveOps.push(
        b.add(
          `account:move:${account.name}`,
          {
            kind: 'move-account',
            account: planned.ref,
            from: live.ouRef(from),
            to: live.ouRef(account.parentPath),
            impact: 'update',
            summary: `move account ${account.name} from ${from || 'the root'} to ${account.parentPath || 'the root'}`,
          },
          [parentDep],
        ),
      );
    }
    const tags = tagDiff(planned.live.tags, account.tags);
    if (tags)
      b.add(`account:tag:${account.name}`, {
        kind: 'tag-resource',
        target: { kind: 'account', ...planned.ref },
        ...tags,
        impact: 'update',
        summary: `update tags of account ${account.name}`,
      });
    if (planned.live.name !== account.name) {
      b.note(
        `account ${planned.live.id} is named "${planned.live.name}" in AWS and "${account.name}" in the file; orgward matches it by ${account.id ? 'id' : 'email'} and does not rename accounts`,
      );
    }
    if (account.close && planned.live.state === 'ACTIVE') {
      b.add(`account:close:${account.name}`, {
        kind: 'close-account',
        account: planned.ref,
        impact: 'delete',
        summary: `CLOSE account ${account.name} (${planned.live.id}); AWS keeps it suspended for 90 days`,
      });
    }
  }

  // OUs the file does not have.
  const ouDeleteOps = new Map<string, string>();
  for (const ou of [...(snapshot?.ous ?? [])].sort((a, b2) => b2.path.length - a.path.length)) {
    if (desired.ous.some((d) => d.path === ou.path)) continue;
    if (desired.prune.has('ous')) {
      const childOps = [...ouDeleteOps.entries()]
        .filter(([path]) => path.startsWith(`${ou.path}/`))
        .map(([, id]) => id);
      ouDeleteOps.set(
        ou.path,
        b.add(
          `ou:delete:${ou.path}`,
          {
            kind: 'delete-ou',
            ou: { path: ou.path, id: ou.id },
            impact: 'delete',
            summary: `delete OU ${ou.path}`,
          },
          [...childOps, ...moveOps],
        ),
      );
    } else {
      b.note(`OU ${ou.path} is not in the file (unmanaged; add 'ous' to prune to delete it)`);
    }
  }

  // Policies and attachments.
  const targetDep = (target: TargetRef): string | undefined => {
    if (target.kind === 'root') return orgDep;
    if (target.kind === 'ou') return target.id ? undefined : ouOpId(target.path);
    return target.id ? undefined : accountOpId(target.name);
  };
  for (const policy of desired.policies) {
    const existing = live.policyByKey.get(`${policy.type}|${policy.name}`);
    const ref = { name: policy.name, type: policy.type, ...(existing ? { id: existing.id } : {}) };
    const createId = `policy:create:${policy.type}:${policy.name}`;
    if (!existing) {
      b.add(
        createId,
        {
          kind: 'create-policy',
          policy: ref,
          description: policy.description,
          content: policy.content,
          tags: policy.tags ?? {},
          impact: 'create',
          summary: `create ${policy.type} ${policy.name}`,
        },
        [orgDep, typeOp.get(policy.type)],
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
        [existing ? undefined : createId, targetDep(target), typeOp.get(policy.type)],
      );
    }
    for (const targetId of liveTargets) {
      if (wanted.some((w) => w.id === targetId)) continue;
      const target = live.liveTargetRef(targetId);
      b.add(`policy:detach:${policy.type}:${policy.name}:${targetLabel(target)}`, {
        kind: 'detach-policy',
        policy: ref,
        target,
        impact: 'delete',
        summary: `detach ${policy.name} from ${targetLabel(target)}`,
      });
    }
  }
  for (const existing of live.policyByKey.values()) {
    if (desired.policies.some((p) => p.type === existing.type && p.name === existing.name)) continue;
    if (!desired.prune.has('policies')) {
      b.note(
        `${existing.type} ${existing.name} is not in the file (unmanaged; add 'policies' to prune to delete it)`,
      );
      continue;
    }
    const ref = { name: existing.name, type: existing.type, id: existing.id };
    const detaches = existing.targets.map((targetId) => {
      const target = live.liveTargetRef(targetId);
      return b.add(`policy:detach:${existing.type}:${existing.name}:${targetLabel(target)}`, {
        kind: 'detach-policy',
        policy: ref,
        target,
        impact: 'delete',
        summary: `detach ${existing.name} from ${targetLabel(target)}`,
      });
    });
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
