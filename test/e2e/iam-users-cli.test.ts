/**
 * `orgward iam-users` as a user runs it: the built CLI against `orgward sandbox --seed` serving the
 * demo's estate (IAM users in three member accounts) over HTTP. Every format of the inventory, the plan
 * merged into an imported org.yaml, what bad input and refusals say (exit 2), that nothing changes
 * without --yes off a terminal, the two phases (the soak judged by this machine's clock), and the HTML
 * inventory in headless Chromium.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamUsersWorld } from '../../src/cli/demo/iam-users-story.js';
import type { IamInventory } from '../../src/model/iam-users.js';
import {
  requireBuild,
  runCliInProcess,
  startSandboxCli,
  type CliRun,
  type RunningSandbox,
} from '../support/cli.js';

const built = requireBuild();
const CHROMIUM = '/usr/bin/chromium';
const chromium = existsSync(CHROMIUM);

describe.runIf(built)('orgward iam-users (CLI against the sandbox over HTTP)', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  let env: Record<string, string>;
  const path = (name: string) => join(dir, name);
  const cli = (...args: string[]) => runCliInProcess([...args, '--endpoint-url', sandbox.url], env);
  const both = (r: CliRun) => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orgward-iam-users-cli-'));
    writeFileSync(path('world.json'), JSON.stringify(iamUsersWorld()));
    writeFileSync(path('credentials'), '[default]\naws_access_key_id = test\naws_secret_access_key = x\n');
    writeFileSync(path('config'), '[default]\nregion = us-east-1\n');
    env = {
      AWS_CONFIG_FILE: path('config'),
      AWS_SHARED_CREDENTIALS_FILE: path('credentials'),
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    sandbox = await startSandboxCli(['--seed', path('world.json')]);
  }, 120_000);
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('inventories in every format', async () => {
    const table = await cli('iam-users', 'inventory');
    expect(table.status, both(table)).toBe(0);
    expect(table.stdout).toMatch(/^ACCOUNT +USER +KIND +CONSOLE/m);
    expect(table.stdout).toMatch(/^Data +ci +machine +no +no +1\/1 active, s3 /m);
    expect(table.stdout).toContain(
      '6 IAM users in 4 account(s): 3 human, 1 machine, 1 dormant (no use for 90 days), 1 break-glass',
    );
    const json = await cli('iam-users', 'inventory', '--format', 'json', '--out', path('inventory.json'));
    expect(json.status, both(json)).toBe(0);
    const inventory = JSON.parse(readFileSync(path('inventory.json'), 'utf8')) as IamInventory;
    expect(inventory.users.find((u) => u.userName === 'bob')!.sshPublicKeys).toHaveLength(1);
    const csv = await cli('iam-users', 'inventory', '--format', 'csv', '--accounts', 'Shop');
    expect(csv.stdout.split('\n')[0]).toBe(
      'account,user,kind,console,mfa,access_keys,other_credentials,groups_and_policies,last_use,state',
    );
    expect(csv.stdout.trim().split('\n')).toHaveLength(3);
    expect(
      (await cli('iam-users', 'inventory', '--format', 'html', '--out', path('iam-users.html'))).status,
    ).toBe(0);
  }, 120_000);

  it('says what is wrong with bad input, exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['iam-users', 'inventory', '--format', 'xml'], /--format xml is not one of table, json, csv, html/],
      [
        ['iam-users', 'inventory', '--dormant-days', 'soon'],
        /--dormant-days takes a whole number from 0 to 3650, not 'soon'/,
      ],
      [['iam-users', 'inventory', '--accounts', 'Nope'], /--accounts: no active account 'Nope'/],
      [
        ['iam-users', 'retire', '--phase', 'purge'],
        /--phase purge is not one of deactivate, delete, rollback/,
      ],
      [
        ['iam-users', 'retire', '--phase', 'deactivate', '--user', 'Shop/zed'],
        /--user: no IAM user 'Shop\/zed'/,
      ],
      [
        ['iam-users', 'plan', '--to-identity-center', '--match', 'phone'],
        /--match phone is not one of email, username/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await cli(...args);
      expect(run.status, both(run)).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  }, 120_000);

  it('merges the proposal into an imported org.yaml that validates', async () => {
    expect((await cli('import', '--out', dir)).status).toBe(0);
    const run = await cli(
      'iam-users',
      'plan',
      '--to-identity-center',
      '--merge',
      path('org.yaml'),
      '--out',
      path('fragment.yaml'),
    );
    expect(run.status, both(run)).toBe(0);
    expect(run.stdout).toContain('  alice@example.com  matched  from Shop/alice');
    // The seeded groups hold no policies: bob's own policy is the one set to move.
    expect(run.stderr).toMatch(
      /org\.yaml: 2 entries added, kept as the file has them: users\.alice@example\.com/,
    );
    expect(readFileSync(path('org.yaml'), 'utf8')).toContain(
      '  permissionSets:\n    bob-direct:\n      description: Migrated from IAM (Shop/user:bob)\n',
    );
    expect(readFileSync(path('fragment.yaml'), 'utf8')).toMatch(/^identityCenter:\n {2}users:/);
    const valid = await runCliInProcess(['validate', '-c', path('org.yaml')], env);
    expect(valid.status, both(valid)).toBe(0);
  }, 120_000);

  it('changes nothing without a yes, refuses what it must (exit 2), and retires the rest', async () => {
    const noYes = await cli(
      'iam-users',
      'retire',
      '--phase',
      'deactivate',
      '--account',
      'Legacy',
      '--journal',
      path('j.jsonl'),
    );
    expect(noYes.status, both(noYes)).toBe(2);
    expect(noYes.stderr).toMatch(/needs a yes/);
    const dry = await cli('iam-users', 'retire', '--phase', 'deactivate', '--account', 'Legacy', '--dry-run');
    expect(dry.stdout).toMatch(
      /Phase: deactivate \(dry run: nothing is changed\)\n\nLegacy\/old \(dormant\):\n {2}1\. deactivate access key AKIA\w+\n {2}2\. tag what was deactivated/,
    );
    expect(dry.status).toBe(2);
    const deactivate = await cli(
      'iam-users',
      'retire',
      '--phase',
      'deactivate',
      '--account',
      'Legacy',
      '--yes',
      '--journal',
      path('j.jsonl'),
    );
    expect(deactivate.status, both(deactivate)).toBe(2);
    expect(deactivate.stdout).toContain('Legacy/breakglass-admin: a break-glass candidate');
    expect(deactivate.stdout).toMatch(/2 done, 0 failed, 0 skipped/);
    expect(deactivate.stderr).toMatch(/1 user\(s\) refused/);
    const early = await cli(
      'iam-users',
      'retire',
      '--phase',
      'delete',
      '--user',
      'Legacy/old',
      '--yes',
      '--journal',
      path('j.jsonl'),
    );
    expect(early.status).toBe(2);
    expect(early.stdout).toMatch(/Legacy\/old: in its soak period until \d{4}-\d\d-\d\d/);
    // The soak is judged by this machine's clock: a soak of 0 days lets the deletion go now.
    const deleted = await cli(
      'iam-users',
      'retire',
      '--phase',
      'delete',
      '--user',
      'Legacy/old',
      '--soak-days',
      '0',
      '--yes',
      '--journal',
      path('j.jsonl'),
    );
    expect(deleted.status, both(deleted)).toBe(0);
    expect(deleted.stdout).toMatch(
      /done +Legacy\/old: delete the user \(gone: GetUser answers NoSuchEntity\)/,
    );
    const journal = readFileSync(path('j.jsonl'), 'utf8').trim().split('\n');
    expect(journal.map((l) => (JSON.parse(l) as { step: { kind: string } }).step.kind)).toEqual([
      'deactivate-key',
      'tag-deactivation',
      'check-unused-since',
      'delete-key',
      'delete-user',
    ]);
  }, 180_000);

  describe.runIf(chromium)('the HTML inventory in headless Chromium', () => {
    it('shows one row per user, with no console error and no request but the file', async () => {
      const { chromium: launcher } = await import('playwright-core');
      const browser = await launcher.launch({ executablePath: CHROMIUM });
      try {
        const page = await browser.newPage();
        const requests: string[] = [];
        const errors: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        page.on('pageerror', (e) => errors.push(e.message));
        const url = pathToFileURL(path('iam-users.html')).href;
        await page.goto(url);
        expect(await page.locator('tbody tr').count()).toBe(6);
        await expect(page.locator('h1').textContent()).resolves.toBe('IAM users');
        expect(errors).toEqual([]);
        expect(requests).toEqual([url]);
      } finally {
        await browser.close();
      }
    }, 60_000);
  });
});
