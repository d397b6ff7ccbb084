import { describe, expect, it } from 'vitest';
import { GRANTS_NOTHING } from '../model/policy-documents.js';
import type { SnapshotIdentityCenter } from '../model/snapshot.js';
import type { AccountPolicyState } from '../model/account-policies.js';
import { accountPolicyPlacements } from './account-policies.js';
import { LiveView } from './live.js';
import { makePlan } from './plan.js';
import { account, desiredFrom, MGMT, ou, permissionSet, ROOT, snapshot } from './testing/builders.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const PROD = '222222222222';
const EXTRA =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

const desired = desiredFrom;

const FILE = `
ous:
  Workloads:
    accounts: [Old]
    ous:
      Prod: { accounts: [Shop Prod, Shop Prod 2] }
accounts:
  Management: { email: mgmt@example.com, id: "${MGMT}" }
  Shop Prod: { email: shop-prod@example.com }
  Shop Prod 2: { email: shop-prod-2@example.com }
  Old: { email: old@example.com }
identityCenter:
  users: { alice: { displayName: Alice, email: alice@example.com } }
  groups: { Developers: { members: [alice] } }
  permissionSets:
    Developer:
      sessionDuration: PT4H
      customerManagedPolicies: [{ name: extras }]
  customerManagedPolicies:
    extras:
      accounts:
        Shop Prod: { document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }] } }
        Management: { document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:ListBucket", Resource: "*" }] } }
  assignments:
    - { group: Developers, permissionSet: Developer, targets: [ou:Workloads] }
    - { user: alice, permissionSet: Developer, targets: [account:Management], until: 2026-11-01T00:00:00Z }
`;

const IC: SnapshotIdentityCenter = {
  instanceArn: 'arn:aws:sso:::instance/ssoins-1',
  identityStoreId: 'd-1',
  permissionSets: [
    permissionSet('arn:ps/dev', 'Developer', {
      sessionDuration: 'PT4H',
      customerManagedPolicies: [{ name: 'extras', path: '/' }],
    }),
  ],
  users: [{ id: 'u-alice', userName: 'alice', displayName: 'Alice', email: 'alice@example.com' }],
  groups: [{ id: 'g-dev', displayName: 'Developers', description: null, members: ['u-alice'] }],
  assignments: [
    {
      accountId: PROD,
      permissionSetArn: 'arn:ps/dev',
      permissionSetName: 'Developer',
      principalType: 'GROUP',
      principalId: 'g-dev',
      principalName: 'Developers',
    },
  ],
  provisioning: [{ accountId: PROD, permissionSetArn: 'arn:ps/dev', current: true }],
};

const LIVE = snapshot({
  ous: [
    ou('Workloads', 'ou-ab12-aaaaaaaa', ROOT),
    ou('Workloads/Prod', 'ou-ab12-bbbbbbbb', 'ou-ab12-aaaaaaaa'),
  ],
  accounts: [
    account(MGMT, 'Management', 'mgmt@example.com'),
    account(PROD, 'Shop Prod', 'shop-prod@example.com', 'ou-ab12-bbbbbbbb'),
    account('333333333333', 'Old', 'old@example.com', 'ou-ab12-aaaaaaaa', { state: 'SUSPENDED' }),
  ],
  identityCenter: IC,
});

describe('customer-managed policies in member accounts', () => {
  it('are placed where an assignment needs them and where an account has its own document', () => {
    const want = desired(FILE);
    const placements = accountPolicyPlacements(want, new LiveView(LIVE, want, MGMT), NOW);
    expect(
      placements.map((p) => [
        p.account.name,
        p.document === GRANTS_NOTHING ? 'nothing' : p.document,
        p.neededBy,
      ]),
    ).toEqual([
      // Not an OU target, and alice's assignment there has expired: only its own document puts it here.
      [
        'Management',
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}',
        [],
      ],
      ['Shop Prod', EXTRA, ['Developer']],
      // A new account under the OU gets the policy that grants nothing; the suspended one gets none.
      ['Shop Prod 2', 'nothing', ['Developer']],
    ]);
  });

  it('plans a write where the account lacks the policy or holds another document, before the assignments that need it', () => {
    const state: AccountPolicyState = {
      documents: { [`${PROD}|extras`]: EXTRA.replace('s3:GetObject', 's3:*'), [`${MGMT}|extras`]: null },
      unreadable: {},
    };
    const plan = makePlan(desired(FILE), LIVE, NOW, { callerAccountId: MGMT, accountPolicies: state });
    const ops = plan.operations.filter(
      (o) => o.kind === 'put-account-policy' || o.kind === 'create-assignment',
    );
    expect(ops.map((o) => `${o.impact} ${o.summary} <- [${o.dependsOn.join(', ')}]`)).toEqual([
      'create create IAM policy /extras in Management <- []',
      'update update IAM policy /extras in Shop Prod (for Developer) <- []',
      'create create IAM policy /extras in Shop Prod 2 (for Developer) <- [account:create:Shop Prod 2]',
      'create give group Developers Developer on Shop Prod 2 <- [account-policy:Shop Prod 2:extras, account:create:Shop Prod 2]',
    ]);
    const via = Object.fromEntries(
      plan.operations.flatMap((o) => (o.kind === 'put-account-policy' ? [[o.account.name, o.via]] : [])),
    );
    expect(via).toEqual({
      Management: 'caller',
      'Shop Prod': { roleName: 'OrganizationAccountAccessRole' },
      'Shop Prod 2': { roleName: 'OrganizationAccountAccessRole' },
    });
  });

  it('plans nothing where the documents match, however they are formatted', () => {
    const state: AccountPolicyState = {
      documents: {
        [`${PROD}|extras`]: JSON.stringify(JSON.parse(EXTRA), null, 2),
        [`${MGMT}|extras`]:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}',
      },
      unreadable: {},
    };
    const file = FILE.replace(
      'Prod: { accounts: [Shop Prod, Shop Prod 2] }',
      'Prod: { accounts: [Shop Prod] }',
    ).replace('  Shop Prod 2: { email: shop-prod-2@example.com }\n', '');
    const plan = makePlan(desired(file), LIVE, NOW, { callerAccountId: MGMT, accountPolicies: state });
    expect(plan.operations).toEqual([]);
  });

  it('says what it could not read, and writes there; without a read at all it plans none and says so', () => {
    const unreadable: AccountPolicyState = {
      documents: { [`${MGMT}|extras`]: null },
      unreadable: { [PROD]: 'sts:AssumeRole failed: AccessDenied' },
    };
    const plan = makePlan(desired(FILE), LIVE, NOW, { callerAccountId: MGMT, accountPolicies: unreadable });
    expect(plan.operations.find((o) => o.id === 'account-policy:Shop Prod:extras')?.summary).toBe(
      'update IAM policy /extras in Shop Prod (for Developer) (not readable; written if it differs)',
    );
    expect(plan.notes).toContain(
      'could not read the customer-managed policies in Shop Prod (sts:AssumeRole failed: AccessDenied); apply writes them',
    );
    const unread = makePlan(desired(FILE), LIVE, NOW, { callerAccountId: MGMT });
    expect(unread.operations.filter((o) => o.kind === 'put-account-policy')).toEqual([]);
    expect(
      unread.notes.some((n) => n.startsWith('customer-managed policies in member accounts were not read')),
    ).toBe(true);
  });

  it('warns where a referenced policy the file does not declare is missing, checking only new assignments', () => {
    // Shop Prod already has Developer (AWS found the policy then): it is not read again, whatever it says.
    expect(
      accountPolicyPlacements(
        desired(FILE.replace(/ {2}customerManagedPolicies:\n[\s\S]*?(?= {2}assignments:)/, '')),
        new LiveView(LIVE, desired(FILE), MGMT),
        NOW,
      ).map((p) => `${p.account.name} ${p.managed}`),
    ).toEqual(['Shop Prod 2 false']);
    const file = FILE.replace(/ {2}customerManagedPolicies:\n[\s\S]*?(?= {2}assignments:)/, '');
    const state: AccountPolicyState = { documents: { [`${PROD}|extras`]: null }, unreadable: {} };
    const plan = makePlan(desired(file), LIVE, NOW, { callerAccountId: MGMT, accountPolicies: state });
    expect(plan.operations.filter((o) => o.kind === 'put-account-policy')).toEqual([]);
    expect(plan.notes).toContain(
      'IAM policy /extras is missing in Shop Prod 2: assignments of the permission sets that reference it fail there until it exists (declare it under identityCenter.customerManagedPolicies and orgward creates it)',
    );
  });
});
