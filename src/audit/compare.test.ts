import { describe, expect, it } from 'vitest';
import { classify, compareAudits } from './compare.js';
import { buildAuditResult, SAMPLE_CHECKS, comparedRuns as twoRuns, type FindingSpec } from './testing.js';

const accounts = [{ id: '555555555555', name: 'Shop Dev', ou: 'Workloads/Dev' }];

describe('compareAudits', () => {
  const { older, newer } = twoRuns();
  const c = compareAudits(older, newer);
  const keys = (list: Array<{ key: string; before?: string; after?: string }>) =>
    list.map((f) => `${f.key} ${f.before ?? '∅'}→${f.after ?? '∅'}`);

  it('sorts findings matched by check, account, region and resource into better, worse, new and gone', () => {
    expect(keys(c.worse)).toEqual([
      'ROOT-05|444444444444|global| PASS→FAIL',
      'CFG-01|444444444444|us-east-1| UNKNOWN→FAIL',
    ]);
    expect(keys(c.better)).toEqual([
      'ROOT-05|555555555555|global| FAIL→PASS',
      'CFG-01|555555555555|us-east-1| FAIL→NOT_APPLICABLE',
      'MGMT-01|111111111111|us-east-1| FAIL→WARN',
    ]);
    expect(keys(c.new)).toEqual(['IDN-03|555555555555|global|carol ∅→FAIL']);
    expect(keys(c.gone)).toEqual(['IDN-03|555555555555|global|bob FAIL→∅']);
    expect(c.changed).toEqual([]);
    expect(c.unchanged).toBe(1);
    expect(c.worse[0]!.message).toBe('a root access key appeared');
  });

  it('reports the score overall and per account, biggest drop first', () => {
    expect(c.score).toEqual({
      key: 'o-test',
      name: 'organization',
      before: older.summary.score,
      after: newer.summary.score,
      delta: newer.summary.score! - older.summary.score!,
    });
    expect(c.accounts.map((a) => `${a.name} ${a.before}→${a.after}`)).toEqual([
      'Shop Prod 100→0',
      'Management 67→83',
      'Shop Dev 0→80',
    ]);
    expect(c.ous.find((o) => o.key === 'Workloads')).toMatchObject({ before: 36, after: 36, delta: 0 });
  });

  it('classifies every pair of statuses', () => {
    expect(classify('FAIL', 'FAIL')).toBe('same');
    expect(classify('WARN', 'PASS')).toBe('better');
    expect(classify('UNKNOWN', 'NOT_APPLICABLE')).toBe('better');
    expect(classify('NOT_APPLICABLE', 'WARN')).toBe('worse');
    expect(classify('WARN', 'FAIL')).toBe('worse');
    expect(classify('FAIL', 'UNKNOWN')).toBe('changed');
    expect(classify('FAIL', 'MUTED')).toBe('changed');
    expect(classify('MUTED', 'FAIL')).toBe('changed');
    expect(classify('PASS', 'NOT_APPLICABLE')).toBe('changed');
  });

  it('keeps repeated keys within one run apart', () => {
    const run = (generatedAt: string, findings: FindingSpec[]) =>
      buildAuditResult({ generatedAt, accounts, checks: SAMPLE_CHECKS, findings });
    const a = run('2026-11-01T00:00:00Z', [
      { check: 'IDN-03', status: 'FAIL', account: 'Shop Dev' },
      { check: 'IDN-03', status: 'FAIL', account: 'Shop Dev' },
    ]);
    const b = run('2026-11-02T00:00:00Z', [{ check: 'IDN-03', status: 'FAIL', account: 'Shop Dev' }]);
    const d = compareAudits(a, b);
    expect(d.unchanged).toBe(1);
    expect(d.gone.map((g) => g.key)).toEqual(['IDN-03|555555555555|global|#2']);
  });
});
