/**
 * SQS state per account and region: `account.services.sqs[region].queues[name]`.
 *
 * Queue URLs have the form AWS answers today, `https://sqs.<region>.amazonaws.com/<account>/<name>`,
 * whatever endpoint the client uses; the sandbox accepts any host and reads account and name from the
 * path (and the region from the host when it has the AWS form).
 */
import type { AccountRecord } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';

export const KEY = 'sqs';

export interface QueueState {
  name: string;
  accountId: string;
  region: string;
  /** Settable attributes (Policy, VisibilityTimeout, ...), as strings. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAt: string;
  modifiedAt: string;
}

export interface SqsRegionState {
  queues: Record<string, QueueState>;
}

export function sqsState(account: AccountRecord, region: string): SqsRegionState {
  return regionalState(account, KEY, region, () => ({ queues: {} }));
}

export function peekQueues(account: AccountRecord | undefined, region: string): SqsRegionState | undefined {
  return peekRegional<SqsRegionState>(account, KEY, region);
}

export const queueUrl = (q: Pick<QueueState, 'region' | 'accountId' | 'name'>) =>
  `https://sqs.${q.region}.amazonaws.com/${q.accountId}/${q.name}`;

export const queueArn = (q: Pick<QueueState, 'region' | 'accountId' | 'name'>) =>
  `arn:aws:sqs:${q.region}:${q.accountId}:${q.name}`;

/** Attributes a new queue has unless CreateQueue sets them. */
export const DEFAULT_ATTRIBUTES: Record<string, string> = {
  VisibilityTimeout: '30',
  MaximumMessageSize: '262144',
  MessageRetentionPeriod: '345600',
  DelaySeconds: '0',
  ReceiveMessageWaitTimeSeconds: '0',
  SqsManagedSseEnabled: 'true',
};
