/**
 * IAM state, one per account: `account.iam`, declared on the account record here and created with every
 * account ({@link iamOf}). Policy documents are stored as the JSON text the caller sent (IAM returns them
 * URL-encoded on the wire; the handlers encode on the way out).
 */
import { accountMember, type AccountRecord } from '../../world.js';
import type { Tag } from '../organizations/state.js';

declare module '../../world.js' {
  interface AccountRecord {
    /** The account's IAM (`services/iam/state.ts`): the root user, users, groups, roles, policies, ... */
    iam: IamAccountState;
  }
}

export interface AccessKeyState {
  accessKeyId: string;
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  lastUsed?: { date: string; serviceName: string; region: string };
}

export interface MfaDeviceState {
  serialNumber: string;
  kind: 'virtual' | 'hardware';
  /** The user the device is enabled for (`root` for the root user); undefined when not assigned. */
  user?: string;
  enableDate?: string;
  tags: Tag[];
}

export interface SigningCertificateState {
  certificateId: string;
  certificateBody: string;
  status: 'Active' | 'Inactive';
  uploadDate: string;
}

export interface LoginProfileState {
  createDate: string;
  passwordResetRequired: boolean;
  /** Last console sign-in with the password, where seeded. */
  passwordLastUsed?: string;
}

/** An SSH public key for CodeCommit (UploadSSHPublicKey); the body is stored as uploaded. */
export interface SshPublicKeyState {
  sshPublicKeyId: string;
  body: string;
  /** MD5 of the key, colon-separated hex, as AWS shows it. */
  fingerprint: string;
  status: 'Active' | 'Inactive';
  uploadDate: string;
}

/** A service-specific credential (CodeCommit Git credentials, Keyspaces, Bedrock and CloudWatch Logs API keys). */
export interface ServiceSpecificCredentialState {
  serviceSpecificCredentialId: string;
  serviceName: string;
  /** CodeCommit and Keyspaces: `<user>-at-<account id>`. */
  serviceUserName?: string;
  /** Bedrock and CloudWatch Logs API keys: the public part of the key. */
  serviceCredentialAlias?: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  expirationDate?: string;
}

/** When an IAM user last called a service (by IAM service namespace: `s3`, `iam`, ...). */
export interface ServiceUseState {
  date: string;
  region: string;
}

export interface UserState {
  userName: string;
  userId: string;
  path: string;
  createDate: string;
  permissionsBoundary?: string;
  tags: Tag[];
  loginProfile?: LoginProfileState;
  accessKeys: AccessKeyState[];
  signingCertificates: SigningCertificateState[];
  /** Serial numbers of the MFA devices enabled for the user. */
  mfaSerials: string[];
  groups: string[];
  attachedPolicies: string[];
  inlinePolicies: Record<string, string>;
  /** Absent in worlds saved before SSH keys existed; read through {@link sshKeysOf}. */
  sshPublicKeys?: SshPublicKeyState[];
  /** Absent in worlds saved before they existed; read through {@link serviceCredentialsOf}. */
  serviceSpecificCredentials?: ServiceSpecificCredentialState[];
  /** Service last accessed data (GetServiceLastAccessedDetails), by service namespace. */
  servicesLastAccessed?: Record<string, ServiceUseState>;
}

/** The root user's credentials; the root user itself always exists. */
export interface RootUserState {
  loginProfile?: LoginProfileState;
  accessKeys: AccessKeyState[];
  signingCertificates: SigningCertificateState[];
  mfaSerials: string[];
}

export interface GroupState {
  groupName: string;
  groupId: string;
  path: string;
  createDate: string;
  attachedPolicies: string[];
  inlinePolicies: Record<string, string>;
}

export interface RoleState {
  roleName: string;
  roleId: string;
  path: string;
  createDate: string;
  description?: string;
  maxSessionDuration: number;
  assumeRolePolicyDocument: string;
  permissionsBoundary?: string;
  tags: Tag[];
  attachedPolicies: string[];
  inlinePolicies: Record<string, string>;
  /** Roles created by AWS services (Identity Center, Organizations) that IAM refuses to change. */
  protected?: boolean;
  lastUsed?: { date: string; region: string };
}

export interface PolicyVersionState {
  versionId: string;
  document: string;
  isDefault: boolean;
  createDate: string;
}

export interface ManagedPolicyState {
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  description?: string;
  createDate: string;
  updateDate: string;
  versions: PolicyVersionState[];
  tags: Tag[];
}

/** One row of a service last accessed report (GetServiceLastAccessedDetails). */
export interface ServiceLastAccessedRow {
  namespace: string;
  lastAuthenticated?: string;
  region?: string;
  entityArn?: string;
  totalEntities?: number;
}

/** A GenerateServiceLastAccessedDetails job: the report is computed when generated (as of that moment). */
export interface ServiceLastAccessedJob {
  arn: string;
  granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  createdAt: string;
  services: ServiceLastAccessedRow[];
}

export interface IamAccountState {
  root: RootUserState;
  users: Record<string, UserState>;
  groups: Record<string, GroupState>;
  roles: Record<string, RoleState>;
  /** Customer-managed policies by ARN. */
  policies: Record<string, ManagedPolicyState>;
  /** Every MFA device in the account (virtual devices exist before they are enabled), by serial number. */
  mfaDevices: Record<string, MfaDeviceState>;
  accountAliases: string[];
  passwordPolicy?: Record<string, unknown>;
  /** When GenerateCredentialReport last ran (the report reflects state at that time, as AWS's does). */
  credentialReport?: { generatedAt: string; csv: string };
  /** Service last accessed reports by job id. */
  serviceLastAccessedJobs?: Record<string, ServiceLastAccessedJob>;
}

export function emptyIamAccount(): IamAccountState {
  return {
    root: { accessKeys: [], signingCertificates: [], mfaSerials: [] },
    users: {},
    groups: {},
    roles: {},
    policies: {},
    mfaDevices: {},
    accountAliases: [],
  };
}

/** The account's IAM state (created empty, the root user alone, with the account). */
export const iamOf = accountMember('iam', emptyIamAccount);

export function sshKeysOf(user: UserState): SshPublicKeyState[] {
  return (user.sshPublicKeys ??= []);
}

export function serviceCredentialsOf(user: UserState): ServiceSpecificCredentialState[] {
  return (user.serviceSpecificCredentials ??= []);
}

/**
 * Records that an IAM user called a service, for service last accessed reports
 * (GetServiceLastAccessedDetails). `namespace` is the IAM service namespace (the signing name: `s3`,
 * `iam`, `sts`, ...). Unknown users are ignored; an older date never replaces a newer one.
 */
export function recordServiceUse(
  account: AccountRecord,
  userName: string,
  namespace: string,
  region: string,
  date: Date | string,
): void {
  const users = iamOf(account).users;
  const user = Object.hasOwn(users, userName) ? users[userName] : undefined;
  if (!user || namespace === '') return;
  const at = typeof date === 'string' ? date : date.toISOString();
  const uses = (user.servicesLastAccessed ??= {});
  const previous = Object.hasOwn(uses, namespace) ? uses[namespace] : undefined;
  if (previous && Date.parse(previous.date) > Date.parse(at)) return;
  uses[namespace] = { date: at, region };
}
