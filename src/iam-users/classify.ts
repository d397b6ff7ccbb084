/**
 * What kind of IAM user this is, from what its credentials show: a person at the console, a machine
 * with keys, a user nobody has used for the dormant period, or a break-glass user kept for emergencies.
 * The kind decides where the user goes (docs/iam-users.md): people to Identity Center, machines to roles,
 * dormant users straight to retirement, break-glass to a person's decision.
 */
import type { IamClassification, IamUserRecord } from '../model/iam-users.js';

const DAY_MS = 86_400_000;
const BREAK_GLASS_NAME = /break.?glass|emergency|firecall|bastion-admin/i;
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

export type Unclassified = Omit<IamUserRecord, 'classification'>;

const latest = (dates: Array<string | null | undefined>): string | null =>
  dates
    .filter((d): d is string => typeof d === 'string')
    .sort()
    .at(-1) ?? null;

function isAdmin(user: Unclassified, groupPolicies: (group: string) => string[]): boolean {
  return (
    user.attachedPolicies.some((p) => p.arn === ADMIN_POLICY) ||
    user.groups.some((g) => groupPolicies(g).includes(ADMIN_POLICY))
  );
}

/**
 * @param groupPolicies the managed policy ARNs of one of the account's groups.
 */
export function classify(
  user: Unclassified,
  now: Date,
  dormantDays: number,
  groupPolicies: (group: string) => string[] = () => [],
): IamClassification {
  const keyUse = latest(user.accessKeys.map((k) => k.lastUsed?.date));
  const passwordUse = user.password.enabled ? user.password.lastUsed : null;
  const lastActivity = latest([keyUse, user.password.lastUsed]);
  const cutoff = now.getTime() - dormantDays * DAY_MS;
  const recent = (d: string | null) => d !== null && Date.parse(d) >= cutoff;
  const activeKeys = user.accessKeys.filter((k) => k.status === 'Active');
  const reasons: string[] = [];
  if (BREAK_GLASS_NAME.test(user.userName) || (user.tags['purpose'] ?? '').toLowerCase() === 'break-glass') {
    reasons.push('named or tagged for emergencies');
    if (isAdmin(user, groupPolicies)) reasons.push('holds AdministratorAccess');
    return { kind: 'break-glass', lastActivity, reasons };
  }
  const createdLongAgo = Date.parse(user.created) < cutoff;
  if (!recent(lastActivity) && createdLongAgo) {
    reasons.push(
      lastActivity === null
        ? `never used, created ${user.created.slice(0, 10)}`
        : `last used ${lastActivity.slice(0, 10)}, over ${dormantDays} days ago`,
    );
    return { kind: 'dormant', lastActivity, reasons };
  }
  if (user.password.enabled) {
    reasons.push(passwordUse ? `console sign-in ${passwordUse.slice(0, 10)}` : 'console password');
    if (user.mfa.length > 0) reasons.push('MFA');
    if (recent(keyUse)) reasons.push('also uses access keys');
    return { kind: 'human', lastActivity, reasons };
  }
  if (activeKeys.length > 0) {
    const used = activeKeys
      .map((k) => k.lastUsed)
      .filter((u) => u !== null)
      .sort((a, b) => b.date.localeCompare(a.date))[0];
    reasons.push(
      used
        ? `keys only, last used by ${used.service} in ${used.region} on ${used.date.slice(0, 10)}`
        : 'keys only',
    );
    return { kind: 'machine', lastActivity, reasons };
  }
  reasons.push('no console password and no active key');
  return { kind: 'dormant', lastActivity, reasons };
}
