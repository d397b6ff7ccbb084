/**
 * S3 objects (restXml): PutObject, GetObject (ranges, conditions), HeadObject, DeleteObject,
 * DeleteObjects, CopyObject, ListObjectsV2 and ListObjects (prefix, delimiter, pages), and multipart
 * uploads (create, upload part, complete, abort). Content-MD5 and `x-amz-checksum-*` are verified where
 * Node can compute them; aws-chunked bodies (the SDKs' streaming uploads) are decoded. Anonymous requests
 * are served only where the bucket policy allows everyone and Block Public Access does not restrict it.
 * Behaviour and differences from AWS: SPEC.md.
 */
import { createHash, randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { AwsError, unknownOperation } from '../../errors.js';
import { optInt, optString, type Input } from '../../input.js';
import type { RestRoute } from '../../protocols/rest.js';
import { xmlList } from '../../protocols/xml.js';
import type { CallContext, Handler } from '../../service.js';
import { allowsEveryone } from '../sqs/policy-lock.js';
import { body, bucketFor, empty, header, noSuchBucket, xml } from './operations.js';
import { findBucket, peekS3Account, type BucketState, type MultipartUpload, type S3Object } from './state.js';
import { xmlText, xmlTexts } from './xml-input.js';

const MAX_KEY_BYTES = 1024;
const MAX_PUT_BYTES = 5 * 1024 ** 3;
const MAX_METADATA_BYTES = 2048;
const MIN_PART_BYTES = 5 * 1024 ** 2;
const MAX_PARTS = 10_000;
const MAX_DELETE_KEYS = 1000;
const MAX_LIST_KEYS = 1000;
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
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}

function getOwn<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

function objectsOf(bucket: BucketState): Record<string, S3Object> {
  return (bucket.objects ??= {});
}

const noSuchKey = (key: string) =>
  new AwsError('NoSuchKey', 'The specified key does not exist.', { status: 404, extras: { Key: key } });
const noSuchUpload = (uploadId: string) =>
  new AwsError(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { status: 404, extras: { UploadId: uploadId } },
  );

// Routing ------------------------------------------------------------------------------------------

/** The query parameters each object operation takes; anything else names a subresource not served. */
const QUERY_PARAMETERS: Record<string, readonly string[]> = {
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
function rejectSubresources(operation: string, input: Input): void {
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
function accessBucket(ctx: CallContext, input: Input, action: string): BucketState {
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

function keyOf(input: Input): string {
  const key = optString(input, 'Key') ?? '';
  if (Buffer.byteLength(key) > MAX_KEY_BYTES)
    throw new AwsError('KeyTooLongError', 'Your key is too long', {
      extras: { Size: Buffer.byteLength(key) },
    });
  return key;
}

// Request bodies ------------------------------------------------------------------------------------

interface Payload {
  data: Buffer;
  /** A checksum sent in the trailer of an aws-chunked body. */
  trailer: Record<string, string>;
}

/**
 * The request's content. Streaming uploads arrive aws-chunked (`<hex size>[;chunk-signature=…]\r\n
 * <bytes>\r\n … 0\r\n<trailer lines>\r\n\r\n`), with the checksum in the trailer; the sandbox does not
 * check chunk signatures, as it checks no signature.
 */
function payloadOf(input: Input): Payload {
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

/** Verifies Content-MD5 and any `x-amz-checksum-*` (header or trailer); answers the checksum to keep. */
function verifyIntegrity(input: Input, payload: Payload): S3Object['checksum'] {
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

function userMetadata(input: Input): Record<string, string> {
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

function storedHeaders(input: Input): Record<string, string> {
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
function encryptionOf(input: Input, bucket: BucketState): Pick<S3Object, 'sse' | 'kmsKeyId'> {
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

function versionIdFor(bucket: BucketState): string | undefined {
  if (bucket.versioning === 'Enabled') return randomUUID().replace(/-/g, '');
  return bucket.versioning === 'Suspended' ? 'null' : undefined;
}

// Answers -------------------------------------------------------------------------------------------

const httpDate = (iso: string) => new Date(iso).toUTCString();

/** The headers GetObject and HeadObject answer for an object. */
function objectHeaders(object: S3Object, input: Input): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': object.contentType,
    'content-length': String(object.size),
    etag: object.etag,
    'last-modified': httpDate(object.lastModified),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': object.sse,
    ...object.headers,
  };
  if (object.kmsKeyId) headers['x-amz-server-side-encryption-aws-kms-key-id'] = object.kmsKeyId;
  if (object.versionId) headers['x-amz-version-id'] = object.versionId;
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  if (object.checksum && header(input, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED') {
    headers[`x-amz-checksum-${object.checksum.algorithm.toLowerCase()}`] = object.checksum.value;
    headers['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  return headers;
}

/**
 * If-Match / If-None-Match / If-(Un)Modified-Since, in the order RFC 7232 and S3 apply them: a failed
 * If-Match is an error (412); a matching If-None-Match is "not modified" (304, an answer without a body).
 */
function notModified(object: S3Object, input: Input): boolean {
  const modified = Date.parse(object.lastModified);
  const ifMatch = header(input, 'if-match');
  const ifNoneMatch = header(input, 'if-none-match');
  const since = header(input, 'if-modified-since');
  const unmodifiedSince = header(input, 'if-unmodified-since');
  const matches = (list: string) => list.split(',').some((t) => t.trim() === '*' || t.trim() === object.etag);
  const precondition = () =>
    new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
      status: 412,
      extras: { Condition: ifMatch !== undefined ? 'If-Match' : 'If-Unmodified-Since' },
    });
  if (ifMatch !== undefined && !matches(ifMatch)) throw precondition();
  if (ifMatch === undefined && unmodifiedSince && modified > Date.parse(unmodifiedSince) + 999)
    throw precondition();
  if (ifNoneMatch !== undefined) return matches(ifNoneMatch);
  return since !== undefined && modified <= Date.parse(since) + 999;
}

const notModifiedAnswer = (object: S3Object) => ({
  $status: 304,
  $headers: { etag: object.etag, 'last-modified': httpDate(object.lastModified) },
});

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → [first, last], inclusive; undefined for no (or an ignored) range. */
function rangeOf(input: Input, size: number): [number, number] | undefined {
  const range = header(input, 'range');
  const match = range ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let first: number;
  let last: number;
  if (match[1] === '') {
    first = Math.max(0, size - Number(match[2]));
    last = size - 1;
  } else {
    first = Number(match[1]);
    last = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (first >= size || first > last)
    throw new AwsError('InvalidRange', 'The requested range is not satisfiable', {
      status: 416,
      extras: { RangeRequested: range, ActualObjectSize: size },
    });
  return [first, last];
}

// Handlers --------------------------------------------------------------------------------------------

function objectFor(
  ctx: CallContext,
  input: Input,
  action: string,
): { bucket: BucketState; object: S3Object } {
  const bucket = accessBucket(ctx, input, action);
  const key = keyOf(input);
  const object = getOwn(bucket.objects, key);
  if (!object)
    throw ctx.signed ? noSuchKey(key) : new AwsError('AccessDenied', 'Access Denied', { status: 403 });
  return { bucket, object };
}

const getObject: Handler = (ctx, input) => {
  const { object } = objectFor(ctx, input, 's3:GetObject');
  if (notModified(object, input)) return notModifiedAnswer(object);
  const data = Buffer.from(object.data, 'base64');
  const headers = objectHeaders(object, input);
  // `response-content-type=…` and its siblings override the stored header for this answer.
  for (const name of QUERY_PARAMETERS.GetObject!.filter((p) => p.startsWith('response-'))) {
    const value = optString(input, name);
    if (value !== undefined) headers[name.slice('response-'.length)] = value;
  }
  const range = rangeOf(input, object.size);
  if (!range) return { $headers: headers, $body: data };
  const [first, last] = range;
  delete headers[`x-amz-checksum-${object.checksum?.algorithm.toLowerCase()}`];
  return {
    $status: 206,
    $headers: {
      ...headers,
      'content-length': String(last - first + 1),
      'content-range': `bytes ${first}-${last}/${object.size}`,
    },
    $body: data.subarray(first, last + 1),
  };
};

const headObject: Handler = (ctx, input) => {
  const { object } = objectFor(ctx, input, 's3:GetObject');
  if (notModified(object, input)) return notModifiedAnswer(object);
  return { $headers: objectHeaders(object, input) };
};

function writeObject(ctx: CallContext, bucket: BucketState, object: Omit<S3Object, 'versionId'>) {
  const versionId = versionIdFor(bucket);
  setOwn(objectsOf(bucket), object.key, { ...object, ...(versionId ? { versionId } : {}) });
  return versionId;
}

/** What a write answers: the ETag, the encryption, the version and the checksum it was given. */
function writeHeaders(object: Omit<S3Object, 'versionId'>, versionId: string | undefined) {
  return {
    etag: object.etag,
    'x-amz-server-side-encryption': object.sse,
    ...(object.kmsKeyId ? { 'x-amz-server-side-encryption-aws-kms-key-id': object.kmsKeyId } : {}),
    ...(versionId ? { 'x-amz-version-id': versionId } : {}),
    ...(object.checksum
      ? { [`x-amz-checksum-${object.checksum.algorithm.toLowerCase()}`]: object.checksum.value }
      : {}),
  };
}

const putObject: Handler = (ctx, input) => {
  const bucket = accessBucket(ctx, input, 's3:PutObject');
  const key = keyOf(input);
  const payload = payloadOf(input);
  if (payload.data.length > MAX_PUT_BYTES)
    throw new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
  const checksum = verifyIntegrity(input, payload);
  const object = {
    key,
    data: payload.data.toString('base64'),
    size: payload.data.length,
    etag: `"${createHash('md5').update(payload.data).digest('hex')}"`,
    lastModified: ctx.now.toISOString(),
    contentType: header(input, 'content-type') ?? 'binary/octet-stream',
    metadata: userMetadata(input),
    headers: storedHeaders(input),
    ...(checksum ? { checksum } : {}),
    ...encryptionOf(input, bucket),
  };
  return { $headers: writeHeaders(object, writeObject(ctx, bucket, object)) };
};

/** `x-amz-copy-source: /bucket/key` (or `bucket/key`, URL-encoded, optionally `?versionId=`). */
function copySource(input: Input): { bucket: string; key: string } {
  const raw = (header(input, 'x-amz-copy-source') ?? '').split('?')[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw).replace(/^\//, '');
  } catch {
    decoded = '';
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1)
    throw new AwsError(
      'InvalidArgument',
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      {
        extras: { ArgumentName: 'x-amz-copy-source', ArgumentValue: raw },
      },
    );
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

const copyObject: Handler = (ctx, input) => {
  const source = copySource(input);
  const { object: from } = objectFor(
    ctx,
    { ...input, Bucket: source.bucket, Key: source.key },
    's3:GetObject',
  );
  const bucket = accessBucket(ctx, input, 's3:PutObject');
  const key = keyOf(input);
  const replace = header(input, 'x-amz-metadata-directive')?.toUpperCase() === 'REPLACE';
  const sameObject = source.bucket === bucket.name && source.key === key;
  if (sameObject && !replace && header(input, 'x-amz-server-side-encryption') === undefined)
    throw new AwsError(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  const object = {
    ...from,
    key,
    lastModified: ctx.now.toISOString(),
    ...(replace
      ? {
          contentType: header(input, 'content-type') ?? 'binary/octet-stream',
          metadata: userMetadata(input),
          headers: storedHeaders(input),
        }
      : {}),
    ...encryptionOf(input, bucket),
  };
  delete (object as Partial<S3Object>).versionId;
  const versionId = writeObject(ctx, bucket, object);
  return {
    ...xml('CopyObjectResult', { ETag: object.etag, LastModified: new Date(object.lastModified) }),
    $headers: {
      'x-amz-server-side-encryption': object.sse,
      ...(versionId ? { 'x-amz-version-id': versionId } : {}),
      ...(from.versionId ? { 'x-amz-copy-source-version-id': from.versionId } : {}),
    },
  };
};

const deleteObject: Handler = (ctx, input) => {
  const bucket = accessBucket(ctx, input, 's3:DeleteObject');
  const key = keyOf(input);
  // Deleting a key that does not exist succeeds, as on AWS.
  if (bucket.objects && Object.hasOwn(bucket.objects, key)) delete bucket.objects[key];
  return empty(204);
};

/** `<Delete><Quiet/>?<Object><Key/></Object>…</Delete>`: up to 1,000 keys, with an integrity header. */
const deleteObjects: Handler = (ctx, input) => {
  const bucket = accessBucket(ctx, input, 's3:DeleteObject');
  const headers = (input.$headers as Record<string, string> | undefined) ?? {};
  const hasIntegrity =
    headers['content-md5'] !== undefined ||
    Object.keys(headers).some((h) => h.startsWith('x-amz-checksum-') || h === 'x-amz-trailer');
  if (!hasIntegrity)
    throw new AwsError('InvalidRequest', 'Missing required header for this request: Content-MD5');
  const text = payloadOf(input).data.toString('utf8');
  const keys = xmlTexts(text, 'Key');
  if (keys.length === 0 || keys.length > MAX_DELETE_KEYS)
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  for (const key of keys)
    if (bucket.objects && Object.hasOwn(bucket.objects, key)) delete bucket.objects[key];
  const quiet = xmlText(text, 'Quiet')?.toLowerCase() === 'true';
  return xml('DeleteResult', {
    Deleted: xmlList('Deleted', quiet ? [] : keys.map((Key) => ({ Key })), true),
  });
};

// Listing ---------------------------------------------------------------------------------------------

interface ListQuery {
  prefix: string;
  delimiter: string | undefined;
  /** List keys after this one (exclusive); a common prefix as marker skips everything under it. */
  after: string;
  maxKeys: number;
}

interface Listing {
  contents: S3Object[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix listed (where the next page starts). */
  last: string | undefined;
}

/** S3 lists in UTF-8 byte order, not UTF-16 code-unit order. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function listKeys(bucket: BucketState, query: ListQuery): Listing {
  const { prefix, delimiter, after, maxKeys } = query;
  const skipUnder = delimiter && after.endsWith(delimiter) ? after : undefined;
  const keys = Object.keys(bucket.objects ?? {})
    .filter((k) => k.startsWith(prefix) && byteOrder(k, after) > 0 && !(skipUnder && k.startsWith(skipUnder)))
    .sort(byteOrder);
  const listing: Listing = { contents: [], commonPrefixes: [], truncated: false, last: undefined };
  for (const key of keys) {
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? key.slice(0, cut + delimiter!.length) : undefined;
    if (common !== undefined && common === listing.commonPrefixes[listing.commonPrefixes.length - 1])
      continue;
    if (listing.contents.length + listing.commonPrefixes.length === maxKeys) {
      listing.truncated = true;
      break;
    }
    if (common !== undefined) listing.commonPrefixes.push(common);
    else listing.contents.push(bucket.objects![key]!);
    listing.last = common ?? key;
  }
  return listing;
}

function listQuery(input: Input, after: string): ListQuery {
  const delimiter = optString(input, 'delimiter');
  return {
    prefix: optString(input, 'prefix') ?? '',
    delimiter: delimiter === '' ? undefined : delimiter,
    after,
    maxKeys: Math.min(optInt(input, 'max-keys', { min: 0 }) ?? MAX_LIST_KEYS, MAX_LIST_KEYS),
  };
}

/** `encoding-type=url` (the AWS CLI sends it): key-like values in the answer are URL-encoded. */
function encoderFor(input: Input): (text: string | undefined) => string | undefined {
  const encoding = optString(input, 'encoding-type');
  if (encoding !== undefined && encoding !== 'url')
    throw new AwsError('InvalidArgument', 'Invalid Encoding Method specified in Request', {
      extras: { ArgumentName: 'encoding-type', ArgumentValue: encoding },
    });
  return (text) =>
    text === undefined || encoding !== 'url' ? text : encodeURIComponent(text).replace(/%2F/g, '/');
}

/** The canonical owner S3 answers for an account (the same shape ListBuckets answers). */
const ownerOf = (accountId: string) => ({
  ID: `${accountId}${'0'.repeat(52)}`,
  DisplayName: `account-${accountId}`,
});

function listedContents(
  bucket: BucketState,
  listing: Listing,
  encode: (t: string) => string | undefined,
  withOwner: boolean,
) {
  return xmlList(
    'Contents',
    listing.contents.map((o) => ({
      Key: encode(o.key),
      LastModified: new Date(o.lastModified),
      ETag: o.etag,
      ...(o.checksum
        ? {
            ChecksumAlgorithm: xmlList('ChecksumAlgorithm', [o.checksum.algorithm], true),
            ChecksumType: 'FULL_OBJECT',
          }
        : {}),
      Size: o.size,
      ...(withOwner ? { Owner: ownerOf(bucket.accountId) } : {}),
      StorageClass: 'STANDARD',
    })),
    true,
  );
}

const listObjectsV2: Handler = (ctx, input) => {
  const bucket = accessBucket(ctx, input, 's3:ListBucket');
  const encode = encoderFor(input);
  const token = optString(input, 'continuation-token');
  const startAfter = optString(input, 'start-after');
  let after = startAfter ?? '';
  if (token !== undefined) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!decoded.startsWith('k:'))
      throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', {
        extras: { ArgumentName: 'continuation-token' },
      });
    after = decoded.slice(2);
  }
  const query = listQuery(input, after);
  const listing = listKeys(bucket, query);
  return xml('ListBucketResult', {
    Name: bucket.name,
    Prefix: encode(query.prefix),
    ...(query.delimiter !== undefined ? { Delimiter: encode(query.delimiter) } : {}),
    MaxKeys: query.maxKeys,
    ...(optString(input, 'encoding-type') ? { EncodingType: 'url' } : {}),
    KeyCount: listing.contents.length + listing.commonPrefixes.length,
    IsTruncated: listing.truncated,
    ...(token !== undefined ? { ContinuationToken: token } : {}),
    ...(listing.truncated && listing.last !== undefined
      ? { NextContinuationToken: Buffer.from(`k:${listing.last}`).toString('base64url') }
      : {}),
    ...(startAfter !== undefined ? { StartAfter: encode(startAfter) } : {}),
    Contents: listedContents(bucket, listing, encode, optString(input, 'fetch-owner') === 'true'),
    CommonPrefixes: xmlList(
      'CommonPrefixes',
      listing.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
      true,
    ),
  });
};

const listObjects: Handler = (ctx, input) => {
  const bucket = accessBucket(ctx, input, 's3:ListBucket');
  const encode = encoderFor(input);
  const marker = optString(input, 'marker') ?? '';
  const query = listQuery(input, marker);
  const listing = listKeys(bucket, query);
  return xml('ListBucketResult', {
    Name: bucket.name,
    Prefix: encode(query.prefix),
    Marker: encode(marker),
    ...(query.delimiter !== undefined ? { Delimiter: encode(query.delimiter) } : {}),
    MaxKeys: query.maxKeys,
    ...(optString(input, 'encoding-type') ? { EncodingType: 'url' } : {}),
    IsTruncated: listing.truncated,
    // AWS answers NextMarker only when a delimiter is given; clients otherwise use the last key.
    ...(listing.truncated && query.delimiter !== undefined ? { NextMarker: encode(listing.last) } : {}),
    Contents: listedContents(bucket, listing, encode, true),
    CommonPrefixes: xmlList(
      'CommonPrefixes',
      listing.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
      true,
    ),
  });
};

// Multipart uploads ---------------------------------------------------------------------------------

function uploadFor(bucket: BucketState, input: Input): MultipartUpload {
  const uploadId = optString(input, 'uploadId') ?? '';
  const upload = getOwn(bucket.uploads, uploadId);
  if (!upload || upload.key !== keyOf(input)) throw noSuchUpload(uploadId);
  return upload;
}

const createMultipartUpload: Handler = (ctx, input) => {
  const bucket = accessBucket(ctx, input, 's3:PutObject');
  const key = keyOf(input);
  const uploadId = Buffer.from(randomUUID()).toString('base64url');
  setOwn((bucket.uploads ??= {}), uploadId, {
    uploadId,
    key,
    initiated: ctx.now.toISOString(),
    contentType: header(input, 'content-type') ?? 'binary/octet-stream',
    metadata: userMetadata(input),
    headers: storedHeaders(input),
    parts: {},
  });
  return {
    ...xml('InitiateMultipartUploadResult', { Bucket: bucket.name, Key: key, UploadId: uploadId }),
    $headers: { 'x-amz-server-side-encryption': encryptionOf(input, bucket).sse },
  };
};

const uploadPart: Handler = (ctx, input) => {
  const bucket = accessBucket(ctx, input, 's3:PutObject');
  const upload = uploadFor(bucket, input);
  const partNumber = optInt(input, 'partNumber') ?? 0;
  if (partNumber < 1 || partNumber > MAX_PARTS)
    throw new AwsError('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
      extras: { ArgumentName: 'partNumber', ArgumentValue: partNumber },
    });
  const payload = payloadOf(input);
  const checksum = verifyIntegrity(input, payload);
  const etag = `"${createHash('md5').update(payload.data).digest('hex')}"`;
  upload.parts[String(partNumber)] = {
    etag,
    data: payload.data.toString('base64'),
    size: payload.data.length,
  };
  return {
    $headers: {
      etag,
      ...(checksum ? { [`x-amz-checksum-${checksum.algorithm.toLowerCase()}`]: checksum.value } : {}),
    },
  };
};

/** `<CompleteMultipartUpload><Part><PartNumber/><ETag/></Part>…`: ascending, known, all but the last ≥ 5 MiB. */
const completeMultipartUpload: Handler = (ctx, input) => {
  const bucket = accessBucket(ctx, input, 's3:PutObject');
  const upload = uploadFor(bucket, input);
  const text = body(input);
  const numbers = xmlTexts(text, 'PartNumber').map(Number);
  const etags = xmlTexts(text, 'ETag').map((e) => (e.startsWith('"') ? e : `"${e}"`));
  if (numbers.length === 0 || numbers.length !== etags.length)
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  const parts = numbers.map((n, i) => {
    if (i > 0 && n <= numbers[i - 1]!)
      throw new AwsError(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
      );
    const part = upload.parts[String(n)];
    if (!part || part.etag !== etags[i])
      throw new AwsError(
        'InvalidPart',
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        {
          extras: { PartNumber: n, UploadId: upload.uploadId },
        },
      );
    if (i < numbers.length - 1 && part.size < MIN_PART_BYTES)
      throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
        extras: { ProposedSize: part.size, MinSizeAllowed: MIN_PART_BYTES, PartNumber: n },
      });
    return part;
  });
  const data = Buffer.concat(parts.map((p) => Buffer.from(p.data, 'base64')));
  const digests = Buffer.concat(parts.map((p) => Buffer.from(p.etag.slice(1, -1), 'hex')));
  const object = {
    key: upload.key,
    data: data.toString('base64'),
    size: data.length,
    etag: `"${createHash('md5').update(digests).digest('hex')}-${parts.length}"`,
    lastModified: ctx.now.toISOString(),
    contentType: upload.contentType,
    metadata: upload.metadata,
    headers: upload.headers,
    ...encryptionOf(input, bucket),
  };
  const versionId = writeObject(ctx, bucket, object);
  delete bucket.uploads![upload.uploadId];
  return {
    ...xml('CompleteMultipartUploadResult', {
      Location: `http://${bucket.name}.s3.amazonaws.com/${encodeURIComponent(upload.key).replace(/%2F/g, '/')}`,
      Bucket: bucket.name,
      Key: upload.key,
      ETag: object.etag,
    }),
    $headers: {
      'x-amz-server-side-encryption': object.sse,
      ...(versionId ? { 'x-amz-version-id': versionId } : {}),
    },
  };
};

const abortMultipartUpload: Handler = (ctx, input) => {
  const bucket = accessBucket(ctx, input, 's3:AbortMultipartUpload');
  const upload = uploadFor(bucket, input);
  delete bucket.uploads![upload.uploadId];
  return empty(204);
};

export const objectOperations: Record<string, Handler> = {
  PutObject: putObject,
  CopyObject: copyObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
  ListObjectsV2: listObjectsV2,
  ListObjects: listObjects,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
};

const objectRoute = (method: string, query: string, operation: string): RestRoute => ({
  method,
  path: `/{Bucket}/{Key+}${query ? `?${query}` : ''}`,
  operation,
});

export const objectRoutes: readonly RestRoute[] = [
  { ...objectRoute('PUT', '', 'CopyObject'), header: 'x-amz-copy-source' },
  { method: 'GET', path: '/{Bucket}', operation: 'ListObjects' },
  { method: 'GET', path: '/{Bucket}?list-type=2', operation: 'ListObjectsV2' },
  { method: 'POST', path: '/{Bucket}?delete', operation: 'DeleteObjects' },
  objectRoute('PUT', '', 'PutObject'),
  objectRoute('GET', '', 'GetObject'),
  objectRoute('HEAD', '', 'HeadObject'),
  objectRoute('DELETE', '', 'DeleteObject'),
  objectRoute('POST', 'uploads', 'CreateMultipartUpload'),
  objectRoute('PUT', 'uploadId', 'UploadPart'),
  objectRoute('POST', 'uploadId', 'CompleteMultipartUpload'),
  objectRoute('DELETE', 'uploadId', 'AbortMultipartUpload'),
];
