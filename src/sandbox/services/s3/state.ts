/**
 * S3 state. Buckets live with their owner (`account.services.s3.buckets[name]`); bucket names are global,
 * so the world keeps the name → owner index (`world.services.s3.owners`). Account-level Block Public Access
 * (S3 Control) lives with the account too.
 */
import { serviceState, type AccountRecord, type World } from '../../world.js';

export const KEY = 's3';

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface BucketState {
  name: string;
  accountId: string;
  region: string;
  createdAt: string;
  policy?: string;
  publicAccessBlock?: PublicAccessBlock;
  /** Never enabled: absent; then `Enabled` or `Suspended`. */
  versioning?: 'Enabled' | 'Suspended';
  objectLock: boolean;
  logging?: { targetBucket: string; targetPrefix: string };
  /** Default encryption: SSE-S3 unless set otherwise (AWS's default since January 2023). */
  encryption: { algorithm: string; kmsKeyId?: string };
  tags: Record<string, string>;
  /** Lifecycle rules (lifecycle.ts); absent until configured and after DeleteBucketLifecycle. */
  lifecycle?: { rules: LifecycleRule[]; transitionDefaultMinimumObjectSize: string };
  /** The bucket's objects by key (objects.ts); absent until the first object is written. */
  objects?: Record<string, S3Object>;
  /** Multipart uploads in progress by upload id. */
  uploads?: Record<string, MultipartUpload>;
}

export interface LifecycleTag {
  Key: string;
  Value: string;
}

/** A rule's filter: at most one member is set (none: every object in the bucket). */
export interface LifecycleFilter {
  Prefix?: string;
  Tag?: LifecycleTag;
  ObjectSizeGreaterThan?: number;
  ObjectSizeLessThan?: number;
  And?: {
    Prefix?: string;
    Tags: LifecycleTag[];
    ObjectSizeGreaterThan?: number;
    ObjectSizeLessThan?: number;
  };
}

export interface LifecycleTransition {
  Days?: number;
  /** ISO 8601, midnight UTC. */
  Date?: string;
  StorageClass: string;
}

/** One lifecycle rule, kept in the shape S3 answers it. */
export interface LifecycleRule {
  ID: string;
  Status: 'Enabled' | 'Disabled';
  /** The legacy top-level prefix (instead of `Filter`). */
  Prefix?: string;
  Filter?: LifecycleFilter;
  Expiration?: { Days?: number; Date?: string; ExpiredObjectDeleteMarker?: boolean };
  Transitions: LifecycleTransition[];
  NoncurrentVersionTransitions: {
    NoncurrentDays: number;
    StorageClass: string;
    NewerNoncurrentVersions?: number;
  }[];
  NoncurrentVersionExpiration?: { NoncurrentDays: number; NewerNoncurrentVersions?: number };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
}

/** One object (the current version only; see SPEC.md). Content is kept as base64 so state stays JSON. */
export interface S3Object {
  key: string;
  /** Base64 of the content. */
  data: string;
  size: number;
  /** Quoted, as S3 answers it: `"<md5 hex>"`, or `"<md5 of part md5s>-<parts>"` after a multipart upload. */
  etag: string;
  lastModified: string;
  contentType: string;
  /** User metadata (`x-amz-meta-*`), names lower-cased. */
  metadata: Record<string, string>;
  /** Standard headers stored with the object (cache-control, content-disposition, ...). */
  headers: Record<string, string>;
  versionId?: string;
  /** The checksum the writer sent (`x-amz-checksum-<algorithm>`), answered back on request. */
  checksum?: { algorithm: string; value: string };
  sse: string;
  kmsKeyId?: string;
}

export interface MultipartUpload {
  uploadId: string;
  key: string;
  initiated: string;
  contentType: string;
  metadata: Record<string, string>;
  headers: Record<string, string>;
  parts: Record<string, { etag: string; data: string; size: number }>;
}

export interface S3AccountState {
  buckets: Record<string, BucketState>;
  /** S3 Control: the account's Block Public Access settings. */
  accountPublicAccessBlock?: PublicAccessBlock;
}

export interface S3WorldState {
  owners: Record<string, string>;
}

export function s3Account(account: AccountRecord): S3AccountState {
  return serviceState(account, KEY, () => ({ buckets: {} }));
}

/** The account's S3 state if it has any, without creating it (for reads). */
export function peekS3Account(account: AccountRecord): S3AccountState | undefined {
  return account.services[KEY] as S3AccountState | undefined;
}

export function s3World(world: World): S3WorldState {
  return serviceState(world, KEY, () => ({ owners: {} }));
}

export function findBucket(world: World, name: string): BucketState | undefined {
  const owner = s3World(world).owners[name];
  const account = owner ? world.accounts[owner] : undefined;
  return account ? s3Account(account).buckets[name] : undefined;
}

export function addBucket(world: World, account: AccountRecord, bucket: BucketState): void {
  s3Account(account).buckets[bucket.name] = bucket;
  s3World(world).owners[bucket.name] = account.id;
}

export function removeBucket(world: World, bucket: BucketState): void {
  const account = world.accounts[bucket.accountId];
  if (account) delete s3Account(account).buckets[bucket.name];
  delete s3World(world).owners[bucket.name];
}

export const ALL_BLOCKED: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** Bucket naming rules (general purpose buckets). */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    return 'may hold only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit';
  if (/\.\.|\.-|-\./.test(name)) return 'must not have two adjacent periods or a period next to a hyphen';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name))
    return 'uses a prefix or suffix AWS reserves';
  return undefined;
}
