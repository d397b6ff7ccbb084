/** A plan for people: text for a terminal, Markdown for a pull-request comment. */
import { isDestructive, type Operation } from '../plan/operations.js';
import type { Plan } from '../plan/plan.js';
import { mdText, termText } from './escape.js';

/** How an untrusted value (a name, a summary built from names, a note) goes into the output. */
type Escape = (value: string) => string;

const SIGN: Record<Operation['impact'], string> = { create: '+', update: '~', delete: '-', replace: '±' };

function headline(plan: Plan): string {
  const { create, update, delete: del, replace } = plan.summary;
  if (plan.summary.total === 0) return 'No changes: the organization matches the file.';
  const parts = [
    `${create} to create`,
    `${update} to update`,
    `${del} to delete`,
    ...(replace ? [`${replace} to replace`] : []),
  ];
  return `Plan: ${parts.join(', ')}.`;
}

function listAccounts(accounts: string[], e: Escape, max = 5): string {
  const shown = accounts.slice(0, max).map(e).join(', ');
  return accounts.length > max ? `${shown} and ${accounts.length - max} more` : shown;
}

function accessLines(plan: Plan, e: Escape): string[] {
  return plan.access.map(
    (a) =>
      `${a.principal.type === 'USER' ? 'user' : 'group'} ${e(a.principal.name)} ${e(a.change)} ${e(a.permissionSet)} on ${a.accounts.length} account${a.accounts.length === 1 ? '' : 's'}: ${listAccounts(a.accounts, e)}`,
  );
}

/** A policy type (`SERVICE_CONTROL_POLICY`) is AWS's word and shown as it is; anything else is escaped. */
function policyLines(plan: Plan, e: Escape): string[] {
  return plan.policies.map(
    (p) =>
      `${e(p.policy)} (${/^[A-Z_]+$/.test(p.policyType) ? p.policyType : e(p.policyType)}) ${e(p.change)} ${p.change === 'attached' ? 'to' : 'from'} ${e(p.target)}`,
  );
}

export function renderPlanText(plan: Plan): string {
  const lines = [headline(plan)];
  if (plan.operations.length > 0) {
    lines.push('');
    for (const op of plan.operations) lines.push(`  ${SIGN[op.impact]} ${termText(op.summary)}`);
  }
  const access = accessLines(plan, termText);
  if (access.length) lines.push('', 'Access:', ...access.map((l) => `  ${l}`));
  const policies = policyLines(plan, termText);
  if (policies.length) lines.push('', 'Policies:', ...policies.map((l) => `  ${l}`));
  const destructive = plan.operations.filter(isDestructive);
  if (destructive.length)
    lines.push(
      '',
      `${destructive.length} destructive operation${destructive.length === 1 ? '' : 's'} (marked -): apply asks before running them.`,
    );
  if (plan.notes.length) lines.push('', 'Notes:', ...plan.notes.map((n) => `  - ${termText(n)}`));
  return lines.join('\n');
}

/** The plain-language part of a plan: totals, who gains or loses access, which policies move. */
export function renderPlanSummary(plan: Plan): string {
  const lines = [headline(plan)];
  const access = accessLines(plan, termText);
  if (access.length) lines.push('', 'Access:', ...access.map((l) => `  ${l}`));
  const policies = policyLines(plan, termText);
  if (policies.length) lines.push('', 'Policies:', ...policies.map((l) => `  ${l}`));
  const destructive = plan.operations.filter(isDestructive).length;
  if (destructive) lines.push('', `${destructive} destructive operation${destructive === 1 ? '' : 's'}.`);
  return lines.join('\n');
}

export function renderPlanMarkdown(plan: Plan): string {
  const lines = [`### orgward plan`, '', `**${headline(plan)}**`];
  if (plan.operations.length > 0) {
    lines.push('', '| | change |', '|---|---|');
    for (const op of plan.operations) lines.push(`| \`${SIGN[op.impact]}\` | ${mdText(op.summary)} |`);
  }
  const access = accessLines(plan, mdText);
  if (access.length) lines.push('', '#### Who gains or loses access', '', ...access.map((l) => `- ${l}`));
  const policies = policyLines(plan, mdText);
  if (policies.length) lines.push('', '#### Policies', '', ...policies.map((l) => `- ${l}`));
  const destructive = plan.operations.filter(isDestructive);
  if (destructive.length)
    lines.push(
      '',
      `> **${destructive.length} destructive operation${destructive.length === 1 ? '' : 's'}** (\`-\`): review before merging.`,
    );
  if (plan.notes.length)
    lines.push(
      '',
      '<details><summary>Notes</summary>',
      '',
      ...plan.notes.map((n) => `- ${mdText(n)}`),
      '',
      '</details>',
    );
  return lines.join('\n');
}
