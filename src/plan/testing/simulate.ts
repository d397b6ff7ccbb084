/**
 * A pure model of what each operation does to an organization, for property tests: apply a plan to a
 * snapshot, then plan again. Ids for new objects are made up deterministically.
 */
import type { OrgSnapshot, SnapshotIdentityCenter } from '../../model/snapshot.js';
import type { Operation, TargetRef } from '../operations.js';

/** New ids are unique across calls, as AWS's are. */
let nextId = 0;

export function simulate(start: OrgSnapshot | null, operations: readonly Operation[]): OrgSnapshot {
  let snap: OrgSnapshot =
    start !== null
      ? structuredClone(start)
      : {
          version: 1,
          takenAt: '2026-01-01T00:00:00.000Z',
          source: { callerAccountId: '111111111111', callerArn: 'arn', region: 'us-east-1', endpoint: null },
          organization: {
            id: 'o-sim',
            arn: 'arn:o',
            featureSet: 'ALL',
            managementAccountId: '111111111111',
            managementAccountEmail: 'mgmt@example.com',
            enabledPolicyTypes: [],
            trustedAccess: [],
            delegatedAdministrators: [],
            rootAccess: { credentialsManagement: false, rootSessions: false },
          },
          root: { id: 'r-sim', arn: 'arn:r', name: 'Root', tags: {} },
          ous: [],
          accounts: [],
          policies: [],
          identityCenter: null,
          gaps: [],
        };
  const ids = new Map<string, string>();
  const ouId = (ref: { path: string; id?: string }) =>
    ref.id ??
    (ref.path === ''
      ? snap.root.id
      : (ids.get(`ou|${ref.path}`) ?? snap.ous.find((o) => o.path === ref.path)!.id));
  const accountId = (ref: { name: string; id?: string }) => ref.id ?? ids.get(`account|${ref.name}`)!;
  const policyId = (ref: { name: string; type: string; id?: string }) =>
    ref.id ?? ids.get(`policy|${ref.type}|${ref.name}`)!;
  const targetId = (t: TargetRef) =>
    t.kind === 'root' ? snap.root.id : t.kind === 'ou' ? ouId(t) : accountId(t);
  const ic = (): SnapshotIdentityCenter => snap.identityCenter!;
  const psArn = (ref: { name: string; arn?: string }) => ref.arn ?? ids.get(`ps|${ref.name}`)!;
  const principalId = (ref: { type: string; name: string; id?: string }) =>
    ref.id ?? ids.get(`${ref.type}|${ref.name}`)!;
  const ps = (ref: { name: string; arn?: string }) => ic().permissionSets.find((p) => p.arn === psArn(ref))!;
  const touch = (arn: string) => {
    for (const p of ic().provisioning) if (p.permissionSetArn === arn) p.current = false;
  };

  for (const op of operations) {
    switch (op.kind) {
      case 'create-organization':
        snap.organization.featureSet = op.featureSet;
        snap.organization.enabledPolicyTypes = op.featureSet === 'ALL' ? ['SERVICE_CONTROL_POLICY'] : [];
        snap.accounts.push({
          id: '111111111111',
          arn: 'arn',
          name: 'Management',
          email: 'mgmt@example.com',
          state: 'ACTIVE',
          joinedMethod: 'CREATED',
          joinedAt: '',
          parentId: snap.root.id,
          tags: {},
        });
        break;
      case 'enable-policy-type':
        snap.organization.enabledPolicyTypes = [
          ...snap.organization.enabledPolicyTypes,
          op.policyType,
        ].sort();
        break;
      case 'disable-policy-type':
        snap.organization.enabledPolicyTypes = snap.organization.enabledPolicyTypes.filter(
          (t) => t !== op.policyType,
        );
        snap.policies = snap.policies.filter((p) => p.type !== op.policyType || p.awsManaged);
        break;
      case 'enable-trusted-access':
        snap.organization.trustedAccess = [
          ...(snap.organization.trustedAccess ?? []),
          { servicePrincipal: op.servicePrincipal, enabledAt: null },
        ];
        break;
      case 'disable-trusted-access':
        snap.organization.trustedAccess = (snap.organization.trustedAccess ?? []).filter(
          (t) => t.servicePrincipal !== op.servicePrincipal,
        );
        break;
      case 'register-delegated-administrator':
        snap.organization.delegatedAdministrators = [
          ...(snap.organization.delegatedAdministrators ?? []),
          { accountId: accountId(op.account), servicePrincipal: op.servicePrincipal, since: null },
        ];
        break;
      case 'deregister-delegated-administrator':
        snap.organization.delegatedAdministrators = (snap.organization.delegatedAdministrators ?? []).filter(
          (d) => !(d.servicePrincipal === op.servicePrincipal && d.accountId === accountId(op.account)),
        );
        break;
      case 'enable-root-access-feature':
      case 'disable-root-access-feature': {
        const on = op.kind === 'enable-root-access-feature';
        const current = snap.organization.rootAccess ?? { credentialsManagement: false, rootSessions: false };
        snap.organization.rootAccess =
          op.feature === 'RootCredentialsManagement'
            ? { ...current, credentialsManagement: on }
            : { ...current, rootSessions: on };
        break;
      }
      case 'create-ou': {
        const id = `ou-sim-${(nextId++).toString().padStart(8, '0')}`;
        ids.set(`ou|${op.ou.path}`, id);
        snap.ous.push({
          id,
          arn: 'arn',
          name: op.name,
          parentId: ouId(op.parent),
          path: op.ou.path,
          tags: { ...op.tags },
        });
        break;
      }
      case 'delete-ou':
        snap.ous = snap.ous.filter((o) => o.id !== ouId(op.ou));
        break;
      case 'create-account': {
        const id = String(900000000000 + nextId++);
        ids.set(`account|${op.account.name}`, id);
        snap.accounts.push({
          id,
          arn: 'arn',
          name: op.account.name,
          email: op.email,
          state: 'ACTIVE',
          joinedMethod: 'CREATED',
          joinedAt: '',
          parentId: ouId(op.parent),
          tags: { ...op.tags },
        });
        break;
      }
      case 'move-account':
        snap.accounts.find((a) => a.id === accountId(op.account))!.parentId = ouId(op.to);
        break;
      case 'close-account':
        snap.accounts.find((a) => a.id === accountId(op.account))!.state = 'SUSPENDED';
        break;
      case 'tag-resource': {
        const holder =
          op.target.kind === 'policy'
            ? snap.policies.find(
                (p) => p.id === policyId(op.target as { name: string; type: string; id?: string }),
              )!
            : op.target.kind === 'root'
              ? snap.root
              : op.target.kind === 'ou'
                ? snap.ous.find((o) => o.id === ouId(op.target as { path: string; id?: string }))!
                : snap.accounts.find((a) => a.id === accountId(op.target as { name: string; id?: string }))!;
        for (const k of op.remove) delete holder.tags[k];
        Object.assign(holder.tags, op.set);
        break;
      }
      case 'create-policy': {
        const id = `p-sim${nextId++}`;
        ids.set(`policy|${op.policy.type}|${op.policy.name}`, id);
        snap.policies.push({
          id,
          arn: 'arn',
          name: op.policy.name,
          type: op.policy.type,
          description: op.description,
          awsManaged: false,
          content: op.content,
          targets: [],
          tags: { ...op.tags },
        });
        break;
      }
      case 'update-policy': {
        const p = snap.policies.find((x) => x.id === policyId(op.policy))!;
        if (op.content !== undefined) p.content = op.content;
        if (op.description !== undefined) p.description = op.description;
        break;
      }
      case 'delete-policy':
        snap.policies = snap.policies.filter((p) => p.id !== policyId(op.policy));
        break;
      case 'attach-policy': {
        const p = snap.policies.find((x) => x.id === policyId(op.policy))!;
        p.targets = [...p.targets, targetId(op.target)].sort();
        break;
      }
      case 'detach-policy': {
        const p = snap.policies.find((x) => x.id === policyId(op.policy))!;
        p.targets = p.targets.filter((t) => t !== targetId(op.target));
        break;
      }
      case 'create-user': {
        const id = `u-sim${nextId++}`;
        ids.set(`USER|${op.user.name}`, id);
        ic().users.push({ id, userName: op.user.name, displayName: op.displayName, email: op.email ?? null });
        break;
      }
      case 'update-user': {
        const u = ic().users.find((x) => x.id === principalId(op.user))!;
        u.displayName = op.displayName;
        u.email = op.email ?? null;
        break;
      }
      case 'delete-user':
        ic().users = ic().users.filter((u) => u.id !== principalId(op.user));
        break;
      case 'create-group': {
        const id = `g-sim${nextId++}`;
        ids.set(`GROUP|${op.group.name}`, id);
        ic().groups.push({
          id,
          displayName: op.group.name,
          description: op.description ?? null,
          members: [],
        });
        break;
      }
      case 'delete-group':
        ic().groups = ic().groups.filter((g) => g.id !== principalId(op.group));
        break;
      case 'add-group-member': {
        const g = ic().groups.find((x) => x.id === principalId(op.group))!;
        g.members = [...g.members, principalId(op.user)].sort();
        break;
      }
      case 'remove-group-member': {
        const g = ic().groups.find((x) => x.id === principalId(op.group))!;
        g.members = g.members.filter((m) => m !== principalId(op.user));
        break;
      }
      case 'create-permission-set': {
        const arn = `arn:ps/sim${nextId++}`;
        ids.set(`ps|${op.permissionSet.name}`, arn);
        ic().permissionSets.push({
          arn,
          name: op.permissionSet.name,
          description: op.description ?? null,
          sessionDuration: op.sessionDuration,
          relayState: op.relayState ?? null,
          inlinePolicy: null,
          managedPolicies: [],
          customerManagedPolicies: [],
          permissionsBoundary: null,
          tags: { ...op.tags },
        });
        break;
      }
      case 'update-permission-set': {
        const p = ps(op.permissionSet);
        p.description = op.description ?? null;
        p.sessionDuration = op.sessionDuration;
        p.relayState = op.relayState ?? null;
        touch(p.arn);
        break;
      }
      case 'put-inline-policy':
        ps(op.permissionSet).inlinePolicy = op.document;
        touch(psArn(op.permissionSet));
        break;
      case 'delete-inline-policy':
        ps(op.permissionSet).inlinePolicy = null;
        touch(psArn(op.permissionSet));
        break;
      case 'attach-managed-policy':
        ps(op.permissionSet).managedPolicies = [...ps(op.permissionSet).managedPolicies, op.policyArn].sort();
        touch(psArn(op.permissionSet));
        break;
      case 'detach-managed-policy':
        ps(op.permissionSet).managedPolicies = ps(op.permissionSet).managedPolicies.filter(
          (a) => a !== op.policyArn,
        );
        touch(psArn(op.permissionSet));
        break;
      case 'attach-customer-managed-policy':
        ps(op.permissionSet).customerManagedPolicies.push({ name: op.name, path: op.path });
        touch(psArn(op.permissionSet));
        break;
      case 'detach-customer-managed-policy':
        ps(op.permissionSet).customerManagedPolicies = ps(op.permissionSet).customerManagedPolicies.filter(
          (c) => !(c.name === op.name && c.path === op.path),
        );
        touch(psArn(op.permissionSet));
        break;
      case 'put-permissions-boundary':
        ps(op.permissionSet).permissionsBoundary =
          'managedPolicyArn' in op.boundary
            ? { managedPolicyArn: op.boundary.managedPolicyArn, customerManagedPolicy: null }
            : { managedPolicyArn: null, customerManagedPolicy: op.boundary.customerManagedPolicy };
        touch(psArn(op.permissionSet));
        break;
      case 'delete-permissions-boundary':
        ps(op.permissionSet).permissionsBoundary = null;
        touch(psArn(op.permissionSet));
        break;
      case 'delete-permission-set':
        ic().permissionSets = ic().permissionSets.filter((p) => p.arn !== psArn(op.permissionSet));
        break;
      case 'provision-permission-set':
        for (const p of ic().provisioning)
          if (p.permissionSetArn === psArn(op.permissionSet)) p.current = true;
        break;
      case 'create-assignment': {
        const arn = psArn(op.permissionSet);
        const account = accountId(op.account);
        ic().assignments.push({
          accountId: account,
          permissionSetArn: arn,
          permissionSetName: op.permissionSet.name,
          principalType: op.principal.type,
          principalId: principalId(op.principal),
          principalName: op.principal.name,
        });
        if (!ic().provisioning.some((p) => p.accountId === account && p.permissionSetArn === arn))
          ic().provisioning.push({ accountId: account, permissionSetArn: arn, current: true });
        else
          for (const p of ic().provisioning)
            if (p.accountId === account && p.permissionSetArn === arn) p.current = true;
        break;
      }
      case 'delete-assignment': {
        const arn = psArn(op.permissionSet);
        const account = accountId(op.account);
        ic().assignments = ic().assignments.filter(
          (a) =>
            !(
              a.accountId === account &&
              a.permissionSetArn === arn &&
              a.principalId === principalId(op.principal)
            ),
        );
        if (!ic().assignments.some((a) => a.accountId === account && a.permissionSetArn === arn)) {
          ic().provisioning = ic().provisioning.filter(
            (p) => !(p.accountId === account && p.permissionSetArn === arn),
          );
        }
        break;
      }
    }
  }
  snap = { ...snap, ous: snap.ous.map((o) => ({ ...o })) };
  return snap;
}
