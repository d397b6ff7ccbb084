/**
 * The security baseline: what `baseline:` in org.yaml asks for (desired), what the baseline reader found
 * (live), and the organization settings the baseline needs (trusted access, delegated administrators).
 * The planner diffs the two; the apply handlers write the difference.
 */
import type { TargetRef } from './desired.js';

export interface DesiredBucket {
  name: string;
  /** The account (by name) that owns the bucket. */
  account: string;
  /** SSE-KMS with this key; else SSE-S3. */
  kmsKeyArn: string | undefined;
  /** Days after which log objects expire; undefined: kept forever. */
  expireAfterDays: number | undefined;
  /** The bucket its server access logs go to (created beside it); undefined: no access logs. */
  accessLogsBucket: string | undefined;
  /** Who writes to it: the organization trail, AWS Config's delivery channels, or both. */
  deliveries: Array<'cloudtrail' | 'config'>;
}

export interface DesiredTrail {
  name: string;
  bucket: string;
  kmsKeyArn: string | undefined;
  logFileValidation: boolean;
  cloudWatchLogs: { logGroupArn: string; roleArn: string } | undefined;
}

export interface DesiredConfig {
  delegatedAdministrator: string;
  bucket: string;
  /** The one region that records global resource types (IAM). */
  globalResourcesRegion: string;
  aggregator: { name: string; account: string };
  conformancePacks: Array<{ name: string; template: string }>;
}

export type AutoEnable = 'ALL' | 'NEW';

export interface GuardDutyFilter {
  name: string;
  description: string;
  action: 'ARCHIVE' | 'NOOP';
  rank: number;
  /** GuardDuty's FindingCriteria.Criterion, as the API takes it (field → condition). */
  criterion: Record<string, Record<string, unknown>>;
}

/**
 * GuardDuty's filter conditions: the word org.yaml uses, the name GuardDuty stores and answers, and the
 * API's deprecated short names (and the long words) that mean the same.
 */
const CONDITIONS: ReadonlyArray<{ word: string; api: string; aliases: string[] }> = [
  { word: 'eq', api: 'Equals', aliases: ['Eq', 'equals'] },
  { word: 'neq', api: 'NotEquals', aliases: ['Neq', 'notEquals'] },
  { word: 'gt', api: 'GreaterThan', aliases: ['Gt'] },
  { word: 'gte', api: 'GreaterThanOrEqual', aliases: ['Gte'] },
  { word: 'lt', api: 'LessThan', aliases: ['Lt'] },
  { word: 'lte', api: 'LessThanOrEqual', aliases: ['Lte'] },
  { word: 'matches', api: 'Matches', aliases: [] },
  { word: 'notMatches', api: 'NotMatches', aliases: [] },
];
const CONDITION_BY_NAME = new Map(
  CONDITIONS.flatMap((c) => [c.word, c.api, ...c.aliases].map((n) => [n, c] as const)),
);

/**
 * A filter criterion with every condition under one spelling (`api`: GuardDuty's, `word`: org.yaml's)
 * and empty conditions dropped: two criteria that mean the same compare equal after this.
 */
export function renameConditions(
  criterion: Record<string, Record<string, unknown>>,
  to: 'api' | 'word',
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(criterion).map(([field, condition]) => [
      field,
      Object.fromEntries(
        Object.entries(condition)
          .filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))
          .map(([k, v]) => [CONDITION_BY_NAME.get(k)?.[to] ?? k, v]),
      ),
    ]),
  );
}

/** The bucket a log bucket's server access logs go to, beside it. */
export const ACCESS_LOGS_SUFFIX = '-access-logs';
export const accessLogsBucketName = (bucket: string) => `${bucket}${ACCESS_LOGS_SUFFIX}`;

export interface DesiredGuardDuty {
  delegatedAdministrator: string;
  autoEnable: AutoEnable;
  /** Organization feature name (S3_DATA_EVENTS, EKS_AUDIT_LOGS, ...) → its auto-enable. */
  features: Record<string, AutoEnable | 'NONE'>;
  filters: GuardDutyFilter[];
}

export interface SecurityHubPolicy {
  name: string;
  description: string;
  enabled: boolean;
  /** Standards ARNs as Security Hub takes them (region-specific ARNs use the home region). */
  standards: string[];
  /** Control ids (IAM.6 ...). */
  disabledControls: string[];
  targets: TargetRef[];
}

export interface DesiredSecurityHub {
  delegatedAdministrator: string;
  policies: SecurityHubPolicy[];
}

export interface DesiredAnalyzer {
  name: string;
  type: 'ORGANIZATION' | 'ORGANIZATION_UNUSED_ACCESS';
}

export type ContactType = 'SECURITY' | 'OPERATIONS' | 'BILLING';
export interface Contact {
  name: string;
  title: string;
  email: string;
  phone: string;
}

/** IAM's UpdateAccountPasswordPolicy fields, as the API takes and answers them. */
export interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry: boolean;
}

export interface DesiredAccountSettings {
  s3BlockPublicAccess: boolean;
  ebsEncryptionByDefault: boolean;
  alternateContacts: Partial<Record<ContactType, Contact>>;
  /** Applied where the account has IAM users. */
  passwordPolicy?: PasswordPolicy | undefined;
}

export interface DesiredStackSet {
  name: string;
  description: string;
  template: string;
  parameters: Record<string, string>;
  capabilities: string[];
  targets: TargetRef[];
  regions: string[];
  autoDeployment: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
  /** CloudFormation's OperationPreferences (FailureToleranceCount ...), as the API takes them. */
  preferences: Record<string, number>;
}

/** The tag on stack sets orgward creates: `prune: [baseline]` deletes only those. */
export const STACK_SET_TAG = { key: 'orgward:managed', value: 'baseline' };

export interface DesiredBaseline {
  regions: string[];
  homeRegion: string;
  /** The role assumed in member accounts for the per-account parts. */
  memberRoleName: string;
  buckets: DesiredBucket[];
  trail: DesiredTrail | undefined;
  config: DesiredConfig | undefined;
  guardDuty: DesiredGuardDuty | undefined;
  securityHub: DesiredSecurityHub | undefined;
  accessAnalyzer: { account: string; analyzers: DesiredAnalyzer[] } | undefined;
  accounts: DesiredAccountSettings | undefined;
  stackSets: DesiredStackSet[];
}

/** The recorder every account gets in every governed region: all types, the service-linked role. */
export const RECORDER_NAME = 'default';
export const CHANNEL_NAME = 'default';
export function configRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
}

/** Service principals whose trusted access the baseline needs, and who is their delegated administrator. */
export function baselineOrganizationNeeds(b: DesiredBaseline): {
  trustedAccess: string[];
  delegatedAdministrators: Array<{ servicePrincipal: string; account: string }>;
} {
  const trusted = new Set<string>();
  const admins: Array<{ servicePrincipal: string; account: string }> = [];
  if (b.trail) trusted.add('cloudtrail.amazonaws.com');
  if (b.config) {
    for (const sp of ['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com']) {
      trusted.add(sp);
      admins.push({ servicePrincipal: sp, account: b.config.delegatedAdministrator });
    }
  }
  // GuardDuty and Security Hub register their administrator themselves (EnableOrganizationAdminAccount).
  if (b.guardDuty) trusted.add('guardduty.amazonaws.com');
  if (b.securityHub) trusted.add('securityhub.amazonaws.com');
  if (b.accessAnalyzer) {
    trusted.add('access-analyzer.amazonaws.com');
    admins.push({ servicePrincipal: 'access-analyzer.amazonaws.com', account: b.accessAnalyzer.account });
  }
  if (b.accounts && Object.keys(b.accounts.alternateContacts).length) trusted.add('account.amazonaws.com');
  if (b.stackSets.length) trusted.add('member.org.stacksets.cloudformation.amazonaws.com');
  return { trustedAccess: [...trusted].sort(), delegatedAdministrators: admins };
}

/** What a bucket policy needs to know of the organization. */
export interface BucketPolicyContext {
  organizationId: string;
  managementAccountId: string;
  partition: string;
  /** The trail's home region and name (for CloudTrail's `aws:SourceArn`). */
  trail: { region: string; name: string } | undefined;
}

/** One Allow statement of the log bucket's policy for a service principal. */
const allow = (sid: string, service: string, action: string, resource: string, condition: unknown) => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: { Service: service },
  Action: action,
  Resource: resource,
  Condition: condition,
});

/** CloudTrail's ACL check and writes for the organization trail, scoped to the trail's ARN. */
function cloudTrailStatements(
  arn: string,
  ctx: BucketPolicyContext,
  trail: { region: string; name: string },
) {
  const source = {
    'aws:SourceArn': `arn:${ctx.partition}:cloudtrail:${trail.region}:${ctx.managementAccountId}:trail/${trail.name}`,
  };
  const write = { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...source } };
  const ct = 'cloudtrail.amazonaws.com';
  return [
    allow('CloudTrailAclCheck', ct, 's3:GetBucketAcl', arn, { StringEquals: source }),
    allow('CloudTrailWrite', ct, 's3:PutObject', `${arn}/AWSLogs/${ctx.managementAccountId}/*`, write),
    allow('CloudTrailOrganizationWrite', ct, 's3:PutObject', `${arn}/AWSLogs/${ctx.organizationId}/*`, write),
  ];
}

/** AWS Config's checks and writes from any account of the organization. */
function configStatements(arn: string, ctx: BucketPolicyContext) {
  const org = { StringEquals: { 'aws:SourceOrgID': ctx.organizationId } };
  const write = {
    StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': ctx.organizationId },
  };
  const config = 'config.amazonaws.com';
  return [
    allow('ConfigAclCheck', config, 's3:GetBucketAcl', arn, org),
    allow('ConfigExistenceCheck', config, 's3:ListBucket', arn, org),
    allow('ConfigWrite', config, 's3:PutObject', `${arn}/AWSLogs/*/Config/*`, write),
  ];
}

/**
 * The log bucket's policy: TLS only; CloudTrail's ACL check and writes for the organization trail (the
 * management account's own prefix and the organization's), and AWS Config's checks and writes from any
 * account of the organization, each scoped as AWS documents for organization-wide delivery.
 */
export function bucketPolicy(bucket: DesiredBucket, ctx: BucketPolicyContext): string {
  const arn = `arn:${ctx.partition}:s3:::${bucket.name}`;
  const statements: unknown[] = [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
  if (bucket.deliveries.includes('cloudtrail') && ctx.trail)
    statements.push(...cloudTrailStatements(arn, ctx, ctx.trail));
  if (bucket.deliveries.includes('config')) statements.push(...configStatements(arn, ctx));
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/**
 * Whether a bucket policy already does what the baseline needs of it, whatever else it says and however
 * it is worded: it refuses plain HTTP, and lets each delivering service put objects.
 */
export function policyCovers(
  policy: string | null,
  deliveries: ReadonlyArray<'cloudtrail' | 'config'>,
): boolean {
  let statements: Statement[];
  try {
    const parsed = JSON.parse(policy ?? 'null') as { Statement?: Statement | Statement[] } | null;
    statements = [parsed?.Statement ?? []].flat();
  } catch {
    return false;
  }
  const actions = (s: Statement) => [s.Action ?? []].flat();
  const tlsOnly = statements.some(
    (s) => s.Effect === 'Deny' && String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false',
  );
  const lets = (service: string) =>
    statements.some(
      (s) =>
        s.Effect === 'Allow' &&
        JSON.stringify(s.Principal ?? '').includes(service) &&
        actions(s).some((a) => a === 's3:PutObject' || a === 's3:*'),
    );
  return tlsOnly && deliveries.every((d) => lets(`${d}.amazonaws.com`));
}

// ---- live ----

export interface LiveBucket {
  owner: string;
  publicAccessBlock: boolean;
  versioning: boolean;
  encryption: { algorithm: string; kmsKeyArn: string | null } | null;
  policy: string | null;
  expireAfterDays: number | null;
  /** Where server access logs go; null when off. */
  loggingTarget: string | null;
}

export interface LiveTrail {
  name: string;
  arn: string;
  homeRegion: string;
  bucket: string | null;
  kmsKeyArn: string | null;
  logFileValidation: boolean;
  multiRegion: boolean;
  organization: boolean;
  globalEvents: boolean;
  logging: boolean;
  cloudWatchLogs: { logGroupArn: string; roleArn: string } | null;
}

export interface LiveGuardDutyRegion {
  admin: string | null;
  /** The administrator's view; null when there is no administrator (or it has no detector). */
  organization: {
    detectorId: string;
    autoEnable: AutoEnable | 'NONE';
    features: Record<string, string>;
    filters: GuardDutyFilter[];
  } | null;
}

export interface LiveSecurityHub {
  /** Region → administrator account id (null: none). */
  admins: Record<string, string | null>;
  /** The administrator's home-region view. */
  central: {
    configurationType: string | null;
    aggregator: { region: string; mode: string; regions: string[] } | null;
    policies: Array<SecurityHubPolicy & { id: string; targetIds: string[] }>;
  } | null;
}

export interface LiveAccountRegion {
  recorder: { roleArn: string; allSupported: boolean; global: boolean; recording: boolean } | null;
  channelBucket: string | null;
  ebsEncryptionByDefault: boolean | null;
}

export interface LiveAccount {
  regions: Record<string, LiveAccountRegion>;
  s3BlockPublicAccess: boolean | null;
  contacts: Partial<Record<ContactType, Contact>>;
  /** Read only when the file sets a password policy: IAM users in the account, and its policy. */
  iamUsers?: number;
  passwordPolicy?: PasswordPolicy | null;
}

export interface LiveStackSet {
  description: string;
  template: string;
  parameters: Record<string, string>;
  capabilities: string[];
  autoDeployment: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
  /** Root and OU ids it deploys to. */
  targetIds: string[];
  /** Regions it has instances in. */
  regions: string[];
  managed: boolean;
}

export interface BaselineState {
  buckets: Record<string, LiveBucket | null>;
  trail: LiveTrail | null;
  config: {
    aggregator: { name: string; account: string; allRegions: boolean } | null;
    conformancePacks: Record<string, string>;
  };
  guardDuty: Record<string, LiveGuardDutyRegion>;
  securityHub: LiveSecurityHub;
  /** Region → analyzers (name and type) in the analyzer account. */
  analyzers: Record<string, Array<{ name: string; type: string }>>;
  accounts: Record<string, LiveAccount>;
  /** Stack set name → what AWS has (null: none); the orgward-managed ones not in the file too. */
  stackSets: Record<string, LiveStackSet | null>;
  /** Part (`account:<id>`, `guardduty:<region>` ...) → why it could not be read. */
  unreadable: Record<string, string>;
}

export function emptyBaselineState(): BaselineState {
  return {
    buckets: {},
    trail: null,
    config: { aggregator: null, conformancePacks: {} },
    guardDuty: {},
    securityHub: { admins: {}, central: null },
    analyzers: {},
    accounts: {},
    stackSets: {},
    unreadable: {},
  };
}
