import { describe, expect, it } from 'vitest';
import type { IamAccountRead, IamUserRecord, RetireStep } from '../model/iam-users.js';
import { deleteSteps, planRetire, selectUsers, usedSince, type RetireOptions } from './retire.js';
import { classifiedIamUser } from './testing.js';

const DAY_MS = 86_400_000;
const NOW = new Date('2025-06-01T00:00:00.000Z');
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const PROD = { accountId: '111111111111', accountName: 'Prod' };
const DEV = { accountId: '222222222222', accountName: 'Dev' };
const MGMT = { accountId: '999999999999', accountName: 'Management' };

const ago = (days: number, extraMs = 0): string =>
  new Date(NOW.getTime() - days * DAY_MS - extraMs).toISOString();

/** A machine user in Prod, created a year ago, with nothing attached; override what the test is about. */
function user(overrides: Partial<IamUserRecord> = {}): IamUserRecord {
  return classifiedIamUser(
    'svc',
    ago(365),
    { kind: 'machine', lastActivity: null, reasons: ['keys only'] },
    overrides,
  );
}

function account(overrides: Partial<IamAccountRead> = {}): IamAccountRead {
  return {
    ...PROD,
    status: 'read',
    users: 0,
    credentialsFrom: 'credential-report',
    groups: [],
    adminRoles: [],
    ...overrides,
  };
}

const kind = (k: IamUserRecord['classification']['kind'], lastActivity: string | null = null) => ({
  classification: { kind: k, lastActivity, reasons: [] },
});

const options = (overrides: Partial<RetireOptions> = {}): RetireOptions => ({
  phase: 'deactivate',
  now: NOW,
  soakDays: 30,
  managementAccountId: MGMT.accountId,
  hasCounterpart: () => true,
  forceUnmatched: false,
  ...overrides,
});

const ACCOUNTS = [account(), account(DEV), account(MGMT)];

/** Plans the given users as picked, with `named` as `<accountId>/<name>` keys. */
const plan = (
  picked: IamUserRecord[],
  opts: Partial<RetireOptions> = {},
  named: string[] = [],
  all = picked,
) => planRetire(picked, all, ACCOUNTS, new Set(named), options(opts));

const names = (users: IamUserRecord[]) => users.map((u) => `${u.accountName}/${u.userName}`);

describe('selectUsers', () => {
  const prodAlice = user({ ...PROD, userName: 'alice', created: ago(400), ...kind('human', ago(10)) });
  const devAlice = user({ ...DEV, userName: 'alice', created: ago(400), ...kind('dormant', ago(200)) });
  const prodBob = user({ ...PROD, userName: 'bob', created: ago(120), ...kind('dormant', null) });
  const all = [prodAlice, devAlice, prodBob];
  const select = (s: Partial<Parameters<typeof selectUsers>[1]>) =>
    selectUsers(all, { users: [], accounts: [], dormantDays: undefined, ...s }, NOW);

  it('picks every user when nothing is selected, none named', () => {
    const r = select({});
    expect(names(r.picked)).toEqual(['Prod/alice', 'Dev/alice', 'Prod/bob']);
    expect([...r.named]).toEqual([]);
    expect(r.unknown).toEqual([]);
  });

  it('a bare name picks the user in every account and names each', () => {
    const r = select({ users: ['alice'] });
    expect(names(r.picked)).toEqual(['Prod/alice', 'Dev/alice']);
    expect([...r.named]).toEqual(['111111111111/alice', '222222222222/alice']);
    expect(r.unknown).toEqual([]);
  });

  it('<account>/<name> picks by account id or by account name', () => {
    expect(names(select({ users: ['111111111111/alice'] }).picked)).toEqual(['Prod/alice']);
    const byName = select({ users: ['Dev/alice'] });
    expect(names(byName.picked)).toEqual(['Dev/alice']);
    expect([...byName.named]).toEqual(['222222222222/alice']);
  });

  it('by account (id or name) picks all of its users, naming none', () => {
    expect(names(select({ accounts: ['Prod'] }).picked)).toEqual(['Prod/alice', 'Prod/bob']);
    const r = select({ accounts: ['222222222222'] });
    expect(names(r.picked)).toEqual(['Dev/alice']);
    expect([...r.named]).toEqual([]);
  });

  it('names and accounts together: both must match', () => {
    expect(names(select({ users: ['alice'], accounts: ['Dev'] }).picked)).toEqual(['Dev/alice']);
    expect(names(select({ users: ['bob'], accounts: ['Dev'] }).picked)).toEqual([]);
  });

  it('by dormant days: last activity (or creation when never used) at least that many days ago', () => {
    // Prod/alice used 10 days ago, Dev/alice 200 days ago, Prod/bob never (created 120 days ago).
    expect(names(select({ dormantDays: 90 }).picked)).toEqual(['Dev/alice', 'Prod/bob']);
    expect(names(select({ dormantDays: 150 }).picked)).toEqual(['Dev/alice']);
    // Exactly the number of days counts; one millisecond less does not.
    const edge = user({ userName: 'edge', ...kind('machine', ago(90)) });
    const fresh = user({ userName: 'fresh', ...kind('machine', ago(90, -1)) });
    const r = selectUsers([edge, fresh], { users: [], accounts: [], dormantDays: 90 }, NOW);
    expect(names(r.picked)).toEqual(['Prod/edge']);
  });

  it('reports names that match no user, in the order given', () => {
    const r = select({ users: ['carol', 'Prod/alice', 'Staging/alice', '333333333333/bob', 'Dev/bob'] });
    expect(r.unknown).toEqual(['carol', 'Staging/alice', '333333333333/bob', 'Dev/bob']);
    expect(names(r.picked)).toEqual(['Prod/alice']);
  });
});

describe('planRetire: refusals', () => {
  it('refuses a user of the management account unless named', () => {
    const ops = user({ ...MGMT, userName: 'ops' });
    expect(plan([ops]).refused).toEqual([
      {
        ...MGMT,
        userName: 'ops',
        reason: 'in the management account',
        fix: 'name it to retire it: --user Management/ops',
      },
    ]);
    const named = plan([ops], {}, ['999999999999/ops']);
    expect(named.refused).toEqual([]);
    expect(named.users.map((u) => u.userName)).toEqual(['ops']);
  });

  it('refuses a break-glass user unless named', () => {
    const bg = user({ userName: 'break-glass', ...kind('break-glass') });
    expect(plan([bg]).refused).toEqual([
      {
        ...PROD,
        userName: 'break-glass',
        reason: 'a break-glass candidate',
        fix: 'decide with its owners; name it to retire it anyway: --user Prod/break-glass',
      },
    ]);
    expect(plan([bg], {}, ['111111111111/break-glass']).users.map((u) => u.kind)).toEqual(['break-glass']);
  });

  it('refuses a human without an Identity Center counterpart unless forceUnmatched', () => {
    const alice = user({ userName: 'alice', ...kind('human') });
    const refusedPlan = plan([alice], { hasCounterpart: () => false });
    expect(refusedPlan.users).toEqual([]);
    expect(refusedPlan.refused).toEqual([
      {
        ...PROD,
        userName: 'alice',
        reason: 'no Identity Center user to move to',
        fix: 'create and assign its Identity Center user first (orgward iam-users plan --to-identity-center), or --force-unmatched',
      },
    ]);
    expect(plan([alice], { hasCounterpart: () => false, forceUnmatched: true }).refused).toEqual([]);
    expect(plan([alice], { hasCounterpart: (u) => u.userName === 'alice' }).refused).toEqual([]);
    // Only humans need a counterpart.
    expect(plan([user({ userName: 'ci' })], { hasCounterpart: () => false }).refused).toEqual([]);
  });

  const lastAdmin = {
    reason: 'the last administrator path of its account',
    fix: 'give the account another administrator (an Identity Center assignment or a role with AdministratorAccess) first',
  };
  const attachedAdmin = { attachedPolicies: [{ name: 'AdministratorAccess', arn: ADMIN }] };

  it('refuses the last administrator path of an account (policy attached to the user)', () => {
    const admin = user({ userName: 'admin', ...attachedAdmin });
    expect(plan([admin]).refused).toEqual([{ ...PROD, userName: 'admin', ...lastAdmin }]);
  });

  it('refuses the last administrator path held through an IAM group of the account', () => {
    const admin = user({ userName: 'admin', groups: ['Admins'] });
    const accounts = [
      account({
        groups: [
          {
            name: 'Admins',
            path: '/',
            attachedPolicies: [{ name: 'AdministratorAccess', arn: ADMIN }],
            inlinePolicies: [],
          },
        ],
      }),
    ];
    const p = planRetire([admin], [admin], accounts, new Set(), options());
    expect(p.refused).toEqual([{ ...PROD, userName: 'admin', ...lastAdmin }]);
  });

  it('lets an administrator go when a role or another (staying) administrator user remains', () => {
    const admin = user({ userName: 'admin', ...attachedAdmin });
    const withRole = planRetire(
      [admin],
      [admin],
      [account({ adminRoles: ['AWSReservedSSO_Admin_0123'] })],
      new Set(),
      options(),
    );
    expect(withRole.refused).toEqual([]);
    // Another administrator counts when someone can still use it (a password or an active key).
    const other = user({
      userName: 'other-admin',
      ...attachedAdmin,
      password: { enabled: true, lastUsed: null },
    });
    expect(plan([admin], {}, [], [admin, other]).refused).toEqual([]);
    const unusable = user({ userName: 'other-admin', ...attachedAdmin });
    expect(plan([admin], {}, [], [admin, unusable]).refused).toEqual([
      { ...PROD, userName: 'admin', ...lastAdmin },
    ]);
    // An administrator in another account does not count.
    const elsewhere = user({ ...DEV, userName: 'dev-admin', ...attachedAdmin });
    expect(plan([admin], {}, [], [admin, elsewhere]).refused).toEqual([
      { ...PROD, userName: 'admin', ...lastAdmin },
    ]);
  });

  it('refuses both administrators when both are picked and nothing else administers the account', () => {
    const a = user({ userName: 'admin-a', ...attachedAdmin });
    const b = user({ userName: 'admin-b', ...attachedAdmin });
    const p = plan([a, b]);
    expect(p.users).toEqual([]);
    expect(p.refused).toEqual([
      { ...PROD, userName: 'admin-a', ...lastAdmin },
      { ...PROD, userName: 'admin-b', ...lastAdmin },
    ]);
  });

  it('delete: refuses a user not deactivated by orgward', () => {
    expect(plan([user()], { phase: 'delete' }).refused).toEqual([
      {
        ...PROD,
        userName: 'svc',
        reason: 'not deactivated by orgward',
        fix: 'run the deactivate phase first: orgward iam-users retire --user Prod/svc --phase deactivate',
      },
    ]);
  });

  const deactivatedAt = '2025-04-01T00:00:00.000Z';
  const used = {
    reason: '',
    fix: 'find who still uses it and move them first; then deactivate again',
  };

  it('delete: refuses a user whose key was used after deactivation', () => {
    const u = user({
      deactivation: { at: deactivatedAt, keys: ['AKIA1'], password: false },
      accessKeys: [
        {
          id: 'AKIA1',
          status: 'Inactive',
          created: ago(400),
          lastUsed: { date: '2025-04-10T03:00:00.000Z', service: 's3', region: 'eu-west-1' },
        },
      ],
    });
    expect(plan([u], { phase: 'delete' }).refused).toEqual([
      {
        ...PROD,
        userName: 'svc',
        ...used,
        reason: 'key AKIA1 was used by s3 on 2025-04-10, after it was deactivated',
      },
    ]);
  });

  it('delete: refuses a user whose deactivated key was turned back on', () => {
    const u = user({
      deactivation: { at: deactivatedAt, keys: ['AKIA1'], password: false },
      accessKeys: [{ id: 'AKIA1', status: 'Active', created: ago(400), lastUsed: null }],
    });
    expect(plan([u], { phase: 'delete' }).refused).toEqual([
      { ...PROD, userName: 'svc', ...used, reason: 'key AKIA1 was turned back on after it was deactivated' },
    ]);
  });

  it('delete: refuses a user whose console password was used after deactivation', () => {
    const u = user({
      deactivation: { at: deactivatedAt, keys: [], password: true },
      password: { enabled: false, lastUsed: '2025-04-02T00:00:00.000Z' },
    });
    expect(plan([u], { phase: 'delete' }).refused).toEqual([
      {
        ...PROD,
        userName: 'svc',
        ...used,
        reason: 'the console password was used on 2025-04-02, after deactivation',
      },
    ]);
  });

  it('delete: refuses until the soak period is over, then plans the deletion', () => {
    const u = user({ deactivation: { at: '2025-05-20T00:00:00.000Z', keys: [], password: false } });
    expect(plan([u], { phase: 'delete', soakDays: 30 }).refused).toEqual([
      {
        ...PROD,
        userName: 'svc',
        reason: 'in its soak period until 2025-06-19 (deactivated 2025-05-20)',
        fix: 'wait, or shorten it with --soak-days',
      },
    ]);
    // The soak ends exactly 12 days after: at that instant the deletion is planned.
    const atEnd = plan([u], { phase: 'delete', soakDays: 12 });
    expect(atEnd.refused).toEqual([]);
    expect(atEnd.users[0]!.steps).toEqual([
      { kind: 'check-unused-since', since: '2025-05-20T00:00:00.000Z' },
      { kind: 'delete-user' },
    ]);
  });
});

describe('planRetire: deactivate', () => {
  it('deactivates the active keys, removes the password, and tags what it did', () => {
    const u = user({
      password: { enabled: true, lastUsed: null },
      accessKeys: [
        { id: 'AKIAB', status: 'Active', created: ago(400), lastUsed: null },
        { id: 'AKIAOLD', status: 'Inactive', created: ago(900), lastUsed: null },
        { id: 'AKIAA', status: 'Active', created: ago(300), lastUsed: null },
      ],
    });
    const p = plan([u]);
    expect(p).toEqual({
      phase: 'deactivate',
      createdAt: '2025-06-01T00:00:00.000Z',
      refused: [],
      users: [
        {
          ...PROD,
          userName: 'svc',
          kind: 'machine',
          steps: [
            { kind: 'deactivate-key', keyId: 'AKIAB' },
            { kind: 'deactivate-key', keyId: 'AKIAA' },
            { kind: 'delete-login-profile' },
            {
              kind: 'tag-deactivation',
              at: '2025-06-01T00:00:00.000Z',
              keys: ['AKIAA', 'AKIAB'],
              password: true,
            },
          ],
        },
      ],
    });
  });

  it('a re-run keeps the original deactivation time and merges the key ids', () => {
    const u = user({
      // The first run deactivated AKIAB and AKIAZ and removed the password; a new key AKIAC appeared since.
      deactivation: { at: '2025-05-01T00:00:00.000Z', keys: ['AKIAZ', 'AKIAB'], password: true },
      password: { enabled: false, lastUsed: null },
      accessKeys: [
        { id: 'AKIAB', status: 'Inactive', created: ago(400), lastUsed: null },
        { id: 'AKIAC', status: 'Active', created: ago(5), lastUsed: null },
      ],
    });
    expect(plan([u]).users[0]!.steps).toEqual([
      { kind: 'deactivate-key', keyId: 'AKIAC' },
      {
        kind: 'tag-deactivation',
        at: '2025-05-01T00:00:00.000Z',
        keys: ['AKIAB', 'AKIAC', 'AKIAZ'],
        password: true,
      },
    ]);
  });

  it('a user with nothing active only gets the tag', () => {
    expect(plan([user()]).users[0]!.steps).toEqual([
      { kind: 'tag-deactivation', at: '2025-06-01T00:00:00.000Z', keys: [], password: false },
    ]);
  });
});

describe('deleteSteps', () => {
  it('deletes everything in the IAM API order, ending with the user', () => {
    const u = user({
      password: { enabled: true, lastUsed: null },
      accessKeys: [
        { id: 'AKIA1', status: 'Inactive', created: ago(400), lastUsed: null },
        { id: 'AKIA2', status: 'Active', created: ago(300), lastUsed: null },
      ],
      mfa: [
        { serial: 'arn:aws:iam::111111111111:mfa/svc-phone', virtual: true },
        { serial: 'GAHT12345678', virtual: false },
      ],
      signingCertificates: [{ id: 'CERT1', status: 'Active' }],
      sshPublicKeys: [{ id: 'APKA1', status: 'Active' }],
      serviceSpecificCredentials: [{ id: 'ACCA1', status: 'Active', service: 'codecommit.amazonaws.com' }],
      groups: ['Developers', 'Readers'],
      inlinePolicies: [{ name: 'extra', document: '{"Version":"2012-10-17","Statement":[]}' }],
      attachedPolicies: [
        { name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
        { name: 'Team', arn: 'arn:aws:iam::111111111111:policy/Team' },
      ],
      permissionsBoundary: 'arn:aws:iam::111111111111:policy/Boundary',
    });
    const expected: RetireStep[] = [
      { kind: 'check-unused-since', since: '2025-04-01T00:00:00.000Z' },
      { kind: 'delete-key', keyId: 'AKIA1' },
      { kind: 'delete-key', keyId: 'AKIA2' },
      { kind: 'delete-login-profile' },
      { kind: 'deactivate-mfa', serial: 'arn:aws:iam::111111111111:mfa/svc-phone', virtual: true },
      { kind: 'deactivate-mfa', serial: 'GAHT12345678', virtual: false },
      { kind: 'delete-signing-certificate', id: 'CERT1' },
      { kind: 'delete-ssh-key', id: 'APKA1' },
      { kind: 'delete-service-credential', id: 'ACCA1' },
      { kind: 'remove-from-group', group: 'Developers' },
      { kind: 'remove-from-group', group: 'Readers' },
      { kind: 'delete-inline-policy', name: 'extra' },
      { kind: 'detach-policy', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      { kind: 'detach-policy', arn: 'arn:aws:iam::111111111111:policy/Team' },
      { kind: 'delete-boundary' },
      { kind: 'delete-user' },
    ];
    expect(deleteSteps(u, '2025-04-01T00:00:00.000Z')).toEqual(expected);
  });

  it('the delete phase plans these steps since the deactivation time', () => {
    const u = user({
      deactivation: { at: '2025-04-01T00:00:00.000Z', keys: ['AKIA1'], password: false },
      accessKeys: [{ id: 'AKIA1', status: 'Inactive', created: ago(400), lastUsed: null }],
      groups: ['Readers'],
    });
    expect(plan([u], { phase: 'delete' }).users[0]!.steps).toEqual([
      { kind: 'check-unused-since', since: '2025-04-01T00:00:00.000Z' },
      { kind: 'delete-key', keyId: 'AKIA1' },
      { kind: 'remove-from-group', group: 'Readers' },
      { kind: 'delete-user' },
    ]);
  });
});

describe('usedSince', () => {
  const since = '2025-04-01T00:00:00.000Z';
  it('names an active key orgward never deactivated (a key added after the deactivation)', () => {
    const u = user({
      deactivation: { at: since, keys: [], password: false },
      accessKeys: [{ id: 'AKIA9', status: 'Active', created: ago(1), lastUsed: null }],
    });
    expect(usedSince(u, since)).toBe('key AKIA9 is active and was not deactivated by orgward');
    expect(
      usedSince(
        user({
          deactivation: { at: since, keys: [], password: true },
          password: { enabled: true, lastUsed: null },
        }),
        since,
      ),
    ).toBe('it has a console password again');
  });

  it('is undefined for use at or before the deactivation, or an inactive key', () => {
    const u = user({
      deactivation: { at: since, keys: ['AKIA1'], password: true },
      password: { enabled: false, lastUsed: since },
      accessKeys: [
        {
          id: 'AKIA1',
          status: 'Inactive',
          created: ago(400),
          lastUsed: { date: since, service: 's3', region: 'eu-west-1' },
        },
        { id: 'AKIA2', status: 'Inactive', created: ago(400), lastUsed: null },
      ],
    });
    expect(usedSince(u, since)).toBeUndefined();
  });
});

describe('planRetire: rollback', () => {
  it('reactivates only the deactivated keys that still exist, then untags', () => {
    const u = user({
      deactivation: { at: '2025-05-01T00:00:00.000Z', keys: ['AKIA1', 'AKIAGONE', 'AKIA3'], password: true },
      accessKeys: [
        { id: 'AKIA1', status: 'Inactive', created: ago(400), lastUsed: null },
        { id: 'AKIA2', status: 'Inactive', created: ago(400), lastUsed: null },
        { id: 'AKIA3', status: 'Inactive', created: ago(400), lastUsed: null },
      ],
    });
    expect(plan([u], { phase: 'rollback' }).users[0]!.steps).toEqual([
      { kind: 'reactivate-key', keyId: 'AKIA1' },
      { kind: 'reactivate-key', keyId: 'AKIA3' },
      { kind: 'untag-deactivation' },
    ]);
  });

  it('is not subject to the retirement refusals (management account, break-glass, last admin)', () => {
    const u = user({
      ...MGMT,
      userName: 'break-glass',
      ...kind('break-glass'),
      attachedPolicies: [{ name: 'AdministratorAccess', arn: ADMIN }],
      deactivation: { at: '2025-05-01T00:00:00.000Z', keys: [], password: true },
    });
    const p = plan([u], { phase: 'rollback' });
    expect(p.refused).toEqual([]);
    expect(p.users[0]!.steps).toEqual([{ kind: 'untag-deactivation' }]);
  });

  it('refuses a user orgward did not deactivate', () => {
    expect(plan([user()], { phase: 'rollback' }).refused.map((r) => r.reason)).toEqual([
      'not deactivated by orgward',
    ]);
  });
});

describe('planRetire: administrator paths across runs', () => {
  // BUG: the "last administrator path" check counts every administrator user that is not picked in
  // this run as a path that stays, including users an earlier run already deactivated (keys inactive,
  // console password removed). Deactivating admin-a in one run and admin-b in the next leaves the
  // account with no working administrator, and neither run refuses.
  it('does not count an administrator already deactivated by orgward as a remaining path', () => {
    const admin = { attachedPolicies: [{ name: 'AdministratorAccess', arn: ADMIN }] };
    const a = user({
      userName: 'admin-a',
      ...admin,
      deactivation: { at: '2025-05-01T00:00:00.000Z', keys: ['AKIAA'], password: true },
      accessKeys: [{ id: 'AKIAA', status: 'Inactive', created: ago(400), lastUsed: null }],
    });
    const b = user({
      userName: 'admin-b',
      ...admin,
      password: { enabled: true, lastUsed: ago(1) },
    });
    expect(plan([b], {}, [], [a, b]).refused).toEqual([
      {
        ...PROD,
        userName: 'admin-b',
        reason: 'the last administrator path of its account',
        fix: 'give the account another administrator (an Identity Center assignment or a role with AdministratorAccess) first',
      },
    ]);
  });
});
