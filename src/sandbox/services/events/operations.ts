/**
 * Amazon EventBridge: PutEvents (validated, accepted events kept per account and region), rules on the
 * default bus (PutRule, DescribeRule, ListRules, DeleteRule) and DescribeEventBus. Behaviour: SPEC.md.
 */
import { AwsError } from '../../errors.js';
import { InputError, optInt, optList, optString, reqString, tagList, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { randomUuid } from '../../rng.js';
import { ensureAccount } from '../../world.js';
import {
  DEFAULT_BUS,
  EVENT_HISTORY,
  busArn,
  eventsState,
  peekEvents,
  ruleArn,
  type RuleRecord,
  type StoredEvent,
} from './state.js';

/** Entries per PutEvents call (PutEventsRequestEntryList max). */
export const MAX_ENTRIES = 10;
/** Total entry size per PutEvents call, computed as AWS documents it (see {@link entrySize}). */
export const MAX_REQUEST_BYTES = 256 * 1024;
/** ListRules page size bound (LimitMax100); also the page size when no Limit is sent. */
export const RULES_PAGE_MAX = 100;
/** Rules per event bus (AWS's default quota). */
export const MAX_RULES_PER_BUS = 300;

const RULE_NAME = { min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/ };
const BUS_NAME_OR_ARN = {
  min: 1,
  max: 1600,
  pattern: /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/,
};
const RULE_STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] as const;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** AWS's validation wording for a list member out of its length bounds. */
function listLength(member: string, rule: string): InputError {
  return new InputError(
    `1 validation error detected: Value '[PutEventsRequestEntry]' at '${member}' failed to satisfy constraint: Member must ${rule}`,
    rule.startsWith('not') ? 'required' : rule.includes('greater') ? 'min-length' : 'max-length',
    member,
  );
}

/** A bus name or `arn:…:event-bus/<name>` → the name. */
function busName(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined) return DEFAULT_BUS;
  const slash = nameOrArn.indexOf(':event-bus/');
  return slash >= 0 ? nameOrArn.slice(slash + ':event-bus/'.length) : nameOrArn;
}

/** Only the default bus exists in the sandbox. */
function requireBus(input: Input, member = 'EventBusName'): string {
  const name = busName(optString(input, member, BUS_NAME_OR_ARN));
  if (name !== DEFAULT_BUS)
    throw new AwsError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
  return name;
}

// ---------------------------------------------------------------------------------------------------
// PutEvents

interface EntryInput {
  time?: Date;
  source?: string;
  detailType?: string;
  detail?: string;
  resources: string[];
  eventBusName?: string;
  traceHeader?: string;
}

function readTime(entry: Input): Date | undefined {
  const raw = entry.Time;
  if (raw === undefined || raw === null) return undefined;
  // awsJson sends timestamps as epoch seconds; accept ISO text as well.
  const time =
    typeof raw === 'number' ? new Date(raw * 1000) : typeof raw === 'string' ? new Date(raw) : null;
  if (!time || Number.isNaN(time.getTime()))
    throw new InputError(
      `Value '${JSON.stringify(raw)}' at 'Time' is not a valid timestamp.`,
      'type',
      'Time',
    );
  return time;
}

function readEntry(raw: unknown, index: number): EntryInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InputError(
      `1 validation error detected: Value at 'entries.${index + 1}.member' failed to satisfy constraint: Member must be a structure`,
    );
  const entry = raw as Input;
  const resources = optList(entry, 'Resources') ?? [];
  for (const resource of resources)
    if (typeof resource !== 'string')
      throw new InputError(`Value at 'entries.${index + 1}.member.resources' must be a list of strings`);
  return {
    time: readTime(entry),
    source: optString(entry, 'Source'),
    detailType: optString(entry, 'DetailType'),
    detail: optString(entry, 'Detail'),
    resources: resources as string[],
    eventBusName: optString(entry, 'EventBusName', BUS_NAME_OR_ARN),
    traceHeader: optString(entry, 'TraceHeader', { min: 1, max: 500 }),
  };
}

/**
 * AWS's PutEvents entry size: Time counts 14 bytes when present; Source, DetailType, Detail and each
 * Resources entry count their UTF-8 bytes.
 */
export function entrySize(entry: EntryInput): number {
  let size = entry.time ? 14 : 0;
  size += utf8(entry.source ?? '') + utf8(entry.detailType ?? '') + utf8(entry.detail ?? '');
  for (const resource of entry.resources) size += utf8(resource);
  return size;
}

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

const invalidArgument = (member: string): EntryResult => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
});

/** Why AWS refuses an entry (reported in the entry's result, not as an error of the call). */
function entryFailure(entry: EntryInput): EntryResult | undefined {
  if (!entry.source) return invalidArgument('Source');
  if (!entry.detailType) return invalidArgument('DetailType');
  if (!entry.detail) return invalidArgument('Detail');
  let detail: unknown;
  try {
    detail = JSON.parse(entry.detail);
  } catch {
    detail = undefined;
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  // `aws.*` sources are reserved for AWS services.
  if (entry.source.startsWith('aws.'))
    return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  return undefined;
}

const putEvents: Handler = (ctx, input) => {
  const list = optList(input, 'Entries');
  if (list === undefined) throw listLength('entries', 'not be null');
  if (list.length < 1) throw listLength('entries', 'have length greater than or equal to 1');
  if (list.length > MAX_ENTRIES)
    throw listLength('entries', `have length less than or equal to ${MAX_ENTRIES}`);
  optString(input, 'EndpointId', { min: 1, max: 50, pattern: /^[A-Za-z0-9-]+[.][A-Za-z0-9-]+$/ });
  const entries = list.map(readEntry);
  const total = entries.reduce((sum, entry) => sum + entrySize(entry), 0);
  if (total > MAX_REQUEST_BYTES)
    throw new AwsError('ValidationException', 'Total size of the entries in the request is over the limit.');

  const state = eventsState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  let failed = 0;
  const results = entries.map((entry): EntryResult => {
    const failure = entryFailure(entry);
    if (failure) {
      failed++;
      return failure;
    }
    const event: StoredEvent = {
      eventId: randomUuid(ctx.world),
      source: entry.source!,
      detailType: entry.detailType!,
      detail: entry.detail!,
      resources: entry.resources,
      eventBusName: entry.eventBusName ?? DEFAULT_BUS,
      time: (entry.time ?? ctx.now).toISOString(),
      receivedAt: ctx.now.toISOString(),
      ...(entry.traceHeader !== undefined ? { traceHeader: entry.traceHeader } : {}),
    };
    state.events.push(event);
    state.acceptedCount++;
    return { EventId: event.eventId };
  });
  if (state.events.length > EVENT_HISTORY) state.events.splice(0, state.events.length - EVENT_HISTORY);
  return { FailedEntryCount: failed, Entries: results };
};

// ---------------------------------------------------------------------------------------------------
// Rules

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^()]+)\)$/;

function validSchedule(expression: string): boolean {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    // AWS wants the singular unit for 1 and the plural otherwise.
    return value >= 1 && (value === 1) === !rate[2]!.endsWith('s');
  }
  const cron = CRON.exec(expression);
  if (!cron) return false;
  const fields = cron[1]!.trim().split(/\s+/);
  // minutes hours day-of-month month day-of-week year; one of the two day fields must be `?`
  return fields.length === 6 && (fields[2] === '?') !== (fields[4] === '?');
}

function validatePattern(pattern: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(pattern);
  } catch {
    throw new AwsError('InvalidEventPatternException', 'Event pattern is not valid. Reason: Invalid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new AwsError(
      'InvalidEventPatternException',
      'Event pattern is not valid. Reason: Filter is not an object',
    );
}

function requireRule(ctx: CallContext, name: string, bus: string): RuleRecord {
  const rule = peekEvents(ctx.world.accounts[ctx.caller.accountId], ctx.region)?.rules[name];
  if (!rule)
    throw new AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`);
  return rule;
}

/** The members ListRules answers for a rule; DescribeRule adds CreatedBy. */
function ruleView(ctx: CallContext, rule: RuleRecord): Record<string, unknown> {
  return {
    Name: rule.name,
    Arn: ruleArn(ctx.region, ctx.caller.accountId, rule),
    EventPattern: rule.eventPattern,
    ScheduleExpression: rule.scheduleExpression,
    State: rule.state,
    Description: rule.description,
    RoleArn: rule.roleArn,
    EventBusName: rule.eventBusName,
  };
}

const putRule: Handler = (ctx, input) => {
  const name = reqString(input, 'Name', RULE_NAME);
  const bus = requireBus(input);
  const eventPattern = optString(input, 'EventPattern', { max: 4096 });
  const scheduleExpression = optString(input, 'ScheduleExpression', { max: 256 });
  const ruleState = optString(input, 'State', { oneOf: RULE_STATES });
  const description = optString(input, 'Description', { max: 512 });
  const roleArn = optString(input, 'RoleArn', { min: 1, max: 1600 });
  const tags = tagList(input);
  if (!eventPattern && !scheduleExpression)
    throw new AwsError(
      'ValidationException',
      'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    );
  if (scheduleExpression && !validSchedule(scheduleExpression))
    throw new AwsError('ValidationException', 'Parameter ScheduleExpression is not valid.');
  if (eventPattern) validatePattern(eventPattern);

  const state = eventsState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  const existing = state.rules[name];
  if (!existing && Object.keys(state.rules).length >= MAX_RULES_PER_BUS)
    throw new AwsError(
      'LimitExceededException',
      'The requested resource exceeds the maximum number allowed.',
    );
  // An update replaces the rule: members left out are cleared, as AWS does. Tags apply on creation.
  const rule: RuleRecord = {
    name,
    eventBusName: bus,
    state: ruleState ?? 'ENABLED',
    createdBy: existing?.createdBy ?? ctx.caller.accountId,
    createdAt: existing?.createdAt ?? ctx.now.toISOString(),
    tags: existing?.tags ?? Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
    ...(eventPattern ? { eventPattern } : {}),
    ...(scheduleExpression ? { scheduleExpression } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(roleArn !== undefined ? { roleArn } : {}),
  };
  state.rules[name] = rule;
  return { RuleArn: ruleArn(ctx.region, ctx.caller.accountId, rule) };
};

const describeRule: Handler = (ctx, input) => {
  const name = reqString(input, 'Name', RULE_NAME);
  const rule = requireRule(ctx, name, requireBus(input));
  return { ...ruleView(ctx, rule), CreatedBy: rule.createdBy };
};

const listRules: Handler = (ctx, input) => {
  const prefix = optString(input, 'NamePrefix', RULE_NAME);
  const bus = requireBus(input);
  const token = optString(input, 'NextToken', { min: 1, max: 2048 });
  const limit = optInt(input, 'Limit', { min: 1, max: RULES_PAGE_MAX });
  const rules = Object.values(peekEvents(ctx.world.accounts[ctx.caller.accountId], ctx.region)?.rules ?? {})
    .filter((rule) => prefix === undefined || rule.name.startsWith(prefix))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const page = ctx.page(rules, token, limit, `ListRules:${bus}:${prefix ?? ''}`, {
    max: RULES_PAGE_MAX,
    defaultSize: RULES_PAGE_MAX,
    invalidToken: () => new AwsError('ValidationException', 'The NextToken provided is not valid.'),
  });
  return { Rules: page.items.map((rule) => ruleView(ctx, rule)), NextToken: page.nextToken };
};

const deleteRule: Handler = (ctx, input) => {
  const name = reqString(input, 'Name', RULE_NAME);
  requireBus(input);
  // Deleting a rule that does not exist succeeds, as on AWS.
  const state = peekEvents(ctx.world.accounts[ctx.caller.accountId], ctx.region);
  if (state) delete state.rules[name];
  return {};
};

// ---------------------------------------------------------------------------------------------------
// Event buses

const describeEventBus: Handler = (ctx, input) => {
  const name = requireBus(input, 'Name');
  const account = ensureAccount(ctx.world, ctx.caller.accountId, ctx.now);
  // The default bus exists from the account's creation.
  const created = new Date(account.createdAt);
  return {
    Name: name,
    Arn: busArn(ctx.region, ctx.caller.accountId, name),
    CreationTime: created,
    LastModifiedTime: created,
  };
};

export const eventsOperations: Record<string, Handler> = {
  PutEvents: putEvents,
  PutRule: putRule,
  DescribeRule: describeRule,
  ListRules: listRules,
  DeleteRule: deleteRule,
  DescribeEventBus: describeEventBus,
};
