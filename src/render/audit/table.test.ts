import { describe, expect, it } from 'vitest';
import { buildAuditResult, sampleAuditResult, sampleSpec, SAMPLE_CHECKS } from '../../audit/testing.js';
import { renderAuditTable } from './table.js';

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('renderAuditTable', () => {
  it('shows items, OUs and accounts worst first, the worst findings and one summary line', () => {
    expect(renderAuditTable(sampleAuditResult())).toMatchInlineSnapshot(`
      "orgward audit · o-a1b2c3d4e5 · 5 accounts · 2 regions · 2026-11-22 12:00 UTC

      Baseline item                         Score   Failed  Unknown   Warn  Passed  Checks
      Root users protected                    78%        1        0      0       4       2
      Activity traceable                      88%?       1        1      0       7       2
      Detective controls aggregated           50%        1        0      0       1       1
      Common settings and guardrails         100%        0        0      0       7       1
      People sign in through federation       60%        2        0      0       3       1
      Management account kept clean           83%        0        0      1       1       1

      OU, worst first                    Score   Fail  Unkn  Root   Logs   Detect   Common    Fed   Mgmt
      Workloads/Dev                        46%      3     0    0%    50%        ·     100%     0%      ·
      Workloads                            68%?     3     1   50%    67%?       ·     100%    50%      ·
      Root (all accounts)                  84%?     5     1   78%    88%?     50%     100%    60%    83%
      Security                             98%      1     0  100%   100%      50%     100%   100%      ·
      Workloads/Prod                      100%?     0     1  100%   100%?       ·     100%   100%      ·

      Account, worst first               Score   Fail  Unkn  Root   Logs   Detect   Common    Fed   Mgmt
      Shop Dev (555555555555)              46%      3     0    0%    50%        ·     100%     0%      ·
      Management (111111111111)            81%      1     0  100%   100%        ·        ·     0%    83%
      Security Tooling (222222222222)      96%      1     0  100%   100%      50%     100%   100%      ·
      Log Archive (333333333333)          100%      0     0  100%   100%        ·     100%   100%      ·
      Shop Prod (444444444444)            100%?     0     1  100%   100%?       ·     100%   100%      ·
      Severity-weighted scores · ? some evidence could not be read · — nothing decided · · no check

      Worst findings (7 of 7)
      FAIL    critical ROOT-05  Shop Dev (555555555555) · global
              the root user has 1 access key (AccountAccessKeysPresent = 1)
      FAIL    high     CFG-01   Shop Dev (555555555555) · us-east-1
              no configuration recorder
      FAIL    medium   IDN-03   Management (111111111111) · global · alice
              IAM user alice has a console password
      FAIL    medium   IDN-03   Shop Dev (555555555555) · global · bob
              IAM user bob has a console password
      FAIL    low      DET-05   Security Tooling (222222222222) · us-east-1
              no ORGANIZATION analyzer
      UNKNOWN high     CFG-01   Shop Prod (444444444444) · us-east-1
              recorders could not be read: AccessDenied (explicit deny in an SCP)
      WARN    low      MGMT-01  Management (111111111111) · us-east-1
              arn:aws:lambda:us-east-1:111111111111:function:billing-export
              1 Lambda function runs in the management account

      Expired suppressions (they no longer apply)
        IDN-03   expired 2026-10-01  "break-glass user until SSO rollout"

      Score 84% · 5 FAIL · 1 UNKNOWN · 1 WARN · 23 PASS · 1 N/A · 1 MUTED · 412 calls, 4.2 s
      "
    `);
  });

  it('fits 100 columns even with long names, resources and messages', () => {
    const spec = sampleSpec();
    const long = {
      id: '999999999999',
      name: 'Payments Platform Production Europe West',
      ou: 'Workloads/Prod',
    };
    const result = buildAuditResult({
      ...spec,
      accounts: [...spec.accounts, long],
      findings: [
        ...spec.findings,
        {
          check: 'ROOT-05',
          status: 'FAIL',
          account: long.id,
          resource: `arn:aws:s3:::${'very-long-bucket-name-'.repeat(6)}`,
          message: 'word '.repeat(80),
        },
      ],
    });
    const text = renderAuditTable(result, { color: true });
    for (const line of plain(text).split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(plain(text)).toContain('Payments Platform… (999999999999)');
  });

  it('colours only when asked, and the colours carry no text of their own', () => {
    const result = sampleAuditResult();
    const coloured = renderAuditTable(result, { color: true });
    expect(renderAuditTable(result)).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31m');
    expect(plain(coloured)).toBe(renderAuditTable(result));
  });

  it('lists FAIL before UNKNOWN before WARN, most severe first, and says how many are not shown', () => {
    const text = renderAuditTable(sampleAuditResult(), { maxFindings: 2 });
    const heads = text.split('\n').filter((l) => /^(FAIL|UNKNOWN|WARN) /.test(l));
    expect(heads.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'FAIL critical ROOT-05',
      'FAIL high CFG-01',
    ]);
    expect(text).toContain('Worst findings (2 of 7)');
    expect(text).toContain('… 5 more not shown');
  });

  it('says so when nothing is open and leaves out empty sections', () => {
    const result = buildAuditResult({
      accounts: [{ id: '111111111111', name: 'Management' }],
      checks: SAMPLE_CHECKS,
      findings: [{ check: 'ROOT-01', status: 'PASS', account: 'Management' }],
    });
    const text = renderAuditTable(result);
    expect(text).toContain('No open findings');
    expect(text).not.toContain('Expired suppressions');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Score 100% · 0 FAIL · 1 PASS');
  });
});
