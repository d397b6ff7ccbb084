/**
 * EventBridge state per account and region: `account.services.events[region]`. Only the `default`
 * event bus exists; it holds the rules and the last {@link EVENT_HISTORY} accepted events.
 */
import type { AccountRecord } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';

export const KEY = 'events';

/** Accepted events kept per account and region; older ones are dropped (the count keeps growing). */
export const EVENT_HISTORY = 1000;

export const DEFAULT_BUS = 'default';

export interface StoredEvent {
  eventId: string;
  source: string;
  detailType: string;
  /** The Detail text as sent (a JSON object). */
  detail: string;
  resources: string[];
  /** The bus named by the entry (name or ARN as sent; `default` when omitted). */
  eventBusName: string;
  /** The entry's `Time`, or the time of the call. */
  time: string;
  receivedAt: string;
  traceHeader?: string;
}

export interface RuleRecord {
  name: string;
  eventBusName: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: string;
  description?: string;
  roleArn?: string;
  createdBy: string;
  createdAt: string;
  tags: Record<string, string>;
}

export interface EventsRegionState {
  /** Every event accepted in this account and region, including those no longer kept. */
  acceptedCount: number;
  events: StoredEvent[];
  /** Rules of the default bus, by name. */
  rules: Record<string, RuleRecord>;
}

export function eventsState(account: AccountRecord, region: string): EventsRegionState {
  return regionalState(account, KEY, region, () => ({ acceptedCount: 0, events: [], rules: {} }));
}

export function peekEvents(
  account: AccountRecord | undefined,
  region: string,
): EventsRegionState | undefined {
  return peekRegional<EventsRegionState>(account, KEY, region);
}

export const busArn = (region: string, accountId: string, name = DEFAULT_BUS) =>
  `arn:aws:events:${region}:${accountId}:event-bus/${name}`;

/** Rules of the default bus have no bus segment in their ARN. */
export const ruleArn = (
  region: string,
  accountId: string,
  rule: Pick<RuleRecord, 'name' | 'eventBusName'>,
) =>
  rule.eventBusName === DEFAULT_BUS
    ? `arn:aws:events:${region}:${accountId}:rule/${rule.name}`
    : `arn:aws:events:${region}:${accountId}:rule/${rule.eventBusName}/${rule.name}`;
