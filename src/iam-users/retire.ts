/**
 * Retiring IAM users in two phases, as AWS advises: deactivate (keys inactive, console password removed,
 * what was done written to the user's tags), watch for use during a soak period, then delete in the IAM
 * API's order — it does not cascade, and a user with anything left answers DeleteConflict. Rollback
 * turns the keys orgward deactivated back on. Pure: inventory in, plan (steps and refusals) out.
 */
import {
  type IamAccountRead,
  type IamUserRecord,
  type RetirePhase,
  type RetirePlan,
  type RetireRefusal,
  type RetireStep,
  type RetireUserPlan,
} from '../model/iam-users.js';

const DAY_MS = 86_400_000;
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

export interface RetireSelection {
  /** `name` (every account) or `<account>/<name>` (account by id or name); named users may be in the management account. */
  users: string[];
  /** Account ids or names. */
  accounts: string[];
  /** Only users without use for this many days. */
  dormantDays: number | undefined;
}

export interface RetireOptions {
  phase: RetirePhase;
  now: Date;
  soakDays: number;
  managementAccountId: string | null;
  /** True when the user has an Identity Center user to move to (by account and user name). */
  hasCounterpart: (user: IamUserRecord) => boolean;
  forceUnmatched: boolean;
}

const key = (u: { accountId: string; userName: string }) => `${u.accountId}/${u.userName}`;

/** True when `pattern` (`name` or `<account>/<name>`) names the user. */
function names(pattern: string, user: IamUserRecord): boolean {
  const slash = pattern.lastIndexOf('/');
  if (slash < 0) return pattern === user.userName;
  const account = pattern.slice(0, slash);
  return (
    (account === user.accountId || account === user.accountName) && pattern.slice(slash + 1) === user.userName
  );
}

/**
 * The accounts a selection needs read: those it names (`--account`, or every `<account>/<name>` when all
 * users are named so); none (every account) when a user is named without its account.
 */
export function accountsOf(selection: RetireSelection): string[] {
  if (selection.accounts.length) return [...selection.accounts];
  if (selection.users.length === 0 || selection.users.some((u) => !u.includes('/'))) return [];
  return [...new Set(selection.users.map((u) => u.slice(0, u.lastIndexOf('/'))))];
}

/** The users a selection picks, and the named ones (which may be in the management account). */
export function selectUsers(
  users: readonly IamUserRecord[],
  selection: RetireSelection,
  now: Date,
): { picked: IamUserRecord[]; named: Set<string>; unknown: string[] } {
  const named = new Set<string>();
  const unknown = selection.users.filter((p) => !users.some((u) => names(p, u)));
  const picked = users.filter((user) => {
    const byName = selection.users.some((p) => names(p, user));
    if (byName) named.add(key(user));
    const byAccount =
      selection.accounts.length === 0 ||
      selection.accounts.includes(user.accountId) ||
      selection.accounts.includes(user.accountName);
    if (selection.users.length > 0 && !byName) return false;
    if (!byAccount) return false;
    if (selection.dormantDays !== undefined) {
      const last = user.classification.lastActivity ?? user.created;
      if (now.getTime() - Date.parse(last) < selection.dormantDays * DAY_MS) return false;
    }
    return true;
  });
  return { picked, named, unknown };
}

/** A user someone can still sign in or call AWS as: not deactivated, with a password or an active key. */
function usable(user: IamUserRecord): boolean {
  return (
    user.deactivation === null &&
    (user.password.enabled || user.accessKeys.some((k) => k.status === 'Active'))
  );
}

function holdsAdmin(user: IamUserRecord, account: IamAccountRead | undefined): boolean {
  if (user.attachedPolicies.some((p) => p.arn === ADMIN_POLICY)) return true;
  return user.groups.some((g) =>
    account?.groups.find((x) => x.name === g)?.attachedPolicies.some((p) => p.arn === ADMIN_POLICY),
  );
}

/** Why the user may not be retired in this run, or undefined. */
function refusal(
  user: IamUserRecord,
  ctx: {
    options: RetireOptions;
    named: Set<string>;
    accounts: Map<string, IamAccountRead>;
    admins: Map<string, number>;
  },
): Omit<RetireRefusal, 'accountId' | 'accountName' | 'userName'> | undefined {
  const { options, named } = ctx;
  if (options.phase === 'rollback') return undefined;
  if (user.accountId === options.managementAccountId && !named.has(key(user)))
    return {
      reason: 'in the management account',
      fix: `name it to retire it: --user ${user.accountName}/${user.userName}`,
    };
  if (user.classification.kind === 'break-glass' && !named.has(key(user)))
    return {
      reason: 'a break-glass candidate',
      fix: `decide with its owners; name it to retire it anyway: --user ${user.accountName}/${user.userName}`,
    };
  if (user.classification.kind === 'human' && !options.forceUnmatched && !options.hasCounterpart(user))
    return {
      reason: 'no Identity Center user to move to',
      fix: 'create and assign its Identity Center user first (orgward iam-users plan --to-identity-center), or --force-unmatched',
    };
  const account = ctx.accounts.get(user.accountId);
  if (holdsAdmin(user, account) && (ctx.admins.get(user.accountId) ?? 0) === 0)
    return {
      reason: 'the last administrator path of its account',
      fix: 'give the account another administrator (an Identity Center assignment or a role with AdministratorAccess) first',
    };
  return undefined;
}

function deactivateSteps(user: IamUserRecord, now: Date): RetireStep[] {
  const keys = user.accessKeys.filter((k) => k.status === 'Active').map((k) => k.id);
  const steps: RetireStep[] = keys.map((keyId) => ({ kind: 'deactivate-key', keyId }));
  if (user.password.enabled) steps.push({ kind: 'delete-login-profile' });
  const previous = user.deactivation;
  steps.push({
    kind: 'tag-deactivation',
    at: previous?.at ?? now.toISOString(),
    keys: [...new Set([...(previous?.keys ?? []), ...keys])].sort(),
    password: (previous?.password ?? false) || user.password.enabled,
  });
  return steps;
}

/** Use of any credential after `since`, in words, or undefined. */
export function usedSince(user: IamUserRecord, since: string): string | undefined {
  const t = Date.parse(since);
  for (const k of user.accessKeys) {
    if (k.lastUsed && Date.parse(k.lastUsed.date) > t)
      return `key ${k.id} was used by ${k.lastUsed.service} on ${k.lastUsed.date.slice(0, 10)}, after it was deactivated`;
    if (k.status === 'Active')
      return user.deactivation?.keys.includes(k.id)
        ? `key ${k.id} was turned back on after it was deactivated`
        : `key ${k.id} is active and was not deactivated by orgward`;
  }
  if (user.password.enabled) return 'it has a console password again';
  if (user.password.lastUsed && Date.parse(user.password.lastUsed) > t)
    return `the console password was used on ${user.password.lastUsed.slice(0, 10)}, after deactivation`;
  return undefined;
}

/** Every deletion, in the IAM API's order (keys, password, MFA, certificates, SSH keys, service credentials, groups, policies, boundary, user). */
export function deleteSteps(user: IamUserRecord, since: string): RetireStep[] {
  return [
    { kind: 'check-unused-since', since },
    ...user.accessKeys.map((k): RetireStep => ({ kind: 'delete-key', keyId: k.id })),
    ...(user.password.enabled ? [{ kind: 'delete-login-profile' } as const] : []),
    ...user.mfa.map((m): RetireStep => ({ kind: 'deactivate-mfa', serial: m.serial, virtual: m.virtual })),
    ...user.signingCertificates.map((c): RetireStep => ({ kind: 'delete-signing-certificate', id: c.id })),
    ...user.sshPublicKeys.map((c): RetireStep => ({ kind: 'delete-ssh-key', id: c.id })),
    ...user.serviceSpecificCredentials.map((c): RetireStep => ({
      kind: 'delete-service-credential',
      id: c.id,
    })),
    ...user.groups.map((group): RetireStep => ({ kind: 'remove-from-group', group })),
    ...user.inlinePolicies.map((p): RetireStep => ({ kind: 'delete-inline-policy', name: p.name })),
    ...user.attachedPolicies.map((p): RetireStep => ({ kind: 'detach-policy', arn: p.arn })),
    ...(user.permissionsBoundary ? [{ kind: 'delete-boundary' } as const] : []),
    { kind: 'delete-user' },
  ];
}

function phaseSteps(
  user: IamUserRecord,
  options: RetireOptions,
): { steps: RetireStep[] } | { reason: string; fix: string } {
  const { phase, now, soakDays } = options;
  if (phase === 'deactivate') return { steps: deactivateSteps(user, now) };
  const done = user.deactivation;
  if (!done)
    return {
      reason: 'not deactivated by orgward',
      fix: `run the deactivate phase first: orgward iam-users retire --user ${user.accountName}/${user.userName} --phase deactivate`,
    };
  if (phase === 'rollback') {
    const existing = new Set(user.accessKeys.map((k) => k.id));
    return {
      steps: [
        ...done.keys
          .filter((id) => existing.has(id))
          .map((keyId): RetireStep => ({ kind: 'reactivate-key', keyId })),
        { kind: 'untag-deactivation' },
      ],
    };
  }
  const used = usedSince(user, done.at);
  if (used) return { reason: used, fix: 'find who still uses it and move them first; then deactivate again' };
  const soakEnds = Date.parse(done.at) + soakDays * DAY_MS;
  if (now.getTime() < soakEnds)
    return {
      reason: `in its soak period until ${new Date(soakEnds).toISOString().slice(0, 10)} (deactivated ${done.at.slice(0, 10)})`,
      fix: 'wait, or shorten it with --soak-days',
    };
  return { steps: deleteSteps(user, done.at) };
}

/**
 * The retirement plan of the picked users for one phase. A user refused is listed with why and what to
 * do; nothing is planned for it.
 */
export function planRetire(
  picked: readonly IamUserRecord[],
  all: readonly IamUserRecord[],
  accounts: readonly IamAccountRead[],
  named: Set<string>,
  options: RetireOptions,
): RetirePlan {
  const byAccount = new Map(accounts.map((a) => [a.accountId, a]));
  const leaving = new Set(picked.map(key));
  // Other administrator paths that stay: administrator users not retired here, and administrator roles.
  const admins = new Map<string, number>();
  for (const account of accounts) admins.set(account.accountId, account.adminRoles.length);
  for (const user of all)
    if (!leaving.has(key(user)) && usable(user) && holdsAdmin(user, byAccount.get(user.accountId)))
      admins.set(user.accountId, (admins.get(user.accountId) ?? 0) + 1);
  const users: RetireUserPlan[] = [];
  const refused: RetireRefusal[] = [];
  const ctx = { options, named, accounts: byAccount, admins };
  for (const user of picked) {
    const id = { accountId: user.accountId, accountName: user.accountName, userName: user.userName };
    const refuse = refusal(user, ctx);
    if (refuse) {
      refused.push({ ...id, ...refuse });
      continue;
    }
    const planned = phaseSteps(user, options);
    if ('reason' in planned) refused.push({ ...id, ...planned });
    else users.push({ ...id, kind: user.classification.kind, steps: planned.steps });
  }
  return { phase: options.phase, createdAt: options.now.toISOString(), users, refused };
}
