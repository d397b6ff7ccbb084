/**
 * Centralized root access (docs/root.md#how-centralized-root-access-works): what orgward knows about
 * member root users, and the plans and results of the root commands. Plain data, rendered by
 * src/render/root.ts and written as JSON.
 */

export const ROOT_STATUS_VERSION = 1;

/** IAM's organization features and who may run root tasks. */
export interface RootFeatures {
  /** Trusted access for iam.amazonaws.com (needed for everything else). */
  trustedAccess: boolean;
  /** `RootCredentialsManagement`: audit, delete and recover member root credentials. */
  credentialsManagement: boolean;
  /** `RootSessions`: the privileged tasks (unlock a bucket or queue). */
  rootSessions: boolean;
  /** The IAM delegated administrator, if one is registered. */
  delegatedAdministrator: string | null;
}

export interface AccessKeyDetail {
  id: string;
  status: string;
  createdAt: string | null;
  /** When the key was last used (null: never, or not known). */
  lastUsed: string | null;
  lastUsedService: string | null;
}

export interface MfaDeviceDetail {
  serial: string;
  virtual: boolean;
}

/** One root user's credentials. Counts come from `GetAccountSummary`; details only from a root session. */
export interface RootCredentials {
  password: boolean;
  accessKeys: number;
  signingCertificates: number;
  mfaDevices: number;
  /** With `--deep` (a root audit session) and in deletion plans: every key, certificate and device. */
  detail?: {
    accessKeys: AccessKeyDetail[];
    signingCertificates: string[];
    mfaDevices: MfaDeviceDetail[];
  };
}

export type RootAccountStatus = 'clean' | 'has-credentials' | 'unknown';

export interface RootAccount {
  id: string;
  name: string;
  ouPath: string;
  /** What was read, or null when it could not be (see `reason`). */
  credentials: RootCredentials | null;
  status: RootAccountStatus;
  /** Why the status is unknown. */
  reason?: string;
  /** How it was read: the member's audit role (`summary`) or a root audit session (`root-session`). */
  source: 'summary' | 'root-session';
}

export interface RootStatus {
  version: typeof ROOT_STATUS_VERSION;
  generatedAt: string;
  organizationId: string;
  features: RootFeatures;
  /** The management account: outside centralized root access; its root keeps a (hardware) MFA device. */
  management: RootAccount;
  /** Member accounts, by name. */
  accounts: RootAccount[];
}

export function hasCredentials(c: RootCredentials): boolean {
  return c.password || c.accessKeys > 0 || c.signingCertificates > 0 || c.mfaDevices > 0;
}

export function statusOf(c: RootCredentials | null): RootAccountStatus {
  if (!c) return 'unknown';
  return hasCredentials(c) ? 'has-credentials' : 'clean';
}
