/**
 * `orgward iam-users` for a person: the inventory as a table, CSV, JSON or one HTML page; the Identity
 * Center proposal with what is left for a person; a retirement plan (steps and refusals) and its run.
 */
import { stringify } from 'yaml';
import type { OperationOutcome } from '../apply/executor.js';
import type { MappingProposal } from '../iam-users/map.js';
import type { IamInventory, IamUserRecord, RetirePlan, RetireStep } from '../model/iam-users.js';
import { esc } from './audit/html.js';
import { csvCell, termText as t } from './escape.js';
import { textTable } from './root.js';

export const INVENTORY_FORMATS = ['table', 'json', 'csv', 'html'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : 'never');

function keysText(u: IamUserRecord): string {
  const active = u.accessKeys.filter((k) => k.status === 'Active').length;
  if (u.accessKeys.length === 0) return '-';
  const last = u.accessKeys
    .map((k) => k.lastUsed)
    .filter((x) => x !== null)
    .sort((a, b) => b.date.localeCompare(a.date))[0];
  return `${active}/${u.accessKeys.length} active${last ? `, ${last.service} ${day(last.date)}` : ', unused'}`;
}

function otherCredentials(u: IamUserRecord): string {
  const parts = [
    u.signingCertificates.length ? `${u.signingCertificates.length} cert` : '',
    u.sshPublicKeys.length ? `${u.sshPublicKeys.length} ssh` : '',
    u.serviceSpecificCredentials.length ? `${u.serviceSpecificCredentials.length} service` : '',
  ].filter(Boolean);
  return parts.join(', ') || '-';
}

function policiesText(u: IamUserRecord): string {
  const parts = [
    ...u.groups.map((g) => `group ${g}`),
    ...u.attachedPolicies.map((p) => p.name),
    ...u.inlinePolicies.map((p) => `inline ${p.name}`),
    ...(u.permissionsBoundary ? ['boundary'] : []),
  ];
  return parts.join(', ') || '-';
}

interface Row {
  account: string;
  user: string;
  kind: string;
  console: string;
  mfa: string;
  keys: string;
  other: string;
  access: string;
  lastActivity: string;
  state: string;
}

function rowOf(u: IamUserRecord): Row {
  return {
    account: u.accountName,
    user: u.userName,
    kind: u.classification.kind,
    console: u.password.enabled ? `yes, ${day(u.password.lastUsed)}` : 'no',
    mfa: u.mfa.length ? (u.mfa.every((m) => m.virtual) ? 'virtual' : 'hardware') : 'no',
    keys: keysText(u),
    other: otherCredentials(u),
    access: policiesText(u),
    lastActivity: day(u.classification.lastActivity),
    state: u.deactivation ? `deactivated ${day(u.deactivation.at)}` : '',
  };
}

const HEADERS: Array<[keyof Row, string]> = [
  ['account', 'ACCOUNT'],
  ['user', 'USER'],
  ['kind', 'KIND'],
  ['console', 'CONSOLE'],
  ['mfa', 'MFA'],
  ['keys', 'ACCESS KEYS'],
  ['other', 'OTHER CREDENTIALS'],
  ['access', 'GROUPS AND POLICIES'],
  ['lastActivity', 'LAST USE'],
  ['state', 'STATE'],
];

function summary(inv: IamInventory): string[] {
  const count = (kind: string) => inv.users.filter((u) => u.classification.kind === kind).length;
  const read = inv.accounts.filter((a) => a.status === 'read');
  const calls = Object.values(inv.calls).reduce((a, b) => a + b, 0);
  const viaReport = read.filter((a) => a.credentialsFrom === 'credential-report').length;
  return [
    `${inv.users.length} IAM users in ${read.length} account(s): ${count('human')} human, ${count('machine')} machine, ${count('dormant')} dormant (no use for ${inv.dormantDays} days), ${count('break-glass')} break-glass`,
    `${calls} AWS calls; credentials from ${viaReport === read.length ? 'one credential report per account' : `the credential report in ${viaReport} account(s), calls per user elsewhere`}`,
    ...inv.accounts
      .filter((a) => a.status === 'unreachable')
      .map((a) => `not read: ${t(a.accountName)} (${a.accountId}): ${t(a.error ?? '')}`),
  ];
}

function html(inv: IamInventory): string {
  const rows = inv.users
    .map(rowOf)
    .map((r) => `<tr>${HEADERS.map(([k]) => `<td>${esc(r[k])}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>orgward · IAM users</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}</style>
</head><body>
<h1>IAM users</h1>
${summary(inv)
  .map((l) => `<p>${esc(l)}</p>`)
  .join('\n')}
<table><thead><tr>${HEADERS.map(([, h]) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

export function renderInventory(inv: IamInventory, format: InventoryFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(inv, null, 2)}\n`;
    case 'csv':
      return `${[
        HEADERS.map(([, h]) => h.toLowerCase().replace(/ /g, '_')).join(','),
        ...inv.users.map(rowOf).map((r) => HEADERS.map(([k]) => csvCell(r[k])).join(',')),
      ].join('\n')}\n`;
    case 'html':
      return html(inv);
    case 'table': {
      const rows = inv.users.map(rowOf).map((r) => HEADERS.map(([k]) => t(r[k])));
      return `${[
        ...textTable(
          HEADERS.map(([, h]) => h),
          rows,
        ),
        '',
        ...summary(inv),
      ].join('\n')}\n`;
    }
  }
}

/** The proposal for a person: who moves where, what each permission set holds, what is left to a person. */
export function renderProposal(p: MappingProposal, fragment: Record<string, unknown>): string {
  const lines = [
    `Identity source: ${p.identitySource === 'external' ? 'an external identity provider (SCIM)' : 'Identity Center'}; people matched by ${p.match}`,
    '',
    'People:',
    ...p.people.map(
      (x) =>
        `  ${t(x.userName)}  ${x.status === 'matched' ? 'matched' : x.status === 'create' ? 'to be created' : 'for the identity provider'}  from ${x.iamUsers.map(t).join(', ')}`,
    ),
    '',
    'Permission sets (one per distinct set of policies):',
    ...p.permissionSets.map(
      (s) =>
        `  ${t(s.name)}: ${[...s.managedPolicies.map((a) => a.split('/').pop()!), ...s.customerManagedPolicies.map((c) => `${c.name} (customer)`), ...(s.inlinePolicy ? ['inline'] : [])].map(t).join(', ')}  from ${s.from.map(t).join(', ')}`,
    ),
    '',
    `Assignments: ${p.assignments.length}`,
    ...p.assignments.map(
      (a) =>
        `  ${a.principalType === 'GROUP' ? 'group' : 'user'} ${t(a.principal)} → ${t(a.permissionSet)} in ${t(a.account)}`,
    ),
  ];
  if (p.forPerson.length)
    lines.push(
      '',
      'For a person:',
      ...p.forPerson.map((f) =>
        f.kind === 'group'
          ? `  group ${t(f.userName)}: ${t(f.action)}`
          : `  ${t(f.account)}/${t(f.userName)} (${f.kind}): ${t(f.action)}`,
      ),
    );
  if (p.notes.length) lines.push('', 'Notes:', ...p.notes.map((n) => `  ${t(n)}`));
  lines.push(
    '',
    '# org.yaml fragment (merge with --merge org.yaml, or by hand):',
    stringify({ identityCenter: fragment }, { lineWidth: 0 }).trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

export function stepText(step: RetireStep): string {
  switch (step.kind) {
    case 'deactivate-key':
      return `deactivate access key ${step.keyId}`;
    case 'reactivate-key':
      return `reactivate access key ${step.keyId}`;
    case 'delete-login-profile':
      return 'delete the console password';
    case 'tag-deactivation':
      return `tag what was deactivated (${day(step.at)})`;
    case 'untag-deactivation':
      return 'remove the deactivation tags';
    case 'check-unused-since':
      return `check nothing was used since ${day(step.since)}`;
    case 'delete-key':
      return `delete access key ${step.keyId}`;
    case 'deactivate-mfa':
      return `deactivate${step.virtual ? ' and delete' : ''} MFA device ${step.serial}`;
    case 'delete-signing-certificate':
      return `delete signing certificate ${step.id}`;
    case 'delete-ssh-key':
      return `delete SSH public key ${step.id}`;
    case 'delete-service-credential':
      return `delete service-specific credential ${step.id}`;
    case 'remove-from-group':
      return `remove from group ${step.group}`;
    case 'delete-inline-policy':
      return `delete inline policy ${step.name}`;
    case 'detach-policy':
      return `detach ${step.arn}`;
    case 'delete-boundary':
      return 'delete the permissions boundary';
    case 'delete-user':
      return 'delete the user';
  }
}

function refusedLines(plan: RetirePlan): string[] {
  if (!plan.refused.length) return [];
  return [
    '',
    'Refused (nothing is done to them):',
    ...plan.refused.map((r) => `  ${t(r.accountName)}/${t(r.userName)}: ${t(r.reason)}; ${t(r.fix)}`),
  ];
}

export function renderRetirePlan(plan: RetirePlan, options: { dryRun: boolean }): string {
  const lines = [`Phase: ${plan.phase}${options.dryRun ? ' (dry run: nothing is changed)' : ''}`];
  for (const user of plan.users) {
    lines.push('', `${t(user.accountName)}/${t(user.userName)} (${user.kind}):`);
    user.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${t(stepText(s))}`));
  }
  if (plan.refused.length) {
    lines.push('', 'Refused (nothing is done to them):');
    for (const r of plan.refused)
      lines.push(`  ${t(r.accountName)}/${t(r.userName)}: ${t(r.reason)}; ${t(r.fix)}`);
  }
  if (plan.users.length === 0) lines.push('', 'Nothing to do.');
  return `${lines.join('\n')}\n`;
}

export function renderRetireRun(run: {
  plan: RetirePlan;
  outcomes: OperationOutcome[];
  done: number;
  failed: number;
  skipped: number;
  calls: number;
}): string {
  const lines = run.outcomes.map((o) => {
    const mark = o.status === 'done' ? 'done   ' : o.status === 'failed' ? 'FAILED ' : 'skipped';
    const why =
      o.status === 'failed'
        ? `: ${o.error instanceof Error ? o.error.message : String(o.error)}`
        : o.status === 'done' && o.note
          ? ` (${o.note})`
          : '';
    return `${mark} ${t(o.op.summary)}${t(why)}`;
  });
  lines.push(...refusedLines(run.plan));
  lines.push('', `${run.done} done, ${run.failed} failed, ${run.skipped} skipped; ${run.calls} AWS calls`);
  return `${lines.join('\n')}\n`;
}
