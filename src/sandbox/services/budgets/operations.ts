/**
 * AWS Budgets: budgets with their notifications and subscribers, per account; a budget's calculated
 * spend comes from the account's (or, in a management account, its organization's) seeded costs, as
 * Cost Explorer reports them. Behaviour and differences: SPEC.md.
 */
import { AwsError } from '../../errors.js';
import { optBool, optInt, optList, optRecord, optString, reqString, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount } from '../../world.js';
import { costBetween, visibleAccounts } from '../ce/usage.js';
import {
  budgetsState,
  peekBudgets,
  type BudgetRecord,
  type NotificationRecord,
  type SubscriberRecord,
} from './state.js';

/** Notifications per budget and subscribers per notification (one SNS topic and ten e-mail addresses). */
export const MAX_NOTIFICATIONS = 10;
export const MAX_EMAIL_SUBSCRIBERS = 10;
export const MAX_SNS_SUBSCRIBERS = 1;
/** Budgets per account (AWS's quota). */
export const MAX_BUDGETS = 20_000;

// The model's pattern, with its case-insensitive `<script>` part as a second look-ahead.
const BUDGET_NAME =
  /^(?![^:\\]*\/action\/)(?!.*<[sS][cC][rR][iI][pP][tT]>.*<\/[sS][cC][rR][iI][pP][tT]>)[^:\\]+$/;
const BUDGET_NAME_RULES = { min: 1, max: 100 };
const ACCOUNT_ID = { min: 12, max: 12, pattern: /^\d{12}$/ };
const NUMERIC = /^([0-9]*\.)?[0-9]+$/;
const TIME_UNITS = ['DAILY', 'MONTHLY', 'QUARTERLY', 'ANNUALLY', 'CUSTOM'] as const;
const BUDGET_TYPES = [
  'USAGE',
  'COST',
  'RI_UTILIZATION',
  'RI_COVERAGE',
  'SAVINGS_PLANS_UTILIZATION',
  'SAVINGS_PLANS_COVERAGE',
] as const;
/** Cost filter keys AWS accepts; LinkedAccount, Service and TagKeyValue narrow the sandbox's spend. */
const COST_FILTER_KEYS = new Set([
  'AZ',
  'BillingEntity',
  'CostCategory',
  'InstanceType',
  'InstanceTypeFamily',
  'LegalEntityName',
  'LinkedAccount',
  'Operation',
  'PurchaseType',
  'Region',
  'Service',
  'TagKeyValue',
  'UsageType',
  'UsageTypeGroup',
  'RecordType',
  'OperatingSystem',
  'Tenancy',
  'Scope',
  'Platform',
  'SubscriptionId',
  'DatabaseEngine',
  'CacheEngine',
  'DeploymentOption',
  'InvoicingEntity',
  'SavingsPlanArn',
  'SavingsPlansType',
  'PaymentOption',
  'ReservationId',
]);
const COST_TYPE_KEYS = [
  'IncludeTax',
  'IncludeSubscription',
  'UseBlended',
  'IncludeRefund',
  'IncludeCredit',
  'IncludeUpfront',
  'IncludeRecurring',
  'IncludeOtherSubscription',
  'IncludeSupport',
  'IncludeDiscount',
  'UseAmortized',
] as const;
const COST_TYPE_DEFAULTS: Record<string, boolean> = {
  IncludeTax: true,
  IncludeSubscription: true,
  UseBlended: false,
  IncludeRefund: true,
  IncludeCredit: true,
  IncludeUpfront: true,
  IncludeRecurring: true,
  IncludeOtherSubscription: true,
  IncludeSupport: true,
  IncludeDiscount: true,
  UseAmortized: false,
};
/** The end AWS gives a budget created without one. */
const DEFAULT_END = '2087-06-15T00:00:00.000Z';
const DAY_MS = 86_400_000;

const invalid = (message: string) => new AwsError('InvalidParameterException', message);
const notFound = (message: string) => new AwsError('NotFoundException', message);
const duplicate = (message: string) => new AwsError('DuplicateRecordException', message);

/** Budgets act on the caller's own account: another AccountId is refused. */
function accountOf(ctx: CallContext, input: Input) {
  const accountId = reqString(input, 'AccountId', ACCOUNT_ID);
  if (accountId !== ctx.caller.accountId)
    throw new AwsError(
      'AccessDeniedException',
      `User: ${ctx.caller.arn} is not authorized to perform: budgets:${ctx.operation} on resource: arn:aws:budgets::${accountId}:budget/*`,
    );
  return ensureAccount(ctx.world, accountId, ctx.now);
}

function budgetName(input: Input, member = 'BudgetName'): string {
  const name = reqString(input, member, BUDGET_NAME_RULES);
  if (!BUDGET_NAME.test(name))
    throw invalid(
      `The budget name ${JSON.stringify(name)} is not valid: ':' and '\\' and "/action/" are not allowed.`,
    );
  return name;
}

function requireBudget(ctx: CallContext, input: Input, verb: string): BudgetRecord {
  const name = budgetName(input);
  const budget = peekBudgets(ctx.world.accounts[ctx.caller.accountId])[name];
  if (!budget)
    throw notFound(
      verb === 'get' || verb === 'delete'
        ? `Unable to ${verb} budget: ${name} - the budget doesn't exist.`
        : `Unable to ${verb} - the budget doesn't exist.`,
    );
  return budget;
}

function spendOf(raw: Input | undefined, member: string): { Amount: string; Unit: string } | undefined {
  if (!raw) return undefined;
  const amount = raw.Amount;
  const unit = raw.Unit;
  if (typeof amount !== 'string' || !NUMERIC.test(amount))
    throw invalid(`${member}.Amount must be a non-negative number written as a string.`);
  if (typeof unit !== 'string' || unit.length === 0) throw invalid(`${member}.Unit must be given.`);
  return { Amount: amount, Unit: unit };
}

function costFiltersOf(raw: Input | undefined): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (!COST_FILTER_KEYS.has(key)) throw invalid(`Cost filter key ${key} is not valid.`);
    if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string'))
      throw invalid(`Cost filter ${key} must be a non-empty list of strings.`);
    filters[key] = [...(value as string[])];
  }
  return filters;
}

/**
 * A budget whose LinkedAccount filter names an account the caller's costs do not include (another
 * organization's, or a member's from a member account) is kept, and reported unhealthy, as AWS does.
 */
function healthOf(ctx: CallContext, budget: BudgetRecord) {
  const visible = new Set(visibleAccounts(ctx.world, ctx.caller.accountId));
  const invalid = (budget.costFilters.LinkedAccount ?? []).some((id) => !visible.has(id));
  return invalid
    ? { Status: 'UNHEALTHY', StatusReason: 'FILTER_INVALID', LastUpdatedTime: new Date(budget.lastUpdated) }
    : { Status: 'HEALTHY', LastUpdatedTime: new Date(budget.lastUpdated) };
}

function costTypesOf(raw: Input | undefined): Record<string, boolean> {
  const types = { ...COST_TYPE_DEFAULTS };
  for (const key of COST_TYPE_KEYS) {
    const value = raw ? optBool(raw, key) : undefined;
    if (value !== undefined) types[key] = value;
  }
  return types;
}

/** The start of the current period for `timeUnit` (UTC), as AWS defaults a budget's start. */
function periodStart(now: Date, timeUnit: string): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  switch (timeUnit) {
    case 'DAILY':
      return new Date(Date.UTC(y, m, now.getUTCDate()));
    case 'QUARTERLY':
      return new Date(Date.UTC(y, m - (m % 3), 1));
    case 'ANNUALLY':
      return new Date(Date.UTC(y, 0, 1));
    default:
      return new Date(Date.UTC(y, m, 1));
  }
}

function periodEnd(start: Date, timeUnit: string): Date {
  const d = new Date(start);
  if (timeUnit === 'DAILY') d.setUTCDate(d.getUTCDate() + 1);
  else if (timeUnit === 'QUARTERLY') d.setUTCMonth(d.getUTCMonth() + 3);
  else if (timeUnit === 'ANNUALLY') d.setUTCFullYear(d.getUTCFullYear() + 1);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
}

function timestampOf(raw: unknown, member: string): Date | undefined {
  if (raw === undefined || raw === null) return undefined;
  const date =
    typeof raw === 'number' ? new Date(raw * 1000) : typeof raw === 'string' ? new Date(raw) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw invalid(`${member} is not a valid timestamp.`);
  return date;
}

/** A `Budget` structure from the request, checked as AWS checks it. */
function budgetFrom(ctx: CallContext, raw: Input, existing?: BudgetRecord): BudgetRecord {
  const name = budgetName(raw);
  const timeUnit = reqString(raw, 'TimeUnit', { oneOf: TIME_UNITS });
  const budgetType = reqString(raw, 'BudgetType', { oneOf: BUDGET_TYPES });
  const limit = spendOf(optRecord(raw, 'BudgetLimit'), 'BudgetLimit');
  if (!limit && (budgetType === 'COST' || budgetType === 'USAGE'))
    throw invalid(
      'Unable to create/update budget - please provide one of the followings: Budget Limit/ Planned Budget Limit/ Auto Adjust Data',
    );
  if (raw.PlannedBudgetLimits !== undefined && raw.PlannedBudgetLimits !== null)
    throw invalid('Planned budget limits are not modelled by the sandbox.');
  if (raw.AutoAdjustData !== undefined && raw.AutoAdjustData !== null)
    throw invalid('Auto-adjusting budgets are not modelled by the sandbox.');
  const period = optRecord(raw, 'TimePeriod');
  const start =
    timestampOf(period?.Start, 'TimePeriod.Start') ??
    (existing ? new Date(existing.start) : periodStart(ctx.now, timeUnit));
  const end =
    timestampOf(period?.End, 'TimePeriod.End') ?? (existing ? new Date(existing.end) : new Date(DEFAULT_END));
  if (end <= start) throw invalid('The budget end date must be after its start date.');
  return {
    name,
    ...(limit ? { limit } : {}),
    costFilters: costFiltersOf(optRecord(raw, 'CostFilters')),
    costTypes: costTypesOf(optRecord(raw, 'CostTypes')),
    timeUnit,
    budgetType,
    start: start.toISOString(),
    end: end.toISOString(),
    lastUpdated: ctx.now.toISOString(),
    notifications: existing?.notifications ?? [],
  };
}

function notificationFrom(raw: Input | undefined): NotificationRecord {
  if (!raw) throw invalid('Notification must be given.');
  const type = reqString(raw, 'NotificationType', { oneOf: ['ACTUAL', 'FORECASTED'] as const });
  const operator = reqString(raw, 'ComparisonOperator', {
    oneOf: ['GREATER_THAN', 'LESS_THAN', 'EQUAL_TO'] as const,
  });
  const threshold = raw.Threshold;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1e15)
    throw invalid('Threshold must be a number from 0 to 1000000000000000.');
  const thresholdType =
    optString(raw, 'ThresholdType', { oneOf: ['PERCENTAGE', 'ABSOLUTE_VALUE'] as const }) ?? 'PERCENTAGE';
  if (thresholdType === 'PERCENTAGE' && threshold > 40_000)
    throw invalid('A percentage threshold must be at most 40000.');
  return {
    NotificationType: type,
    ComparisonOperator: operator,
    Threshold: threshold,
    ThresholdType: thresholdType,
    NotificationState: 'OK',
  };
}

function subscriberFrom(raw: unknown): SubscriberRecord {
  if (typeof raw !== 'object' || raw === null) throw invalid('Subscriber must be a structure.');
  const type = reqString(raw as Input, 'SubscriptionType', { oneOf: ['EMAIL', 'SNS'] as const });
  const address = reqString(raw as Input, 'Address', { min: 1, max: 2147483647 });
  if (/[\r\n]/.test(address)) throw invalid('A subscriber address cannot contain line breaks.');
  if (type === 'EMAIL' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address))
    throw invalid(`Subscriber address ${address} is not a valid e-mail address.`);
  if (type === 'SNS' && !/^arn:aws[-a-z]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(address))
    throw invalid(`Subscriber address ${address} is not a valid SNS topic ARN.`);
  return { SubscriptionType: type, Address: address };
}

function checkSubscribers(subscribers: readonly SubscriberRecord[]): void {
  const seen = new Set<string>();
  for (const s of subscribers) {
    const key = `${s.SubscriptionType}:${s.Address}`;
    if (seen.has(key)) throw duplicate(`Subscriber ${s.Address} is listed twice for one notification.`);
    seen.add(key);
  }
  const emails = subscribers.filter((s) => s.SubscriptionType === 'EMAIL').length;
  const topics = subscribers.length - emails;
  if (emails > MAX_EMAIL_SUBSCRIBERS || topics > MAX_SNS_SUBSCRIBERS)
    throw new AwsError(
      'CreationLimitExceededException',
      `A notification can have at most ${MAX_EMAIL_SUBSCRIBERS} e-mail subscribers and ${MAX_SNS_SUBSCRIBERS} SNS subscriber.`,
    );
}

const sameNotification = (a: NotificationRecord, b: NotificationRecord) =>
  a.NotificationType === b.NotificationType &&
  a.ComparisonOperator === b.ComparisonOperator &&
  a.Threshold === b.Threshold &&
  a.ThresholdType === b.ThresholdType;

function findNotification(budget: BudgetRecord, raw: Input | undefined, verb: string) {
  const wanted = notificationFrom(raw);
  const found = budget.notifications.find((n) => sameNotification(n.notification, wanted));
  if (!found)
    throw notFound(
      `Unable to ${verb} notification: the notification doesn't exist for budget ${budget.name}.`,
    );
  return found;
}

/** Actual and forecasted spend of the budget's current period, from the seeded costs. */
function calculatedSpend(ctx: CallContext, budget: BudgetRecord) {
  const unit = budget.limit?.Unit ?? 'USD';
  const start = periodStart(ctx.now, budget.timeUnit === 'CUSTOM' ? 'MONTHLY' : budget.timeUnit);
  const end = budget.timeUnit === 'CUSTOM' ? new Date(budget.end) : periodEnd(start, budget.timeUnit);
  const from = Math.floor(start.getTime() / DAY_MS);
  const to = Math.floor(end.getTime() / DAY_MS);
  const f = budget.costFilters;
  const tagPairs = (f.TagKeyValue ?? []).map((t) => {
    const bare = t.startsWith('user:') ? t.slice(5) : t;
    const at = bare.indexOf('$');
    return at < 0 ? [bare, ''] : [bare.slice(0, at), bare.slice(at + 1)];
  });
  const keep = (line: { accountId: string; service: string; tags: Record<string, string> }) =>
    (!f.LinkedAccount || f.LinkedAccount.includes(line.accountId)) &&
    (!f.Service || f.Service.includes(line.service)) &&
    (tagPairs.length === 0 || tagPairs.some(([k, v]) => (line.tags[k!] ?? '') === v));
  const total =
    budget.budgetType === 'COST' ? costBetween(ctx.world, ctx.caller.accountId, from, to, keep) : 0;
  const today = Math.floor(ctx.now.getTime() / DAY_MS);
  const elapsed = Math.min(to, today + 1) - from;
  const actual = elapsed >= to - from ? total : (total * Math.max(0, elapsed)) / (to - from);
  const text = (n: number) => n.toFixed(2).replace(/\.?0+$/, '') || '0';
  return {
    ActualSpend: { Amount: text(actual), Unit: unit },
    ForecastedSpend: { Amount: text(total), Unit: unit },
  };
}

function budgetOut(ctx: CallContext, budget: BudgetRecord) {
  return {
    BudgetName: budget.name,
    ...(budget.limit ? { BudgetLimit: budget.limit } : {}),
    CostFilters: budget.costFilters,
    CostTypes: budget.costTypes,
    TimeUnit: budget.timeUnit,
    TimePeriod: { Start: new Date(budget.start), End: new Date(budget.end) },
    CalculatedSpend: calculatedSpend(ctx, budget),
    BudgetType: budget.budgetType,
    LastUpdatedTime: new Date(budget.lastUpdated),
    HealthStatus: healthOf(ctx, budget),
  };
}

/** AWS leaves ThresholdType out of its answers when it is PERCENTAGE (the default). */
function notificationOut(n: NotificationRecord) {
  const { ThresholdType, ...rest } = n;
  return ThresholdType === 'PERCENTAGE' ? rest : n;
}

const tokenError = () => new AwsError('InvalidNextTokenException', 'The pagination token is invalid.');

// ---------------------------------------------------------------------------------------------------

const createBudget: Handler = (ctx, input) => {
  const account = accountOf(ctx, input);
  const raw = optRecord(input, 'Budget');
  if (!raw) throw invalid('Budget must be given.');
  const budget = budgetFrom(ctx, raw);
  const state = budgetsState(account);
  if (state.budgets[budget.name])
    throw duplicate(`Error creating budget: ${budget.name} - the budget already exists.`);
  if (Object.keys(state.budgets).length >= MAX_BUDGETS)
    throw new AwsError(
      'CreationLimitExceededException',
      `You can create at most ${MAX_BUDGETS} budgets per account.`,
    );
  const withSubscribers = optList(input, 'NotificationsWithSubscribers') ?? [];
  if (withSubscribers.length > MAX_NOTIFICATIONS)
    throw new AwsError(
      'CreationLimitExceededException',
      `A budget can have at most ${MAX_NOTIFICATIONS} notifications.`,
    );
  for (const entry of withSubscribers) {
    const item = entry as Input;
    const notification = notificationFrom(optRecord(item, 'Notification'));
    const subscribers = (optList(item, 'Subscribers') ?? []).map(subscriberFrom);
    if (subscribers.length === 0) throw invalid('A notification needs at least one subscriber.');
    checkSubscribers(subscribers);
    if (budget.notifications.some((n) => sameNotification(n.notification, notification)))
      throw duplicate('Error creating notification: the notification already exists.');
    budget.notifications.push({ notification, subscribers });
  }
  state.budgets[budget.name] = budget;
  return {};
};

const describeBudget: Handler = (ctx, input) => {
  accountOf(ctx, input);
  return { Budget: budgetOut(ctx, requireBudget(ctx, input, 'get')) };
};

const describeBudgets: Handler = (ctx, input) => {
  const account = accountOf(ctx, input);
  const budgets = Object.values(peekBudgets(account)).sort((a, b) => a.name.localeCompare(b.name));
  const page = ctx.page(
    budgets,
    optString(input, 'NextToken'),
    optInt(input, 'MaxResults', { min: 1, max: 1000 }),
    `DescribeBudgets:${account.id}`,
    { max: 1000, defaultSize: 100, invalidToken: tokenError },
  );
  return {
    Budgets: page.items.map((b) => budgetOut(ctx, b)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};

const updateBudget: Handler = (ctx, input) => {
  const account = accountOf(ctx, input);
  const raw = optRecord(input, 'NewBudget');
  if (!raw) throw invalid('NewBudget must be given.');
  const name = budgetName(raw);
  const state = budgetsState(account);
  const existing = state.budgets[name];
  if (!existing) throw notFound(`Unable to update budget: ${name} - the budget doesn't exist.`);
  state.budgets[name] = budgetFrom(ctx, raw, existing);
  return {};
};

const deleteBudget: Handler = (ctx, input) => {
  const account = accountOf(ctx, input);
  const budget = requireBudget(ctx, input, 'delete');
  delete budgetsState(account).budgets[budget.name];
  return {};
};

const describeNotificationsForBudget: Handler = (ctx, input) => {
  const account = accountOf(ctx, input);
  const budget = requireBudget(ctx, input, 'get');
  const page = ctx.page(
    budget.notifications,
    optString(input, 'NextToken'),
    optInt(input, 'MaxResults', { min: 1, max: 100 }),
    `DescribeNotificationsForBudget:${account.id}:${budget.name}`,
    { max: 100, defaultSize: 100, invalidToken: tokenError },
  );
  return {
    Notifications: page.items.map((n) => notificationOut(n.notification)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};

const createNotification: Handler = (ctx, input) => {
  accountOf(ctx, input);
  const budget = requireBudget(ctx, input, 'create notification');
  const notification = notificationFrom(optRecord(input, 'Notification'));
  const subscribers = (optList(input, 'Subscribers') ?? []).map(subscriberFrom);
  if (subscribers.length === 0) throw invalid('A notification needs at least one subscriber.');
  checkSubscribers(subscribers);
  if (budget.notifications.some((n) => sameNotification(n.notification, notification)))
    throw duplicate(
      `Error creating notification: the notification already exists for budget ${budget.name}.`,
    );
  if (budget.notifications.length >= MAX_NOTIFICATIONS)
    throw new AwsError(
      'CreationLimitExceededException',
      `A budget can have at most ${MAX_NOTIFICATIONS} notifications.`,
    );
  budget.notifications.push({ notification, subscribers });
  budget.lastUpdated = ctx.now.toISOString();
  return {};
};

const deleteNotification: Handler = (ctx, input) => {
  accountOf(ctx, input);
  const budget = requireBudget(ctx, input, 'delete notification');
  const found = findNotification(budget, optRecord(input, 'Notification'), 'delete');
  budget.notifications = budget.notifications.filter((n) => n !== found);
  return {};
};

const describeSubscribersForNotification: Handler = (ctx, input) => {
  const account = accountOf(ctx, input);
  const budget = requireBudget(ctx, input, 'get');
  const found = findNotification(budget, optRecord(input, 'Notification'), 'get');
  const n = found.notification;
  const page = ctx.page(
    found.subscribers,
    optString(input, 'NextToken'),
    optInt(input, 'MaxResults', { min: 1, max: 100 }),
    `DescribeSubscribersForNotification:${account.id}:${budget.name}:${n.NotificationType}:${n.ComparisonOperator}:${n.Threshold}:${n.ThresholdType}`,
    { max: 100, defaultSize: 100, invalidToken: tokenError },
  );
  return {
    Subscribers: page.items,
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};

const createSubscriber: Handler = (ctx, input) => {
  accountOf(ctx, input);
  const budget = requireBudget(ctx, input, 'create subscriber');
  const found = findNotification(budget, optRecord(input, 'Notification'), 'create subscriber for');
  const subscriber = subscriberFrom(input.Subscriber);
  checkSubscribers([...found.subscribers, subscriber]);
  found.subscribers.push(subscriber);
  return {};
};

const deleteSubscriber: Handler = (ctx, input) => {
  accountOf(ctx, input);
  const budget = requireBudget(ctx, input, 'delete subscriber');
  const found = findNotification(budget, optRecord(input, 'Notification'), 'delete subscriber for');
  const subscriber = subscriberFrom(input.Subscriber);
  const index = found.subscribers.findIndex(
    (s) => s.SubscriptionType === subscriber.SubscriptionType && s.Address === subscriber.Address,
  );
  if (index < 0)
    throw notFound(`Unable to delete subscriber: ${subscriber.Address} - the subscriber doesn't exist.`);
  found.subscribers.splice(index, 1);
  // Deleting the last subscriber of a notification deletes the notification, as on AWS.
  if (found.subscribers.length === 0) budget.notifications = budget.notifications.filter((n) => n !== found);
  return {};
};

export const budgetsOperations: Record<string, Handler> = {
  CreateBudget: createBudget,
  DescribeBudget: describeBudget,
  DescribeBudgets: describeBudgets,
  UpdateBudget: updateBudget,
  DeleteBudget: deleteBudget,
  DescribeNotificationsForBudget: describeNotificationsForBudget,
  CreateNotification: createNotification,
  DeleteNotification: deleteNotification,
  DescribeSubscribersForNotification: describeSubscribersForNotification,
  CreateSubscriber: createSubscriber,
  DeleteSubscriber: deleteSubscriber,
};
