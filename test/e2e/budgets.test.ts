/**
 * `budgets:` in org.yaml, end to end through the library on an in-process sandbox: budgets on an
 * account, an OU and the whole organization are created in the same apply as the accounts they cover,
 * a second plan is empty, changes (amount, alerts, an account moved out of the OU) are planned and
 * applied, a budget changed by hand converges, budgets the file does not name are only deleted under
 * `prune: [budgets]`, and bad input names its line.
 */
import {
  CreateBudgetCommand,
  DescribeBudgetCommand,
  DescribeBudgetsCommand,
  DescribeNotificationsForBudgetCommand,
  DescribeSubscribersForNotificationCommand,
  DeleteSubscriberCommand,
} from '@aws-sdk/client-budgets';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, plan, validate } from '../../src/index.js';
import { inProcessFactory, Sandbox } from '../../src/api/sandbox.js';
import { runFailures } from '../support/failure.js';

const MGMT = '123456789012';

function orgYaml(budgets: string, extra = '', dataOu = 'Workloads'): string {
  return `organization:
  featureSet: ALL
ous:
  Workloads:
    ${dataOu === 'Workloads' ? 'accounts: [data]\n    ' : ''}ous:
      Prod:
        accounts: [shop]
accounts:
  shop:
    email: shop@example.com
  data:
    email: data@example.com
budgets:
${budgets}
${extra}`;
}

const V1 = `  shop-monthly:
    target: account:shop
    amount: 500
    alerts:
      - at: 80
        emails: [finops@example.com]
      - at: 100
        when: forecasted
        emails: [finops@example.com, shop-lead@example.com]
  workloads:
    target: ou:Workloads
    amount: 2000.50
    alerts:
      - at: 90
        emails: [cto@example.com]
  everything:
    target: root
    amount: 10000`;

const V2 = `  shop-monthly:
    target: account:shop
    amount: 650
    alerts:
      - at: 100
        when: forecasted
        emails: [shop-lead@example.com]
  workloads:
    target: ou:Workloads
    amount: 2000.50
    alerts:
      - at: 90
        emails: [cto@example.com]
  everything:
    target: root
    amount: 10000`;

const failures = runFailures;

describe('budgets in org.yaml on the sandbox', () => {
  const sandbox = new Sandbox();
  const factory = inProcessFactory(sandbox);
  const budgets = factory.budgets();
  const dir = mkdtempSync(join(tmpdir(), 'orgward-budgets-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const ids = new Map<string, string>();
  const describe1 = async (name: string) =>
    (await budgets.send(new DescribeBudgetCommand({ AccountId: MGMT, BudgetName: name }))).Budget!;
  const alertsOf = async (name: string) => {
    const { Notifications = [] } = await budgets.send(
      new DescribeNotificationsForBudgetCommand({ AccountId: MGMT, BudgetName: name }),
    );
    const out: Record<string, string[]> = {};
    for (const n of Notifications) {
      const { Subscribers = [] } = await budgets.send(
        new DescribeSubscribersForNotificationCommand({ AccountId: MGMT, BudgetName: name, Notification: n }),
      );
      out[`${n.NotificationType} ${n.Threshold}`] = Subscribers.map((s) => s.Address!).sort();
    }
    return out;
  };
  const applyFile = async (path: string) => {
    const { plan: changes } = await plan({ config: path, factory });
    const run = await apply({ config: changes, factory, confirmed: true, poll: { accountsMs: 10 } });
    expect(failures(run)).toEqual([]);
    return { changes, run };
  };

  beforeAll(async () => {
    const { changes } = await applyFile(file('v1.yaml', orgYaml(V1)));
    expect(
      changes.operations
        .filter((o) => o.kind === 'put-budget')
        .map((o) => o.summary)
        .sort(),
    ).toEqual([
      'create budget everything: 10000 USD a month for the whole organization',
      'create budget shop-monthly: 500 USD a month for account:shop (1 account), alerts at actual 80%, forecasted 100%',
      'create budget workloads: 2000.5 USD a month for ou:Workloads (2 accounts), alerts at actual 90%',
    ]);
    const budgetOps = changes.operations.filter((o) => o.kind === 'put-budget');
    expect(budgetOps.find((o) => o.id === 'budget:shop-monthly')!.dependsOn).toContain('account:create:shop');
    const { Accounts = [] } = await factory.organizations().send(new ListAccountsCommand({}));
    for (const a of Accounts) ids.set(a.Name!, a.Id!);
  }, 120_000);

  it('creates each budget in the same apply as the accounts it covers', async () => {
    const shop = await describe1('shop-monthly');
    expect(shop.BudgetLimit).toEqual({ Amount: '500', Unit: 'USD' });
    expect(shop.CostFilters).toEqual({ LinkedAccount: [ids.get('shop')] });
    expect(shop.TimeUnit).toBe('MONTHLY');
    expect((await describe1('workloads')).CostFilters).toEqual({
      LinkedAccount: [ids.get('shop'), ids.get('data')].sort(),
    });
    expect((await describe1('everything')).CostFilters).toEqual({});
    expect(await alertsOf('shop-monthly')).toEqual({
      'ACTUAL 80': ['finops@example.com'],
      'FORECASTED 100': ['finops@example.com', 'shop-lead@example.com'],
    });
  });

  it('plans nothing the second time', async () => {
    const again = await plan({ config: join(dir, 'v1.yaml'), factory });
    expect(again.plan.operations.map((o) => o.summary)).toEqual([]);
  });

  it('plans and applies a new amount, fewer alerts and an account leaving the OU; then nothing', async () => {
    const v2 = file('v2.yaml', orgYaml(V2, '', 'root'));
    const { changes } = await applyFile(v2);
    const summaries = changes.operations.filter((o) => o.kind === 'put-budget').map((o) => o.summary);
    expect(summaries).toEqual([
      'update budget shop-monthly (account:shop (1 account)): amount 500 USD → 650 USD; alert at forecasted 100%: subscribers changed; alert at actual 80% removed',
      `update budget workloads (ou:Workloads (1 account)): accounts removed: ${ids.get('data')}`,
    ]);
    expect((await describe1('shop-monthly')).BudgetLimit!.Amount).toBe('650');
    expect(await alertsOf('shop-monthly')).toEqual({ 'FORECASTED 100': ['shop-lead@example.com'] });
    expect((await describe1('workloads')).CostFilters).toEqual({ LinkedAccount: [ids.get('shop')] });
    const again = await plan({ config: v2, factory });
    expect(again.plan.operations.map((o) => o.summary)).toEqual([]);
  });

  it('brings a budget changed by hand back to the file, without touching what is right', async () => {
    await budgets.send(
      new DeleteSubscriberCommand({
        AccountId: MGMT,
        BudgetName: 'workloads',
        Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 90 },
        Subscriber: { SubscriptionType: 'EMAIL', Address: 'cto@example.com' },
      }),
    );
    const { changes } = await applyFile(join(dir, 'v2.yaml'));
    expect(changes.operations.map((o) => o.summary)).toEqual([
      'update budget workloads (ou:Workloads (1 account)): alert at actual 90% added',
    ]);
    expect(await alertsOf('workloads')).toEqual({ 'ACTUAL 90': ['cto@example.com'] });
  });

  it('leaves budgets the file does not name, and deletes them only under prune: [budgets]', async () => {
    await budgets.send(
      new CreateBudgetCommand({
        AccountId: MGMT,
        Budget: {
          BudgetName: 'by-hand',
          BudgetLimit: { Amount: '5', Unit: 'USD' },
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
        },
      }),
    );
    const kept = await plan({ config: join(dir, 'v2.yaml'), factory });
    expect(kept.plan.operations).toEqual([]);
    expect(kept.plan.notes).toContain(
      'budgets not in the file, left as they are: by-hand (add prune: [budgets] to delete them)',
    );
    const pruning = file('prune.yaml', orgYaml(V2, 'prune: [budgets]\n', 'root'));
    const { changes } = await applyFile(pruning);
    expect(changes.operations.map((o) => [o.kind, o.impact, o.summary])).toEqual([
      ['delete-budget', 'delete', 'delete budget by-hand (not in the file; prune: [budgets])'],
    ]);
    const { Budgets = [] } = await budgets.send(new DescribeBudgetsCommand({ AccountId: MGMT }));
    expect(Budgets.map((b) => b.BudgetName)).toEqual(['everything', 'shop-monthly', 'workloads']);
  });

  it('refuses unknown targets and alerts that tell no one, naming the line', () => {
    const bad = file(
      'bad.yaml',
      orgYaml(`  nope:
    target: account:shopp
    amount: 10
  quiet:
    target: ou:Workloads
    amount: 10.001
    alerts:
      - at: 50`),
    );
    const result = validate(bad);
    const messages = result.issues.map((i) => `${i.line}:${i.column} ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\d+:\d+ target 'account:shopp': no account named 'shopp' in 'accounts'/),
        expect.stringMatching(/amount.*dollars and cents|multiple/i),
      ]),
    );
    const quiet = validate(
      file(
        'quiet.yaml',
        orgYaml(`  quiet:\n    target: ou:Workloads\n    amount: 10\n    alerts:\n      - at: 50`),
      ),
    );
    expect(quiet.issues.map((i) => i.message)).toEqual([
      "budget 'quiet': alert 1 has no one to tell; give emails (up to 10) or snsTopic",
    ]);
    expect(quiet.issues[0]!.line).toBe(19); // the alert's own line
  });
});
