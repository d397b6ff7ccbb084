/**
 * What S3 object operations share: limits, the own-property records keys are written into, the
 * subresources an operation does not take, the access check (signed and anonymous), and reading a
 * request's body (aws-chunked decoding, Content-MD5 and checksums, metadata, encryption).
 */
import { createHash, randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { AwsError, unknownOperation } from '../../errors.js';
import { optString, type Input } from '../../input.js';
import type { CallContext } from '../../service.js';
import { allowsEveryone } from '../sqs/policy-lock.js';
import { bucketFor, header, noSuchBucket } from './operations.js';
import { findBucket, peekS3Account, type BucketState, type S3Object } from './state.js';

export const MAX_KEY_BYTES = 1024;
export const MAX_PUT_BYTES = 5 * 1024 ** 3;
const MAX_METADATA_BYTES = 2048;
export const MIN_PART_BYTES = 5 * 1024 ** 2;
export const MAX_PARTS = 10_000;
export const MAX_DELETE_KEYS = 1000;
export const MAX_LIST_KEYS = 1000;
/** Headers stored with an object and answered back as sent. */
const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
];
/** The checksum algorithms S3 accepts, and how the sandbox computes each (undefined: stored unverified). */
const CHECKSUMS: Record<string, ((data: Buffer) => string) | undefined> = {
  crc32: (data) => {
    const value = Buffer.alloc(4);
    value.writeUInt32BE(crc32(data));
    return value.toString('base64');
  },
  crc32c: undefined,
  crc64nvme: undefined,
  sha1: (data) => createHash('sha1').update(data).digest('base64'),
  sha256: (data) => createHash('sha256').update(data).digest('base64'),
};

// Shared records ------------------------------------------------------------------------------------

/** Keys come from the request: written as own properties, so `__proto__` is an ordinary key. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}

export function getOwn<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function objectsOf(bucket: BucketState): Record<string, S3Object> {
  return (bucket.objects ??= {});
}

export const noSuchKey = (key: string) =>
  new AwsError('NoSuchKey', 'The specified key does not exist.', { status: 404, extras: { Key: key } });
export const noSuchUpload = (uploadId: string) =>
  new AwsError(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { status: 404, extras: { UploadId: uploadId } },
  );

// Routing ------------------------------------------------------------------------------------------

/** The query parameters each object operation takes; anything else names a subresource not served. */
export const QUERY_PARAMETERS: Record<string, readonly string[]> = {
  ListObjects: ['prefix', 'delimiter', 'marker', 'max-keys', 'encoding-type'],
  ListObjectsV2: [
    'list-type',
    'prefix',
    'delimiter',
    'max-keys',
    'encoding-type',
    'continuation-token',
    'start-after',
    'fetch-owner',
  ],
  GetObject: [
    'versionId',
    'partNumber',
    'response-cache-control',
    'response-content-disposition',
    'response-content-encoding',
    'response-content-language',
    'response-content-type',
    'response-expires',
  ],
  HeadObject: ['versionId', 'partNumber'],
  PutObject: [],
  CopyObject: [],
  DeleteObject: ['versionId'],
  DeleteObjects: ['delete'],
  CreateMultipartUpload: ['uploads'],
  UploadPart: ['uploadId', 'partNumber'],
  CompleteMultipartUpload: ['uploadId'],
  AbortMultipartUpload: ['uploadId'],
};

/**
 * `GET /bucket?acl` or `PUT /bucket/key?tagging` match the plain routes by path: a query parameter the
 * operation does not take is a subresource the sandbox does not serve, answered as S3 answers what it
 * does not implement (never as the plain operation).
 */
export function rejectSubresources(operation: string, input: Input): void {
  const allowed = QUERY_PARAMETERS[operation] ?? [];
  const query = (input.$query as Record<string, unknown> | undefined) ?? {};
  for (const name of Object.keys(query)) {
    if (allowed.includes(name) || name === 'x-id' || /^x-amz-/i.test(name)) continue;
    throw unknownOperation('restXml', `S3 ${operation.replace(/Objects?(V2)?$/, '')}?${name}`);
  }
}

// Access ------------------------------------------------------------------------------------------

/**
 * The bucket a call names, after the access check. Signed calls go through the bucket's owner and
 * policy rules (operations.ts); an unsigned call needs a policy that allows the action to everyone on a
 * bucket whose Block Public Access (its own or its account's) does not restrict public policies.
 */
export function accessBucket(ctx: CallContext, input: Input, action: string): BucketState {
  rejectSubresources(ctx.operation, input);
  if (ctx.signed) return bucketFor(ctx, input);
  const name = optString(input, 'Bucket') ?? '';
  const bucket = findBucket(ctx.world, name);
  const accessDenied = new AwsError('AccessDenied', 'Access Denied', { status: 403 });
  if (!bucket) throw noSuchBucket(name);
  const ownerAccount = ctx.world.accounts[bucket.accountId];
  const accountBlock = ownerAccount ? peekS3Account(ownerAccount)?.accountPublicAccessBlock : undefined;
  const restricted = bucket.publicAccessBlock?.RestrictPublicBuckets || accountBlock?.RestrictPublicBuckets;
  if (restricted || !allowsEveryone(bucket.policy, action)) throw accessDenied;
  return bucket;
}

export function keyOf(input: Input): string {
  const key = optString(input, 'Key') ?? '';
  if (Buffer.byteLength(key) > MAX_KEY_BYTES)
    throw new AwsError('KeyTooLongError', 'Your key is too long', {
      extras: { Size: Buffer.byteLength(key) },
    });
  return key;
}

// Request bodies ------------------------------------------------------------------------------------

export interface Payload {
  data: Buffer;
  /** A checksum sent in the trailer of an aws-chunked body. */
  trailer: Record<string, string>;
}

/**
 * The request's content. Streaming uploads arrive aws-chunked (`<hex size>[;chunk-signature=…]\r\n
 * <bytes>\r\n … 0\r\n<trailer lines>\r\n\r\n`), with the checksum in the trailer; the sandbox does not
 * check chunk signatures, as it checks no signature.
 */
export function payloadOf(input: Input): Payload {
  const raw = Buffer.isBuffer(input.$bytes) ? input.$bytes : Buffer.alloc(0);
  const encoding = header(input, 'content-encoding') ?? '';
  const sha = header(input, 'x-amz-content-sha256') ?? '';
  if (!encoding.includes('aws-chunked') && !sha.startsWith('STREAMING-')) return { data: raw, trailer: {} };
  const chunks: Buffer[] = [];
  const trailer: Record<string, string> = {};
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) throw new AwsError('IncompleteBody', 'The request body terminated unexpectedly');
    const size = Number.parseInt(raw.subarray(at, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size) || size < 0)
      throw new AwsError(
        'InvalidChunkSizeError',
        'Only the last chunk is allowed to have a size less than 8192 bytes',
      );
    at = lineEnd + 2;
    if (size === 0) break;
    chunks.push(raw.subarray(at, at + size));
    at += size + 2;
  }
  for (const line of raw.subarray(at).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailer[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(chunks), trailer };
}

/**
 * Calls whose model requires a request checksum (DeleteObjects, PutBucketLifecycleConfiguration) need
 * `Content-MD5` or an `x-amz-checksum-*` header (or a trailer announcing one).
 */
export function requireIntegrity(input: Input): void {
  const headers = (input.$headers as Record<string, string> | undefined) ?? {};
  const hasIntegrity =
    headers['content-md5'] !== undefined ||
    Object.keys(headers).some((h) => h.startsWith('x-amz-checksum-') || h === 'x-amz-trailer');
  if (!hasIntegrity)
    throw new AwsError('InvalidRequest', 'Missing required header for this request: Content-MD5');
}

/** Verifies Content-MD5 and any `x-amz-checksum-*` (header or trailer); answers the checksum to keep. */
export function verifyIntegrity(input: Input, payload: Payload): S3Object['checksum'] {
  const md5 = header(input, 'content-md5');
  if (md5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(md5))
      throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', {
        extras: { 'Content-MD5': md5 },
      });
    if (createHash('md5').update(payload.data).digest('base64') !== md5)
      throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', {
        extras: { ExpectedDigest: md5 },
      });
  }
  for (const [algorithm, compute] of Object.entries(CHECKSUMS)) {
    const name = `x-amz-checksum-${algorithm}`;
    const sent = header(input, name) ?? payload.trailer[name];
    if (sent === undefined) continue;
    if (compute && compute(payload.data) !== sent)
      throw new AwsError(
        'BadDigest',
        `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
      );
    return { algorithm: algorithm.toUpperCase(), value: sent };
  }
  return undefined;
}

export function userMetadata(input: Input): Record<string, string> {
  const headers = (input.$headers as Record<string, string> | undefined) ?? {};
  const metadata: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-amz-meta-')) continue;
    const key = name.slice('x-amz-meta-'.length);
    setOwn(metadata, key, value);
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > MAX_METADATA_BYTES)
    throw new AwsError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', {
      extras: { Size: bytes, MaxSizeAllowed: MAX_METADATA_BYTES },
    });
  return metadata;
}

export function storedHeaders(input: Input): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = header(input, name);
    // aws-chunked is how the body travelled, not how the object is encoded.
    const kept =
      name === 'content-encoding' ? value?.replace(/(^|,\s*)aws-chunked/, '').replace(/^,\s*/, '') : value;
    if (kept) stored[name] = kept;
  }
  return stored;
}

/** Server-side encryption: the request's choice, else the bucket's default (every object is encrypted). */
export function encryptionOf(input: Input, bucket: BucketState): Pick<S3Object, 'sse' | 'kmsKeyId'> {
  const sse = header(input, 'x-amz-server-side-encryption') ?? bucket.encryption.algorithm;
  if (!['AES256', 'aws:kms', 'aws:kms:dsse'].includes(sse))
    throw new AwsError('InvalidArgument', 'Server Side Encryption with unknown algorithm', {
      extras: { ArgumentName: 'x-amz-server-side-encryption', ArgumentValue: sse },
    });
  const kmsKeyId =
    header(input, 'x-amz-server-side-encryption-aws-kms-key-id') ??
    (sse.startsWith('aws:kms') ? bucket.encryption.kmsKeyId : undefined);
  return { sse, ...(kmsKeyId ? { kmsKeyId } : {}) };
}

export function versionIdFor(bucket: BucketState): string | undefined {
  if (bucket.versioning === 'Enabled') return randomUUID().replace(/-/g, '');
  return bucket.versioning === 'Suspended' ? 'null' : undefined;
}

/** Stores an object as the key's current version; answers the version id when versioning is on. */
export function writeObject(bucket: BucketState, object: Omit<S3Object, 'versionId'>) {
  const versionId = versionIdFor(bucket);
  setOwn(objectsOf(bucket), object.key, { ...object, ...(versionId ? { versionId } : {}) });
  return versionId;
}
