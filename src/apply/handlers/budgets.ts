/**
 * Budgets in the management account. `put-budget` creates the budget or brings it to the spec, then
 * reconciles its notifications and subscribers against what AWS holds at that moment, so a run after an
 * interruption, or a second run, changes only what is still different. `delete-budget` tolerates a
 * budget already gone.
 */
import {
  CreateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  DeleteBudgetCommand,
  DeleteNotificationCommand,
  DeleteSubscriberCommand,
  DescribeBudgetCommand,
  UpdateBudgetCommand,
  type Budget,
  type Notification,
  type Subscriber,
} from '@aws-sdk/client-budgets';
import { canonicalAmount } from '../../model/budgets.js';
import { readBudgetNotifications } from '../../read/budgets.js';
import type { BudgetSpec, Operation } from '../../plan/operations.js';
import { ignoring, isAwsCode, type ApplyContext, type Handlers } from '../context.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

function budgetOf(spec: BudgetSpec, ctx: ApplyContext): Budget {
  const accounts = spec.accounts?.map((ref) => ctx.resolver.account(ref)).sort();
  return {
    BudgetName: spec.name,
    BudgetType: 'COST',
    TimeUnit: 'MONTHLY',
    BudgetLimit: { Amount: spec.amount, Unit: 'USD' },
    CostFilters: accounts ? { LinkedAccount: accounts } : {},
  };
}

function notificationOf(alert: BudgetSpec['alerts'][number]): Notification {
  return {
    NotificationType: alert.type,
    ComparisonOperator: 'GREATER_THAN',
    Threshold: alert.threshold,
    ThresholdType: 'PERCENTAGE',
  };
}

function subscribersOf(alert: BudgetSpec['alerts'][number]): Subscriber[] {
  return [
    ...alert.emails.map((Address) => ({ SubscriptionType: 'EMAIL' as const, Address })),
    ...(alert.snsTopicArn ? [{ SubscriptionType: 'SNS' as const, Address: alert.snsTopicArn }] : []),
  ];
}

const sameFilters = (a: Record<string, string[]> | undefined, b: Record<string, string[]> | undefined) => {
  const norm = (f: Record<string, string[]> | undefined) =>
    JSON.stringify(
      Object.entries(f ?? {})
        .map(([k, v]) => [k, [...v].sort()])
        .sort(),
    );
  return norm(a) === norm(b);
};

async function putBudget(op: Op<'put-budget'>, ctx: ApplyContext): Promise<void> {
  const client = ctx.factory.budgets();
  const AccountId = op.accountId;
  const wanted = budgetOf(op.budget, ctx);
  let existing: Budget | undefined;
  try {
    existing = (await client.send(new DescribeBudgetCommand({ AccountId, BudgetName: op.budget.name })))
      .Budget;
  } catch (error) {
    if (!isAwsCode(error, 'NotFoundException')) throw error;
  }
  if (!existing) {
    await client.send(
      new CreateBudgetCommand({
        AccountId,
        Budget: wanted,
        NotificationsWithSubscribers: op.budget.alerts.map((alert) => ({
          Notification: notificationOf(alert),
          Subscribers: subscribersOf(alert),
        })),
      }),
    );
    return;
  }
  const differs =
    existing.BudgetType !== 'COST' ||
    existing.TimeUnit !== 'MONTHLY' ||
    existing.BudgetLimit?.Unit !== 'USD' ||
    canonicalAmount(existing.BudgetLimit?.Amount ?? '0') !== op.budget.amount ||
    !sameFilters(existing.CostFilters, wanted.CostFilters);
  if (differs)
    await client.send(
      new UpdateBudgetCommand({
        AccountId,
        NewBudget: { ...wanted, ...(existing.TimePeriod ? { TimePeriod: existing.TimePeriod } : {}) },
      }),
    );

  // Notifications: AWS names one by its type, operator, threshold and threshold type.
  const live = await readBudgetNotifications(ctx.factory, AccountId, op.budget.name);
  const key = (n: { type: string; comparison: string; threshold: number; thresholdType: string }) =>
    `${n.type}|${n.comparison}|${n.threshold}|${n.thresholdType}`;
  const want = new Map(
    op.budget.alerts.map((alert) => [
      key({
        type: alert.type,
        comparison: 'GREATER_THAN',
        threshold: alert.threshold,
        thresholdType: 'PERCENTAGE',
      }),
      alert,
    ]),
  );
  for (const n of live) {
    const notification: Notification = {
      NotificationType: n.type,
      ComparisonOperator: n.comparison as Notification['ComparisonOperator'],
      Threshold: n.threshold,
      ThresholdType: n.thresholdType,
    };
    const alert = want.get(key(n));
    if (!alert) {
      await ignoring(['NotFoundException'], () =>
        client.send(
          new DeleteNotificationCommand({
            AccountId,
            BudgetName: op.budget.name,
            Notification: notification,
          }),
        ),
      );
      continue;
    }
    want.delete(key(n));
    const wantedSubscribers = subscribersOf(alert);
    const has = new Set(n.subscribers.map((s) => `${s.type}|${s.address}`));
    const keep = new Set(wantedSubscribers.map((s) => `${s.SubscriptionType}|${s.Address}`));
    // Add before removing: removing a notification's last subscriber removes the notification.
    for (const s of wantedSubscribers)
      if (!has.has(`${s.SubscriptionType}|${s.Address}`))
        await ignoring(['DuplicateRecordException'], () =>
          client.send(
            new CreateSubscriberCommand({
              AccountId,
              BudgetName: op.budget.name,
              Notification: notification,
              Subscriber: s,
            }),
          ),
        );
    for (const s of n.subscribers)
      if (!keep.has(`${s.type}|${s.address}`))
        await ignoring(['NotFoundException'], () =>
          client.send(
            new DeleteSubscriberCommand({
              AccountId,
              BudgetName: op.budget.name,
              Notification: notification,
              Subscriber: { SubscriptionType: s.type, Address: s.address },
            }),
          ),
        );
  }
  for (const alert of want.values())
    await ignoring(['DuplicateRecordException'], () =>
      client.send(
        new CreateNotificationCommand({
          AccountId,
          BudgetName: op.budget.name,
          Notification: notificationOf(alert),
          Subscribers: subscribersOf(alert),
        }),
      ),
    );
}

export const budgetHandlers: Handlers = {
  'put-budget': putBudget,
  'delete-budget': async (op, ctx) => {
    await ignoring(['NotFoundException'], () =>
      ctx.factory.budgets().send(new DeleteBudgetCommand({ AccountId: op.accountId, BudgetName: op.name })),
    );
  },
};
