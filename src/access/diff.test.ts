/** Who gains and who loses which actions between two hand-made access models. */
import { describe, expect, it } from 'vitest';
import type { ActionCatalogue } from './actions.js';
import { accessDiff, compressActions } from './diff.js';
import { AccessIndex } from './effective.js';
import type { AccessModel } from './model.js';

import { PROD, STAGING, doc, allow, model } from './testing.js';

const ACTIONS: Record<string, readonly string[]> = {
  dynamodb: ['DeleteTable', 'DescribeTable', 'GetItem', 'PutItem'],
  s3: ['GetBucketPolicy', 'GetObject', 'PutObject'],
  ec2: ['DescribeInstances', 'RunInstances'],
  iam: ['CreateUser'],
  sts: ['AssumeRole'],
  organizations: ['LeaveOrganization'],
};
const CATALOGUE: ActionCatalogue = {
  services: new Set([...Object.keys(ACTIONS), 'newsvc']),
  actionsOf: (p) => ACTIONS[p],
};
const index = (m: AccessModel) => new AccessIndex(m);
const diff = (change: (m: AccessModel) => void) => {
  const after = model();
  change(after);
  return accessDiff(index(model()), index(after), CATALOGUE);
};
const ic = (m: AccessModel) => m.identityCenter!;

describe('accessDiff', () => {
  it('finds nothing between a model and itself', () => {
    expect(accessDiff(index(model()), index(model()), CATALOGUE)).toEqual([]);
    expect(diff(() => {})).toEqual([]);
  });

  it('gives a new group member what the group reaches, a whole service as svc:*', () => {
    expect(diff((m) => ic(m).groups[0]!.members.push('carol'))).toEqual([
      {
        user: 'carol',
        accountId: PROD,
        accountName: 'Shop Prod',
        change: 'gains',
        // dynamodb:DeleteTable stays denied by the Prod OU's SCP.
        actions: [
          'dynamodb:DescribeTable',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          's3:GetBucketPolicy',
          's3:GetObject',
        ],
        count: 5,
        through: ['Developer'],
      },
      {
        user: 'carol',
        accountId: STAGING,
        accountName: 'Shop Staging',
        change: 'gains',
        actions: ['dynamodb:*', 's3:GetBucketPolicy', 's3:GetObject'],
        count: 6,
        through: ['Developer'],
      },
    ]);
  });

  it('takes away what a removed assignment gave, and only where it gave something', () => {
    expect(
      diff((m) => {
        ic(m).assignments = ic(m).assignments.filter((a) => a.principalName !== 'carol');
      }),
    ).toEqual([
      {
        user: 'carol',
        accountId: PROD,
        accountName: 'Shop Prod',
        change: 'loses',
        actions: ['ec2:*'],
        count: 2,
        through: ['Ops'],
      },
    ]);
  });

  it('takes away a removed member’s group access', () => {
    const changes = diff((m) => {
      ic(m).groups[0]!.members = ['alice'];
    });
    expect(changes.map((c) => [c.user, c.accountName, c.change, c.count])).toEqual([
      ['bob', 'Shop Prod', 'loses', 5],
      ['bob', 'Shop Staging', 'loses', 6],
    ]);
  });

  it('gives everyone assigned a changed permission set only the new actions', () => {
    const changes = diff((m) => {
      ic(m).permissionSets[0]!.inlinePolicy = doc(allow(['dynamodb:*', 's3:Get*', 'ec2:DescribeInstances']));
    });
    expect(changes.map((c) => [c.user, c.accountName, c.change, c.actions, c.through])).toEqual([
      ['alice', 'Shop Prod', 'gains', ['ec2:DescribeInstances'], ['Developer']],
      ['alice', 'Shop Staging', 'gains', ['ec2:DescribeInstances'], ['Developer']],
      ['bob', 'Shop Prod', 'gains', ['ec2:DescribeInstances'], ['Developer']],
      ['bob', 'Shop Staging', 'gains', ['ec2:DescribeInstances'], ['Developer']],
    ]);
  });

  it('sees a customer-managed document that changes in one account only there', () => {
    const changes = diff((m) => {
      m.documents.customerManaged[`${STAGING}|ops-extra`] = doc(allow('ec2:RunInstances'));
    });
    expect(changes).toEqual([
      {
        user: 'carol',
        accountId: STAGING,
        accountName: 'Shop Staging',
        change: 'gains',
        actions: ['ec2:RunInstances'],
        count: 1,
        through: ['Ops'],
      },
    ]);
  });

  it('says when a time-bound gain ends', () => {
    const changes = diff((m) =>
      ic(m).assignments.push({
        accountId: STAGING,
        permissionSet: 'ReadOnly',
        principalType: 'USER',
        principalName: 'carol',
        until: '2030-06-30T00:00:00Z',
      }),
    );
    expect(changes).toEqual([
      {
        user: 'carol',
        accountId: STAGING,
        accountName: 'Shop Staging',
        change: 'gains',
        actions: ['dynamodb:DescribeTable', 's3:GetBucketPolicy', 's3:GetObject'],
        count: 3,
        through: ['ReadOnly'],
        until: '2030-06-30T00:00:00Z',
      },
    ]);
  });

  it('counts an action a NotAction allow leaves in', () => {
    const changes = diff((m) => {
      ic(m).permissionSets[3]!.inlinePolicy = doc({
        Effect: 'Allow',
        NotAction: ['ec2:*', 'dynamodb:*', 's3:*'],
        Resource: '*',
      });
    });
    expect(changes.map((c) => [c.accountName, c.actions])).toEqual([
      // iam:CreateUser is denied at the Shop Prod account; organizations:LeaveOrganization at the root.
      ['Shop Prod', ['sts:*']],
      ['Shop Staging', ['iam:*', 'sts:*']],
    ]);
  });

  // A customer-managed boundary's document is part of what the set is in an account.
  it('sees a customer-managed boundary document that widens in one account', () => {
    const before = model();
    ic(before).permissionSets[0]!.boundary = { customerManagedPolicy: { name: 'limit', path: '/' } };
    before.documents.customerManaged[`${STAGING}|limit`] = doc(allow(['dynamodb:GetItem', 's3:Get*']));
    before.documents.customerManaged[`${PROD}|limit`] = doc(allow(['dynamodb:GetItem', 's3:Get*']));
    const after = structuredClone(before);
    after.documents.customerManaged[`${STAGING}|limit`] = doc(allow(['dynamodb:*', 's3:Get*']));
    const changes = accessDiff(index(before), index(after), CATALOGUE);
    expect(changes.map((c) => [c.user, c.accountName, c.change, c.actions, c.count])).toEqual([
      // DescribeTable, PutItem and DeleteTable are new; with GetItem the whole service is reachable.
      ['alice', 'Shop Staging', 'gains', ['dynamodb:*'], 3],
      ['bob', 'Shop Staging', 'gains', ['dynamodb:*'], 3],
    ]);
  });
});

describe('compressActions', () => {
  it('writes svc:* only when the whole service is covered, services in order', () => {
    expect(
      compressActions(['s3:GetObject', 'dynamodb:PutItem', 'dynamodb:GetItem'], CATALOGUE, (s) => s === 's3'),
    ).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 's3:*']);
    expect(compressActions(['s3:GetObject'], CATALOGUE, () => false)).toEqual(['s3:GetObject']);
  });

  it('never compresses a service the catalogue does not list', () => {
    expect(compressActions(['newsvc:Run', 'newsvc:Stop'], CATALOGUE, () => true)).toEqual([
      'newsvc:Run',
      'newsvc:Stop',
    ]);
  });
});
