/**
 * The audit's data model: check metadata, findings and the result of a run. Checks are metadata plus a
 * pure function over collected evidence (check.ts); the engine runs them and applies suppressions
 * (engine.ts); renderers turn an {@link AuditResult} into a table, Markdown, HTML, SARIF or JSON.
 */

/** Result states (docs/audit.md#results). MUTED findings matched a suppression and are not counted. */
export const STATUSES = ['FAIL', 'UNKNOWN', 'WARN', 'PASS', 'NOT_APPLICABLE', 'MUTED'] as const;
export type Status = (typeof STATUSES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The baseline items the checks are grouped by (the columns of the report matrix). */
export const BASELINE_ITEMS = {
  root: 'Root users protected',
  logging: 'Activity traceable',
  detection: 'Detective controls aggregated',
  common: 'Common settings and guardrails',
  federation: 'People sign in through federation',
  management: 'Management account kept clean',
} as const;
export type BaselineItem = keyof typeof BASELINE_ITEMS;

/** Which account a check reads from (docs/audit.md#where-each-check-reads-from). */
export type Vantage = 'management' | 'delegated-admin' | 'log-archive' | 'every-account';

export interface CheckMeta {
  /** Catalogue id, family and number, e.g. `ROOT-01` (one page per id in docs/checks/). */
  id: string;
  title: string;
  item: BaselineItem;
  severity: Severity;
  vantage: Vantage;
  /** True when the check is evaluated per enabled region. */
  regional: boolean;
  /** Why it matters, in a sentence or two. */
  why: string;
  /** How to fix a failure. */
  remediation: string;
  /** The AWS calls whose answers the check reads (`service:Operation`). */
  calls: string[];
  /** IAM actions the audit role needs for them. */
  permissions: string[];
  /** Matching controls elsewhere, for reports and SARIF. */
  compliance: { cis?: string; securityHub?: string; prowler?: string };
  /** What the sandbox cannot give for this check, if anything. */
  limitations?: string;
}

/** `global` for checks not tied to a region. */
export type Region = string;

export interface Finding {
  check: string;
  status: Status;
  /** The check's severity, or lower where the catalogue grades a partial result LOW. */
  severity: Severity;
  accountId: string;
  accountName: string;
  /** OU path of the account (`Workloads/Prod`), `''` for accounts directly under the root. */
  ouPath: string;
  region: Region;
  /** The resource the finding is about (a trail ARN, a bucket, an IAM user), where there is one. */
  resource?: string;
  message: string;
  /** Set on FAIL, WARN and UNKNOWN: what to do. */
  remediation?: string;
  /** The suppression that muted it. */
  suppressedBy?: { reason: string; expires: string };
}

export interface CheckSummary {
  check: string;
  title: string;
  item: BaselineItem;
  severity: Severity;
  counts: Record<Status, number>;
}

export interface ScopeSummary {
  /** Account id or OU path (`''` for the root). */
  key: string;
  name: string;
  counts: Record<Status, number>;
  /** PASS / (PASS + FAIL + WARN), weighted by severity; null with nothing decided. */
  score: number | null;
}

export interface AuditResult {
  version: 1;
  generatedAt: string;
  organizationId: string;
  managementAccountId: string;
  regions: string[];
  /** Metadata of every check that ran, in catalogue order. */
  checks: CheckMeta[];
  findings: Finding[];
  summary: {
    score: number | null;
    counts: Record<Status, number>;
    byCheck: CheckSummary[];
    byAccount: ScopeSummary[];
    byOu: ScopeSummary[];
  };
  /** Suppressions whose expiry has passed: they no longer apply. */
  expiredSuppressions: Array<{ check: string; reason: string; expires: string }>;
  /** What the collection cost: API calls, throttled, retried, wall time. */
  cost?: { calls: number; throttled: number; retried: number; wallMs: number };
}

export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 8, high: 4, medium: 2, low: 1 };

export function emptyCounts(): Record<Status, number> {
  return { FAIL: 0, UNKNOWN: 0, WARN: 0, PASS: 0, NOT_APPLICABLE: 0, MUTED: 0 };
}

export function countStatuses(findings: readonly Finding[]): Record<Status, number> {
  const counts = emptyCounts();
  for (const f of findings) counts[f.status]++;
  return counts;
}

/** Worst first: reports sort by it, and the colour of a matrix cell is the worst status in it. */
export const STATUS_RANK: Record<Status, number> = {
  FAIL: 0,
  UNKNOWN: 1,
  WARN: 2,
  MUTED: 3,
  PASS: 4,
  NOT_APPLICABLE: 5,
};
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
