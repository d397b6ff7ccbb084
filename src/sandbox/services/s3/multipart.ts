/** S3 multipart uploads: create, upload a part, complete (order, ETags, part sizes), abort. */
import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from '../../errors.js';
import { optInt, optString, type Input } from '../../input.js';
import type { Handler } from '../../service.js';
import {
  MAX_PARTS,
  MIN_PART_BYTES,
  accessBucket,
  encryptionOf,
  getOwn,
  keyOf,
  noSuchUpload,
  payloadOf,
  setOwn,
  storedHeaders,
  userMetadata,
  verifyIntegrity,
  writeObject,
} from './object-requests.js';
import { body, empty, header, xml } from './operations.js';
import type { BucketState, MultipartUpload } from './state.js';
import { xmlTexts } from './xml-input.js';

// Multipart uploads ---------------------------------------------------------------------------------

function uploadFor(bucket: BucketState, input: Input): MultipartUpload {
  const uploadId = optString(input, 'uploadId') ?? '';
  const upload = getOwn(bucket.uploads, uploadId);
  if (!upload || upload.key !== keyOf(input)) throw noSuchUpload(uploadId);
  return upload;
}

export const createMultipartUpload: Handler = (ctx, input) => {
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

export const uploadPart: Handler = (ctx, input) => {
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
export const completeMultipartUpload: Handler = (ctx, input) => {
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
  const versionId = writeObject(bucket, object);
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

export const abortMultipartUpload: Handler = (ctx, input) => {
  const bucket = accessBucket(ctx, input, 's3:AbortMultipartUpload');
  const upload = uploadFor(bucket, input);
  delete bucket.uploads![upload.uploadId];
  return empty(204);
};
