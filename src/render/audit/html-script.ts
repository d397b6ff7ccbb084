/**
 * The HTML report's script: filters, cell selection, the findings list and the finding page (a dialog
 * addressed as `#finding-<index>`). Plain browser JavaScript that reads the embedded result and writes
 * every piece of data with textContent, never as markup.
 */
import { BASELINE_ITEMS, SEVERITIES, SEVERITY_WEIGHT } from '../../audit/types.js';
import { OPEN, SEVERITY_RANK, STATUS_LABEL, STATUS_RANK } from './shared.js';

/** Status symbols shown beside colours so that a status never depends on colour alone. */
export const STATUS_SYMBOL = {
  FAIL: '✗',
  UNKNOWN: '?',
  WARN: '!',
  MUTED: '~',
  PASS: '✓',
  NOT_APPLICABLE: '–',
} as const;

/** JSON that is safe inside a <script> element (no `</script`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const CONSTANTS = {
  rank: STATUS_RANK,
  sevRank: SEVERITY_RANK,
  label: STATUS_LABEL,
  symbol: STATUS_SYMBOL,
  weight: SEVERITY_WEIGHT,
  severities: SEVERITIES,
  open: OPEN,
  items: BASELINE_ITEMS,
  page: 200,
};

const CLIENT = String.raw`
'use strict';
const data = JSON.parse(document.getElementById('audit-result').textContent);
const findings = data.findings;
const meta = new Map(data.checks.map((c) => [c.id, c]));
const $ = (id) => document.getElementById(id);
const itemOf = (f) => (meta.get(f.check) || {}).item;
const isOpen = (s) => C.open.includes(s);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}
function compare(a, b) {
  return C.rank[a.status] - C.rank[b.status] || C.sevRank[a.severity] - C.sevRank[b.severity] ||
    a.check.localeCompare(b.check) || a.accountName.localeCompare(b.accountName) ||
    a.region.localeCompare(b.region) || (a.resource || '').localeCompare(b.resource || '');
}
function push(map, key, i) { (map.get(key) || map.set(key, []).get(key)).push(i); }

const order = findings.map((_, i) => i).sort((a, b) => compare(findings[a], findings[b]));
const byAccount = new Map();
const byCell = new Map();
findings.forEach((f, i) => { push(byAccount, f.accountId, i); push(byCell, f.accountId + '\n' + itemOf(f), i); });

const state = { sev: new Set(C.severities), ou: '*', check: '*', problems: false, list: new Set(C.open), cell: null, limit: C.page };

function matches(f) {
  if (!state.sev.has(f.severity)) return false;
  if (state.check !== '*' && f.check !== state.check) return false;
  if (state.ou === '') return f.ouPath === '';
  return state.ou === '*' || f.ouPath === state.ou || f.ouPath.startsWith(state.ou + '/');
}
function summarise(indices) {
  const counts = {};
  let worst, got = 0, total = 0;
  for (const i of indices) {
    const f = findings[i];
    counts[f.status] = (counts[f.status] || 0) + 1;
    if (!worst || C.rank[f.status] < C.rank[worst]) worst = f.status;
    if (f.status === 'PASS' || f.status === 'WARN' || f.status === 'FAIL') {
      const w = C.weight[f.severity];
      total += w;
      got += f.status === 'PASS' ? w : f.status === 'WARN' ? w / 2 : 0;
    }
  }
  return { counts, worst, score: total ? Math.round((100 * got) / total) : null };
}
function describe(counts) {
  return Object.keys(C.rank).filter((s) => counts[s]).map((s) => counts[s] + ' ' + C.label[s]).join(', ');
}
function paintCell(button, indices) {
  const { counts, worst } = summarise(indices);
  const where = button.dataset.itemLabel + ' for ' + button.dataset.accountLabel;
  button.className = 'cell ' + (worst ? 's-' + worst : 'none');
  button.disabled = !worst;
  button.textContent = worst ? C.symbol[worst] + ' ' + counts[worst] : '·';
  button.setAttribute('aria-label', where + ': ' + (worst ? describe(counts) : 'no findings match the filters'));
  button.title = worst ? describe(counts) : '';
}

function update() {
  let shown = 0, rows = 0;
  for (const group of document.querySelectorAll('tbody[data-ou]')) {
    let any = false;
    for (const tr of group.querySelectorAll('tr[data-account]')) {
      rows++;
      const id = tr.dataset.account;
      const all = (byAccount.get(id) || []).filter((i) => matches(findings[i]));
      const score = summarise(all).score;
      tr.querySelector('.total').textContent = score === null ? '—' : score + '%';
      for (const b of tr.querySelectorAll('button.cell'))
        paintCell(b, (byCell.get(id + '\n' + b.dataset.item) || []).filter((i) => matches(findings[i])));
      tr.hidden = !all.length || (state.problems && !all.some((i) => isOpen(findings[i].status)));
      if (tr.hidden) continue;
      any = true;
      shown++;
    }
    group.hidden = !any;
  }
  const listed = renderList();
  $('status-line').textContent = 'Showing ' + shown + ' of ' + rows + ' accounts · ' + listed + ' in the findings list';
}

function renderList() {
  const cell = state.cell;
  const rows = order.filter((i) => {
    const f = findings[i];
    if (!matches(f)) return false;
    if (cell) return f.accountId === cell.account && itemOf(f) === cell.item;
    return state.list.has(f.status);
  });
  const body = $('finding-rows');
  body.replaceChildren(...rows.slice(0, state.limit).map(rowFor));
  if (!rows.length) body.append(el('tr', {}, el('td', { colspan: '6' }, 'No findings match the filters.')));
  const rest = rows.length - state.limit;
  $('more').hidden = rest <= 0;
  $('more-button').textContent = 'Show ' + Math.min(rest, C.page) + ' more (' + rest + ' not shown)';
  $('selection').hidden = !cell;
  if (cell) $('selection-text').textContent = 'Every finding of ' + cell.label;
  $('list-statuses').disabled = Boolean(cell);
  const n = rows.length;
  $('list-count').textContent = '(' + n + ')';
  return n + (n === 1 ? ' finding' : ' findings');
}

function rowFor(i) {
  const f = findings[i];
  const m = meta.get(f.check);
  const open = el('button', { type: 'button', class: 'link', 'data-finding': String(i) }, f.check);
  open.setAttribute('aria-label', 'Open ' + f.check + ' for ' + f.accountName + ', ' + f.region);
  if (m) open.title = m.title;
  open.addEventListener('click', () => openFinding(i, open));
  const message = el('td', {}, f.message);
  if (f.resource) message.append(el('span', { class: 'res' }, f.resource));
  return el('tr', { 'data-index': String(i) },
    el('td', {}, el('span', { class: 'badge s-' + f.status }, C.symbol[f.status] + ' ' + f.status)),
    el('td', {}, f.severity),
    el('td', {}, open),
    el('td', {}, f.accountName, el('span', { class: 'res' }, f.accountId)),
    el('td', {}, f.region),
    message);
}

let trigger = null;
function openFinding(i, from) {
  trigger = from || document.activeElement;
  if (location.hash !== '#finding-' + i) location.hash = 'finding-' + i;
  show(i);
}
function show(i) {
  const f = findings[i];
  const m = meta.get(f.check) || {};
  const compliance = m.compliance || {};
  $('d-status').className = 'badge s-' + f.status;
  $('d-status').textContent = C.symbol[f.status] + ' ' + f.status;
  $('d-severity').textContent = f.severity;
  $('d-check').textContent = f.check;
  $('d-title').textContent = m.title || f.check;
  const rows = [
    ['Account', f.accountName + ' (' + f.accountId + ')'],
    ['OU', f.ouPath || 'Root'],
    ['Region', f.region],
    ['Resource', f.resource || '—'],
    ['Baseline item', C.items[m.item] || '—'],
    ['Compliance', [compliance.cis && 'CIS ' + compliance.cis, compliance.securityHub && 'Security Hub ' + compliance.securityHub,
      compliance.prowler && 'Prowler ' + compliance.prowler].filter(Boolean).join(' · ') || '—'],
  ];
  if (f.suppressedBy) rows.push(['Muted', f.suppressedBy.reason + ' (until ' + f.suppressedBy.expires + ')']);
  $('d-facts').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  $('d-message').textContent = f.message;
  $('d-why').textContent = m.why || 'No description for this check.';
  $('d-fix').textContent = f.remediation || m.remediation || 'Nothing to fix.';
  const dialog = $('detail');
  if (!dialog.open) dialog.showModal();
  $('d-close').focus();
}
function sync() {
  const m = /^#finding-(\d+)$/.exec(location.hash);
  if (m && findings[Number(m[1])]) show(Number(m[1]));
  else if ($('detail').open) $('detail').close();
}
$('detail').addEventListener('close', () => {
  if (/^#finding-/.test(location.hash)) {
    try { history.replaceState(null, '', location.pathname + location.search); } catch (e) { /* file: may refuse */ }
  }
  if (trigger && document.contains(trigger)) trigger.focus();
  trigger = null;
});
window.addEventListener('hashchange', sync);

for (const b of document.querySelectorAll('button.cell')) {
  b.addEventListener('click', () => {
    const same = state.cell && state.cell.account === b.dataset.account && state.cell.item === b.dataset.item;
    for (const other of document.querySelectorAll('button.cell[aria-pressed=true]')) other.setAttribute('aria-pressed', 'false');
    state.cell = same ? null : { account: b.dataset.account, item: b.dataset.item, label: b.dataset.itemLabel + ' in ' + b.dataset.accountLabel };
    b.setAttribute('aria-pressed', String(!same));
    state.limit = C.page;
    renderList();
    $('findings').scrollIntoView({ block: 'start' });
    $('findings-h').focus({ preventScroll: true });
  });
}
function clearCell() {
  state.cell = null;
  for (const b of document.querySelectorAll('button.cell[aria-pressed=true]')) b.setAttribute('aria-pressed', 'false');
  renderList();
}
$('clear-selection').addEventListener('click', clearCell);

function readFilters() {
  state.sev = new Set([...document.querySelectorAll('input[name=severity]:checked')].map((i) => i.value));
  state.list = new Set([...document.querySelectorAll('input[name=list-status]:checked')].map((i) => i.value));
  state.ou = $('f-ou').value;
  state.check = $('f-check').value;
  state.problems = $('f-problems').checked;
  state.limit = C.page;
  update();
}
for (const input of document.querySelectorAll('.filters input, .filters select, #list-statuses input'))
  input.addEventListener('change', readFilters);
$('f-reset').addEventListener('click', () => {
  for (const i of document.querySelectorAll('input[name=severity]')) i.checked = true;
  $('f-ou').value = '*';
  $('f-check').value = '*';
  $('f-problems').checked = false;
  clearCell();
  readFilters();
});
$('more-button').addEventListener('click', () => { state.limit += C.page; renderList(); });

document.documentElement.classList.add('js');
update();
sync();
`;

export function clientScript(): string {
  return `(() => {\nconst C = ${scriptJson(CONSTANTS)};\n${CLIENT}})();`;
}
