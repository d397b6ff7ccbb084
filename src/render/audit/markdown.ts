/**
 * The audit for a pull request or a ticket (GitHub-flavoured Markdown): summary, scores per baseline item,
 * account and OU, open findings grouped by check with why and how to fix; long lists fold into <details>.
 */
import {
  BASELINE_ITEMS,
  type AuditResult,
  type CheckMeta,
  type Finding,
  type Status,
} from '../../audit/types.js';

import {
  accountLabel,
  accountRows,
  cellOf,
  compareFindings,
  costLine,
  countsLine,
  formatScore,
  groupBy,
  ITEM_SHORT,
  itemRows,
  itemsOf,
  metaById,
  openFindings,
  ouLabel,
  ouRows,
  plural,
  SEVERITY_RANK,
  STATUS_RANK,
  type Cell,
  type Row,
  when,
} from './shared.js';
import { mdText } from '../escape.js';

export interface MarkdownOptions {
  /** Tables with more rows than this fold into <details> (default 10). */
  foldAfter?: number;
  /** Heading level of the title, 1 to 3 (default 2); sections are one level below. */
  level?: number;
}

export const STATUS_MARK: Record<Status, string> = {
  FAIL: '🔴',
  UNKNOWN: '❔',
  WARN: '🟡',
  MUTED: '🔕',
  PASS: '🟢',
  NOT_APPLICABLE: '➖',
};

/** Text that Markdown and the HTML GitHub allows inside it show literally (one line, safe in a table cell). */
export { mdText };

function cellMd(cell: Cell | undefined): string {
  if (!cell?.worst) return '·';
  const unknown = cell.counts.UNKNOWN ? ` (${cell.counts.UNKNOWN} unknown)` : '';
  return `${STATUS_MARK[cell.worst]} ${formatScore(cell.score)}${unknown}`;
}

function table(head: string[], align: Array<'l' | 'r'>, rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${align.map((a) => (a === 'r' ? '--:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** Wraps lines in a <details> block when there are more than `after` rows of them. */
function fold(summary: string, lines: string[], rows: number, after: number): string[] {
  if (rows <= after) return lines;
  return ['<details>', `<summary>${summary}</summary>`, '', ...lines, '', '</details>'];
}

function scopeTable(result: AuditResult, rows: Row[], kind: 'account' | 'ou'): string[] {
  const items = itemsOf(result);
  const head = [
    kind === 'account' ? 'Account' : 'OU',
    ...(kind === 'account' ? ['OU'] : []),
    'Score',
    ...items.map((i) => ITEM_SHORT[i]),
  ];
  const align = head.map((_, i) => (i === 0 || (kind === 'account' && i === 1) ? 'l' : 'r')) as Array<
    'l' | 'r'
  >;
  return table(
    head,
    align,
    rows.map((r) => [
      kind === 'account'
        ? mdText(accountLabel({ accountId: r.key, accountName: r.name }))
        : mdText(r.key ? r.name : 'Root (all accounts)'),
      ...(kind === 'account' ? [mdText(ouLabel(r.ouPath))] : []),
      cellMd(r.total),
      ...items.map((i) => cellMd(r.items[i])),
    ]),
  );
}

function findingRows(findings: Finding[]): string[] {
  return table(
    ['Status', 'Account', 'Region', 'Resource', 'Message'],
    ['l', 'l', 'l', 'l', 'l'],
    findings.map((f) => [
      `${STATUS_MARK[f.status]} ${f.status}`,
      mdText(accountLabel(f)),
      mdText(f.region),
      f.resource ? mdText(f.resource) : '',
      mdText(f.message),
    ]),
  );
}

function checkGroup(
  check: string,
  findings: Finding[],
  meta: CheckMeta | undefined,
  foldAfter: number,
  h: string,
): string[] {
  const cell = cellOf(findings);
  const counts = (['FAIL', 'UNKNOWN', 'WARN'] as const)
    .filter((s) => cell.counts[s])
    .map((s) => `${cell.counts[s]} ${s}`)
    .join(', ');
  const title = meta ? ` · ${mdText(meta.title)}` : '';
  const severity = meta?.severity ?? findings[0]!.severity;
  const remediation = meta?.remediation ?? findings.find((f) => f.remediation)?.remediation;
  return [
    `${h}### ${STATUS_MARK[cell.worst!]} ${mdText(check)}${title}`,
    '',
    `**${mdText(severity)}** · ${counts}${meta ? ` · ${mdText(BASELINE_ITEMS[meta.item])}` : ''}`,
    '',
    ...(meta?.why ? [`**Why it matters:** ${mdText(meta.why)}`, ''] : []),
    ...(remediation ? [`**How to fix:** ${mdText(remediation)}`, ''] : []),
    ...fold(plural(findings.length, 'finding'), findingRows(findings), findings.length, foldAfter),
    '',
  ];
}

function openSection(result: AuditResult, foldAfter: number, h: string): string[] {
  const open = openFindings(result);
  if (!open.length)
    return [`${h}## Open findings`, '', 'None: nothing failed, nothing was unreadable, no warnings.', ''];
  const meta = metaById(result);
  const groups = [...groupBy(open, (f) => f.check)].sort(
    ([a, fa], [b, fb]) => compareFindings(fa[0]!, fb[0]!) || a.localeCompare(b),
  );
  return [
    `${h}## Open findings (${open.length})`,
    '',
    ...groups.flatMap(([check, findings]) => checkGroup(check, findings, meta.get(check), foldAfter, h)),
  ];
}

function mutedSection(result: AuditResult, h: string): string[] {
  const muted = result.findings.filter((f) => f.status === 'MUTED').sort(compareFindings);
  if (!muted.length) return [];
  const rows = table(
    ['Check', 'Account', 'Region', 'Reason', 'Until'],
    ['l', 'l', 'l', 'l', 'l'],
    muted.map((f) => [
      mdText(f.check),
      mdText(accountLabel(f)),
      mdText(f.region),
      mdText(f.suppressedBy?.reason ?? ''),
      mdText(f.suppressedBy?.expires ?? ''),
    ]),
  );
  return [
    `${h}## Muted by suppressions`,
    '',
    ...fold(plural(muted.length, 'muted finding'), rows, muted.length, 0),
    '',
  ];
}

function expiredSection(result: AuditResult, h: string): string[] {
  if (!result.expiredSuppressions.length) return [];
  return [
    `${h}## Expired suppressions`,
    '',
    'These no longer apply: the findings they muted count again.',
    '',
    ...table(
      ['Check', 'Reason', 'Expired'],
      ['l', 'l', 'l'],
      result.expiredSuppressions.map((s) => [mdText(s.check), mdText(s.reason), mdText(s.expires)]),
    ),
    '',
  ];
}

export function renderAuditMarkdown(result: AuditResult, options: MarkdownOptions = {}): string {
  const foldAfter = options.foldAfter ?? 10;
  const h = '#'.repeat(Math.max(0, (options.level ?? 2) - 1));
  const accounts = accountRows(result);
  const ous = ouRows(result);
  const cost = costLine(result);
  const items = itemRows(result);
  const worstCheck = [...result.summary.byCheck]
    .filter((c) => c.counts.FAIL)
    .sort(
      (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.counts.FAIL - a.counts.FAIL,
    )[0];
  const lines = [
    `${h}# orgward audit · ${mdText(result.organizationId)}`,
    '',
    `**${countsLine(result)}**`,
    '',
    [
      plural(accounts.length, 'account'),
      `${plural(result.regions.length, 'region')} (${result.regions.map(mdText).join(', ')})`,
      mdText(when(result.generatedAt)),
      ...(cost ? [cost] : []),
    ].join(' · '),
    '',
    ...(worstCheck
      ? [
          `Most severe failure: **${mdText(worstCheck.check)}** ${mdText(worstCheck.title)} (${mdText(worstCheck.severity)}).`,
          '',
        ]
      : []),
    `${h}## Baseline items`,
    '',
    ...table(
      ['Baseline item', 'Score', 'Failed', 'Unknown', 'Warnings', 'Passed'],
      ['l', 'r', 'r', 'r', 'r', 'r'],
      items.map(({ item, cell }) => [
        BASELINE_ITEMS[item],
        cellMd(cell),
        String(cell.counts.FAIL),
        String(cell.counts.UNKNOWN),
        String(cell.counts.WARN),
        String(cell.counts.PASS),
      ]),
    ),
    '',
    `${h}## Accounts, worst first`,
    '',
    ...fold(
      plural(accounts.length, 'account'),
      scopeTable(result, accounts, 'account'),
      accounts.length,
      foldAfter,
    ),
    '',
    `${h}## OUs, worst first`,
    '',
    ...fold(plural(ous.length, 'OU'), scopeTable(result, ous, 'ou'), ous.length, foldAfter),
    '',
    ...openSection(result, foldAfter, h),
    ...mutedSection(result, h),
    ...expiredSection(result, h),
    `Scores are severity-weighted shares of decided findings that pass (a warning counts half). ${Object.entries(
      STATUS_MARK,
    )
      .sort(([a], [b]) => STATUS_RANK[a as Status] - STATUS_RANK[b as Status])
      .map(([s, m]) => `${m} ${s}`)
      .join(' · ')}`,
  ];
  return `${lines.join('\n')}\n`;
}
