/**
 * The audit for a terminal: scores per baseline item, per OU and per account (worst first), the worst open
 * findings, expired suppressions and one summary line. Fits 100 columns; ANSI colour only when asked.
 */
import { BASELINE_ITEMS, type AuditResult, type Finding, type Status } from '../../audit/types.js';
import {
  accountRows,
  formatScore,
  ITEM_SHORT,
  itemRows,
  itemsOf,
  openFindings,
  ouRows,
  plural,
  type Cell,
  type Row,
  when,
} from './shared.js';
import { termLine } from '../escape.js';

export interface TableOptions {
  /** ANSI colours (default off; the CLI turns them on for a terminal). */
  color?: boolean;
  /** Open findings listed in full (default 15). */
  maxFindings?: number;
}

const WIDTH = 100;
const NAME_WIDTH = 33;
const ANSI: Partial<Record<Status, string>> = { FAIL: '31', UNKNOWN: '35', WARN: '33', PASS: '32' };

type Paint = (code: string | undefined, text: string) => string;

function painter(color: boolean): Paint {
  return (code, text) => (color && code ? `\u001b[${code}m${text}\u001b[0m` : text);
}

/** Cuts text to `width` characters, ending in `…` when cut. */
export function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : clip(word, width);
  }
  return line ? [...lines, line] : lines;
}

/** `72% `, or `72%?` when some evidence could not be read; `—` for nothing decided. */
function cellText(cell: Cell | undefined): string {
  if (!cell) return '· ';
  const unknown = cell.counts.UNKNOWN > 0 ? '?' : ' ';
  return `${cell.score === null ? '—' : formatScore(cell.score)}${unknown}`;
}

interface Column {
  head: string;
  width: number;
  right: boolean;
}

function line(columns: Column[], values: Array<{ text: string; code?: string }>, paint: Paint): string {
  return columns
    .map((c, i) => {
      const v = values[i] ?? { text: '' };
      const text = clip(v.text, c.width);
      const padded = c.right ? text.padStart(c.width) : text.padEnd(c.width);
      return padded.replace(/^(\s*)(.*?)(\s*)$/, (_, lead: string, core: string, tail: string) =>
        core ? `${lead}${paint(v.code, core)}${tail}` : `${lead}${tail}`,
      );
    })
    .join('  ')
    .trimEnd();
}

function scopeTable(
  title: string,
  rows: Row[],
  result: AuditResult,
  paint: Paint,
  label: (r: Row) => string,
) {
  const items = itemsOf(result);
  const columns: Column[] = [
    { head: title, width: NAME_WIDTH, right: false },
    { head: 'Score ', width: 6, right: true },
    { head: 'Fail', width: 4, right: true },
    { head: 'Unkn', width: 4, right: true },
    ...items.map((i) => ({
      head: `${ITEM_SHORT[i]} `,
      width: Math.max(ITEM_SHORT[i].length + 1, 5),
      right: true,
    })),
  ];
  const head = line(
    columns,
    columns.map((c) => ({ text: c.head })),
    paint,
  );
  const body = rows.map((r) =>
    line(
      columns,
      [
        { text: label(r) },
        { text: cellText(r.total), ...codeOf(r.total) },
        { text: String(r.total.counts.FAIL), ...(r.total.counts.FAIL ? { code: ANSI.FAIL } : {}) },
        { text: String(r.total.counts.UNKNOWN), ...(r.total.counts.UNKNOWN ? { code: ANSI.UNKNOWN } : {}) },
        ...items.map((i) => ({ text: cellText(r.items[i]), ...codeOf(r.items[i]) })),
      ],
      paint,
    ),
  );
  return [paint('1', head), ...body];
}

function codeOf(cell: Cell | undefined): { code?: string } {
  const code = cell?.worst && ANSI[cell.worst];
  return code ? { code } : {};
}

/** `Shop Prod (444444444444)`, the name cut so that the id always shows. */
function accountName(r: Row): string {
  const id = ` (${termLine(r.key)})`;
  if (r.name === r.key) return termLine(r.key);
  return `${clip(termLine(r.name), NAME_WIDTH - id.length)}${id}`;
}

function itemTable(result: AuditResult, paint: Paint): string[] {
  const rows = itemRows(result);
  const columns: Column[] = [
    { head: 'Baseline item', width: 36, right: false },
    { head: 'Score ', width: 6, right: true },
    { head: 'Failed', width: 6, right: true },
    { head: 'Unknown', width: 7, right: true },
    { head: 'Warn', width: 5, right: true },
    { head: 'Passed', width: 6, right: true },
    { head: 'Checks', width: 6, right: true },
  ];
  return [
    paint(
      '1',
      line(
        columns,
        columns.map((c) => ({ text: c.head })),
        paint,
      ),
    ),
    ...rows.map(({ item, checks, cell }) =>
      line(
        columns,
        [
          { text: BASELINE_ITEMS[item] },
          { text: cellText(cell), ...codeOf(cell) },
          { text: String(cell.counts.FAIL) },
          { text: String(cell.counts.UNKNOWN) },
          { text: String(cell.counts.WARN) },
          { text: String(cell.counts.PASS) },
          { text: String(checks) },
        ],
        paint,
      ),
    ),
  ];
}

function findingLines(f: Finding, paint: Paint): string[] {
  const t = termLine;
  const resource = f.resource ? t(f.resource) : undefined;
  const head = `${t(f.status).padEnd(7)} ${t(f.severity).padEnd(8)} ${t(f.check).padEnd(7)}  ${t(f.accountName)} (${t(f.accountId)}) · ${t(f.region)}`;
  const withResource = resource ? `${head} · ${resource}` : head;
  const resourceApart = withResource.length > WIDTH;
  const indent = ' '.repeat(8);
  return [
    paint(ANSI[f.status], resourceApart ? clip(head, WIDTH) : withResource),
    ...(resource && resourceApart ? [`${indent}${clip(resource, WIDTH - indent.length)}`] : []),
    ...wrap(t(f.message), WIDTH - indent.length).map((l) => `${indent}${l}`),
  ];
}

function findingsSection(result: AuditResult, max: number, paint: Paint): string[] {
  const open = openFindings(result);
  if (!open.length) return ['No open findings: nothing failed, nothing was unreadable, no warnings.'];
  const shown = open.slice(0, max);
  const lines = [paint('1', `Worst findings (${shown.length} of ${open.length})`)];
  for (const f of shown) lines.push(...findingLines(f, paint));
  if (open.length > shown.length)
    lines.push(
      `… ${open.length - shown.length} more not shown: the Markdown and HTML reports list them all.`,
    );
  return lines;
}

function expiredSection(result: AuditResult, paint: Paint): string[] {
  if (!result.expiredSuppressions.length) return [];
  return [
    '',
    paint('1', 'Expired suppressions (they no longer apply)'),
    ...result.expiredSuppressions.map((s) =>
      clip(`  ${termLine(s.check).padEnd(8)} expired ${termLine(s.expires)}  "${termLine(s.reason)}"`, WIDTH),
    ),
  ];
}

/**
 * `Score 62% · 3 FAIL · 1 UNKNOWN · 25 PASS · 1 MUTED · 412 calls (3 throttled) in 4.2 s`: zero counts left
 * out, the cost shortened or dropped to stay within 100 columns.
 */
export function summaryLine(result: AuditResult, paint: Paint = painter(false)): string {
  const c = result.summary.counts;
  const parts = [
    `Score ${formatScore(result.summary.score)}`,
    paint(c.FAIL ? ANSI.FAIL : undefined, `${c.FAIL} FAIL`),
    ...(c.UNKNOWN ? [paint(ANSI.UNKNOWN, `${c.UNKNOWN} UNKNOWN`)] : []),
    ...(c.WARN ? [paint(ANSI.WARN, `${c.WARN} WARN`)] : []),
    `${c.PASS} PASS`,
    ...(c.NOT_APPLICABLE ? [`${c.NOT_APPLICABLE} N/A`] : []),
    ...(c.MUTED ? [`${c.MUTED} MUTED`] : []),
  ];
  const cost = result.cost;
  if (!cost) return parts.join(' · ');
  const seconds = `${(cost.wallMs / 1000).toFixed(1)} s`;
  const throttled = cost.throttled ? ` (${cost.throttled} throttled)` : '';
  for (const tail of [
    `${plural(cost.calls, 'call')}${throttled} in ${seconds}`,
    `${cost.calls} calls, ${seconds}`,
  ]) {
    const line = [...parts, tail].join(' · ');
    if (plainLength(line) <= WIDTH) return line;
  }
  return parts.join(' · ');
}

// eslint-disable-next-line no-control-regex
const plainLength = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;

export function renderAuditTable(result: AuditResult, options: TableOptions = {}): string {
  const paint = painter(options.color ?? false);
  const accounts = accountRows(result);
  const ous = ouRows(result);
  const regions = plural(result.regions.length, 'region');
  const lines = [
    paint(
      '1',
      clip(
        `orgward audit · ${termLine(result.organizationId)} · ${plural(accounts.length, 'account')} · ${regions} · ${termLine(when(result.generatedAt))}`,
        WIDTH,
      ),
    ),
    '',
    ...itemTable(result, paint),
    '',
    ...scopeTable('OU, worst first', ous, result, paint, (r) =>
      r.key ? termLine(r.name) : 'Root (all accounts)',
    ),
    '',
    ...scopeTable('Account, worst first', accounts, result, paint, accountName),
    paint(
      '2',
      `Severity-weighted scores · ? some evidence could not be read · — nothing decided · · no check`,
    ),
    '',
    ...findingsSection(result, options.maxFindings ?? 15, paint),
    ...expiredSection(result, paint),
    '',
    summaryLine(result, paint),
  ];
  return `${lines.join('\n')}\n`;
}
