/** One describe per section of the Identity Center diff: a small file and instance, the exact operations. */
import { describe, expect, it } from 'vitest';
import type { SnapshotAssignment, SnapshotIdentityCenter } from '../model/snapshot.js';
import { PlanBuilder } from './builder.js';
import {
  collectWantedAssignments,
  createAssignments,
  deleteUnwantedAssignments,
  diffGroup,
  diffGroupMembers,
  diffIdentityCenter,
  diffPermissionSet,
  diffUsers,
  icDiffContext,
  provisionPermissionSets,
  pruneGroups,
  prunePermissionSets,
  pruneUsers,
  type IcDiff,
} from './diff-identity-center.js';
import { LiveView } from './live.js';
import type { Operation } from './operations.js';
import { account, desiredFrom, MGMT, ou, permissionSet, ROOT, snapshot } from './testing/builders.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const PROD = '222222222222';
const DEV = '333333333333';
const OU_W = 'ou-ab12-aaaaaaaa';
const POWER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const READ = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

const ACCOUNTS = `
ous: { Workloads: { accounts: [Prod, Dev, New] } }
accounts:
  Management: { email: mgmt@example.com, id: "${MGMT}" }
  Prod: { email: prod@example.com }
  Dev: { email: dev@example.com }
  New: { email: new@example.com }
`;

function assignment(
  permissionSetArn: string,
  principalType: 'USER' | 'GROUP',
  principal: string,
  accountId: string,
): SnapshotAssignment {
  return {
    accountId,
    permissionSetArn,
    permissionSetName: 'x',
    principalType,
    principalId: `${principalType === 'USER' ? 'u' : 'g'}-${principal}`,
    principalName: principal,
  };
}

function instance(parts: Partial<SnapshotIdentityCenter> = {}): SnapshotIdentityCenter {
  return {
    instanceArn: 'arn:aws:sso:::instance/ssoins-1',
    identityStoreId: 'd-1',
    permissionSets: [],
    users: [],
    groups: [],
    assignments: [],
    provisioning: [],
    ...parts,
  };
}

function setup(
  identityCenter: string,
  ic: SnapshotIdentityCenter,
  policyWaits: (ps: string, account: string) => string[] = () => [],
  prune = '',
): { ctx: IcDiff; b: PlanBuilder } {
  const desired = desiredFrom(`${ACCOUNTS}identityCenter:\n${identityCenter}\n${prune}`);
  const live = snapshot({
    ous: [ou('Workloads', OU_W, ROOT)],
    accounts: [
      account(MGMT, 'Management', 'mgmt@example.com'),
      account(PROD, 'Prod', 'prod@example.com', OU_W),
      account(DEV, 'Dev', 'dev@example.com', OU_W),
    ],
    identityCenter: ic,
  });
  const b = new PlanBuilder();
  const view = new LiveView(live, desired, MGMT);
  return { ctx: icDiffContext(b, desired, desired.identityCenter!, ic, view, NOW, policyWaits), b };
}

const lines = (b: PlanBuilder) => b.operations.map((op) => `${op.id} <- [${op.dependsOn.join(', ')}]`);
const op = (b: PlanBuilder, id: string): Operation => b.operations.find((o) => o.id === id)!;

const ALICE = { id: 'u-alice', userName: 'alice', displayName: 'Alice', email: 'alice@example.com' };
const BOB = { id: 'u-bob', userName: 'bob', displayName: 'Bob', email: null };

describe('diffUsers', () => {
  it('creates missing users and updates those whose display name or email differ', () => {
    const { ctx, b } = setup(
      `  users:
    alice: { displayName: Alice Smith, email: alice@example.com }
    bob: { displayName: Bob }
    carol: { displayName: Carol, email: carol@example.com, givenName: Carol, familyName: Jones }
`,
      instance({ users: [ALICE, BOB] }),
    );
    diffUsers(ctx);
    expect(lines(b)).toEqual(['user:update:alice <- []', 'user:create:carol <- []']);
    expect(op(b, 'user:update:alice')).toMatchObject({
      kind: 'update-user',
      user: { type: 'USER', name: 'alice', id: 'u-alice' },
      displayName: 'Alice Smith',
      email: 'alice@example.com',
      impact: 'update',
    });
    expect(op(b, 'user:create:carol')).toEqual({
      id: 'user:create:carol',
      dependsOn: [],
      kind: 'create-user',
      user: { type: 'USER', name: 'carol' },
      displayName: 'Carol',
      email: 'carol@example.com',
      givenName: 'Carol',
      familyName: 'Jones',
      impact: 'create',
      summary: 'create user carol <carol@example.com>',
    });
  });
});

describe('diffGroup', () => {
  it('creates a missing group, then adds its members after the group and new users exist', () => {
    const { ctx, b } = setup(
      `  users: { alice: { displayName: Alice, email: alice@example.com }, carol: { displayName: Carol } }
  groups: { Ops: { description: on call, members: [carol, alice] } }
`,
      instance({ users: [ALICE] }),
    );
    diffGroup(ctx, ctx.want.groups[0]!);
    expect(lines(b)).toEqual([
      'group:create:Ops <- []',
      // Members in the file's (normalized, sorted) order.
      'group:member:Ops:alice <- [group:create:Ops]',
      'group:member:Ops:carol <- [group:create:Ops, user:create:carol]',
    ]);
    expect(op(b, 'group:create:Ops')).toMatchObject({
      kind: 'create-group',
      group: { type: 'GROUP', name: 'Ops' },
      description: 'on call',
    });
    expect(op(b, 'group:member:Ops:alice')).toMatchObject({
      group: { name: 'Ops' },
      user: { type: 'USER', name: 'alice', id: 'u-alice' },
    });
  });
});

describe('diffGroupMembers', () => {
  it('adds the file’s missing members, then removes the others in live order (unknown ids by id)', () => {
    const group = {
      id: 'g-dev',
      displayName: 'Developers',
      description: null,
      members: ['u-alice', 'u-gone'],
    };
    const { ctx, b } = setup(
      `  users: { alice: { displayName: Alice, email: alice@example.com }, bob: { displayName: Bob } }
  groups: { Developers: { members: [bob] } }
`,
      instance({ users: [ALICE, BOB], groups: [group] }),
    );
    diffGroupMembers(ctx, ctx.want.groups[0]!, group);
    expect(lines(b)).toEqual([
      'group:member:Developers:bob <- []',
      'group:member-remove:Developers:alice <- []',
      'group:member-remove:Developers:u-gone <- []',
    ]);
    expect(op(b, 'group:member-remove:Developers:alice')).toMatchObject({
      kind: 'remove-group-member',
      group: { type: 'GROUP', name: 'Developers', id: 'g-dev' },
      user: { type: 'USER', name: 'alice', id: 'u-alice' },
      impact: 'delete',
    });
    expect(op(b, 'group:member-remove:Developers:u-gone')).toMatchObject({ user: { name: 'u-gone' } });
  });
});

describe('diffPermissionSet', () => {
  it('creates a new set, its policies after it; assignments wait for all of them; nothing to provision', () => {
    const { ctx, b } = setup(
      `  permissionSets:
    Ops: { description: operators, sessionDuration: PT2H, managedPolicies: [${READ}], tags: { t: v } }
`,
      instance(),
    );
    diffPermissionSet(ctx, ctx.want.permissionSets[0]!);
    expect(lines(b)).toEqual([
      'permission-set:create:Ops <- []',
      `permission-set:managed:Ops:${READ} <- [permission-set:create:Ops]`,
    ]);
    expect(op(b, 'permission-set:create:Ops')).toMatchObject({
      kind: 'create-permission-set',
      permissionSet: { name: 'Ops' },
      description: 'operators',
      sessionDuration: 'PT2H',
      tags: { t: 'v' },
      summary: 'create permission set Ops (session PT2H)',
    });
    expect(ctx.psReady.get('Ops')).toEqual([
      'permission-set:create:Ops',
      `permission-set:managed:Ops:${READ}`,
    ]);
    expect(ctx.provisioningWork).toEqual([]);
  });

  it('updates a live set whose settings differ and records the changes for provisioning', () => {
    const have = permissionSet('arn:ps/dev', 'Developer', { managedPolicies: [POWER] });
    const { ctx, b } = setup(
      `  permissionSets:\n    Developer: { sessionDuration: PT4H, managedPolicies: [${POWER}, ${READ}] }\n`,
      instance({ permissionSets: [have] }),
    );
    diffPermissionSet(ctx, ctx.want.permissionSets[0]!);
    const changes = ['permission-set:update:Developer', `permission-set:managed:Developer:${READ}`];
    expect(lines(b)).toEqual(changes.map((id) => `${id} <- []`));
    expect(op(b, 'permission-set:update:Developer')).toMatchObject({
      kind: 'update-permission-set',
      permissionSet: { name: 'Developer', arn: 'arn:ps/dev' },
      sessionDuration: 'PT4H',
    });
    expect(ctx.psReady.get('Developer')).toEqual(changes);
    expect(ctx.provisioningWork).toEqual([
      { ps: ctx.want.permissionSets[0], have, ref: { name: 'Developer', arn: 'arn:ps/dev' }, changes },
    ]);
  });
});

const DEVELOPER = `  users: { alice: { displayName: Alice, email: alice@example.com } }
  groups: { Developers: { members: [alice] } }
  permissionSets: { Developer: { sessionDuration: PT1H } }
`;
const DEV_IC = (
  assignments: SnapshotAssignment[],
  provisioning: SnapshotIdentityCenter['provisioning'] = [],
) =>
  instance({
    users: [ALICE],
    groups: [{ id: 'g-Developers', displayName: 'Developers', description: null, members: ['u-alice'] }],
    permissionSets: [permissionSet('arn:ps/dev', 'Developer')],
    assignments,
    provisioning,
  });

describe('collectWantedAssignments', () => {
  it('expands OU targets to active member accounts (new ones wait for their creation) and skips expired ones', () => {
    const { ctx, b } = setup(
      `${DEVELOPER}  assignments:
    - { group: Developers, permissionSet: Developer, targets: [ou:Workloads] }
    - { user: alice, permissionSet: Developer, targets: [account:Management], until: 2026-11-01T00:00:00Z }
    - { user: alice, permissionSet: Developer, targets: [account:Management], until: 2026-12-01T00:00:00Z }
`,
      DEV_IC([]),
    );
    collectWantedAssignments(ctx);
    expect(b.operations).toEqual([]);
    const group = { type: 'GROUP', name: 'Developers', id: 'g-Developers' };
    expect([...ctx.wanted]).toEqual([
      [
        'Developer|GROUP|Developers|Prod',
        { ps: 'Developer', principal: group, account: { name: 'Prod', id: PROD }, accountDep: undefined },
      ],
      [
        'Developer|GROUP|Developers|Dev',
        { ps: 'Developer', principal: group, account: { name: 'Dev', id: DEV }, accountDep: undefined },
      ],
      [
        'Developer|GROUP|Developers|New',
        { ps: 'Developer', principal: group, account: { name: 'New' }, accountDep: 'account:create:New' },
      ],
      [
        'Developer|USER|alice|Management',
        {
          ps: 'Developer',
          principal: { type: 'USER', name: 'alice', id: 'u-alice' },
          account: { name: 'Management', id: MGMT },
          accountDep: undefined,
        },
      ],
    ]);
  });
});

describe('deleteUnwantedAssignments', () => {
  const LIVE = [
    assignment('arn:ps/dev', 'GROUP', 'Developers', PROD),
    assignment('arn:ps/dev', 'USER', 'alice', MGMT),
    assignment('arn:ps/dev', 'GROUP', 'Developers', DEV),
  ];
  const FILE = `${DEVELOPER}  assignments:
    - { group: Developers, permissionSet: Developer, targets: [account:Prod] }
    - { user: alice, permissionSet: Developer, targets: [account:Management], until: 2026-11-01T00:00:00Z }
`;

  it('removes expired assignments even without pruning, keeps other unwanted ones, records every live key', () => {
    const { ctx, b } = setup(FILE, DEV_IC(LIVE));
    collectWantedAssignments(ctx);
    deleteUnwantedAssignments(ctx);
    expect(lines(b)).toEqual(['assignment:delete:Developer|USER|alice|Management <- []']);
    expect(op(b, 'assignment:delete:Developer|USER|alice|Management')).toEqual({
      id: 'assignment:delete:Developer|USER|alice|Management',
      dependsOn: [],
      kind: 'delete-assignment',
      permissionSet: { name: 'Developer', arn: 'arn:ps/dev' },
      principal: { type: 'USER', name: 'alice', id: 'u-alice' },
      account: { name: 'Management', id: MGMT },
      impact: 'delete',
      summary: 'remove user alice from Developer on Management (its time is up)',
    });
    expect([...ctx.liveKeys]).toEqual([
      'Developer|GROUP|Developers|Prod',
      'Developer|USER|alice|Management',
      'Developer|GROUP|Developers|Dev',
    ]);
    expect([...ctx.assignmentDeletes]).toEqual([
      ['arn:ps/dev', ['assignment:delete:Developer|USER|alice|Management']],
    ]);
  });

  it('with assignments pruned, removes every unwanted one in live order', () => {
    const { ctx, b } = setup(FILE, DEV_IC(LIVE), undefined, 'prune: [assignments]');
    collectWantedAssignments(ctx);
    deleteUnwantedAssignments(ctx);
    expect(b.operations.map((o) => o.summary)).toEqual([
      'remove user alice from Developer on Management (its time is up)',
      'remove group Developers from Developer on Dev',
    ]);
  });

  it('treats an expired assignment as expired for its principal and set on every account', () => {
    const { ctx, b } = setup(FILE, DEV_IC([assignment('arn:ps/dev', 'USER', 'alice', DEV)]));
    collectWantedAssignments(ctx);
    deleteUnwantedAssignments(ctx);
    expect(b.operations.map((o) => o.summary)).toEqual([
      'remove user alice from Developer on Dev (its time is up)',
    ]);
  });
});

describe('createAssignments', () => {
  it('creates the wanted assignments that are not live, after the set, its account policies, the principal and the account', () => {
    const waits = (ps: string, acct: string) => (acct === 'New' ? [`account-policy:${acct}:${ps}`] : []);
    const { ctx, b } = setup(
      `${DEVELOPER.replace('members: [alice]', 'members: [alice, bob]').replace(
        'users: {',
        'users: { bob: { displayName: Bob },',
      )}  assignments:
    - { group: Developers, permissionSet: Developer, targets: [account:Prod, account:New] }
    - { user: bob, permissionSet: Developer, targets: [account:Dev] }
`,
      DEV_IC([assignment('arn:ps/dev', 'GROUP', 'Developers', PROD)]),
      waits,
    );
    ctx.psReady.set('Developer', ['permission-set:update:Developer']);
    collectWantedAssignments(ctx);
    deleteUnwantedAssignments(ctx);
    createAssignments(ctx);
    expect(lines(b)).toEqual([
      'assignment:create:Developer|GROUP|Developers|New <- [permission-set:update:Developer, account-policy:New:Developer, account:create:New]',
      'assignment:create:Developer|USER|bob|Dev <- [permission-set:update:Developer, user:create:bob]',
    ]);
    expect(op(b, 'assignment:create:Developer|USER|bob|Dev')).toMatchObject({
      kind: 'create-assignment',
      permissionSet: { name: 'Developer', arn: 'arn:ps/dev' },
      principal: { type: 'USER', name: 'bob' },
      account: { name: 'Dev', id: DEV },
      summary: 'give user bob Developer on Dev',
    });
  });
});

describe('provisionPermissionSets', () => {
  it('re-provisions a changed set only where an assignment stays; an unchanged one only where it is out of date', () => {
    const file = `  users: { alice: { displayName: Alice, email: alice@example.com } }
  permissionSets:
    Developer: { sessionDuration: PT4H }
    Reader: { sessionDuration: PT1H }
  assignments:
    - { user: alice, permissionSet: Developer, targets: [account:Prod] }
    - { user: alice, permissionSet: Reader, targets: [account:Prod, account:Dev] }
`;
    const ic = instance({
      users: [ALICE],
      permissionSets: [permissionSet('arn:ps/dev', 'Developer'), permissionSet('arn:ps/read', 'Reader')],
      assignments: [
        assignment('arn:ps/dev', 'USER', 'alice', PROD),
        assignment('arn:ps/dev', 'USER', 'alice', DEV),
        assignment('arn:ps/read', 'USER', 'alice', PROD),
        assignment('arn:ps/read', 'USER', 'alice', DEV),
      ],
      provisioning: [
        { accountId: PROD, permissionSetArn: 'arn:ps/dev', current: true },
        { accountId: DEV, permissionSetArn: 'arn:ps/dev', current: true },
        { accountId: PROD, permissionSetArn: 'arn:ps/read', current: true },
        { accountId: DEV, permissionSetArn: 'arn:ps/read', current: false },
      ],
    });
    const waits = (ps: string, acct: string) => [`account-policy:${acct}:${ps}`];
    const { ctx, b } = setup(file, ic, waits, 'prune: [assignments]');
    for (const ps of ctx.want.permissionSets) diffPermissionSet(ctx, ps);
    collectWantedAssignments(ctx);
    deleteUnwantedAssignments(ctx);
    const before = b.operations.length;
    provisionPermissionSets(ctx);
    expect(lines(b).slice(before)).toEqual([
      // Developer changed; Dev loses its last assignment of it, so only Prod is refreshed.
      'permission-set:provision:Developer <- [permission-set:update:Developer, account-policy:Prod:Developer]',
      'permission-set:provision:Reader <- [account-policy:Dev:Reader]',
    ]);
    expect(op(b, 'permission-set:provision:Developer')).toMatchObject({
      kind: 'provision-permission-set',
      permissionSet: { name: 'Developer', arn: 'arn:ps/dev' },
      accounts: [{ name: 'Prod', id: PROD }],
      summary: 'provision permission set Developer to 1 account',
    });
    expect(op(b, 'permission-set:provision:Reader')).toMatchObject({
      accounts: [{ name: 'Dev', id: DEV }],
      summary: 'provision permission set Reader to 1 account (out of date)',
    });
  });
});

describe('pruneUsers and pruneGroups', () => {
  const IC = instance({
    users: [ALICE, BOB],
    groups: [{ id: 'g-old', displayName: 'Old', description: null, members: [] }],
  });
  const FILE = '  users: { alice: { displayName: Alice, email: alice@example.com } }\n';

  it('delete the users and groups the file lacks when pruned', () => {
    const { ctx, b } = setup(FILE, IC, undefined, 'prune: [users, groups]');
    pruneUsers(ctx);
    pruneGroups(ctx);
    expect(b.operations.map(({ id, kind, impact }) => ({ id, kind, impact }))).toEqual([
      { id: 'user:delete:bob', kind: 'delete-user', impact: 'delete' },
      { id: 'group:delete:Old', kind: 'delete-group', impact: 'delete' },
    ]);
    expect(op(b, 'user:delete:bob')).toMatchObject({ user: { type: 'USER', name: 'bob', id: 'u-bob' } });
    expect(op(b, 'group:delete:Old')).toMatchObject({ group: { type: 'GROUP', name: 'Old', id: 'g-old' } });
  });

  it('only note them otherwise', () => {
    const { ctx, b } = setup(FILE, IC);
    pruneUsers(ctx);
    pruneGroups(ctx);
    expect(b.operations).toEqual([]);
    expect(b.notes).toEqual([
      "user bob is not in the file (unmanaged; add 'users' to prune to delete it)",
      "group Old is not in the file (unmanaged; add 'groups' to prune to delete it)",
    ]);
  });
});

describe('prunePermissionSets', () => {
  const IC = instance({
    users: [ALICE],
    permissionSets: [permissionSet('arn:ps/old', 'Old')],
    assignments: [
      assignment('arn:ps/old', 'USER', 'alice', PROD),
      assignment('arn:ps/old', 'USER', 'alice', DEV),
    ],
  });
  const FILE = '  users: { alice: { displayName: Alice, email: alice@example.com } }\n';

  it('removes every assignment of a set the file lacks (already planned ones included), then deletes it', () => {
    const { ctx, b } = setup(FILE, IC, undefined, 'prune: [permissionSets, assignments]');
    deleteUnwantedAssignments(ctx);
    expect(b.operations.length).toBe(2);
    const { ctx: fresh, b: b2 } = setup(FILE, IC, undefined, 'prune: [permissionSets]');
    prunePermissionSets(fresh);
    expect(lines(b2)).toEqual([
      'assignment:delete:Old|USER|alice|Prod <- []',
      'assignment:delete:Old|USER|alice|Dev <- []',
      'permission-set:delete:Old <- [assignment:delete:Old|USER|alice|Prod, assignment:delete:Old|USER|alice|Dev]',
    ]);
    expect(op(b2, 'assignment:delete:Old|USER|alice|Dev').summary).toBe('remove user alice from Old on Dev');
    // Deletes planned by the assignment section are not planned twice, and the set still waits for them.
    prunePermissionSets(ctx);
    expect(lines(b)).toEqual(lines(b2));
  });

  it('only notes it without the prune scope', () => {
    const { ctx, b } = setup(FILE, IC);
    prunePermissionSets(ctx);
    expect(b.operations).toEqual([]);
    expect(b.notes).toEqual([
      "permission set Old is not in the file (unmanaged; add 'permissionSets' to prune to delete it)",
    ]);
  });
});

describe('diffIdentityCenter', () => {
  it('plans nothing and says why when Identity Center is not enabled', () => {
    const desired = desiredFrom(`${ACCOUNTS}identityCenter:\n${DEVELOPER}`);
    const b = new PlanBuilder();
    diffIdentityCenter(b, desired, new LiveView(snapshot(), desired), NOW);
    expect(b.operations).toEqual([]);
    expect(b.notes).toEqual([
      'Identity Center is not enabled (or could not be read): enable it in the management account, then plan again; its part of the file was not planned',
    ]);
  });

  it('runs the sections in order: users, groups, permission sets, assignments, provisioning, prunes', () => {
    const desired = desiredFrom(`${ACCOUNTS}identityCenter:
  users: { carol: { displayName: Carol } }
  groups: { Ops: { members: [carol] } }
  permissionSets: { Developer: { sessionDuration: PT4H } }
  assignments:
    - { group: Ops, permissionSet: Developer, targets: [account:Prod] }
prune: [users, groups, permissionSets, assignments]
`);
    const ic = DEV_IC(
      [assignment('arn:ps/dev', 'USER', 'alice', PROD), assignment('arn:ps/old', 'USER', 'alice', DEV)],
      [{ accountId: PROD, permissionSetArn: 'arn:ps/dev', current: true }],
    );
    ic.permissionSets.push(permissionSet('arn:ps/old', 'Old'));
    const live = snapshot({
      accounts: [
        account(MGMT, 'Management', 'mgmt@example.com'),
        account(PROD, 'Prod', 'prod@example.com', OU_W),
        account(DEV, 'Dev', 'dev@example.com', OU_W),
      ],
      ous: [ou('Workloads', OU_W, ROOT)],
      identityCenter: ic,
    });
    const b = new PlanBuilder();
    diffIdentityCenter(b, desired, new LiveView(live, desired), NOW);
    expect(lines(b)).toEqual([
      'user:create:carol <- []',
      'group:create:Ops <- []',
      'group:member:Ops:carol <- [group:create:Ops, user:create:carol]',
      'permission-set:update:Developer <- []',
      'assignment:delete:Developer|USER|alice|Prod <- []',
      'assignment:delete:Old|USER|alice|Dev <- []',
      'assignment:create:Developer|GROUP|Ops|Prod <- [permission-set:update:Developer, group:create:Ops]',
      'permission-set:provision:Developer <- [permission-set:update:Developer]',
      'user:delete:alice <- []',
      'group:delete:Developers <- []',
      'permission-set:delete:Old <- [assignment:delete:Old|USER|alice|Dev]',
    ]);
  });
});

describe('checkExternalIdentities and the identity provider’s users and groups', () => {
  const SCIM_ALICE = { ...ALICE, external: true as const };
  const PLATFORM = {
    id: 'g-platform',
    displayName: 'Platform',
    description: null,
    members: ['u-alice', 'u-bob'],
    external: true as const,
  };
  const EXTERNAL_FILE = `  identitySource: external
  permissionSets: { Dev: { managedPolicies: [${READ}] } }
  assignments:
    - { group: Platform, permissionSet: Dev, targets: [account:Prod] }
    - { user: alice, permissionSet: Dev, targets: [account:Dev] }
`;

  it('references the provider’s groups and users by name and never plans their members', () => {
    const { ctx, b } = setup(
      EXTERNAL_FILE,
      instance({ users: [SCIM_ALICE, BOB], groups: [PLATFORM] }),
      undefined,
      'prune: [users, groups]',
    );
    expect(ctx.want.external).toEqual({ users: ['alice'], groups: ['Platform'] });
    diffIdentityCenter(b, ctx.desired, ctx.live, NOW);
    const ids = b.operations.map((o) => o.id);
    expect(ids.filter((id) => /^(user|group):/.test(id))).toEqual([]);
    expect(ids).toContain('assignment:create:Dev|GROUP|Platform|Prod');
    expect(op(b, 'assignment:create:Dev|GROUP|Platform|Prod')).toMatchObject({
      principal: { type: 'GROUP', name: 'Platform', id: 'g-platform' },
    });
    expect(b.notes).toContain(
      '2 users not in the file belong to the external identity provider: prune never deletes them',
    );
  });

  it('refuses, naming each one, a provider’s group or user that does not exist', () => {
    const { ctx, b } = setup(EXTERNAL_FILE, instance({ users: [BOB] }));
    expect(() => diffIdentityCenter(b, ctx.desired, ctx.live, NOW)).toThrow(
      /user 'alice' \(managed by the external identity provider\) does not exist[\s\S]*group 'Platform' \(managed by the external identity provider\) does not exist/,
    );
    expect(b.operations).toEqual([]);
  });

  it('refuses a file that manages a group SCIM provisioned, instead of removing its members', () => {
    const { ctx, b } = setup(
      `  groups: { Platform: {} }\n`,
      instance({ users: [SCIM_ALICE, BOB], groups: [PLATFORM] }),
    );
    let error: unknown;
    try {
      diffIdentityCenter(b, ctx.desired, ctx.live, NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'IDENTITY_NOT_PROVISIONED',
      message: expect.stringContaining("group 'Platform' was provisioned by an external identity provider"),
      hint: expect.stringContaining("'managedBy: external'"),
    });
    expect(b.operations).toEqual([]);
  });

  it('keeps a local group’s members in a mixed estate and prunes only the local users', () => {
    const { ctx, b } = setup(
      `  users: { alice: { managedBy: external }, bob: { displayName: Bob } }
  groups:
    Platform: { managedBy: external }
    Breakglass: { members: [alice, bob] }
`,
      instance({
        users: [
          SCIM_ALICE,
          BOB,
          { id: 'u-old', userName: 'old', displayName: 'Old', email: null },
          { id: 'u-scim2', userName: 'zoe', displayName: 'Zoe', email: null, external: true },
        ],
        groups: [PLATFORM],
      }),
      undefined,
      'prune: [users, groups]',
    );
    diffIdentityCenter(b, ctx.desired, ctx.live, NOW);
    expect(lines(b)).toEqual([
      'group:create:Breakglass <- []',
      'group:member:Breakglass:alice <- [group:create:Breakglass]',
      'group:member:Breakglass:bob <- [group:create:Breakglass]',
      'user:delete:old <- []',
    ]);
  });
});
