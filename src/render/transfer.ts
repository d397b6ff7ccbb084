/**
 * A transfer plan as text (terminal), Markdown (the ticket), HTML (one self-contained page, no script)
 * and the results of execute and verify. Pure: data in, text out. JSON is the plan itself.
 */
import type { AccountTransfer, Blocker, Change, RunbookStep, TransferPlan } from '../model/transfer.js';
import { esc } from './audit/html.js';
import { mdText, termText } from './escape.js';

export const TRANSFER_FORMATS = ['text', 'md', 'json', 'html'] as const;
export type TransferFormat = (typeof TRANSFER_FORMATS)[number];

const PATH_NAMES = {
  direct: 'direct transfer',
  standalone: 'classic (standalone) path',
  billing: 'billing transfer',
};
const EFFECT_MARKS = { loses: '−', gains: '+', keeps: '=', risk: '!' } as const;
const WHO = {
  'source-admin': 'source admin',
  'destination-admin': 'destination admin',
  'account-owner': 'account owner',
  reseller: 'reseller',
  human: 'a person',
} as const;

const ouName = (ou: string) => (ou === '' ? 'the root' : ou);

function headline(plan: TransferPlan): string {
  return `Move ${plan.accounts.length} account(s) from ${plan.source.organizationId} to ${plan.destination.organizationId} by ${PATH_NAMES[plan.path]}`;
}

function counts(account: AccountTransfer): string {
  const fail = account.blockers.filter((b) => b.status === 'FAIL').length;
  const unknown = account.blockers.filter((b) => b.status === 'UNKNOWN').length;
  const risks = account.changes.filter((c) => c.effect === 'risk').length;
  return `${fail} blocker(s) failing, ${unknown} unknown, ${risks} risk(s)`;
}

// Text ---------------------------------------------------------------------------------------------

function textBlocker(b: Blocker): string[] {
  const lines = [`  ${b.status.padEnd(7)} ${termText(b.title)}`, `          ${termText(b.evidence)}`];
  if (b.fix && b.status !== 'PASS') lines.push(`          fix: ${termText(b.fix)}`);
  return lines;
}

function textChange(c: Change): string[] {
  return [
    `  ${EFFECT_MARKS[c.effect]} [${c.area}] ${termText(c.summary)}`,
    ...(c.detail ?? []).map((d) => `      ${termText(d)}`),
  ];
}

function textStep(s: RunbookStep, i: number): string[] {
  const how = s.automated ? 'orgward' : 'by hand';
  return [
    `  ${String(i + 1).padStart(2)}. ${termText(s.title)}  (${WHO[s.who]}, ${how}${s.gate ? ', gate' : ''}, ${s.duration})`,
    ...(s.calls.length ? [`      calls: ${s.calls.map(termText).join('; ')}`] : []),
    ...(s.detail ? [`      ${termText(s.detail)}`] : []),
  ];
}

/** The plan for a terminal. */
export function renderTransferText(plan: TransferPlan): string {
  const lines = [headline(plan), termText(plan.why), ''];
  for (const account of plan.accounts) {
    lines.push(
      `${termText(account.accountName)} (${account.accountId}): ${termText(account.sourcePath || 'root')} → ${termText(ouName(account.destinationOu))} — ${counts(account)}`,
      '',
      'Blockers',
      ...account.blockers.flatMap(textBlocker),
      '',
      'What changes at acceptance',
      ...account.changes.flatMap(textChange),
      '',
      'Runbook',
      ...account.runbook.flatMap(textStep),
      '',
    );
  }
  lines.push(...plan.notes.map(termText));
  return `${lines.join('\n').trimEnd()}\n`;
}

// Markdown -----------------------------------------------------------------------------------------

const mdCell = (text: string) => mdText(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The plan as Markdown, for the ticket or the pull request. */
export function renderTransferMarkdown(plan: TransferPlan): string {
  const out = [`# ${mdText(headline(plan))}`, '', mdText(plan.why), ''];
  for (const account of plan.accounts) {
    out.push(
      `## ${mdText(account.accountName)} (${account.accountId})`,
      '',
      `From \`${account.sourcePath || 'root'}\` to \`${ouName(account.destinationOu)}\`: ${counts(account)}.`,
      '',
      '### Blockers',
      '',
      '| Status | Check | Evidence | Fix |',
      '|---|---|---|---|',
      ...account.blockers.map(
        (b) =>
          `| ${b.status === 'PASS' ? '✅' : b.status === 'FAIL' ? '❌' : '❔'} ${b.status} | ${mdCell(b.title)} | ${mdCell(b.evidence)} | ${b.status === 'PASS' ? '' : mdCell(b.fix ?? '')} |`,
      ),
      '',
      '### What changes at acceptance',
      '',
      ...account.changes.flatMap((c) => [
        `- **${c.effect}** (${c.area}): ${mdText(c.summary)}`,
        ...(c.detail ?? []).map((d) => `  - ${mdText(d)}`),
      ]),
      '',
      '### Runbook',
      '',
      '| # | Step | Who | Runs | Calls | Duration |',
      '|---|---|---|---|---|---|',
      ...account.runbook.map(
        (s, i) =>
          `| ${i + 1} | ${mdCell(s.title)}${s.detail ? `<br>${mdCell(s.detail)}` : ''} | ${WHO[s.who]} | ${s.automated ? 'orgward' : 'by hand'}${s.gate ? ' (gate)' : ''} | ${s.calls.map((c) => `\`${c.replace(/[`|]/g, '')}\``).join('<br>')} | ${mdCell(s.duration)} |`,
      ),
      '',
    );
  }
  if (plan.notes.length) out.push('## Notes', '', ...plan.notes.map((n) => `- ${mdText(n)}`), '');
  return `${out.join('\n').trimEnd()}\n`;
}

// HTML ---------------------------------------------------------------------------------------------

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.PASS{color:#1a7f37}.FAIL{color:#cf222e;font-weight:600}.UNKNOWN{color:#9a6700}
li.risk{color:#cf222e}li.loses{color:#57606a}li.gains{color:#1a7f37}code{font-size:.85em}`;

function htmlAccount(account: AccountTransfer): string {
  const blockers = account.blockers
    .map(
      (b) =>
        `<tr><td class="${b.status}">${b.status}</td><td>${esc(b.title)}</td><td>${esc(b.evidence)}</td><td>${b.status === 'PASS' ? '' : esc(b.fix ?? '')}</td></tr>`,
    )
    .join('');
  const changes = account.changes
    .map(
      (c) =>
        `<li class="${c.effect}" data-area="${c.area}"><strong>${c.effect}</strong> ${esc(c.summary)}${
          c.detail?.length ? `<ul>${c.detail.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : ''
        }</li>`,
    )
    .join('');
  const steps = account.runbook
    .map(
      (s, i) =>
        `<tr data-step="${esc(s.id)}"><td>${i + 1}</td><td>${esc(s.title)}${s.detail ? `<br><small>${esc(s.detail)}</small>` : ''}</td><td>${WHO[s.who]}</td><td>${s.automated ? 'orgward' : 'by hand'}${s.gate ? ' (gate)' : ''}</td><td>${s.calls.map((c) => `<code>${esc(c)}</code>`).join('<br>')}</td><td>${esc(s.duration)}</td></tr>`,
    )
    .join('');
  return `<section data-account="${esc(account.accountId)}"><h2>${esc(account.accountName)} (${esc(account.accountId)})</h2>
<p>From <code>${esc(account.sourcePath || 'root')}</code> to <code>${esc(ouName(account.destinationOu))}</code>: ${esc(counts(account))}.</p>
<h3>Blockers</h3><table class="blockers"><tr><th>Status</th><th>Check</th><th>Evidence</th><th>Fix</th></tr>${blockers}</table>
<h3>What changes at acceptance</h3><ul class="changes">${changes}</ul>
<h3>Runbook</h3><table class="runbook"><tr><th>#</th><th>Step</th><th>Who</th><th>Runs</th><th>Calls</th><th>Duration</th></tr>${steps}</table></section>`;
}

/** The plan as one HTML page (no script, no external resource). */
export function renderTransferHtml(plan: TransferPlan): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(headline(plan))}</title><style>${STYLE}</style></head><body>
<h1>${esc(headline(plan))}</h1><p>${esc(plan.why)}</p>
${plan.accounts.map(htmlAccount).join('\n')}
${plan.notes.length ? `<h2>Notes</h2><ul>${plan.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}

export function renderTransfer(plan: TransferPlan, format: TransferFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(plan, null, 2)}\n`;
    case 'md':
      return renderTransferMarkdown(plan);
    case 'html':
      return renderTransferHtml(plan);
    case 'text':
      return renderTransferText(plan);
  }
}

// Execute and verify -------------------------------------------------------------------------------

export interface RunView {
  outcomes: ReadonlyArray<
    | { op: { id: string; summary: string }; status: 'done'; note?: string }
    | { op: { id: string; summary: string }; status: 'failed'; error: unknown }
    | { op: { id: string; summary: string }; status: 'skipped'; reason: string }
  >;
  waiting: ReadonlyArray<{ accountId: string; step: string; message: string; hint: string | undefined }>;
  done: number;
  failed: number;
  skipped: number;
  calls: number;
}

/** What execute did, step by step, and what it waits for. */
export function renderTransferRun(run: RunView): string {
  const waiting = new Set(run.waiting.map((w) => `${w.accountId}:${w.step}`));
  const lines: string[] = [];
  for (const o of run.outcomes) {
    const summary = termText(o.op.summary);
    if (o.status === 'done') lines.push(`  ✓ ${summary}${o.note ? ` (${termText(o.note)})` : ''}`);
    else if (o.status === 'skipped') lines.push(`  · ${summary}: not started (${termText(o.reason)})`);
    else if (waiting.has(o.op.id)) {
      const w = run.waiting.find((x) => `${x.accountId}:${x.step}` === o.op.id)!;
      lines.push(
        `  ⏸ ${summary}`,
        `      ${termText(w.message)}`,
        ...(w.hint ? [`      → ${termText(w.hint)}`] : []),
      );
    } else {
      const error = o.error as { message?: string; hint?: string };
      lines.push(
        `  ✗ ${summary}: ${termText(error.message ?? String(o.error))}`,
        ...(error.hint ? [`      → ${termText(error.hint)}`] : []),
      );
    }
  }
  lines.push(
    '',
    `${run.done} done, ${run.waiting.length} waiting for a person, ${run.failed} failed, ${run.skipped} not started; ${run.calls} AWS calls`,
  );
  return `${lines.join('\n')}\n`;
}

export interface VerificationView {
  accounts: ReadonlyArray<{
    accountId: string;
    accountName: string;
    items: ReadonlyArray<{ status: 'done' | 'left'; summary: string }>;
  }>;
  references: ReadonlyArray<{ status: 'done' | 'left'; summary: string }>;
  left: number;
  calls: number;
}

/** What of the plan is done and what is left. */
export function renderVerification(v: VerificationView): string {
  const mark = (status: 'done' | 'left') => (status === 'done' ? '✓' : '✗');
  const lines: string[] = [];
  for (const account of v.accounts) {
    lines.push(`${termText(account.accountName)} (${account.accountId})`);
    lines.push(...account.items.map((i) => `  ${mark(i.status)} ${termText(i.summary)}`));
  }
  if (v.references.length) {
    lines.push('Resource policies');
    lines.push(...v.references.map((i) => `  ${mark(i.status)} ${termText(i.summary)}`));
  }
  lines.push('', `${v.left === 0 ? 'nothing' : v.left} left from the plan; ${v.calls} AWS calls`);
  return `${lines.join('\n')}\n`;
}
