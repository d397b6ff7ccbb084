/** S3 ListObjectsV2 and ListObjects: prefixes, delimiters (common prefixes), pages, URL encoding. */
import { AwsError } from '../../errors.js';
import { optInt, optString, type Input } from '../../input.js';
import { xmlList } from '../../protocols/xml.js';
import type { Handler } from '../../service.js';
import { MAX_LIST_KEYS, accessBucket } from './object-requests.js';
import { xml } from './operations.js';
import type { BucketState, S3Object } from './state.js';

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

export const listObjectsV2: Handler = (ctx, input) => {
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

export const listObjects: Handler = (ctx, input) => {
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
