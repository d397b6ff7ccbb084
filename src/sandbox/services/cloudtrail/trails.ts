/** CreateTrail, UpdateTrail, DeleteTrail, DescribeTrails, GetTrail, ListTrails. */
import { optBool, optString, reqString, stringList, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { organizationForTrail, requireWritable } from './access.js';
import { trailError } from './errors.js';
import { requireTrail, visibleTrails } from './lookup.js';
import { regionTrails, trailArn, type TrailState } from './state.js';
import { readTags } from './tags.js';
import { ensureAccount } from '../../world.js';

/** AWS's limit: five trails per region (multi-region trails count in every region). */
export const MAX_TRAILS_PER_REGION = 5;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;
const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function checkName(name: string): void {
  if (!NAME_RE.test(name) || /[._-]{2}/.test(name) || /^\d+\.\d+\.\d+\.\d+$/.test(name))
    throw trailError(
      'InvalidTrailNameException',
      'Trail name must starts with a letter or number, end with a letter or number, be between 3 and 128 characters, and have no adjacent periods, underscores or dashes.',
    );
}

function checkBucket(bucket: string): void {
  if (!BUCKET_RE.test(bucket) || bucket.includes('..'))
    throw trailError('InvalidS3BucketNameException', `Bucket name is not valid: ${bucket}`);
}

/** KMS key ids, aliases and ARNs, written as the full ARN AWS shows in DescribeTrails. */
function kmsArn(ctx: CallContext, owner: string, value: string): string {
  if (value.startsWith('arn:')) return value;
  if (value.startsWith('alias/')) return `arn:aws:kms:${ctx.region}:${owner}:${value}`;
  if (!/^[0-9a-f-]{36}$|^mrk-[0-9a-f]{32}$/.test(value))
    throw trailError('InvalidKmsKeyIdException', `Invalid KmsKeyId: ${value}`);
  return `arn:aws:kms:${ctx.region}:${owner}:key/${value}`;
}

/** The trail as DescribeTrails / GetTrail show it. */
export function describeTrail(trail: TrailState): Record<string, unknown> {
  return {
    ...createdShape(trail),
    HomeRegion: trail.homeRegion,
    HasCustomEventSelectors: trail.eventSelectors !== undefined || trail.advancedEventSelectors !== undefined,
    HasInsightSelectors: false,
  };
}

/** The trail as CreateTrail / UpdateTrail answer. */
function createdShape(trail: TrailState): Record<string, unknown> {
  return {
    Name: trail.name,
    S3BucketName: trail.s3BucketName,
    S3KeyPrefix: trail.s3KeyPrefix,
    SnsTopicName: trail.snsTopicName,
    SnsTopicARN: trail.snsTopicName
      ? `arn:aws:sns:${trail.homeRegion}:${trail.accountId}:${trail.snsTopicName}`
      : undefined,
    IncludeGlobalServiceEvents: trail.includeGlobalServiceEvents,
    IsMultiRegionTrail: trail.isMultiRegionTrail,
    TrailARN: trailArn(trail),
    LogFileValidationEnabled: trail.logFileValidationEnabled,
    CloudWatchLogsLogGroupArn: trail.cloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: trail.cloudWatchLogsRoleArn,
    KmsKeyId: trail.kmsKeyId,
    IsOrganizationTrail: trail.isOrganizationTrail,
  };
}

/** Applies the optional settings of CreateTrail / UpdateTrail to a trail. */
function applySettings(ctx: CallContext, trail: TrailState, input: Input): void {
  const bucket = optString(input, 'S3BucketName');
  if (bucket !== undefined) {
    checkBucket(bucket);
    trail.s3BucketName = bucket;
  }
  const prefix = optString(input, 'S3KeyPrefix', { max: 200 });
  if (prefix !== undefined) trail.s3KeyPrefix = prefix === '' ? undefined : prefix;
  const topic = optString(input, 'SnsTopicName');
  if (topic !== undefined) trail.snsTopicName = topic === '' ? undefined : topic;
  const global = optBool(input, 'IncludeGlobalServiceEvents');
  if (global !== undefined) trail.includeGlobalServiceEvents = global;
  const multi = optBool(input, 'IsMultiRegionTrail');
  if (multi !== undefined) trail.isMultiRegionTrail = multi;
  if (trail.isMultiRegionTrail && !trail.includeGlobalServiceEvents)
    throw trailError(
      'InvalidParameterCombinationException',
      'Multi-Region trail must include global service events.',
    );
  const validation = optBool(input, 'EnableLogFileValidation');
  if (validation !== undefined) trail.logFileValidationEnabled = validation;
  const group = optString(input, 'CloudWatchLogsLogGroupArn');
  const role = optString(input, 'CloudWatchLogsRoleArn');
  if (group !== undefined) trail.cloudWatchLogsLogGroupArn = group === '' ? undefined : group;
  if (role !== undefined) trail.cloudWatchLogsRoleArn = role === '' ? undefined : role;
  if ((trail.cloudWatchLogsLogGroupArn === undefined) !== (trail.cloudWatchLogsRoleArn === undefined))
    throw trailError(
      'InvalidCloudWatchLogsLogGroupArnException',
      'You must specify a log group and a role ARN together.',
    );
  const kms = optString(input, 'KmsKeyId');
  if (kms !== undefined) trail.kmsKeyId = kms === '' ? undefined : kmsArn(ctx, trail.accountId, kms);
}

function countInRegion(ctx: CallContext, accountId: string): number {
  return visibleTrails(ctx.world, accountId, ctx.region, true).filter((t) => t.accountId === accountId)
    .length;
}

const createTrail: Handler = (ctx, input) => {
  const name = reqString(input, 'Name');
  checkName(name);
  const bucket = reqString(input, 'S3BucketName');
  checkBucket(bucket);
  const isOrg = optBool(input, 'IsOrganizationTrail') ?? false;
  const ownerId = isOrg ? organizationForTrail(ctx).managementAccountId : ctx.caller.accountId;
  const owner = ensureAccount(ctx.world, ownerId, ctx.now);
  const state = regionTrails(owner, ctx.region);
  if (state.trails[name])
    throw trailError('TrailAlreadyExistsException', `Trail ${name} already exists for customer: ${ownerId}`);
  if (countInRegion(ctx, ownerId) >= MAX_TRAILS_PER_REGION)
    throw trailError(
      'MaximumNumberOfTrailsExceededException',
      `User: ${ownerId} already has ${MAX_TRAILS_PER_REGION} trails in ${ctx.region}.`,
    );
  const trail: TrailState = {
    name,
    accountId: ownerId,
    homeRegion: ctx.region,
    s3BucketName: bucket,
    includeGlobalServiceEvents: true,
    isMultiRegionTrail: false,
    logFileValidationEnabled: false,
    isOrganizationTrail: isOrg,
    isLogging: false,
    tags: readTags(input, 'TagsList'),
    createdAt: ctx.now.toISOString(),
  };
  applySettings(ctx, trail, input);
  state.trails[name] = trail;
  return createdShape(trail);
};

const updateTrail: Handler = (ctx, input) => {
  const trail = requireTrail(ctx, reqString(input, 'Name'));
  requireWritable(ctx, trail);
  const isOrg = optBool(input, 'IsOrganizationTrail');
  if (isOrg !== undefined && isOrg !== trail.isOrganizationTrail) {
    if (isOrg) organizationForTrail(ctx);
    trail.isOrganizationTrail = isOrg;
  }
  const next = structuredClone(trail);
  applySettings(ctx, next, input);
  Object.assign(trail, next);
  return createdShape(trail);
};

const deleteTrail: Handler = (ctx, input) => {
  const trail = requireTrail(ctx, reqString(input, 'Name'));
  requireWritable(ctx, trail);
  const owner = ensureAccount(ctx.world, trail.accountId, ctx.now);
  delete regionTrails(owner, trail.homeRegion).trails[trail.name];
  return {};
};

const describeTrails: Handler = (ctx, input) => {
  const shadows = optBool(input, 'includeShadowTrails') ?? true;
  const names = stringList(input, 'trailNameList');
  let trails = visibleTrails(ctx.world, ctx.caller.accountId, ctx.region, shadows);
  if (names.length > 0) trails = trails.filter((t) => names.includes(t.name) || names.includes(trailArn(t)));
  return { trailList: trails.map(describeTrail) };
};

const getTrail: Handler = (ctx, input) => ({
  Trail: describeTrail(requireTrail(ctx, reqString(input, 'Name'))),
});

const LIST_PAGE = {
  max: 50,
  defaultSize: 50,
  invalidToken: () => trailError('InvalidTokenException', 'Invalid token.'),
};

const listTrails: Handler = (ctx, input) => {
  const trails = visibleTrails(ctx.world, ctx.caller.accountId, ctx.region, true);
  const page = ctx.page(trails, optString(input, 'NextToken'), undefined, 'ListTrails', LIST_PAGE);
  return {
    Trails: page.items.map((t) => ({ TrailARN: trailArn(t), Name: t.name, HomeRegion: t.homeRegion })),
    NextToken: page.nextToken,
  };
};

export const trailOperations: Record<string, Handler> = {
  CreateTrail: createTrail,
  UpdateTrail: updateTrail,
  DeleteTrail: deleteTrail,
  DescribeTrails: describeTrails,
  GetTrail: getTrail,
  ListTrails: listTrails,
};
