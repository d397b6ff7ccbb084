import { describe, expect, it } from 'vitest';
import type { SnapshotIdentityCenter } from '../model/snapshot.js';
import { makePlan } from '../plan/plan.js';
import { account, MGMT, ou, ROOT, scp, snapshot } from '../plan/testing/builders.js';
import { snapshotToConfig } from './emit.js';
import { loadConfigText } from './load.js';
import { normalize } from './normalize.js';

const DENY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}';

const ic: SnapshotIdentityCenter = {
  instanceArn: 'arn:aws:sso:::instance/ssoins-1',
  identityStoreId: 'd-1',
  permissionSets: [
    {
      arn: 'arn:ps/dev',
      name: 'Developer',
      description: 'build things',
      sessionDuration: 'PT4H',
      relayState: null,
      inlinePolicy:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}',
      managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'],
      customerManagedPolicies: [{ name: 'extras', path: '/' }],
      permissionsBoundary: {
        managedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
        customerManagedPolicy: null,
      },
      tags: { team: 'platform' },
    },
  ],
  users: [{ id: 'u-alice', userName: 'alice', displayName: 'Alice', email: 'alice@example.com' }],
  groups: [{ id: 'g-dev', displayName: 'Developers', description: null, members: ['u-alice'] }],
  assignments: [
    {
      accountId: '222222222222',
      permissionSetArn: 'arn:ps/dev',
      permissionSetName: 'Developer',
      principalType: 'GROUP',
      principalId: 'g-dev',
      principalName: 'Developers',
    },
    {
      accountId: '333333333333',
      permissionSetArn: 'arn:ps/dev',
      permissionSetName: 'Developer',
      principalType: 'GROUP',
      principalId: 'g-dev',
      principalName: 'Developers',
    },
    {
      accountId: MGMT,
      permissionSetArn: 'arn:ps/dev',
      permissionSetName: 'Developer',
      principalType: 'USER',
      principalId: 'u-alice',
      principalName: 'alice',
    },
  ],
  provisioning: [],
};

const live = snapshot({
  organization: {
    ...snapshot().organization,
    enabledPolicyTypes: ['RESOURCE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY'],
    trustedAccess: [{ servicePrincipal: 'iam.amazonaws.com', enabledAt: null }],
    delegatedAdministrators: [
      { accountId: '333333333333', servicePrincipal: 'guardduty.amazonaws.com', since: null },
    ],
    rootAccess: { credentialsManagement: true, rootSessions: false },
  },
  ous: [
    ou('Workloads', 'ou-ab12-aaaaaaaa', ROOT),
    ou('Workloads/Prod', 'ou-ab12-bbbbbbbb', 'ou-ab12-aaaaaaaa'),
    ou('Security', 'ou-ab12-cccccccc', ROOT),
  ],
  accounts: [
    account(MGMT, 'Management', 'mgmt@example.com'),
    account('222222222222', 'Shop', 'shop@example.com', 'ou-ab12-bbbbbbbb', { tags: { owner: 'shop' } }),
    account('333333333333', 'Shop', 'shop-2@example.com', 'ou-ab12-cccccccc'),
  ],
  policies: [
    scp('p-1', 'DenyLeave', DENY, [ROOT, 'ou-ab12-aaaaaaaa', '222222222222']),
    { ...scp('p-FullAWSAccess', 'FullAWSAccess', '{}', [ROOT]), awsManaged: true },
  ],
  identityCenter: ic,
});

describe('import (snapshot → org.yaml)', () => {
  it('writes a file that validates and plans to no changes', () => {
    const { files, notes } = snapshotToConfig(live);
    const loaded = loadConfigText('org.yaml', files.get('org.yaml')!, (p) => files.get(p));
    // The permission set's customer-managed policy lives in member accounts, which import does not
    // read: validate points out that the file does not keep it.
    expect(loaded.issues.map((i) => `${i.severity} ${i.rule}`)).toEqual(['warning unmanaged-policy']);
    const plan = makePlan(
      normalize(loaded.config!, (p) => files.get(p)),
      live,
      new Date('2026-11-22T00:00:00Z'),
    );
    expect(plan.operations.map((o) => o.summary)).toEqual([]);
    expect([...files.keys()]).toEqual([
      'org.yaml',
      'policies/permission-sets/developer.json',
      'policies/scp/denyleave.json',
    ]);
    expect(notes).toContain(
      'account 222222222222 is keyed "Shop (222222222222)" because its name is not unique',
    );
  });

  it('writes an external identity source when SCIM provisioned every user and group, and it plans to no changes', () => {
    const scim = snapshot({
      ...live,
      identityCenter: {
        ...ic,
        users: ic.users.map((u) => ({ ...u, external: true as const })),
        groups: ic.groups.map((g) => ({ ...g, external: true as const })),
      },
    });
    const { files } = snapshotToConfig(scim);
    const text = files.get('org.yaml')!;
    expect(text).toContain(
      '  # Users and groups come from your identity provider (SCIM): assignments name them, orgward never changes them.\n  identitySource: external\n',
    );
    expect(text).not.toMatch(/\n {2}(users|groups):/);
    const loaded = loadConfigText('org.yaml', text, (p) => files.get(p));
    expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const plan = makePlan(
      normalize(loaded.config!, (p) => files.get(p)),
      scim,
      new Date('2026-11-22T00:00:00Z'),
    );
    expect(plan.operations).toEqual([]);
  });

  it('marks the provider’s users and groups in a mixed estate, and keeps the local group’s members', () => {
    const mixed = snapshot({
      ...live,
      identityCenter: {
        ...ic,
        users: [
          { ...ic.users[0]!, external: true as const },
          { id: 'u-bob', userName: 'bob', displayName: 'Bob', email: null },
        ],
        groups: [
          { ...ic.groups[0]!, external: true as const },
          { id: 'g-break', displayName: 'Breakglass', description: null, members: ['u-alice', 'u-bob'] },
        ],
      },
    });
    const { files } = snapshotToConfig(mixed);
    const loaded = loadConfigText('org.yaml', files.get('org.yaml')!, (p) => files.get(p));
    expect(loaded.config!.identityCenter).toMatchObject({
      users: { alice: { managedBy: 'external' }, bob: { displayName: 'Bob' } },
      groups: { Developers: { managedBy: 'external' }, Breakglass: { members: ['alice', 'bob'] } },
    });
    const plan = makePlan(
      normalize(loaded.config!, (p) => files.get(p)),
      mixed,
      new Date('2026-11-22T00:00:00Z'),
    );
    expect(plan.operations).toEqual([]);
  });

  it('lays the file out as a person would', () => {
    expect(snapshotToConfig(live).files.get('org.yaml')).toMatchInlineSnapshot(`
      "# Imported by orgward from organization o-x on 2026-11-01T00:00:00.000Z.
      # \`orgward plan\` on this file reports no changes until you edit it.
      # Accounts are matched by id; OUs by path; policies and permission sets by name.

      organization:
        featureSet: ALL
        policyTypes: [ RESOURCE_CONTROL_POLICY, SERVICE_CONTROL_POLICY ]
        trustedAccess: [ iam.amazonaws.com ]
        delegatedAdministrators:
          guardduty.amazonaws.com: Shop (333333333333)
        rootAccess:
          credentialsManagement: true
          rootSessions: false
      ous:
        Security:
          accounts: [ Shop (333333333333) ]
        Workloads:
          ous:
            Prod:
              accounts: [ Shop (222222222222) ]
      # Accounts not placed in any OU stay in the root: Management.
      accounts:
        Management:
          email: mgmt@example.com
          id: "111111111111"
        Shop (222222222222):
          email: shop@example.com
          id: "222222222222"
          tags:
            owner: shop
        Shop (333333333333):
          email: shop-2@example.com
          id: "333333333333"
      policies:
        DenyLeave:
          type: SERVICE_CONTROL_POLICY
          file: policies/scp/denyleave.json
          attach: [ root, ou:Workloads, account:Shop (222222222222) ]
      identityCenter:
        users:
          alice:
            displayName: Alice
            email: alice@example.com
        groups:
          Developers:
            members: [ alice ]
        permissionSets:
          Developer:
            sessionDuration: PT4H
            description: build things
            managedPolicies: [ arn:aws:iam::aws:policy/PowerUserAccess ]
            customerManagedPolicies:
              - name: extras
                path: /
            inlinePolicy:
              file: policies/permission-sets/developer.json
            permissionsBoundary:
              managedPolicy: arn:aws:iam::aws:policy/PowerUserAccess
            tags:
              team: platform
        assignments:
          - user: alice
            permissionSet: Developer
            targets: [ account:Management ]
          - group: Developers
            permissionSet: Developer
            targets: [ account:Shop (222222222222), account:Shop (333333333333) ]
      # Scopes where objects found in AWS but absent from this file are deleted (ous, accounts, policies,
      # permissionSets, assignments, users, groups, baseline). Empty: nothing unmanaged is ever deleted.
      prune: []
      "
    `);
  });
});
