import { describe, expect, it } from 'vitest';
import type { OrgSnapshot } from '../model/snapshot.js';
import type { OrganizationView } from '../model/transfer.js';
import {
  ALLOW_ALL,
  MOVING,
  OTHER,
  SOURCE_MANAGEMENT,
  SOURCE_ORG,
  SOURCE_ROOT,
  desired,
  destinationView,
  doc,
  deny,
  grant,
  sourceSnapshot,
  viewPolicy,
} from './testing.js';
import {
  accessTo,
  destinationAccess,
  destinationPolicies,
  ouPathOf,
  partitionOf,
  pathPrefixes,
  policiesReaching,
  transferFingerprint,
  viewFromConfig,
  viewFromSnapshot,
} from './views.js';

const names = (policies: Array<{ name: string }>) => policies.map((p) => p.name);

describe('partitionOf', () => {
  it('reads the partition of an ARN, aws when it is none', () => {
    expect(partitionOf('arn:aws-us-gov:organizations::1:organization/o-1')).toBe('aws-us-gov');
    expect(partitionOf('not an arn')).toBe('aws');
  });
});

describe('pathPrefixes', () => {
  it('is the root alone for the root', () => {
    expect([...pathPrefixes('')]).toEqual(['']);
  });

  it('is the root and every OU from the top down', () => {
    expect([...pathPrefixes('Workloads/Prod/Web')]).toEqual([
      '',
      'Workloads',
      'Workloads/Prod',
      'Workloads/Prod/Web',
    ]);
  });
});

describe('destinationPolicies', () => {
  const view = destinationView({
    policies: [
      viewPolicy('RootGuard', null),
      viewPolicy('WorkloadsGuard', 'Workloads'),
      viewPolicy('ProdGuard', 'Workloads/Prod'),
      viewPolicy('ProdWebGuard', 'Workloads/Prod/Web'),
      viewPolicy('DevGuard', 'Workloads/Dev'),
      viewPolicy('ProductionGuard', 'Workloads/Production'),
      viewPolicy('SandboxGuard', 'Sandbox'),
    ],
  });

  it('gives the root and each OU on the path, not siblings, children or look-alike names', () => {
    expect(names(destinationPolicies(view, 'Workloads/Prod'))).toEqual([
      'RootGuard',
      'WorkloadsGuard',
      'ProdGuard',
    ]);
    expect(names(destinationPolicies(view, 'Workloads/Dev'))).toEqual([
      'RootGuard',
      'WorkloadsGuard',
      'DevGuard',
    ]);
  });

  it('gives only the root policies at the root', () => {
    expect(names(destinationPolicies(view, ''))).toEqual(['RootGuard']);
  });

  // BUG (src/transfer/views.ts:325-329): the doc comment promises "root first, then down", but the
  // function only filters `view.policies` in their stored order. viewFromConfig appends the AWS-managed
  // FullAWSAccess after the org.yaml's OU policies, so OU policies come before root ones.
  it('lists root policies first, then down the path, whatever the view order', () => {
    const unordered = destinationView({
      policies: [viewPolicy('ProdGuard', 'Workloads/Prod'), viewPolicy('RootGuard', null)],
    });
    expect(names(destinationPolicies(unordered, 'Workloads/Prod'))).toEqual(['RootGuard', 'ProdGuard']);
  });
});

describe('destinationAccess', () => {
  const at = (target: string, principal: string) => ({
    ...grant(principal, 'ReadOnly', [principal.toLowerCase()]),
    target,
  });
  const view = destinationView({
    ouAccess: [
      at('', 'Everyone'),
      at('Workloads', 'WorkloadsTeam'),
      at('Workloads/Prod', 'ProdTeam'),
      at('Workloads/Dev', 'DevTeam'),
      at('account:Acme Prod', 'ByName'),
      at(`account:${MOVING}`, 'ById'),
      at('account:Other', 'OtherAccount'),
    ],
  });
  const account = { id: MOVING, name: 'Acme Prod' };

  it('gives the grants of the root, each OU on the path and the account by name or id, without targets', () => {
    expect(destinationAccess(view, 'Workloads/Prod', account)).toEqual([
      grant('Everyone', 'ReadOnly', ['everyone']),
      grant('WorkloadsTeam', 'ReadOnly', ['workloadsteam']),
      grant('ProdTeam', 'ReadOnly', ['prodteam']),
      grant('ByName', 'ReadOnly', ['byname']),
      grant('ById', 'ReadOnly', ['byid']),
    ]);
  });

  it('gives a nested OU its parents’ grants, not its siblings’', () => {
    expect(
      destinationAccess(view, 'Workloads/Dev', { id: '444444444444', name: 'Dev' })!.map((g) => g.principal),
    ).toEqual(['Everyone', 'WorkloadsTeam', 'DevTeam']);
  });

  it('is null when the view has no ouAccess (not read from an org.yaml)', () => {
    expect(destinationAccess(destinationView({ ouAccess: null }), 'Workloads', account)).toBeNull();
  });

  it('is empty when nothing reaches the account', () => {
    expect(destinationAccess(destinationView({ ouAccess: [] }), 'Workloads', account)).toEqual([]);
  });
});

describe('viewFromConfig', () => {
  const config = desired({
    organization: {
      featureSet: 'ALL',
      policyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
      trustedAccess: ['account.amazonaws.com'],
      delegatedAdministrators: undefined,
      rootAccess: { credentialsManagement: true, rootSessions: true },
    },
    ous: [
      { path: 'Workloads', name: 'Workloads', parentPath: '', tags: undefined },
      { path: 'Workloads/Prod', name: 'Prod', parentPath: 'Workloads', tags: undefined },
    ],
    accounts: [
      {
        name: 'Security',
        email: 'sec@acme.example',
        id: undefined,
        parentPath: '',
        tags: undefined,
        close: false,
      },
    ],
    policies: [
      {
        name: 'DenyIamUsers',
        type: 'SERVICE_CONTROL_POLICY',
        description: '',
        content: doc(deny('iam:CreateUser')),
        targets: [
          { kind: 'root' },
          { kind: 'ou', path: 'Workloads/Prod' },
          { kind: 'account', name: 'Security' },
        ],
        tags: undefined,
      },
    ],
    identityCenter: {
      identitySource: 'identityCenter',
      users: [],
      groups: [{ displayName: 'Admins', description: undefined, members: ['zed', 'ana'] }],
      external: { users: [], groups: [] },
      permissionSets: [],
      customerManagedPolicies: [],
      memberRoleName: 'OrgwardMember',
      assignments: [
        {
          principalType: 'GROUP',
          principalName: 'Admins',
          permissionSet: 'AdministratorAccess',
          targets: [{ kind: 'root' }, { kind: 'ou', path: 'Workloads/Prod' }],
          until: undefined,
        },
        {
          principalType: 'USER',
          principalName: 'carol',
          permissionSet: 'ReadOnly',
          targets: [{ kind: 'account', name: 'Security' }],
          until: undefined,
        },
      ],
    },
  });

  it('places the file’s policies at the root and OUs, skips account targets, adds the AWS-managed ones', () => {
    const view = viewFromConfig(config, null);
    const content = doc(deny('iam:CreateUser'));
    expect(view.policies).toEqual([
      {
        name: 'DenyIamUsers',
        type: 'SERVICE_CONTROL_POLICY',
        awsManaged: false,
        content,
        at: { kind: 'root' },
        ouPath: null,
      },
      {
        name: 'DenyIamUsers',
        type: 'SERVICE_CONTROL_POLICY',
        awsManaged: false,
        content,
        at: { kind: 'ou', path: 'Workloads/Prod' },
        ouPath: 'Workloads/Prod',
      },
      {
        name: 'FullAWSAccess',
        type: 'SERVICE_CONTROL_POLICY',
        awsManaged: true,
        content: '',
        at: { kind: 'root' },
        ouPath: null,
      },
      {
        name: 'RCPFullAWSAccess',
        type: 'RESOURCE_CONTROL_POLICY',
        awsManaged: true,
        content: '',
        at: { kind: 'root' },
        ouPath: null,
      },
    ]);
  });

  it('adds only FullAWSAccess when only SCPs are enabled, and none the file already names', () => {
    const scpOnly = desired({
      organization: { ...config.organization, policyTypes: ['SERVICE_CONTROL_POLICY'] },
    });
    expect(viewFromConfig(scpOnly, null).policies.map((p) => `${p.name}:${p.awsManaged}`)).toEqual([
      'FullAWSAccess:true',
    ]);
    const named = desired({
      organization: { ...config.organization, policyTypes: ['SERVICE_CONTROL_POLICY'] },
      policies: [
        {
          name: 'FullAWSAccess',
          type: 'SERVICE_CONTROL_POLICY',
          description: '',
          content: ALLOW_ALL,
          targets: [{ kind: 'root' }],
          tags: undefined,
        },
      ],
    });
    expect(viewFromConfig(named, null).policies.map((p) => `${p.name}:${p.awsManaged}`)).toEqual([
      'FullAWSAccess:false',
    ]);
  });

  it('uses the live policy types when the file does not manage them', () => {
    const live = destinationView({ enabledPolicyTypes: ['RESOURCE_CONTROL_POLICY'] });
    const view = viewFromConfig(desired(), live);
    expect(view.enabledPolicyTypes).toEqual(['RESOURCE_CONTROL_POLICY']);
    expect(view.policies.map((p) => p.name)).toEqual(['RCPFullAWSAccess']);
  });

  it('gives ouAccess per target, with a group’s members (sorted) or the user as people', () => {
    expect(viewFromConfig(config, null).ouAccess).toEqual([
      { ...grant('Admins', 'AdministratorAccess', ['ana', 'zed']), target: '' },
      { ...grant('Admins', 'AdministratorAccess', ['ana', 'zed']), target: 'Workloads/Prod' },
      { ...grant('carol', 'ReadOnly', ['carol'], 'USER'), target: 'account:Security' },
    ]);
  });

  it('is an empty ouAccess (not null) when the file has no Identity Center', () => {
    expect(viewFromConfig(desired(), null).ouAccess).toEqual([]);
  });

  it('says what a file cannot say with placeholders when the destination was not read', () => {
    const view = viewFromConfig(config, null);
    expect(view).toMatchObject({
      id: '(from org.yaml)',
      managementAccountId: '',
      createdAt: null,
      partition: 'aws',
      accounts: 1,
      ous: [
        { path: 'Workloads', id: null },
        { path: 'Workloads/Prod', id: null },
      ],
      rootId: null,
      enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
      trustedAccess: ['account.amazonaws.com'],
      rootCredentialsManagement: true,
      coverage: null,
      openInvitations: null,
      source: 'config',
      fingerprint: null,
    });
  });

  it('takes the id, age, OU ids and counts from the live view', () => {
    const live = destinationView({ createdAt: '2024-01-01T00:00:00.000Z', accounts: 7, openInvitations: 2 });
    const view = viewFromConfig(config, live);
    expect(view).toMatchObject({
      id: live.id,
      managementAccountId: live.managementAccountId,
      createdAt: '2024-01-01T00:00:00.000Z',
      accounts: 7,
      openInvitations: 2,
      rootId: 'r-dst1',
      ous: [
        { path: 'Workloads', id: 'ou-dst1-workloads' },
        { path: 'Workloads/Prod', id: 'ou-dst1-prod' },
      ],
      source: 'config',
      fingerprint: 'destination-fingerprint',
    });
  });
});

describe('viewFromSnapshot', () => {
  it('reads the partition from the organization ARN and the age from the management account', () => {
    const snapshot = sourceSnapshot();
    snapshot.organization.arn = `arn:aws-cn:organizations::${SOURCE_MANAGEMENT}:organization/${SOURCE_ORG}`;
    const view = viewFromSnapshot(snapshot, 'snapshot', { fingerprint: 'fp', openInvitations: 1 });
    expect(view).toMatchObject({
      id: SOURCE_ORG,
      managementAccountId: SOURCE_MANAGEMENT,
      managementEmail: 'root@reseller.example',
      createdAt: '2020-01-02T03:04:05.000Z',
      partition: 'aws-cn',
      accounts: 3,
      rootId: SOURCE_ROOT,
      ous: [
        { path: 'Customers', id: 'ou-src1-customers' },
        { path: 'Customers/Gold', id: 'ou-src1-gold' },
      ],
      trustedAccess: ['guardduty.amazonaws.com'],
      rootCredentialsManagement: true,
      ouAccess: null,
      coverage: null,
      openInvitations: 1,
      source: 'snapshot',
      fingerprint: 'fp',
    });
  });

  it('places policies at the root and OUs and leaves account attachments out', () => {
    const view = viewFromSnapshot(sourceSnapshot(), 'live');
    expect(view.policies.map((p) => `${p.name}@${p.ouPath ?? '(root)'}:${p.at.kind}`)).toEqual([
      'FullAWSAccess@(root):root',
      'DenyLeave@Customers:ou',
      'GoldOnly@Customers/Gold:ou',
    ]);
    expect(view.policies[0]!.awsManaged).toBe(true);
  });

  it('has no age when the management account is not among the accounts', () => {
    const snapshot = sourceSnapshot();
    snapshot.accounts = snapshot.accounts.filter((a) => a.id !== SOURCE_MANAGEMENT);
    expect(viewFromSnapshot(snapshot, 'live').createdAt).toBeNull();
  });
});

describe('source account reads', () => {
  const snapshot = sourceSnapshot();
  const moving = snapshot.accounts.find((a) => a.id === MOVING)!;

  it('policiesReaching gives every policy on the account’s path with where it is attached', () => {
    expect(policiesReaching(snapshot, moving).map((p) => `${p.name}:${JSON.stringify(p.at)}`)).toEqual([
      'FullAWSAccess:{"kind":"root"}',
      'DenyLeave:{"kind":"ou","path":"Customers"}',
      'DenyLeave:{"kind":"account"}',
    ]);
  });

  it('accessTo names the principal and the people it reaches', () => {
    expect(accessTo(snapshot, MOVING)).toEqual([grant('AcmeAdmins', 'AdministratorAccess', ['ana', 'bob'])]);
    expect(accessTo(snapshot, OTHER)).toEqual([grant('carol', 'ReadOnly', ['carol'], 'USER')]);
  });

  it('ouPathOf gives the OU path, or the root', () => {
    expect(ouPathOf(snapshot, 'ou-src1-gold')).toBe('Customers/Gold');
    expect(ouPathOf(snapshot, SOURCE_ROOT)).toBe('');
  });
});

describe('transferFingerprint', () => {
  const moving = new Set([MOVING]);
  const base = transferFingerprint(sourceSnapshot(), moving);
  const changed = (edit: (s: OrgSnapshot) => void) => {
    const snapshot = sourceSnapshot();
    edit(snapshot);
    return transferFingerprint(snapshot, moving);
  };
  const ic = (s: OrgSnapshot) => s.identityCenter!;
  const account = (s: OrgSnapshot, id: string) => s.accounts.find((a) => a.id === id)!;
  const policy = (s: OrgSnapshot, name: string) => s.policies.find((p) => p.name === name)!;

  it('is a sha256 hex digest, the same for the same organization', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(transferFingerprint(sourceSnapshot(), new Set([MOVING]))).toBe(base);
  });

  it.each<[string, (s: OrgSnapshot) => void]>([
    ['the moving account changes parent', (s) => void (account(s, MOVING).parentId = SOURCE_ROOT)],
    ['the moving account leaves', (s) => void (s.accounts = s.accounts.filter((a) => a.id !== MOVING))],
    [
      'a policy is detached from the moving account',
      (s) => void (policy(s, 'DenyLeave').targets = ['ou-src1-customers']),
    ],
    ['a policy is attached to the moving account', (s) => void policy(s, 'GoldOnly').targets.push(MOVING)],
    [
      'the moving account’s assignments go',
      (s) => void (ic(s).assignments = ic(s).assignments.filter((a) => a.accountId !== MOVING)),
    ],
    [
      'the moving account’s provisioning goes',
      (s) => void (ic(s).provisioning = ic(s).provisioning.filter((p) => p.accountId !== MOVING)),
    ],
    [
      'the moving account is deregistered as delegated administrator',
      (s) =>
        void (s.organization.delegatedAdministrators = s.organization.delegatedAdministrators!.filter(
          (d) => d.accountId !== MOVING,
        )),
    ],
    ['the snapshot is taken again later', (s) => void (s.takenAt = '2030-01-01T00:00:00.000Z')],
    // Assignments are read for the moving accounts only, so nobody else's are in the print.
    [
      'another account’s assignment goes',
      (s) => void (ic(s).assignments = ic(s).assignments.filter((a) => a.accountId !== OTHER)),
    ],
  ])('is unchanged when %s', (_, edit) => {
    expect(changed(edit)).toBe(base);
  });

  it.each<[string, (s: OrgSnapshot) => void]>([
    ['another account changes parent', (s) => void (account(s, OTHER).parentId = SOURCE_ROOT)],
    ['another account leaves', (s) => void (s.accounts = s.accounts.filter((a) => a.id !== OTHER))],
    ['a policy’s content changes', (s) => void (policy(s, 'DenyLeave').content = ALLOW_ALL)],
    ['a policy is detached from an OU', (s) => void (policy(s, 'DenyLeave').targets = [MOVING])],
    [
      'a policy is detached from another account',
      (s) => void (policy(s, 'GoldOnly').targets = ['ou-src1-gold']),
    ],
    [
      'a permission set is added',
      (s) => void ic(s).permissionSets.push({ ...ic(s).permissionSets[0]!, arn: 'arn:ps-new', name: 'New' }),
    ],
    [
      'another account is deregistered as delegated administrator',
      (s) =>
        void (s.organization.delegatedAdministrators = s.organization.delegatedAdministrators!.filter(
          (d) => d.accountId !== OTHER,
        )),
    ],
    [
      'an OU is added',
      (s) =>
        void s.ous.push({
          id: 'ou-src1-new',
          arn: 'arn:new',
          name: 'New',
          parentId: SOURCE_ROOT,
          path: 'New',
          tags: {},
        }),
    ],
    ['a group gains a member', (s) => void ic(s).groups[0]!.members.push('u-carol')],
    ['a policy type is enabled', (s) => void s.organization.enabledPolicyTypes.push('TAG_POLICY')],
  ])('changes when %s', (_, edit) => {
    expect(changed(edit)).not.toBe(base);
  });

  it('depends on which accounts move', () => {
    expect(transferFingerprint(sourceSnapshot(), new Set())).not.toBe(base);
    expect(transferFingerprint(sourceSnapshot(), new Set([OTHER]))).not.toBe(base);
  });
});

describe('destinationPolicies over a snapshot view', () => {
  it('gives a nested OU its parent’s policies and the parent none of the child’s', () => {
    const fromSnapshot: OrganizationView = viewFromSnapshot(sourceSnapshot(), 'live');
    expect(destinationPolicies(fromSnapshot, 'Customers/Gold').map((p) => p.name)).toEqual([
      'FullAWSAccess',
      'DenyLeave',
      'GoldOnly',
    ]);
    expect(destinationPolicies(fromSnapshot, 'Customers').map((p) => p.name)).toEqual([
      'FullAWSAccess',
      'DenyLeave',
    ]);
  });
});
