import { describe, expect, it } from 'vitest';
import type { Operation } from '../plan/operations.js';
import { exclusiveKey, LANE_LIMITS, laneLimits, laneOf } from './lanes.js';

const base = { dependsOn: [], impact: 'create' as const, summary: 's' };
const user: Operation = {
  ...base,
  id: 'u',
  kind: 'create-user',
  user: { type: 'USER', name: 'alice' },
  displayName: 'Alice',
};
const assignment = (id: string, account: { name: string; id?: string }): Operation => ({
  ...base,
  id,
  kind: 'create-assignment',
  permissionSet: { name: 'Admin' },
  principal: { type: 'GROUP', name: 'Ops' },
  account,
});
const provision: Operation = {
  ...base,
  id: 'p',
  kind: 'provision-permission-set',
  permissionSet: { name: 'Admin' },
  accounts: [{ name: 'Prod' }],
};
const ou: Operation = {
  ...base,
  id: 'o',
  kind: 'create-ou',
  ou: { path: 'A' },
  name: 'A',
  parent: { path: '' },
  tags: {},
};

describe('lanes', () => {
  it('puts each operation in the lane of its API family', () => {
    expect(laneOf(user)).toBe('identitystore');
    expect(laneOf(assignment('a', { name: 'Prod' }))).toBe('assignments');
    expect(laneOf(provision)).toBe('sso-admin');
    expect(laneOf(ou)).toBe('organizations');
  });

  it('keys assignments by account (id when known, else name), and nothing else', () => {
    expect(exclusiveKey(assignment('a', { name: 'Prod', id: '111122223333' }))).toBe('account:111122223333');
    expect(exclusiveKey(assignment('a', { name: 'Prod' }))).toBe('account:Prod');
    expect(exclusiveKey(user)).toBeUndefined();
    expect(exclusiveKey(provision)).toBeUndefined();
  });

  it('leaves room for provisioning in the assignment lane only when the plan provisions', () => {
    expect(laneLimits([user, assignment('a', { name: 'Prod' })])).toEqual(LANE_LIMITS);
    expect(laneLimits([user, provision]).assignments).toBe(12);
    expect(laneLimits([provision], { assignments: 2, iam: 1 })).toEqual({
      ...LANE_LIMITS,
      assignments: 2,
      iam: 1,
    });
  });
});
