/**
 * The baseline's organization-wide operations: the log bucket, the organization trail, the Config
 * aggregator and organization conformance packs, the analyzers. Each is idempotent: it reads or tolerates
 * what is already there, so a run after an interruption repeats nothing harmful.
 */
import { CreateAnalyzerCommand, DeleteAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import {
  CreateTrailCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
  type CreateTrailCommandInput,
} from '@aws-sdk/client-cloudtrail';
import {
  DeleteOrganizationConformancePackCommand,
  PutConfigurationAggregatorCommand,
  PutOrganizationConformancePackCommand,
} from '@aws-sdk/client-config-service';
import { AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import {
  CreateBucketCommand,
  DeleteBucketLifecycleCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { bucketPolicy } from '../../model/baseline.js';
import type { Operation } from '../../plan/operations.js';
import { ignoring, isAwsCode, type ApplyContext, type Handlers } from '../context.js';
import { ALL_BLOCKED, inAccount } from './baseline-sites.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

/** Creates the bucket in the site's region; one the account already owns is fine. */
async function createBucket(s3: S3Client, Bucket: string, region: string): Promise<void> {
  await ignoring(['BucketAlreadyOwnedByYou'], () =>
    s3.send(
      new CreateBucketCommand({
        Bucket,
        ...(region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    ),
  );
  await s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: ALL_BLOCKED }));
}

/** The access-log bucket beside the log bucket: private, SSE-S3, writable by S3's log delivery for it. */
async function putAccessLogs(
  s3: S3Client,
  target: string,
  source: string,
  accountId: string,
  region: string,
): Promise<void> {
  await createBucket(s3, target, region);
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: target,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    }),
  );
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: target,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'S3ServerAccessLogs',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `arn:aws:s3:::${target}/*`,
            Condition: {
              ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${source}` },
              StringEquals: { 'aws:SourceAccount': accountId },
            },
          },
        ],
      }),
    }),
  );
  await s3.send(
    new PutBucketLoggingCommand({
      Bucket: source,
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: `${source}/` } },
    }),
  );
}

async function putLogBucket(op: Op<'put-log-bucket'>, ctx: ApplyContext): Promise<void> {
  const org = (await ctx.factory.organizations().send(new DescribeOrganizationCommand({}))).Organization!;
  const { bucket, trail, site } = op;
  const policy = bucketPolicy(bucket, {
    organizationId: org.Id!,
    managementAccountId: org.MasterAccountId!,
    partition: org.Arn?.split(':')[1] ?? 'aws',
    trail: trail && { region: site.region, name: trail.name },
  });
  await inAccount(ctx, site, async (factory, accountId) => {
    const s3 = factory.s3(site.region);
    const Bucket = bucket.name;
    await createBucket(s3, Bucket, site.region);
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: bucket.kmsKeyArn
                ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: bucket.kmsKeyArn }
                : { SSEAlgorithm: 'AES256' },
              BucketKeyEnabled: Boolean(bucket.kmsKeyArn),
            },
          ],
        },
      }),
    );
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policy }));
    if (bucket.accessLogsBucket)
      await putAccessLogs(s3, bucket.accessLogsBucket, Bucket, accountId, site.region);
    else await s3.send(new PutBucketLoggingCommand({ Bucket, BucketLoggingStatus: {} }));
    if (bucket.expireAfterDays === undefined) await s3.send(new DeleteBucketLifecycleCommand({ Bucket }));
    else
      await s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket,
          LifecycleConfiguration: {
            Rules: [
              {
                ID: 'orgward-expiry',
                Status: 'Enabled',
                Filter: { Prefix: '' },
                Expiration: { Days: bucket.expireAfterDays },
                NoncurrentVersionExpiration: { NoncurrentDays: bucket.expireAfterDays },
              },
            ],
          },
        }),
      );
  });
}

async function putOrganizationTrail(op: Op<'put-organization-trail'>, ctx: ApplyContext): Promise<void> {
  const { trail, region } = op;
  const client = ctx.factory.cloudTrail(region);
  const input: CreateTrailCommandInput = {
    Name: trail.name,
    S3BucketName: trail.bucket,
    IsOrganizationTrail: true,
    IsMultiRegionTrail: true,
    IncludeGlobalServiceEvents: true,
    EnableLogFileValidation: trail.logFileValidation,
    ...(trail.kmsKeyArn ? { KmsKeyId: trail.kmsKeyArn } : {}),
    ...(trail.cloudWatchLogs
      ? {
          CloudWatchLogsLogGroupArn: trail.cloudWatchLogs.logGroupArn,
          CloudWatchLogsRoleArn: trail.cloudWatchLogs.roleArn,
        }
      : {}),
  };
  try {
    await client.send(new CreateTrailCommand(input));
  } catch (error) {
    if (!isAwsCode(error, 'TrailAlreadyExistsException')) throw error;
    await client.send(new UpdateTrailCommand(input));
  }
  await client.send(new StartLoggingCommand({ Name: trail.name }));
}

/** The role an organization aggregator reads the organization with (AWS's managed policy for it). */
const AGGREGATOR_ROLE = 'orgward-config-aggregator';

async function putConfigAggregator(op: Op<'put-config-aggregator'>, ctx: ApplyContext): Promise<void> {
  await inAccount(ctx, op.site, async (factory, accountId) => {
    const iam = factory.iam();
    await ignoring(['EntityAlreadyExists'], () =>
      iam.send(
        new CreateRoleCommand({
          RoleName: AGGREGATOR_ROLE,
          Description: 'AWS Config organization aggregator (orgward baseline)',
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          }),
        }),
      ),
    );
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: AGGREGATOR_ROLE,
        PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations',
      }),
    );
    await factory.config(op.site.region).send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: op.name,
        OrganizationAggregationSource: {
          RoleArn: `arn:aws:iam::${accountId}:role/${AGGREGATOR_ROLE}`,
          AllAwsRegions: true,
        },
      }),
    );
  });
}

async function putConformancePack(op: Op<'put-conformance-pack'>, ctx: ApplyContext): Promise<void> {
  await inAccount(ctx, op.site, (factory) =>
    factory.config(op.site.region).send(
      new PutOrganizationConformancePackCommand({
        OrganizationConformancePackName: op.name,
        TemplateBody: op.template,
      }),
    ),
  );
}

async function deleteConformancePack(op: Op<'delete-conformance-pack'>, ctx: ApplyContext): Promise<void> {
  await inAccount(ctx, op.site, (factory) =>
    ignoring(['NoSuchOrganizationConformancePackException'], () =>
      factory
        .config(op.site.region)
        .send(new DeleteOrganizationConformancePackCommand({ OrganizationConformancePackName: op.name })),
    ),
  );
}

async function putAnalyzer(op: Op<'put-analyzer'>, ctx: ApplyContext): Promise<void> {
  await inAccount(ctx, op.site, (factory) =>
    ignoring(['ConflictException'], () =>
      factory.accessAnalyzer(op.site.region).send(
        new CreateAnalyzerCommand({
          analyzerName: op.name,
          type: op.analyzerType as 'ORGANIZATION',
          ...(op.analyzerType.includes('UNUSED')
            ? { configuration: { unusedAccess: { unusedAccessAge: 90 } } }
            : {}),
        }),
      ),
    ),
  );
}

async function deleteAnalyzer(op: Op<'delete-analyzer'>, ctx: ApplyContext): Promise<void> {
  await inAccount(ctx, op.site, (factory) =>
    ignoring(['ResourceNotFoundException'], () =>
      factory.accessAnalyzer(op.site.region).send(new DeleteAnalyzerCommand({ analyzerName: op.name })),
    ),
  );
}

export const baselineHandlers: Handlers = {
  'put-log-bucket': putLogBucket,
  'put-organization-trail': putOrganizationTrail,
  'put-config-aggregator': putConfigAggregator,
  'put-conformance-pack': putConformancePack,
  'delete-conformance-pack': deleteConformancePack,
  'put-analyzer': putAnalyzer,
  'delete-analyzer': deleteAnalyzer,
};
