/**
 * Two audit runs side by side: which findings got better or worse, which are new or gone, and how the
 * score moved overall, per account and per OU. Findings are matched by check, account, region and
 * resource.
 *
 * - better: PASS or NOT_APPLICABLE now after FAIL, WARN or UNKNOWN before; or FAIL → WARN.
 * - worse: FAIL, WARN or UNKNOWN now after PASS or NOT_APPLICABLE before; or WARN / UNKNOWN → FAIL.
 * - changed: any other change of status (FAIL → UNKNOWN, muted or unmuted, PASS ↔ NOT_APPLICABLE).
 */
import {
  type AuditResult,
  type Finding,
  type ScopeSummary,
  type Severity,
  type Status,
  SEVERITY_RANK,
} from './types.js';

export type Change = 'better' | 'worse' | 'changed' | 'new' | 'gone';

export interface FindingChange {
  change: Change;
  /** `check|account|region|resource` (with `#2`… for repeats of one key within a run). */
  key: string;
  check: string;
  accountId: string;
  accountName: string;
  ouPath: string;
  region: string;
  resource?: string;
  severity: Severity;
  /** Status in the older run (absent for new findings). */
  before?: Status;
  /** Status in the newer run (absent for gone findings). */
  after?: Status;
  /** The newer message where there is one. */
  message: string;
}

export interface ScoreChange {
  key: string;
  name: string;
  before: number | null;
  after: number | null;
  /** after − before, null when either is null. */
  delta: number | null;
}

export interface AuditComparison {
  older: { generatedAt: string; organizationId: string };
  newer: { generatedAt: string; organizationId: string };
  score: ScoreChange;
  /** Accounts in either run, biggest drop first (unchanged and undecided last). */
  accounts: ScoreChange[];
  ous: ScoreChange[];
  better: FindingChange[];
  worse: FindingChange[];
  changed: FindingChange[];
  new: FindingChange[];
  gone: FindingChange[];
  /** Findings with the same status in both runs. */
  unchanged: number;
}

const GOOD: readonly Status[] = ['PASS', 'NOT_APPLICABLE'];
const BAD: readonly Status[] = ['FAIL', 'WARN', 'UNKNOWN'];

export function classify(before: Status, after: Status): 'better' | 'worse' | 'changed' | 'same' {
  if (before === after) return 'same';
  if (BAD.includes(before) && GOOD.includes(after)) return 'better';
  if (GOOD.includes(before) && BAD.includes(after)) return 'worse';
  if (before === 'FAIL' && after === 'WARN') return 'better';
  if ((before === 'WARN' || before === 'UNKNOWN') && after === 'FAIL') return 'worse';
  return 'changed';
}

function keyed(findings: Finding[]): Map<string, Finding> {
  const map = new Map<string, Finding>();
  for (const f of findings) {
    const base = [f.check, f.accountId, f.region, f.resource ?? ''].join('|');
    let key = base;
    for (let n = 2; map.has(key); n++) key = `${base}#${n}`;
    map.set(key, f);
  }
  return map;
}

function change(kind: Change, key: string, older?: Finding, newer?: Finding): FindingChange {
  const f = (newer ?? older)!;
  return {
    change: kind,
    key,
    check: f.check,
    accountId: f.accountId,
    accountName: f.accountName,
    ouPath: f.ouPath,
    region: f.region,
    ...(f.resource ? { resource: f.resource } : {}),
    severity: f.severity,
    ...(older ? { before: older.status } : {}),
    ...(newer ? { after: newer.status } : {}),
    message: f.message,
  };
}

function bySeverity(a: FindingChange, b: FindingChange): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.check.localeCompare(b.check) ||
    a.accountName.localeCompare(b.accountName) ||
    a.key.localeCompare(b.key)
  );
}

function scoreChange(key: string, name: string, before: number | null, after: number | null): ScoreChange {
  return { key, name, before, after, delta: before === null || after === null ? null : after - before };
}

function scopes(older: ScopeSummary[], newer: ScopeSummary[]): ScoreChange[] {
  const keys = [...new Set([...older.map((s) => s.key), ...newer.map((s) => s.key)])];
  return keys
    .map((key) => {
      const a = older.find((s) => s.key === key);
      const b = newer.find((s) => s.key === key);
      return scoreChange(key, (b ?? a)!.name, a?.score ?? null, b?.score ?? null);
    })
    .sort((x, y) => (x.delta ?? Infinity) - (y.delta ?? Infinity) || x.name.localeCompare(y.name));
}

export function compareAudits(older: AuditResult, newer: AuditResult): AuditComparison {
  const before = keyed(older.findings);
  const after = keyed(newer.findings);
  const out: Pick<AuditComparison, Change | 'unchanged'> = {
    better: [],
    worse: [],
    changed: [],
    new: [],
    gone: [],
    unchanged: 0,
  };
  for (const [key, b] of after) {
    const a = before.get(key);
    if (!a) {
      out.new.push(change('new', key, undefined, b));
      continue;
    }
    const kind = classify(a.status, b.status);
    if (kind === 'same') out.unchanged++;
    else out[kind].push(change(kind, key, a, b));
  }
  for (const [key, a] of before) if (!after.has(key)) out.gone.push(change('gone', key, a));
  for (const list of [out.better, out.worse, out.changed, out.new, out.gone]) list.sort(bySeverity);
  const stamp = (r: AuditResult) => ({ generatedAt: r.generatedAt, organizationId: r.organizationId });
  return {
    older: stamp(older),
    newer: stamp(newer),
    score: scoreChange(newer.organizationId, 'organization', older.summary.score, newer.summary.score),
    accounts: scopes(older.summary.byAccount, newer.summary.byAccount),
    ous: scopes(older.summary.byOu, newer.summary.byOu),
    ...out,
  };
}
