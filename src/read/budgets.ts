/**
 * Reads the management account's budgets for the plan: DescribeBudgets (pages of up to 1,000), and per
 * budget its notifications and each notification's subscribers: 1 + budgets + notifications calls.
 */
import {
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  paginateDescribeBudgets,
  type Notification,
} from '@aws-sdk/client-budgets';
import type { ClientFactory } from '../aws/clients.js';
import {
  canonicalAmount,
  type BudgetsState,
  type LiveBudget,
  type LiveBudgetNotification,
} from '../model/budgets.js';
import { mapLimit } from '../util/pool.js';

/** A budget's notifications with their subscribers, as AWS holds them now. */
export async function readBudgetNotifications(
  factory: ClientFactory,
  accountId: string,
  budgetName: string,
): Promise<LiveBudgetNotification[]> {
  const client = factory.budgets();
  const notifications: Notification[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new DescribeNotificationsForBudgetCommand({
        AccountId: accountId,
        BudgetName: budgetName,
        MaxResults: 100,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    notifications.push(...(page.Notifications ?? []));
    token = page.NextToken;
  } while (token);
  return Promise.all(
    notifications.map(async (notification) => {
      const subscribers: LiveBudgetNotification['subscribers'] = [];
      let next: string | undefined;
      do {
        const page = await client.send(
          new DescribeSubscribersForNotificationCommand({
            AccountId: accountId,
            BudgetName: budgetName,
            Notification: notification,
            MaxResults: 100,
            ...(next ? { NextToken: next } : {}),
          }),
        );
        for (const s of page.Subscribers ?? [])
          subscribers.push({
            type: s.SubscriptionType === 'SNS' ? 'SNS' : 'EMAIL',
            address: s.Address ?? '',
          });
        next = page.NextToken;
      } while (next);
      return {
        type: notification.NotificationType === 'FORECASTED' ? 'FORECASTED' : 'ACTUAL',
        comparison: notification.ComparisonOperator ?? 'GREATER_THAN',
        threshold: notification.Threshold ?? 0,
        thresholdType: notification.ThresholdType === 'ABSOLUTE_VALUE' ? 'ABSOLUTE_VALUE' : 'PERCENTAGE',
        subscribers,
      } satisfies LiveBudgetNotification;
    }),
  );
}

export async function readBudgets(
  factory: ClientFactory,
  accountId: string,
  concurrency = 4,
): Promise<BudgetsState> {
  const listed: LiveBudget[] = [];
  for await (const page of paginateDescribeBudgets(
    { client: factory.budgets(), pageSize: 1000 },
    { AccountId: accountId },
  )) {
    for (const b of page.Budgets ?? []) {
      if (!b.BudgetName) continue;
      listed.push({
        name: b.BudgetName,
        budgetType: b.BudgetType ?? 'COST',
        timeUnit: b.TimeUnit ?? 'MONTHLY',
        amount: b.BudgetLimit?.Amount === undefined ? undefined : canonicalAmount(b.BudgetLimit.Amount),
        unit: b.BudgetLimit?.Unit,
        costFilters: Object.fromEntries(
          Object.entries(b.CostFilters ?? {}).map(([k, v]) => [k, [...v].sort()]),
        ),
        notifications: [],
      });
    }
  }
  await mapLimit(listed, concurrency, async (budget) => {
    budget.notifications = await readBudgetNotifications(factory, accountId, budget.name);
  });
  return { accountId, budgets: listed.sort((a, b) => a.name.localeCompare(b.name)) };
}
