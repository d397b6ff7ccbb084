/**
 * S3 bucket operations (restXml): buckets and their configuration — policy (with the lock-out rule and
 * the root unlock), Block Public Access, versioning, Object Lock, access logging, default encryption,
 * tags (lifecycle: lifecycle.ts; objects: objects.ts). Path-style and virtual-hosted-style addressing (index.ts moves the bucket from the
 * Host header into the path).
 */
import { AwsError } from '../../errors.js';
import { optInt, optString, type Input } from '../../input.js';
import type { RestRoute } from '../../protocols/rest.js';
import { xmlList } from '../../protocols/xml.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount } from '../../world.js';
import { allowsAccount, locksEveryoneOut } from '../sqs/policy-lock.js';
import {
  addBucket,
  bucketNameProblem,
  findBucket,
  removeBucket,
  peekS3Account,
  s3Account,
  type BucketState,
  type PublicAccessBlock,
} from './state.js';
import { xmlBool, xmlText, xmlTexts } from './xml-input.js';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
export const S3_UNLOCK_TASK_POLICY = 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy';

/** The IAM action each operation is authorized as (where it differs from `s3:<Operation>`). */
const ACTIONS: Record<string, string> = {
  HeadBucket: 's3:ListBucket',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  GetObjectLockConfiguration: 's3:GetBucketObjectLockConfiguration',
  PutObjectLockConfiguration: 's3:PutBucketObjectLockConfiguration',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  PutBucketEncryption: 's3:PutEncryptionConfiguration',
  DeleteBucketTagging: 's3:PutBucketTagging',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 's3:PutLifecycleConfiguration',
  DeleteBucketLifecycle: 's3:PutLifecycleConfiguration',
  HeadObject: 's3:GetObject',
  CopyObject: 's3:PutObject',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  DeleteObjects: 's3:DeleteObject',
};
const POLICY_OPERATIONS = new Set(['GetBucketPolicy', 'PutBucketPolicy', 'DeleteBucketPolicy']);

export const noSuchBucket = (name: string) =>
  new AwsError('NoSuchBucket', 'The specified bucket does not exist', {
    status: 404,
    extras: { BucketName: name },
  });

export function denied(ctx: CallContext, action: string, bucket: BucketState, why: string): AwsError {
  return new AwsError(
    'AccessDenied',
    `User: ${ctx.caller.arn} is not authorized to perform: ${action} on resource: "arn:aws:s3:::${bucket.name}" ${why}`,
    { status: 403 },
  );
}

/**
 * The bucket a call names, after the access check: the owner's principals may act unless a policy locks
 * everyone out; the owner's root user (and an S3UnlockBucketPolicy root session) may always read and
 * change the policy; another account needs an Allow naming it.
 */
export function bucketFor(ctx: CallContext, input: Input): BucketState {
  const name = optString(input, 'Bucket') ?? '';
  const bucket = findBucket(ctx.world, name);
  if (!bucket) throw noSuchBucket(name);
  const action = ACTIONS[ctx.operation] ?? `s3:${ctx.operation}`;
  const own = bucket.accountId === ctx.caller.accountId;
  if (ctx.caller.kind === 'root-session') {
    if (!own) throw denied(ctx, action, bucket, 'because no session policy allows the action');
    if (ctx.caller.taskPolicyArn === S3_UNLOCK_TASK_POLICY) return bucket;
  }
  if (own && ctx.caller.kind === 'root' && POLICY_OPERATIONS.has(ctx.operation)) return bucket;
  if (locksEveryoneOut(bucket.policy, action))
    throw denied(ctx, action, bucket, 'with an explicit deny in a resource-based policy');
  if (!own && !allowsAccount(bucket.policy, ctx.caller.accountId, action))
    throw denied(ctx, action, bucket, 'because no resource-based policy allows the action');
  return bucket;
}

export const body = (input: Input) => (typeof input.$body === 'string' ? input.$body : '');
export const header = (input: Input, name: string) =>
  (input.$headers as Record<string, string> | undefined)?.[name];
export const empty = (status = 200) => ({ $status: status });
export const xml = (root: string, members: Record<string, unknown>) => ({
  $root: root,
  $xmlns: S3_XMLNS,
  ...members,
});
const rawXml = (text: string) => ({
  $body: `<?xml version="1.0" encoding="UTF-8"?>\n${text}`,
  $headers: { 'content-type': 'application/xml' },
});

export function owner(ctx: CallContext) {
  return { ID: `${ctx.caller.accountId}${'0'.repeat(52)}`, DisplayName: `account-${ctx.caller.accountId}` };
}

const createBucket: Handler = (ctx, input) => {
  const name = optString(input, 'Bucket') ?? '';
  const problem = bucketNameProblem(name);
  if (problem)
    throw new AwsError('InvalidBucketName', `The specified bucket is not valid: ${problem}.`, {
      extras: { BucketName: name },
    });
  const constraint = xmlText(body(input), 'LocationConstraint');
  if (ctx.region === 'us-east-1' && constraint === 'us-east-1')
    throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid');
  if (ctx.region !== 'us-east-1' && (constraint ?? '') !== ctx.region)
    throw new AwsError(
      'IllegalLocationConstraintException',
      `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    );
  const existing = findBucket(ctx.world, name);
  if (existing) {
    if (existing.accountId !== ctx.caller.accountId)
      throw new AwsError(
        'BucketAlreadyExists',
        'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
        { status: 409, extras: { BucketName: name } },
      );
    if (existing.region !== 'us-east-1' || ctx.region !== 'us-east-1')
      throw new AwsError(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        { status: 409, extras: { BucketName: name } },
      );
    return { $headers: { location: `/${name}` } };
  }
  const objectLock = header(input, 'x-amz-bucket-object-lock-enabled')?.toLowerCase() === 'true';
  addBucket(ctx.world, ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), {
    name,
    accountId: ctx.caller.accountId,
    region: ctx.region,
    createdAt: ctx.now.toISOString(),
    // New buckets block public access and own their objects (AWS's defaults since April 2023).
    publicAccessBlock: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
    ...(objectLock ? { versioning: 'Enabled' as const } : {}),
    objectLock,
    encryption: { algorithm: 'AES256' },
    tags: {},
  });
  return { $headers: { location: `/${name}` } };
};

function isPublic(policy: string | undefined): boolean {
  if (!policy) return false;
  try {
    const parsed = JSON.parse(policy) as { Statement?: unknown };
    const list = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    return list.some((s) => {
      if (typeof s !== 'object' || s === null) return false;
      const st = s as { Effect?: unknown; Principal?: unknown; Condition?: unknown };
      const p = st.Principal;
      const everyone =
        p === '*' ||
        (typeof p === 'object' && p !== null && 'AWS' in p && ([] as unknown[]).concat(p.AWS).includes('*'));
      return st.Effect === 'Allow' && everyone && st.Condition === undefined;
    });
  } catch {
    return false;
  }
}

function parsePolicy(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new AwsError('MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'");
  if (!('Statement' in parsed)) throw new AwsError('MalformedPolicy', 'Missing required field Statement');
  return text;
}

const BLOCK_FLAGS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const satisfies ReadonlyArray<keyof PublicAccessBlock>;

/**
 * A `PublicAccessBlockConfiguration` body (bucket or account level): missing flags are false; a body
 * with none of the four → `InvalidRequest`, as AWS answers.
 */
export function readPublicAccessBlock(text: string): PublicAccessBlock {
  if (!BLOCK_FLAGS.some((flag) => xmlText(text, flag) !== undefined))
    throw new AwsError('InvalidRequest', 'Must specify at least one configuration.');
  return {
    BlockPublicAcls: xmlBool(text, 'BlockPublicAcls'),
    IgnorePublicAcls: xmlBool(text, 'IgnorePublicAcls'),
    BlockPublicPolicy: xmlBool(text, 'BlockPublicPolicy'),
    RestrictPublicBuckets: xmlBool(text, 'RestrictPublicBuckets'),
  };
}

export const noPublicAccessBlock = () =>
  new AwsError(
    'NoSuchPublicAccessBlockConfiguration',
    'The public access block configuration was not found',
    {
      status: 404,
    },
  );

/**
 * The caller's buckets by name. Unpaginated without `max-buckets`, `prefix`, `bucket-region` or
 * `continuation-token` (as AWS answers accounts on the default quota); with any of them, pages of
 * `max-buckets` (1–10000, default 10000) and a `ContinuationToken` while more remain.
 */
const listBuckets: Handler = (ctx, input) => {
  const account = ctx.world.accounts[ctx.caller.accountId];
  const prefix = optString(input, 'prefix');
  const region = optString(input, 'bucket-region');
  const token = optString(input, 'continuation-token');
  const size = optInt(input, 'max-buckets', { min: 1, max: 10000 });
  const buckets = Object.values(account ? (peekS3Account(account)?.buckets ?? {}) : {})
    .filter((b) => (prefix === undefined || b.name.startsWith(prefix)) && (!region || b.region === region))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const paged = size !== undefined || prefix !== undefined || region !== undefined || token !== undefined;
  const page = paged
    ? ctx.page(buckets, token, size, `buckets:${prefix ?? ''}:${region ?? ''}`, {
        max: 10000,
        defaultSize: 10000,
        invalidToken: () =>
          new AwsError('InvalidArgument', 'The continuation token provided is incorrect', {
            extras: { ArgumentName: 'continuation-token' },
          }),
      })
    : { items: buckets, nextToken: undefined };
  return xml('ListAllMyBucketsResult', {
    Owner: owner(ctx),
    Buckets: xmlList(
      'Bucket',
      page.items.map((b) => ({ Name: b.name, CreationDate: new Date(b.createdAt), BucketRegion: b.region })),
    ),
    ContinuationToken: page.nextToken,
    Prefix: prefix,
  });
};

export const s3Operations: Record<string, Handler> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    return { $headers: { 'x-amz-bucket-region': bucket.region } };
  },
  DeleteBucket: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    if (bucket.accountId !== ctx.caller.accountId)
      throw denied(ctx, 's3:DeleteBucket', bucket, 'because only the owner may delete a bucket');
    if (Object.keys(bucket.objects ?? {}).length > 0 || Object.keys(bucket.uploads ?? {}).length > 0)
      throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', {
        status: 409,
        extras: { BucketName: bucket.name },
      });
    removeBucket(ctx.world, bucket);
    return empty(204);
  },
  GetBucketLocation: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    const region = bucket.region === 'us-east-1' ? '' : bucket.region;
    return rawXml(`<LocationConstraint xmlns="${S3_XMLNS}">${region}</LocationConstraint>`);
  },
  GetBucketPolicy: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    if (!bucket.policy)
      throw new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', {
        status: 404,
        extras: { BucketName: bucket.name },
      });
    return { $body: bucket.policy };
  },
  PutBucketPolicy: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    const policy = parsePolicy(body(input));
    const ownerAccount = ctx.world.accounts[bucket.accountId];
    const accountBlock = ownerAccount ? s3Account(ownerAccount).accountPublicAccessBlock : undefined;
    // the bucket's own setting or the owner account's (S3 Control) blocks public policies
    if ((bucket.publicAccessBlock?.BlockPublicPolicy || accountBlock?.BlockPublicPolicy) && isPublic(policy))
      throw denied(
        ctx,
        's3:PutBucketPolicy',
        bucket,
        'because public policies are blocked by the BlockPublicPolicy block public access setting',
      );
    bucket.policy = policy;
    return empty(204);
  },
  DeleteBucketPolicy: (ctx, input) => {
    delete bucketFor(ctx, input).policy;
    return empty(204);
  },
  GetBucketPolicyStatus: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    if (!bucket.policy)
      throw new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', {
        status: 404,
        extras: { BucketName: bucket.name },
      });
    return xml('PolicyStatus', { IsPublic: isPublic(bucket.policy) });
  },
  GetPublicAccessBlock: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    if (!bucket.publicAccessBlock) throw noPublicAccessBlock();
    return xml('PublicAccessBlockConfiguration', { ...bucket.publicAccessBlock });
  },
  PutPublicAccessBlock: (ctx, input) => {
    bucketFor(ctx, input).publicAccessBlock = readPublicAccessBlock(body(input));
    return empty();
  },
  DeletePublicAccessBlock: (ctx, input) => {
    delete bucketFor(ctx, input).publicAccessBlock;
    return empty(204);
  },
  GetBucketVersioning: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    return xml('VersioningConfiguration', bucket.versioning ? { Status: bucket.versioning } : {});
  },
  PutBucketVersioning: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    const status = xmlText(body(input), 'Status');
    if (status !== 'Enabled' && status !== 'Suspended')
      throw new AwsError(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    if (status === 'Suspended' && bucket.objectLock)
      throw new AwsError(
        'InvalidBucketState',
        'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.',
        { status: 409 },
      );
    bucket.versioning = status;
    return empty();
  },
  GetObjectLockConfiguration: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    if (!bucket.objectLock)
      throw new AwsError(
        'ObjectLockConfigurationNotFoundError',
        'Object Lock configuration does not exist for this bucket',
        {
          status: 404,
          extras: { BucketName: bucket.name },
        },
      );
    return xml('ObjectLockConfiguration', { ObjectLockEnabled: 'Enabled' });
  },
  PutObjectLockConfiguration: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    if (xmlText(body(input), 'ObjectLockEnabled') !== 'Enabled')
      throw new AwsError(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    if (bucket.versioning !== 'Enabled')
      throw new AwsError(
        'InvalidBucketState',
        "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
        { status: 409 },
      );
    bucket.objectLock = true;
    return empty();
  },
  GetBucketLogging: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    return xml(
      'BucketLoggingStatus',
      bucket.logging
        ? {
            LoggingEnabled: {
              TargetBucket: bucket.logging.targetBucket,
              TargetPrefix: bucket.logging.targetPrefix,
            },
          }
        : {},
    );
  },
  PutBucketLogging: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    const target = xmlText(body(input), 'TargetBucket');
    if (!target) {
      delete bucket.logging;
      return empty();
    }
    const targetBucket = findBucket(ctx.world, target);
    if (!targetBucket || targetBucket.accountId !== bucket.accountId)
      throw new AwsError('InvalidTargetBucketForLogging', 'The target bucket for logging does not exist', {
        extras: { TargetBucket: target },
      });
    bucket.logging = { targetBucket: target, targetPrefix: xmlText(body(input), 'TargetPrefix') ?? '' };
    return empty();
  },
  GetBucketEncryption: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    const byDefault = {
      SSEAlgorithm: bucket.encryption.algorithm,
      ...(bucket.encryption.kmsKeyId ? { KMSMasterKeyID: bucket.encryption.kmsKeyId } : {}),
    };
    return xml('ServerSideEncryptionConfiguration', {
      Rule: xmlList(
        'Rule',
        [{ ApplyServerSideEncryptionByDefault: byDefault, BucketKeyEnabled: false }],
        true,
      ),
    });
  },
  PutBucketEncryption: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    const algorithm = xmlText(body(input), 'SSEAlgorithm');
    if (!algorithm || !['AES256', 'aws:kms', 'aws:kms:dsse'].includes(algorithm))
      throw new AwsError(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    const kmsKeyId = xmlText(body(input), 'KMSMasterKeyID');
    bucket.encryption = { algorithm, ...(kmsKeyId ? { kmsKeyId } : {}) };
    return empty();
  },
  GetBucketTagging: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    const tags = Object.entries(bucket.tags);
    if (!tags.length)
      throw new AwsError('NoSuchTagSet', 'The TagSet does not exist', {
        status: 404,
        extras: { BucketName: bucket.name },
      });
    return xml('Tagging', {
      TagSet: xmlList(
        'Tag',
        tags.map(([Key, Value]) => ({ Key, Value })),
      ),
    });
  },
  PutBucketTagging: (ctx, input) => {
    const bucket = bucketFor(ctx, input);
    const tags = xmlTexts(body(input), 'Tag').map(
      (t) => [xmlText(t, 'Key') ?? '', xmlText(t, 'Value') ?? ''] as const,
    );
    if (tags.length > 50) throw new AwsError('InvalidTag', 'Object tags cannot be greater than 50');
    if (new Set(tags.map(([k]) => k)).size !== tags.length)
      throw new AwsError('InvalidTag', 'Cannot provide multiple Tags with the same key');
    bucket.tags = Object.fromEntries(tags);
    return empty(204);
  },
  DeleteBucketTagging: (ctx, input) => {
    bucketFor(ctx, input).tags = {};
    return empty(204);
  },
};

const bucketRoute = (method: string, query: string, operation: string): RestRoute => ({
  method,
  path: `/{Bucket}${query ? `?${query}` : ''}`,
  operation,
});

export const s3Routes: readonly RestRoute[] = [
  { method: 'GET', path: '/', operation: 'ListBuckets' },
  bucketRoute('PUT', '', 'CreateBucket'),
  bucketRoute('HEAD', '', 'HeadBucket'),
  bucketRoute('DELETE', '', 'DeleteBucket'),
  bucketRoute('GET', 'location', 'GetBucketLocation'),
  bucketRoute('GET', 'policy', 'GetBucketPolicy'),
  bucketRoute('PUT', 'policy', 'PutBucketPolicy'),
  bucketRoute('DELETE', 'policy', 'DeleteBucketPolicy'),
  bucketRoute('GET', 'policyStatus', 'GetBucketPolicyStatus'),
  bucketRoute('GET', 'publicAccessBlock', 'GetPublicAccessBlock'),
  bucketRoute('PUT', 'publicAccessBlock', 'PutPublicAccessBlock'),
  bucketRoute('DELETE', 'publicAccessBlock', 'DeletePublicAccessBlock'),
  bucketRoute('GET', 'versioning', 'GetBucketVersioning'),
  bucketRoute('PUT', 'versioning', 'PutBucketVersioning'),
  bucketRoute('GET', 'object-lock', 'GetObjectLockConfiguration'),
  bucketRoute('PUT', 'object-lock', 'PutObjectLockConfiguration'),
  bucketRoute('GET', 'logging', 'GetBucketLogging'),
  bucketRoute('PUT', 'logging', 'PutBucketLogging'),
  bucketRoute('GET', 'encryption', 'GetBucketEncryption'),
  bucketRoute('PUT', 'encryption', 'PutBucketEncryption'),
  bucketRoute('GET', 'tagging', 'GetBucketTagging'),
  bucketRoute('PUT', 'tagging', 'PutBucketTagging'),
  bucketRoute('DELETE', 'tagging', 'DeleteBucketTagging'),
];
