/**
 * Who is calling. By default the sandbox accepts any SigV4 signature (it does not check it; with
 * `auth.verifySignatures` signature.ts checks it first and accepts only the keys it lists) and derives
 * the caller from the access key id in the `Authorization` credential scope:
 *
 * - a key the sandbox issued (STS session, IAM user or root access key) acts as that principal, in its account;
 * - a key that is exactly 12 digits (`AWS_ACCESS_KEY_ID=210987654321`) acts as the administrator of that
 *   account, so a test can be a standalone account or a second organization's management account;
 * - any other key acts as the administrator of the default account (`123456789012` unless configured).
 *
 * The administrator is an IAM-user-like principal `arn:aws:iam::<id>:user/sandbox-admin` with every
 * permission; it is not listed by IAM `ListUsers`.
 */
import { AwsError } from './errors.js';
import { recordServiceUse } from './services/iam/state.js';
import { ensureAccount, isAccountId, type CredentialRecord, type World } from './world.js';

export type CallerKind = 'admin' | 'user' | 'root' | 'role' | 'root-session';

export interface Caller {
  kind: CallerKind;
  accountId: string;
  arn: string;
  /** `GetCallerIdentity.UserId`. */
  userId: string;
  accessKeyId: string;
  userName?: string;
  roleName?: string;
  sessionName?: string;
  /** For `root-session`: the task policy that limits what the session may do. */
  taskPolicyArn?: string;
}

export interface Credential {
  accessKeyId: string;
  region: string;
  /** Signing name from the credential scope (`iam`, `sts`, `organizations`, ...). */
  service: string;
}

const CREDENTIAL_RE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export function parseAuthorization(header: string | undefined): Credential | undefined {
  if (!header) return undefined;
  const match = CREDENTIAL_RE.exec(header);
  if (!match) return undefined;
  return { accessKeyId: match[1]!, region: match[2]!, service: match[3]! };
}

/**
 * The credential a request is signed with: the `Authorization` header, or a presigned URL's
 * `X-Amz-Credential` query parameter. Undefined for an unsigned (anonymous) request.
 */
export function credentialOf(request: {
  headers: Record<string, string>;
  query: Record<string, string | string[]>;
}): Credential | undefined {
  const fromHeader = parseAuthorization(request.headers.authorization);
  if (fromHeader) return fromHeader;
  const presigned = request.query['X-Amz-Credential'];
  return typeof presigned === 'string' ? parseAuthorization(`Credential=${presigned}`) : undefined;
}

export const SANDBOX_ADMIN_USER = 'sandbox-admin';

export function adminCaller(accountId: string, accessKeyId: string): Caller {
  return {
    kind: 'admin',
    accountId,
    arn: `arn:aws:iam::${accountId}:user/${SANDBOX_ADMIN_USER}`,
    userId: `AIDASANDBOXADMIN${accountId.slice(-4)}`,
    accessKeyId,
    userName: SANDBOX_ADMIN_USER,
  };
}

function callerFromRecord(world: World, accessKeyId: string, record: CredentialRecord): Caller {
  switch (record.kind) {
    case 'user':
      return {
        kind: 'user',
        accountId: record.accountId,
        arn: `arn:aws:iam::${record.accountId}:user${world.accounts[record.accountId]?.iam.users[record.userName]?.path ?? '/'}${record.userName}`,
        userId: accessKeyId.replace(/^AKIA/, 'AIDA'),
        accessKeyId,
        userName: record.userName,
      };
    case 'root':
      return {
        kind: 'root',
        accountId: record.accountId,
        arn: `arn:aws:iam::${record.accountId}:root`,
        userId: record.accountId,
        accessKeyId,
      };
    case 'role':
      return {
        kind: 'role',
        accountId: record.accountId,
        arn: `arn:aws:sts::${record.accountId}:assumed-role/${record.roleName}/${record.sessionName}`,
        userId: `${record.roleId}:${record.sessionName}`,
        accessKeyId,
        roleName: record.roleName,
        sessionName: record.sessionName,
      };
    case 'root-session':
      return {
        kind: 'root-session',
        accountId: record.accountId,
        arn: `arn:aws:iam::${record.accountId}:root`,
        userId: record.accountId,
        accessKeyId,
        taskPolicyArn: record.taskPolicyArn,
      };
  }
}

/**
 * @param expiredCode the protocol's spelling of the expired-token error (`ExpiredToken` for awsQuery,
 *   `ExpiredTokenException` for JSON protocols).
 */
export function resolveCaller(
  world: World,
  credential: Credential | undefined,
  now: Date,
  expiredCode: string,
): Caller {
  const accessKeyId = credential?.accessKeyId ?? 'ANONYMOUS';
  const record = Object.hasOwn(world.credentials, accessKeyId) ? world.credentials[accessKeyId] : undefined;
  if (record) {
    if (
      (record.kind === 'role' || record.kind === 'root-session') &&
      Date.parse(record.expiration) <= now.getTime()
    ) {
      throw new AwsError(expiredCode, 'The security token included in the request is expired', {
        status: 400,
      });
    }
    if (record.kind === 'user' || record.kind === 'root') {
      const iam = world.accounts[record.accountId]?.iam;
      const keys = record.kind === 'root' ? iam?.root.accessKeys : iam?.users[record.userName]?.accessKeys;
      const key = keys?.find((k) => k.accessKeyId === accessKeyId);
      if (!key || key.status !== 'Active') {
        throw new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', {
          status: 403,
        });
      }
      key.lastUsed = {
        date: now.toISOString(),
        serviceName: credential?.service ?? 'unknown',
        region: credential?.region ?? 'us-east-1',
      };
      if (record.kind === 'user')
        recordServiceUse(
          world.accounts[record.accountId]!,
          record.userName,
          credential?.service ?? 'unknown',
          credential?.region ?? 'us-east-1',
          now,
        );
    }
    return callerFromRecord(world, accessKeyId, record);
  }
  const accountId = isAccountId(accessKeyId) ? accessKeyId : world.defaultAccountId;
  ensureAccount(world, accountId, now);
  return adminCaller(accountId, accessKeyId);
}
