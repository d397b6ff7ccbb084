import { describe, expect, it } from 'vitest';
import { buildAuditResult, checkMeta, sampleAuditResult, SAMPLE_CHECKS } from './testing.js';
import { STATUSES } from './types.js';

describe('audit result builder', () => {
  it('fills findings from the check and the account', () => {
    const result = buildAuditResult({
      accounts: [{ id: '444444444444', name: 'Shop Prod', ou: 'Workloads/Prod' }],
      checks: [checkMeta('ROOT-05', { severity: 'critical' })],
      findings: [
        { check: 'ROOT-05', status: 'FAIL', account: 'Shop Prod' },
        { check: 'ROOT-05', status: 'MUTED', account: '444444444444', region: 'eu-west-1' },
      ],
    });
    expect(result.findings[0]).toEqual({
      check: 'ROOT-05',
      status: 'FAIL',
      severity: 'critical',
      accountId: '444444444444',
      accountName: 'Shop Prod',
      ouPath: 'Workloads/Prod',
      region: 'global',
      message: 'ROOT-05 fail in Shop Prod',
      remediation: 'How to fix ROOT-05.',
    });
    expect(result.findings[1]!.suppressedBy).toEqual({ reason: 'accepted risk', expires: '2027-06-30' });
    expect(checkMeta('CFG-01').item).toBe('logging');
  });

  it('summarises per check, account and OU (ancestors and the root included), worst first', () => {
    const result = sampleAuditResult();
    const total = STATUSES.reduce((n, s) => n + result.summary.counts[s], 0);
    expect(total).toBe(result.findings.length);
    expect(result.summary.byCheck.map((c) => c.check)).toEqual(SAMPLE_CHECKS.map((c) => c.id));
    expect(result.summary.byOu.map((o) => `${o.name} ${o.score}`)).toEqual([
      'Workloads/Dev 46',
      'Workloads 68',
      'Root 84',
      'Security 98',
      'Workloads/Prod 100',
    ]);
    expect(result.summary.byAccount[0]).toMatchObject({ key: '555555555555', name: 'Shop Dev', score: 46 });
  });

  it('refuses findings for accounts or checks it was not given', () => {
    const spec = { accounts: [{ id: '1', name: 'a' }], checks: [checkMeta('ROOT-05')] };
    expect(() =>
      buildAuditResult({ ...spec, findings: [{ check: 'ROOT-05', status: 'PASS', account: 'b' }] }),
    ).toThrow('no account b');
    expect(() =>
      buildAuditResult({ ...spec, findings: [{ check: 'LOG-01', status: 'PASS', account: 'a' }] }),
    ).toThrow('no check LOG-01');
  });
});
