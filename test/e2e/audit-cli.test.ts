/**
 * `orgward audit` as a user runs it: the built binary against a sandbox served over HTTP, seeded with
 * the demo organization and a world document.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AuditResult } from '../../src/audit/types.js';
import {
  requireBuild,
  runCliInProcess,
  SANDBOX_START_MS,
  startSandboxCli,
  type RunningSandbox,
} from '../support/cli.js';

const built = requireBuild();
const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };

describe.runIf(built)('orgward audit (CLI)', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  let ids: Record<string, string>;
  const audit = (...args: string[]) =>
    runCliInProcess(['audit', '--endpoint-url', sandbox.url, '--regions', 'us-east-1', ...args], ENV);

  beforeAll(async () => {
    sandbox = await startSandboxCli(['--seed', 'demo']);
    dir = mkdtempSync(join(tmpdir(), 'orgward-audit-'));
    const orgs = new OrganizationsClient({
      region: 'us-east-1',
      endpoint: sandbox.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    ids = Object.fromEntries(
      ((await orgs.send(new ListAccountsCommand({}))).Accounts ?? []).map((a) => [a.Name!, a.Id!]),
    );
    const response = await fetch(`${sandbox.url}/_sandbox/world`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        accounts: { [ids['Shop Dev']!]: { rootCredentials: { password: true, accessKeys: 1 } } },
      }),
    });
    expect(response.ok).toBe(true);
  }, SANDBOX_START_MS + 30_000); // starting the seeded sandbox, then two requests
  afterAll(async () => {
    await sandbox?.stop();
  });

  // one run, but a live audit of every account over HTTP
  it('writes a versioned JSON report and exits 1 when a high finding fails', async () => {
    const out = join(dir, 'audit.json');
    const run = await audit(
      '--format',
      'json',
      '--out',
      out,
      '--save-collection',
      join(dir, 'collection.json'),
    );
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/findings at or above high failed/);
    const result = JSON.parse(readFileSync(out, 'utf8')) as AuditResult;
    expect(result.version).toBe(1);
    expect(result.checks).toHaveLength(59);
    const rootKey = result.findings.find((f) => f.check === 'ROOT-05' && f.accountId === ids['Shop Dev']);
    expect(rootKey).toMatchObject({
      status: 'FAIL',
      severity: 'critical',
      accountName: 'Shop Dev',
      ouPath: 'Workloads/Dev',
      region: 'global',
    });
    expect(result.summary.byCheck.find((c) => c.check === 'ROOT-05')!.counts.FAIL).toBe(1);
    expect(result.summary.byOu.map((o) => o.key)).toContain('Workloads/Dev');
  }, 90_000); // 1 CLI run, a live audit of every account (counts double)

  it('audits offline from a saved collection with the same verdicts, and scopes it', async () => {
    const offline = await audit(
      '--snapshot',
      join(dir, 'collection.json'),
      '--format',
      'json',
      '--fail-on',
      'none',
      '--checks',
      'ROOT',
      '--ous',
      'Workloads',
    );
    expect(offline.status, offline.stderr).toBe(0);
    const result = JSON.parse(offline.stdout) as AuditResult;
    expect(new Set(result.findings.map((f) => f.check.split('-')[0]))).toEqual(new Set(['ROOT']));
    expect(
      result.findings.find((f) => f.check === 'ROOT-05' && f.accountId === ids['Shop Dev'])?.status,
    ).toBe('FAIL');
    expect(
      result.findings.every(
        (f) => f.ouPath.startsWith('Workloads') || f.accountId === result.managementAccountId,
      ),
    ).toBe(true);
  }, 60_000); // 1 CLI run

  it('mutes a suppressed finding and says when a suppression has expired', async () => {
    const settings = join(dir, 'audit.yaml');
    writeFileSync(
      settings,
      [
        'suppressions:',
        '  - { check: ROOT-05, account: Shop Dev, reason: key being rotated out, expires: 2099-01-01 }',
        '  - { check: ROOT-07, reason: old, expires: 2020-01-01 }',
      ].join('\n'),
    );
    const run = await audit(
      '--snapshot',
      join(dir, 'collection.json'),
      '--settings',
      settings,
      '--format',
      'json',
      '--checks',
      'ROOT-05,ROOT-07',
      '--fail-on',
      'critical',
    );
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(
      result.findings.find((f) => f.accountId === ids['Shop Dev'] && f.check === 'ROOT-05')?.status,
    ).toBe('MUTED');
    expect(run.stderr).toMatch(/suppression of ROOT-07 \("old"\) expired on 2020-01-01/);
  }, 60_000); // 1 CLI run

  // Rendering from the saved collection: one case per format (each a CLI run), so no case adds up
  // several CLI start-ups against one timeout.
  const offline = (...args: string[]) =>
    audit('--snapshot', join(dir, 'collection.json'), '--fail-on', 'none', ...args);

  it('renders a table, without colours when not on a terminal', async () => {
    const table = await offline('--format', 'table');
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/ROOT-05/);
    expect(table.stdout).toMatch(/Shop Dev/);
    expect(table.stdout.includes(String.fromCharCode(27))).toBe(false); // no colours when not a terminal
  }, 60_000); // 1 CLI run

  it('prints the baseline: fragment that fixes what it can with --suggest', async () => {
    const run = await offline('--suggest');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^# Paste into org.yaml/);
    expect(run.stdout).toMatch(/^# Fixes: .*LOG-01/m);
    const fragment = parse(run.stdout) as { baseline: Record<string, unknown> };
    expect(Object.keys(fragment.baseline)).toEqual(
      expect.arrayContaining(['regions', 'cloudtrail', 'guardduty']),
    );
    expect(fragment.baseline.regions).toEqual(['us-east-1']);
  }, 60_000); // 1 CLI run

  it('renders Markdown', async () => {
    const markdown = await offline('--format', 'markdown');
    expect(markdown.status, markdown.stderr).toBe(0);
    expect(markdown.stdout).toMatch(/^#/m);
    expect(markdown.stdout).toMatch(/ROOT-05/);
  }, 60_000); // 1 CLI run

  it('renders HTML to a file', async () => {
    const html = join(dir, 'audit.html');
    expect((await offline('--format', 'html', '--out', html)).status).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
  }, 60_000); // 1 CLI run

  it('renders SARIF', async () => {
    const run = await offline('--format', 'sarif');
    expect(run.status, run.stderr).toBe(0);
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: Array<{ results: Array<{ ruleId: string }> }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('ROOT-05');
  }, 60_000); // 1 CLI run

  it('compares with an earlier run, in a table and on stderr beside JSON', async () => {
    // The earlier run had the root key muted; the comparison shows it as worse now.
    const settings = join(dir, 'mute.yaml');
    writeFileSync(
      settings,
      'suppressions:\n  - { check: ROOT-05, account: Shop Dev, reason: rotating, expires: 2099-01-01 }\n',
    );
    const earlier = join(dir, 'earlier.json');
    expect((await offline('--settings', settings, '--format', 'json', '--out', earlier)).status).toBe(0);
    const compared = await offline('--format', 'table', '--compare', earlier);
    expect(compared.status, compared.stderr).toBe(0);
    expect(compared.stdout).toMatch(/MUTED → FAIL/);
    const json = await offline('--format', 'json', '--compare', earlier);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow(); // JSON stays JSON
    expect(json.stderr).toMatch(/MUTED → FAIL/);
  }, 120_000); // 3 CLI runs

  it('rejects bad settings with file, line and column, and bad options with one clear line', async () => {
    const settings = join(dir, 'bad.yaml');
    writeFileSync(settings, 'suppressions:\n  - { check: root-5, reason: x, expires: soon }\n');
    const run = await audit('--snapshot', join(dir, 'collection.json'), '--settings', settings);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${settings.replace(/[.]/g, '\\.')}:2:\\d+`));
    expect(run.stderr).toMatch(/a check id such as ROOT-05/);
    const bad = await audit('--format', 'pdf');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format pdf is not one of table, json, markdown, html, sarif/);
  }, 90_000); // 2 CLI runs
});
