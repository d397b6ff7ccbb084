/** The IAM users views: what a hostile name can do to a spreadsheet, a page or a terminal (nothing). */
import { describe, expect, it } from 'vitest';
import { classifiedIamUser } from '../iam-users/testing.js';
import type { IamInventory } from '../model/iam-users.js';
import { renderInventory, renderRetirePlan } from './iam-users.js';

function inventory(userName: string, tags: Record<string, string> = {}): IamInventory {
  const user = classifiedIamUser(
    userName,
    '2025-01-01T00:00:00.000Z',
    { kind: 'dormant', lastActivity: null, reasons: ['never used'] },
    { tags, groups: ['=HYPERLINK("http://x")'] },
  );
  return {
    version: 1,
    takenAt: '2026-12-07T00:00:00.000Z',
    organizationId: 'o-x',
    dormantDays: 90,
    accounts: [
      {
        accountId: '111111111111',
        accountName: 'Prod',
        status: 'read',
        users: 1,
        credentialsFrom: 'credential-report',
        groups: [],
        adminRoles: [],
      },
    ],
    users: [user],
    calls: { 'iam:GetAccountAuthorizationDetails': 1 },
  };
}

describe('renderInventory', () => {
  it('CSV: a cell a spreadsheet would run as a formula starts with a quote; commas and quotes are quoted', () => {
    const csv = renderInventory(inventory('a,"b"'), 'csv').split('\n');
    expect(csv[1]).toBe(`Prod,"a,""b""",dormant,no,no,-,-,"group =HYPERLINK(""http://x"")",never,`);
    const formula = renderInventory(inventory('=cmd|x'), 'csv').split('\n')[1]!;
    expect(formula.startsWith("Prod,'=cmd|x,")).toBe(true);
  });

  it('HTML: names are text, never markup', () => {
    const html = renderInventory(inventory('<img src=x onerror=alert(1)>'), 'html');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });

  it('table: a control character in a name is written out, not sent to the terminal', () => {
    const table = renderInventory(inventory('evil\u001b[31mred'), 'table');
    expect(table).not.toContain('\u001b');
    expect(table).toContain('evil\\x1b[31mred');
    expect(table).toContain(
      '1 IAM users in 1 account(s): 0 human, 0 machine, 1 dormant (no use for 90 days), 0 break-glass',
    );
    expect(table).toContain('1 AWS calls; credentials from one credential report per account');
  });
});

describe('renderRetirePlan', () => {
  it('lists the steps per user in order, then the refusals with what to do', () => {
    const text = renderRetirePlan(
      {
        phase: 'delete',
        createdAt: '2026-12-07T00:00:00.000Z',
        users: [
          {
            accountId: '111111111111',
            accountName: 'Prod',
            userName: 'old',
            kind: 'dormant',
            steps: [
              { kind: 'check-unused-since', since: '2026-11-01T00:00:00.000Z' },
              { kind: 'delete-key', keyId: 'AKIA1' },
              { kind: 'delete-user' },
            ],
          },
        ],
        refused: [
          {
            accountId: '1',
            accountName: 'Prod',
            userName: 'ci',
            reason: 'used after deactivation',
            fix: 'move it first',
          },
        ],
      },
      { dryRun: true },
    );
    expect(text).toBe(
      [
        'Phase: delete (dry run: nothing is changed)',
        '',
        'Prod/old (dormant):',
        '  1. check nothing was used since 2026-11-01',
        '  2. delete access key AKIA1',
        '  3. delete the user',
        '',
        'Refused (nothing is done to them):',
        '  Prod/ci: used after deactivation; move it first',
        '',
      ].join('\n'),
    );
  });
});
