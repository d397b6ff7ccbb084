/** Cost Explorer and Budgets through the SDK, over seeded costs of an organization. */
import {
  BudgetsClient,
  CreateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  DeleteBudgetCommand,
  DeleteSubscriberCommand,
  DescribeBudgetCommand,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  UpdateBudgetCommand,
  type Notification,
} from '@aws-sdk/client-budgets';
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';
import { GROUPS_PER_PAGE } from './usage.js';

const MGMT = '111100000000';
const SHOP = '111100000001';
const DATA = '111100000002';
const OUTSIDER = '999900000009';

/** `YYYY-MM` of the month `back` months before the current one (UTC). */
function month(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}
const firstDay = (back: number) => `${month(back)}-01`;

const EC2 = 'Amazon Elastic Compute Cloud - Compute';
const S3 = 'Amazon Simple Storage Service';

function seed(target: Target) {
  applyWorldDocument(
    target.sandbox!.world,
    {
      accounts: {
        [MGMT]: {
          name: 'Management',
          organization: {
            ous: ['Workloads'],
            members: { [SHOP]: { ou: 'Workloads' }, [DATA]: { ou: 'Workloads' } },
          },
          costs: {
            [month(2)]: { [EC2]: 300.1, [S3]: 0.2 },
            [month(1)]: { [EC2]: 310.25 },
          },
        },
        [SHOP]: {
          name: 'shop',
          costs: {
            [month(2)]: { [EC2]: [{ amount: 100, tags: { team: 'shop' } }, { amount: 20.5 }] },
            [month(1)]: { [EC2]: 140.75, [S3]: 3.1 },
          },
        },
        [DATA]: { name: 'data', costs: { [month(1)]: { [S3]: 55 } } },
        [OUTSIDER]: { name: 'outsider', costs: { [month(1)]: { [S3]: 1000 } } },
      },
    },
    new Date(),
  );
}

describe.each<TargetName>(['sandbox', 'sandbox-http'])('Cost Explorer and Budgets over %s', (name) => {
  let target: Target;
  const ce = (account = MGMT) =>
    new CostExplorerClient({
      ...target.config({ accessKeyId: account, region: 'eu-west-1' }),
      maxAttempts: 1,
    });
  const budgets = (account = MGMT) =>
    new BudgetsClient({ ...target.config({ accessKeyId: account, region: 'us-east-1' }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(async () => {
    await target.close();
  });
  beforeEach(async () => {
    await target.reset();
    seed(target);
  });

  const twoMonths = { Start: firstDay(2), End: firstDay(0) };

  it('groups the organization cost by linked account, month by month, to the cent of the seed', async () => {
    const out = await ce().send(
      new GetCostAndUsageCommand({
        TimePeriod: twoMonths,
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
      }),
    );
    expect(out.NextPageToken).toBeUndefined();
    expect(out.GroupDefinitions).toEqual([{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }]);
    const byMonth = out.ResultsByTime!.map((r) => ({
      start: r.TimePeriod!.Start,
      total: r.Total,
      groups: Object.fromEntries(r.Groups!.map((g) => [g.Keys![0], g.Metrics!.UnblendedCost!.Amount])),
    }));
    expect(byMonth).toEqual([
      { start: firstDay(2), total: {}, groups: { [MGMT]: '300.3', [SHOP]: '120.5' } },
      { start: firstDay(1), total: {}, groups: { [MGMT]: '310.25', [SHOP]: '143.85', [DATA]: '55' } },
    ]);
    expect(out.ResultsByTime!.every((r) => r.Estimated === false)).toBe(true);
    expect(out.DimensionValueAttributes).toContainEqual({ Value: SHOP, Attributes: { description: 'shop' } });
  });

  it('answers totals without GroupBy, filters by service and tag, and groups by tag', async () => {
    const total = await ce().send(
      new GetCostAndUsageCommand({
        TimePeriod: twoMonths,
        Granularity: 'MONTHLY',
        Metrics: ['BlendedCost', 'UsageQuantity'],
      }),
    );
    expect(total.ResultsByTime!.map((r) => r.Total!.BlendedCost!.Amount)).toEqual(['420.8', '509.1']);
    expect(total.ResultsByTime![0]!.Total!.UsageQuantity).toEqual({ Amount: '0', Unit: 'N/A' });
    expect(total.ResultsByTime![0]!.Groups).toEqual([]);

    const s3 = await ce().send(
      new GetCostAndUsageCommand({
        TimePeriod: twoMonths,
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        Filter: { Dimensions: { Key: 'SERVICE', Values: [S3] } },
      }),
    );
    expect(s3.ResultsByTime!.map((r) => r.Total!.UnblendedCost!.Amount)).toEqual(['0.2', '58.1']);

    const tagged = await ce().send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: firstDay(2), End: firstDay(1) },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'TAG', Key: 'team' }],
        Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [SHOP] } },
      }),
    );
    expect(
      tagged.ResultsByTime![0]!.Groups!.map((g) => [g.Keys![0], g.Metrics!.UnblendedCost!.Amount]),
    ).toEqual([
      ['team$', '20.5'],
      ['team$shop', '100'],
    ]);
  });

  it('spreads a month over its days, and a member account sees only its own cost', async () => {
    const daily = await ce().send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: firstDay(1), End: firstDay(0) },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [DATA] } },
      }),
    );
    const days = daily.ResultsByTime!;
    expect(days.length).toBeGreaterThanOrEqual(28);
    const sum = days.reduce((s, r) => s + Number(r.Total!.UnblendedCost!.Amount), 0);
    expect(sum).toBeCloseTo(55, 6);

    const own = await ce(SHOP).send(
      new GetCostAndUsageCommand({
        TimePeriod: twoMonths,
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
      }),
    );
    expect(own.ResultsByTime!.flatMap((r) => r.Groups!.map((g) => g.Keys![0]))).toEqual([SHOP, SHOP]);
  });

  it('pages many groups, and refuses a token sent with another request', async () => {
    const many: Record<string, number> = {};
    for (let i = 0; i < GROUPS_PER_PAGE + 20; i++) many[`Service ${String(i).padStart(4, '0')}`] = 1;
    applyWorldDocument(
      target.sandbox!.world,
      { accounts: { [DATA]: { costs: { [month(2)]: many } } } },
      new Date(),
    );
    const request = {
      TimePeriod: twoMonths,
      Granularity: 'MONTHLY' as const,
      Metrics: ['UnblendedCost'],
      GroupBy: [{ Type: 'DIMENSION' as const, Key: 'SERVICE' }],
    };
    const first = await ce().send(new GetCostAndUsageCommand(request));
    expect(first.NextPageToken).toBeDefined();
    const groups = first.ResultsByTime!.flatMap((r) => r.Groups!);
    expect(groups).toHaveLength(GROUPS_PER_PAGE);
    const second = await ce().send(
      new GetCostAndUsageCommand({ ...request, NextPageToken: first.NextPageToken }),
    );
    expect(second.NextPageToken).toBeUndefined();
    const all = [...groups, ...second.ResultsByTime!.flatMap((r) => r.Groups!)];
    expect(all).toHaveLength(GROUPS_PER_PAGE + 20 + 2 + 2); // + EC2 and S3 in each month
    const changed = await failure(
      ce().send(
        new GetCostAndUsageCommand({
          ...request,
          Metrics: ['BlendedCost'],
          NextPageToken: first.NextPageToken,
        }),
      ),
    );
    expect(changed.name).toBe('RequestChangedException');
  });

  it('refuses bad requests as Cost Explorer does', async () => {
    const bad = async (input: Record<string, unknown>) =>
      failure(
        ce().send(
          new GetCostAndUsageCommand({
            TimePeriod: twoMonths,
            Granularity: 'MONTHLY',
            Metrics: ['UnblendedCost'],
            ...input,
          } as never),
        ),
      );
    expect((await bad({ TimePeriod: { Start: firstDay(0), End: firstDay(1) } })).message).toBe(
      'Start date (and hour) should be before end date (and hour)',
    );
    expect((await bad({ Metrics: [] })).message).toBe('Selected metrics cannot be null.');
    expect((await bad({ Metrics: ['Bogus'] })).name).toBe('ValidationException');
    expect((await bad({ GroupBy: [{ Type: 'SIZE', Key: 'X' }] })).message).toBe(
      'Group Definition type is invalid.',
    );
    expect(
      (
        await bad({
          GroupBy: [
            { Type: 'DIMENSION', Key: 'SERVICE' },
            { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
            { Type: 'TAG', Key: 'team' },
          ],
        })
      ).name,
    ).toBe('ValidationException');
    expect((await bad({ Filter: { And: [{ Dimensions: { Key: 'SERVICE', Values: [S3] } }] } })).message).toBe(
      'And expression must have at least 2 operands',
    );
    expect(
      (
        await bad({
          Filter: { Dimensions: { Key: 'SERVICE', Values: [S3] }, Tags: { Key: 'team', Values: ['shop'] } },
        })
      ).message,
    ).toContain('Expression has more than one roots');
    expect((await bad({ TimePeriod: { Start: firstDay(20), End: firstDay(0) } })).name).toBe(
      'BillExpirationException',
    );
    expect((await bad({ NextPageToken: 'not-a-token' })).name).toBe('InvalidNextTokenException');
  });

  const alert: Notification = {
    NotificationType: 'ACTUAL',
    ComparisonOperator: 'GREATER_THAN',
    Threshold: 80,
  };

  it('creates, describes, updates and deletes a budget with its notifications and subscribers', async () => {
    const client = budgets();
    await client.send(
      new CreateBudgetCommand({
        AccountId: MGMT,
        Budget: {
          BudgetName: 'shop-monthly',
          BudgetLimit: { Amount: '500', Unit: 'USD' },
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          CostFilters: { LinkedAccount: [SHOP] },
        },
        NotificationsWithSubscribers: [
          {
            Notification: alert,
            Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'finops@example.com' }],
          },
        ],
      }),
    );
    const duplicate = await failure(
      client.send(
        new CreateBudgetCommand({
          AccountId: MGMT,
          Budget: {
            BudgetName: 'shop-monthly',
            BudgetLimit: { Amount: '1', Unit: 'USD' },
            BudgetType: 'COST',
            TimeUnit: 'MONTHLY',
          },
        }),
      ),
    );
    expect(duplicate.name).toBe('DuplicateRecordException');
    expect(duplicate.message).toBe('Error creating budget: shop-monthly - the budget already exists.');

    const { Budget } = await client.send(
      new DescribeBudgetCommand({ AccountId: MGMT, BudgetName: 'shop-monthly' }),
    );
    expect(Budget!.BudgetLimit).toEqual({ Amount: '500', Unit: 'USD' });
    expect(Budget!.CostFilters).toEqual({ LinkedAccount: [SHOP] });
    expect(Budget!.TimePeriod!.End!.toISOString()).toBe('2087-06-15T00:00:00.000Z');
    expect(Budget!.TimePeriod!.Start!.toISOString()).toBe(`${firstDay(0)}T00:00:00.000Z`);
    expect(Budget!.HealthStatus!.Status).toBe('HEALTHY');

    const notifications = await client.send(
      new DescribeNotificationsForBudgetCommand({ AccountId: MGMT, BudgetName: 'shop-monthly' }),
    );
    expect(notifications.Notifications).toEqual([{ ...alert, NotificationState: 'OK' }]);
    await client.send(
      new CreateSubscriberCommand({
        AccountId: MGMT,
        BudgetName: 'shop-monthly',
        Notification: alert,
        Subscriber: { SubscriptionType: 'EMAIL', Address: 'shop@example.com' },
      }),
    );
    const subscribers = await client.send(
      new DescribeSubscribersForNotificationCommand({
        AccountId: MGMT,
        BudgetName: 'shop-monthly',
        Notification: alert,
      }),
    );
    expect(subscribers.Subscribers!.map((s) => s.Address)).toEqual([
      'finops@example.com',
      'shop@example.com',
    ]);
    for (const address of ['finops@example.com', 'shop@example.com'])
      await client.send(
        new DeleteSubscriberCommand({
          AccountId: MGMT,
          BudgetName: 'shop-monthly',
          Notification: alert,
          Subscriber: { SubscriptionType: 'EMAIL', Address: address },
        }),
      );
    const none = await client.send(
      new DescribeNotificationsForBudgetCommand({ AccountId: MGMT, BudgetName: 'shop-monthly' }),
    );
    expect(none.Notifications, 'the last subscriber takes its notification along').toEqual([]);

    await client.send(
      new UpdateBudgetCommand({
        AccountId: MGMT,
        NewBudget: {
          BudgetName: 'shop-monthly',
          BudgetLimit: { Amount: '750.5', Unit: 'USD' },
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          CostFilters: { LinkedAccount: [SHOP, DATA] },
        },
      }),
    );
    const listed = await client.send(new DescribeBudgetsCommand({ AccountId: MGMT }));
    expect(listed.Budgets!.map((b) => [b.BudgetName, b.BudgetLimit!.Amount, b.CostFilters])).toEqual([
      ['shop-monthly', '750.5', { LinkedAccount: [SHOP, DATA] }],
    ]);
    await client.send(new DeleteBudgetCommand({ AccountId: MGMT, BudgetName: 'shop-monthly' }));
    const gone = await failure(
      client.send(new DescribeBudgetCommand({ AccountId: MGMT, BudgetName: 'shop-monthly' })),
    );
    expect(gone.name).toBe('NotFoundException');
    expect(gone.message).toBe("Unable to get budget: shop-monthly - the budget doesn't exist.");
  });

  it('reports actual spend from the costs, pages budgets, and refuses what AWS refuses', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      { accounts: { [SHOP]: { costs: { [month(0)]: { [EC2]: 93 } } } } },
      new Date(),
    );
    const client = budgets();
    for (let i = 0; i < 3; i++)
      await client.send(
        new CreateBudgetCommand({
          AccountId: MGMT,
          Budget: {
            BudgetName: `b${i}`,
            BudgetLimit: { Amount: '100', Unit: 'USD' },
            BudgetType: 'COST',
            TimeUnit: 'MONTHLY',
            CostFilters: { LinkedAccount: [SHOP] },
          },
        }),
      );
    const first = await client.send(new DescribeBudgetsCommand({ AccountId: MGMT, MaxResults: 2 }));
    expect(first.Budgets!.map((b) => b.BudgetName)).toEqual(['b0', 'b1']);
    const rest = await client.send(
      new DescribeBudgetsCommand({ AccountId: MGMT, MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(rest.Budgets!.map((b) => b.BudgetName)).toEqual(['b2']);
    expect(rest.NextToken).toBeUndefined();
    const spend = first.Budgets![0]!.CalculatedSpend!;
    expect(Number(spend.ForecastedSpend!.Amount)).toBe(93);
    expect(Number(spend.ActualSpend!.Amount)).toBeGreaterThan(0);
    expect(Number(spend.ActualSpend!.Amount)).toBeLessThanOrEqual(93);

    const other = await failure(client.send(new DescribeBudgetsCommand({ AccountId: SHOP })));
    expect(other.name).toBe('AccessDeniedException');
    const badName = await failure(
      client.send(
        new CreateBudgetCommand({
          AccountId: MGMT,
          Budget: {
            BudgetName: 'a:b',
            BudgetLimit: { Amount: '1', Unit: 'USD' },
            BudgetType: 'COST',
            TimeUnit: 'MONTHLY',
          },
        }),
      ),
    );
    expect(badName.name).toBe('InvalidParameterException');
    const noLimit = await failure(
      client.send(
        new CreateBudgetCommand({
          AccountId: MGMT,
          Budget: { BudgetName: 'x', BudgetType: 'COST', TimeUnit: 'MONTHLY' },
        }),
      ),
    );
    expect(noLimit.name).toBe('InvalidParameterException');
    const tooMany = await failure(
      client.send(
        new CreateNotificationCommand({
          AccountId: MGMT,
          BudgetName: 'b0',
          Notification: alert,
          Subscribers: Array.from({ length: 11 }, (_, i) => ({
            SubscriptionType: 'EMAIL' as const,
            Address: `p${i}@example.com`,
          })),
        }),
      ),
    );
    expect(tooMany.name).toBe('CreationLimitExceededException');

    // a member's budget naming another account is kept, and unhealthy
    await budgets(SHOP).send(
      new CreateBudgetCommand({
        AccountId: SHOP,
        Budget: {
          BudgetName: 'peek',
          BudgetLimit: { Amount: '1', Unit: 'USD' },
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          CostFilters: { LinkedAccount: [DATA] },
        },
      }),
    );
    const peek = await budgets(SHOP).send(new DescribeBudgetCommand({ AccountId: SHOP, BudgetName: 'peek' }));
    expect(peek.Budget!.HealthStatus).toMatchObject({ Status: 'UNHEALTHY', StatusReason: 'FILTER_INVALID' });
  });
});
