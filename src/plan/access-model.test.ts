/** Access as org.yaml will make it (accessModelFromDesired) and the live model annotated from the file. */
import { describe, expect, it } from 'vitest';
import type { AccessAssignment } from '../access/model.js';
import type { SnapshotIdentityCenter } from '../model/snapshot.js';
import { accessModelFromDesired, annotateFromDesired } from './access-model.js';
import { account, desiredFrom, MGMT, ou, permissionSet, ROOT, snapshot } from './testing/builders.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const PROD = '222222222222';
const DEV = '333333333333';
const OU_W = 'ou-ab12-wwwwwwww';
const OU_P = 'ou-ab12-pppppppp';
const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

const IC: SnapshotIdentityCenter = {
  instanceArn: 'arn:aws:sso:::instance/ssoins-1',
  identityStoreId: 'd-1',
  permissionSets: [permissionSet('arn:ps/dev', 'Developer', { inlinePolicy: doc('s3:ListBucket') })],
  users: [
    { id: 'u-alice', userName: 'alice', displayName: 'Alice (live)', email: null },
    { id: 'u-zed', userName: 'zed', displayName: 'Zed', email: null },
  ],
  groups: [{ id: 'g-dev', displayName: 'Developers', description: null, members: ['u-alice'] }],
  assignments: [
    {
      accountId: PROD,
      permissionSetArn: 'arn:ps/dev',
      permissionSetName: 'Developer',
      principalType: 'USER',
      principalId: 'u-alice',
      principalName: 'alice',
    },
    {
      accountId: DEV,
      permissionSetArn: 'arn:ps/dev',
      permissionSetName: 'Developer',
      principalType: 'GROUP',
      principalId: 'g-dev',
      principalName: 'Developers',
    },
    {
      accountId: PROD,
      permissionSetArn: 'arn:ps/dev',
      permissionSetName: 'Developer',
      principalType: 'USER',
      principalId: 'u-zed',
      principalName: 'zed',
    },
  ],
  provisioning: [],
};

const LIVE = snapshot({
  ous: [ou('Workloads', OU_W, ROOT), ou('Workloads/Prod', OU_P, OU_W)],
  accounts: [
    account(MGMT, 'Management', 'mgmt@example.com'),
    account(PROD, 'Shop Prod', 'prod@example.com', OU_P),
    account(DEV, 'Shop Dev', 'dev@example.com', OU_W),
  ],
  identityCenter: IC,
});

const FILE = desiredFrom(`
ous:
  Workloads:
    accounts: [Shop Dev]
    ous:
      Prod: { accounts: [Shop Prod, Shop New] }
accounts:
  Management: { email: mgmt@example.com, id: "${MGMT}" }
  Shop Prod: { email: prod@example.com }
  Shop Dev: { email: dev@example.com }
  Shop New: { email: new@example.com }
identityCenter:
  users:
    alice: { displayName: Alice, email: alice@example.com }
    bob: { displayName: Bob }
  groups:
    Developers: { members: [alice, bob] }
  permissionSets:
    Developer:
      inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "dynamodb:*", Resource: "*" }] }
      customerManagedPolicies: [{ name: extras, path: / }]
  customerManagedPolicies:
    extras:
      document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }] }
      accounts:
        Shop Prod: { document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:PutObject", Resource: "*" }] } }
  assignments:
    - { group: Developers, permissionSet: Developer, targets: [ou:Workloads] }
    - { user: alice, permissionSet: Developer, targets: [account:Shop Prod], until: 2026-12-31T00:00:00Z }
    - { user: bob, permissionSet: Developer, targets: [root], until: 2026-11-01T00:00:00Z }
`);

const DOCS = {
  awsManaged: {},
  customerManaged: { [`${DEV}|extras`]: doc('ec2:*'), [`${MGMT}|other`]: null },
};

const short = (a: AccessAssignment) =>
  [a.accountId, a.permissionSet, a.principalType, a.principalName, a.until ?? '', a.origin ?? ''].join('|');

describe('accessModelFromDesired', () => {
  const model = accessModelFromDesired(LIVE, FILE, DOCS, NOW);
  const ic = model.identityCenter!;

  it('expands OU targets to the live accounts under them, with their origin and until', () => {
    expect(ic.assignments.map(short)).toEqual([
      `${PROD}|Developer|GROUP|Developers||ou:Workloads`,
      `${DEV}|Developer|GROUP|Developers||ou:Workloads`,
      `${PROD}|Developer|USER|alice|2026-12-31T00:00:00Z|account:Shop Prod`,
    ]);
  });

  it('leaves out an assignment whose until has passed', () => {
    expect(ic.assignments.some((a) => a.principalName === 'bob')).toBe(false);
  });

  it('takes permission sets, users and groups from the file over the live ones', () => {
    expect(ic.permissionSets).toEqual([
      {
        name: 'Developer',
        inlinePolicy: doc('dynamodb:*'),
        managedPolicies: [],
        customerManagedPolicies: [{ name: 'extras', path: '/' }],
        boundary: null,
        sessionDuration: 'PT1H',
      },
    ]);
    expect(ic.users).toEqual([
      { userName: 'alice', displayName: 'Alice', email: 'alice@example.com' },
      { userName: 'zed', displayName: 'Zed', email: null },
      { userName: 'bob', displayName: 'Bob', email: null },
    ]);
    expect(ic.groups).toEqual([{ displayName: 'Developers', members: ['alice', 'bob'] }]);
    expect(ic.portal).toEqual({ startUrl: 'https://d-1.awsapps.com/start', region: 'us-east-1' });
  });

  it('places the file’s customer-managed documents in each live account, an account’s own first', () => {
    expect(model.documents.customerManaged).toEqual({
      [`${PROD}|extras`]: doc('s3:PutObject'),
      [`${DEV}|extras`]: doc('s3:GetObject'),
      [`${MGMT}|extras`]: doc('s3:GetObject'),
      [`${MGMT}|other`]: null,
    });
    expect(DOCS.customerManaged[`${DEV}|extras`]).toBe(doc('ec2:*'));
  });

  it('keeps the live model where the file has no identityCenter', () => {
    const bare = desiredFrom(`accounts:\n  Management: { email: mgmt@example.com, id: "${MGMT}" }\n`);
    const m = accessModelFromDesired(LIVE, bare, DOCS, NOW);
    expect(m.identityCenter!.assignments.map(short)).toEqual([
      `${PROD}|Developer|USER|alice||`,
      `${DEV}|Developer|GROUP|Developers||`,
      `${PROD}|Developer|USER|zed||`,
    ]);
    expect(m.identityCenter!.permissionSets[0]!.inlinePolicy).toBe(doc('s3:ListBucket'));
  });
});

describe('annotateFromDesired', () => {
  it('copies until and origin onto the live assignments the file also has, and leaves the others', () => {
    const live = accessModelFromDesired(LIVE, desiredFrom('accounts: {}\n'), DOCS, NOW);
    const annotated = annotateFromDesired(live, LIVE, FILE, NOW);
    expect(annotated.identityCenter!.assignments.map(short)).toEqual([
      `${PROD}|Developer|USER|alice|2026-12-31T00:00:00Z|account:Shop Prod`,
      `${DEV}|Developer|GROUP|Developers||ou:Workloads`,
      `${PROD}|Developer|USER|zed||`,
    ]);
    // Only the assignments change: the live permission sets and documents stay.
    expect(annotated.identityCenter!.permissionSets).toEqual(live.identityCenter!.permissionSets);
    expect(annotated.documents).toBe(live.documents);
  });

  it('returns a model without Identity Center as it is', () => {
    const none = { ...accessModelFromDesired(LIVE, FILE, DOCS, NOW), identityCenter: null };
    expect(annotateFromDesired(none, LIVE, FILE, NOW)).toBe(none);
  });
});
