/** CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, GetQueueAttributes, SetQueueAttributes and tags. */
import { AwsError } from '../../errors.js';
import { optInt, optRecord, optString, reqString, stringList, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount } from '../../world.js';
import { authorize, queueDoesNotExist, requireQueue } from './access.js';
import { DEFAULT_ATTRIBUTES, peekQueues, queueArn, queueUrl, sqsState, type QueueState } from './state.js';

const NAME_RE = /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
const SETTABLE = new Set([
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'Policy',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
]);
const READ_ONLY = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
];

const invalidName = (name: string) => new AwsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
const invalidValue = (message: string) => new AwsError('InvalidAttributeValue', message);

function readAttributes(input: Input, member: string, creating: boolean): Record<string, string> {
  const raw = (optRecord(input, member) ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!SETTABLE.has(name) || (!creating && name === 'FifoQueue')) throw invalidName(name);
    if (typeof value !== 'string') throw invalidValue(`Invalid value for the parameter ${name}.`);
    if (name === 'Policy' && value !== '') {
      try {
        JSON.parse(value);
      } catch {
        throw invalidValue('Invalid value for the parameter Policy.');
      }
    }
    out[name] = value;
  }
  return out;
}

const epoch = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));

function allAttributes(queue: QueueState): Record<string, string> {
  return {
    ...queue.attributes,
    QueueArn: queueArn(queue),
    ApproximateNumberOfMessages: '0',
    ApproximateNumberOfMessagesNotVisible: '0',
    ApproximateNumberOfMessagesDelayed: '0',
    CreatedTimestamp: epoch(queue.createdAt),
    LastModifiedTimestamp: epoch(queue.modifiedAt),
  };
}

const createQueue: Handler = (ctx, input) => {
  const name = reqString(input, 'QueueName');
  if (!NAME_RE.test(name))
    throw invalidValue(
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.',
    );
  const attributes = readAttributes(input, 'Attributes', true);
  if (name.endsWith('.fifo') !== (attributes.FifoQueue === 'true'))
    throw invalidValue(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix.',
    );
  const state = sqsState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  const existing = state.queues[name];
  const wanted = { ...DEFAULT_ATTRIBUTES, ...attributes };
  if (existing) {
    const differs = Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v);
    if (differs)
      throw new AwsError(
        'QueueNameExists',
        `A queue already exists with the same name and a different value for attribute(s).`,
      );
    return { QueueUrl: queueUrl(existing) };
  }
  const at = ctx.now.toISOString();
  const queue: QueueState = {
    name,
    accountId: ctx.caller.accountId,
    region: ctx.region,
    attributes: wanted,
    tags: (optRecord(input, 'tags') as Record<string, string> | undefined) ?? {},
    createdAt: at,
    modifiedAt: at,
  };
  state.queues[name] = queue;
  return { QueueUrl: queueUrl(queue) };
};

const getQueueUrl: Handler = (ctx, input) => {
  const name = reqString(input, 'QueueName');
  const owner = optString(input, 'QueueOwnerAWSAccountId') ?? ctx.caller.accountId;
  const queue = peekQueues(ctx.world.accounts[owner], ctx.region)?.queues[name];
  if (!queue) throw queueDoesNotExist();
  authorize(ctx, queue);
  return { QueueUrl: queueUrl(queue) };
};

const listQueues: Handler = (ctx, input) => {
  const prefix = optString(input, 'QueueNamePrefix') ?? '';
  const size = optInt(input, 'MaxResults', { min: 1, max: 1000 });
  const queues = Object.values(peekQueues(ctx.world.accounts[ctx.caller.accountId], ctx.region)?.queues ?? {})
    .filter((q) => q.name.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (size === undefined) return { QueueUrls: queues.slice(0, 1000).map(queueUrl) };
  const page = ctx.page(queues, optString(input, 'NextToken'), size, `queues:${prefix}`, {
    max: 1000,
    defaultSize: 1000,
    invalidToken: () => invalidValue('Invalid NextToken value.'),
  });
  return { QueueUrls: page.items.map(queueUrl), NextToken: page.nextToken };
};

const deleteQueue: Handler = (ctx, input) => {
  const queue = requireQueue(ctx, reqString(input, 'QueueUrl'));
  delete sqsState(ensureAccount(ctx.world, queue.accountId, ctx.now), queue.region).queues[queue.name];
  return {};
};

const getQueueAttributes: Handler = (ctx, input) => {
  const queue = requireQueue(ctx, reqString(input, 'QueueUrl'));
  const names = stringList(input, 'AttributeNames');
  const all = allAttributes(queue);
  if (names.includes('All')) return { Attributes: all };
  const out: Record<string, string> = {};
  for (const name of names) {
    if (!SETTABLE.has(name) && !READ_ONLY.includes(name)) throw invalidName(name);
    const value = all[name];
    if (value !== undefined) out[name] = value;
  }
  return names.length === 0 ? {} : { Attributes: out };
};

const setQueueAttributes: Handler = (ctx, input) => {
  const queue = requireQueue(ctx, reqString(input, 'QueueUrl'));
  for (const [name, value] of Object.entries(readAttributes(input, 'Attributes', false))) {
    if (name === 'Policy' && value === '') delete queue.attributes.Policy;
    else queue.attributes[name] = value;
  }
  queue.modifiedAt = ctx.now.toISOString();
  return {};
};

function tagged(ctx: CallContext, input: Input): QueueState {
  return requireQueue(ctx, reqString(input, 'QueueUrl'));
}

const tagQueue: Handler = (ctx, input) => {
  const queue = tagged(ctx, input);
  const tags = (optRecord(input, 'Tags') ?? {}) as Record<string, string>;
  const merged = { ...queue.tags, ...tags };
  if (Object.keys(merged).length > 50) throw invalidValue('Too many tags (at most 50).');
  queue.tags = merged;
  return {};
};

const untagQueue: Handler = (ctx, input) => {
  const queue = tagged(ctx, input);
  for (const key of stringList(input, 'TagKeys')) delete queue.tags[key];
  return {};
};

const listQueueTags: Handler = (ctx, input) => ({ Tags: tagged(ctx, input).tags });

export const sqsQueueOperations: Record<string, Handler> = {
  CreateQueue: createQueue,
  GetQueueUrl: getQueueUrl,
  ListQueues: listQueues,
  DeleteQueue: deleteQueue,
  GetQueueAttributes: getQueueAttributes,
  SetQueueAttributes: setQueueAttributes,
  TagQueue: tagQueue,
  UntagQueue: untagQueue,
  ListQueueTags: listQueueTags,
};
