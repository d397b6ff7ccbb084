/** The demo's short audit views: the score and the worst failing checks, and what a clean-up changed. */
import { compareAudits } from '../audit/compare.js';
import type { AuditResult, Finding } from '../audit/types.js';
import { formatScore, groupBy, metaById, openFindings, plural } from './audit/shared.js';
import { summaryLine } from './audit/table.js';
import { termLine } from './escape.js';

/** One line per failing check, most severe first: `critical ROOT-05  No member root access keys: 2 accounts`. */
function failingChecks(result: AuditResult, max: number): string[] {
  const meta = metaById(result);
  const failing = openFindings(result).filter((f) => f.status === 'FAIL');
  const byCheck = [...groupBy(failing, (f) => f.check)];
  const lines = byCheck.slice(0, max).map(([check, list]) => {
    const accounts = new Set(list.map((f: Finding) => f.accountName));
    const names = [...accounts].slice(0, 3).map(termLine).join(', ');
    return `  ${termLine(list[0]!.severity).padEnd(8)} ${termLine(check).padEnd(7)} ${termLine(meta.get(check)?.title ?? '')}: ${names}${accounts.size > 3 ? ` and ${accounts.size - 3} more` : ''}`;
  });
  if (byCheck.length > max) lines.push(`  … and ${plural(byCheck.length - max, 'more failing check')}`);
  return lines;
}

export function renderAuditBrief(result: AuditResult, max = 10): string {
  const accounts = new Set(result.findings.map((f) => f.accountId)).size;
  return [
    `${summaryLine(result)}  (${result.checks.length} checks × ${accounts} accounts × ${result.regions.length} regions)`,
    'Worst failing checks:',
    ...failingChecks(result, max),
  ].join('\n');
}

export function renderImprovement(before: AuditResult, after: AuditResult, max = 8): string {
  const c = compareAudits(before, after);
  const lines = [
    `Score ${formatScore(c.score.before)} → ${formatScore(c.score.after)}: ${c.better.length} findings better, ${c.worse.length} worse, ${c.new.length} new.`,
    summaryLine(after),
  ];
  const fixed = [...groupBy(c.better, (f) => f.check)].map(
    ([check, list]) => `${termLine(check)} (${list.length})`,
  );
  if (fixed.length) lines.push(`Fixed: ${fixed.slice(0, 14).join(', ')}${fixed.length > 14 ? ', …' : ''}`);
  const left = failingChecks(after, max);
  if (left.length) lines.push('Still failing:', ...left);
  if (after.findings.some((f) => f.check === 'MGMT-01' && f.status === 'FAIL'))
    lines.push(
      'The workloads in the management account stay until someone moves them: see docs/migrate-management-workloads.md.',
    );
  return lines.join('\n');
}
