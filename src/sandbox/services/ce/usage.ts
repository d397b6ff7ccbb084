/**
 * Cost Explorer's GetCostAndUsage over the seeded cost lines. Costs are per month; a month's cost is
 * spread evenly over its days, so any time period (a whole month, part of one, a day) gets its share and
 * whole months add up to the seed exactly. Behaviour and differences: SPEC.md.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../errors.js';
import { InputError, optList, optRecord, optString, type Input } from '../../input.js';
import type { CallContext } from '../../service.js';
import { activeMemberIds } from '../../shared/org-access.js';
import { organizationOf } from '../organizations/state.js';
import type { World } from '../../world.js';
import { costLinesOf, type CostLine } from './state.js';

/** Groups per page: beyond it the answer carries a NextPageToken. */
export const GROUPS_PER_PAGE = 500;
/** How far back Cost Explorer holds data: the current month and the 13 before it (14 months). */
export const HISTORY_MONTHS = 13;

export const METRICS = [
  'AmortizedCost',
  'BlendedCost',
  'NetAmortizedCost',
  'NetUnblendedCost',
  'NormalizedUsageAmount',
  'UnblendedCost',
  'UsageQuantity',
] as const;
type Metric = (typeof METRICS)[number];
const USAGE_METRICS: ReadonlySet<string> = new Set(['NormalizedUsageAmount', 'UsageQuantity']);

/** Every dimension AWS knows; the sandbox groups and filters by those in {@link SERVED_DIMENSIONS}. */
const DIMENSIONS = new Set([
  'AZ',
  'INSTANCE_TYPE',
  'LINKED_ACCOUNT',
  'LINKED_ACCOUNT_NAME',
  'OPERATION',
  'PURCHASE_TYPE',
  'REGION',
  'SERVICE',
  'SERVICE_CODE',
  'USAGE_TYPE',
  'USAGE_TYPE_GROUP',
  'RECORD_TYPE',
  'OPERATING_SYSTEM',
  'TENANCY',
  'SCOPE',
  'PLATFORM',
  'SUBSCRIPTION_ID',
  'LEGAL_ENTITY_NAME',
  'DEPLOYMENT_OPTION',
  'DATABASE_ENGINE',
  'CACHE_ENGINE',
  'INSTANCE_TYPE_FAMILY',
  'BILLING_ENTITY',
  'RESERVATION_ID',
  'RESOURCE_ID',
  'RIGHTSIZING_TYPE',
  'SAVINGS_PLANS_TYPE',
  'SAVINGS_PLAN_ARN',
  'PAYMENT_OPTION',
  'AGREEMENT_END_DATE_TIME_AFTER',
  'AGREEMENT_END_DATE_TIME_BEFORE',
  'INVOICING_ENTITY',
  'ANOMALY_TOTAL_IMPACT_ABSOLUTE',
  'ANOMALY_TOTAL_IMPACT_PERCENTAGE',
]);
const SERVED_DIMENSIONS = new Set(['LINKED_ACCOUNT', 'SERVICE', 'RECORD_TYPE']);

/** The listing a page token was issued for (see paginate.ts), or undefined when it is not one of ours. */
function tokenScope(token: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { s?: unknown };
    return typeof parsed.s === 'string' ? parsed.s : undefined;
  } catch {
    return undefined;
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

/** A cost line with the account it belongs to. */
interface AccountLine extends CostLine {
  accountId: string;
}

/** Reads `YYYY-MM-DD` (AWS also accepts a time part, which daily data ignores) as a UTC day number. */
function dayOf(text: string, member: string): number {
  const match = DATE.exec(text.slice(0, 10));
  const date = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(date) || new Date(date).toISOString().slice(0, 10) !== text.slice(0, 10))
    throw validation(`${member} date ${text} is not a valid date in the format yyyy-MM-dd.`);
  return date / DAY_MS;
}

const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const monthOfDay = (day: number) => isoDay(day).slice(0, 7);
function monthStart(month: string): number {
  return Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1) / DAY_MS;
}
function nextMonthStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
}

/** The periods of [start, end) at `granularity`: whole months or days, cut at start and end. */
function periodsOf(start: number, end: number, granularity: string): Array<[number, number]> {
  const periods: Array<[number, number]> = [];
  for (let from = start; from < end;) {
    const to = Math.min(end, granularity === 'DAILY' ? from + 1 : nextMonthStart(from));
    periods.push([from, to]);
    from = to;
  }
  return periods;
}

/** The share of `line`'s month that falls in [from, to). */
function shareOf(line: CostLine, from: number, to: number): number {
  const first = monthStart(line.month);
  const after = nextMonthStart(first);
  const days = Math.min(to, after) - Math.max(from, first);
  if (days <= 0) return 0;
  return days === after - first ? line.amount : (line.amount * days) / (after - first);
}

// ---------------------------------------------------------------------------------------------------
// Filter and group expressions

type Predicate = (line: AccountLine) => boolean;

function dimensionValue(line: AccountLine, key: string): string {
  switch (key) {
    case 'LINKED_ACCOUNT':
      return line.accountId;
    case 'SERVICE':
      return line.service;
    default:
      return 'Usage'; // RECORD_TYPE: seeded costs are usage
  }
}

function servedDimension(key: string, where: string): string {
  if (!DIMENSIONS.has(key))
    throw validation(
      `Group Definition dimension is invalid. Valid values are ${[...DIMENSIONS].join(', ')} (at ${where}).`,
    );
  if (!SERVED_DIMENSIONS.has(key))
    throw validation(
      `Dimension ${key} is not modelled by the sandbox; it groups and filters by ${[...SERVED_DIMENSIONS].join(', ')}.`,
    );
  return key;
}

function stringsOf(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw validation(`${where} must be a list of strings.`);
  return value as string[];
}

/**
 * Values match as Cost Explorer matches them in GetCostAndUsage: `EQUALS` (with `CASE_SENSITIVE`, the
 * default) on dimensions; on tags also `ABSENT` (the tag is not set).
 */
function matcher(
  options: string[],
  values: string[],
  allowed: readonly string[],
): (value: string | undefined) => boolean {
  for (const option of options)
    if (!allowed.includes(option))
      throw validation(
        `MatchOption ${option} is not supported for this expression; use ${allowed.join(', ')}.`,
      );
  const absent = options.includes('ABSENT');
  return (value) => (value === undefined ? absent : values.includes(value));
}

/** An `Expression` as a predicate; exactly one member at each level, as Cost Explorer requires. */
function predicateOf(expression: Input, where: string): Predicate {
  const members = ['And', 'Or', 'Not', 'Dimensions', 'Tags', 'CostCategories'].filter(
    (m) => expression[m] !== undefined && expression[m] !== null,
  );
  if (members.length !== 1)
    throw validation(
      members.length === 0
        ? `Expression at ${where} is empty: give one of And, Or, Not, Dimensions, Tags, CostCategories`
        : 'Expression has more than one roots. Only one root operator is allowed for each expression: And, Or, Not, Dimensions, Tags, CostCategories',
    );
  const member = members[0]!;
  switch (member) {
    case 'And':
    case 'Or': {
      const list = optList(expression, member) ?? [];
      if (list.length < 2) throw validation(`${member} expression must have at least 2 operands`);
      const parts = list.map((e, i) =>
        predicateOf(asRecord(e, `${where}.${member}[${i}]`), `${where}.${member}[${i}]`),
      );
      return member === 'And' ? (line) => parts.every((p) => p(line)) : (line) => parts.some((p) => p(line));
    }
    case 'Not': {
      const inner = predicateOf(asRecord(expression.Not, `${where}.Not`), `${where}.Not`);
      return (line) => !inner(line);
    }
    case 'Dimensions': {
      const dimension = asRecord(expression.Dimensions, `${where}.Dimensions`);
      const key = servedDimension(
        typeof dimension.Key === 'string' ? dimension.Key : '',
        `${where}.Dimensions.Key`,
      );
      const test = matcher(
        stringsOf(dimension.MatchOptions, 'MatchOptions'),
        stringsOf(dimension.Values, 'Values'),
        ['EQUALS', 'CASE_SENSITIVE'],
      );
      return (line) => test(dimensionValue(line, key));
    }
    case 'Tags': {
      const tags = asRecord(expression.Tags, `${where}.Tags`);
      const key = typeof tags.Key === 'string' ? tags.Key : undefined;
      if (key === undefined) throw validation('Tags expression must have a Key.');
      const test = matcher(stringsOf(tags.MatchOptions, 'MatchOptions'), stringsOf(tags.Values, 'Values'), [
        'EQUALS',
        'ABSENT',
        'CASE_SENSITIVE',
      ]);
      return (line) => test(line.tags[key]);
    }
    default:
      throw validation('Cost categories are not modelled by the sandbox.');
  }
}

function asRecord(value: unknown, where: string): Input {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw validation(`${where} must be a structure.`);
  return value as Input;
}

interface GroupKey {
  Type: 'DIMENSION' | 'TAG';
  Key: string;
}

function groupKeysOf(input: Input): GroupKey[] {
  const list = optList(input, 'GroupBy') ?? [];
  if (list.length > 2) throw validation('GroupBy can have at most 2 entries.');
  const keys = list.map((raw, i): GroupKey => {
    const group = asRecord(raw, `GroupBy[${i}]`);
    const type = group.Type;
    const key = typeof group.Key === 'string' ? group.Key : '';
    if (typeof type !== 'string' || type === '' || key === '')
      throw validation('Group Definition is invalid. Both type an key need to be set to a non-empty value.');
    if (type === 'DIMENSION') return { Type: type, Key: servedDimension(key, `groupBy.${i + 1}.member.key`) };
    if (type === 'TAG') return { Type: type, Key: key };
    if (type === 'COST_CATEGORY') throw validation('Cost categories are not modelled by the sandbox.');
    throw validation('Group Definition type is invalid.');
  });
  const seen = new Set(keys.map((k) => `${k.Type}:${k.Key}`));
  if (seen.size !== keys.length) throw validation('Duplicate group by key.');
  return keys;
}

function groupValue(line: AccountLine, key: GroupKey): string {
  return key.Type === 'TAG' ? `${key.Key}$${line.tags[key.Key] ?? ''}` : dimensionValue(line, key.Key);
}

// ---------------------------------------------------------------------------------------------------

/** The accounts whose costs the caller sees: its organization's members from the management account, else its own. */
function visibleAccounts(world: World, accountId: string): string[] {
  const org = organizationOf(world, accountId);
  if (!org || org.managementAccountId !== accountId) return [accountId];
  return activeMemberIds(org);
}

/** An amount as Cost Explorer writes it: a decimal string, at most ten places, no trailing zeros. */
export function formatAmount(value: number): string {
  const text = value.toFixed(10).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

function metricsOf(metrics: readonly Metric[], amount: number) {
  return Object.fromEntries(
    metrics.map((m) =>
      USAGE_METRICS.has(m)
        ? [m, { Amount: '0', Unit: 'N/A' }]
        : [m, { Amount: formatAmount(amount), Unit: 'USD' }],
    ),
  );
}

type Item = { period: number; keys?: string[]; amount: number };

export function getCostAndUsage(ctx: CallContext, input: Input) {
  const timePeriod = optRecord(input, 'TimePeriod');
  if (!timePeriod)
    throw new InputError(
      "1 validation error detected: Value null at 'timePeriod' failed to satisfy constraint: Member must not be null",
      'required',
      'TimePeriod',
    );
  const startText = optString(timePeriod, 'Start', { max: 40 }) ?? '';
  const endText = optString(timePeriod, 'End', { max: 40 }) ?? '';
  const start = dayOf(startText, 'Start');
  const end = dayOf(endText, 'End');
  const granularity = optString(input, 'Granularity', { oneOf: ['DAILY', 'MONTHLY', 'HOURLY'] as const });
  if (granularity === undefined) throw validation('Granularity must be provided.');
  if (granularity === 'HOURLY')
    throw validation(
      'Hourly granularity is only available after opting in to hourly data in Cost Explorer preferences.',
    );
  const metrics = optList(input, 'Metrics') ?? [];
  if (metrics.length === 0) throw validation('Selected metrics cannot be null.');
  for (const m of metrics)
    if (!(METRICS as readonly unknown[]).includes(m))
      throw validation(`Metrics '${String(m)}' is not valid. Valid values are ${METRICS.join(', ')}.`);
  if (start >= end) throw validation('Start date (and hour) should be before end date (and hour)');
  const today = Math.floor(ctx.now.getTime() / DAY_MS);
  if (start > today) throw validation('Start date should not be after the current date.');
  const thisMonth = monthStart(monthOfDay(today));
  if (end > nextMonthStart(today)) throw validation('end date past the beginning of next month');
  const oldest = new Date(thisMonth * DAY_MS);
  oldest.setUTCMonth(oldest.getUTCMonth() - HISTORY_MONTHS);
  if (start < oldest.getTime() / DAY_MS)
    throw new AwsError(
      'BillExpirationException',
      `Cost data older than ${HISTORY_MONTHS + 1} months is not available: start on or after ${isoDay(oldest.getTime() / DAY_MS)}.`,
    );

  const filter = optRecord(input, 'Filter');
  const keep: Predicate = filter ? predicateOf(filter, 'Filter') : () => true;
  const groupKeys = groupKeysOf(input);

  const lines: AccountLine[] = [];
  for (const accountId of visibleAccounts(ctx.world, ctx.caller.accountId)) {
    for (const line of costLinesOf(ctx.world.accounts[accountId])) {
      const withAccount = { ...line, accountId };
      if (keep(withAccount)) lines.push(withAccount);
    }
  }

  const periods = periodsOf(start, end, granularity);
  const items: Item[] = [];
  periods.forEach(([from, to], index) => {
    if (groupKeys.length === 0) {
      items.push({ period: index, amount: lines.reduce((sum, line) => sum + shareOf(line, from, to), 0) });
      return;
    }
    const groups = new Map<string, { keys: string[]; amount: number }>();
    for (const line of lines) {
      const share = shareOf(line, from, to);
      if (share === 0) continue;
      const keys = groupKeys.map((k) => groupValue(line, k));
      const id = keys.join('\u0000');
      const group = groups.get(id) ?? { keys, amount: 0 };
      group.amount += share;
      groups.set(id, group);
    }
    const sorted = [...groups.values()].sort((a, b) =>
      a.keys.join('\u0000').localeCompare(b.keys.join('\u0000')),
    );
    if (sorted.length === 0) items.push({ period: index, amount: 0 });
    for (const group of sorted) items.push({ period: index, keys: group.keys, amount: group.amount });
  });

  const scope = `GetCostAndUsage:${createHash('sha256')
    .update(
      JSON.stringify([
        ctx.caller.accountId,
        startText,
        endText,
        granularity,
        metrics,
        filter ?? null,
        groupKeys,
      ]),
    )
    .digest('hex')
    .slice(0, 32)}`;
  const token = optString(input, 'NextPageToken', { max: 8192 });
  if (token !== undefined && token !== '' && tokenScope(token) !== undefined && tokenScope(token) !== scope)
    throw new AwsError(
      'RequestChangedException',
      'The request changed between pages: send the same request with the token.',
    );
  const page = ctx.page(items, token, GROUPS_PER_PAGE, scope, {
    max: GROUPS_PER_PAGE,
    defaultSize: GROUPS_PER_PAGE,
    invalidToken: () => new AwsError('InvalidNextTokenException', 'The pagination token is invalid.'),
  });

  const currentMonthStart = thisMonth;
  const results: Array<Record<string, unknown>> = [];
  for (const item of page.items) {
    const [from, to] = periods[item.period]!;
    let result = results[results.length - 1];
    if (!result || result.index !== item.period) {
      result = {
        index: item.period,
        TimePeriod: { Start: isoDay(from), End: isoDay(to) },
        Total: groupKeys.length === 0 ? metricsOf(metrics as Metric[], item.amount) : {},
        Groups: [] as unknown[],
        Estimated: to > currentMonthStart,
      };
      results.push(result);
    }
    if (item.keys)
      (result.Groups as unknown[]).push({
        Keys: item.keys,
        Metrics: metricsOf(metrics as Metric[], item.amount),
      });
  }

  const accountKey = groupKeys.findIndex((k) => k.Type === 'DIMENSION' && k.Key === 'LINKED_ACCOUNT');
  const attributes =
    accountKey < 0
      ? []
      : [...new Set(page.items.flatMap((i) => (i.keys ? [i.keys[accountKey]!] : [])))].map((id) => ({
          Value: id,
          Attributes: { description: ctx.world.accounts[id]?.name ?? id },
        }));

  return {
    ...(page.nextToken ? { NextPageToken: page.nextToken } : {}),
    GroupDefinitions: groupKeys,
    ResultsByTime: results.map(({ index: _index, ...rest }) => rest),
    DimensionValueAttributes: attributes,
  };
}

/**
 * The cost of [from, to) (UTC day numbers) that `caller` sees, over the lines `keep` accepts: what
 * Budgets reports as a budget's actual spend.
 */
export function costBetween(
  world: World,
  callerAccountId: string,
  from: number,
  to: number,
  keep: (line: CostLine & { accountId: string }) => boolean,
): number {
  let total = 0;
  for (const accountId of visibleAccounts(world, callerAccountId)) {
    for (const line of costLinesOf(world.accounts[accountId])) {
      const withAccount = { ...line, accountId };
      if (keep(withAccount)) total += shareOf(line, from, to);
    }
  }
  return total;
}

export { visibleAccounts };
