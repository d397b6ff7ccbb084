/**
 * The audit as one self-contained HTML file: a summary header, filters (severity, OU, check), a matrix of
 * accounts (grouped by OU) × baseline items coloured by the worst status, the findings list and a page per
 * finding with why it matters and how to fix it. Inline CSS and JS only; a Content-Security-Policy forbids
 * any fetch. The result is embedded as JSON; every piece of data is escaped.
 */
import { esc } from '../escape.js';
import {
  BASELINE_ITEMS,
  SEVERITIES,
  type AuditResult,
  type BaselineItem,
  type Status,
} from '../../audit/types.js';
import { clientScript, scriptJson, STATUS_SYMBOL } from './html-script.js';
import { STYLE } from './html-style.js';

import {
  accountRows,
  costLine,
  formatScore,
  itemsOf,
  ouLabel,
  ouRows,
  plural,
  STATUS_LABEL,
  STATUS_RANK,
  type Cell,
  type Row,
  when,
} from './shared.js';

export interface HtmlOptions {
  /** Page title (default `orgward audit · <organization id>`). */
  title?: string;
}

export { esc };

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

function describe(counts: Record<Status, number>): string {
  return (Object.keys(STATUS_RANK) as Status[])
    .filter((s) => counts[s])
    .map((s) => `${counts[s]} ${STATUS_LABEL[s]}`)
    .join(', ');
}

function header(result: AuditResult, accounts: number): string {
  const c = result.summary.counts;
  const cost = costLine(result);
  const meta = [
    `management account ${result.managementAccountId}`,
    plural(accounts, 'account'),
    `${plural(result.regions.length, 'region')} (${result.regions.join(', ')})`,
    `generated ${when(result.generatedAt)}`,
    ...(cost ? [cost] : []),
  ];
  const counts = (Object.keys(STATUS_RANK) as Status[])
    .map((s) => `<li class="s-${s}"><b>${c[s]}</b> ${STATUS_LABEL[s]}</li>`)
    .join('');
  return `<header>
<div><h1>orgward audit <span>${esc(result.organizationId)}</span></h1>
<p class="meta">${esc(meta.join(' · '))}</p></div>
<p class="score" aria-label="Score ${formatScore(result.summary.score)}">${formatScore(result.summary.score)}<small>severity-weighted score</small></p>
<ul class="counts" aria-label="Findings by status">${counts}</ul>
</header>`;
}

function filters(result: AuditResult, ous: Row[]): string {
  const severities = SEVERITIES.map(
    (s) => `<label><input type="checkbox" name="severity" value="${s}" checked> ${s}</label>`,
  ).join(' ');
  const ouOptions = [...ous]
    .filter((o) => o.key)
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((o) => `<option value="${esc(o.key)}">${esc(o.key)}</option>`)
    .join('');
  const checkOptions = result.checks
    .map((c) => `<option value="${esc(c.id)}">${esc(`${c.id} · ${c.title}`)}</option>`)
    .join('');
  return `<section class="filters" aria-labelledby="filters-h">
<h2 id="filters-h" class="sr-only">Filters</h2>
<fieldset><legend>Severity</legend>${severities}</fieldset>
<div class="field"><label for="f-ou">OU</label><select id="f-ou"><option value="*">All OUs</option><option value="">Root (accounts directly under it)</option>${ouOptions}</select></div>
<div class="field"><label for="f-check">Check</label><select id="f-check"><option value="*">All checks</option>${checkOptions}</select></div>
<label><input type="checkbox" id="f-problems"> Only accounts with open findings</label>
<button type="button" class="btn" id="f-reset">Reset filters</button>
<p class="status-line" id="status-line" role="status" aria-live="polite"></p>
</section>`;
}

function cell(row: Row, item: BaselineItem, c: Cell | undefined): string {
  if (!c?.worst) return `<td class="empty" data-item="${item}">·</td>`;
  const accountLabel = `${row.name} (${row.key})`;
  const label = `${BASELINE_ITEMS[item]} for ${accountLabel}: ${describe(c.counts)}`;
  return `<td><button type="button" class="cell s-${c.worst}" aria-pressed="false" data-account="${esc(row.key)}" data-item="${item}" data-item-label="${esc(BASELINE_ITEMS[item])}" data-account-label="${esc(accountLabel)}" aria-label="${esc(label)}" title="${esc(describe(c.counts))}">${STATUS_SYMBOL[c.worst]} ${c.counts[c.worst]}</button></td>`;
}

function matrix(result: AuditResult, accounts: Row[], ous: Row[]): string {
  const items = itemsOf(result);
  const ouScore = new Map(ous.map((o) => [o.key, o.total.score]));
  const groups = [...new Set(accounts.map((a) => a.ouPath))].sort((a, b) => a.localeCompare(b));
  const head = items.map((i) => `<th scope="col" data-item="${i}">${esc(BASELINE_ITEMS[i])}</th>`).join('');
  const legend = (Object.keys(STATUS_RANK) as Status[])
    .map((s) => `<li class="s-${s}">${STATUS_SYMBOL[s]} ${STATUS_LABEL[s]}</li>`)
    .join('');
  const bodies = groups.map((path) => {
    const rows = accounts
      .filter((a) => a.ouPath === path)
      .map(
        (a) =>
          `<tr data-account="${esc(a.key)}"><th scope="row">${esc(a.name)}<span class="id">${esc(a.key)}</span></th><td class="total">${formatScore(a.total.score)}</td>${items.map((i) => cell(a, i, a.items[i])).join('')}</tr>`,
      );
    const score = path ? ouScore.get(path) : undefined;
    return `<tbody data-ou="${esc(path)}"><tr class="ou"><th scope="colgroup" colspan="${items.length + 2}">${esc(ouLabel(path))}${score !== undefined ? `<span class="ou-score">OU score ${formatScore(score)}</span>` : ''}</th></tr>
${rows.join('\n')}</tbody>`;
  });
  return `<section id="matrix" aria-labelledby="matrix-h">
<h2 id="matrix-h">Accounts × baseline items</h2>
<ul class="legend" aria-label="Cell colours: the worst status in the cell, with its count">${legend}</ul>
<table class="matrix">
<caption class="sr-only">Worst status per account and baseline item; choose a cell to list its findings</caption>
<thead><tr><th scope="col">Account</th><th scope="col">Score</th>${head}</tr></thead>
${bodies.join('\n')}
</table>
</section>`;
}

function findingsSection(): string {
  const statuses = (Object.keys(STATUS_RANK) as Status[])
    .map(
      (s) =>
        `<label><input type="checkbox" name="list-status" value="${s}"${['FAIL', 'UNKNOWN', 'WARN'].includes(s) ? ' checked' : ''}> ${STATUS_LABEL[s]}</label>`,
    )
    .join(' ');
  return `<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h" tabindex="-1">Findings <span id="list-count"></span></h2>
<p class="selection" id="selection" hidden><span id="selection-text"></span> <button type="button" class="btn" id="clear-selection">Show all findings</button></p>
<fieldset class="list-statuses" id="list-statuses"><legend>The list shows</legend>${statuses}</fieldset>
<noscript><p>The filters, the findings list and the finding pages need JavaScript; the matrix above shows the whole result.</p></noscript>
<table class="findings">
<thead><tr><th scope="col">Status</th><th scope="col">Severity</th><th scope="col">Check</th><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Message</th></tr></thead>
<tbody id="finding-rows"></tbody>
</table>
<p id="more" hidden><button type="button" class="btn" id="more-button"></button></p>
</section>`;
}

function expired(result: AuditResult): string {
  if (!result.expiredSuppressions.length) return '';
  const rows = result.expiredSuppressions
    .map((s) => `<tr><td>${esc(s.check)}</td><td>${esc(s.reason)}</td><td>${esc(s.expires)}</td></tr>`)
    .join('');
  return `<section aria-labelledby="expired-h">
<h2 id="expired-h">Expired suppressions</h2>
<p>These no longer apply: the findings they muted count again.</p>
<table class="expired"><thead><tr><th scope="col">Check</th><th scope="col">Reason</th><th scope="col">Expired</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

const DIALOG = `<dialog id="detail" aria-labelledby="d-title">
<form method="dialog"><button type="submit" class="btn close" id="d-close">Close</button></form>
<p><span id="d-status"></span> <span class="badge s-NOT_APPLICABLE" id="d-severity"></span> <span class="badge s-MUTED" id="d-check"></span></p>
<h2 id="d-title"></h2>
<dl id="d-facts"></dl>
<h3>What was found</h3><p id="d-message"></p>
<h3>Why it matters</h3><p id="d-why"></p>
<h3>How to fix</h3><p id="d-fix"></p>
</dialog>`;

export function renderAuditHtml(result: AuditResult, options: HtmlOptions = {}): string {
  const accounts = accountRows(result);
  const ous = ouRows(result);
  const title = options.title ?? `orgward audit · ${result.organizationId}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#matrix">Skip to the matrix</a>
${header(result, accounts.length)}
<main>
${filters(result, ous)}
${matrix(result, accounts, ous)}
${findingsSection()}
${expired(result)}
</main>
${DIALOG}
<script type="application/json" id="audit-result">${scriptJson(result)}</script>
<script>${clientScript()}</script>
</body>
</html>
`;
}
