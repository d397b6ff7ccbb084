/** `baseline:` (validated) → DesiredBaseline: defaults applied, files read, standards as ARNs. */
import type {
  Contact,
  ContactType,
  DesiredBaseline,
  DesiredBucket,
  GuardDutyFilter,
  PasswordPolicy,
} from '../model/baseline.js';
import { accessLogsBucketName, renameConditions } from '../model/baseline.js';
import { standardArn } from '../model/regions.js';
import { isRefusal, type ReadRelative } from './files.js';
import type { BaselineConfig } from './baseline-schema.js';
import { parseTarget } from './normalize-sections.js';

type BucketConfig = NonNullable<BaselineConfig['config']>['bucket'] & object;

/**
 * The API calls a centralized root task makes in a member account: the sessions sts:AssumeRoot opens
 * from the management (or delegated) account run these, and GuardDuty reports root credential use for
 * them. The preset archives exactly those findings.
 */
export const ROOT_TASK_CALLS = [
  'GetAccountSummary',
  'GetLoginProfile',
  'DeleteLoginProfile',
  'CreateLoginProfile',
  'ListAccessKeys',
  'DeleteAccessKey',
  'ListMFADevices',
  'DeactivateMFADevice',
  'DeleteVirtualMFADevice',
  'ListSigningCertificates',
  'DeleteSigningCertificate',
  'GetBucketPolicy',
  'DeleteBucketPolicy',
  'GetQueueAttributes',
  'SetQueueAttributes',
];

/** The `root-access-sessions` suppression rule: root credential use by those calls. */
export const ROOT_TASK_PRESET: { description: string; criterion: GuardDutyFilter['criterion'] } = {
  description: 'orgward: centralized root access sessions',
  criterion: {
    type: { Equals: ['Policy:IAMUser/RootCredentialUsage'] },
    'resource.accessKeyDetails.userType': { Equals: ['Root'] },
    'service.action.awsApiCallAction.api': { Equals: ROOT_TASK_CALLS },
  },
};

function filters(b: BaselineConfig): GuardDutyFilter[] {
  return Object.entries(b.guardduty?.suppressionRules ?? {}).map(([name, rule], i) => ({
    name,
    description: rule.description ?? (rule.preset ? ROOT_TASK_PRESET.description : ''),
    action: rule.action,
    rank: rule.rank ?? i + 1,
    criterion: rule.preset ? ROOT_TASK_PRESET.criterion : renameConditions(rule.criteria ?? {}, 'api'),
  }));
}

function buckets(b: BaselineConfig): DesiredBucket[] {
  const out = new Map<string, DesiredBucket>();
  const add = (bucket: BucketConfig, delivery: 'cloudtrail' | 'config') => {
    const seen = out.get(bucket.name);
    if (seen) {
      seen.deliveries.push(delivery);
      return;
    }
    out.set(bucket.name, {
      name: bucket.name,
      account: bucket.account,
      kmsKeyArn: bucket.kmsKeyArn,
      expireAfterDays: bucket.expireAfterDays,
      accessLogsBucket: bucket.accessLogs ? accessLogsBucketName(bucket.name) : undefined,
      deliveries: [delivery],
    });
  };
  const trailBucket = b.cloudtrail?.organizationTrail.bucket;
  if (trailBucket) add(trailBucket, 'cloudtrail');
  const configBucket = b.config?.bucket ?? trailBucket;
  if (b.config && configBucket) add(configBucket, 'config');
  return [...out.values()];
}

function contacts(b: BaselineConfig): Partial<Record<ContactType, Contact>> {
  const given = b.accounts?.alternateContacts ?? {};
  const out: Partial<Record<ContactType, Contact>> = {};
  if (given.security) out.SECURITY = given.security;
  if (given.operations) out.OPERATIONS = given.operations;
  if (given.billing) out.BILLING = given.billing;
  return out;
}

function passwordPolicy(
  p: NonNullable<BaselineConfig['accounts']>['passwordPolicy'],
): PasswordPolicy | undefined {
  if (!p) return undefined;
  return {
    MinimumPasswordLength: p.minimumLength,
    RequireSymbols: p.requireSymbols,
    RequireNumbers: p.requireNumbers,
    RequireUppercaseCharacters: p.requireUppercase,
    RequireLowercaseCharacters: p.requireLowercase,
    AllowUsersToChangePassword: p.allowUsersToChange,
    ...(p.maxAgeDays ? { MaxPasswordAge: p.maxAgeDays } : {}),
    ...(p.reusePrevention ? { PasswordReusePrevention: p.reusePrevention } : {}),
    HardExpiry: p.hardExpiry,
  };
}

function readText(path: string, readRelative: ReadRelative): string {
  const text = readRelative(path);
  // validate() has already refused unreadable files.
  return typeof text === 'string' && !isRefusal(text) ? text : '';
}

type StackSetConfig = NonNullable<BaselineConfig['stackSets']>[string];

/** `{ count: 2 }` / `{ percentage: 10 }` as CloudFormation's OperationPreferences fields. */
function preferences(s: StackSetConfig): Record<string, number> {
  const out: Record<string, number> = {};
  const tolerance = s.failureTolerance;
  if (tolerance && 'count' in tolerance) out.FailureToleranceCount = tolerance.count;
  if (tolerance && 'percentage' in tolerance) out.FailureTolerancePercentage = tolerance.percentage;
  const concurrent = s.maxConcurrent;
  if (concurrent && 'count' in concurrent) out.MaxConcurrentCount = concurrent.count;
  if (concurrent && 'percentage' in concurrent) out.MaxConcurrentPercentage = concurrent.percentage;
  return out;
}

function stackSets(
  b: BaselineConfig,
  regions: string[],
  readRelative: ReadRelative,
): DesiredBaseline['stackSets'] {
  return Object.entries(b.stackSets ?? {}).map(([name, s]) => ({
    name,
    description: s.description ?? '',
    template: readText(s.file, readRelative),
    parameters: s.parameters ?? {},
    capabilities: [...(s.capabilities ?? [])].sort(),
    targets: s.targets.map(parseTarget),
    regions: [...new Set(s.regions ?? regions)],
    autoDeployment: s.autoDeployment,
    preferences: preferences(s),
  }));
}

export function normalizeBaseline(
  b: BaselineConfig | undefined,
  readRelative: ReadRelative,
): DesiredBaseline | undefined {
  if (!b) return undefined;
  const homeRegion = b.homeRegion ?? b.regions[0]!;
  const regions = [...new Set(b.regions)];
  const trail = b.cloudtrail?.organizationTrail;
  const configBucket = b.config?.bucket ?? trail?.bucket;
  return {
    regions,
    homeRegion,
    memberRoleName: b.memberRoleName,
    buckets: buckets(b),
    trail: trail && {
      name: trail.name,
      bucket: trail.bucket.name,
      kmsKeyArn: trail.kmsKeyArn,
      logFileValidation: trail.logFileValidation,
      cloudWatchLogs: trail.cloudWatchLogs,
    },
    config: b.config &&
      configBucket && {
        delegatedAdministrator: b.config.delegatedAdministrator,
        bucket: configBucket.name,
        globalResourcesRegion: b.config.globalResourcesRegion ?? homeRegion,
        aggregator: {
          name: b.config.aggregator.name,
          account: b.config.aggregator.account ?? b.config.delegatedAdministrator,
        },
        conformancePacks: Object.entries(b.config.conformancePacks ?? {}).map(([name, pack]) => ({
          name,
          template: readText(pack.file, readRelative),
        })),
      },
    guardDuty: b.guardduty && {
      delegatedAdministrator: b.guardduty.delegatedAdministrator,
      autoEnable: b.guardduty.autoEnable,
      features: b.guardduty.features ?? {},
      filters: filters(b),
    },
    securityHub: b.securityHub && {
      delegatedAdministrator: b.securityHub.delegatedAdministrator,
      policies: Object.entries(b.securityHub.configurationPolicies).map(([name, p]) => ({
        name,
        description: p.description ?? '',
        enabled: p.enabled,
        standards: p.standards.map((s) => standardArn(s, homeRegion)).sort(),
        disabledControls: [...p.disabledControls].sort(),
        targets: p.targets.map(parseTarget),
      })),
    },
    accessAnalyzer: b.accessAnalyzer && {
      account: b.accessAnalyzer.account,
      analyzers: Object.entries(b.accessAnalyzer.analyzers).map(([name, type]) => ({ name, type })),
    },
    accounts: b.accounts && {
      s3BlockPublicAccess: b.accounts.s3BlockPublicAccess,
      ebsEncryptionByDefault: b.accounts.ebsEncryptionByDefault,
      alternateContacts: contacts(b),
      passwordPolicy: passwordPolicy(b.accounts.passwordPolicy),
    },
    stackSets: stackSets(b, regions, readRelative),
  };
}
