/** The same S3 scenario on the sandbox and on moto_server (differences: SPEC.md). */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('S3 conformance on %s', (name) => {
  let target: Target;
  const client = () => new S3Client({ ...target.config(), forcePathStyle: true, maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  });
  afterAll(() => target.close());

  it('creates a bucket, sets its policy, versioning and Block Public Access, and deletes it', async () => {
    const s3 = client();
    await s3.send(new CreateBucketCommand({ Bucket: 'conformance-logs' }));
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toContain(
      'conformance-logs',
    );
    expect((await failure(s3.send(new GetBucketPolicyCommand({ Bucket: 'conformance-logs' })))).name).toBe(
      'NoSuchBucketPolicy',
    );
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TlsOnly',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::conformance-logs', 'arn:aws:s3:::conformance-logs/*'],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'conformance-logs', Policy: policy }));
    expect(
      JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: 'conformance-logs' }))).Policy!),
    ).toEqual(JSON.parse(policy));
    expect(
      (await s3.send(new GetBucketVersioningCommand({ Bucket: 'conformance-logs' }))).Status,
    ).toBeUndefined();
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'conformance-logs',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'conformance-logs' }))).Status).toBe(
      'Enabled',
    );
    const block = {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    };
    await s3.send(
      new PutPublicAccessBlockCommand({ Bucket: 'conformance-logs', PublicAccessBlockConfiguration: block }),
    );
    expect(
      (await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'conformance-logs' })))
        .PublicAccessBlockConfiguration,
    ).toEqual(block);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'conformance-logs' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'conformance-logs' }));
    expect(
      (await failure(s3.send(new GetBucketVersioningCommand({ Bucket: 'conformance-logs' })))).name,
    ).toBe('NoSuchBucket');
  });
});
