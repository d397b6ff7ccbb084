/**
 * The shape of `baseline:` in org.yaml: the security baseline every account gets (organization trail,
 * AWS Config, GuardDuty, Security Hub, IAM Access Analyzer, account-level guards and contacts). Objects
 * are strict; accounts are named as in `accounts:`, and the rules check the names, regions and files.
 */
import { z } from 'zod';

const accountName = z.string().min(1).max(50);
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a Region code such as us-east-1');
const kmsKeyArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, 'a KMS key or alias ARN');
const bucketName = z
  .string()
  .regex(
    /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'an S3 bucket name: 3–63 lower-case letters, digits, dots and hyphens',
  );

export const bucketSchema = z
  .object({
    name: bucketName,
    /** The account (by name) that owns it: the log archive. */
    account: accountName,
    kmsKeyArn: kmsKeyArn.optional(),
    expireAfterDays: z.number().int().min(1).max(36_500).optional(),
    /** Server access logs of the bucket into `<name>-access-logs` beside it (default on). */
    accessLogs: z.boolean().default(true),
  })
  .strict();

const trailSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/, 'a trail name (3–128 characters)'),
    bucket: bucketSchema,
    kmsKeyArn: kmsKeyArn.optional(),
    logFileValidation: z.boolean().default(true),
    cloudWatchLogs: z
      .object({ logGroupArn: z.string().startsWith('arn:'), roleArn: z.string().startsWith('arn:') })
      .strict()
      .optional(),
  })
  .strict();

const configSectionSchema = z
  .object({
    delegatedAdministrator: accountName,
    /** Where every account's recorder delivers; default: the organization trail's bucket. */
    bucket: bucketSchema.optional(),
    /** The one region that records IAM and other global resource types; default: the home region. */
    globalResourcesRegion: region.optional(),
    aggregator: z
      .object({ name: z.string().regex(/^[\w-]{1,256}$/), account: accountName.optional() })
      .strict()
      .default({ name: 'organization' }),
    /** Organization conformance packs, deployed from the delegated administrator. */
    conformancePacks: z
      .record(
        z.string().regex(/^[a-zA-Z][-a-zA-Z0-9]{0,50}$/, 'a conformance pack name'),
        z.object({ file: z.string().min(1) }).strict(),
      )
      .optional(),
  })
  .strict();

const autoEnable = z.enum(['ALL', 'NEW']);

const filterSchema = z
  .object({
    description: z.string().max(512).optional(),
    action: z.enum(['ARCHIVE', 'NOOP']).default('ARCHIVE'),
    rank: z.number().int().min(1).max(100).optional(),
    /** GuardDuty's finding criteria: field → { eq: [...], neq: [...], gte: n, ... }. */
    criteria: z.record(z.string().min(1), z.record(z.string(), z.unknown())).optional(),
    /**
     * A rule orgward writes for you: `root-access-sessions` archives the findings that centralized root
     * access (sts:AssumeRoot, then GetAccountSummary) raises when the management or delegated account
     * runs a root task.
     */
    preset: z.enum(['root-access-sessions']).optional(),
  })
  .strict();

const guardDutySchema = z
  .object({
    delegatedAdministrator: accountName,
    autoEnable: autoEnable.default('ALL'),
    features: z
      .record(
        z.string().regex(/^[A-Z0-9_]+$/, 'a feature name such as S3_DATA_EVENTS'),
        z.enum(['ALL', 'NEW', 'NONE']),
      )
      .optional(),
    suppressionRules: z
      .record(
        z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, 'a filter name (3–64 letters, digits, . _ -)'),
        filterSchema,
      )
      .optional(),
  })
  .strict();

const hubPolicySchema = z
  .object({
    description: z.string().max(512).optional(),
    enabled: z.boolean().default(true),
    standards: z.array(z.string().min(1)).default([]),
    disabledControls: z
      .array(z.string().regex(/^[A-Za-z0-9]+\.\d+$/, 'a control id such as IAM.6'))
      .default([]),
    targets: z
      .array(z.string().regex(/^(root|ou:.+|account:.+)$/, "'root', 'ou:<path>' or 'account:<name>'"))
      .min(1),
  })
  .strict();

const securityHubSchema = z
  .object({
    delegatedAdministrator: accountName,
    /** Central configuration policies, by name, each associated with its targets. */
    configurationPolicies: z.record(
      z
        .string()
        .regex(/^[A-Za-z0-9\-.!*/]{1,128}$/, 'a policy name: letters, digits and - . ! * / (no spaces)'),
      hubPolicySchema,
    ),
  })
  .strict();

const contactSchema = z
  .object({
    name: z.string().min(1).max(64),
    title: z.string().min(1).max(50),
    email: z.string().regex(/^\S+@\S+$/, 'an e-mail address'),
    phone: z.string().regex(/^[\s0-9()+-]{1,25}$/, 'a phone number such as +1 555 0100'),
  })
  .strict();

/** IAM's account password policy, for accounts that still have IAM users. */
const passwordPolicySchema = z
  .object({
    minimumLength: z.number().int().min(6).max(128).default(14),
    requireSymbols: z.boolean().default(true),
    requireNumbers: z.boolean().default(true),
    requireUppercase: z.boolean().default(true),
    requireLowercase: z.boolean().default(true),
    allowUsersToChange: z.boolean().default(true),
    maxAgeDays: z.number().int().min(1).max(1095).optional(),
    reusePrevention: z.number().int().min(1).max(24).optional(),
    hardExpiry: z.boolean().default(false),
  })
  .strict();

const accountSettingsSchema = z
  .object({
    s3BlockPublicAccess: z.boolean().default(true),
    ebsEncryptionByDefault: z.boolean().default(true),
    alternateContacts: z
      .object({
        security: contactSchema.optional(),
        operations: contactSchema.optional(),
        billing: contactSchema.optional(),
      })
      .strict()
      .optional(),
    /** Set in every account that has IAM users (others have no one to apply it to). */
    passwordPolicy: passwordPolicySchema.optional(),
  })
  .strict();

const countOrPercentage = z.union([
  z.object({ count: z.number().int().min(0) }).strict(),
  z.object({ percentage: z.number().int().min(0).max(100) }).strict(),
]);

/** A service-managed StackSet: everything else a baseline needs, deployed to OUs and new accounts in them. */
const stackSetSchema = z
  .object({
    description: z.string().max(1024).optional(),
    /** The template (JSON or YAML), relative to org.yaml. */
    file: z.string().min(1),
    parameters: z.record(z.string().min(1), z.string()).optional(),
    capabilities: z
      .array(z.enum(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND']))
      .optional(),
    targets: z
      .array(
        z
          .string()
          .regex(/^(root|ou:.+)$/, "'root' or 'ou:<path>' (service-managed stack sets deploy to OUs)"),
      )
      .min(1),
    /** Default: the baseline's regions. */
    regions: z.array(region).min(1).optional(),
    autoDeployment: z
      .object({
        enabled: z.boolean().default(true),
        retainStacksOnAccountRemoval: z.boolean().default(false),
      })
      .strict()
      .default({ enabled: true, retainStacksOnAccountRemoval: false }),
    failureTolerance: countOrPercentage.optional(),
    maxConcurrent: countOrPercentage.optional(),
  })
  .strict();

export const baselineSchema = z
  .object({
    /** The governed regions; the first is the home region unless `homeRegion` says otherwise. */
    regions: z.array(region).min(1),
    homeRegion: region.optional(),
    /** The role orgward assumes in member accounts for Config recorders and account settings. */
    memberRoleName: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/)
      .default('OrganizationAccountAccessRole'),
    cloudtrail: z.object({ organizationTrail: trailSchema }).strict().optional(),
    config: configSectionSchema.optional(),
    guardduty: guardDutySchema.optional(),
    securityHub: securityHubSchema.optional(),
    accessAnalyzer: z
      .object({
        account: accountName,
        analyzers: z.record(
          z.string().regex(/^[A-Za-z][\w.-]{0,254}$/),
          z.enum(['ORGANIZATION', 'ORGANIZATION_UNUSED_ACCESS']),
        ),
      })
      .strict()
      .optional(),
    accounts: accountSettingsSchema.optional(),
    stackSets: z
      .record(
        z
          .string()
          .regex(/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/, 'a stack set name: a letter, then letters, digits and -'),
        stackSetSchema,
      )
      .optional(),
  })
  .strict();

export type BaselineConfig = z.infer<typeof baselineSchema>;
