/**
 * What a transfer reads about each account that moves: inside the account (through the member role, or
 * the credentials given for it) its roles that trust the source management account, its IAM users, its
 * root user's MFA and keys, its support plan; from the source management account its primary e-mail and
 * alternate contacts (Account API). The organization-level parts (policies, Identity Center, delegated
 * administration, stack instances, security-service membership) come from the snapshot and
 * {@link readOrganization}.
 */
import { GetAlternateContactCommand, GetPrimaryEmailCommand } from '@aws-sdk/client-account';
import {
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  ListRolesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import type { ClientFactory } from '../../aws/clients.js';
import type { OrgSnapshot, SnapshotAccount } from '../../model/snapshot.js';
import type { AccountEvidence, AccountReads } from '../../model/transfer.js';
import { mapLimit } from '../../util/pool.js';
import type { OrganizationRead } from './organization.js';
import { allPages, answered, supportLevel, tryRead } from './shared.js';

const CONTACT_TYPES = ['BILLING', 'OPERATIONS', 'SECURITY'] as const;

/** Roles whose trust policy names the source management account (its id or its root ARN). */
async function managementRoles(session: ClientFactory, managementAccountId: string): Promise<string[]> {
  const iam = session.iam();
  const roles = await allPages(
    (Marker) => iam.send(new ListRolesCommand({ ...(Marker ? { Marker } : {}) })),
    (p) => p.Roles,
    (p) => (p.IsTruncated ? p.Marker : undefined),
  );
  return roles
    .filter((r) => decodeURIComponent(r.AssumeRolePolicyDocument ?? '').includes(managementAccountId))
    .map((r) => r.RoleName ?? '')
    .sort();
}

async function iamUsers(session: ClientFactory): Promise<NonNullable<AccountEvidence['iamUsers']>> {
  const iam = session.iam();
  const users = await allPages(
    (Marker) => iam.send(new ListUsersCommand({ ...(Marker ? { Marker } : {}) })),
    (p) => p.Users,
    (p) => (p.IsTruncated ? p.Marker : undefined),
  );
  const details = await mapLimit(users, 4, async (user) => {
    const UserName = user.UserName ?? '';
    const [password, keys] = await Promise.all([
      iam.send(new GetLoginProfileCommand({ UserName })).then(
        () => true,
        (error: unknown) => {
          if (answered(error, /^NoSuchEntity/)) return false;
          throw error;
        },
      ),
      iam.send(new ListAccessKeysCommand({ UserName })),
    ]);
    return { password, keys: (keys.AccessKeyMetadata ?? []).some((k) => k.Status === 'Active') };
  });
  return {
    total: users.length,
    withPassword: details.filter((d) => d.password).length,
    withKeys: details.filter((d) => d.keys).length,
  };
}

async function rootState(session: ClientFactory): Promise<NonNullable<AccountEvidence['root']>> {
  const summary = (await session.iam().send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
  return { mfa: summary.AccountMFAEnabled === 1, accessKeys: (summary.AccountAccessKeysPresent ?? 0) > 0 };
}

async function contacts(management: ClientFactory, accountId: string): Promise<AccountEvidence['contacts']> {
  const client = management.accountManagement();
  const primary = await client.send(new GetPrimaryEmailCommand({ AccountId: accountId }));
  const alternate = {} as NonNullable<AccountEvidence['contacts']>['alternate'];
  for (const type of CONTACT_TYPES) {
    try {
      const out = await client.send(
        new GetAlternateContactCommand({ AccountId: accountId, AlternateContactType: type }),
      );
      alternate[type] = {
        name: out.AlternateContact?.Name ?? '',
        email: out.AlternateContact?.EmailAddress ?? '',
      };
    } catch (error) {
      if (!answered(error, /^ResourceNotFound/)) throw error;
      alternate[type] = null;
    }
  }
  return { primaryEmail: primary.PrimaryEmail ?? null, alternate };
}

/** What is read about one account, with its id. */
export type AccountRead = AccountReads & { accountId: string };

export interface AccountReadOptions {
  /** The source management account. */
  factory: ClientFactory;
  snapshot: OrgSnapshot;
  organization: OrganizationRead;
  /** A session inside a moving account. */
  inAccount: (accountId: string) => ClientFactory;
  concurrency?: number;
}

/** Reads one moving account (see the module comment). Refused parts are recorded as gaps. */
export async function readAccount(
  options: AccountReadOptions,
  account: SnapshotAccount,
): Promise<AccountRead> {
  const { snapshot, organization, factory } = options;
  const gaps: string[] = [];
  const management = snapshot.organization.managementAccountId;
  const session = options.inAccount(account.id);
  const [roles, users, root, support, contactInfo] = await Promise.all([
    tryRead(gaps, 'roles trusting the management account', () => managementRoles(session, management)),
    tryRead(gaps, 'IAM users', () => iamUsers(session)),
    tryRead(gaps, 'root user', () => rootState(session)),
    tryRead(gaps, 'support plan', () => supportLevel(session)),
    tryRead(gaps, 'contacts', () => contacts(factory, account.id)),
  ]);
  return {
    accountId: account.id,
    stackInstances: organization.stackSets.flatMap((set) =>
      set.instances
        .filter((i) => i.accountId === account.id)
        .map((i) => ({
          stackSet: set.name,
          region: i.region,
          autoDeployment: set.autoDeployment,
          retainStacks: set.retainStacks === true,
        })),
    ),
    memberships: organization.members
      .filter((m) => m.admin !== account.id)
      .map((m) => ({
        service: m.service,
        region: m.region,
        administrator: m.accounts.includes(account.id) ? m.admin : null,
      })),
    managementRoles: roles,
    iamUsers: users,
    root,
    supportPlan: support,
    contacts: contactInfo,
    gaps,
  };
}

/** Reads every moving account, a few at a time. */
export async function readAccounts(
  options: AccountReadOptions,
  accounts: readonly SnapshotAccount[],
): Promise<AccountRead[]> {
  return mapLimit(accounts, options.concurrency ?? 4, (account) => readAccount(options, account));
}
