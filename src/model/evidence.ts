/**
 * What the audit collects (src/read/audit/) and the checks judge. Plain JSON, so a collection saved to
 * a file can be audited again offline (`orgward audit --snapshot FILE`).
 *
 * Every piece is {@link Got}: the value, or why it could not be read. A check that meets an unread piece
 * reports UNKNOWN with that reason, never FAIL (docs/audit.md#results).
 */
import type { OrgSnapshot } from './snapshot.js';

export const COLLECTION_VERSION = 1;

export type Got<T> = { ok: true; value: T } | { ok: false; reason: string; code: string };

export const got = <T>(value: T): Got<T> => ({ ok: true, value });
export const missing = <T>(code: string, reason: string): Got<T> => ({ ok: false, code, reason });

export interface Trail {
  arn: string;
  name: string;
  homeRegion: string;
  isOrganizationTrail: boolean;
  isMultiRegion: boolean;
  includeGlobalServiceEvents: boolean;
  logFileValidation: boolean;
  kmsKeyId: string | null;
  s3BucketName: string | null;
  /** Only for trails the management account owns: status and selectors. */
  isLogging?: boolean;
  latestDeliveryError?: string | null;
  /** Management events read and write are selected (classic or advanced selectors). */
  managementEventsAll?: boolean;
}

export interface ConfigRegion {
  recorders: Array<{
    name: string;
    roleArn: string;
    allSupported: boolean;
    includeGlobalResourceTypes: boolean;
    /** Service-linked recorders (`servicePrincipal`) are not the account's own. */
    servicePrincipal: string | null;
    recording: boolean;
    lastStatus: string | null;
  }>;
  channels: Array<{
    name: string;
    s3BucketName: string | null;
    historyStatus: string | null;
    snapshotStatus: string | null;
  }>;
}

export interface BlockPublicAccess {
  vpc: Got<{ mode: string; managedBy: string | null; exclusionsAllowed: string | null }>;
  image: Got<{ state: string; managedBy: string | null }>;
  snapshot: Got<{ state: string; managedBy: string | null }>;
}

export interface Workloads {
  instances: string[];
  loadBalancers: string[];
  functions: string[];
  dbInstances: string[];
  /** Non-default VPCs. */
  vpcs: string[];
}

export interface RegionEvidence {
  config: Got<ConfigRegion>;
  blockPublicAccess: BlockPublicAccess;
  /** Read per account only where no delegated administrator answers for the region. */
  guardDuty?: Got<{ enabled: boolean }>;
  securityHub?: Got<{ enabled: boolean; standards: string[] }>;
  /** Management account only (MGMT-01). */
  workloads?: Got<Workloads>;
}

export interface CredentialReportRow {
  user: string;
  /** `<root_account>` for the root row. */
  arn: string;
  passwordEnabled: boolean;
  passwordLastUsed: string | null;
  mfaActive: boolean;
  accessKeys: Array<{ active: boolean; lastRotated: string | null; lastUsed: string | null }>;
}

export interface AccountEvidence {
  /** Regions audited in this account (enabled, not denied by SCP, within `--regions`). */
  regions: Got<string[]>;
  /** Enabled regions an SCP denies: not scanned, reported UNKNOWN. */
  scpDeniedRegions: string[];
  /** `iam:GetAccountSummary` SummaryMap. */
  summary: Got<{
    mfaEnabled: boolean;
    passwordPresent: boolean;
    accessKeysPresent: boolean;
    signingCertificatesPresent: boolean;
    users: number;
  }>;
  /** A virtual MFA device is assigned to the root user. */
  rootVirtualMfa: Got<boolean>;
  credentialReport: Got<CredentialReportRow[]>;
  /** `s3control:GetPublicAccessBlock`; null when none is set. */
  s3AccountBlock: Got<{
    blockPublicAcls: boolean;
    ignorePublicAcls: boolean;
    blockPublicPolicy: boolean;
    restrictPublicBuckets: boolean;
  } | null>;
  buckets: Got<string[]>;
  /** Trails visible in the home region, shadow trails of organization trails included. */
  trails: Got<Trail[]>;
  byRegion: Record<string, RegionEvidence>;
}

export interface GuardDutyRegion {
  autoEnable: 'ALL' | 'NEW' | 'NONE';
  features: Record<string, string>;
  /** Member account → relationship status (`Enabled`, `Disabled`, `Removed` ...). */
  members: Record<string, string>;
  adminDetectorEnabled: boolean;
}

export interface SecurityHubRegion {
  configurationType: string | null;
  status: string | null;
  autoEnable: boolean;
  /** New members get the default standards (`AutoEnableStandards=DEFAULT`). */
  autoEnableStandards: boolean;
  members: Record<string, string>;
  adminHubEnabled: boolean;
  adminStandards: string[];
  aggregator: { region: string; mode: string; regions: string[] } | null;
  /**
   * Central configuration, read in the home region: account → the standards (ARN tails such as
   * `aws-foundational-security-best-practices/v/1.0.0`) its governing configuration policy enables,
   * or null where the account manages itself. Absent in local configuration.
   */
  policyStandards?: Record<string, string[] | null>;
}

export interface LogBucket {
  name: string;
  publicAccessBlock: boolean;
  isPublic: boolean;
  tlsOnly: boolean;
  versioning: boolean;
  objectLock: boolean;
  logging: boolean;
}

export interface StackSet {
  name: string;
  permissionModel: string;
  autoDeployment: boolean;
  /** `RetainStacksOnAccountRemoval`: an account leaving keeps its stack (and resources). */
  retainStacks?: boolean;
  /** OU and root ids the stack set deploys to. */
  targets: string[];
  instances: Array<{ accountId: string; region: string; status: string; detailedStatus: string | null }>;
}

export interface CentralEvidence {
  /** `iam:ListOrganizationsFeatures`. */
  rootFeatures: Got<string[]>;
  /** The management account's own trails in the home region, with status and selectors. */
  trails: Got<Trail[]>;
  /** region → accounts that are GuardDuty / Security Hub administrators there. */
  guardDutyAdmins: Record<string, Got<string[]>>;
  securityHubAdmins: Record<string, Got<string[]>>;
  /** The delegated administrator's organization-wide views, per region. */
  guardDuty: Record<string, Got<GuardDutyRegion>>;
  securityHub: Record<string, Got<SecurityHubRegion>>;
  configAggregator: Got<{
    name: string;
    region: string;
    allRegions: boolean;
    regions: string[];
    sources: Array<{ accountId: string; region: string; status: string }>;
  } | null>;
  organizationConformancePacks: Got<string[]>;
  organizationConfigRules: Got<string[]>;
  accessAnalyzers: Record<string, Got<Array<{ name: string; type: string; status: string }>>>;
  stackSets: Got<{ organizationsAccess: boolean; stackSets: StackSet[] }>;
  /** account → a SECURITY alternate contact is set. */
  securityContacts: Record<string, Got<boolean>>;
  /** account → effective EC2 declarative policy (`ec2_attributes`), null when none applies. */
  declarativePolicies: Record<string, Got<Record<string, unknown> | null>>;
  logBucket: Got<LogBucket | null>;
}

/** Who plays which part in this organization (from settings, else inferred). */
export interface AuditRoles {
  securityTooling: string | null;
  logArchive: string | null;
  /** How each was decided, for the report. */
  notes: string[];
}

export interface AuditCollection {
  version: typeof COLLECTION_VERSION;
  collectedAt: string;
  homeRegion: string;
  /** Every region considered (the union over accounts). */
  regions: string[];
  snapshot: OrgSnapshot;
  roles: AuditRoles;
  central: CentralEvidence;
  accounts: Record<string, AccountEvidence>;
  cost?: { calls: number; throttled: number; retried: number; wallMs: number };
}
