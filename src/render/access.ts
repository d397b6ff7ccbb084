/**
 * The access answers as text: the matrix (table, CSV, JSON, Markdown, one HTML page), who-can and can
 * (a line per path with its decision and the statements that decide it), and explain (the whole chain of
 * one decision: every SCP level, the identity policies, the boundary, what allows and what denies).
 * Names come from the organization: terminal text goes through termText, Markdown through mdText, HTML
 * through esc, CSV through csvCell.
 */
import type { ActionChange } from '../access/diff.js';
import type { Decision, StatementHit } from '../access/evaluate.js';
import { pathLabel, type MatrixRow, type PathDecision } from '../access/queries.js';
import { esc } from './access-links.js';
import { csvCell, mdText, termText as t } from './escape.js';
import { textTable } from './root.js';

export const MATRIX_FORMATS = ['table', 'csv', 'json', 'markdown', 'html'] as const;
export type MatrixFormat = (typeof MATRIX_FORMATS)[number];

const HEADERS = ['user', 'account', 'account id', 'OU', 'permission set / role', 'via', 'until'];

function matrixCells(r: MatrixRow): string[] {
  const until = r.until ?? (r.dependsOn ? `depends on ${r.dependsOn.join(', ')}` : '');
  return [
    r.user || '(no members)',
    r.accountName,
    r.accountId,
    r.ouPath || '(root)',
    r.kind === 'iam-role' ? `role ${r.role}` : r.role,
    r.via,
    until,
  ];
}

function matrixHtml(rows: MatrixRow[], title: string): string {
  const body = rows
    .map(
      (r) =>
        `<tr>${matrixCells(r)
          .map((c) => `<td>${esc(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f4f4f4}</style>
</head><body>
<h1>${esc(title)}</h1>
<p>${rows.length} paths</p>
<table><thead><tr>${HEADERS.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table>
</body></html>
`;
}

export function renderMatrix(
  rows: MatrixRow[],
  format: MatrixFormat,
  title = 'orgward · access matrix',
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    case 'csv':
      return `${[HEADERS, ...rows.map(matrixCells)].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
    case 'markdown':
      return `${[
        `| ${HEADERS.join(' | ')} |`,
        `|${HEADERS.map(() => '---').join('|')}|`,
        ...rows.map((r) => `| ${matrixCells(r).map(mdText).join(' | ')} |`),
      ].join('\n')}\n`;
    case 'html':
      return matrixHtml(rows, title);
    default:
      return `${textTable(
        HEADERS,
        rows.map((r) => matrixCells(r).map(t)),
      ).join('\n')}\n${rows.length} paths\n`;
  }
}

function decisionWord(d: Decision): string {
  switch (d.decision) {
    case 'Allow':
      return 'allowed';
    case 'ExplicitDeny':
      return 'denied (explicit)';
    case 'ImplicitDeny':
      return 'denied (no allow)';
    default:
      return `depends on ${d.dependsOn.join(', ')}`;
  }
}

function hitLabel(h: StatementHit): string {
  const where = h.level ? `${h.layer.toUpperCase()} at ${h.level}` : h.layer;
  const maybe = h.applies.kind === 'maybe' ? ` (if ${h.applies.keys.join(', ')})` : '';
  return `${h.effect} ${where}: ${h.policy} ${h.statement}${maybe}`;
}

/** The statements that decide: the denies when denied, the allows when allowed, both when it depends. */
export function decidingStatements(d: Decision): StatementHit[] {
  if (d.decision === 'ExplicitDeny')
    return d.statements.filter((s) => s.effect === 'Deny' && s.applies.kind === 'yes');
  if (d.decision === 'Allow')
    return d.statements.filter((s) => s.effect === 'Allow' && s.layer !== 'scp' && s.layer !== 'rcp');
  if (d.decision === 'Depends') return d.statements.filter((s) => s.applies.kind === 'maybe');
  return [];
}

function missingText(d: Decision): string {
  return d.missingAllow
    .map((m) => (m.level ? `no ${m.layer.toUpperCase()} allow at ${m.level}` : `no ${m.layer} allow`))
    .join('; ');
}

function why(d: Decision): string {
  const hits = decidingStatements(d).map(hitLabel);
  if (d.decision === 'ImplicitDeny') return missingText(d) || 'nothing allows it';
  return hits.join('; ');
}

export interface DecisionsView {
  title: string;
  decisions: PathDecision[];
  /** Shown when there are none. */
  empty: string;
}

export function renderDecisions(view: DecisionsView, format: 'table' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(view.decisions, null, 2)}\n`;
  const lines = [t(view.title), ''];
  if (view.decisions.length === 0) return `${[...lines, t(view.empty)].join('\n')}\n`;
  const rows = view.decisions.map((p) => [
    pathLabel(p.path).replace(p.path.accountId, p.accountName),
    decisionWord(p.decision),
    why(p.decision),
  ]);
  lines.push(
    ...textTable(
      ['path', 'decision', 'why'],
      rows.map((r) => r.map(t)),
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** Every layer of one decision, in AWS's order of evaluation. */
export function renderExplain(p: PathDecision): string {
  const d = p.decision;
  const lines = [
    `${t(pathLabel(p.path).replace(p.path.accountId, `${p.accountName} (${p.path.accountId})`))}`,
  ];
  lines.push(`decision: ${decisionWord(d)}`);
  const order = ['scp', 'rcp', 'resource', 'identity', 'boundary', 'session'] as const;
  for (const layer of order) {
    const hits = d.statements.filter((s) => s.layer === layer);
    const missing = d.missingAllow.filter((m) => m.layer === layer);
    if (!hits.length && !missing.length) continue;
    lines.push(
      `  ${layer === 'scp' ? 'service control policies' : layer === 'rcp' ? 'resource control policies' : `${layer} policies`}:`,
    );
    for (const h of hits) lines.push(`    ${t(hitLabel(h))}`);
    for (const m of missing)
      lines.push(`    ✗ ${t(m.level ? `nothing allows it at ${m.level}` : `nothing allows it`)}`);
  }
  if (p.path.kind === 'iam-role')
    lines.push(
      `  (first assuming role ${t(p.path.roleName)} from ${t(p.path.sourceAccountId)}/${t(p.path.sourceUserName)})`,
    );
  return `${lines.join('\n')}\n`;
}

function changeLine(c: ActionChange, text: (s: string) => string): string {
  const shown =
    c.actions.length > 8 ? [...c.actions.slice(0, 8), `… ${c.actions.length - 8} more`] : c.actions;
  const until = c.until ? ` until ${c.until.slice(0, 10)}` : '';
  return `${text(c.user)} ${c.change} ${text(shown.join(', '))} in ${text(c.accountName)}${until} (through ${text(c.through.join(', '))}; ${c.count} action${c.count === 1 ? '' : 's'})`;
}

/** "alice gains dynamodb:* in Shop Staging until 2026-12-31 …; nobody else changes". */
export function renderAccessChanges(changes: ActionChange[], format: 'text' | 'markdown' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(changes, null, 2)}\n`;
  const people = new Set(changes.map((c) => c.user));
  if (format === 'markdown') {
    if (!changes.length) return '**Access:** nobody gains or loses any action.\n';
    return `**Access:** ${people.size} ${people.size === 1 ? 'person changes' : 'people change'}; nobody else.\n\n${changes.map((c) => `- ${changeLine(c, mdText)}`).join('\n')}\n`;
  }
  if (!changes.length) return 'access: nobody gains or loses any action\n';
  return `access:\n${changes.map((c) => `  ${changeLine(c, t)}`).join('\n')}\n  nobody else changes\n`;
}
