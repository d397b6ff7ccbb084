/**
 * Budgets on the sandbox and on moto_server, with the operations moto implements (CreateBudget,
 * DescribeBudget(s), DeleteBudget and notifications; moto answers UpdateBudget and the subscriber
 * operations with HTTP 500, and DescribeBudgets' token in the wrong case, so those are not compared).
 */
import {
  BudgetsClient,
  CreateBudgetCommand,
  CreateNotificationCommand,
  DeleteBudgetCommand,
  DeleteNotificationCommand,
  DescribeBudgetCommand,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  type Notification,
} from '@aws-sdk/client-budgets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

const ACCOUNT = '123456789012';

describe.each<TargetName>(conformanceTargets)('Budgets conformance on %s', (name) => {
  let target: Target;
  let budgets: BudgetsClient;

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
    budgets = new BudgetsClient({ ...target.config({ region: 'us-east-1' }), maxAttempts: 1 });
  });
  afterAll(async () => {
    await target.close();
  });

  const forecast: Notification = {
    NotificationType: 'FORECASTED',
    ComparisonOperator: 'GREATER_THAN',
    Threshold: 100,
    ThresholdType: 'PERCENTAGE',
  };

  it('creates a budget once, describes it, and deletes it', async () => {
    const budget = {
      BudgetName: 'conformance',
      BudgetLimit: { Amount: '250', Unit: 'USD' },
      BudgetType: 'COST' as const,
      TimeUnit: 'MONTHLY' as const,
    };
    await budgets.send(new CreateBudgetCommand({ AccountId: ACCOUNT, Budget: budget }));
    const again = await failure(
      budgets.send(new CreateBudgetCommand({ AccountId: ACCOUNT, Budget: budget })),
    );
    expect(again.name).toBe('DuplicateRecordException');
    expect(again.message).toContain('the budget already exists');

    const { Budget } = await budgets.send(
      new DescribeBudgetCommand({ AccountId: ACCOUNT, BudgetName: 'conformance' }),
    );
    expect(Budget).toMatchObject({ BudgetName: 'conformance', BudgetType: 'COST', TimeUnit: 'MONTHLY' });
    expect(Number(Budget!.BudgetLimit!.Amount)).toBe(250);
    expect(Budget!.TimePeriod!.Start).toBeInstanceOf(Date);
    const listed = await budgets.send(new DescribeBudgetsCommand({ AccountId: ACCOUNT }));
    expect(listed.Budgets!.map((b) => b.BudgetName)).toContain('conformance');

    await budgets.send(
      new CreateNotificationCommand({
        AccountId: ACCOUNT,
        BudgetName: 'conformance',
        Notification: forecast,
        Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'finops@example.com' }],
      }),
    );
    const notified = await budgets.send(
      new DescribeNotificationsForBudgetCommand({ AccountId: ACCOUNT, BudgetName: 'conformance' }),
    );
    expect(notified.Notifications).toHaveLength(1);
    expect(notified.Notifications![0]).toMatchObject({
      NotificationType: 'FORECASTED',
      ComparisonOperator: 'GREATER_THAN',
      Threshold: 100,
    });
    await budgets.send(
      new DeleteNotificationCommand({
        AccountId: ACCOUNT,
        BudgetName: 'conformance',
        Notification: forecast,
      }),
    );
    const after = await budgets.send(
      new DescribeNotificationsForBudgetCommand({ AccountId: ACCOUNT, BudgetName: 'conformance' }),
    );
    expect(after.Notifications ?? []).toEqual([]);

    await budgets.send(new DeleteBudgetCommand({ AccountId: ACCOUNT, BudgetName: 'conformance' }));
    const gone = await failure(
      budgets.send(new DescribeBudgetCommand({ AccountId: ACCOUNT, BudgetName: 'conformance' })),
    );
    expect(gone.name).toBe('NotFoundException');
    const deleted = await failure(
      budgets.send(new DeleteBudgetCommand({ AccountId: ACCOUNT, BudgetName: 'conformance' })),
    );
    expect(deleted.name).toBe('NotFoundException');
  });
});
