import { describe, expect, it } from 'vitest';
import type { SnapshotIdentityCenter } from '../model/snapshot.js';
import { makePlan } from './plan.js';
import { account, desiredFrom, MGMT, ou, permissionSet, ROOT, scp, snapshot } from './testing/builders.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const DENY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}';

const desired = desiredFrom;

const BASE = `
ous:
  Workloads:
    ous:
      Prod: { accounts: [Shop Prod] }
accounts:
  Management: { email: mgmt@example.com, id: "${MGMT}" }
  Shop Prod: { email: shop-prod@example.com }
policies:
  DenyLeave:
    type: SERVICE_CONTROL_POLICY
    document: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "organizations:LeaveOrganization", Resource: "*" }] }
    attach: [ou:Workloads]
`;

describe('makePlan', () => {
  it('from no organization: creates it first, then OUs parent-first, accounts, policies and attachments', () => {
    const plan = makePlan(desired(BASE), null, NOW, { callerAccountId: MGMT });
    expect(plan.operations.map((op) => `${op.id} <- [${op.dependsOn.join(', ')}]`)).toEqual([
      'organization:create <- []',
      'ou:create:Workloads <- [organization:create]',
      'ou:create:Workloads/Prod <- [organization:create, ou:create:Workloads]',
      'account:create:Shop Prod <- [organization:create, ou:create:Workloads/Prod]',
      'policy:create:SERVICE_CONTROL_POLICY:DenyLeave <- [organization:create]',
      'policy:attach:SERVICE_CONTROL_POLICY:DenyLeave:ou:Workloads <- [policy:create:SERVICE_CONTROL_POLICY:DenyLeave, ou:create:Workloads]',
    ]);
    expect(plan.fingerprint).toBeNull();
  });

  it('never creates an account named by id: the caller becomes the management account, others are noted', () => {
    const file = BASE.replace(
      '  Shop Prod: { email: shop-prod@example.com }',
      '  Shop Prod: { email: shop-prod@example.com, id: "222222222222" }',
    );
    const plan = makePlan(desired(file), null, NOW, { callerAccountId: MGMT });
    expect(plan.operations.filter((op) => op.kind === 'create-account')).toEqual([]);
    expect(plan.notes).toEqual([
      'account Shop Prod (222222222222) is not in the organization; orgward cannot create an account with a given id: invite it (see docs) or remove the id to create a new account',
    ]);
  });

  it('is empty when the organization matches the file', () => {
    const live = snapshot({
      ous: [
        ou('Workloads', 'ou-ab12-aaaaaaaa', ROOT),
        ou('Workloads/Prod', 'ou-ab12-bbbbbbbb', 'ou-ab12-aaaaaaaa'),
      ],
      accounts: [
        account(MGMT, 'Management', 'mgmt@example.com'),
        account('222222222222', 'Shop Prod', 'shop-prod@example.com', 'ou-ab12-bbbbbbbb'),
      ],
      policies: [scp('p-1', 'DenyLeave', JSON.stringify(JSON.parse(DENY), null, 2), ['ou-ab12-aaaaaaaa'])],
    });
    const plan = makePlan(desired(BASE), live, NOW);
    expect(plan.operations).toEqual([]);
    expect(plan.summary.total).toBe(0);
    expect(plan.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches accounts by email, moves them, and treats policies outside the file as unmanaged unless pruned', () => {
    const live = snapshot({
      ous: [ou('Workloads', 'ou-ab12-aaaaaaaa', ROOT)],
      accounts: [
        account(MGMT, 'Management', 'mgmt@example.com'),
        account('222222222222', 'Shop', 'SHOP-PROD@example.com', ROOT),
      ],
      policies: [
        scp('p-1', 'DenyLeave', DENY, ['ou-ab12-aaaaaaaa']),
        scp('p-2', 'Legacy', DENY, [ROOT, '222222222222']),
      ],
    });
    const plan = makePlan(desired(BASE), live, NOW);
    expect(plan.operations.map((op) => op.summary)).toEqual([
      'create OU Workloads/Prod',
      'move account Shop Prod from the root to Workloads/Prod',
    ]);
    expect(plan.notes).toContain(
      "SERVICE_CONTROL_POLICY Legacy is not in the file (unmanaged; add 'policies' to prune to delete it)",
    );
    expect(plan.notes).toContain(
      'account 222222222222 is named "Shop" in AWS and "Shop Prod" in the file; orgward matches it by email and does not rename accounts',
    );

    const pruned = makePlan(desired(`${BASE}\nprune: [policies]\n`), live, NOW);
    expect(
      pruned.operations
        .filter((op) => op.impact === 'delete')
        .map((op) => `${op.summary} <- [${op.dependsOn.join(', ')}]`),
    ).toEqual([
      'detach Legacy from root <- []',
      'detach Legacy from account:Shop Prod <- []',
      'delete SERVICE_CONTROL_POLICY Legacy <- [policy:detach:SERVICE_CONTROL_POLICY:Legacy:root, policy:detach:SERVICE_CONTROL_POLICY:Legacy:account:Shop Prod]',
    ]);
  });

  it('expands OU targets to accounts under nested OUs, skipping the management account and inactive accounts', () => {
    const ic: SnapshotIdentityCenter = {
      instanceArn: 'arn:aws:sso:::instance/ssoins-1',
      identityStoreId: 'd-1',
      permissionSets: [
        permissionSet('arn:ps/dev', 'Developer', {
          sessionDuration: 'PT4H',
          managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'],
        }),
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
      ],
      provisioning: [{ accountId: '222222222222', permissionSetArn: 'arn:ps/dev', current: true }],
    };
    const live = snapshot({
      ous: [
        ou('Workloads', 'ou-ab12-aaaaaaaa', ROOT),
        ou('Workloads/Prod', 'ou-ab12-bbbbbbbb', 'ou-ab12-aaaaaaaa'),
      ],
      accounts: [
        account(MGMT, 'Management', 'mgmt@example.com'),
        account('222222222222', 'Shop Prod', 'shop-prod@example.com', 'ou-ab12-bbbbbbbb'),
        account('333333333333', 'Old', 'old@example.com', 'ou-ab12-aaaaaaaa', { state: 'SUSPENDED' }),
      ],
      policies: [scp('p-1', 'DenyLeave', DENY, ['ou-ab12-aaaaaaaa'])],
      identityCenter: ic,
    });
    const file = `${BASE.replace(
      'Prod: { accounts: [Shop Prod] }',
      'Prod: { accounts: [Shop Prod, Shop Prod 2] }',
    ).replace(
      '  Shop Prod: { email: shop-prod@example.com }',
      '  Shop Prod: { email: shop-prod@example.com }\n  Shop Prod 2: { email: shop-prod-2@example.com }',
    )}
identityCenter:
  users: { alice: { displayName: Alice, email: alice@example.com } }
  groups: { Developers: { members: [alice] } }
  permissionSets:
    Developer: { sessionDuration: PT4H, managedPolicies: [arn:aws:iam::aws:policy/PowerUserAccess] }
  assignments:
    - { group: Developers, permissionSet: Developer, targets: [ou:Workloads] }
    - { user: alice, permissionSet: Developer, targets: [account:Management], until: 2026-11-01T00:00:00Z }
`;
    const plan = makePlan(desired(file), live, NOW);
    expect(plan.operations.map((op) => `${op.summary} <- [${op.dependsOn.join(', ')}]`)).toEqual([
      'create account Shop Prod 2 <shop-prod-2@example.com> in Workloads/Prod <- []',
      'give group Developers Developer on Shop Prod 2 <- [account:create:Shop Prod 2]',
    ]);
    expect(plan.access).toEqual([
      {
        principal: { type: 'GROUP', name: 'Developers' },
        permissionSet: 'Developer',
        change: 'gains',
        accounts: ['Shop Prod 2'],
      },
    ]);
  });

  it('removes an expired user assignment, and does not re-provision where the last assignment goes', () => {
    const ic: SnapshotIdentityCenter = {
      instanceArn: 'arn:aws:sso:::instance/ssoins-1',
      identityStoreId: 'd-1',
      permissionSets: [
        permissionSet('arn:ps/dev', 'Developer', {
          sessionDuration: 'PT4H',
          managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'],
        }),
      ],
      users: [{ id: 'u-alice', userName: 'alice', displayName: 'Alice', email: 'alice@example.com' }],
      groups: [],
      assignments: [
        {
          accountId: MGMT,
          permissionSetArn: 'arn:ps/dev',
          permissionSetName: 'Developer',
          principalType: 'USER',
          principalId: 'u-alice',
          principalName: 'alice',
        },
      ],
      provisioning: [{ accountId: MGMT, permissionSetArn: 'arn:ps/dev', current: true }],
    };
    const file = `
accounts:
  Management: { email: mgmt@example.com, id: "${MGMT}" }
identityCenter:
  users: { alice: { displayName: Alice, email: alice@example.com } }
  permissionSets:
    Developer: { sessionDuration: PT4H, managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
  assignments:
    - { user: alice, permissionSet: Developer, targets: [account:Management], until: 2026-11-01T00:00:00Z }
`;
    const plan = makePlan(desired(file), snapshot({ identityCenter: ic }), NOW);
    expect(plan.operations.map((op) => `${op.summary} <- [${op.dependsOn.join(', ')}]`)).toEqual([
      'attach ReadOnlyAccess to permission set Developer <- []',
      'detach PowerUserAccess from permission set Developer <- []',
      'remove user alice from Developer on Management (its time is up) <- []',
    ]);
  });
});
