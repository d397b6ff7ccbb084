/** The pure sections of the Identity Center read: the strategy choice, users, names and the assembled result. */
import { describe, expect, it } from 'vitest';
import { permissionSet } from '../plan/testing/builders.js';
import {
  assembleIdentityCenter,
  chooseStrategy,
  nameAssignments,
  toSnapshotUser,
  type FoundAssignment,
} from './identity-center-sections.js';

describe('assignment strategy', () => {
  it('reads per principal only from the management account and only when principals are fewer', () => {
    expect(chooseStrategy(true, 10, 11)).toBe('per-principal');
    expect(chooseStrategy(true, 11, 11)).toBe('per-pair');
    expect(chooseStrategy(false, 1, 100)).toBe('per-pair');
  });
});

describe('users', () => {
  it('takes the primary email, else the first, else none', () => {
    expect(
      toSnapshotUser({
        IdentityStoreId: 'd-1',
        UserId: 'u-1',
        UserName: 'alice',
        DisplayName: 'Alice',
        Emails: [{ Value: 'a@work' }, { Value: 'a@home', Primary: true }],
      }),
    ).toEqual({ id: 'u-1', userName: 'alice', displayName: 'Alice', email: 'a@home' });
    expect(toSnapshotUser({ IdentityStoreId: 'd-1', UserId: 'u-2', Emails: [{ Value: 'b@work' }] })).toEqual({
      id: 'u-2',
      userName: '',
      displayName: null,
      email: 'b@work',
    });
    expect(toSnapshotUser({ IdentityStoreId: 'd-1', UserId: 'u-3', UserName: 'c' }).email).toBeNull();
  });
});

const found: FoundAssignment[] = [
  { accountId: '222222222222', permissionSetArn: 'arn:ps/read', principalType: 'USER', principalId: 'u-1' },
  { accountId: '111111111111', permissionSetArn: 'arn:ps/gone', principalType: 'GROUP', principalId: 'g-1' },
  { accountId: '111111111111', permissionSetArn: 'arn:ps/read', principalType: 'USER', principalId: 'u-x' },
  { accountId: '111111111111', permissionSetArn: 'arn:ps/read', principalType: 'GROUP', principalId: 'g-1' },
];
const ssoAdmin = {
  permissionSets: [permissionSet('arn:ps/read', 'ReadOnly'), permissionSet('arn:ps/admin', 'Admin')],
  pairs: [
    { accountId: '222222222222', permissionSetArn: 'arn:ps/read' },
    { accountId: '111111111111', permissionSetArn: 'arn:ps/read' },
  ],
  stale: new Set(['222222222222|arn:ps/read']),
};
const identityStore = {
  users: [
    { id: 'u-2', userName: 'zed', displayName: null, email: null },
    { id: 'u-1', userName: 'alice', displayName: 'Alice', email: null },
  ],
  groups: [{ id: 'g-1', displayName: 'Ops', description: null, members: [] }],
};

describe('naming and assembling', () => {
  it('names each assignment (an unknown set keeps its ARN, an unknown principal has no name) and sorts them', () => {
    expect(nameAssignments(found, ssoAdmin, identityStore)).toEqual([
      {
        accountId: '111111111111',
        permissionSetArn: 'arn:ps/gone',
        principalType: 'GROUP',
        principalId: 'g-1',
        permissionSetName: 'arn:ps/gone',
        principalName: 'Ops',
      },
      {
        accountId: '111111111111',
        permissionSetArn: 'arn:ps/read',
        principalType: 'GROUP',
        principalId: 'g-1',
        permissionSetName: 'ReadOnly',
        principalName: 'Ops',
      },
      {
        accountId: '111111111111',
        permissionSetArn: 'arn:ps/read',
        principalType: 'USER',
        principalId: 'u-x',
        permissionSetName: 'ReadOnly',
        principalName: null,
      },
      {
        accountId: '222222222222',
        permissionSetArn: 'arn:ps/read',
        principalType: 'USER',
        principalId: 'u-1',
        permissionSetName: 'ReadOnly',
        principalName: 'alice',
      },
    ]);
  });

  it('sorts sets, users and groups by name and marks stale provisioning', () => {
    const ic = assembleIdentityCenter(
      { instanceArn: 'arn:aws:sso:::instance/ssoins-1', identityStoreId: 'd-1' },
      structuredClone(ssoAdmin),
      structuredClone(identityStore),
      found,
    );
    expect(ic.instanceArn).toBe('arn:aws:sso:::instance/ssoins-1');
    expect(ic.identityStoreId).toBe('d-1');
    expect(ic.permissionSets.map((s) => s.name)).toEqual(['Admin', 'ReadOnly']);
    expect(ic.users.map((u) => u.userName)).toEqual(['alice', 'zed']);
    expect(ic.assignments).toHaveLength(4);
    expect(ic.provisioning).toEqual([
      { accountId: '111111111111', permissionSetArn: 'arn:ps/read', current: true },
      { accountId: '222222222222', permissionSetArn: 'arn:ps/read', current: false },
    ]);
  });
});
