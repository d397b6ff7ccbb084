/**
 * The privileged root tasks (docs/root.md#recovery-and-unlock-tasks), each in two halves: `prepare…`
 * reads what is there (so the user sees it before confirming), `run…` does the one change. Every task
 * runs in its own root session.
 */
import { CreateLoginProfileCommand, GetLoginProfileCommand } from '@aws-sdk/client-iam';
import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { ROOT_TASK_POLICIES, type ClientFactory } from '../aws/clients.js';
import { OrgwardError, UsageError } from '../errors/index.js';
import { isAwsCode, isEntityAlreadyExists, isNoSuchEntity } from '../aws/errors.js';

export type RootTask = 'unlock-bucket' | 'unlock-queue' | 'allow-password-recovery';

export interface TaskPlan {
  task: RootTask;
  accountId: string;
  /** The bucket name or queue URL. */
  resource: string;
  /** The policy that will be removed (absent when there is none: nothing to do). */
  policy?: string;
  /** Nothing to do, and why. */
  nothingToDo?: string;
  /** What the change is, in words. */
  change: string;
}

function refused(message: string, hint: string): OrgwardError {
  return new OrgwardError('ROOT_TASK_REFUSED', message, { source: 'user', hint });
}

export async function prepareUnlockBucket(
  factory: ClientFactory,
  accountId: string,
  bucket: string,
): Promise<TaskPlan> {
  const s3 = factory.assumeRoot(accountId, ROOT_TASK_POLICIES.s3UnlockBucketPolicy).s3();
  const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
  if (!buckets.some((b) => b.Name === bucket))
    throw new UsageError(
      `account ${accountId} has no bucket "${bucket}"`,
      `its buckets: ${buckets.map((b) => b.Name).join(', ') || 'none'}`,
    );
  const base = { task: 'unlock-bucket' as const, accountId, resource: bucket };
  try {
    const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? '';
    return {
      ...base,
      policy,
      change: `delete the bucket policy of ${bucket} (s3:DeleteBucketPolicy as the root user)`,
    };
  } catch (error) {
    if (!isAwsCode(error, 'NoSuchBucketPolicy')) throw error;
    return { ...base, nothingToDo: `${bucket} has no bucket policy`, change: 'none' };
  }
}

export async function runUnlockBucket(factory: ClientFactory, plan: TaskPlan): Promise<void> {
  const s3 = factory.assumeRoot(plan.accountId, ROOT_TASK_POLICIES.s3UnlockBucketPolicy).s3();
  await s3.send(new DeleteBucketPolicyCommand({ Bucket: plan.resource }));
}

/** `https://sqs.<region>.amazonaws.com/<account>/<name>`: the account must be the one named. */
export function parseQueueUrl(url: string, accountId: string): { region?: string; name: string } {
  const match = /^https?:\/\/([^/]+)\/(\d{12})\/([A-Za-z0-9_.-]+)\/?$/.exec(url);
  if (!match)
    throw new UsageError(
      `--queue ${url} is not a queue URL`,
      'pass the URL as SQS shows it: https://sqs.<region>.amazonaws.com/<account>/<queue>',
    );
  if (match[2] !== accountId)
    throw new UsageError(
      `--queue ${url} belongs to account ${match[2]}, not ${accountId}`,
      'pass the queue owner as --account',
    );
  const region = /^sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(match[1]!)?.[1];
  return { ...(region ? { region } : {}), name: match[3]! };
}

export async function prepareUnlockQueue(
  factory: ClientFactory,
  accountId: string,
  queueUrl: string,
): Promise<TaskPlan> {
  const { region } = parseQueueUrl(queueUrl, accountId);
  // The URL names the queue and its region; where the call goes is the factory's SQS endpoint (a custom
  // one, e.g. AWS_ENDPOINT_URL, gets it even though the URL names AWS's host).
  const sqs = factory.assumeRoot(accountId, ROOT_TASK_POLICIES.sqsUnlockQueuePolicy).sqs(region);
  const attributes =
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] })))
      .Attributes ?? {};
  const base = { task: 'unlock-queue' as const, accountId, resource: queueUrl };
  if (!attributes.Policy) return { ...base, nothingToDo: 'the queue has no policy', change: 'none' };
  return {
    ...base,
    policy: attributes.Policy,
    change: 'remove the queue policy (sqs:SetQueueAttributes Policy="" as the root user)',
  };
}

export async function runUnlockQueue(factory: ClientFactory, plan: TaskPlan): Promise<void> {
  const { region } = parseQueueUrl(plan.resource, plan.accountId);
  const sqs = factory.assumeRoot(plan.accountId, ROOT_TASK_POLICIES.sqsUnlockQueuePolicy).sqs(region);
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: plan.resource, Attributes: { Policy: '' } }));
}

export async function preparePasswordRecovery(factory: ClientFactory, accountId: string): Promise<TaskPlan> {
  const iam = factory.assumeRoot(accountId, ROOT_TASK_POLICIES.createRootUserPassword).iam();
  const base = { task: 'allow-password-recovery' as const, accountId, resource: 'root user' };
  try {
    await iam.send(new GetLoginProfileCommand({}));
    return { ...base, nothingToDo: 'the root user already has a password', change: 'none' };
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
  }
  return {
    ...base,
    change:
      'create a root login profile without a password (iam:CreateLoginProfile): whoever receives the root email can then reset the password',
  };
}

export async function runPasswordRecovery(factory: ClientFactory, plan: TaskPlan): Promise<void> {
  const iam = factory.assumeRoot(plan.accountId, ROOT_TASK_POLICIES.createRootUserPassword).iam();
  try {
    await iam.send(new CreateLoginProfileCommand({}));
  } catch (error) {
    if (isEntityAlreadyExists(error))
      throw refused(`account ${plan.accountId}'s root user got a password meanwhile`, 'nothing to do');
    throw error;
  }
}
