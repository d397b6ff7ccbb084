/**
 * S3 bucket lifecycle configuration through the real AWS SDK client, in process and over HTTP: the
 * put/get round trip (filters, transitions, noncurrent-version actions), replacement, deletion, and the
 * errors for bad rules. Requests the SDK will not send (no checksum, broken XML) go to a bare sandbox.
 */
import {
  CreateBucketCommand,
  DeleteBucketLifecycleCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  S3Client,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { sandboxRequestHandler } from '../../index.js';
import { Sandbox } from '../../sandbox.js';
import { OWNER, s3TestClients } from './testing.js';

const BUCKET = 'lifecycle-rules';

const RULES: LifecycleRule[] = [
  {
    ID: 'logs-to-glacier',
    Status: 'Enabled',
    Filter: { Prefix: 'logs/' },
    Transitions: [
      { Days: 30, StorageClass: 'STANDARD_IA' },
      { Days: 90, StorageClass: 'GLACIER' },
    ],
    Expiration: { Days: 365 },
  },
  {
    ID: 'old-versions',
    Status: 'Enabled',
    Filter: {},
    NoncurrentVersionTransitions: [{ NoncurrentDays: 30, StorageClass: 'GLACIER_IR' }],
    NoncurrentVersionExpiration: { NoncurrentDays: 90, NewerNoncurrentVersions: 3 },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
  },
  {
    ID: 'tagged-large',
    Status: 'Disabled',
    Filter: {
      And: {
        Prefix: 'data/',
        Tags: [
          { Key: 'class', Value: 'temp' },
          { Key: 'team', Value: 'a&b' },
        ],
        ObjectSizeGreaterThan: 1024,
      },
    },
    Expiration: { Date: new Date('2030-01-01T00:00:00Z') },
  },
  {
    ID: 'one-tag',
    Status: 'Enabled',
    Filter: { Tag: { Key: 'tmp', Value: 'yes' } },
    Expiration: { Days: 1 },
  },
  { ID: 'big', Status: 'Enabled', Filter: { ObjectSizeGreaterThan: 1048576 }, Expiration: { Days: 10 } },
  { ID: 'markers', Status: 'Enabled', Prefix: 'legacy/', Expiration: { ExpiredObjectDeleteMarker: true } },
];

describe.each<TargetName>(['sandbox', 'sandbox-http'])('S3 lifecycle over %s', (name) => {
  let target: Target;
  const { s3 } = s3TestClients(() => target);
  const put = (rules: LifecycleRule[], client = s3()) =>
    client.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: BUCKET,
        LifecycleConfiguration: { Rules: rules },
      }),
    );

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
  });

  it('keeps every kind of rule and answers it back as sent', async () => {
    const client = s3();
    const written = await put(RULES, client);
    expect(written.TransitionDefaultMinimumObjectSize).toBe('all_storage_classes_128K');
    const read = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
    expect(read.TransitionDefaultMinimumObjectSize).toBe('all_storage_classes_128K');
    expect(read.Rules).toEqual(RULES);
  });

  it('replaces the whole rule set, names rules sent without an ID, and keeps the minimum-size choice', async () => {
    const client = s3();
    await put(RULES, client);
    await client.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: BUCKET,
        TransitionDefaultMinimumObjectSize: 'varies_by_storage_class',
        LifecycleConfiguration: {
          Rules: [{ Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 5 } }],
        },
      }),
    );
    const read = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
    expect(read.TransitionDefaultMinimumObjectSize).toBe('varies_by_storage_class');
    expect(read.Rules).toHaveLength(1);
    expect(read.Rules?.[0]).toMatchObject({
      Status: 'Enabled',
      Filter: { Prefix: '' },
      Expiration: { Days: 5 },
    });
    expect(read.Rules?.[0]?.ID).toMatch(/^\S{1,255}$/);
  });

  it('deletes the configuration (204), also when there is none', async () => {
    const client = s3();
    await put(RULES, client);
    const deleted = await client.send(new DeleteBucketLifecycleCommand({ Bucket: BUCKET }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await client.send(new DeleteBucketLifecycleCommand({ Bucket: BUCKET }));
    expect(
      await failure(client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'no-such-bucket' }))),
    ).toMatchObject({ name: 'NoSuchBucket', status: 404 });
  });

  it('refuses bad values with InvalidArgument', async () => {
    const expire = (extra: Partial<LifecycleRule>): LifecycleRule => ({
      ID: 'r',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      Expiration: { Days: 1 },
      ...extra,
    });
    const cases: Array<[LifecycleRule[], string]> = [
      [[expire({ Expiration: { Days: 0 } })], "'Days' for Expiration action must be a positive integer"],
      [[expire({ Expiration: { Days: -3 } })], "'Days' for Expiration action must be a positive integer"],
      [
        [expire({ NoncurrentVersionExpiration: { NoncurrentDays: 0 } })],
        "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer",
      ],
      [
        [expire({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 0 } })],
        "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer",
      ],
      [
        [expire({ Transitions: [{ Days: 10, StorageClass: 'STANDARD_IA' }] })],
        "'Days' in Transition action for StorageClass STANDARD_IA must be greater than or equal to 30",
      ],
      [
        [expire({ Expiration: { Date: new Date('2030-01-01T12:00:00Z') } })],
        "'Date' must be at midnight GMT",
      ],
      [[expire({ ID: 'x'.repeat(256) })], 'ID length should not exceed allowed limit of 255'],
      [
        [expire({}), expire({ Filter: { Prefix: 'b/' } })],
        'Rule ID must be unique. Found same ID for more than one rule',
      ],
    ];
    for (const [rules, message] of cases)
      expect(await failure(put(rules)), message).toMatchObject({
        name: 'InvalidArgument',
        message,
        status: 400,
      });
    // nothing was stored by the refused calls
    await put([expire({ ID: 'x'.repeat(255) })]);
  });

  it('refuses rules outside the schema with MalformedXML, and rules without an action', async () => {
    const base: LifecycleRule = {
      ID: 'r',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      Expiration: { Days: 1 },
    };
    const malformed: LifecycleRule[][] = [
      [],
      [{ ...base, Status: 'enabled' as LifecycleRule['Status'] }],
      [{ ...base, Filter: { Prefix: 'a/', Tag: { Key: 'k', Value: 'v' } } }],
      [{ ...base, Prefix: 'a/' }],
      [{ ID: 'r', Status: 'Enabled', Expiration: { Days: 1 } }],
      [{ ...base, Expiration: { Days: 1, ExpiredObjectDeleteMarker: true } }],
      [{ ...base, Transitions: [{ StorageClass: 'GLACIER' }] }],
      [{ ...base, Transitions: [{ Days: 40, StorageClass: 'STANDARD' as 'GLACIER' }] }],
      Array.from({ length: 1001 }, (_, i) => ({ ...base, ID: `r${i}` })),
    ];
    for (const rules of malformed)
      expect(await failure(put(rules)), JSON.stringify(rules).slice(0, 200)).toMatchObject({
        name: 'MalformedXML',
        status: 400,
      });
    expect(await failure(put([{ ID: 'r', Status: 'Enabled', Filter: { Prefix: 'a/' } }]))).toMatchObject({
      name: 'InvalidRequest',
      message: 'At least one action needs to be specified in a rule',
    });
    expect(
      await failure(
        put([
          {
            ...base,
            Filter: { Tag: { Key: 'k', Value: 'v' } },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ]),
      ),
    ).toMatchObject({ name: 'InvalidRequest' });
    await put(Array.from({ length: 1000 }, (_, i) => ({ ...base, ID: `r${i}` })));
  });
});

/**
 * A sandbox whose answers are not checked against the S3 model: `NoSuchLifecycleConfiguration` is one of
 * S3's documented errors the model does not list.
 */
describe('S3 lifecycle on a bare sandbox', () => {
  const sandbox = new Sandbox();
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: 'http://sandbox.local',
    credentials: { accessKeyId: OWNER, secretAccessKey: 'secret' },
    requestHandler: sandboxRequestHandler(sandbox),
    forcePathStyle: true,
    maxAttempts: 1,
  });
  const raw = (method: string, body: string, headers: Record<string, string> = {}) =>
    sandbox.handle({
      method,
      path: `/${BUCKET}`,
      query: { lifecycle: '' },
      headers: {
        host: 's3.us-east-1.amazonaws.com',
        authorization: `AWS4-HMAC-SHA256 Credential=${OWNER}/20261122/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0`,
        ...headers,
      },
      body: Buffer.from(body),
    });
  const md5 = (text: string) => createHash('md5').update(text).digest('base64');
  const RULE =
    '<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ID>a</ID>' +
    '<Filter><Prefix>x/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>3</Days></Expiration>' +
    '</Rule></LifecycleConfiguration>';

  beforeAll(() => client.send(new CreateBucketCommand({ Bucket: BUCKET })));

  it('answers NoSuchLifecycleConfiguration (404) before a put and after a delete', async () => {
    const none = {
      name: 'NoSuchLifecycleConfiguration',
      message: 'The lifecycle configuration does not exist',
      status: 404,
    };
    expect(
      await failure(client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }))),
    ).toMatchObject(none);
    await client.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: BUCKET,
        LifecycleConfiguration: {
          Rules: [{ ID: 'a', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 } }],
        },
      }),
    );
    await client.send(new DeleteBucketLifecycleCommand({ Bucket: BUCKET }));
    expect(
      await failure(client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }))),
    ).toMatchObject(none);
  });

  it('wants Content-MD5 or a checksum, and checks it', async () => {
    const missing = await raw('PUT', RULE);
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('<Code>InvalidRequest</Code>');
    expect(missing.body).toContain('Missing required header for this request: Content-MD5');
    const wrong = await raw('PUT', RULE, { 'content-md5': md5('something else') });
    expect(wrong.body).toContain('<Code>BadDigest</Code>');
    expect((await raw('PUT', RULE, { 'content-md5': md5(RULE) })).status).toBe(200);
    const read = await raw('GET', '');
    expect(read.body).toContain(
      '<Rule><ID>a</ID><Filter><Prefix>x/</Prefix></Filter><Status>Enabled</Status>',
    );
    expect(read.headers['x-amz-transition-default-minimum-object-size']).toBe('all_storage_classes_128K');
  });

  it('refuses bodies that are not well-formed XML, and an unknown minimum size', async () => {
    for (const body of [
      '',
      'not xml',
      RULE.replace('</Rule>', ''),
      RULE.replace('<Days>3</Days>', '<Days>3</Day>'),
      `${RULE}<extra/>`,
      RULE.replace('<Days>3', '<Days>three'),
      RULE.replace('<Days>3</Days>', '<Days>3</Days><Weeks>1</Weeks>'),
      RULE.replace('x/', 'a&b'),
      '<Other/>',
    ]) {
      const answer = await raw('PUT', body, { 'content-md5': md5(body) });
      expect(answer.body, body).toContain('<Code>MalformedXML</Code>');
    }
    const entity = RULE.replace('x/', 'a&amp;b&#47;');
    expect((await raw('PUT', entity, { 'content-md5': md5(entity) })).status).toBe(200);
    expect((await raw('GET', '')).body).toContain('<Prefix>a&amp;b/</Prefix>');
    const size = await raw('PUT', RULE, {
      'content-md5': md5(RULE),
      'x-amz-transition-default-minimum-object-size': 'tiny',
    });
    expect(size.body).toContain('<Code>InvalidArgument</Code>');
  });
});
