/** What every audit report shows the same way: status order, cells of the account × item matrix, worst findings. */
import { groupBy } from '../../util/group.js';
import { score } from '../../audit/engine.js';
import {
  BASELINE_ITEMS,
  SEVERITY_RANK,
  STATUS_RANK,
  emptyCounts,
  type AuditResult,
  type BaselineItem,
  type CheckMeta,
  type Finding,
  type Status,
} from '../../audit/types.js';

export { SEVERITY_RANK, STATUS_RANK };

export const STATUS_LABEL: Record<Status, string> = {
  FAIL: 'failed',
  UNKNOWN: 'unknown',
  WARN: 'warned',
  PASS: 'passed',
  NOT_APPLICABLE: 'not applicable',
  MUTED: 'muted',
};

/** Statuses that ask for attention (and go into SARIF and the findings lists). */
export const OPEN: readonly Status[] = ['FAIL', 'UNKNOWN', 'WARN'];
export const isOpen = (s: Status): boolean => OPEN.includes(s);

/** Short column headings for the terminal and Markdown matrices. */
export const ITEM_SHORT: Record<BaselineItem, string> = {
  root: 'Root',
  logging: 'Logs',
  detection: 'Detect',
  common: 'Common',
  federation: 'Fed',
  management: 'Mgmt',
};

export interface Cell {
  counts: Record<Status, number>;
  /** Worst status present, undefined when the cell has no finding. */
  worst?: Status;
  score: number | null;
}

export function cellOf(findings: readonly Finding[]): Cell {
  const counts = emptyCounts();
  let worst: Status | undefined;
  for (const f of findings) {
    counts[f.status]++;
    if (!worst || STATUS_RANK[f.status] < STATUS_RANK[worst]) worst = f.status;
  }
  return { counts, score: score([...findings]), ...(worst ? { worst } : {}) };
}

export function formatScore(value: number | null): string {
  return value === null ? '—' : `${value}%`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** `Shop Prod (444444444444)`, or the id alone when the name is the id. */
export function accountLabel(f: { accountId: string; accountName: string }): string {
  return f.accountName && f.accountName !== f.accountId ? `${f.accountName} (${f.accountId})` : f.accountId;
}

export const ouLabel = (path: string): string => path || 'Root';

export function metaById(result: AuditResult): Map<string, CheckMeta> {
  return new Map(result.checks.map((c) => [c.id, c]));
}

/** Baseline items that have at least one check in the run, in baseline order. */
export function itemsOf(result: AuditResult): BaselineItem[] {
  const present = new Set(result.checks.map((c) => c.item));
  return (Object.keys(BASELINE_ITEMS) as BaselineItem[]).filter((i) => present.has(i));
}

export function itemOf(
  result: AuditResult,
  meta: Map<string, CheckMeta>,
  f: Finding,
): BaselineItem | undefined {
  return meta.get(f.check)?.item ?? result.summary.byCheck.find((c) => c.check === f.check)?.item;
}

export { groupBy };

export interface Row {
  key: string;
  name: string;
  /** Accounts: their OU path. OUs: the path itself. */
  ouPath: string;
  total: Cell;
  items: Partial<Record<BaselineItem, Cell>>;
}

/** Worst score first (a scope with nothing decided last), then by name. */
export function worstFirst(a: Row, b: Row): number {
  return (
    (a.total.score ?? 101) - (b.total.score ?? 101) ||
    a.name.localeCompare(b.name) ||
    a.key.localeCompare(b.key)
  );
}

function rowOf(
  key: string,
  name: string,
  ouPath: string,
  findings: Finding[],
  itemFor: (f: Finding) => BaselineItem | undefined,
): Row {
  const items: Row['items'] = {};
  for (const [item, of] of groupBy(findings, itemFor)) if (item) items[item] = cellOf(of);
  return { key, name, ouPath, total: cellOf(findings), items };
}

/** One row per account with findings, worst first. */
export function accountRows(result: AuditResult): Row[] {
  const meta = metaById(result);
  return [...groupBy(result.findings, (f) => f.accountId).values()]
    .map((of) =>
      rowOf(of[0]!.accountId, of[0]!.accountName, of[0]!.ouPath, of, (f) => itemOf(result, meta, f)),
    )
    .sort(worstFirst);
}

/** One row per OU holding accounts with findings (ancestors and the root included), worst first. */
export function ouRows(result: AuditResult): Row[] {
  const meta = metaById(result);
  // Findings grouped by OU path once: filtering all of them per OU was quadratic at scale.
  const byPath = groupBy(result.findings, (f) => f.ouPath);
  const paths = new Set<string>(['']);
  for (const ouPath of byPath.keys()) {
    const parts = ouPath.split('/').filter(Boolean);
    parts.forEach((_, i) => paths.add(parts.slice(0, i + 1).join('/')));
  }
  return [...paths]
    .map((path) =>
      rowOf(
        path,
        ouLabel(path),
        path,
        path
          ? [...byPath].flatMap(([p, of]) => (p === path || p.startsWith(`${path}/`) ? of : []))
          : result.findings,
        (f) => itemOf(result, meta, f),
      ),
    )
    .sort(worstFirst);
}

/** One row per baseline item over the whole organization, in baseline order. */
export function itemRows(result: AuditResult): Array<{ item: BaselineItem; checks: number; cell: Cell }> {
  const meta = metaById(result);
  return itemsOf(result).map((item) => ({
    item,
    checks: result.checks.filter((c) => c.item === item).length,
    cell: cellOf(result.findings.filter((f) => itemOf(result, meta, f) === item)),
  }));
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.check.localeCompare(b.check) ||
    a.accountName.localeCompare(b.accountName) ||
    a.accountId.localeCompare(b.accountId) ||
    a.region.localeCompare(b.region) ||
    (a.resource ?? '').localeCompare(b.resource ?? '')
  );
}

/** FAIL, then UNKNOWN, then WARN; most severe first within each. */
export function openFindings(result: AuditResult): Finding[] {
  return result.findings.filter((f) => isOpen(f.status)).sort(compareFindings);
}

/** `412 API calls (3 throttled, 5 retried) in 4.2 s`, or undefined without cost data. */
export function costLine(result: AuditResult): string | undefined {
  const c = result.cost;
  if (!c) return undefined;
  const extra = [c.throttled && `${c.throttled} throttled`, c.retried && `${c.retried} retried`].filter(
    Boolean,
  );
  return `${plural(c.calls, 'API call')}${extra.length ? ` (${extra.join(', ')})` : ''} in ${(c.wallMs / 1000).toFixed(1)} s`;
}

/** `Score 72% · 3 failed · 1 unknown · 2 warnings · 40 passed · 5 not applicable · 1 muted`. */
export function countsLine(result: AuditResult): string {
  const c = result.summary.counts;
  return [
    `Score ${formatScore(result.summary.score)}`,
    `${c.FAIL} failed`,
    `${c.UNKNOWN} unknown`,
    plural(c.WARN, 'warning'),
    `${c.PASS} passed`,
    `${c.NOT_APPLICABLE} not applicable`,
    `${c.MUTED} muted`,
  ].join(' · ');
}

/** `2026-11-22 12:00 UTC` from an ISO timestamp (kept as given when it is not one). */
export function when(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}
