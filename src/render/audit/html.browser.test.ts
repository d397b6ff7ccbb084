/**
 * The HTML report as a person uses it, in headless Chromium (Debian's `chromium`): open the file, read the
 * matrix, filter, open a finding, come back with the keyboard. Skipped, with a message, where Chromium is
 * not installed. Leaves the report and screenshots in test-artifacts/.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HOSTILE, hostileAuditResult, SAMPLE_CHECKS } from '../../audit/testing.js';
import { renderAuditHtml } from './html.js';
import { STATUS_COLOURS } from './html-style.js';

// What the page.evaluate callbacks use of the browser (the project's types have no DOM library).
declare const getComputedStyle: (e: unknown) => { color: string; backgroundColor: string };
declare const document: { activeElement: { textContent: string | null } | null };

const CHROMIUM = '/usr/bin/chromium';
const installed = existsSync(CHROMIUM);
if (!installed)
  // eslint-disable-next-line no-console -- a visible reason for the skip, as the moto conformance tests give
  console.warn(
    `${CHROMIUM} is not installed (apt-get install chromium): the HTML report is not checked in a browser.`,
  );

const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts');
const rgb = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
};
const cell = (account: string, item: string) => `button.cell[data-account="${account}"][data-item="${item}"]`;
const visibleAccounts = (page: Page) =>
  page.$$eval('tr[data-account]', (rows) =>
    rows.filter((r: any) => r.offsetParent !== null).map((r: any) => r.dataset.account as string),
  );

describe.skipIf(!installed)('HTML report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const alerts: string[] = [];
  const errors: string[] = [];
  const result = hostileAuditResult();
  let url: string;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'audit-report.html');
    writeFileSync(file, renderAuditHtml(result));
    url = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws the matrix with the right colours and counts, and screenshots it', async () => {
    const dev = page.locator(cell('555555555555', 'root'));
    await expect(dev.textContent()).resolves.toBe('✗ 1');
    await expect(dev.evaluate((b) => getComputedStyle(b).backgroundColor)).resolves.toBe(
      rgb(STATUS_COLOURS.FAIL.bg),
    );
    const prodLogs = page.locator(cell('444444444444', 'logging'));
    await expect(prodLogs.textContent()).resolves.toBe('? 1');
    await expect(prodLogs.evaluate((b) => getComputedStyle(b).backgroundColor)).resolves.toBe(
      rgb(STATUS_COLOURS.UNKNOWN.bg),
    );
    await expect(page.locator(cell('333333333333', 'logging')).textContent()).resolves.toBe('✓ 2');
    await expect(page.locator('#status-line').textContent()).resolves.toBe(
      'Showing 6 of 6 accounts · 8 findings in the findings list',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'audit-report.png'), fullPage: true });
  });

  it('shows hostile names and messages as text and runs nothing from them', async () => {
    await expect(page.locator('tr[data-account="777777777777"] th').textContent()).resolves.toBe(
      `${HOSTILE.name}777777777777`,
    );
    await expect(page.locator('#finding-rows').textContent()).resolves.toContain(HOSTILE.message);
    await expect(page.locator('img').count()).resolves.toBe(0);
    await expect(page.locator('b', { hasText: 'bold' }).count()).resolves.toBe(0);
    expect(alerts).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('draws the same matrix without JavaScript as the script does', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const still = await context.newPage();
    await still.goto(url);
    const read = (p: Page) =>
      p.$$eval('button.cell', (bs) =>
        bs.map((b) => `${b.className}|${b.textContent}|${b.getAttribute('aria-label')}`),
      );
    expect(await read(still)).toEqual(await read(page));
    await context.close();
  });

  it('keeps text readable on every status colour (contrast 4.5:1 or more)', async () => {
    const ratios = await page.$$eval('button.cell:not(.none), .badge, .counts li, .legend li', (els) => {
      const lum = (c: string) => {
        const [r, g, b] = c
          .match(/\d+/g)!
          .slice(0, 3)
          .map((v) => {
            const s = Number(v) / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      return els.map((e) => {
        const s = getComputedStyle(e);
        const [a, b] = [lum(s.color), lum(s.backgroundColor)].sort((x, y) => y - x);
        return (a! + 0.05) / (b! + 0.05);
      });
    });
    expect(ratios.length).toBeGreaterThan(20);
    for (const r of ratios) expect(r).toBeGreaterThanOrEqual(4.5);
  });

  it('filters by severity: accounts without such findings leave the matrix and the list', async () => {
    for (const s of ['high', 'medium', 'low']) await page.uncheck(`input[name=severity][value=${s}]`);
    expect(await visibleAccounts(page)).toEqual([
      '777777777777',
      '222222222222',
      '333333333333',
      '555555555555',
      '444444444444',
    ]);
    const severities = await page.$$eval('#finding-rows tr', (rows: any[]) =>
      rows.map((r) => String(r.children[1]?.textContent)),
    );
    expect(severities).toEqual(['critical', 'critical']);
    await page.click('#f-reset');
    expect(await visibleAccounts(page)).toHaveLength(6);
  });

  it('filters by OU, nested OUs included, and by check', async () => {
    await page.selectOption('#f-ou', 'Workloads');
    expect(await visibleAccounts(page)).toEqual(['555555555555', '444444444444']);
    await expect(page.locator('tbody[data-ou="Security"]').isHidden()).resolves.toBe(true);
    await page.selectOption('#f-check', 'CFG-01');
    await expect(page.locator(cell('555555555555', 'root')).textContent()).resolves.toBe('·');
    await expect(page.locator('#status-line').textContent()).resolves.toBe(
      'Showing 2 of 6 accounts · 2 findings in the findings list',
    );
    await page.click('#f-reset');
    await page.check('#f-problems');
    expect(await visibleAccounts(page)).not.toContain('333333333333');
    await page.click('#f-reset');
    expect(await visibleAccounts(page)).toHaveLength(6);
  });

  it('opens a finding from its cell with the keyboard, with why it matters and how to fix it', async () => {
    await page.focus(cell('555555555555', 'root'));
    await page.keyboard.press('Enter');
    await expect(page.locator('#selection-text').textContent()).resolves.toBe(
      'Every finding of Root users protected in Shop Dev (555555555555)',
    );
    const open = page.locator('#finding-rows button.link');
    await expect(open.count()).resolves.toBe(1);
    await open.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('#detail');
    await expect(dialog.isVisible()).resolves.toBe(true);
    const root05 = SAMPLE_CHECKS.find((c) => c.id === 'ROOT-05')!;
    await expect(page.locator('#d-title').textContent()).resolves.toBe(root05.title);
    await expect(page.locator('#d-why').textContent()).resolves.toBe(root05.why);
    await expect(page.locator('#d-fix').textContent()).resolves.toBe(root05.remediation);
    await expect(page.locator('#d-facts').textContent()).resolves.toContain('AccountShop Dev (555555555555)');
    await expect(page.locator('#d-facts').textContent()).resolves.toContain('ComplianceCIS 1.4 / 2.4');
    expect(page.url()).toMatch(/#finding-\d+$/);
    await page.screenshot({ path: join(ARTIFACTS, 'audit-report-finding.png') });
    await page.keyboard.press('Escape');
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('ROOT-05');
  });

  it('gives every finding its own address', async () => {
    const index = result.findings.findIndex((f) => f.check === 'CFG-01' && f.status === 'UNKNOWN');
    const other = await browser.newPage();
    await other.goto(`${url}#finding-${index}`);
    await other.locator('#detail').waitFor({ state: 'visible' });
    await expect(other.locator('#d-message').textContent()).resolves.toBe(result.findings[index]!.message);
    await other.close();
  });

  it('fetched nothing but the file itself', () => {
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) expect(r).toMatch(/^(file|data):/);
  });
});
