import { describe, expect, it } from 'vitest';
import type { CostData } from '../model/cost.js';
import { buildCostReport, cents, isOrganizationService, monthBefore, monthsEnding } from './report.js';

const data = (overrides: Partial<CostData> = {}): CostData => ({
  months: ['2026-10', '2026-11'],
  estimatedMonths: [],
  metric: 'UnblendedCost',
  by: { kind: 'ou' },
  amounts: [
    { month: '2026-10', accountId: '111111111111', amount: 0.1 },
    { month: '2026-10', accountId: '111111111111', amount: 0.2 },
    { month: '2026-11', accountId: '222222222222', amount: 10 },
    { month: '2026-11', accountId: '333333333333', amount: 5 },
    { month: '2026-11', accountId: '999999999999', amount: 1 },
    { month: '2026-09', accountId: '222222222222', amount: 1000 },
  ],
  managementServices: [
    { service: 'AWS CloudTrail', amount: 0.3 },
    { service: 'Tax', amount: 0 },
  ],
  organization: {
    id: 'o-abc',
    managementAccountId: '111111111111',
    rootId: 'r-1',
    ous: [
      { id: 'ou-a', name: 'A', parentId: 'r-1', path: 'A' },
      { id: 'ou-b', name: 'B', parentId: 'ou-a', path: 'A/B' },
    ],
    accounts: [
      { id: '111111111111', name: 'mgmt', parentId: 'r-1', state: 'ACTIVE' },
      { id: '222222222222', name: 'deep', parentId: 'ou-b', state: 'ACTIVE' },
      { id: '333333333333', name: 'mid', parentId: 'ou-a', state: 'ACTIVE' },
    ],
  },
  calls: 2,
  ...overrides,
});

describe('buildCostReport', () => {
  const now = new Date('2026-12-08T00:00:00Z');

  it('rolls accounts up through every ancestor; accounts no longer in the tree count at the root', () => {
    const report = buildCostReport(data(), now);
    const by = Object.fromEntries(report.rows.map((r) => [r.kind === 'root' ? '/' : r.path, r]));
    expect(by['/']!.amounts).toEqual([0.3, 16]);
    expect(by['/']!.accounts).toBe(3);
    expect(by['A']!.amounts).toEqual([0, 15]);
    expect(by['A']!.accounts).toBe(2);
    expect(by['A/B']!.amounts).toEqual([0, 10]);
    expect(by['A/B']!.depth).toBe(2);
    expect(by['A']!.change).toEqual({ amount: 15, percent: null });
    expect(by['/']!.share).toBe(100);
    expect(report.total).toEqual({
      amounts: [0.3, 16],
      total: 16.3,
      change: { amount: 15.7, percent: 5233.3 },
    });
    expect(report.management).toMatchObject({ total: 0.3, share: 1.8, workloadTotal: 0 });
    expect(report.management.services).toEqual([{ service: 'AWS CloudTrail', amount: 0.3, workload: false }]);
  });

  it('per account, most first, naming accounts that left', () => {
    const report = buildCostReport(data({ by: { kind: 'account' } }), now);
    expect(report.rows.map((r) => [r.name, r.total, r.path])).toEqual([
      ['deep', 10, 'A/B'],
      ['mid', 5, 'A'],
      ['999999999999 (not in the organization now)', 1, ''],
      ['mgmt', 0.3, ''],
    ]);
    expect(report.rows.find((r) => r.management)!.id).toBe('111111111111');
  });

  it('per tag value', () => {
    const report = buildCostReport(
      data({
        by: { kind: 'tag', key: 'team' },
        amounts: [
          { month: '2026-11', accountId: '222222222222', tagValue: 'shop', amount: 4 },
          { month: '2026-11', accountId: '333333333333', tagValue: '', amount: 6 },
        ],
      }),
      now,
    );
    expect(report.by).toBe('tag:team');
    expect(report.rows.map((r) => [r.name, r.total, r.share])).toEqual([
      ['(no team tag)', 6, 60],
      ['team=shop', 4, 40],
    ]);
  });
});

describe('months and cents', () => {
  it('counts months back across a year', () => {
    expect(monthsEnding('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthBefore(new Date('2026-01-31T23:00:00Z'), 1)).toBe('2025-12');
  });
  it('rounds to the cent through float error', () => {
    expect(cents(0.1 + 0.2)).toBe(0.3);
    expect(cents(1.005)).toBe(1.01);
    expect(cents(-1.005)).toBe(-1.01);
  });
  it('knows the organization’s own services from workloads', () => {
    expect(isOrganizationService('AWS Support (Business)')).toBe(true);
    expect(isOrganizationService('Amazon Elastic Compute Cloud - Compute')).toBe(false);
  });
});
