/**
 * Every IAM user of every account, read inside each account (the member role; the caller's own
 * credentials in its own account). Per account: one GetAccountAuthorizationDetails listing (users with
 * their groups, policies, boundary and tags; groups with theirs; roles, for other administrator paths)
 * and one credential report (password and key use, MFA and certificates of every user in one CSV);
 * per user only what neither holds: access key ids, SSH public keys, service-specific credentials, and
 * MFA serials and certificate ids where the report shows some. Without a report (refused) the same facts
 * come from calls per user, and the account says so.
 */
import {
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetLoginProfileCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { ClientFactory } from '../aws/clients.js';
import { isNoSuchEntity } from '../aws/errors.js';
import type { Sleep } from '../aws/rate-limiter.js';
import { AwsCallError, OrgwardError } from '../errors/index.js';
import {
  DEACTIVATED_AT_TAG,
  DEACTIVATED_KEYS_TAG,
  DEACTIVATED_PASSWORD_TAG,
  type IamAccessKey,
  type IamAccountRead,
  type IamDeactivation,
  type IamGroupRecord,
  type IamUserRecord,
} from '../model/iam-users.js';
import { mapLimit } from '../util/pool.js';
import { credentialReportCsv } from './audit/account.js';

const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

export type UserFacts = Omit<IamUserRecord, 'classification'>;

export interface IamUsersReadOptions {
  inAccount: (accountId: string) => ClientFactory;
  sleep: Sleep;
  /** Users read in parallel within one account (IAM's rate is per account). */
  concurrency?: number;
  /** Also ask IAM which services each user called (two calls per user and a wait). */
  lastAccessed?: boolean;
}

type Details = GetAccountAuthorizationDetailsCommandOutput;
type EntityFilter = 'User' | 'Group' | 'Role' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

/** Every page of the account's GetAccountAuthorizationDetails for these entity types. */
export async function authorizationDetailPages(iam: IAMClient, filter: EntityFilter[]): Promise<Details[]> {
  const pages: Details[] = [];
  let Marker: string | undefined;
  do {
    const page = await iam.send(
      new GetAccountAuthorizationDetailsCommand({
        Filter: filter,
        MaxItems: 1000,
        ...(Marker ? { Marker } : {}),
      }),
    );
    pages.push(page);
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return pages;
}

async function authorizationDetails(iam: IAMClient) {
  const pages = await authorizationDetailPages(iam, ['User', 'Group', 'Role']);
  return {
    users: pages.flatMap((p) => p.UserDetailList ?? []),
    groups: pages.flatMap((p) => p.GroupDetailList ?? []),
    roles: pages.flatMap((p) => p.RoleDetailList ?? []),
  };
}

const decode = (doc: string | undefined) => (doc ? decodeURIComponent(doc) : '{}');
const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

/** The credential report's rows by user name (`<root_account>` left out), or null when refused. */
async function credentialReport(
  factory: ClientFactory,
  sleep: Sleep,
): Promise<Map<string, Record<string, string>> | null> {
  try {
    const [header, ...lines] = (await credentialReportCsv(factory, sleep)).trim().split(/\r?\n/);
    const columns = (header ?? '').split(',');
    const rows = new Map<string, Record<string, string>>();
    for (const line of lines) {
      const cells = line.split(',');
      const row = Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? 'N/A']));
      if (row['user'] !== '<root_account>') rows.set(row['user'] ?? '', row);
    }
    return rows;
  } catch (error) {
    if (error instanceof AwsCallError && /AccessDenied|ReportNotPresent|ReportInProgress/.test(error.awsCode))
      return null;
    throw error;
  }
}

const reportDate = (v: string | undefined) => (v && /^\d{4}-/.test(v) ? new Date(v).toISOString() : null);

function deactivationOf(tags: Record<string, string>): IamDeactivation | null {
  const at = tags[DEACTIVATED_AT_TAG];
  if (!at) return null;
  return {
    at,
    keys: (tags[DEACTIVATED_KEYS_TAG] ?? '').split(/\s+/).filter(Boolean),
    password: tags[DEACTIVATED_PASSWORD_TAG] === 'true',
  };
}

/** The user's access keys with their last use: from the report's two key columns, else one call per key. */
async function accessKeys(
  iam: IAMClient,
  userName: string,
  row: Record<string, string> | undefined,
): Promise<IamAccessKey[]> {
  if (row && row['access_key_1_last_rotated'] === 'N/A' && row['access_key_2_last_rotated'] === 'N/A')
    return [];
  const listed = (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
  return mapLimit(listed, 2, async (k) => {
    const created = k.CreateDate?.toISOString() ?? '';
    const slot = row
      ? [1, 2].find(
          (n) => reportDate(row[`access_key_${n}_last_rotated`]) === created.replace(/\.\d{3}Z$/, '.000Z'),
        )
      : undefined;
    let lastUsed: IamAccessKey['lastUsed'];
    if (slot !== undefined && row) {
      const date = reportDate(row[`access_key_${slot}_last_used_date`]);
      lastUsed = date
        ? {
            date,
            service: row[`access_key_${slot}_last_used_service`] ?? 'N/A',
            region: row[`access_key_${slot}_last_used_region`] ?? 'N/A',
          }
        : null;
    } else {
      const out = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId! }));
      const used = out.AccessKeyLastUsed;
      lastUsed = used?.LastUsedDate
        ? {
            date: used.LastUsedDate.toISOString(),
            service: used.ServiceName ?? 'N/A',
            region: used.Region ?? 'N/A',
          }
        : null;
    }
    return { id: k.AccessKeyId!, status: k.Status === 'Active' ? 'Active' : 'Inactive', created, lastUsed };
  });
}

async function passwordOf(
  iam: IAMClient,
  userName: string,
  row: Record<string, string> | undefined,
): Promise<IamUserRecord['password']> {
  if (row)
    return { enabled: row['password_enabled'] === 'true', lastUsed: reportDate(row['password_last_used']) };
  try {
    await iam.send(new GetLoginProfileCommand({ UserName: userName }));
    return { enabled: true, lastUsed: null };
  } catch (error) {
    if (isNoSuchEntity(error)) return { enabled: false, lastUsed: null };
    throw error;
  }
}

async function lastAccessed(
  iam: IAMClient,
  arn: string,
  sleep: Sleep,
): Promise<UserFacts['servicesLastAccessed']> {
  const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn }));
  for (let attempt = 0; attempt < 30; attempt++) {
    const out = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: JobId! }));
    if (out.JobStatus === 'COMPLETED')
      return (out.ServicesLastAccessed ?? [])
        .filter((s) => s.LastAuthenticated)
        .map((s) => ({
          service: s.ServiceNamespace ?? '',
          date: s.LastAuthenticated!.toISOString(),
          region: s.LastAuthenticatedRegion ?? null,
        }))
        .sort((a, b) => b.date.localeCompare(a.date));
    if (out.JobStatus === 'FAILED') return null;
    await sleep(1000);
  }
  return null;
}

type DetailUser = NonNullable<Details['UserDetailList']>[number];

async function userFacts(
  iam: IAMClient,
  account: { id: string; name: string },
  u: DetailUser,
  row: Record<string, string> | undefined,
  options: IamUsersReadOptions,
): Promise<UserFacts> {
  const UserName = u.UserName!;
  const tags = Object.fromEntries((u.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  const wantMfa = !row || row['mfa_active'] === 'true';
  const wantCerts = !row || row['cert_1_last_rotated'] !== 'N/A' || row['cert_2_last_rotated'] !== 'N/A';
  const [password, keys, mfa, certs, ssh, service, accessed] = await Promise.all([
    passwordOf(iam, UserName, row),
    accessKeys(iam, UserName, row),
    wantMfa ? iam.send(new ListMFADevicesCommand({ UserName })).then((o) => o.MFADevices ?? []) : [],
    wantCerts
      ? iam.send(new ListSigningCertificatesCommand({ UserName })).then((o) => o.Certificates ?? [])
      : [],
    iam.send(new ListSSHPublicKeysCommand({ UserName })).then((o) => o.SSHPublicKeys ?? []),
    iam
      .send(new ListServiceSpecificCredentialsCommand({ UserName }))
      .then((o) => o.ServiceSpecificCredentials ?? []),
    options.lastAccessed ? lastAccessed(iam, u.Arn!, options.sleep) : null,
  ]);
  return {
    accountId: account.id,
    accountName: account.name,
    userName: UserName,
    userId: u.UserId ?? '',
    arn: u.Arn ?? '',
    path: u.Path ?? '/',
    created: iso(u.CreateDate) ?? '',
    tags,
    password,
    mfa: mfa.map((m) => ({ serial: m.SerialNumber!, virtual: m.SerialNumber!.includes(':mfa/') })),
    accessKeys: keys,
    signingCertificates: certs.map((c) => ({
      id: c.CertificateId!,
      status: c.Status === 'Active' ? 'Active' : 'Inactive',
    })),
    sshPublicKeys: ssh.map((k) => ({
      id: k.SSHPublicKeyId!,
      status: k.Status === 'Active' ? 'Active' : 'Inactive',
    })),
    serviceSpecificCredentials: service.map((c) => ({
      id: c.ServiceSpecificCredentialId!,
      status: c.Status === 'Active' ? 'Active' : 'Inactive',
      service: c.ServiceName ?? '',
    })),
    groups: [...(u.GroupList ?? [])].sort(),
    attachedPolicies: (u.AttachedManagedPolicies ?? []).map((p) => ({
      name: p.PolicyName!,
      arn: p.PolicyArn!,
    })),
    inlinePolicies: (u.UserPolicyList ?? []).map((p) => ({
      name: p.PolicyName!,
      document: decode(p.PolicyDocument),
    })),
    permissionsBoundary: u.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    servicesLastAccessed: accessed,
    deactivation: deactivationOf(tags),
  };
}

export interface AccountUsers {
  account: IamAccountRead;
  users: UserFacts[];
}

/** One account's users (see the module comment); an account that cannot be read is `unreachable`. */
export async function readAccountUsers(
  account: { id: string; name: string },
  options: IamUsersReadOptions,
): Promise<AccountUsers> {
  try {
    const session = options.inAccount(account.id);
    const iam = session.iam();
    const [details, report] = await Promise.all([
      authorizationDetails(iam),
      credentialReport(session, options.sleep),
    ]);
    const users = await mapLimit(details.users, options.concurrency ?? 4, (u) =>
      userFacts(iam, account, u, report?.get(u.UserName ?? ''), options),
    );
    const groups: IamGroupRecord[] = details.groups.map((g) => ({
      name: g.GroupName!,
      path: g.Path ?? '/',
      attachedPolicies: (g.AttachedManagedPolicies ?? []).map((p) => ({
        name: p.PolicyName!,
        arn: p.PolicyArn!,
      })),
      inlinePolicies: (g.GroupPolicyList ?? []).map((p) => ({
        name: p.PolicyName!,
        document: decode(p.PolicyDocument),
      })),
    }));
    const adminRoles = details.roles
      .filter((r) => (r.AttachedManagedPolicies ?? []).some((p) => p.PolicyArn === ADMIN_POLICY))
      .map((r) => r.RoleName!)
      .sort();
    return {
      account: {
        accountId: account.id,
        accountName: account.name,
        status: 'read',
        users: users.length,
        credentialsFrom: report ? 'credential-report' : 'per-user calls',
        groups,
        adminRoles,
      },
      users,
    };
  } catch (error) {
    if (!(error instanceof AwsCallError) && !(error instanceof OrgwardError)) throw error;
    return {
      account: {
        accountId: account.id,
        accountName: account.name,
        status: 'unreachable',
        error:
          error instanceof AwsCallError
            ? `${error.service}:${error.operation} ${error.awsCode}`
            : error.message,
        users: 0,
        credentialsFrom: 'per-user calls',
        groups: [],
        adminRoles: [],
      },
      users: [],
    };
  }
}

/** Every account's users, `accountConcurrency` accounts at a time. */
export async function readIamUsers(
  accounts: ReadonlyArray<{ id: string; name: string }>,
  options: IamUsersReadOptions & { accountConcurrency?: number; onAccount?: () => void },
): Promise<AccountUsers[]> {
  // IAM's rates are per account: accounts go side by side, bounded by the sessions held at once.
  return mapLimit(accounts, options.accountConcurrency ?? 16, async (a) => {
    const read = await readAccountUsers(a, options);
    options.onAccount?.();
    return read;
  });
}
