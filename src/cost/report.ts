/**
 * The cost report from Cost Explorer's answers: per account, per OU rolled up through the tree (an OU's
 * cost is every account's below it, at any depth), or per tag value; month by month with the change of
 * the last month against the one before, each row's share of the organization's total, and the part of
 * it that still runs in the management account. Pure: no I/O.
 */
import {
  COST_REPORT_VERSION,
  type CostAmount,
  type CostData,
  type CostReport,
  type CostRow,
} from '../model/cost.js';

/**
 * Services a management account runs for the organization itself (billing, trails, configuration
 * recording, sign-in, support, tax): its cost in them is not a workload that should move out.
 */
const ORGANIZATION_SERVICES = [
  /^AWS Organizations$/,
  /^AWS CloudTrail$/,
  /^AWS Config$/,
  /^AWS IAM Identity Center/,
  /^AWS Cost Explorer$/,
  /^AWS Budgets$/,
  /^AWS Support/,
  /^Tax$/,
];

export function isOrganizationService(service: string): boolean {
  return ORGANIZATION_SERVICES.some((pattern) => pattern.test(service));
}

/** Rounds to the cent, as a bill does (half away from zero, with the float's representation error absorbed). */
export function cents(amount: number): number {
  return Math.round((amount + Math.sign(amount) * 1e-9) * 100) / 100;
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

function changeOf(amounts: number[]): CostRow['change'] {
  if (amounts.length < 2) return null;
  const last = amounts[amounts.length - 1]!;
  const before = amounts[amounts.length - 2]!;
  return {
    amount: cents(last - before),
    percent: before === 0 ? null : Math.round(((last - before) / before) * 1000) / 10,
  };
}

/** Sums amounts into per-month arrays by key. */
class MonthSums {
  private readonly sums = new Map<string, number[]>();
  constructor(private readonly monthIndex: ReadonlyMap<string, number>) {}

  add(key: string, amount: CostAmount): void {
    const index = this.monthIndex.get(amount.month);
    if (index === undefined) return;
    let row = this.sums.get(key);
    if (!row) {
      row = new Array<number>(this.monthIndex.size).fill(0);
      this.sums.set(key, row);
    }
    row[index]! += amount.amount;
  }

  get(key: string): number[] {
    return this.sums.get(key) ?? new Array<number>(this.monthIndex.size).fill(0);
  }

  keys(): string[] {
    return [...this.sums.keys()];
  }
}

export function buildCostReport(data: CostData, now: Date): CostReport {
  const monthIndex = new Map(data.months.map((m, i) => [m, i]));
  const org = data.organization;
  const byAccount = new MonthSums(monthIndex);
  for (const amount of data.amounts) byAccount.add(amount.accountId, amount);

  const totalAmounts = data.months.map((_, i) =>
    cents(byAccount.keys().reduce((sum, id) => sum + byAccount.get(id)[i]!, 0)),
  );
  const grandTotal = cents(
    byAccount.keys().reduce((sum, id) => sum + byAccount.get(id).reduce((a, b) => a + b, 0), 0),
  );

  const row = (
    fields: Pick<CostRow, 'kind' | 'id' | 'name' | 'path' | 'depth'> & Partial<CostRow>,
    raw: number[],
  ): CostRow => {
    const amounts = raw.map(cents);
    const total = cents(raw.reduce((a, b) => a + b, 0));
    return { ...fields, amounts, total, change: changeOf(amounts), share: percent(total, grandTotal) };
  };

  const ouById = new Map(org.ous.map((ou) => [ou.id, ou]));
  const pathOf = (parentId: string) => ouById.get(parentId)?.path ?? '';
  const accountName = new Map(org.accounts.map((a) => [a.id, a.name]));
  // Accounts Cost Explorer reports that the tree does not hold (they left, or were never read).
  for (const id of byAccount.keys())
    if (!accountName.has(id)) accountName.set(id, `${id} (not in the organization now)`);

  let rows: CostRow[];
  switch (data.by.kind) {
    case 'account': {
      const parentOf = new Map(org.accounts.map((a) => [a.id, a.parentId]));
      rows = [...accountName.keys()].map((id) =>
        row(
          {
            kind: 'account',
            id,
            name: accountName.get(id)!,
            path: parentOf.has(id) ? pathOf(parentOf.get(id)!) : '',
            depth: 0,
            ...(id === org.managementAccountId ? { management: true } : {}),
          },
          byAccount.get(id),
        ),
      );
      rows.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
      break;
    }
    case 'ou': {
      // Each account's cost is added to its parent and every ancestor up to the root.
      const sums = new MonthSums(monthIndex);
      const counts = new Map<string, number>();
      const parentOfOu = new Map(org.ous.map((ou) => [ou.id, ou.parentId]));
      const ancestors = (parentId: string): string[] => {
        const chain: string[] = [];
        for (let at: string | undefined = parentId; at !== undefined; at = parentOfOu.get(at)) {
          chain.push(at);
          if (at === org.rootId) break;
        }
        return chain;
      };
      const parentOfAccount = new Map(org.accounts.map((a) => [a.id, a.parentId]));
      for (const account of org.accounts)
        for (const id of ancestors(account.parentId)) counts.set(id, (counts.get(id) ?? 0) + 1);
      for (const amount of data.amounts)
        for (const id of ancestors(parentOfAccount.get(amount.accountId) ?? org.rootId)) sums.add(id, amount);
      const ordered = [...org.ous].sort((a, b) => a.path.localeCompare(b.path));
      rows = [
        row(
          {
            kind: 'root',
            id: org.rootId,
            name: 'Root',
            path: '',
            depth: 0,
            accounts: counts.get(org.rootId) ?? 0,
          },
          sums.get(org.rootId),
        ),
        ...ordered.map((ou) =>
          row(
            {
              kind: 'ou',
              id: ou.id,
              name: ou.name,
              path: ou.path,
              depth: ou.path.split('/').length,
              accounts: counts.get(ou.id) ?? 0,
            },
            sums.get(ou.id),
          ),
        ),
      ];
      break;
    }
    case 'tag': {
      const byTag = new MonthSums(monthIndex);
      for (const amount of data.amounts) byTag.add(amount.tagValue ?? '', amount);
      const key = data.by.key;
      rows = byTag.keys().map((value) =>
        row(
          {
            kind: 'tag',
            id: value,
            name: value === '' ? `(no ${key} tag)` : `${key}=${value}`,
            path: '',
            depth: 0,
          },
          byTag.get(value),
        ),
      );
      rows.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
      break;
    }
  }

  const management = byAccount.get(org.managementAccountId);
  const managementTotal = cents(management.reduce((a, b) => a + b, 0));
  const services = data.managementServices
    .map((s) => ({
      service: s.service,
      amount: cents(s.amount),
      workload: !isOrganizationService(s.service),
    }))
    .filter((s) => s.amount !== 0)
    .sort((a, b) => b.amount - a.amount || a.service.localeCompare(b.service));

  return {
    version: COST_REPORT_VERSION,
    generatedAt: now.toISOString(),
    organizationId: org.id,
    managementAccountId: org.managementAccountId,
    metric: data.metric,
    currency: 'USD',
    by: data.by.kind === 'tag' ? `tag:${data.by.key}` : data.by.kind,
    months: [...data.months],
    estimatedMonths: [...data.estimatedMonths],
    rows,
    total: { amounts: totalAmounts, total: grandTotal, change: changeOf(totalAmounts) },
    management: {
      accountId: org.managementAccountId,
      name: accountName.get(org.managementAccountId) ?? org.managementAccountId,
      amounts: management.map(cents),
      total: managementTotal,
      share: percent(managementTotal, grandTotal),
      services,
      workloadTotal: cents(services.filter((s) => s.workload).reduce((sum, s) => sum + s.amount, 0)),
    },
    calls: data.calls,
  };
}

/** The `count` months ending with `last` (`YYYY-MM`), oldest first. */
export function monthsEnding(last: string, count: number): string[] {
  const year = Number(last.slice(0, 4));
  const month = Number(last.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(year, month - (count - 1 - i), 1)).toISOString().slice(0, 7),
  );
}

/** `YYYY-MM` of the month `back` months before `now`'s (UTC). */
export function monthBefore(now: Date, back: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}
