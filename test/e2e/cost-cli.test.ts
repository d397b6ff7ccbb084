/**
 * `orgward cost` as a user runs it: the built CLI against `orgward sandbox --seed` with costs seeded per
 * account, month and service. Per-account and per-OU totals equal the seed to the cent, the management
 * account's share, tags, what bad input says (exit 2), and the HTML page in headless Chromium.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../src/model/cost.js';
import {
  requireBuild,
  runCliInProcess,
  startSandboxCli,
  type CliRun,
  type RunningSandbox,
} from '../support/cli.js';
import { checkHtmlPage, chromiumInstalled } from '../support/chromium.js';

const built = requireBuild();

const MGMT = '111100000000';
const SHOP = '111100000001';
const DATA = '111100000002';
const SEC = '111100000003';
const EC2 = 'Amazon Elastic Compute Cloud - Compute';
const S3 = 'Amazon Simple Storage Service';
const RDS = 'Amazon Relational Database Service';

function month(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

/** Amounts chosen so that float sums would drift without rounding to the cent. */
const SEED: Record<
  string,
  Record<string, Record<string, number | Array<{ amount: number; tags?: Record<string, string> }>>>
> = {
  [MGMT]: {
    [month(3)]: { [EC2]: 400.1, 'AWS CloudTrail': 3.2, [RDS]: 120.07 },
    [month(2)]: { [EC2]: 410.2, 'AWS CloudTrail': 3.3, [RDS]: 120.07 },
    [month(1)]: { [EC2]: 420.3, 'AWS CloudTrail': 3.4, [RDS]: 121.01 },
  },
  [SHOP]: {
    [month(3)]: { [EC2]: [{ amount: 900.1, tags: { team: 'shop' } }, { amount: 0.2 }] },
    [month(2)]: { [EC2]: [{ amount: 950.1, tags: { team: 'shop' } }] },
    [month(1)]: { [EC2]: 1000.1, [S3]: 12.03 },
  },
  [DATA]: { [month(2)]: { [S3]: 80.11 }, [month(1)]: { [S3]: 95.5 } },
  [SEC]: { [month(1)]: { 'Amazon GuardDuty': 33.33 } },
};

const sumOf = (account: string, m: string) =>
  Object.values(SEED[account]?.[m] ?? {}).reduce<number>(
    (s, v) => s + (typeof v === 'number' ? v : v.reduce((a, p) => a + p.amount, 0)),
    0,
  );
const cents = (n: number) => Math.round(n * 100) / 100;

function world() {
  return {
    accounts: {
      [MGMT]: {
        name: 'Management',
        organization: {
          ous: ['Workloads', 'Workloads/Prod', 'Security'],
          members: {
            [SHOP]: { ou: 'Workloads/Prod' },
            [DATA]: { ou: 'Workloads' },
            [SEC]: { ou: 'Security' },
          },
        },
        costs: SEED[MGMT],
      },
      [SHOP]: { name: 'shop-prod', costs: SEED[SHOP] },
      [DATA]: { name: 'data', costs: SEED[DATA] },
      [SEC]: { name: 'security', costs: SEED[SEC] },
    },
  };
}

describe.runIf(built)('orgward cost (CLI against the sandbox over HTTP)', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  const path = (name: string) => join(dir, name);
  const env = (account: string) => ({
    AWS_ACCESS_KEY_ID: account,
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  const cli = (...args: string[]) => runCliInProcess([...args, '--endpoint-url', sandbox.url], env(MGMT));
  const both = (r: CliRun) => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;
  const json = async (...args: string[]): Promise<CostReport> => {
    const run = await cli('cost', ...args, '--format', 'json');
    expect(run.status, both(run)).toBe(0);
    return JSON.parse(run.stdout) as CostReport;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orgward-cost-cli-'));
    writeFileSync(path('world.json'), JSON.stringify(world()));
    sandbox = await startSandboxCli(['--seed', path('world.json')]);
  }, 120_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  const months = [month(3), month(2), month(1)];

  it('per account: every month and total equals the seed to the cent, in two Cost Explorer requests', async () => {
    const report = await json('--by', 'account');
    expect(report.months).toEqual(months);
    expect(report.calls).toBe(2);
    for (const account of [MGMT, SHOP, DATA, SEC]) {
      const row = report.rows.find((r) => r.id === account)!;
      expect(row.amounts, account).toEqual(months.map((m) => cents(sumOf(account, m))));
      expect(row.total).toBe(cents(months.reduce((s, m) => s + sumOf(account, m), 0)));
    }
    expect(report.rows.map((r) => r.id)).toEqual([SHOP, MGMT, DATA, SEC]); // most first
    const all = [MGMT, SHOP, DATA, SEC].reduce((s, a) => s + months.reduce((t, m) => t + sumOf(a, m), 0), 0);
    expect(report.total.total).toBe(cents(all));
    expect(report.management.total).toBe(cents(months.reduce((s, m) => s + sumOf(MGMT, m), 0)));
    expect(report.management.share).toBe(
      Math.round((report.management.total / report.total.total) * 1000) / 10,
    );
    expect(report.management.services.map((s) => [s.service, s.workload])).toEqual([
      [EC2, true],
      [RDS, true],
      ['AWS CloudTrail', false],
    ]);
    expect(report.management.workloadTotal).toBe(cents(400.1 + 410.2 + 420.3 + 120.07 * 2 + 121.01));
  });

  it('per OU: each OU holds every account below it; the root the whole organization', async () => {
    const report = await json('--by', 'ou', '--months', '2');
    expect(report.months).toEqual([month(2), month(1)]);
    const ou = (path: string) =>
      report.rows.find((r) => (path === '' ? r.kind === 'root' : r.path === path))!;
    const over = (accounts: string[]) =>
      [month(2), month(1)].map((m) => cents(accounts.reduce((s, a) => s + sumOf(a, m), 0)));
    expect(ou('Workloads/Prod').amounts).toEqual(over([SHOP]));
    expect(ou('Workloads').amounts).toEqual(over([SHOP, DATA]));
    expect(ou('Workloads').accounts).toBe(2);
    expect(ou('Security').amounts).toEqual(over([SEC]));
    expect(ou('').amounts).toEqual(over([MGMT, SHOP, DATA, SEC]));
    expect(ou('').accounts).toBe(4);
    const change = ou('Workloads').change!;
    const [before, last] = over([SHOP, DATA]);
    expect(change.amount).toBe(cents(last! - before!));
  });

  it('per tag value, untagged cost apart; the table names the management share', async () => {
    const report = await json('--by', 'tag:team');
    expect(report.rows.find((r) => r.id === 'shop')!.total).toBe(cents(900.1 + 950.1));
    const table = await cli('cost', '--by', 'account');
    expect(table.status, both(table)).toBe(0);
    expect(table.stdout).toMatch(
      /% of spend \([\d,.]+ USD\) runs in the management account Management \(111100000000\)/,
    );
    expect(table.stdout).toContain('Cost Explorer: 2 requests (0.02 USD)');
  });

  it('refuses bad input with exit 2 and what to do', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['cost', '--months', '0'], /--months takes a whole number from 1 to 13/],
      [['cost', '--by', 'region'], /--by region is not one of account, ou, tag:<key>/],
      [['cost', '--format', 'pdf'], /--format pdf is not one of table, csv, json, html/],
      [['cost', '--metric', 'Dollars'], /--metric Dollars is not one of UnblendedCost/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(...args);
      expect(run.status, both(run)).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    const member = await runCliInProcess(['cost', '--endpoint-url', sandbox.url], env(SHOP));
    expect(member.status, both(member)).toBe(2);
    expect(member.stderr).toContain("not the management account's (111100000000)");
  });

  it('writes CSV with one line per row and no formula cells', async () => {
    const run = await cli('cost', '--by', 'account', '--format', 'csv', '--out', path('cost.csv'));
    expect(run.status, both(run)).toBe(0);
    const csv = (await import('node:fs')).readFileSync(path('cost.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(`kind,id,name,path,${months.join(',')},total,change_percent,share_percent`);
    expect(csv).toHaveLength(5);
  });

  describe.runIf(chromiumInstalled)('the HTML report in headless Chromium', () => {
    it('shows one row per OU and the management line, with no console error and no request but the file', async () => {
      const run = await cli('cost', '--format', 'html', '--out', path('cost.html'));
      expect(run.status, both(run)).toBe(0);
      await checkHtmlPage(path('cost.html'), async (page) => {
        expect(await page.locator('#cost tbody tr').count()).toBe(4); // root + 3 OUs
        await expect(page.locator('#management').textContent()).resolves.toContain(
          'management account Management',
        );
        const bars = page.locator('td.bar span');
        const widths: number[] = [];
        for (let i = 0; i < (await bars.count()); i++)
          widths.push((await bars.nth(i).boundingBox())?.width ?? 0);
        expect(widths.every((w) => w > 0)).toBe(true);
      });
    }, 60_000);
  });
});
