/**
 * Reading root users (docs/root.md#reading-a-root-user). The light read is `iam:GetAccountSummary`
 * through the member's audit role: real time, no root session, nothing in the member's CloudTrail that
 * looks like root. The deep read is a root session (`sts:AssumeRoot`) that lists every key, certificate
 * and MFA device.
 */
import {
  GetAccessKeyLastUsedCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListSigningCertificatesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ROOT_TASK_POLICIES, type ClientFactory } from '../aws/clients.js';
import { AwsCallError } from '../errors/index.js';
import type { OrgSnapshot, SnapshotAccount } from '../model/snapshot.js';
import { isNoSuchEntity } from '../aws/errors.js';
import { mapLimit } from '../util/pool.js';
import { featuresOf, members, ouPathOf } from './targets.js';
import {
  ROOT_STATUS_VERSION,
  statusOf,
  type AccessKeyDetail,
  type RootAccount,
  type RootCredentials,
  type RootStatus,
} from './types.js';

export interface RootReadOptions {
  /** Read through root audit sessions (`IAMAuditRootUserCredentials`) instead of account summaries. */
  deep?: boolean;
  /** The role the light read assumes in each member account. */
  roleName: string;
  /** Only these accounts (default: every member). */
  accounts?: SnapshotAccount[];
  concurrency?: number;
  now?: Date;
}

/** Counts from `GetAccountSummary` (the root user's credentials are the `Account*` entries). */
export async function readSummary(iam: IAMClient): Promise<RootCredentials> {
  const map = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
  return {
    password: (map.AccountPasswordPresent ?? 0) > 0,
    accessKeys: map.AccountAccessKeysPresent ?? 0,
    signingCertificates: map.AccountSigningCertificatesPresent ?? 0,
    mfaDevices: map.AccountMFAEnabled ?? 0,
  };
}

/**
 * Every root credential, from inside a root session (audit or delete task policy): no `UserName`, so each
 * call acts on the root user. Keys come with their last use.
 */
export async function readInSession(iam: IAMClient): Promise<RootCredentials> {
  const password = await iam.send(new GetLoginProfileCommand({})).then(
    () => true,
    (error: unknown) => {
      if (isNoSuchEntity(error)) return false;
      throw error;
    },
  );
  const keys = (await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata ?? [];
  const accessKeys: AccessKeyDetail[] = [];
  for (const key of keys) {
    const id = key.AccessKeyId ?? '';
    const used = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id }))).AccessKeyLastUsed;
    accessKeys.push({
      id,
      status: key.Status ?? 'Active',
      createdAt: key.CreateDate?.toISOString() ?? null,
      lastUsed: used?.LastUsedDate?.toISOString() ?? null,
      lastUsedService: used?.ServiceName && used.ServiceName !== 'N/A' ? used.ServiceName : null,
    });
  }
  const certificates = (await iam.send(new ListSigningCertificatesCommand({}))).Certificates ?? [];
  const devices = (await iam.send(new ListMFADevicesCommand({}))).MFADevices ?? [];
  const mfaDevices = devices.map((d) => ({
    serial: d.SerialNumber ?? '',
    virtual: /:mfa\//.test(d.SerialNumber ?? ''),
  }));
  return {
    password,
    accessKeys: accessKeys.length,
    signingCertificates: certificates.length,
    mfaDevices: mfaDevices.length,
    detail: {
      accessKeys,
      signingCertificates: certificates.map((c) => c.CertificateId ?? ''),
      mfaDevices,
    },
  };
}

export function reasonOf(error: unknown): string {
  if (error instanceof AwsCallError)
    return `${error.awsCode}: ${error.message.replace(/^.*?failed: [^:]+: /, '')}`;
  return error instanceof Error ? error.message : String(error);
}

/** Root users of the management account (read with the caller's own credentials) and of the members. */
export async function readRootStatus(
  factory: ClientFactory,
  snapshot: OrgSnapshot,
  options: RootReadOptions,
): Promise<RootStatus> {
  const now = options.now ?? new Date();
  const pathOf = ouPathOf(snapshot);
  const managementId = snapshot.organization.managementAccountId;
  const managementAccount = snapshot.accounts.find((a) => a.id === managementId);
  const entry = (
    account: { id: string; name: string },
    source: RootAccount['source'],
    credentials: RootCredentials | null,
    reason?: string,
  ): RootAccount => ({
    id: account.id,
    name: account.name,
    ouPath: pathOf(account.id),
    credentials,
    status: statusOf(credentials),
    ...(reason ? { reason } : {}),
    source,
  });

  const management = await readSummary(factory.iam()).then(
    (c) => entry({ id: managementId, name: managementAccount?.name ?? managementId }, 'summary', c),
    (error: unknown) =>
      entry(
        { id: managementId, name: managementAccount?.name ?? managementId },
        'summary',
        null,
        reasonOf(error),
      ),
  );
  const targets = options.accounts ?? members(snapshot);
  const accounts = await mapLimit(targets, options.concurrency ?? 8, async (account) => {
    const source = options.deep ? 'root-session' : 'summary';
    if (account.state !== 'ACTIVE')
      return entry(account, source, null, `the account is ${account.state.toLowerCase()}`);
    try {
      const credentials = options.deep
        ? await readInSession(
            factory.assumeRoot(account.id, ROOT_TASK_POLICIES.auditRootUserCredentials).iam(),
          )
        : await readSummary(factory.assumeRole(account.id, options.roleName, 'orgward-root-status').iam());
      return entry(account, source, credentials);
    } catch (error) {
      return entry(account, source, null, reasonOf(error));
    }
  });
  return {
    version: ROOT_STATUS_VERSION,
    generatedAt: now.toISOString(),
    organizationId: snapshot.organization.id,
    features: featuresOf(snapshot),
    management,
    accounts,
  };
}
