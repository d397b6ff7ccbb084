/**
 * A small catalogue of AWS-managed policies (`arn:aws:iam::aws:policy/...`), the same in every account.
 * The documents are the sandbox's own short statements of each policy's intent, not AWS's texts.
 */
import type { ManagedPolicyState } from './state.js';
import { TASK_POLICIES, TASK_POLICY_PATH } from './task-policies.js';

export interface AwsManagedPolicy extends ManagedPolicyState {
  /** The root-task policies are session policies for `sts:AssumeRoot`, not attachable to principals. */
  attachable: boolean;
}

const CREATED = '2015-02-06T18:39:46.000Z';

function allow(actions: string | string[], resource: string | string[] = '*'): Record<string, unknown> {
  return { Effect: 'Allow', Action: actions, Resource: resource };
}

function doc(...statements: Array<Record<string, unknown>>): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

function policyId(name: string): string {
  // Stable per name: ANPA + 17 characters derived from the name.
  let hash = 2166136261;
  let out = '';
  for (let i = 0; out.length < 17; i++) {
    hash = Math.imul(hash ^ name.charCodeAt(i % name.length), 16777619) >>> 0;
    out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[hash % 32];
  }
  return `ANPA${out}`;
}

function managed(
  path: string,
  name: string,
  description: string,
  document: string,
  attachable = true,
): AwsManagedPolicy {
  return {
    policyName: name,
    policyId: policyId(name),
    arn: `arn:aws:iam::aws:policy${path}${name}`,
    path,
    description,
    createDate: CREATED,
    updateDate: CREATED,
    versions: [{ versionId: 'v1', document, isDefault: true, createDate: CREATED }],
    tags: [],
    attachable,
  };
}

const READ_ACTIONS = ['*:Describe*', '*:Get*', '*:List*'];

const catalogue: AwsManagedPolicy[] = [
  managed('/', 'AdministratorAccess', 'Provides full access to AWS services and resources.', doc(allow('*'))),
  managed(
    '/',
    'PowerUserAccess',
    'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    doc(
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      allow([
        'iam:CreateServiceLinkedRole',
        'iam:ListRoles',
        'organizations:DescribeOrganization',
        'account:ListRegions',
      ]),
    ),
  ),
  managed(
    '/',
    'ReadOnlyAccess',
    'Provides read-only access to AWS services and resources.',
    doc(allow(READ_ACTIONS)),
  ),
  managed(
    '/',
    'SecurityAudit',
    'The security audit template grants access to read security configuration metadata.',
    doc(
      allow([
        '*:Describe*',
        '*:GetBucketPolicy',
        '*:GetAccountSummary',
        '*:List*',
        'iam:GenerateCredentialReport',
        'iam:GetCredentialReport',
      ]),
    ),
  ),
  managed('/', 'AWSSupportAccess', 'Allow users to access the AWS Support Center.', doc(allow('support:*'))),
  managed(
    '/job-function/',
    'ViewOnlyAccess',
    'This policy grants permissions to view resources and basic metadata across all AWS services.',
    doc(allow(['*:List*', '*:Describe*'])),
  ),
  managed(
    '/job-function/',
    'Billing',
    'Grants permissions for billing and cost management.',
    doc(allow(['aws-portal:*', 'budgets:*', 'ce:*', 'cur:*', 'billing:*', 'payments:*', 'tax:*'])),
  ),
  managed(
    '/job-function/',
    'SupportUser',
    'This policy grants permissions to troubleshoot and resolve issues in an AWS account.',
    doc(allow(['support:*', ...READ_ACTIONS])),
  ),
  managed(
    '/service-role/',
    'AWSConfigRoleForOrganizations',
    'Allows AWS Config to call AWS Organizations APIs (for an organization aggregator).',
    doc(
      allow([
        'organizations:DescribeOrganization',
        'organizations:ListAccounts',
        'organizations:ListAWSServiceAccessForOrganization',
        'organizations:ListDelegatedAdministrators',
      ]),
    ),
  ),
  ...[...TASK_POLICIES.values()].map((task) =>
    managed(
      TASK_POLICY_PATH,
      task.name,
      task.description,
      doc(
        { Effect: 'Deny', NotAction: [...task.actions], Resource: '*' },
        { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:iam::*:root' },
        allow([...task.actions]),
      ),
      false,
    ),
  ),
];

export const AWS_MANAGED_POLICIES: ReadonlyMap<string, AwsManagedPolicy> = new Map(
  catalogue.map((p) => [p.arn, p]),
);

export function isAwsManagedArn(arn: string): boolean {
  return arn.startsWith('arn:aws:iam::aws:policy/');
}
