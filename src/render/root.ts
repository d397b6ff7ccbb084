/** The root commands for a person: status, the enable steps, the deletion plan with its preflight, results. */
import type { EnablePlan } from '../root/enable.js';
import { describeEnableStep } from '../root/enable.js';
import type { AccountDeletionResult } from '../root/delete.js';
import { describe } from '../root/delete.js';
import type { Blocker, DeletionPlan, DeletionStep } from '../root/plan.js';
import { NEEDS_ROOT_SIGN_IN } from '../root/plan.js';
import type { TaskPlan } from '../root/tasks.js';
import type { RootAccount, RootStatus } from '../root/types.js';
import { termText } from './escape.js';

const onOff = (on: boolean) => (on ? 'on' : 'off');

/** Names, ids, reasons and AWS error messages go through this: no control character reaches the terminal. */
const t = termText;

/** Columns padded to their widest cell, two spaces apart. */
export function textTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function cells(a: RootAccount): string[] {
  const c = a.credentials;
  const status = a.status === 'unknown' ? `unknown: ${t(a.reason ?? '')}` : t(a.status.replace('-', ' '));
  if (!c) return [t(a.name), t(a.id), t(a.ouPath) || '(root)', '?', '?', '?', '?', status];
  return [
    t(a.name),
    t(a.id),
    t(a.ouPath) || '(root)',
    c.password ? 'yes' : 'no',
    String(c.accessKeys),
    String(c.signingCertificates),
    String(c.mfaDevices),
    status,
  ];
}

function keyLines(a: RootAccount): string[] {
  return (a.credentials?.detail?.accessKeys ?? []).map(
    (k) =>
      `    ${t(a.name)}: key ${t(k.id)} ${t(k.status.toLowerCase())}, ${k.lastUsed ? `last used ${t(k.lastUsed.slice(0, 10))}${k.lastUsedService ? ` (${t(k.lastUsedService)})` : ''}` : 'never used'}`,
  );
}

export function renderRootStatus(status: RootStatus): string {
  const f = status.features;
  const lines = [
    `Centralized root access in ${t(status.organizationId)}`,
    `  trusted access for IAM        ${onOff(f.trustedAccess)}`,
    `  root credentials management   ${onOff(f.credentialsManagement)}`,
    `  root sessions                 ${onOff(f.rootSessions)}`,
    `  IAM delegated administrator   ${t(f.delegatedAdministrator ?? 'none')}`,
    '',
  ];
  const m = status.management;
  const mc = m.credentials;
  lines.push(
    `Management account ${t(m.name)} (${t(m.id)}): outside centralized root access; keep its root with an MFA device.`,
    mc
      ? `  password ${mc.password ? 'yes' : 'no'}, access keys ${mc.accessKeys}, MFA ${mc.mfaDevices ? 'yes' : 'NO: add a hardware MFA device'}`
      : `  could not be read: ${t(m.reason ?? 'unknown')}`,
    '',
  );
  const header = ['Account', 'Id', 'OU', 'Password', 'Keys', 'Certs', 'MFA', 'Status'];
  lines.push(...textTable(header, status.accounts.map(cells)));
  const keys = status.accounts.flatMap(keyLines);
  if (keys.length) lines.push('', '  Root access keys:', ...keys);
  const withCreds = status.accounts.filter((a) => a.status === 'has-credentials').length;
  const unknown = status.accounts.filter((a) => a.status === 'unknown').length;
  lines.push(
    '',
    `${withCreds} of ${status.accounts.length} member accounts have root credentials${unknown ? `; ${unknown} could not be read` : ''}.`,
  );
  if (!f.credentialsManagement) lines.push('Next: orgward root enable');
  else if (withCreds) lines.push('Next: orgward root delete-credentials --all --dry-run');
  return `${lines.join('\n')}\n`;
}

export function renderEnablePlan(plan: EnablePlan): string {
  const lines: string[] = [];
  for (const done of plan.alreadyDone) lines.push(`  = ${t(done)}: already on`);
  plan.steps.forEach((step, i) => lines.push(`  ${i + 1}. ${t(describeEnableStep(step))}`));
  if (!plan.steps.length) lines.push('Nothing to do: centralized root access is already set up.');
  lines.push(...renderBlockers(plan.blockers));
  return `${lines.join('\n')}\n`;
}

export function renderBlockers(blockers: readonly Blocker[], heading = 'Refused:'): string[] {
  if (!blockers.length) return [];
  return ['', heading, ...blockers.flatMap((b) => [`  ✗ ${t(b.message)}`, `    → ${t(b.hint)}`])];
}

const STEP_TEXT: Record<DeletionStep['action'], string> = {
  'delete-access-key': 'delete access key',
  'delete-signing-certificate': 'delete signing certificate',
  'delete-login-profile': 'delete the console password (login profile)',
  'deactivate-mfa-device': 'deactivate MFA device',
  'delete-virtual-mfa-device': 'delete virtual MFA device',
};

export function stepText(step: DeletionStep): string {
  return `${STEP_TEXT[step.action]}${step.target ? ` ${t(step.target)}` : ''}${step.note ? ` (${t(step.note)})` : ''}`;
}

export function renderDeletionPlan(plan: DeletionPlan, options: { dryRun: boolean }): string {
  const lines: string[] = [];
  const steps = plan.accounts.reduce((n, a) => n + a.steps.length, 0);
  lines.push(
    `Delete root credentials in ${plan.accounts.length} account${plan.accounts.length === 1 ? '' : 's'} (${steps} step${steps === 1 ? '' : 's'}), each in an sts:AssumeRoot session with IAMDeleteRootUserCredentials:`,
  );
  for (const account of plan.accounts) {
    lines.push(
      `  ${t(account.name)} (${t(account.accountId)})${account.ouPath ? ` in ${t(account.ouPath)}` : ''}`,
    );
    for (const step of account.steps) lines.push(`    - ${stepText(step)}`);
  }
  if (plan.alreadyClean.length)
    lines.push(`  already clean, nothing to do: ${plan.alreadyClean.map((a) => t(a.name)).join(', ')}`);
  lines.push(...renderBlockers(plan.blockers));
  lines.push(...renderBlockers(plan.overridden, 'Overridden with --force:'));
  if (plan.accounts.length) {
    lines.push(
      '',
      'Before you go ahead:',
      "  • The members' CloudTrail records these calls as the root user (userIdentity.type Root, sessionContext.assumedRoot true).",
      '    Root-usage alarms (CIS metric filter $.userIdentity.type = "Root") should exclude assumedRoot = true.',
      '  • GuardDuty reports Policy:IAMUser/RootCredentialUsage for them. A filter that archives exactly these findings',
      '    (aws guardduty create-filter --detector-id <id> --cli-input-json <this>):',
      ...JSON.stringify(plan.guardDutyFilter, null, 2)
        .split('\n')
        .map((l) => `      ${t(l)}`),
      '  • Once the credentials are gone these tasks need a password recovery (orgward root allow-password-recovery) and',
      '    a root sign-in with MFA; do any you still need first:',
      ...NEEDS_ROOT_SIGN_IN.map((task) => `      - ${task}`),
    );
  }
  if (options.dryRun) lines.push('', 'Dry run: nothing was deleted.');
  return `${lines.join('\n')}\n`;
}

export function renderDeletionResult(result: AccountDeletionResult): string {
  if (result.outcome === 'cleaned')
    return `  ✓ ${t(result.name)} (${t(result.accountId)}): ${result.done.length} step${result.done.length === 1 ? '' : 's'} done; re-read: no root credentials`;
  return [
    `  ✗ ${t(result.name)} (${t(result.accountId)}): ${result.failed ? `${stepText(result.failed)} failed: ` : ''}${t(result.error ?? '')}`,
    `    done before the failure: ${result.done.length} step${result.done.length === 1 ? '' : 's'}; left: ${result.after ? t(describe(result.after)) : 'not known'}`,
    `    → ${t(result.hint ?? '')}`,
  ].join('\n');
}

export function renderDeletionSummary(results: readonly AccountDeletionResult[]): string {
  const cleaned = results.filter((r) => r.outcome === 'cleaned').length;
  const failed = results.length - cleaned;
  return `${cleaned} account${cleaned === 1 ? '' : 's'} cleaned, ${failed} failed.\n`;
}

export function renderTaskPlan(plan: TaskPlan): string {
  const lines = [`${t(plan.task)} in account ${t(plan.accountId)}: ${t(plan.resource)}`];
  if (plan.nothingToDo) lines.push(`Nothing to do: ${t(plan.nothingToDo)}.`);
  else {
    if (plan.policy) {
      lines.push('  the policy now in place:');
      lines.push(...prettyPolicy(plan.policy).map((l) => `    ${t(l)}`));
    }
    lines.push(`  will: ${t(plan.change)}`);
  }
  return `${lines.join('\n')}\n`;
}

function prettyPolicy(text: string): string[] {
  try {
    return JSON.stringify(JSON.parse(text), null, 2).split('\n');
  } catch {
    return text.split('\n');
  }
}
