/**
 * Cost per account, OU and tag, as `orgward cost` reports it: what Cost Explorer answered (the data) and
 * the report rolled up from it through the OU tree (`src/cost/report.ts`). Amounts are US dollars.
 */

export const COST_REPORT_VERSION = 1;

/** Cost Explorer's cost metrics orgward can report. */
export const COST_METRICS = [
  'UnblendedCost',
  'AmortizedCost',
  'NetUnblendedCost',
  'NetAmortizedCost',
  'BlendedCost',
] as const;
export type CostMetric = (typeof COST_METRICS)[number];

/** How the report's rows are cut: per account, per OU (rolled up through the tree), or per tag value. */
export type CostBy = { kind: 'account' } | { kind: 'ou' } | { kind: 'tag'; key: string };

/** One amount Cost Explorer answered: an account's cost in a month (and, by tag, for one tag value). */
export interface CostAmount {
  month: string;
  accountId: string;
  /** The tag value (`''` for untagged cost) when grouped by tag. */
  tagValue?: string;
  amount: number;
}

/** What the report is made from: Cost Explorer's answers and the organization's tree. */
export interface CostData {
  /** `YYYY-MM`, oldest first. */
  months: string[];
  /** Months Cost Explorer marked as estimated (not final: the current month). */
  estimatedMonths: string[];
  metric: CostMetric;
  by: CostBy;
  amounts: CostAmount[];
  /** The management account's cost per service over all months. */
  managementServices: Array<{ service: string; amount: number }>;
  organization: {
    id: string;
    managementAccountId: string;
    rootId: string;
    ous: Array<{ id: string; name: string; parentId: string; path: string }>;
    accounts: Array<{ id: string; name: string; parentId: string; state: string }>;
  };
  /** Cost Explorer calls (each page is billed at $0.01). */
  calls: number;
}

export interface CostRow {
  kind: 'account' | 'ou' | 'root' | 'tag';
  /** Account id, OU id, root id, or the tag value (`''` untagged). */
  id: string;
  name: string;
  /** Account: the OU path it sits in (`''` for the root); OU: its own path. */
  path: string;
  /** OU rows: depth below the root (root 0). */
  depth: number;
  /** Per month, aligned with {@link CostReport.months}. */
  amounts: number[];
  total: number;
  /** Last month against the one before; null with fewer than two months. */
  change: { amount: number; percent: number | null } | null;
  /** Share of the organization's total over the period, percent. */
  share: number;
  /** OU and root rows: accounts in it, at any depth. */
  accounts?: number;
  management?: boolean;
}

export interface CostReport {
  version: typeof COST_REPORT_VERSION;
  generatedAt: string;
  organizationId: string;
  managementAccountId: string;
  metric: CostMetric;
  currency: 'USD';
  by: string;
  months: string[];
  estimatedMonths: string[];
  rows: CostRow[];
  total: { amounts: number[]; total: number; change: CostRow['change'] };
  management: {
    accountId: string;
    name: string;
    amounts: number[];
    total: number;
    /** Percent of the organization's total over the period. */
    share: number;
    /** Its cost per service, most first; `workload` is false for the organization's own services. */
    services: Array<{ service: string; amount: number; workload: boolean }>;
    /** The part of its cost that is not the organization's own services (Organizations, CloudTrail, ...). */
    workloadTotal: number;
  };
  calls: number;
}
