/**
 * SNS state per account and region: `account.services.sns[region].topics[name]`. A topic keeps the
 * attributes that were set (Policy, DisplayName, ...) as strings; the read-only ones (TopicArn, Owner,
 * subscription counts, EffectiveDeliveryPolicy) are computed when read.
 */
import type { AccountRecord } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';

export const KEY = 'sns';

export interface TopicState {
  name: string;
  accountId: string;
  region: string;
  attributes: Record<string, string>;
  tags: Array<{ Key: string; Value: string }>;
  createdAt: string;
}

export interface SnsRegionState {
  topics: Record<string, TopicState>;
}

export function snsState(account: AccountRecord, region: string): SnsRegionState {
  return regionalState(account, KEY, region, () => ({ topics: {} }));
}

export function peekTopics(account: AccountRecord | undefined, region: string): SnsRegionState | undefined {
  return peekRegional<SnsRegionState>(account, KEY, region);
}

export const topicArn = (t: Pick<TopicState, 'region' | 'accountId' | 'name'>) =>
  `arn:aws:sns:${t.region}:${t.accountId}:${t.name}`;

/** Topic names: 1–256 letters, digits, hyphens and underscores; a FIFO topic's ends in `.fifo`. */
export const TOPIC_NAME_RE = /^[A-Za-z0-9_-]{1,256}$/;
export const FIFO_TOPIC_NAME_RE = /^[A-Za-z0-9_-]{1,251}\.fifo$/;

/**
 * The access policy AWS gives a topic created without one: every action on the topic for principals
 * of the owning account (`AWS:SourceOwner`).
 */
export function defaultTopicPolicy(topic: Pick<TopicState, 'region' | 'accountId' | 'name'>): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn(topic),
        Condition: { StringEquals: { 'AWS:SourceOwner': topic.accountId } },
      },
    ],
  });
}

/** The delivery policy AWS reports (`EffectiveDeliveryPolicy`) for a topic that sets none. */
export const DEFAULT_EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

/** A new topic, for CreateTopic and the seeder. */
export function newTopic(
  accountId: string,
  region: string,
  name: string,
  at: Date,
  attributes: Record<string, string>,
  tags: TopicState['tags'] = [],
): TopicState {
  const base = { name, accountId, region };
  return {
    ...base,
    attributes: {
      Policy: defaultTopicPolicy(base),
      DisplayName: '',
      ...(name.endsWith('.fifo') ? { FifoTopic: 'true', ContentBasedDeduplication: 'false' } : {}),
      ...attributes,
    },
    tags,
    createdAt: at.toISOString(),
  };
}
