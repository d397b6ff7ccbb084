/**
 * The organization the access story and its tests run on: four workload accounts under nested OUs, SCPs
 * (a region deny on Workloads, a deny of dynamodb:DeleteTable in Prod), Identity Center people and
 * permission sets in org.yaml (groups, OU targets, a per-account customer-managed policy, a time-bound
 * user assignment, a statement that depends on the source IP), and a hub account whose IAM users switch
 * into roles Dev and SRE in three members (SRE requires MFA). {@link setUpAccessWorld} builds it on a
 * sandbox through the real SDK clients and orgward's own import, plan and apply.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { parseDocument } from 'yaml';
import { apply } from '../../api/apply.js';
import { importOrganization } from '../../api/import.js';
import { plan } from '../../api/plan.js';
import type { ClientFactory } from '../../aws/clients.js';
import { mergeIdentityCenterFragment } from '../../config/merge-fragment.js';

export const ACCESS_MANAGEMENT = '123456789012';
export const ACCESS_ACCOUNTS = {
  'Shop Prod': '210000000001',
  'Shop Staging': '210000000002',
  'Shop Dev': '210000000003',
  Hub: '210000000004',
} as const;
const MEMBERS = ['Shop Prod', 'Shop Staging', 'Shop Dev'] as const;
const MEMBER_ROLE = 'OrganizationAccountAccessRole';

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

/** The estate before org.yaml: the tree, the SCPs, the hub account's IAM users. */
export function accessWorld(): Record<string, unknown> {
  const ids = ACCESS_ACCOUNTS;
  const account = (name: string, email: string) => ({ name, email });
  const assumeAny = (role: string) =>
    doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/${role}` });
  return {
    accounts: {
      [ACCESS_MANAGEMENT]: {
        ...account('Management', 'aws-management@example.com'),
        organization: {
          ous: ['Workloads/Prod', 'Workloads/Staging', 'Workloads/Dev', 'Shared'],
          members: {
            [ids['Shop Prod']]: { ou: 'Workloads/Prod' },
            [ids['Shop Staging']]: { ou: 'Workloads/Staging' },
            [ids['Shop Dev']]: { ou: 'Workloads/Dev' },
            [ids.Hub]: { ou: 'Shared' },
          },
          policies: [
            {
              name: 'DenyOutsideEU',
              type: 'SERVICE_CONTROL_POLICY',
              content: doc({
                Sid: 'DenyOutsideEU',
                Effect: 'Deny',
                NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*', 'account:*'],
                Resource: '*',
                Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
              }),
              targets: ['Workloads'],
            },
            {
              name: 'ProtectProdTables',
              type: 'SERVICE_CONTROL_POLICY',
              content: doc({
                Sid: 'NoDeleteTable',
                Effect: 'Deny',
                Action: 'dynamodb:DeleteTable',
                Resource: '*',
              }),
              targets: ['Workloads/Prod'],
            },
          ],
        },
      },
      [ids['Shop Prod']]: account('Shop Prod', 'aws-shop-prod@example.com'),
      [ids['Shop Staging']]: account('Shop Staging', 'aws-shop-staging@example.com'),
      [ids['Shop Dev']]: account('Shop Dev', 'aws-shop-dev@example.com'),
      [ids.Hub]: {
        ...account('Hub', 'aws-hub@example.com'),
        iamUsers: {
          jane: { password: true, mfa: 'virtual', inlinePolicies: { 'switch-to-dev': assumeAny('Dev') } },
          sam: { password: true, mfa: 'virtual', inlinePolicies: { 'switch-to-sre': assumeAny('SRE') } },
        },
      },
    },
  };
}

/** The Identity Center part of org.yaml. */
export const ACCESS_FRAGMENT = {
  users: {
    alice: { displayName: 'Alice Doe', email: 'alice@example.com' },
    bob: { displayName: 'Bob Roe', email: 'bob@example.com' },
    carol: { displayName: 'Carol Poe', email: 'carol@example.com' },
    dave: { displayName: 'Dave Loe', email: 'dave@example.com' },
  },
  groups: {
    Developers: { members: ['alice', 'bob'] },
    Platform: { members: ['carol'] },
    Auditors: { members: ['dave'] },
  },
  permissionSets: {
    Developer: {
      sessionDuration: 'PT4H',
      managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      inlinePolicy: doc(
        { Sid: 'Build', Effect: 'Allow', Action: ['lambda:*', 'logs:*', 'cloudwatch:*'], Resource: '*' },
        {
          Sid: 'ArtifactsFromTheOffice',
          Effect: 'Allow',
          Action: 's3:*',
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
        },
      ),
      customerManagedPolicies: [{ name: 'developer-extras', path: '/' }],
    },
    Admin: { sessionDuration: 'PT1H', managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
    ReadOnly: { managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
    TableOperator: {
      sessionDuration: 'PT1H',
      inlinePolicy: doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }),
    },
  },
  assignments: [
    { group: 'Developers', permissionSet: 'Developer', targets: ['ou:Workloads'] },
    { group: 'Platform', permissionSet: 'Admin', targets: ['root'] },
    { group: 'Auditors', permissionSet: 'ReadOnly', targets: ['ou:Workloads'] },
  ],
};

/** The per-account extras: nothing by default, DynamoDB in Shop Dev. */
const EXTRAS = {
  path: '/',
  description: 'what developers may do beyond the Developer set, per account',
  accounts: { 'Shop Dev': { document: doc({ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }) } },
};

/** The time-bound assignment: bob operates Prod tables for a month. */
export function timeBoundAssignment(now: Date) {
  const until = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 30));
  return {
    user: 'bob',
    permissionSet: 'TableOperator',
    targets: ['account:Shop Prod'],
    until: until.toISOString().replace('.000Z', 'Z'),
  };
}

/** Roles Dev and SRE in the three workload accounts, trusting the hub (SRE only with MFA). */
async function jumpRoles(factory: ClientFactory): Promise<void> {
  const hub = `arn:aws:iam::${ACCESS_ACCOUNTS.Hub}:root`;
  for (const name of MEMBERS) {
    const iam = factory.assumeRole(ACCESS_ACCOUNTS[name], MEMBER_ROLE).iam();
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'Dev',
        AssumeRolePolicyDocument: JSON.stringify(
          doc({ Effect: 'Allow', Principal: { AWS: hub }, Action: 'sts:AssumeRole' }),
        ),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'Dev',
        PolicyName: 'develop',
        PolicyDocument: JSON.stringify(
          doc({ Effect: 'Allow', Action: ['lambda:*', 'logs:*'], Resource: '*' }),
        ),
      }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'SRE',
        AssumeRolePolicyDocument: JSON.stringify(
          doc({
            Effect: 'Allow',
            Principal: { AWS: hub },
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          }),
        ),
      }),
    );
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'SRE',
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
    );
  }
}

/** org.yaml from `import`, with the Identity Center part merged in and the extras declared. */
function writeConfig(dir: string, files: ReadonlyMap<string, string>, now: Date): string {
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  const path = join(dir, 'org.yaml');
  const fragment = {
    ...ACCESS_FRAGMENT,
    assignments: [...ACCESS_FRAGMENT.assignments, timeBoundAssignment(now)],
  };
  const merged = mergeIdentityCenterFragment('org.yaml', readFileSync(path, 'utf8'), fragment);
  const yaml = parseDocument(merged.text);
  yaml.setIn(['identityCenter', 'customerManagedPolicies', 'developer-extras'], yaml.createNode(EXTRAS));
  writeFileSync(path, yaml.toString());
  return path;
}

/** Builds the world on the sandbox behind `factory`; org.yaml (and its policy files) go to `dir`. */
export async function setUpAccessWorld(factory: ClientFactory, dir: string, now: Date): Promise<string> {
  await jumpRoles(factory);
  const imported = await importOrganization({ factory });
  for (const [name] of imported.files) mkdirSync(join(dir, name, '..'), { recursive: true });
  const config = writeConfig(dir, imported.files, now);
  const changes = await plan({ config, factory, now });
  const applied = await apply({
    config: changes.plan,
    factory,
    confirmed: true,
    poll: { accountsMs: 10, identityCenterMs: 10 },
  });
  if (applied.failed > 0) throw new Error(`the access world's apply failed ${applied.failed} operation(s)`);
  return config;
}
