/**
 * A tiny hand-made organization for the access tests: a management account, a hub, Prod and Staging
 * under nested OUs, SCPs at each level, permission sets with inline, AWS-managed and customer-managed
 * policies, users, groups, assignments, and a hub IAM user with member roles trusting the hub.
 */
import type { AccessModel } from './model.js';

export const MGMT = '111111111111';
export const HUB = '222222222222';
export const PROD = '333333333333';
export const STAGING = '444444444444';
export const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
export const VIEW_ONLY = 'arn:aws:iam::aws:policy/ViewOnlyAccess';

export const doc = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const allow = (action: string | string[], extra: object = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: '*',
  ...extra,
});
export const deny = (action: string | string[]) => ({ Effect: 'Deny', Action: action, Resource: '*' });
export const trust = (principal: string, extra: object = {}) =>
  doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...extra });

/** Root r-1 → Workloads (Hub, Shop Staging) → Workloads/Prod (Shop Prod); Management at the root. */
export function model(): AccessModel {
  return {
    organization: { id: 'o-x', managementAccountId: MGMT, rootId: 'r-1' },
    ous: [
      { id: 'ou-w', name: 'Workloads', parentId: 'r-1', path: 'Workloads' },
      { id: 'ou-p', name: 'Prod', parentId: 'ou-w', path: 'Workloads/Prod' },
    ],
    accounts: [
      { id: MGMT, name: 'Management', state: 'ACTIVE', parentId: 'r-1' },
      { id: HUB, name: 'Hub', state: 'ACTIVE', parentId: 'ou-w' },
      { id: PROD, name: 'Shop Prod', state: 'ACTIVE', parentId: 'ou-p' },
      { id: STAGING, name: 'Shop Staging', state: 'ACTIVE', parentId: 'ou-w' },
    ],
    policies: [
      {
        name: 'FullAWSAccess',
        type: 'SERVICE_CONTROL_POLICY',
        content: doc(allow('*')),
        targets: ['r-1', 'ou-w', 'ou-p', MGMT, HUB, PROD, STAGING],
      },
      {
        name: 'DenyLeave',
        type: 'SERVICE_CONTROL_POLICY',
        content: doc(deny('organizations:LeaveOrganization')),
        targets: ['r-1'],
      },
      {
        name: 'NoTableDeletes',
        type: 'SERVICE_CONTROL_POLICY',
        content: doc(deny('dynamodb:DeleteTable')),
        targets: ['ou-p'],
      },
      {
        name: 'NoIamUsers',
        type: 'SERVICE_CONTROL_POLICY',
        content: doc(deny('iam:CreateUser')),
        targets: [PROD],
      },
    ],
    identityCenter: {
      permissionSets: [
        {
          name: 'Developer',
          inlinePolicy: doc(allow(['dynamodb:*', 's3:Get*'])),
          managedPolicies: [],
          customerManagedPolicies: [],
          boundary: null,
          sessionDuration: 'PT4H',
        },
        {
          name: 'ReadOnly',
          inlinePolicy: null,
          managedPolicies: [READ_ONLY],
          customerManagedPolicies: [],
          boundary: null,
          sessionDuration: 'PT1H',
        },
        {
          name: 'Viewer',
          inlinePolicy: null,
          managedPolicies: [VIEW_ONLY],
          customerManagedPolicies: [],
          boundary: null,
          sessionDuration: 'PT1H',
        },
        {
          name: 'Ops',
          inlinePolicy: null,
          managedPolicies: [],
          customerManagedPolicies: [{ name: 'ops-extra', path: '/' }],
          boundary: null,
          sessionDuration: 'PT1H',
        },
      ],
      users: [
        { userName: 'alice', displayName: 'Alice', email: 'alice@example.com' },
        { userName: 'bob', displayName: 'Bob', email: null },
        { userName: 'carol', displayName: 'Carol', email: null },
      ],
      groups: [
        { displayName: 'Developers', members: ['bob', 'alice'] },
        { displayName: 'Auditors', members: [] },
      ],
      assignments: [
        { accountId: PROD, permissionSet: 'Developer', principalType: 'GROUP', principalName: 'Developers' },
        {
          accountId: STAGING,
          permissionSet: 'Developer',
          principalType: 'GROUP',
          principalName: 'Developers',
        },
        { accountId: PROD, permissionSet: 'Ops', principalType: 'USER', principalName: 'carol' },
        { accountId: STAGING, permissionSet: 'Ops', principalType: 'USER', principalName: 'carol' },
        { accountId: PROD, permissionSet: 'ReadOnly', principalType: 'GROUP', principalName: 'Auditors' },
        { accountId: MGMT, permissionSet: 'Viewer', principalType: 'USER', principalName: 'alice' },
      ],
    },
    documents: {
      awsManaged: { [READ_ONLY]: doc(allow(['s3:Get*', 'dynamodb:Describe*'])) },
      customerManaged: { [`${PROD}|ops-extra`]: doc(allow('ec2:*')), [`${STAGING}|ops-extra`]: null },
    },
    iam: {
      [HUB]: {
        users: [
          {
            userName: 'deployer',
            arn: `arn:aws:iam::${HUB}:user/deployer`,
            groups: [],
            policies: [{ name: 'jump', document: doc(allow('sts:AssumeRole')) }],
            mfaSerial: `arn:aws:iam::${HUB}:mfa/deployer`,
            tags: {},
          },
          { userName: 'intern', arn: `arn:aws:iam::${HUB}:user/intern`, groups: [], policies: [], tags: {} },
        ],
        groups: {},
        roles: [],
      },
      [PROD]: {
        users: [],
        groups: {},
        roles: [
          {
            roleName: 'Deploy',
            arn: `arn:aws:iam::${PROD}:role/Deploy`,
            trustPolicy: trust(`arn:aws:iam::${HUB}:root`),
            policies: [{ name: 'deploy', document: doc(allow('s3:*')) }],
            tags: {},
          },
          {
            roleName: 'Breakglass',
            arn: `arn:aws:iam::${PROD}:role/Breakglass`,
            trustPolicy: trust(HUB, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
            policies: [{ name: 'admin', document: doc(allow('*')) }],
            tags: {},
          },
        ],
      },
    },
  };
}
