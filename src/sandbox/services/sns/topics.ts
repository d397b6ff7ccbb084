/** CreateTopic, ListTopics, GetTopicAttributes, SetTopicAttributes, DeleteTopic. */
import { AwsError } from '../../errors.js';
import { optRecord, optString, reqString, tagList } from '../../input.js';
import { xmlMap } from '../../protocols/xml.js';
import { typedOperations, type CallContext } from '../../service.js';
import { grantsCrossAccount } from '../../shared/resource-policy.js';
import { ensureAccount } from '../../world.js';
import type {
  CreateTopicInput,
  DeleteTopicInput,
  GetTopicAttributesInput,
  ListTopicsInput,
  Operations,
  SetTopicAttributesInput,
} from './shapes.generated.js';
import {
  DEFAULT_EFFECTIVE_DELIVERY_POLICY,
  FIFO_TOPIC_NAME_RE,
  newTopic,
  peekTopics,
  snsState,
  TOPIC_NAME_RE,
  topicArn,
  type TopicState,
} from './state.js';

export const invalidParameter = (what: string) =>
  new AwsError('InvalidParameter', `Invalid parameter: ${what}`);
const notFound = () => new AwsError('NotFound', 'Topic does not exist', { status: 404 });

const FEEDBACK = ['Application', 'Firehose', 'HTTP', 'Lambda', 'SQS'].flatMap((protocol) => [
  `${protocol}SuccessFeedbackRoleArn`,
  `${protocol}SuccessFeedbackSampleRate`,
  `${protocol}FailureFeedbackRoleArn`,
]);
/** Attributes SetTopicAttributes (and CreateTopic) may set. */
const SETTABLE = new Set([
  'DeliveryPolicy',
  'DisplayName',
  'Policy',
  'TracingConfig',
  'KmsMasterKeyId',
  'SignatureVersion',
  'ContentBasedDeduplication',
  'ArchivePolicy',
  'FifoThroughputScope',
  ...FEEDBACK,
]);
const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'ArchivePolicy', 'FifoThroughputScope']);

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** Checks one attribute a caller sets; `fifo` says whether the topic is a FIFO topic. */
function checkAttribute(name: string, value: string, fifo: boolean): void {
  if (!SETTABLE.has(name) || (FIFO_ONLY.has(name) && !fifo)) throw invalidParameter(`AttributeName`);
  const fails = (why: string) => invalidParameter(`${name}${why ? ` Reason: ${why}` : ''}`);
  switch (name) {
    case 'Policy':
      if (!isJsonObject(value)) throw fails('the policy is not a JSON object');
      return;
    case 'DeliveryPolicy':
    case 'ArchivePolicy':
      if (value !== '' && !isJsonObject(value)) throw fails('not a JSON object');
      return;
    case 'DisplayName':
      if (value.length > 100) throw fails('at most 100 characters');
      return;
    case 'TracingConfig':
      if (value !== 'PassThrough' && value !== 'Active') throw fails('PassThrough or Active');
      return;
    case 'SignatureVersion':
      if (value !== '1' && value !== '2') throw fails('1 or 2');
      return;
    case 'ContentBasedDeduplication':
      if (value !== 'true' && value !== 'false') throw fails('true or false');
      return;
    case 'FifoThroughputScope':
      if (value !== 'Topic' && value !== 'MessageGroup') throw fails('Topic or MessageGroup');
      return;
    default:
      return;
  }
}

const ARN_RE = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]+)$/;

/**
 * The topic a `TopicArn` names, or undefined when it does not exist; throws for an ARN that is not a
 * topic ARN of the call's region. A topic in another account is reached only when its policy grants the
 * call's action to the caller's account (shared/resource-policy.ts).
 */
function lookUp(ctx: CallContext, arn: string): TopicState | undefined {
  const match = ARN_RE.exec(arn);
  if (!match || match[1] !== ctx.region) throw invalidParameter('TopicArn');
  const [, region, accountId, name] = match as unknown as [string, string, string, string];
  const topic = peekTopics(ctx.world.accounts[accountId], region)?.topics[name];
  const own = ctx.caller.accountId;
  if (accountId !== own) {
    const action = `SNS:${ctx.operation}`;
    const caller = { accountId: own, organizationId: ctx.world.accounts[own]?.organizationId };
    if (!topic || !grantsCrossAccount(topic.attributes.Policy, caller, action))
      throw new AwsError(
        'AuthorizationError',
        `User: ${ctx.caller.arn} is not authorized to perform: ${action} on resource: ${arn} because no resource-based policy allows the ${action} action`,
        { status: 403 },
      );
  }
  return topic;
}

function requireTopic(ctx: CallContext, arn: string): TopicState {
  const topic = lookUp(ctx, arn);
  if (!topic) throw notFound();
  return topic;
}

/**
 * The query protocol writes a map as `<entry><key/><value/></entry>` when it is given an XmlMap; the
 * model types the member as the record it stands for.
 */
const queryMap = (record: Record<string, string>) => xmlMap(record) as unknown as Record<string, string>;

function allAttributes(topic: TopicState): Record<string, string> {
  return {
    ...topic.attributes,
    TopicArn: topicArn(topic),
    Owner: topic.accountId,
    SubscriptionsPending: '0',
    SubscriptionsConfirmed: '0',
    SubscriptionsDeleted: '0',
    EffectiveDeliveryPolicy: topic.attributes.DeliveryPolicy || DEFAULT_EFFECTIVE_DELIVERY_POLICY,
  };
}

function createTopic(ctx: CallContext, input: CreateTopicInput) {
  const name = reqString(input, 'Name');
  const raw = (optRecord(input, 'Attributes') ?? {}) as Record<string, unknown>;
  const fifo = raw.FifoTopic === 'true';
  if (!(fifo ? FIFO_TOPIC_NAME_RE : TOPIC_NAME_RE).test(name)) throw invalidParameter('Topic Name');
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw invalidParameter(`Attributes Reason: ${key} is not a string`);
    if (key === 'FifoTopic') {
      if (value !== 'true' && value !== 'false') throw invalidParameter('Attributes Reason: FifoTopic');
      if (fifo) attributes.FifoTopic = value;
      continue;
    }
    checkAttribute(key, value, fifo);
    attributes[key] = value;
  }
  optString(input, 'DataProtectionPolicy', { max: 30_720 });
  const tags = tagList(input, 'Tags');
  if (tags.length > 50)
    throw new AwsError('TagLimitExceeded', 'Could not complete request: tag quota exceeded');

  const state = snsState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  const existing = state.topics[name];
  if (existing) {
    // CreateTopic is idempotent: the same name with the same attributes answers the same topic
    if (Object.entries(attributes).some(([key, value]) => existing.attributes[key] !== value))
      throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
    return { TopicArn: topicArn(existing) };
  }
  const topic = newTopic(ctx.caller.accountId, ctx.region, name, ctx.now, attributes, tags);
  state.topics[name] = topic;
  return { TopicArn: topicArn(topic) };
}

function listTopics(ctx: CallContext, input: ListTopicsInput) {
  const topics = Object.values(peekTopics(ctx.world.accounts[ctx.caller.accountId], ctx.region)?.topics ?? {})
    .map(topicArn)
    .sort();
  const page = ctx.page(topics, optString(input, 'NextToken'), undefined, `sns:ListTopics:${ctx.region}`, {
    max: 100,
    defaultSize: 100,
    invalidToken: () => invalidParameter('NextToken'),
  });
  return { Topics: page.items.map((arn) => ({ TopicArn: arn })), NextToken: page.nextToken };
}

function getTopicAttributes(ctx: CallContext, input: GetTopicAttributesInput) {
  const topic = requireTopic(ctx, reqString(input, 'TopicArn'));
  return { Attributes: queryMap(allAttributes(topic)) };
}

function setTopicAttributes(ctx: CallContext, input: SetTopicAttributesInput) {
  const topic = requireTopic(ctx, reqString(input, 'TopicArn'));
  const name = reqString(input, 'AttributeName');
  const value = optString(input, 'AttributeValue') ?? '';
  checkAttribute(name, value, topic.attributes.FifoTopic === 'true');
  // an empty value clears an optional attribute (DeliveryPolicy, KmsMasterKeyId, ...)
  if (value === '' && name !== 'DisplayName') delete topic.attributes[name];
  else topic.attributes[name] = value;
  return {};
}

function deleteTopic(ctx: CallContext, input: DeleteTopicInput) {
  // deleting a topic that does not exist is not an error
  const topic = lookUp(ctx, reqString(input, 'TopicArn'));
  if (topic)
    delete snsState(ensureAccount(ctx.world, topic.accountId, ctx.now), topic.region).topics[topic.name];
  return {};
}

export const snsOperations = typedOperations<Operations>()({
  CreateTopic: createTopic,
  ListTopics: listTopics,
  GetTopicAttributes: getTopicAttributes,
  SetTopicAttributes: setTopicAttributes,
  DeleteTopic: deleteTopic,
});
