/**
 * `orgward demo` as a new user runs it (the README's first command): the whole story on the in-process
 * sandbox. Its claims are checked from the files it leaves: the score rises, member root credentials are
 * gone, the landing zone is in org.yaml, and the HTML report opens in headless Chromium.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/types.js';
import { requireBuild, runCli } from '../support/cli.js';

const built = requireBuild();
const CHROMIUM = '/usr/bin/chromium';

describe.runIf(built)('orgward demo', () => {
  let out: string;
  let run: ReturnType<typeof runCli>;
  const json = (name: string) => JSON.parse(readFileSync(join(out, name), 'utf8')) as AuditResult;

  beforeAll(() => {
    out = join(mkdtempSync(join(tmpdir(), 'orgward-demo-')), 'out');
    run = runCli(['demo', '--out', out]);
  }, 180_000);

  it('tells the story chapter by chapter, each with the command it stands for', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const chapter of [
      '== 1. A messy organization',
      '== 2. What is there, and how it scores',
      '== 3. Import it into org.yaml',
      '== 4. Add the security baseline to org.yaml',
      '== 5. Delete the member root credentials centrally',
      '== 6. Audit again',
      '== 7. Everything is in',
    ])
      expect(run.stdout).toContain(chapter);
    expect(run.stdout).toMatch(/\$ orgward root delete-credentials --all/);
    expect(run.stdout).toMatch(/Plan: \d+ to create/);
    expect(run.stdout).toMatch(/applied: \d+ done, 0 failed/);
    expect(run.stdout).toMatch(/docs\/migrate-management-workloads\.md/);
    expect(run.stdout).toContain(`Open the report: ${out}/audit.html`);
  });

  it('raises the score and says so', () => {
    const before = json('audit-before.json');
    const after = json('audit-after.json');
    expect(after.summary.score!).toBeGreaterThan(before.summary.score! + 20);
    expect(after.summary.counts.FAIL).toBeLessThan(before.summary.counts.FAIL);
    const match = /Score (\d+)% → (\d+)%/.exec(run.stdout);
    expect(match && [Number(match[1]), Number(match[2])]).toEqual([
      before.summary.score,
      after.summary.score,
    ]);
  });

  it('leaves no member root credentials, and the management workloads flagged', () => {
    const before = json('audit-before.json');
    const after = json('audit-after.json');
    const members = (r: AuditResult, check: string) =>
      r.findings.filter((f) => f.check === check && f.accountId !== r.managementAccountId);
    expect(members(before, 'ROOT-05').some((f) => f.status === 'FAIL')).toBe(true);
    for (const check of ['ROOT-05', 'ROOT-06', 'ROOT-07', 'ROOT-08']) {
      expect(members(after, check).length, check).toBeGreaterThan(0);
      expect(
        members(after, check).filter((f) => f.status !== 'PASS'),
        check,
      ).toEqual([]);
    }
    expect(after.findings.find((f) => f.check === 'MGMT-01')?.status).toBe('FAIL');
    const journal = readFileSync(join(out, 'root-journal.jsonl'), 'utf8').trim().split('\n');
    expect(journal.length).toBeGreaterThanOrEqual(4);
  });

  it('writes org.yaml, its policies, the plan and the import', () => {
    const orgYaml = readFileSync(join(out, 'org.yaml'), 'utf8');
    expect(orgYaml).toMatch(/rootAccess: \{ credentialsManagement: true, rootSessions: true \}/);
    for (const file of ['plan.md', 'plan.json', 'imported/org.yaml', 'audit.html'])
      expect(existsSync(join(out, file)), file).toBe(true);
    const validate = runCli(['validate', '-c', join(out, 'org.yaml')]);
    expect(validate.status, validate.stderr).toBe(0);
  }, 60_000); // 1 CLI run (timeouts: test/support/cli.ts)

  it.skipIf(!existsSync(CHROMIUM))('leaves an HTML report that opens in headless Chromium', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(out, 'audit.html')).href);
      const after = json('audit-after.json');
      expect(await page.textContent('h1')).toContain(after.organizationId);
      expect(await page.getAttribute('.score', 'aria-label')).toBe(`Score ${after.summary.score}%`);
      expect(await page.locator('tr[data-account]').count()).toBe(
        new Set(after.findings.map((f) => f.accountId)).size,
      );
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
