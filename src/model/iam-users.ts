/**
 * IAM users across the organization (`orgward iam-users`): what is read about each one (inventory), how
 * it is classified, and the retirement plan that deactivates and later deletes it. Plain data, written
 * as JSON by `--format json` and read back by `iam-users retire --inventory`.
 */

export const IAM_INVENTORY_VERSION = 1;

export interface IamAccessKey {
  id: string;
  status: 'Active' | 'Inactive';
  created: string;
  /** The last use AWS recorded (the first use in each 15-minute window), or null when never used. */
  lastUsed: { date: string; service: string; region: string } | null;
}

export interface IamCredential {
  id: string;
  status: 'Active' | 'Inactive';
}

export interface IamPolicyRef {
  name: string;
  arn: string;
}

export interface IamInlinePolicy {
  name: string;
  /** The policy document as JSON text. */
  document: string;
}

export interface IamGroupRecord {
  name: string;
  path: string;
  attachedPolicies: IamPolicyRef[];
  inlinePolicies: IamInlinePolicy[];
}

/** What orgward did to a user in the deactivate phase (kept in its tags until deletion). */
export interface IamDeactivation {
  /** When the phase ran (ISO). */
  at: string;
  /** Access keys it made inactive (ids). */
  keys: string[];
  /** Whether it removed a console password. */
  password: boolean;
}

export type IamUserKind = 'human' | 'machine' | 'dormant' | 'break-glass';

export interface IamUserRecord {
  accountId: string;
  accountName: string;
  userName: string;
  userId: string;
  arn: string;
  path: string;
  created: string;
  tags: Record<string, string>;
  password: { enabled: boolean; lastUsed: string | null };
  mfa: Array<{ serial: string; virtual: boolean }>;
  accessKeys: IamAccessKey[];
  signingCertificates: IamCredential[];
  sshPublicKeys: IamCredential[];
  serviceSpecificCredentials: Array<IamCredential & { service: string }>;
  groups: string[];
  attachedPolicies: IamPolicyRef[];
  inlinePolicies: IamInlinePolicy[];
  permissionsBoundary: string | null;
  /** Services the user called, most recent first (only with `--last-accessed`). */
  servicesLastAccessed: Array<{ service: string; date: string; region: string | null }> | null;
  /** Set when orgward's deactivate phase ran for the user (read from its tags). */
  deactivation: IamDeactivation | null;
  classification: IamClassification;
}

export interface IamClassification {
  kind: IamUserKind;
  /** The last use of any credential (password or key), or null when never used. */
  lastActivity: string | null;
  /** Why it was classified so, in a few words each. */
  reasons: string[];
}

export interface IamAccountRead {
  accountId: string;
  accountName: string;
  /** `read`: every user read; `unreachable`: the member role could not be assumed or IAM refused. */
  status: 'read' | 'unreachable';
  error?: string;
  users: number;
  /** Which source gave the credential facts: one credential report, or calls per user. */
  credentialsFrom: 'credential-report' | 'per-user calls';
  /** Groups of the account with their policies (for mapping to permission sets). */
  groups: IamGroupRecord[];
  /** Roles with AdministratorAccess (Identity Center's `AWSReservedSSO_*` included): other ways to administer the account. */
  adminRoles: string[];
}

export interface IamInventory {
  version: typeof IAM_INVENTORY_VERSION;
  takenAt: string;
  organizationId: string | null;
  /** Days without use after which a user is dormant. */
  dormantDays: number;
  accounts: IamAccountRead[];
  users: IamUserRecord[];
  /** AWS calls made to read it (by service:operation). */
  calls: Record<string, number>;
}

/** Tag keys orgward writes on a user it deactivated, so rollback and the delete phase know what it did. */
export const DEACTIVATED_AT_TAG = 'orgward:deactivated-at';
export const DEACTIVATED_KEYS_TAG = 'orgward:deactivated-keys';
export const DEACTIVATED_PASSWORD_TAG = 'orgward:deactivated-password';

/** One step of retiring IAM users, in the IAM API's order (AWS does not cascade a user's deletion). */
export type RetireStep =
  | { kind: 'deactivate-key'; keyId: string }
  | { kind: 'delete-login-profile' }
  | { kind: 'tag-deactivation'; at: string; keys: string[]; password: boolean }
  | { kind: 'check-unused-since'; since: string }
  | { kind: 'delete-key'; keyId: string }
  | { kind: 'deactivate-mfa'; serial: string; virtual: boolean }
  | { kind: 'delete-signing-certificate'; id: string }
  | { kind: 'delete-ssh-key'; id: string }
  | { kind: 'delete-service-credential'; id: string }
  | { kind: 'remove-from-group'; group: string }
  | { kind: 'delete-inline-policy'; name: string }
  | { kind: 'detach-policy'; arn: string }
  | { kind: 'delete-boundary' }
  | { kind: 'delete-user' }
  | { kind: 'reactivate-key'; keyId: string }
  | { kind: 'untag-deactivation' };

export type RetirePhase = 'deactivate' | 'delete' | 'rollback';

export interface RetireUserPlan {
  accountId: string;
  accountName: string;
  userName: string;
  kind: IamUserKind;
  steps: RetireStep[];
}

export interface RetireRefusal {
  accountId: string;
  accountName: string;
  userName: string;
  reason: string;
  /** What to do about it. */
  fix: string;
}

export interface RetirePlan {
  phase: RetirePhase;
  createdAt: string;
  users: RetireUserPlan[];
  refused: RetireRefusal[];
}
