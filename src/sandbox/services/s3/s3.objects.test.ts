/**
 * S3 objects through the real AWS SDK client, in process and over HTTP: put/get/head/delete with
 * metadata and awkward keys, ranges, copies, listings with prefixes, delimiters and pages, multipart
 * uploads, integrity checks (Content-MD5, CRC32 sent and validated back by the SDK), batch deletes,
 * anonymous reads under bucket policy and Block Public Access, and the bucket that is not empty.
 */
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeletePublicAccessBlockCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { Sandbox } from '../../sandbox.js';
import { OTHER, OWNER, policy, publicRead, s3TestClients } from './testing.js';

const BUCKET = 'objects-a';
const KEYS = ['a b/c.txt', '100%/x', 'ünï/çødé', '__proto__', 'dir/', 'dir/inner/deep.json'];

describe.each<TargetName>(['sandbox', 'sandbox-http'])('S3 objects over %s', (name) => {
  let target: Target;
  const { s3 } = s3TestClients(() => target);

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
  });

  it('puts, gets, heads and deletes objects with metadata, bytes and awkward keys', async () => {
    const client = s3();
    const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    for (const Key of KEYS) {
      const put = await client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key,
          Body: bytes,
          ContentType: 'application/x-test',
          Metadata: { team: 'platform' },
          CacheControl: 'max-age=60',
        }),
      );
      expect(put.ETag).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);
      expect(put.ServerSideEncryption).toBe('AES256');
    }
    for (const Key of KEYS) {
      const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
      expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(bytes);
      expect(got.ContentType).toBe('application/x-test');
      expect(got.Metadata).toEqual({ team: 'platform' });
      expect(got.CacheControl).toBe('max-age=60');
      expect(got.ContentLength).toBe(bytes.length);
      const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key }));
      expect(head.ContentLength).toBe(bytes.length);
      expect(head.ETag).toBe(got.ETag);
    }
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: '100%/x' }));
    expect((await failure(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: '100%/x' })))).name).toBe(
      'NoSuchKey',
    );
    expect(
      (await failure(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: '100%/x' })))).status,
    ).toBe(404);
    // deleting what is not there succeeds, as on AWS
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'never-was' }));
    expect(
      (await failure(client.send(new GetObjectCommand({ Bucket: 'no-such-bucket-x', Key: 'k' })))).name,
    ).toBe('NoSuchBucket');
  });

  it('answers byte ranges with 206 and refuses ranges past the end', async () => {
    const client = s3();
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'r', Body: '0123456789' }));
    const part = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'r', Range: 'bytes=2-5' }));
    expect(await part.Body!.transformToString()).toBe('2345');
    expect(part.ContentRange).toBe('bytes 2-5/10');
    const tail = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'r', Range: 'bytes=-3' }));
    expect(await tail.Body!.transformToString()).toBe('789');
    const past = await failure(
      client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'r', Range: 'bytes=20-' })),
    );
    expect(past).toMatchObject({ name: 'InvalidRange', status: 416 });
  });

  it('verifies Content-MD5 and CRC32, and answers the checksum back for the SDK to validate', async () => {
    const client = s3();
    const wrong = await failure(
      client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: 'md5',
          Body: 'hello',
          ContentMD5: createHash('md5').update('other').digest('base64'),
        }),
      ),
    );
    expect(wrong.name).toBe('BadDigest');
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'crc', Body: 'hello world', ChecksumAlgorithm: 'CRC32' }),
    );
    const got = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'crc', ChecksumMode: 'ENABLED' }),
    );
    expect(got.ChecksumCRC32).toBe('DUoRhQ==');
    expect(await got.Body!.transformToString()).toBe('hello world');
  });

  it('copies objects, keeping or replacing metadata, and refuses a copy onto itself unchanged', async () => {
    const client = s3();
    await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'src',
        Body: 'data',
        Metadata: { a: '1' },
        ContentType: 'text/plain',
      }),
    );
    const copied = await client.send(
      new CopyObjectCommand({ Bucket: BUCKET, Key: 'dst', CopySource: `${BUCKET}/src` }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(`"${createHash('md5').update('data').digest('hex')}"`);
    const kept = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'dst' }));
    expect([kept.Metadata, kept.ContentType]).toEqual([{ a: '1' }, 'text/plain']);
    await client.send(
      new CopyObjectCommand({
        Bucket: BUCKET,
        Key: 'dst',
        CopySource: `${BUCKET}/src`,
        MetadataDirective: 'REPLACE',
        Metadata: { b: '2' },
      }),
    );
    expect((await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'dst' }))).Metadata).toEqual({
      b: '2',
    });
    const self = await failure(
      client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'src', CopySource: `${BUCKET}/src` })),
    );
    expect(self.name).toBe('InvalidRequest');
    const missing = await failure(
      client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'x', CopySource: `${BUCKET}/nothing` })),
    );
    expect(missing.name).toBe('NoSuchKey');
  });

  it('lists with prefixes, delimiters and pages (V2 and V1)', async () => {
    const client = s3();
    const keys = ['logs/2026/01/a', 'logs/2026/01/b', 'logs/2026/02/a', 'logs/readme', 'top', 'zz/1'];
    for (const Key of keys) await client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
    const all = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(all.Contents?.map((o) => o.Key)).toEqual(keys);
    expect([all.KeyCount, all.IsTruncated]).toEqual([6, false]);
    expect(all.Contents?.[0]?.Size).toBe('logs/2026/01/a'.length);
    const folders = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'logs/', Delimiter: '/' }),
    );
    expect(folders.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['logs/2026/']);
    expect(folders.Contents?.map((o) => o.Key)).toEqual(['logs/readme']);
    const pages: string[][] = [];
    for await (const page of paginateListObjectsV2(
      { client },
      { Bucket: BUCKET, Delimiter: '/', Prefix: 'logs/2026/', MaxKeys: 1 },
    ))
      pages.push([
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!),
        ...(page.Contents ?? []).map((o) => o.Key!),
      ]);
    expect(pages).toEqual([['logs/2026/01/'], ['logs/2026/02/']]);
    const paged: string[] = [];
    for await (const page of paginateListObjectsV2({ client, pageSize: 4 }, { Bucket: BUCKET }))
      paged.push(...(page.Contents ?? []).map((o) => o.Key!));
    expect(paged).toEqual(keys);
    const after = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, StartAfter: 'top' }));
    expect(after.Contents?.map((o) => o.Key)).toEqual(['zz/1']);
    const v1 = await client.send(
      new ListObjectsCommand({ Bucket: BUCKET, Marker: 'logs/readme', MaxKeys: 1 }),
    );
    expect([v1.Contents?.map((o) => o.Key), v1.IsTruncated]).toEqual([['top'], true]);
    const bad = await failure(
      client.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: 'nonsense' })),
    );
    expect(bad.name).toBe('InvalidArgument');
  });

  it('completes a multipart upload from parts, and refuses small middle parts and unknown uploads', async () => {
    const client = s3();
    const big = Buffer.alloc(5 * 1024 * 1024, 7);
    const started = await client.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp', ContentType: 'x/y' }),
    );
    const UploadId = started.UploadId!;
    const one = await client.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: 'mp', UploadId, PartNumber: 1, Body: big }),
    );
    const two = await client.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: 'mp', UploadId, PartNumber: 2, Body: 'end' }),
    );
    const done = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'mp',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: one.ETag! },
            { PartNumber: 2, ETag: two.ETag! },
          ],
        },
      }),
    );
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'mp' }));
    expect([head.ContentLength, head.ContentType]).toEqual([big.length + 3, 'x/y']);

    const small = await client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'small' }));
    const p1 = await client.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: 'small',
        UploadId: small.UploadId!,
        PartNumber: 1,
        Body: 'a',
      }),
    );
    const p2 = await client.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: 'small',
        UploadId: small.UploadId!,
        PartNumber: 2,
        Body: 'b',
      }),
    );
    const tooSmall = await failure(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: 'small',
          UploadId: small.UploadId!,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: p1.ETag! },
              { PartNumber: 2, ETag: p2.ETag! },
            ],
          },
        }),
      ),
    );
    expect(tooSmall.name).toBe('EntityTooSmall');
    await client.send(
      new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'small', UploadId: small.UploadId! }),
    );
    const gone = await failure(
      client.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key: 'small',
          UploadId: small.UploadId!,
          PartNumber: 3,
          Body: 'c',
        }),
      ),
    );
    expect(gone).toMatchObject({ name: 'NoSuchUpload', status: 404 });
  });

  it('deletes in batches, refuses to delete a bucket that is not empty, and versions objects', async () => {
    const client = s3();
    for (const Key of ['a', 'b', 'c'])
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
    expect((await failure(client.send(new DeleteBucketCommand({ Bucket: BUCKET })))).name).toBe(
      'BucketNotEmpty',
    );
    const deleted = await client.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: [{ Key: 'a' }, { Key: 'b' }, { Key: 'c' }] },
      }),
    );
    expect(deleted.Deleted?.map((d) => d.Key)).toEqual(['a', 'b', 'c']);
    await client.send(new DeleteBucketCommand({ Bucket: BUCKET }));

    await client.send(new CreateBucketCommand({ Bucket: 'versioned-a' }));
    await client.send(
      new PutBucketVersioningCommand({
        Bucket: 'versioned-a',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    const put = await client.send(new PutObjectCommand({ Bucket: 'versioned-a', Key: 'k', Body: 'v' }));
    expect(put.VersionId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps other accounts out unless the bucket policy lets them in', async () => {
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'shared', Body: 'x' }));
    const other = s3(OTHER);
    expect((await failure(other.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'shared' })))).name).toBe(
      'AccessDenied',
    );
    await s3().send(
      new PutBucketPolicyCommand({
        Bucket: BUCKET,
        Policy: policy({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${BUCKET}/*`,
        }),
      }),
    );
    const got = await other.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'shared' }));
    expect(await got.Body!.transformToString()).toBe('x');
    expect(OWNER).not.toBe(OTHER);
  });
});

describe('anonymous access to objects (over HTTP, unsigned)', () => {
  let target: Target;
  const { s3 } = s3TestClients(() => target);
  beforeAll(async () => {
    target = await startTarget('sandbox-http');
  });
  afterAll(() => target.close());

  it('serves a public object only where the policy allows everyone and Block Public Access does not restrict', async () => {
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'site-a' }));
    await client.send(new PutObjectCommand({ Bucket: 'site-a', Key: 'index.html', Body: '<p>hi</p>' }));
    const url = `${target.endpoint}/site-a/index.html`;
    expect((await fetch(url)).status).toBe(403);
    await client.send(new DeletePublicAccessBlockCommand({ Bucket: 'site-a' }));
    expect((await fetch(url)).status).toBe(403); // no policy yet
    await client.send(new PutBucketPolicyCommand({ Bucket: 'site-a', Policy: publicRead('site-a') }));
    const open = await fetch(url);
    expect([open.status, await open.text()]).toEqual([200, '<p>hi</p>']);
    expect((await fetch(`${target.endpoint}/site-a`)).status).toBe(403); // listing is not granted
    expect((await fetch(url, { method: 'PUT', body: 'x' })).status).toBe(403);
    await client.send(
      new PutPublicAccessBlockCommand({
        Bucket: 'site-a',
        PublicAccessBlockConfiguration: { RestrictPublicBuckets: true },
      }),
    );
    const restricted = await fetch(url);
    expect(restricted.status).toBe(403);
    expect(await restricted.text()).toContain('<Code>AccessDenied</Code>');
  });
});

describe('304 and 412 on conditional requests', () => {
  it('answers If-None-Match with 304 and no body, and a failed If-Match with 412', async () => {
    const sandbox = new Sandbox();
    const auth = `AWS4-HMAC-SHA256 Credential=${OWNER}/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0`;
    const send = (method: string, path: string, headers: Record<string, string> = {}, body = '') =>
      sandbox.handle({
        method,
        path,
        query: {},
        headers: { authorization: auth, ...headers },
        body: Buffer.from(body),
      });
    await send('PUT', '/cond-a');
    const put = await send('PUT', '/cond-a/k', {}, 'v');
    const etag = put.headers.etag!;
    const same = await send('GET', '/cond-a/k', { 'if-none-match': etag });
    expect([same.status, same.body.length]).toEqual([304, 0]);
    const changed = await send('GET', '/cond-a/k', { 'if-match': '"other"' });
    expect(changed.status).toBe(412);
    expect(changed.body.toString()).toContain('<Code>PreconditionFailed</Code>');
  });
});
