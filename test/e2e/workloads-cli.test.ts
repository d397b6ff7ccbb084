/**
 * `orgward workloads inventory` as a user runs it: the built CLI against `orgward sandbox --seed` with the
 * shop running in the management account (a load balancer, three web servers with encrypted volumes, a
 * security-group chain, a database) and a jump host; one application with all its parts, the standalone
 * host apart, bad input refused (exit 2), and the HTML page in headless Chromium.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkloadsInventory } from '../../src/model/workloads.js';
import {
  requireBuild,
  runCliInProcess,
  startSandboxCli,
  type CliRun,
  type RunningSandbox,
} from '../support/cli.js';
import { checkHtmlPage, chromiumInstalled } from '../support/chromium.js';
import { shopWorld, SHOP_MANAGEMENT, SHOP_SERVICE } from '../support/shop-world.js';
import type { MovePlan } from '../../src/workloads/move-plan.js';

const built = requireBuild();

describe.runIf(built)('orgward workloads inventory (CLI against the sandbox over HTTP)', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  const path = (name: string) => join(dir, name);
  const env = {
    AWS_ACCESS_KEY_ID: SHOP_MANAGEMENT,
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const cli = (...args: string[]) => runCliInProcess([...args, '--endpoint-url', sandbox.url], env);
  const both = (r: CliRun) => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orgward-workloads-cli-'));
    writeFileSync(path('world.json'), JSON.stringify(shopWorld()));
    sandbox = await startSandboxCli(['--seed', path('world.json')]);
  }, 120_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('finds the shop as one application with all its parts, and the jump host apart', async () => {
    const run = await cli('workloads', 'inventory', '--regions', 'us-east-1,eu-west-1', '--format', 'json');
    expect(run.status, both(run)).toBe(0);
    const inv = JSON.parse(run.stdout) as WorkloadsInventory;
    expect(inv).toMatchObject({ accountId: SHOP_MANAGEMENT, management: true });
    expect(inv.regions.flatMap((r) => r.unread)).toEqual([]);
    expect(inv.applications.map((a) => [a.name, a.kind, a.region])).toEqual([
      ['shop-alb', 'load-balanced', 'us-east-1'],
      ['jump', 'standalone', 'us-east-1'],
    ]);
    const shop = inv.applications[0]!;
    const region = inv.regions.find((r) => r.region === 'us-east-1')!;
    const names = (ids: string[]) => ids.map((id) => region.instances.find((i) => i.id === id)!.name).sort();
    expect(names(shop.instanceIds)).toEqual(['web-1', 'web-2', 'web-3']);
    expect(shop.volumeIds).toHaveLength(3);
    expect(shop.kmsKeyIds).toEqual([
      `arn:aws:kms:us-east-1:${SHOP_MANAGEMENT}:alias/aws/rds`,
      `arn:aws:kms:us-east-1:${SHOP_MANAGEMENT}:alias/ebs-shop`,
    ]);
    expect(
      shop.securityGroupIds.map((id) => region.securityGroups.find((g) => g.id === id)!.name).sort(),
    ).toEqual(['alb', 'db', 'web']);
    expect(shop.databaseIds).toEqual(['shop-db']);
    expect(shop.vpcIds.map((id) => region.network.vpcs.find((v) => v.id === id)!.cidr)).toEqual([
      '10.0.0.0/16',
    ]);
    const tg = region.targetGroups.find((t) => shop.targetGroupArns.includes(t.arn))!;
    expect(tg.targets.map((t) => t.health)).toEqual(['healthy', 'healthy', 'healthy']);
    expect(inv.buckets).toEqual(['shop-assets']);
    expect(inv.cost?.total).toBeGreaterThan(0);
  });

  it('prints the application for people', async () => {
    const run = await cli('workloads', 'inventory', '--regions', 'us-east-1');
    expect(run.status, both(run)).toBe(0);
    expect(run.stdout).toContain('shop-alb (load-balanced, us-east-1)');
    expect(run.stdout).toMatch(
      /load balancer shop-alb \(application, internet-facing\) → shop-web \(instance, 3 targets, 3 healthy\)/,
    );
    expect(run.stdout).toContain('keys to share with the target account: alias/aws/rds, alias/ebs-shop');
    expect(run.stdout).toContain('database shop-db (postgres');
  });

  it('refuses bad input with exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['workloads', 'inventory', '--account', 'nope'],
        /--account nope is not an account of the organization/,
      ],
      [['workloads', 'inventory', '--regions', 'mars-1'], /--regions mars-1 is not a region name/],
      [['workloads', 'inventory', '--format', 'pdf'], /--format pdf is not one of table, json, html/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(...args);
      expect(run.status, both(run)).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  const KMS = `arn:aws:kms:us-east-1:${SHOP_MANAGEMENT}:key/0d6c1f3e-8f5a-4b2c-9d7e-1a2b3c4d5e6f`;

  it('plans the move of the shop to the service account in stages, with a free CIDR', async () => {
    const run = await cli(
      'workloads',
      'plan',
      '--app',
      'shop-alb',
      '--to',
      'shop-service',
      '--regions',
      'us-east-1',
      '--kms-key',
      KMS,
      '--format',
      'json',
      '--out',
      path('move.json'),
    );
    expect(run.status, both(run)).toBe(0);
    const plan = JSON.parse(readFileSync(path('move.json'), 'utf8')) as MovePlan;
    expect(plan).toMatchObject({
      application: 'shop-alb',
      source: { accountId: SHOP_MANAGEMENT, cidr: '10.0.0.0/16' },
      target: { accountId: SHOP_SERVICE, accountName: 'shop-service', cidr: '10.1.0.0/16' },
      noReboot: false,
      reencryptKey: KMS,
    });
    expect(plan.instances.map((i) => i.name)).toEqual(['web-1', 'web-2', 'web-3']);
    expect(plan.stages.map((s) => s.name)).toEqual([
      'network',
      'security',
      'images',
      'data',
      'launch',
      'traffic',
      'cleanup',
    ]);
    const data = plan.stages.find((s) => s.name === 'data')!;
    expect(data.steps.map((s) => s.call)).toEqual([
      'rds:CreateDBSnapshot',
      'rds:CopyDBSnapshot',
      'rds:ModifyDBSnapshotAttribute',
      'rds:RestoreDBInstanceFromDBSnapshot',
    ]);
    const markdown = await cli(
      'workloads',
      'plan',
      '--app',
      'shop-alb',
      '--to',
      SHOP_SERVICE,
      '--regions',
      'us-east-1',
      '--kms-key',
      KMS,
      '--no-reboot',
      '--format',
      'markdown',
    );
    expect(markdown.status, both(markdown)).toBe(0);
    expect(markdown.stdout).toContain(
      '### 1. network: A VPC 10.1.0.0/16 in shop-service, peered with shop (10.0.0.0/16)',
    );
    expect(markdown.stdout).toContain('> **Warning:** NoReboot');
  });

  it('refuses a move it cannot plan, with exit 2 and what to do, before reading further', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['--app', 'shop-alb', '--to', 'nope', '--kms-key', KMS],
        /--to nope is not an account of the organization/,
      ],
      [
        ['--app', 'shop', '--to', 'shop-service', '--kms-key', KMS],
        /--app shop is not an application of Management .* one of: shop-alb, jump/,
      ],
      [
        ['--app', 'shop-alb', '--to', 'shop-service', '--kms-key', KMS, '--cidr', '10.0.5.0/24'],
        /--cidr 10.0.5.0\/24 overlaps 10.0.0.0\/16 \(a VPC of Management\)/,
      ],
      [
        ['--app', 'shop-alb', '--to', 'shop-service'],
        /alias\/aws\/rds is an AWS-managed key: .* pass --kms-key/,
      ],
      [
        ['--app', 'shop-alb', '--to', 'Management', '--kms-key', KMS],
        /is the account the application runs in/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await cli('workloads', 'plan', '--regions', 'us-east-1', ...args);
      expect(run.status, both(run)).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  describe.runIf(chromiumInstalled)('the HTML inventory in headless Chromium', () => {
    it('shows a box per application, with no console error and no request but the file', async () => {
      const run = await cli(
        'workloads',
        'inventory',
        '--regions',
        'us-east-1',
        '--format',
        'html',
        '--out',
        path('w.html'),
      );
      expect(run.status, both(run)).toBe(0);
      await checkHtmlPage(path('w.html'), async (page) => {
        expect(await page.locator('section.app').count()).toBe(2);
        await expect(page.locator('section.app[data-app="shop-alb"] li').count()).resolves.toBeGreaterThan(5);
      });
    }, 60_000);
  });
});
