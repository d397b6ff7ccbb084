/** Baseline item "Activity traceable": who did what, when (docs/audit.md#baseline-items). */
import { defineCheck, type CheckContext } from '../check.js';
import type { ConfigRegion, Trail } from '../../model/evidence.js';
import { fail, listOf, notApplicable, pass, perAccount, perRegion, warn } from './util.js';

const TRAIL_CALLS = [
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrailStatus',
  'cloudtrail:GetEventSelectors',
];

/** The organization trail the management account owns, or why there is none to judge. */
function orgTrail(ctx: CheckContext): Trail | 'none' | 'unknown' {
  const trails = ctx.collection.central.trails;
  if (!trails.ok) {
    ctx.unknownIf(trails, {}, 'the management account trails');
    return 'unknown';
  }
  return trails.value.find((t) => t.isOrganizationTrail) ?? 'none';
}

function withOrgTrail(ctx: CheckContext, judge: (trail: Trail) => void): void {
  const trail = orgTrail(ctx);
  if (trail === 'unknown') return;
  if (trail === 'none') return void ctx.report(fail('there is no organization trail (LOG-01)'));
  judge(trail);
}

export const log01 = defineCheck(
  {
    id: 'LOG-01',
    title: 'Organization trail exists',
    item: 'logging',
    severity: 'high',
    vantage: 'management',
    regional: false,
    why: 'One organization trail records every account, including each new one from the day it joins, and members cannot switch it off.',
    remediation:
      'Create a trail with `--is-organization-trail --is-multi-region-trail` in the management account (or the CloudTrail delegated administrator), delivering to the log-archive bucket.',
    calls: ['cloudtrail:DescribeTrails'],
    permissions: ['cloudtrail:DescribeTrails'],
    compliance: { cis: '— / 2.1.6 audit', securityHub: 'CloudTrail.1/.3 (per account)' },
  },
  (ctx) => {
    const trail = orgTrail(ctx);
    if (trail === 'unknown') return;
    ctx.report(
      trail === 'none'
        ? fail('no organization trail exists')
        : pass(`organization trail ${trail.name} exists`, { resource: trail.arn }),
    );
  },
);

export const log02 = defineCheck(
  {
    id: 'LOG-02',
    title: 'Organization trail multi-region, logging, management events read and write',
    item: 'logging',
    severity: 'high',
    vantage: 'management',
    regional: false,
    why: 'A trail that is single-region, stopped, or drops read events leaves gaps exactly where an investigation needs evidence.',
    remediation:
      'Update the trail to multi-region with global service events, start logging, and select all management events (ReadWriteType All).',
    calls: TRAIL_CALLS,
    permissions: TRAIL_CALLS,
    compliance: { cis: '3.1 / 4.1', securityHub: 'CloudTrail.1', prowler: 'cloudtrail_multi_region_enabled' },
  },
  (ctx) =>
    withOrgTrail(ctx, (trail) => {
      const problems = [
        !trail.isMultiRegion && 'not multi-region',
        !trail.includeGlobalServiceEvents && 'no global service events',
        trail.isLogging === false && 'not logging',
        trail.latestDeliveryError && `delivery error ${trail.latestDeliveryError}`,
        trail.managementEventsAll === false && 'management events not read and write',
      ].filter((x): x is string => Boolean(x));
      ctx.report(
        problems.length
          ? fail(`organization trail ${trail.name}: ${problems.join(', ')}`, { resource: trail.arn })
          : pass(`organization trail ${trail.name} logs all management events in every region`, {
              resource: trail.arn,
            }),
      );
    }),
);

export const log03 = defineCheck(
  {
    id: 'LOG-03',
    title: 'Log file validation on',
    item: 'logging',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'Digest files prove that delivered logs were not changed or deleted afterwards.',
    remediation: '`aws cloudtrail update-trail --name <trail> --enable-log-file-validation`.',
    calls: ['cloudtrail:DescribeTrails'],
    permissions: ['cloudtrail:DescribeTrails'],
    compliance: {
      cis: '3.2 / 4.2',
      securityHub: 'CloudTrail.4',
      prowler: 'cloudtrail_log_file_validation_enabled',
    },
  },
  (ctx) =>
    withOrgTrail(ctx, (t) =>
      ctx.report(
        t.logFileValidation
          ? pass('log file validation is on', { resource: t.arn })
          : fail('log file validation is off', { resource: t.arn }),
      ),
    ),
);

/** True when the log-archive account owns `bucket`; undefined when that cannot be told. */
function ownedByLogArchive(ctx: CheckContext, bucket: string): boolean | string {
  const archive = ctx.collection.roles.logArchive;
  if (!archive)
    return 'no log-archive account is configured or recognisable (set accounts.logArchive in audit.yaml)';
  const buckets = ctx.evidence(archive)?.buckets;
  if (!buckets?.ok)
    return `the log-archive account's buckets could not be read${buckets ? `: ${buckets.reason}` : ''}`;
  return buckets.value.includes(bucket);
}

export const log04 = defineCheck(
  {
    id: 'LOG-04',
    title: 'Trail delivers to a bucket owned by the log-archive account',
    item: 'logging',
    severity: 'high',
    vantage: 'log-archive',
    regional: false,
    why: 'Logs kept in the account they describe can be erased by whoever compromises it; a separate log-archive account keeps them out of reach.',
    remediation:
      'Create the bucket in the log-archive account with a policy that lets CloudTrail write, and point the organization trail at it.',
    calls: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 's3:ListBuckets'],
    permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 's3:ListAllMyBuckets'],
    compliance: {},
  },
  (ctx) =>
    withOrgTrail(ctx, (t) => {
      const bucket = t.s3BucketName ?? '';
      const owned = ownedByLogArchive(ctx, bucket);
      if (typeof owned === 'string')
        return void ctx.report({ status: 'UNKNOWN', message: owned, resource: bucket });
      if (!owned)
        return void ctx.report(
          fail(`bucket ${bucket} is not owned by the log-archive account`, { resource: bucket }),
        );
      if (t.latestDeliveryError)
        return void ctx.report(
          fail(`delivery to ${bucket} fails: ${t.latestDeliveryError}`, { resource: bucket }),
        );
      ctx.report(pass(`delivers to ${bucket} in the log-archive account`, { resource: bucket }));
    }),
);

export const log05 = defineCheck(
  {
    id: 'LOG-05',
    title: 'Log bucket hardening',
    item: 'logging',
    severity: 'high',
    vantage: 'log-archive',
    regional: false,
    why: 'The trail bucket holds the evidence of everything that happened; it must never be public, should refuse plain HTTP, and should keep versions or locks against deletion.',
    remediation:
      'Turn on Block Public Access for the bucket, add a TLS-only deny to its policy, enable versioning (or Object Lock) and server access logging.',
    calls: [
      's3:GetPublicAccessBlock',
      's3:GetBucketPolicyStatus',
      's3:GetBucketPolicy',
      's3:GetBucketVersioning',
      's3:GetObjectLockConfiguration',
      's3:GetBucketLogging',
    ],
    permissions: [
      's3:GetBucketPublicAccessBlock',
      's3:GetBucketPolicyStatus',
      's3:GetBucketPolicy',
      's3:GetBucketVersioning',
      's3:GetBucketObjectLockConfiguration',
      's3:GetBucketLogging',
    ],
    compliance: {
      cis: '3.4 / 4.4',
      securityHub: 'CloudTrail.6, CloudTrail.7',
      prowler: 'cloudtrail_logs_s3_bucket_is_not_publicly_accessible',
    },
  },
  (ctx) =>
    withOrgTrail(ctx, () => {
      const got = ctx.collection.central.logBucket;
      const where = ctx.collection.roles.logArchive ? { account: ctx.collection.roles.logArchive } : {};
      if (ctx.unknownIf(got, where, 'the log bucket settings') || !got.ok) return;
      const b = got.value;
      if (!b)
        return void ctx.report(
          notApplicable('the trail bucket is not in the log-archive account (LOG-04)', where),
        );
      if (b.isPublic || !b.publicAccessBlock)
        return void ctx.report(
          fail(b.isPublic ? `bucket ${b.name} is public` : `bucket ${b.name} has no Block Public Access`, {
            ...where,
            resource: b.name,
          }),
        );
      const missing = [
        !b.tlsOnly && 'TLS-only policy',
        !b.versioning && !b.objectLock && 'versioning or Object Lock',
        !b.logging && 'access logging',
      ].filter((x): x is string => Boolean(x));
      ctx.report(
        missing.length
          ? warn(`bucket ${b.name} lacks ${missing.join(', ')}`, { ...where, resource: b.name })
          : pass(`bucket ${b.name} is private, TLS-only, versioned and logged`, {
              ...where,
              resource: b.name,
            }),
      );
    }),
);

export const log06 = defineCheck(
  {
    id: 'LOG-06',
    title: 'Organization trail encrypted with a KMS key',
    item: 'logging',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'A customer managed KMS key adds a second lock: reading the logs needs both bucket access and key access.',
    remediation:
      '`aws cloudtrail update-trail --name <trail> --kms-key-id <key arn>` with a key policy that lets CloudTrail encrypt.',
    calls: ['cloudtrail:DescribeTrails'],
    permissions: ['cloudtrail:DescribeTrails'],
    compliance: {
      cis: '3.5 / 4.5',
      securityHub: 'CloudTrail.2',
      prowler: 'cloudtrail_kms_encryption_enabled',
    },
  },
  (ctx) =>
    withOrgTrail(ctx, (t) =>
      ctx.report(
        t.kmsKeyId
          ? pass('encrypted with a KMS key', { resource: t.arn })
          : fail('not encrypted with a KMS key', { resource: t.arn }),
      ),
    ),
);

export const log07 = defineCheck(
  {
    id: 'LOG-07',
    title: 'Every member sees the organization trail',
    item: 'logging',
    severity: 'medium',
    vantage: 'every-account',
    regional: false,
    why: 'A member covered by the organization trail needs no trail of its own; one that does not see it is not being recorded.',
    remediation:
      'Make sure the account is an ACTIVE member and the organization trail is multi-region; members joined by invitation are covered once they accept.',
    calls: ['cloudtrail:DescribeTrails'],
    permissions: ['cloudtrail:DescribeTrails'],
    compliance: { cis: '3.1 / 4.1', securityHub: 'CloudTrail.1', prowler: 'cloudtrail_multi_region_enabled' },
  },
  (ctx) => {
    const mgmt = ctx.management.id;
    perAccount(
      ctx,
      'members',
      (id) => ctx.evidence(id)?.trails,
      'the trails',
      (trails) => {
        const seen = trails.find((t) => t.isOrganizationTrail && t.arn.split(':')[4] === mgmt);
        return seen
          ? pass(`covered by organization trail ${seen.name}`, { resource: seen.arn })
          : fail('no organization trail covers this account');
      },
    );
  },
);

// AWS Config -------------------------------------------------------------------------------------------

const CONFIG_CALLS = ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus'];
const ownRecorder = (c: ConfigRegion) => c.recorders.find((r) => !r.servicePrincipal);

export const cfg01 = defineCheck(
  {
    id: 'CFG-01',
    title: 'AWS Config recording in every enabled region of every account',
    item: 'logging',
    severity: 'high',
    vantage: 'every-account',
    regional: true,
    why: 'Config is the record of how every resource was configured over time, and the data source of every detective rule.',
    remediation:
      'Deploy a recorder and delivery channel to every account and region (a service-managed StackSet with auto-deployment does it for new accounts too), then start it.',
    calls: CONFIG_CALLS,
    permissions: CONFIG_CALLS,
    compliance: { cis: '3.3 / 4.3', securityHub: 'Config.1', prowler: 'config_recorder_all_regions_enabled' },
  },
  (ctx) =>
    perRegion(
      ctx,
      'all',
      (r) => r.config,
      'the Config recorders',
      (c) => {
        const recorder = ownRecorder(c);
        if (!recorder) return fail('no configuration recorder');
        if (!recorder.recording) return fail(`recorder ${recorder.name} is stopped`);
        if (recorder.lastStatus === 'FAILURE') return fail(`recorder ${recorder.name} is failing`);
        return pass(`recorder ${recorder.name} is recording`);
      },
    ),
);

export const cfg02 = defineCheck(
  {
    id: 'CFG-02',
    title: 'Recorder scope complete; global IAM types recorded in exactly one region',
    item: 'logging',
    severity: 'medium',
    vantage: 'every-account',
    regional: true,
    why: 'A recorder that skips resource types leaves them out of every rule; global IAM types recorded in several regions multiply cost and findings.',
    remediation:
      'Set recordingGroup.allSupported = true everywhere and includeGlobalResourceTypes = true in exactly one region (the home region).',
    calls: ['config:DescribeConfigurationRecorders'],
    permissions: ['config:DescribeConfigurationRecorders'],
    compliance: { cis: '3.3 audit', securityHub: 'Config.1 (partly)' },
  },
  (ctx) => {
    perRegion(
      ctx,
      'all',
      (r) => r.config,
      'the Config recorders',
      (c) => {
        const recorder = ownRecorder(c);
        if (!recorder) return fail('no configuration recorder');
        return recorder.allSupported
          ? pass('records all supported resource types')
          : fail('does not record all supported resource types');
      },
    );
    for (const account of ctx.accounts) {
      const evidence = ctx.evidence(account.id);
      if (!evidence?.regions.ok) continue;
      const configs = ctx.regionsOf(account.id).map((r) => evidence.byRegion[r]?.config);
      if (configs.some((c) => !c?.ok)) continue;
      const globals = ctx.regionsOf(account.id).filter((r) => {
        const c = evidence.byRegion[r]?.config;
        return c?.ok && ownRecorder(c.value)?.includeGlobalResourceTypes;
      });
      ctx.report(
        globals.length === 1
          ? pass(`global resource types recorded in ${globals[0]}`, { account: account.id })
          : warn(
              globals.length
                ? `global resource types recorded in ${globals.length} regions: ${listOf(globals)}`
                : 'global resource types are recorded in no region',
              { account: account.id },
            ),
      );
    }
  },
);

export const cfg03 = defineCheck(
  {
    id: 'CFG-03',
    title: 'Config history delivered to a log-archive bucket',
    item: 'logging',
    severity: 'high',
    vantage: 'every-account',
    regional: true,
    why: 'Configuration history kept in the account it describes can be deleted with it; the log-archive account keeps it safe.',
    remediation: 'Point every delivery channel at the central Config bucket in the log-archive account.',
    calls: ['config:DescribeDeliveryChannels', 'config:DescribeDeliveryChannelStatus', 's3:ListBuckets'],
    permissions: [
      'config:DescribeDeliveryChannels',
      'config:DescribeDeliveryChannelStatus',
      's3:ListAllMyBuckets',
    ],
    compliance: {},
  },
  (ctx) =>
    perRegion(
      ctx,
      'all',
      (r) => r.config,
      'the Config delivery channels',
      (c) => {
        const channel = c.channels[0];
        if (!channel?.s3BucketName) return fail('no delivery channel');
        const owned = ownedByLogArchive(ctx, channel.s3BucketName);
        if (typeof owned === 'string')
          return { status: 'UNKNOWN', message: owned, resource: channel.s3BucketName };
        if (!owned)
          return fail(`delivers to ${channel.s3BucketName}, not a log-archive bucket`, {
            resource: channel.s3BucketName,
          });
        // AWS answers Success, Failure or Not_Applicable (nothing delivered yet).
        const statuses = [channel.historyStatus, channel.snapshotStatus];
        if (statuses.some((s) => s?.toUpperCase() === 'FAILURE'))
          return fail(`last delivery to ${channel.s3BucketName} failed`, { resource: channel.s3BucketName });
        return pass(`delivers to ${channel.s3BucketName} in the log-archive account`, {
          resource: channel.s3BucketName,
        });
      },
    ),
);

export const cfg04 = defineCheck(
  {
    id: 'CFG-04',
    title: 'Recorder uses the service-linked role',
    item: 'logging',
    severity: 'low',
    vantage: 'every-account',
    regional: true,
    why: 'The service-linked role has exactly the permissions Config needs and cannot be edited or deleted by mistake.',
    remediation:
      'Set the recorder roleARN to arn:aws:iam::<account>:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig.',
    calls: ['config:DescribeConfigurationRecorders'],
    permissions: ['config:DescribeConfigurationRecorders'],
    compliance: { securityHub: 'Config.1 (parameter)', prowler: 'config_recorder_using_aws_service_role' },
  },
  (ctx) =>
    perRegion(
      ctx,
      'all',
      (r) => r.config,
      'the Config recorders',
      (c) => {
        const recorder = ownRecorder(c);
        if (!recorder) return notApplicable('no configuration recorder (CFG-01)');
        return recorder.roleArn.endsWith('/AWSServiceRoleForConfig')
          ? pass('uses AWSServiceRoleForConfig')
          : fail(`uses ${recorder.roleArn}`);
      },
    ),
);

export const loggingChecks = [log01, log02, log03, log04, log05, log06, log07, cfg01, cfg02, cfg03, cfg04];
