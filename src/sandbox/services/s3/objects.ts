/**
 * S3 objects (restXml): PutObject, GetObject (ranges, conditions), HeadObject, DeleteObject,
 * DeleteObjects, CopyObject, ListObjectsV2 and ListObjects (prefix, delimiter, pages), and multipart
 * uploads (create, upload part, complete, abort). Content-MD5 and `x-amz-checksum-*` are verified where
 * Node can compute them; aws-chunked bodies (the SDKs' streaming uploads) are decoded. Anonymous requests
 * are served only where the bucket policy allows everyone and Block Public Access does not restrict it.
 * Behaviour and differences from AWS: SPEC.md.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../errors.js';
import { optString, type Input } from '../../input.js';
import type { RestRoute } from '../../protocols/rest.js';
import { xmlList } from '../../protocols/xml.js';
import type { CallContext, Handler } from '../../service.js';
import { listObjects, listObjectsV2 } from './object-listing.js';
import {
  MAX_DELETE_KEYS,
  MAX_PUT_BYTES,
  QUERY_PARAMETERS,
  accessBucket,
  encryptionOf,
  requireIntegrity,
  getOwn,
  keyOf,
  noSuchKey,
  payloadOf,
  storedHeaders,
  userMetadata,
  verifyIntegrity,
  writeObject,
} from './object-requests.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  uploadPart,
} from './multipart.js';
import { empty, header, xml } from './operations.js';
import type { BucketState, S3Object } from './state.js';
import { xmlText, xmlTexts } from './xml-input.js';

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
  return { $headers: writeHeaders(object, writeObject(bucket, object)) };
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
  const versionId = writeObject(bucket, object);
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
  requireIntegrity(input);
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
