/**
 * What the access answers need beyond a snapshot: the documents the permission sets name, and — for the
 * jump-account pattern — IAM users, groups and roles with their policies.
 *
 * - AWS-managed policies (the same in every account): one `GetPolicy` + `GetPolicyVersion` per distinct
 *   ARN, from the caller's account.
 * - Customer-managed policies a permission set references: per account where the set is assigned, one
 *   session through the member role and the same two calls per policy (`read/account-policies.ts`).
 * - IAM (`--iam-roles`): per account one paginated `GetAccountAuthorizationDetails` (users with groups and
 *   policies, groups, roles with trust policies, the account's own managed policies with their documents);
 *   AWS-managed policies attached there come from the first read.
 *
 * An account that cannot be read is recorded with the reason; answers through it then say what they
 * depend on instead of guessing.
 */
import {
  ListMFADevicesCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { trustedAccounts } from '../access/effective.js';
import type { AccessIamAccount, AttachedPolicy } from '../access/model.js';
import type { ClientFactory } from '../aws/clients.js';
import { OrgwardError } from '../errors/index.js';
import { mapLimit } from '../util/pool.js';
import { readAccountPolicies, readDefaultVersion } from './account-policies.js';
import { authorizationDetailPages } from './iam-users.js';

export interface AccessReadResult {
  awsManaged: Record<string, string>;
  customerManaged: Record<string, string | null>;
  iam: Record<string, AccessIamAccount>;
  /** Account id → why it could not be read. */
  unreadable: Record<string, string>;
}

type Details = GetAccountAuthorizationDetailsCommandOutput;

const decode = (doc: string | undefined) => (doc ? decodeURIComponent(doc) : '{"Statement":[]}');
const tagsOf = (tags: Array<{ Key?: string; Value?: string }> | undefined) =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));

/** One account's IAM as the access model holds it; AWS-managed documents resolved through `managed`. */
function iamAccount(pages: Details[], managed: (arn: string) => string | undefined): AccessIamAccount {
  const local = new Map<string, string>();
  for (const p of pages.flatMap((page) => page.Policies ?? [])) {
    const version = p.PolicyVersionList?.find((v) => v.IsDefaultVersion);
    if (p.Arn) local.set(p.Arn, decode(version?.Document));
  }
  const attached = (list: Array<{ PolicyArn?: string; PolicyName?: string }> | undefined) =>
    (list ?? []).flatMap((a): AttachedPolicy[] => {
      const document = local.get(a.PolicyArn ?? '') ?? managed(a.PolicyArn ?? '');
      return document === undefined ? [] : [{ name: a.PolicyName ?? a.PolicyArn ?? '', document }];
    });
  const inline = (list: Array<{ PolicyName?: string; PolicyDocument?: string }> | undefined) =>
    (list ?? []).map((p) => ({ name: `${p.PolicyName ?? ''} (inline)`, document: decode(p.PolicyDocument) }));
  const boundary = (arn: string | undefined) => {
    const document = arn ? (local.get(arn) ?? managed(arn)) : undefined;
    return arn && document !== undefined ? { boundary: { name: arn, document } } : {};
  };
  return {
    users: pages
      .flatMap((page) => page.UserDetailList ?? [])
      .map((u) => {
        const tags = tagsOf(u.Tags);
        return {
          userName: u.UserName ?? '',
          arn: u.Arn ?? '',
          groups: u.GroupList ?? [],
          policies: [...inline(u.UserPolicyList), ...attached(u.AttachedManagedPolicies)],
          ...boundary(u.PermissionsBoundary?.PermissionsBoundaryArn),
          tags,
        };
      }),
    groups: Object.fromEntries(
      pages
        .flatMap((page) => page.GroupDetailList ?? [])
        .map((g) => [
          g.GroupName ?? '',
          [...inline(g.GroupPolicyList), ...attached(g.AttachedManagedPolicies)],
        ]),
    ),
    roles: pages
      .flatMap((page) => page.RoleDetailList ?? [])
      .filter((r) => !(r.Path ?? '/').startsWith('/aws-service-role/'))
      .map((r) => ({
        roleName: r.RoleName ?? '',
        arn: r.Arn ?? '',
        trustPolicy: decode(r.AssumeRolePolicyDocument),
        policies: [...inline(r.RolePolicyList), ...attached(r.AttachedManagedPolicies)],
        ...boundary(r.PermissionsBoundary?.PermissionsBoundaryArn),
        tags: tagsOf(r.Tags),
      })),
  };
}

/** AWS-managed ARNs attached anywhere in the pages (policies, boundaries) that are not the account's own. */
function managedArns(pages: Details[]): string[] {
  const arns = new Set<string>();
  const add = (arn: string | undefined) => arn?.startsWith('arn:aws:iam::aws:') && arns.add(arn);
  for (const page of pages) {
    for (const x of [...(page.UserDetailList ?? []), ...(page.GroupDetailList ?? [])])
      for (const a of x.AttachedManagedPolicies ?? []) add(a.PolicyArn);
    for (const r of page.RoleDetailList ?? []) {
      for (const a of r.AttachedManagedPolicies ?? []) add(a.PolicyArn);
      add(r.PermissionsBoundary?.PermissionsBoundaryArn);
    }
    for (const u of page.UserDetailList ?? []) add(u.PermissionsBoundary?.PermissionsBoundaryArn);
  }
  return [...arns];
}

export interface AccessReadOptions {
  factory: ClientFactory;
  inAccount: (accountId: string) => ClientFactory;
  callerAccountId: string;
  memberRoleName: string;
  /** AWS-managed policies the permission sets name. */
  awsManagedArns: string[];
  /** Account id → the customer-managed policies (name, path) its assigned permission sets name. */
  customerManaged: ReadonlyMap<string, ReadonlyArray<{ name: string; path: string }>>;
  /** Accounts whose IAM users, groups and roles to read (the jump-account pattern). */
  iamAccounts: string[];
  concurrency?: number;
}

async function readAwsManaged(iam: IAMClient, arns: string[], into: Record<string, string>) {
  await mapLimit(
    arns.filter((a) => !(a in into)),
    4,
    async (arn) => {
      const found = await readDefaultVersion(iam, arn);
      if (found) into[arn] = found.document;
    },
  );
}

export async function readAccess(options: AccessReadOptions): Promise<AccessReadResult> {
  const result: AccessReadResult = { awsManaged: {}, customerManaged: {}, iam: {}, unreadable: {} };
  const home = options.factory.iam();
  await readAwsManaged(home, options.awsManagedArns, result.awsManaged);
  const cmp = await readAccountPolicies(options.factory, {
    accounts: options.customerManaged,
    memberRoleName: options.memberRoleName,
    callerAccountId: options.callerAccountId,
  });
  Object.assign(result.customerManaged, cmp.documents);
  Object.assign(result.unreadable, cmp.unreadable);
  const pagesByAccount = new Map<string, Details[]>();
  await mapLimit(options.iamAccounts, options.concurrency ?? 8, async (accountId) => {
    try {
      pagesByAccount.set(
        accountId,
        await authorizationDetailPages(options.inAccount(accountId).iam(), [
          'User',
          'Group',
          'Role',
          'LocalManagedPolicy',
        ]),
      );
    } catch (error) {
      if (!(error instanceof OrgwardError)) throw error;
      result.unreadable[accountId] = error.message;
    }
  });
  await readAwsManaged(
    home,
    [...new Set([...pagesByAccount.values()].flatMap(managedArns))],
    result.awsManaged,
  );
  for (const [accountId, pages] of pagesByAccount)
    result.iam[accountId] = iamAccount(pages, (arn) => result.awsManaged[arn]);
  await readHubMfa(options, result.iam);
  return result;
}

/**
 * The MFA device of each IAM user in a hub account (an account another account's role trusts), for the
 * profiles' `mfa_serial`: one `ListMFADevices` per such user.
 */
async function readHubMfa(options: AccessReadOptions, iam: Record<string, AccessIamAccount>) {
  const hubs = new Set<string>();
  for (const [accountId, account] of Object.entries(iam))
    for (const role of account.roles)
      for (const id of trustedAccounts(role.trustPolicy)) if (id !== accountId && iam[id]) hubs.add(id);
  const users = [...hubs].flatMap((id) => iam[id]!.users.map((user) => ({ id, user })));
  await mapLimit(users, 4, async ({ id, user }) => {
    const devices = await options
      .inAccount(id)
      .iam()
      .send(new ListMFADevicesCommand({ UserName: user.userName }));
    const serial = devices.MFADevices?.[0]?.SerialNumber;
    if (serial) user.mfaSerial = serial;
  });
}
