/** Which member accounts a root command acts on: `--account` ids or names, `--ou PATH`, or `--all`. */
import { UsageError } from '../errors/index.js';
import type { OrgSnapshot, SnapshotAccount } from '../model/snapshot.js';
import type { RootFeatures } from './types.js';

export const IAM_PRINCIPAL = 'iam.amazonaws.com';

export interface Selection {
  accounts?: readonly string[];
  ou?: string;
  all?: boolean;
}

export function ouPathOf(snapshot: OrgSnapshot): (accountId: string) => string {
  const paths = new Map(snapshot.ous.map((o) => [o.id, o.path]));
  const parents = new Map(snapshot.accounts.map((a) => [a.id, a.parentId]));
  return (id) => paths.get(parents.get(id) ?? '') ?? '';
}

/** The organization's member accounts (not the management account), by name. */
export function members(snapshot: OrgSnapshot): SnapshotAccount[] {
  return snapshot.accounts
    .filter((a) => a.id !== snapshot.organization.managementAccountId)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** One account by id or name; the management account and unknown or ambiguous names are refused. */
export function findMember(snapshot: OrgSnapshot, idOrName: string): SnapshotAccount {
  const management = snapshot.organization.managementAccountId;
  const matches = snapshot.accounts.filter((a) => a.id === idOrName || a.name === idOrName);
  if (matches.length > 1)
    throw new UsageError(
      `account "${idOrName}" names ${matches.length} accounts (${matches.map((a) => a.id).join(', ')})`,
      'pass the account id instead',
    );
  const account = matches[0];
  if (!account)
    throw new UsageError(
      `no account "${idOrName}" in organization ${snapshot.organization.id}`,
      'pass an account id or name as `orgward snapshot` lists them',
    );
  if (account.id === management)
    throw new UsageError(
      `${account.name} (${account.id}) is the management account: its root user is outside centralized root access`,
      'keep the management root with a hardware MFA device; see docs/root.md',
    );
  return account;
}

/** The accounts a selection names, each once, in name order. */
export function selectMembers(snapshot: OrgSnapshot, selection: Selection): SnapshotAccount[] {
  const given = [selection.accounts?.length ? 1 : 0, selection.ou ? 1 : 0, selection.all ? 1 : 0];
  if (given.reduce((a, b) => a + b, 0) !== 1)
    throw new UsageError('name the accounts: --account ID|NAME (repeatable), --ou PATH, or --all');
  if (selection.all) return members(snapshot);
  if (selection.ou) {
    const ou = selection.ou.replace(/^\/+|\/+$/g, '');
    if (!snapshot.ous.some((o) => o.path === ou))
      throw new UsageError(
        `no OU "${selection.ou}" in organization ${snapshot.organization.id}`,
        `OU paths are names from the root down, such as ${snapshot.ous[0]?.path ?? 'Workloads/Prod'}`,
      );
    const pathOf = ouPathOf(snapshot);
    return members(snapshot).filter((a) => pathOf(a.id) === ou || pathOf(a.id).startsWith(`${ou}/`));
  }
  const chosen = new Map<string, SnapshotAccount>();
  for (const name of selection.accounts ?? []) {
    const account = findMember(snapshot, name);
    chosen.set(account.id, account);
  }
  return [...chosen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** IAM's organization features as the snapshot read them. */
export function featuresOf(snapshot: OrgSnapshot): RootFeatures {
  const org = snapshot.organization;
  return {
    trustedAccess: Boolean(org.trustedAccess?.some((t) => t.servicePrincipal === IAM_PRINCIPAL)),
    credentialsManagement: org.rootAccess?.credentialsManagement ?? false,
    rootSessions: org.rootAccess?.rootSessions ?? false,
    delegatedAdministrator:
      org.delegatedAdministrators?.find((d) => d.servicePrincipal === IAM_PRINCIPAL)?.accountId ?? null,
  };
}
