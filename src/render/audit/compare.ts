/** A comparison of two audit runs (src/audit/compare.ts) as terminal text and as Markdown. */
import type { AuditComparison, FindingChange, ScoreChange } from '../../audit/compare.js';
import type { Status } from '../../audit/types.js';
import { mdText, STATUS_MARK } from './markdown.js';
import { formatScore, isOpen, plural, when } from './shared.js';
import { clip } from './table.js';
import { termLine } from '../escape.js';

export interface CompareOptions {
  /** Findings listed per section before the rest is counted (default 20 for text, 50 for Markdown). */
  maxPerSection?: number;
  /** ANSI colours in the text form (default off). */
  color?: boolean;
}

function delta(d: number | null): string {
  if (d === null) return '';
  return d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '±0';
}

function scoreText(s: ScoreChange): string {
  return `${formatScore(s.before)} → ${formatScore(s.after)}${s.delta !== null ? ` (${delta(s.delta)})` : ''}`;
}

const short = (s: Status) => (s === 'NOT_APPLICABLE' ? 'N/A' : s);

function transition(c: FindingChange, marks = false): string {
  const side = (s: Status | undefined, none: string) =>
    s ? `${marks ? `${STATUS_MARK[s]} ` : ''}${short(s)}` : none;
  return `${side(c.before, 'new')} → ${side(c.after, 'gone')}`;
}

/** New findings worth a look (open ones); gone ones that were open. Passing newcomers are only counted. */
function notable(c: AuditComparison) {
  const newOpen = c.new.filter((f) => f.after && isOpen(f.after));
  const goneOpen = c.gone.filter((f) => f.before && isOpen(f.before));
  return { newOpen, goneOpen };
}

function headline(c: AuditComparison): string {
  return [
    plural(c.worse.length, 'worse', 'worse'),
    plural(c.better.length, 'better', 'better'),
    `${c.new.length} new`,
    `${c.gone.length} gone`,
    `${c.changed.length} changed otherwise`,
    `${c.unchanged} unchanged`,
  ].join(' · ');
}

const SECTIONS = [
  ['worse', 'Worse'],
  ['better', 'Better'],
  ['newOpen', 'New open findings'],
  ['goneOpen', 'Open findings no longer reported'],
  ['changed', 'Changed otherwise'],
] as const;

function sections(c: AuditComparison): Array<{ title: string; list: FindingChange[] }> {
  const lists = { ...notable(c), worse: c.worse, better: c.better, changed: c.changed };
  return SECTIONS.map(([k, title]) => ({ title, list: lists[k] })).filter((s) => s.list.length);
}

export function renderComparisonText(c: AuditComparison, options: CompareOptions = {}): string {
  const max = options.maxPerSection ?? 20;
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = [
    paint(
      '1',
      `Compared with the audit of ${termLine(when(c.older.generatedAt))}: score ${scoreText(c.score)}`,
    ),
    headline(c),
  ];
  if (c.older.organizationId !== c.newer.organizationId)
    lines.push(
      `Note: the runs are of different organizations (${termLine(c.older.organizationId)}, ${termLine(c.newer.organizationId)}).`,
    );
  for (const { title, list } of sections(c)) {
    lines.push('', paint('1', `${title} (${list.length})`));
    for (const f of list.slice(0, max)) {
      const code = title === 'Better' ? '32' : title === 'Worse' || title.startsWith('New') ? '31' : '0';
      lines.push(
        paint(
          code,
          clip(
            `  ${transition(f).padEnd(16)} ${termLine(f.severity).padEnd(8)} ${termLine(f.check).padEnd(7)}  ${termLine(f.accountName)} (${termLine(f.accountId)}) · ${termLine(f.region)}`,
            100,
          ),
        ),
        clip(`      ${f.resource ? `${termLine(f.resource)}: ` : ''}${termLine(f.message)}`, 100),
      );
    }
    if (list.length > max) lines.push(`  … ${list.length - max} more`);
  }
  const moved = c.accounts.filter((a) => a.delta);
  if (moved.length) {
    lines.push('', paint('1', 'Account scores that moved, biggest drop first'));
    for (const a of moved.slice(0, max))
      lines.push(`  ${clip(termLine(`${a.name} (${a.key})`), 40).padEnd(40)} ${scoreText(a)}`);
    if (moved.length > max) lines.push(`  … ${moved.length - max} more`);
  }
  return `${lines.join('\n')}\n`;
}

function mdTable(list: FindingChange[]): string[] {
  return [
    '| Change | Severity | Check | Account | Region | Message |',
    '|---|---|---|---|---|---|',
    ...list.map(
      (f) =>
        `| ${transition(f, true)} | ${mdText(f.severity)} | ${mdText(f.check)} | ${mdText(`${f.accountName} (${f.accountId})`)} | ${mdText(f.region)} | ${mdText(`${f.resource ? `${f.resource}: ` : ''}${f.message}`)} |`,
    ),
  ];
}

export function renderComparisonMarkdown(c: AuditComparison, options: CompareOptions = {}): string {
  const max = options.maxPerSection ?? 50;
  const lines = [
    `### Compared with the audit of ${mdText(when(c.older.generatedAt))}`,
    '',
    `**Score ${scoreText(c.score)}** · ${headline(c)}`,
  ];
  if (c.older.organizationId !== c.newer.organizationId)
    lines.push(
      '',
      `> The runs are of different organizations (${mdText(c.older.organizationId)}, ${mdText(c.newer.organizationId)}).`,
    );
  for (const { title, list } of sections(c)) {
    const table = mdTable(list.slice(0, max));
    const more = list.length > max ? ['', `… and ${list.length - max} more.`] : [];
    lines.push('', `#### ${title} (${list.length})`, '');
    if (title === 'Worse' || title.startsWith('New')) lines.push(...table, ...more);
    else
      lines.push(
        '<details>',
        `<summary>${plural(list.length, 'finding')}</summary>`,
        '',
        ...table,
        ...more,
        '',
        '</details>',
      );
  }
  const moved = c.accounts.filter((a) => a.delta);
  if (moved.length)
    lines.push(
      '',
      '#### Account scores that moved',
      '',
      '| Account | Before | After | Change |',
      '|---|--:|--:|--:|',
      ...moved
        .slice(0, max)
        .map(
          (a) =>
            `| ${mdText(`${a.name} (${a.key})`)} | ${formatScore(a.before)} | ${formatScore(a.after)} | ${delta(a.delta)} |`,
        ),
    );
  return `${lines.join('\n')}\n`;
}
