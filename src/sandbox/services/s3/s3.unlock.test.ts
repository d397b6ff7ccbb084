/**
 * A bucket policy that denies everyone locks every principal out of what it covers (the rule is SQS's,
 * ../sqs/policy-lock.ts); a real `sts:AssumeRoot` session with S3UnlockBucketPolicy gets past it for the
 * policy calls (SPEC.md, "Access, lock-out and root unlock"), and so does the owner account's root
 * user, as on AWS.
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  ListBucketsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { putTestOrganization, seedWorld } from '../iam/testing.js';
import { MANAGEMENT, OWNER, OTHER, policy, s3TestClients } from './testing.js';
import { iamOf } from '../iam/state.js';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('S3 lock-out and root unlock over %s', (name) => {
  let target: Target;
  const { s3, assumeRoot } = s3TestClients(() => target);

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  it('locks everyone out of the actions a deny-everyone statement covers', async () => {
    await seedWorld(target, {
      accounts: {
        [OWNER]: {
          buckets: [
            { name: 'locked', lockedOut: true },
            {
              name: 'reads-locked',
              policy: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:Get*', Resource: '*' }],
              },
            },
          ],
        },
      },
    });
    const admin = s3();
    const calls: Array<() => Promise<unknown>> = [
      () => admin.send(new GetBucketPolicyCommand({ Bucket: 'locked' })),
      () => admin.send(new DeleteBucketPolicyCommand({ Bucket: 'locked' })),
      () => admin.send(new PutBucketPolicyCommand({ Bucket: 'locked', Policy: policy() })),
      () => admin.send(new GetBucketVersioningCommand({ Bucket: 'locked' })),
      () => admin.send(new PutBucketTaggingCommand({ Bucket: 'locked', Tagging: { TagSet: [] } })),
      () => admin.send(new DeleteBucketCommand({ Bucket: 'locked' })),
    ];
    for (const call of calls)
      expect(await failure(call())).toMatchObject({
        name: 'AccessDenied',
        status: 403,
        message: expect.stringContaining('with an explicit deny in a resource-based policy') as string,
      });
    // ListBuckets is not a bucket action: the locked bucket is still listed
    expect((await admin.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([
      'locked',
      'reads-locked',
    ]);
    // a wildcard action locks only what it matches
    expect(await failure(admin.send(new GetBucketPolicyCommand({ Bucket: 'reads-locked' })))).toMatchObject({
      name: 'AccessDenied',
    });
    await admin.send(
      new PutBucketVersioningCommand({
        Bucket: 'reads-locked',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    await admin.send(new DeleteBucketPolicyCommand({ Bucket: 'reads-locked' }));
    expect((await admin.send(new GetBucketVersioningCommand({ Bucket: 'reads-locked' }))).Status).toBe(
      'Enabled',
    );
  });

  it('unlocks a bucket with a real AssumeRoot(S3UnlockBucketPolicy) session, and with nothing else', async () => {
    putTestOrganization(target.sandbox!.world, {
      managementAccountId: MANAGEMENT,
      memberAccountIds: [OWNER, OTHER],
      trustedServices: ['iam.amazonaws.com'],
      iamFeatures: ['RootCredentialsManagement', 'RootSessions'],
    });
    await seedWorld(target, {
      accounts: {
        [OWNER]: { buckets: [{ name: 'locked', lockedOut: true }, { name: 'open' }] },
        [OTHER]: { buckets: [{ name: 'elsewhere', lockedOut: true }] },
      },
    });
    // a session with another task policy does not get in
    const wrong = s3('', 'us-east-1', await assumeRoot(OWNER, 'SQSUnlockQueuePolicy'));
    expect(await failure(wrong.send(new GetBucketPolicyCommand({ Bucket: 'locked' })))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });

    const unlock = s3('', 'us-east-1', await assumeRoot(OWNER, 'S3UnlockBucketPolicy'));
    expect((await unlock.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([
      'locked',
      'open',
    ]);
    expect(
      JSON.parse((await unlock.send(new GetBucketPolicyCommand({ Bucket: 'locked' }))).Policy!),
    ).toMatchObject({
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*' }],
    });
    // the task policy allows the four calls only, and only in the session's account
    for (const command of [
      new GetBucketVersioningCommand({ Bucket: 'locked' }),
      new CreateBucketCommand({ Bucket: 'made-by-root' }),
      new DeleteBucketCommand({ Bucket: 'locked' }),
      new GetBucketPolicyCommand({ Bucket: 'elsewhere' }),
    ])
      expect(await failure(unlock.send(command))).toMatchObject({ name: 'AccessDenied', status: 403 });

    // replace the policy with one that locks nobody out, then delete it
    const tlsOnly = policy({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: 'arn:aws:s3:::locked/*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    await unlock.send(new PutBucketPolicyCommand({ Bucket: 'locked', Policy: tlsOnly }));
    const admin = s3();
    expect((await admin.send(new GetBucketPolicyCommand({ Bucket: 'locked' }))).Policy).toBe(tlsOnly);
    await unlock.send(new DeleteBucketPolicyCommand({ Bucket: 'locked' }));
    expect(await failure(admin.send(new GetBucketPolicyCommand({ Bucket: 'locked' })))).toMatchObject({
      name: 'NoSuchBucketPolicy',
    });
    expect((await admin.send(new GetBucketVersioningCommand({ Bucket: 'locked' }))).Status).toBeUndefined();
    // the other account's bucket is still locked
    expect(await failure(s3(OTHER).send(new GetBucketPolicyCommand({ Bucket: 'elsewhere' })))).toMatchObject({
      name: 'AccessDenied',
    });
  });

  it("lets the owner account's root user manage the policy of a locked bucket, as AWS does", async () => {
    await seedWorld(target, {
      accounts: {
        [OWNER]: { rootCredentials: { accessKeys: 1 }, buckets: [{ name: 'locked', lockedOut: true }] },
      },
    });
    const key = iamOf(target.sandbox!.world.accounts[OWNER]!).root.accessKeys[0]!;
    const root = new S3Client({
      ...target.config({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }),
      forcePathStyle: true,
      maxAttempts: 1,
    });
    expect((await root.send(new GetBucketPolicyCommand({ Bucket: 'locked' }))).Policy).toMatch(/"Deny"/);
    // only the policy calls: the rest of the bucket stays locked for root too
    expect(await failure(root.send(new GetBucketVersioningCommand({ Bucket: 'locked' })))).toMatchObject({
      name: 'AccessDenied',
    });
    await root.send(new DeleteBucketPolicyCommand({ Bucket: 'locked' }));
    expect((await s3().send(new GetBucketVersioningCommand({ Bucket: 'locked' }))).Status).toBeUndefined();
  });
});
