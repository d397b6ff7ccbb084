/** AccessIndex on a tiny hand-made organization: SCP chains, permission-set policies, paths, jump roles. */
import { describe, expect, it } from 'vitest';
import { AccessIndex, trustedAccounts } from './effective.js';
import type { AccessModel } from './model.js';

import { MGMT, HUB, PROD, STAGING, READ_ONLY, VIEW_ONLY, doc, allow, deny, trust, model } from './testing.js';

const index = (m: AccessModel = model(), rcpServices?: ReadonlySet<string>) =>
  new AccessIndex(m, rcpServices);
const ask = (action: string, resource = '*') => ({ action, resource, context: {} });

describe('AccessIndex.chain', () => {
  it('orders the SCP levels root → each OU → the account, each with what is attached there', () => {
    const chain = index().chain(PROD);
    expect(chain.rcps).toBeUndefined();
    expect(chain.scps!.map((l) => [l.target, l.policies.map((p) => p.name)])).toEqual([
      ['Root', ['SCP FullAWSAccess', 'SCP DenyLeave']],
      ['OU Workloads', ['SCP FullAWSAccess']],
      ['OU Workloads/Prod', ['SCP FullAWSAccess', 'SCP NoTableDeletes']],
      ['account Shop Prod', ['SCP FullAWSAccess', 'SCP NoIamUsers']],
    ]);
    expect(
      index()
        .chain(STAGING)
        .scps!.map((l) => l.target),
    ).toEqual(['Root', 'OU Workloads', 'account Shop Staging']);
  });

  it('gives the management account (and an unknown account) no chain: SCPs do not apply there', () => {
    const i = index();
    expect(i.chain(MGMT)).toEqual({});
    expect(i.chain('999999999999')).toEqual({});
    const d = i.decideIdentityCenter(MGMT, 'Developer', ask('dynamodb:DeleteTable'));
    expect(d.decision).toBe('Allow');
    expect(d.statements.some((s) => s.layer === 'scp')).toBe(false);
  });

  it('applies each level: a deny at the OU and at the account, the root allow everywhere', () => {
    const i = index();
    const prod = i.decideIdentityCenter(PROD, 'Developer', ask('dynamodb:DeleteTable'));
    expect(prod.decision).toBe('ExplicitDeny');
    expect(prod.statements.find((s) => s.effect === 'Deny')).toMatchObject({
      layer: 'scp',
      level: 'OU Workloads/Prod',
      policy: 'SCP NoTableDeletes',
    });
    expect(i.decideIdentityCenter(STAGING, 'Developer', ask('dynamodb:DeleteTable')).decision).toBe('Allow');
    const iam = i.decideIdentityCenter(PROD, 'Developer', ask('iam:CreateUser'));
    expect(iam.decision).toBe('ExplicitDeny');
    expect(iam.statements.find((s) => s.effect === 'Deny')?.level).toBe('account Shop Prod');
  });

  it('denies where a level of the chain allows nothing, naming that level', () => {
    const m = model();
    m.policies[0]!.targets = ['r-1', 'ou-w', PROD];
    const d = index(m).decideIdentityCenter(PROD, 'Developer', ask('dynamodb:GetItem'));
    expect(d.decision).toBe('ImplicitDeny');
    expect(d.missingAllow).toEqual([{ layer: 'scp', level: 'OU Workloads/Prod' }]);
  });

  it('applies RCPs only to the services the catalogue says they cover', () => {
    const m = model();
    m.policies.push({
      name: 'NoS3',
      type: 'RESOURCE_CONTROL_POLICY',
      content: doc(deny('s3:*'), allow('*')),
      targets: ['r-1'],
    });
    const i = index(m, new Set(['s3']));
    expect(i.chain(PROD).rcps!.map((l) => l.target)).toEqual([
      'Root',
      'OU Workloads',
      'OU Workloads/Prod',
      'account Shop Prod',
    ]);
    expect(i.chainFor(PROD, 'dynamodb:GetItem').rcps).toBeUndefined();
    expect(i.chainFor(PROD, 'S3:GetObject').rcps).toBeDefined();
    expect(i.decideIdentityCenter(PROD, 'Developer', ask('s3:GetObject')).decision).toBe('ExplicitDeny');
    expect(i.decideIdentityCenter(PROD, 'Developer', ask('dynamodb:GetItem')).decision).toBe('Allow');
  });
});

describe('AccessIndex.permissionSetPolicies', () => {
  it('collects the inline policy, the AWS-managed and the customer-managed documents', () => {
    const i = index();
    expect(i.permissionSetPolicies('Developer', PROD).identity.map((p) => p.name)).toEqual([
      'Developer (inline)',
    ]);
    expect(i.permissionSetPolicies('ReadOnly', PROD).identity.map((p) => p.name)).toEqual([READ_ONLY]);
    expect(i.permissionSetPolicies('Ops', PROD).identity.map((p) => p.name)).toEqual(['/ops-extra']);
    expect(i.permissionSetPolicies('Nope', PROD)).toEqual({ identity: [] });
  });

  it('makes every answer through a missing AWS-managed document depend on that document', () => {
    const d = index().decideIdentityCenter(STAGING, 'Viewer', ask('ec2:DescribeInstances'));
    expect(d.decision).toBe('Depends');
    expect(d.dependsOn).toEqual([`document:${VIEW_ONLY}`]);
  });

  it('decides from an AWS-managed document that is there', () => {
    const i = index();
    expect(i.decideIdentityCenter(STAGING, 'ReadOnly', ask('s3:GetObject')).decision).toBe('Allow');
    expect(i.decideIdentityCenter(STAGING, 'ReadOnly', ask('s3:PutObject')).decision).toBe('ImplicitDeny');
  });

  it('grants nothing through a customer-managed policy absent in the account (null)', () => {
    const i = index();
    expect(i.decideIdentityCenter(PROD, 'Ops', ask('ec2:RunInstances')).decision).toBe('Allow');
    const staging = i.decideIdentityCenter(STAGING, 'Ops', ask('ec2:RunInstances'));
    expect(staging.decision).toBe('ImplicitDeny');
    expect(staging.missingAllow).toContainEqual({ layer: 'identity' });
  });

  it('makes a customer-managed policy not read for the account a dependency', () => {
    const d = index().decideIdentityCenter(HUB, 'Ops', ask('ec2:RunInstances'));
    expect(d.decision).toBe('Depends');
    expect(d.dependsOn).toEqual([`document:/ops-extra in ${HUB}`]);
  });

  it('applies a permissions boundary', () => {
    const m = model();
    m.identityCenter!.permissionSets[0]!.boundary = { managedPolicyArn: READ_ONLY };
    const i = index(m);
    expect(i.permissionSetPolicies('Developer', STAGING).boundary?.name).toBe(READ_ONLY);
    expect(i.decideIdentityCenter(STAGING, 'Developer', ask('dynamodb:DescribeTable')).decision).toBe(
      'Allow',
    );
    expect(i.decideIdentityCenter(STAGING, 'Developer', ask('dynamodb:PutItem')).decision).toBe(
      'ImplicitDeny',
    );
  });
});

describe('AccessIndex.identityCenterPaths', () => {
  it('lists direct assignments and those through each group', () => {
    const i = index();
    expect(i.identityCenterPaths('alice').map((p) => [p.accountId, p.permissionSet, p.via])).toEqual([
      [PROD, 'Developer', 'group:Developers'],
      [STAGING, 'Developer', 'group:Developers'],
      [MGMT, 'Viewer', 'user'],
    ]);
    expect(i.identityCenterPaths('carol').map((p) => p.via)).toEqual(['user', 'user']);
    expect(i.identityCenterPaths('nobody')).toEqual([]);
  });

  it('carries until and origin', () => {
    const m = model();
    Object.assign(m.identityCenter!.assignments[2]!, {
      until: '2030-01-01T00:00:00Z',
      origin: 'ou:Workloads',
    });
    expect(index(m).identityCenterPaths('carol')[0]).toEqual({
      kind: 'identity-center',
      accountId: PROD,
      permissionSet: 'Ops',
      userName: 'carol',
      via: 'user',
      until: '2030-01-01T00:00:00Z',
      origin: 'ou:Workloads',
    });
  });

  it('sorts group members in code-unit order', () => {
    expect(index().sortedMembers('Developers')).toEqual(['alice', 'bob']);
    expect(index().sortedMembers('Auditors')).toEqual([]);
  });
});

describe('AccessIndex.jumpPaths', () => {
  it('finds a role whose trust names the hub account root, for a user whose policies allow the assume', () => {
    const deploy = index()
      .jumpPaths()
      .filter((p) => p.roleName === 'Deploy');
    expect(deploy).toHaveLength(1);
    expect(deploy[0]).toMatchObject({
      kind: 'iam-role',
      accountId: PROD,
      roleArn: `arn:aws:iam::${PROD}:role/Deploy`,
      sourceAccountId: HUB,
      sourceUserName: 'deployer',
      assume: { decision: 'Allow' },
    });
    expect(deploy[0]!.mfaSerial).toBeUndefined();
  });

  it('makes a trust policy with an MFA condition depend on aws:MultiFactorAuthPresent', () => {
    const glass = index()
      .jumpPaths()
      .filter((p) => p.roleName === 'Breakglass');
    expect(glass).toHaveLength(1);
    expect(glass[0]!.assume.decision).toBe('Depends');
    expect(glass[0]!.assume.dependsOn).toEqual(['aws:MultiFactorAuthPresent']);
    expect(glass[0]!.mfaSerial).toBe(`arn:aws:iam::${HUB}:mfa/deployer`);
  });

  it('gives a user without an identity allow for sts:AssumeRole no path', () => {
    const i = index();
    expect(i.jumpPaths().some((p) => p.sourceUserName === 'intern')).toBe(false);
    const hub = i.model.iam[HUB]!;
    const role = i.model.iam[PROD]!.roles[0]!;
    expect(i.decideAssume(HUB, hub.users[1]!, PROD, role).decision).toBe('ImplicitDeny');
  });

  it('counts a group policy of the hub user as its own', () => {
    const m = model();
    const hub = m.iam[HUB]!;
    hub.groups.Jumpers = [{ name: 'jump', document: doc(allow('sts:AssumeRole')) }];
    hub.users[1]!.groups = ['Jumpers'];
    expect(
      index(m)
        .jumpPaths()
        .filter((p) => p.sourceUserName === 'intern')
        .map((p) => p.roleName),
    ).toEqual(['Deploy', 'Breakglass']);
  });

  it('ignores a trust of the role’s own account or of an account whose IAM was not read', () => {
    const m = model();
    m.iam[PROD]!.roles = [
      { ...m.iam[PROD]!.roles[0]!, trustPolicy: trust(`arn:aws:iam::${PROD}:root`) },
      { ...m.iam[PROD]!.roles[0]!, roleName: 'Other', trustPolicy: trust('555555555555') },
    ];
    expect(index(m).jumpPaths()).toEqual([]);
  });

  it('decides a request made as the role', () => {
    const i = index();
    const role = i.model.iam[PROD]!.roles[0]!;
    expect(i.decideIamRole(PROD, role, ask('s3:PutObject')).decision).toBe('Allow');
    expect(i.decideIamRole(PROD, role, ask('ec2:RunInstances')).decision).toBe('ImplicitDeny');
  });
});

describe('trustedAccounts', () => {
  it('reads account ids, root and principal ARNs of Allow statements', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: [HUB, `arn:aws:iam::${PROD}:root`, `arn:aws:iam::${STAGING}:role/x`] },
          Action: 'sts:AssumeRole',
        },
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { AWS: MGMT }, Action: 'sts:AssumeRole' },
      ],
    });
    expect(trustedAccounts(policy).sort()).toEqual([HUB, PROD, STAGING]);
  });

  it('gives nothing for a wildcard principal or a document that does not parse', () => {
    expect(trustedAccounts(trust('*'))).toEqual([]);
    expect(trustedAccounts('{not json')).toEqual([]);
  });
});
