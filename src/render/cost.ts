/** `orgward cost` for a person: a table, CSV, JSON, or one HTML page with a bar per row. */
import type { CostReport, CostRow } from '../model/cost.js';
import { csvCell, esc, termText as t } from './escape.js';
import { textTable } from './root.js';

export const COST_FORMATS = ['table', 'csv', 'json', 'html'] as const;
export type CostFormat = (typeof COST_FORMATS)[number];

const money = (amount: number) =>
  amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function changeText(row: Pick<CostRow, 'change'>): string {
  if (!row.change) return '-';
  const { amount, percent } = row.change;
  const sign = amount > 0 ? '+' : amount < 0 ? '-' : '';
  return percent === null
    ? `${sign}${money(Math.abs(amount))}`
    : `${percent > 0 ? '+' : ''}${percent.toFixed(1)}%`;
}

function firstHeader(report: CostReport): string {
  if (report.by === 'ou') return 'OU';
  if (report.by === 'account') return 'Account';
  return `Tag ${report.by.slice(4)}`;
}

function label(row: CostRow): string {
  switch (row.kind) {
    case 'root':
      return 'Root';
    case 'ou':
      return `${'  '.repeat(row.depth)}${row.name}`;
    case 'account':
      return `${row.name} (${row.id})${row.management ? ' [management]' : ''}`;
    default:
      return row.name;
  }
}

function monthHeader(report: CostReport, month: string): string {
  return report.estimatedMonths.includes(month) ? `${month}*` : month;
}

export function costTitle(report: CostReport): string {
  const span =
    report.months.length === 1 ? report.months[0]! : `${report.months[0]!} to ${report.months.at(-1)!}`;
  const by = report.by.startsWith('tag:')
    ? `tag ${report.by.slice(4)}`
    : report.by === 'ou'
      ? 'OU'
      : 'account';
  return `Cost per ${by}, ${report.metric} in USD, ${span} (${report.months.length} month${report.months.length === 1 ? '' : 's'})`;
}

/** The sentence about the management account: its share, and what of it is workloads. */
export function managementLine(report: CostReport): string {
  const m = report.management;
  const workloads = m.services.filter((s) => s.workload);
  const top = workloads
    .slice(0, 3)
    .map((s) => `${s.service} ${money(s.amount)}`)
    .join(', ');
  const head = `${m.share.toFixed(1)}% of spend (${money(m.total)} USD) runs in the management account ${m.name} (${m.accountId})`;
  if (m.total === 0) return `No spend in the management account ${m.name} (${m.accountId}).`;
  return workloads.length === 0
    ? `${head}, all of it the organization's own services.`
    : `${head}; ${money(m.workloadTotal)} of it outside the organization's own services: ${top}${workloads.length > 3 ? ', …' : ''}.`;
}

function table(report: CostReport): string {
  const showAccounts = report.by === 'ou';
  const header = [
    firstHeader(report),
    ...(showAccounts ? ['accounts'] : []),
    ...report.months.map((m) => monthHeader(report, m)),
    'total',
    'change',
    'share',
  ];
  const rows = report.rows.map((row) => [
    t(label(row)),
    ...(showAccounts ? [String(row.accounts ?? 0)] : []),
    ...row.amounts.map(money),
    money(row.total),
    changeText(row),
    `${row.share.toFixed(1)}%`,
  ]);
  if (report.by !== 'ou')
    rows.push([
      'Total',
      ...report.total.amounts.map(money),
      money(report.total.total),
      changeText(report.total),
      '100.0%',
    ]);
  const lines = [costTitle(report), '', ...textTable(header, rows), '', t(managementLine(report))];
  if (report.estimatedMonths.length > 0)
    lines.push(`* estimated: Cost Explorer has not closed ${report.estimatedMonths.join(', ')} yet`);
  lines.push(
    `Cost Explorer: ${report.calls} request${report.calls === 1 ? '' : 's'} (${money(report.calls * 0.01)} USD)`,
  );
  return `${lines.join('\n')}\n`;
}

function csv(report: CostReport): string {
  const header = ['kind', 'id', 'name', 'path', ...report.months, 'total', 'change_percent', 'share_percent'];
  const lines = report.rows.map((row) =>
    [
      row.kind,
      csvCell(row.id),
      csvCell(row.name),
      csvCell(row.path),
      ...row.amounts.map((a) => a.toFixed(2)),
      row.total.toFixed(2),
      row.change?.percent === null || row.change === null ? '' : row.change.percent.toFixed(1),
      row.share.toFixed(1),
    ].join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

function html(report: CostReport): string {
  const max = Math.max(0.01, ...report.rows.filter((r) => r.kind !== 'root').map((r) => r.total));
  const rows = report.rows
    .map((row) => {
      const width = row.kind === 'root' ? 100 : Math.round((row.total / max) * 100);
      const cls = row.management ? ' class="management"' : '';
      return `<tr${cls}><td style="padding-left:${0.5 + row.depth * 1.2}em">${esc(label(row).trim())}</td>${row.amounts
        .map((a) => `<td class="n">${money(a)}</td>`)
        .join(
          '',
        )}<td class="n">${money(row.total)}</td><td class="n">${esc(changeText(row))}</td><td class="n">${row.share.toFixed(1)}%</td><td class="bar"><span style="width:${width}%"></span></td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>orgward · ${esc(costTitle(report))}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}td.bar{width:12em}td.bar span{display:block;height:.8em;background:#4a7bd0}tr.management td{background:#fff4e0}</style>
</head><body>
<h1>${esc(costTitle(report))}</h1>
<p id="management">${esc(managementLine(report))}</p>
<table id="cost"><thead><tr><th>${esc(firstHeader(report))}</th>${report.months
    .map((m) => `<th>${esc(monthHeader(report, m))}</th>`)
    .join('')}<th>total</th><th>change</th><th>share</th><th></th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p>Cost Explorer: ${report.calls} requests. Generated ${esc(report.generatedAt)}.</p>
</body></html>
`;
}

export function renderCost(report: CostReport, format: CostFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return csv(report);
    case 'html':
      return html(report);
    default:
      return table(report);
  }
}
