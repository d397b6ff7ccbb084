/**
 * `orgward transfer` as a user runs it: the built binary, each run its own process, against `orgward
 * sandbox` served over HTTP holding two organizations — a reseller's (the default account 123456789012,
 * key `test`) and its customer's own (210987654321: a 12-digit key acts as that account's administrator),
 * both built from org.yaml with `orgward apply`. The profiles live in a temporary shared config. The plan
 * in every format, what bad input says, execute stopping at a gate, killed mid-run and resumed without a
 * second invitation, an invitation left to expire, verify, the demo story and the HTML plan in Chromium.
 * Time passes on the sandbox clock (`POST /_sandbox/clock`), never by waiting; the sandbox holds AWS's
 * rules by it (an account moves once 4 days old, an invitation is open 15 days), while `transfer plan`
 * judges ages by the machine's clock (the accounts are minutes old: its age blockers FAIL here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListHandshakesForOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferPlan } from '../../src/model/transfer.js';
import { renderTransferHtml } from '../../src/render/transfer.js';
import { transferDemoFiles } from '../../src/cli/demo/transfer-story.js';
import { BIN, requireBuild, SANDBOX_START_MS, startSandboxCli, type RunningSandbox } from '../support/cli.js';

const built = requireBuild();
const CHROMIUM = '/usr/bin/chromium';
const chromium = existsSync(CHROMIUM);
if (!chromium) console.warn(`${CHROMIUM} is not installed: the transfer plan is not opened in a browser.`);

const SOURCE_MANAGEMENT = '123456789012';
const CUSTOMER = '210987654321';
const DAY_S = 86_400;

/** The two organizations' files, and a shared config with the source (default) and `customer` profiles. */
function writeFiles(dir: string): void {
  for (const [path, text] of transferDemoFiles()) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  // A schema error on line 2, column 15 (the value of featureSet).
  writeFileSync(join(dir, 'customer/broken.yaml'), 'organization:\n  featureSet: SOME\n');
  writeFileSync(
    join(dir, 'credentials'),
    `[default]\naws_access_key_id = test\naws_secret_access_key = x\n\n[customer]\naws_access_key_id = ${CUSTOMER}\naws_secret_access_key = x\n`,
  );
  writeFileSync(
    join(dir, 'config'),
    '[default]\nregion = us-east-1\n\n[profile customer]\nregion = us-east-1\n',
  );
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Started {
  child: ChildProcess;
  done: Promise<Run>;
}

/**
 * A sandbox proxy that forwards every call, except that the answer to `operation` is read and dropped:
 * the call happens, the caller never hears back (a connection lost, a laptop closed). `held` settles once
 * the sandbox has answered that call.
 */
async function holdingProxy(upstream: string, operation: string) {
  const target = new URL(upstream);
  let release!: (status: number | undefined) => void;
  const held = new Promise<number | undefined>((resolve) => (release = resolve));
  const server = createServer((req, res) => {
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        if (String(req.headers['x-amz-target'] ?? '').endsWith(`.${operation}`)) {
          answer.resume();
          answer.on('end', () => release(answer.statusCode));
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => res.destroy(error));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.runIf(built)('orgward transfer (CLI, two organizations on one sandbox over HTTP)', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let prod = '';
  let demo: Started | undefined;
  const path = (name: string) => join(dir, name);

  /** Starts the built CLI in its own process, in the test folder, with the test's profiles. */
  const start = (args: string[]): Started => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<Run>((resolve) =>
      child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })),
    );
    return { child, done };
  };
  const cli = (...args: string[]) => start(args).done;
  /** `orgward transfer …` against the sandbox: the source is the default profile, the destination `customer`. */
  const transfer = (sub: 'plan' | 'execute' | 'verify', ...args: string[]) =>
    cli('transfer', sub, '--endpoint-url', sandbox.url, '--to-profile', 'customer', ...args);
  const planProd = (...args: string[]) =>
    transfer(
      'plan',
      '--account',
      'Acme Prod',
      '--to',
      'customer/org.yaml',
      '--ou',
      'Workloads/Prod',
      ...args,
    );
  const both = (r: Run) => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;

  const organizations = (accessKeyId: string) =>
    new OrganizationsClient({
      region: 'us-east-1',
      endpoint: sandbox.url,
      credentials: { accessKeyId, secretAccessKey: 'x' },
    });
  /** The destination's invitations naming `accountId`, as its management account lists them. */
  const invitationsTo = async (accountId: string) => {
    const out = await organizations(CUSTOMER).send(
      new ListHandshakesForOrganizationCommand({ Filter: { ActionType: 'INVITE' } }),
    );
    expect(out.NextToken).toBeUndefined();
    return (out.Handshakes ?? [])
      .filter((h) => h.Parties?.some((p) => p.Type === 'ACCOUNT' && p.Id === accountId))
      .map((h) => ({ id: h.Id!, state: h.State! }));
  };
  const advanceDays = async (days: number) => {
    const response = await fetch(`${sandbox.url}/_sandbox/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: days * DAY_S }),
    });
    expect(response.status, await response.text()).toBe(200);
  };

  /**
   * Runs `transfer execute` through a {@link holdingProxy} that swallows the answer to `operation`, and
   * SIGKILLs it once the sandbox has answered that call: the run is cut off exactly there.
   */
  const killAt = async (operation: string, ...args: string[]) => {
    const proxy = await holdingProxy(sandbox.url, operation);
    try {
      const run = start([
        'transfer',
        'execute',
        '--endpoint-url',
        proxy.url,
        '--to-profile',
        'customer',
        ...args,
      ]);
      const status = await Promise.race([
        proxy.held,
        run.done.then((r) => {
          throw new Error(`execute ended before ${operation}: ${both(r)}`);
        }),
      ]);
      expect(status).toBe(200);
      run.child.kill('SIGKILL');
      expect((await run.done).signal).toBe('SIGKILL');
    } finally {
      await proxy.close();
    }
  };

  beforeAll(
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'orgward-transfer-cli-'));
      writeFiles(dir);
      env = {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))),
        AWS_CONFIG_FILE: path('config'),
        AWS_SHARED_CREDENTIALS_FILE: path('credentials'),
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      // The demo story has its own in-process sandbox: it runs beside the rest and is checked at the end.
      demo = start(['demo', '--story', 'transfer', '--out', path('demo')]);
      sandbox = await startSandboxCli([]);
      // New accounts and Identity Center assignments settle at the first poll: apply does not wait.
      const settle = await fetch(`${sandbox.url}/_sandbox/config`, {
        method: 'POST',
        body: JSON.stringify({ settle: { createAccountPolls: 0, identityCenterPolls: 0 } }),
      });
      expect(settle.status, await settle.text()).toBe(200);
      // Twice each: a new organization gets Identity Center on the second pass. The two are independent.
      const applyTwice = async (config: string, ...profile: string[]) => {
        const runs: Run[] = [];
        for (let pass = 1; pass <= 2; pass++) {
          const run = await cli('apply', '-c', config, '--yes', '--endpoint-url', sandbox.url, ...profile);
          expect(run.status, `${config} pass ${pass}: ${both(run)}`).toBe(0);
          runs.push(run);
        }
        return runs[1]!;
      };
      const [reseller, customer] = await Promise.all([
        applyTwice('reseller-a/org.yaml'),
        applyTwice('customer/org.yaml', '--profile', 'customer'),
      ]);
      expect(reseller.stdout).toMatch(/✓ give group AcmeAdmins AdministratorAccess on Acme Prod/);
      expect(customer.stdout).toMatch(/✓ create permission set Admin/);
    },
    SANDBOX_START_MS + 4 * 30_000, // the sandbox, then two applies on each side (the sides at once)
  );

  afterAll(async () => {
    if (demo && demo.child.exitCode === null && demo.child.signalCode === null) demo.child.kill('SIGKILL');
    await sandbox?.stop();
  });

  describe('plan', () => {
    let plan: TransferPlan;

    it('writes the plan as JSON (what execute takes), Markdown with the blocker table and one HTML page', async () => {
      const [json, md, html] = await Promise.all([
        planProd('--format', 'json', '--out', 'plan.json'),
        planProd('--format', 'md'),
        planProd('--format', 'html', '--out', 'plan.html'),
      ]);
      for (const run of [json, md, html]) expect(run.status, both(run)).toBe(0);
      expect(json.stdout).toBe('');
      expect(json.stderr).toMatch(/plan written to plan\.json/);
      plan = JSON.parse(readFileSync(path('plan.json'), 'utf8')) as TransferPlan;
      const account = plan.accounts[0]!;
      prod = account.accountId;
      expect(plan).toMatchObject({ version: 1, path: 'direct' });
      expect(plan.source.managementAccountId).toBe(SOURCE_MANAGEMENT);
      expect(plan.destination.managementAccountId).toBe(CUSTOMER);
      expect(account).toMatchObject({ accountName: 'Acme Prod', destinationOu: 'Workloads/Prod' });
      expect(account.steps.map((s) => s.id)).toEqual([
        'agreement',
        'deregister-guardduty-amazonaws-com',
        'stack-instances',
        'invite',
        'accept',
        'place',
        'assign-group-platform-admin',
        'contacts',
      ]);
      const blocker = account.blockers.find((b) => b.id === 'delegated-administrator')!;
      expect(blocker).toMatchObject({ status: 'FAIL' });
      expect(blocker.evidence).toContain('guardduty.amazonaws.com');

      expect(md.stdout).toMatch(/^# Move 1 account\(s\) from o-\w+ to o-\w+ by direct transfer$/m);
      expect(md.stdout).toContain(`## Acme Prod (${prod})`);
      expect(md.stdout).toContain('| Status | Check | Evidence | Fix |\n|---|---|---|---|\n');
      expect(md.stdout).toMatch(
        /^\| ❌ FAIL \| The account is no delegated administrator \| guardduty\.amazonaws\.com.*--deregister/m,
      );
      expect(md.stdout).toMatch(/^\| ✅ PASS \| The account is active \|/m);
      expect(md.stdout).toContain('| # | Step | Who | Runs | Calls | Duration |');
      expect(md.stdout).not.toMatch(/<(script|table|div)/i);

      expect(html.stdout).toBe('');
      const page = readFileSync(path('plan.html'), 'utf8');
      expect(page.startsWith('<!doctype html>')).toBe(true);
      expect(page.match(/<html/g)).toHaveLength(1);
      expect(page.match(/<\/html>/g)).toHaveLength(1);
      expect(page).not.toMatch(/<script/i);
      expect(page).not.toMatch(/\b(src|href)=/i);
      expect(page).toContain('<table class="blockers">');
      expect(page).toContain('<table class="runbook">');
      expect(page).toMatch(/<td class="FAIL">FAIL<\/td><td>The account is no delegated administrator<\/td>/);
    }, 120_000); // 3 CLI runs at once

    describe.runIf(chromium)('the HTML plan in headless Chromium', () => {
      let browser: Browser;
      const open = async (file: string) => {
        const page = await browser.newPage();
        const seen = { requests: [] as string[], errors: [] as string[], dialogs: [] as string[] };
        page.on('request', (r) => seen.requests.push(r.url()));
        page.on('console', (m) => {
          if (m.type() === 'error') seen.errors.push(m.text());
        });
        page.on('pageerror', (e) => seen.errors.push(e.message));
        page.on('dialog', (d) => {
          seen.dialogs.push(d.message());
          void d.dismiss();
        });
        const url = pathToFileURL(file).href;
        await page.goto(url);
        return { page, url, seen };
      };
      const visibleRows = (page: Page, selector: string) =>
        page.$$eval(selector, (rows) => rows.filter((r: any) => r.offsetParent !== null).length);

      beforeAll(async () => {
        const { chromium: launcher } = await import('playwright-core');
        browser = await launcher.launch({ executablePath: CHROMIUM });
      });
      afterAll(async () => {
        await browser?.close();
      });

      it('shows the blockers and the runbook, with no console error and no request but the file', async () => {
        const { page, url, seen } = await open(path('plan.html'));
        const account = plan.accounts[0]!;
        // The header row, then one row per blocker / runbook step, all on screen.
        expect(await visibleRows(page, 'table.blockers tr')).toBe(account.blockers.length + 1);
        expect(await visibleRows(page, 'table.runbook tr[data-step]')).toBe(account.runbook.length);
        await expect(page.locator('table.blockers td.FAIL').first().isVisible()).resolves.toBe(true);
        await expect(page.locator('table.blockers').textContent()).resolves.toContain(
          'The account is no delegated administrator',
        );
        await expect(page.locator('h2').first().textContent()).resolves.toBe(`Acme Prod (${prod})`);
        expect(seen.requests).toEqual([url]);
        expect(seen.errors).toEqual([]);
        expect(seen.dialogs).toEqual([]);
      });

      it('shows an account name with markup in it as text and runs nothing', async () => {
        const hostile = 'Acme <script>alert(1)</script><img src=x onerror=alert(2)><b>bold</b>';
        const evil = structuredClone(plan);
        evil.accounts[0]!.accountName = hostile;
        evil.accounts[0]!.runbook[0]!.title = `${hostile} agreed`;
        const file = path('hostile-plan.html');
        writeFileSync(file, renderTransferHtml(evil));
        const { page, url, seen } = await open(file);
        await expect(page.locator('h2').first().textContent()).resolves.toBe(`${hostile} (${prod})`);
        await expect(page.locator('table.runbook tr[data-step] td').nth(1).textContent()).resolves.toContain(
          `${hostile} agreed`,
        );
        await expect(page.locator('script').count()).resolves.toBe(0);
        await expect(page.locator('img').count()).resolves.toBe(0);
        await expect(page.locator('b', { hasText: 'bold' }).count()).resolves.toBe(0);
        expect(seen.requests).toEqual([url]);
        expect(seen.errors).toEqual([]);
        expect(seen.dialogs).toEqual([]);
      });
    });
  });

  it('refuses bad input with exit 2 and says what to do', async () => {
    writeFileSync(path('not-a-plan.json'), JSON.stringify({ version: 1, accounts: 'none' }));
    const [account, missing, broken, ou, format, notPlan, otherSource] = await Promise.all([
      transfer('plan', '--account', 'Acme Nope', '--to', 'customer/org.yaml'),
      transfer('plan', '--account', 'Acme Prod', '--to', 'nowhere/org.yaml'),
      transfer('plan', '--account', 'Acme Prod', '--to', 'customer/broken.yaml'),
      transfer('plan', '--account', 'Acme Prod', '--to', 'customer/org.yaml', '--ou', 'Workloads/Staging'),
      transfer('plan', '--account', 'Acme Prod', '--to', 'customer/org.yaml', '--format', 'xml'),
      transfer('execute', 'not-a-plan.json', '--yes', '--journal', 'bad.jsonl'),
      // The source's credentials are the customer's: another organization than the plan's source.
      transfer('execute', 'plan.json', '--from-profile', 'customer', '--yes', '--journal', 'bad.jsonl'),
    ]);
    for (const run of [account, missing, broken, ou, format, notPlan, otherSource])
      expect(run.status, both(run)).toBe(2);
    expect(account.stderr).toMatch(/--account Acme Nope: no such account in the source organization o-\w+/);
    expect(account.stderr).toMatch(/hint: the source has 3 accounts; list them with `orgward snapshot`/);
    expect(missing.stderr).toMatch(/--to nowhere\/org\.yaml: no such file/);
    expect(missing.stderr).toMatch(
      /hint: pass the destination’s org\.yaml, a snapshot file, or a profile name/,
    );
    expect(broken.stderr).toMatch(/customer\/broken\.yaml:2:15: error: organization\.featureSet/);
    expect(broken.stderr).toMatch(/nothing was planned/);
    expect(broken.stderr).toMatch(/hint: run `orgward validate`/);
    expect(ou.stderr).toMatch(/--ou Workloads\/Staging: the destination o-\w+ has no such OU/);
    expect(ou.stderr).toMatch(/hint: its OUs: Workloads, Workloads\/Prod/);
    expect(format.stderr).toMatch(/--format xml is not one of text, md, json, html/);
    expect(notPlan.stderr).toMatch(/not-a-plan\.json is not an orgward transfer plan/);
    expect(notPlan.stderr).toMatch(
      /hint: pass a plan saved with `orgward transfer plan --format json --out plan\.json`/,
    );
    const source = JSON.parse(readFileSync(path('plan.json'), 'utf8')) as TransferPlan;
    expect(otherSource.stderr).toContain(
      `the plan's source is ${source.source.organizationId}, but these source credentials are in ${source.destination.organizationId}`,
    );
    expect(otherSource.stderr).toMatch(/hint: use the source credentials the plan was made with/);
    for (const run of [account, missing, broken, ou, format, notPlan, otherSource])
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(path('bad.jsonl'))).toBe(false);
    expect(await invitationsTo(prod)).toEqual([]);
  }, 120_000); // 7 CLI runs at once

  describe('execute and verify', () => {
    const execute = (...args: string[]) =>
      transfer('execute', 'plan.json', '--journal', 'journal.jsonl', ...args);
    const go = ['--done', 'agreement', '--done', 'stack-instances', '--deregister', '--yes'];
    let invitation = '';

    it('stops at the first gate with exit 1 and the --done to pass, and invites no one', async () => {
      const run = await execute('--yes');
      expect(run.status, both(run)).toBe(1);
      expect(run.stdout).toMatch(/⏸ Acme Prod: wait for a person: Both sides agreed to the move/);
      expect(run.stdout).toMatch(/→ when it is, run execute again with --done agreement/);
      expect(run.stdout).toMatch(/0 done, 1 waiting for a person, 0 failed, 7 not started/);
      expect(run.stderr).toMatch(/waiting for a person: agreement/);
      expect(run.stderr).toMatch(/hint: do what is asked above, then run the same command again/);
      expect(await invitationsTo(prod)).toEqual([]);
    }, 60_000);

    it('killed after the invitation went out, resumes with that one invitation', async () => {
      // Execute through a proxy that drops the answer to the invitation, then SIGKILL it while it waits:
      // the invitation exists, the run never learned its id and wrote no journal line.
      await killAt('InviteAccountToOrganization', 'plan.json', '--journal', 'journal.jsonl', ...go);
      const open = await invitationsTo(prod);
      expect(open).toMatchObject([{ state: 'OPEN' }]);
      invitation = open[0]!.id;

      // The plan said to wait until the account is 4 days old: the sandbox's week goes by.
      await advanceDays(5);
      const run = await execute(...go);
      expect(run.status, both(run)).toBe(0);
      expect(run.stdout).toMatch(
        /✓ Acme Prod: deregister as delegated administrator for guardduty\.amazonaws\.com \(already deregistered\)/,
      );
      expect(run.stdout).toContain(
        `✓ Acme Prod: invite from the destination (invitation ${invitation} is open)`,
      );
      expect(run.stdout).toContain(`✓ Acme Prod: accept the invitation (accepted ${invitation})`);
      expect(run.stdout).toMatch(/✓ Acme Prod: move to Workloads\/Prod\n/);
      expect(run.stdout).toMatch(/✓ Acme Prod: give Platform Admin\n/);
      expect(run.stdout).toMatch(/8 done, 0 waiting for a person, 0 failed, 0 not started/);
      expect(run.stdout).not.toMatch(/ sent, open until/);
      expect(await invitationsTo(prod)).toEqual([{ id: invitation, state: 'ACCEPTED' }]);
    }, 90_000); // 2 CLI runs

    it('does nothing the second time: exit 0, no new invitation', async () => {
      const run = await execute('--yes');
      expect(run.status, both(run)).toBe(0);
      expect(run.stdout).toMatch(
        /✓ Acme Prod: wait for a person: Both sides agreed to the move \(marked done\)/,
      );
      expect(run.stdout).toMatch(/✓ Acme Prod: invite from the destination \(already in the destination\)/);
      expect(run.stdout).toMatch(/✓ Acme Prod: accept the invitation \(already accepted\)/);
      expect(run.stdout).toMatch(/✓ Acme Prod: move to Workloads\/Prod \(already in Workloads\/Prod\)/);
      expect(run.stdout).not.toMatch(/invitation h-\w+ sent/);
      expect(run.stdout).toMatch(/0 failed, 0 not started/);
      expect(await invitationsTo(prod)).toEqual([{ id: invitation, state: 'ACCEPTED' }]);
      const journal = readFileSync(path('journal.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as { account: string; step: string; status: string; handshakeId?: string },
        );
      expect(journal.filter((e) => e.step === 'invite').map((e) => e.status)).toEqual(['done', 'done']);
      // The gate run, the killed run (its lines are written as each step ends), the resumed run, this one.
      expect(journal.filter((e) => e.step === 'agreement').map((e) => e.status)).toEqual([
        'waiting',
        'done',
        'done',
        'done',
      ]);
      expect(new Set(journal.flatMap((e) => (e.handshakeId ? [e.handshakeId] : [])))).toEqual(
        new Set([invitation]),
      );
    }, 60_000);

    it('verify exits 1 and lists the source’s access role left in the account', async () => {
      const run = await transfer('verify', 'plan.json');
      expect(run.status, both(run)).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`^Acme Prod \\(${prod}\\)$`, 'm'));
      expect(run.stdout).toMatch(/✓ Acme Prod is in o-\w+\n/);
      expect(run.stdout).toMatch(/✓ Acme Prod is in Workloads\/Prod/);
      expect(run.stdout).toMatch(/✓ group Platform has Admin/);
      expect(run.stdout).toMatch(
        /✗ role OrganizationAccountAccessRole still trusts the source management account 123456789012/,
      );
      expect(run.stdout).toMatch(/^1 left from the plan/m);
      expect(run.stderr).toMatch(/1 item\(s\) left from the plan/);
    }, 60_000);
  });

  // Execute writes each journal line as its step ends: a run killed after inviting still knows the
  // invitation, so once it expired the next run stops with TRANSFER_HANDSHAKE_CLOSED and asks for
  // --reinvite instead of silently inviting again.
  it('a run killed after inviting still knows its invitation: once expired, it asks for --reinvite', async () => {
    const made = await transfer(
      'plan',
      '--account',
      'Acme Shared',
      '--to',
      'customer/org.yaml',
      '--format',
      'json',
      '--out',
      'shared.json',
    );
    expect(made.status, both(made)).toBe(0);
    const shared = (JSON.parse(readFileSync(path('shared.json'), 'utf8')) as TransferPlan).accounts[0]!
      .accountId;
    const args = [
      'shared.json',
      '--journal',
      'shared.jsonl',
      '--done',
      'agreement',
      '--done',
      'stack-instances',
      '--yes',
    ];
    // Killed inside the accept step, after the invite step had its answer.
    await killAt('ListHandshakesForAccount', ...args);
    const [sent] = await invitationsTo(shared);
    expect(await invitationsTo(shared)).toEqual([{ id: sent!.id, state: 'OPEN' }]);

    await advanceDays(16);
    const run = await transfer('execute', ...args);
    expect(await invitationsTo(shared)).toEqual([{ id: sent!.id, state: 'EXPIRED' }]);
    expect(run.status, both(run)).toBe(2);
    expect(run.stderr).toMatch(/hint: run execute again with --reinvite/);
  }, 120_000); // 3 CLI runs

  it('an invitation that expired stops execute with exit 2 and --reinvite; --reinvite sends a new one', async () => {
    // A new account in the source: too young to move (4 days), so the first accept fails after the invite.
    const source = organizations('test');
    const created = await source.send(
      new CreateAccountCommand({ AccountName: 'Acme Sandbox', Email: 'acme-sandbox@reseller-a.example' }),
    );
    const status = await source.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }),
    );
    expect(status.CreateAccountStatus?.State).toBe('SUCCEEDED');
    const young = status.CreateAccountStatus!.AccountId!;
    const made = await transfer(
      'plan',
      '--account',
      'Acme Sandbox',
      '--to',
      'customer/org.yaml',
      '--format',
      'json',
      '--out',
      'young.json',
    );
    expect(made.status, both(made)).toBe(0);
    const execute = (...args: string[]) =>
      transfer('execute', 'young.json', '--journal', 'young.jsonl', '--done', 'agreement', '--yes', ...args);

    const first = await execute();
    expect(first.status, both(first)).toBe(1);
    expect(first.stdout).toMatch(
      /✓ Acme Sandbox: invite from the destination \(invitation h-\w+ sent, open until/,
    );
    expect(first.stdout).toMatch(/✗ Acme Sandbox: accept the invitation: .*less than 4 days/);
    const [sent] = await invitationsTo(young);
    expect(await invitationsTo(young)).toEqual([{ id: sent!.id, state: 'OPEN' }]);

    await advanceDays(16);
    const expired = await execute();
    expect(expired.status, both(expired)).toBe(2);
    expect(expired.stdout).toContain(
      `✗ Acme Sandbox: invite from the destination: The invitation ${sent!.id} to ${young} is EXPIRED`,
    );
    expect(expired.stderr).toMatch(new RegExp(`The invitation ${sent!.id} to ${young} is EXPIRED`));
    expect(expired.stderr).toMatch(/hint: run execute again with --reinvite to send a new invitation/);
    expect(await invitationsTo(young)).toEqual([{ id: sent!.id, state: 'EXPIRED' }]);

    const again = await execute('--reinvite');
    expect(again.status, both(again)).toBe(0);
    const after = await invitationsTo(young);
    const fresh = after.find((h) => h.id !== sent!.id);
    expect(after).toHaveLength(2);
    expect(fresh?.state).toBe('ACCEPTED');
    expect(again.stdout).toContain(`accept the invitation (accepted ${fresh!.id})`);
  }, 120_000); // 4 CLI runs

  it('orgward demo --story transfer tells the story and writes the plan and the journal', async () => {
    const run = await demo!.done;
    expect(run.status, both(run)).toBe(0);
    expect(run.stdout).toMatch(/FAIL\s+The account is no delegated administrator/);
    expect(run.stdout).toMatch(/^8 done, 0 waiting for a person, 0 failed, 0 not started/m);
    expect(run.stdout).toMatch(/^(nothing|\d+) left from the plan/m);
    for (const file of [
      'transfer-plan.html',
      'transfer-plan.md',
      'transfer-plan.json',
      'transfer-journal.jsonl',
    ])
      expect(existsSync(path(`demo/${file}`)), file).toBe(true);
    const plan = JSON.parse(readFileSync(path('demo/transfer-plan.json'), 'utf8')) as TransferPlan;
    expect(plan.accounts.map((a) => a.accountName)).toEqual(['Acme Prod']);
    expect(readFileSync(path('demo/transfer-plan.md'), 'utf8')).toContain(
      '| Status | Check | Evidence | Fix |',
    );
    expect(readFileSync(path('demo/transfer-plan.html'), 'utf8')).not.toMatch(/<script/i);
    const journal = readFileSync(path('demo/transfer-journal.jsonl'), 'utf8').trim().split('\n');
    expect(journal.map((line) => (JSON.parse(line) as { step: string }).step)).toContain('accept');
  }, 90_000); // started in beforeAll; this waits for it
});
