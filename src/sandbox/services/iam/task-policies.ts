/**
 * The five AWS-managed root-task policies (centralized root access): the only actions each lets an
 * `sts:AssumeRoot` session perform in the member account (those AWS's documentation of each policy
 * lists), and the organization feature `AssumeRoot` requires for it (SPEC.md explains the choice).
 */
export const TASK_POLICY_PATH = '/root-task/';
export const TASK_POLICY_PREFIX = `arn:aws:iam::aws:policy${TASK_POLICY_PATH}`;

export type IamOrganizationsFeature = 'RootCredentialsManagement' | 'RootSessions';

export interface TaskPolicy {
  name: string;
  description: string;
  /** `service:Action`, exactly as IAM spells actions. */
  actions: readonly string[];
  requiredFeature: IamOrganizationsFeature;
}

const AUDIT_READS = [
  'iam:GetLoginProfile',
  'iam:ListAccessKeys',
  'iam:GetAccessKeyLastUsed',
  'iam:ListSigningCertificates',
  'iam:ListMFADevices',
  'iam:GetUser',
];

const list: TaskPolicy[] = [
  {
    name: 'IAMAuditRootUserCredentials',
    description: 'Read the root user credentials of a member account.',
    actions: ['iam:GetAccountSummary', ...AUDIT_READS],
    requiredFeature: 'RootCredentialsManagement',
  },
  {
    name: 'IAMDeleteRootUserCredentials',
    description: 'Delete the root user credentials of a member account.',
    actions: [
      ...AUDIT_READS,
      'iam:DeleteLoginProfile',
      'iam:DeleteAccessKey',
      'iam:DeleteSigningCertificate',
      'iam:DeactivateMFADevice',
      'iam:DeleteVirtualMFADevice',
    ],
    requiredFeature: 'RootCredentialsManagement',
  },
  {
    name: 'IAMCreateRootUserPassword',
    description: 'Allow password recovery for the root user of a member account.',
    actions: ['iam:CreateLoginProfile', 'iam:GetLoginProfile'],
    requiredFeature: 'RootCredentialsManagement',
  },
  {
    name: 'S3UnlockBucketPolicy',
    description: 'Remove or replace a bucket policy that locks everyone out.',
    actions: ['s3:ListAllMyBuckets', 's3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
    requiredFeature: 'RootSessions',
  },
  {
    name: 'SQSUnlockQueuePolicy',
    description: 'Remove or replace a queue policy that locks everyone out.',
    actions: ['sqs:ListQueues', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes', 'sqs:SetQueueAttributes'],
    requiredFeature: 'RootSessions',
  },
];

/** Task policies by ARN. */
export const TASK_POLICIES: ReadonlyMap<string, TaskPolicy> = new Map(
  list.map((policy) => [TASK_POLICY_PREFIX + policy.name, policy]),
);

const allowed = new Map<string, ReadonlySet<string>>(
  [...TASK_POLICIES].map(([arn, policy]) => [arn, new Set(policy.actions.map((a) => a.toLowerCase()))]),
);

/** Whether the task policy lets a root session perform `action` (`iam:ListAccessKeys`; case-insensitive). */
export function taskPolicyAllows(taskPolicyArn: string, action: string): boolean {
  return allowed.get(taskPolicyArn)?.has(action.toLowerCase()) ?? false;
}
