/**
 * The organization-wide parts of the baseline: the log buckets (in their owner account), the
 * organization trail (management account, home region), the Config aggregator and organization
 * conformance packs, and the analyzers.
 */
import { ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  DescribeConfigurationAggregatorsCommand,
  DescribeOrganizationConformancePacksCommand,
} from '@aws-sdk/client-config-service';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
} from '@aws-sdk/client-s3';
import type { DesiredBucket, LiveBucket } from '../../model/baseline.js';
import { mapLimit } from '../../util/pool.js';
import { allPages, orNull, readPart, type BaselineReadContext } from './shared.js';

async function readBucket(ctx: BaselineReadContext, bucket: DesiredBucket): Promise<LiveBucket | null> {
  const owner = ctx.accountId(bucket.account);
  if (!owner) return null;
  const s3 = ctx.inAccount(owner).s3(ctx.baseline.homeRegion);
  const Bucket = bucket.name;
  const exists = await orNull(() => s3.send(new HeadBucketCommand({ Bucket })), /^(NotFound|NoSuchBucket)$/);
  if (!exists) return null;
  const [block, versioning, encryption, policy, lifecycle, logging] = await Promise.all([
    orNull(() => s3.send(new GetPublicAccessBlockCommand({ Bucket })), /NoSuchPublicAccessBlock/),
    s3.send(new GetBucketVersioningCommand({ Bucket })),
    orNull(
      () => s3.send(new GetBucketEncryptionCommand({ Bucket })),
      /ServerSideEncryptionConfigurationNotFound/,
    ),
    orNull(() => s3.send(new GetBucketPolicyCommand({ Bucket })), /NoSuchBucketPolicy/),
    orNull(
      () => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket })),
      /NoSuchLifecycleConfiguration/,
    ),
    s3.send(new GetBucketLoggingCommand({ Bucket })),
  ]);
  const b = block?.PublicAccessBlockConfiguration;
  const rule = encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
  const expiry = lifecycle?.Rules?.find((r) => r.ID === 'orgward-expiry' && r.Status === 'Enabled');
  return {
    owner,
    publicAccessBlock: Boolean(
      b?.BlockPublicAcls && b.IgnorePublicAcls && b.BlockPublicPolicy && b.RestrictPublicBuckets,
    ),
    versioning: versioning.Status === 'Enabled',
    encryption: rule?.SSEAlgorithm
      ? { algorithm: rule.SSEAlgorithm, kmsKeyArn: rule.KMSMasterKeyID ?? null }
      : null,
    policy: policy?.Policy ?? null,
    expireAfterDays: expiry?.Expiration?.Days ?? null,
    loggingTarget: logging.LoggingEnabled?.TargetBucket ?? null,
  };
}

async function readTrail(ctx: BaselineReadContext): Promise<void> {
  const wanted = ctx.baseline.trail;
  if (!wanted) return;
  const region = ctx.baseline.homeRegion;
  const client = ctx.factory.cloudTrail(region);
  const list = await client.send(
    new DescribeTrailsCommand({ trailNameList: [wanted.name], includeShadowTrails: false }),
  );
  const t = list.trailList?.find((x) => x.Name === wanted.name && (x.HomeRegion ?? region) === region);
  if (!t?.TrailARN) return;
  const status = await client.send(new GetTrailStatusCommand({ Name: t.TrailARN }));
  ctx.state.trail = {
    name: t.Name!,
    arn: t.TrailARN,
    homeRegion: t.HomeRegion ?? region,
    bucket: t.S3BucketName ?? null,
    kmsKeyArn: t.KmsKeyId ?? null,
    logFileValidation: t.LogFileValidationEnabled === true,
    multiRegion: t.IsMultiRegionTrail === true,
    organization: t.IsOrganizationTrail === true,
    globalEvents: t.IncludeGlobalServiceEvents === true,
    logging: status.IsLogging === true,
    cloudWatchLogs:
      t.CloudWatchLogsLogGroupArn && t.CloudWatchLogsRoleArn
        ? { logGroupArn: t.CloudWatchLogsLogGroupArn, roleArn: t.CloudWatchLogsRoleArn }
        : null,
  };
}

async function readConfig(ctx: BaselineReadContext): Promise<void> {
  const config = ctx.baseline.config;
  if (!config) return;
  const region = ctx.baseline.homeRegion;
  const aggregatorAccount = ctx.accountId(config.aggregator.account);
  if (aggregatorAccount) {
    const client = ctx.inAccount(aggregatorAccount).config(region);
    const found = await orNull(
      () =>
        client.send(
          new DescribeConfigurationAggregatorsCommand({
            ConfigurationAggregatorNames: [config.aggregator.name],
          }),
        ),
      /NoSuchConfigurationAggregator/,
    );
    const a = found?.ConfigurationAggregators?.[0];
    if (a)
      ctx.state.config.aggregator = {
        name: a.ConfigurationAggregatorName!,
        account: aggregatorAccount,
        allRegions: a.OrganizationAggregationSource?.AllAwsRegions === true,
      };
  }
  const admin = ctx.accountId(config.delegatedAdministrator);
  if (!admin) return;
  const client = ctx.inAccount(admin).config(region);
  // An account not yet registered as Config's administrator has deployed no organization packs.
  const packs =
    (await orNull(
      () =>
        allPages(
          (NextToken) => client.send(new DescribeOrganizationConformancePacksCommand({ NextToken })),
          (p) => p.OrganizationConformancePacks,
          (p) => p.NextToken,
        ),
      /^(OrganizationAccessDeniedException|NoAvailableOrganizationException)$/,
    )) ?? [];
  for (const p of packs)
    if (p.OrganizationConformancePackName)
      ctx.state.config.conformancePacks[p.OrganizationConformancePackName] =
        p.OrganizationConformancePackArn ?? '';
}

async function readAnalyzers(ctx: BaselineReadContext): Promise<void> {
  const wanted = ctx.baseline.accessAnalyzer;
  const account = wanted && ctx.accountId(wanted.account);
  if (!account) return;
  const session = ctx.inAccount(account);
  await mapLimit(ctx.baseline.regions, 4, (region) =>
    readPart(ctx.state, `analyzers:${region}`, async () => {
      const client = session.accessAnalyzer(region);
      const analyzers = await allPages(
        (nextToken) => client.send(new ListAnalyzersCommand({ nextToken })),
        (p) => p.analyzers,
        (p) => p.nextToken,
      );
      ctx.state.analyzers[region] = analyzers.map((a) => ({ name: a.name ?? '', type: a.type ?? '' }));
    }),
  );
}

export async function readCentral(ctx: BaselineReadContext): Promise<void> {
  await Promise.all([
    ...ctx.baseline.buckets.map((bucket) =>
      readPart(ctx.state, `bucket:${bucket.name}`, async () => {
        ctx.state.buckets[bucket.name] = await readBucket(ctx, bucket);
      }),
    ),
    readPart(ctx.state, 'trail', () => readTrail(ctx)),
    readPart(ctx.state, 'config', () => readConfig(ctx)),
    readAnalyzers(ctx),
  ]);
}
