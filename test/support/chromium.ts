/**
 * HTML reports in headless Chromium (where installed; `.ci/run` installs it): opens a file, runs the
 * test's checks on the page, and fails on any page error or any request but the file itself.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM);

export async function checkHtmlPage(file: string, checks: (page: Page) => Promise<void>): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    const url = pathToFileURL(file).href;
    await page.goto(url);
    await checks(page);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
  } finally {
    await browser.close();
  }
}
