/** S3 and S3 Control through the real AWS SDK clients, in process and over HTTP. */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  DeletePublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountBlockCommand,
  PutPublicAccessBlockCommand as PutAccountBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';
import { S3_UNLOCK_TASK_POLICY } from './operations.js';

const OWNER = '222222222222';
const OTHER = '444444444444';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('S3 over %s', (name) => {
  let target: Target;
  const s3 = (accessKeyId = OWNER, region = 'us-east-1', sessionToken?: string) =>
    new S3Client({
      ...target.config({ accessKeyId, region, ...(sessionToken ? { sessionToken } : {}) }),
      forcePathStyle: true,
      maxAttempts: 1,
    });
  const rootSession = (accountId: string, taskPolicyArn: string) => {
    const key = `ASIAROOTS3${accountId}`;
    target.sandbox!.world.credentials[key] = {
      kind: 'root-session',
      accountId,
      taskPolicyArn,
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date(Date.now() + 900_000).toISOString(),
      sourceAccountId: '111111111111',
    };
    return s3(key, 'us-east-1', 'token');
  };

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  it('creates buckets with AWS defaults, lists, locates and deletes them, and keeps names global', async () => {
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'logs-a' }));
    await s3(OWNER, 'eu-west-1').send(
      new CreateBucketCommand({
        Bucket: 'logs-b',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    const listed = await client.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toEqual(['logs-a', 'logs-b']);
    expect(listed.Owner?.ID).toMatch(/^222222222222/);
    expect(
      (await client.send(new GetBucketLocationCommand({ Bucket: 'logs-a' }))).LocationConstraint,
    ).toBeUndefined();
    expect((await client.send(new GetBucketLocationCommand({ Bucket: 'logs-b' }))).LocationConstraint).toBe(
      'eu-west-1',
    );
    // new buckets block public access and encrypt with SSE-S3
    expect(
      (await client.send(new GetPublicAccessBlockCommand({ Bucket: 'logs-a' })))
        .PublicAccessBlockConfiguration,
    ).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const encryption = await client.send(new GetBucketEncryptionCommand({ Bucket: 'logs-a' }));
    expect(
      encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
        ?.SSEAlgorithm,
    ).toBe('AES256');

    expect((await failure(s3(OTHER).send(new CreateBucketCommand({ Bucket: 'logs-a' })))).name).toBe(
      'BucketAlreadyExists',
    );
    expect((await failure(client.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })))).name).toBe(
      'InvalidBucketName',
    );
    expect(
      (
        await failure(
          s3(OWNER, 'eu-west-1').send(
            new CreateBucketCommand({
              Bucket: 'logs-c',
              CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' },
            }),
          ),
        )
      ).name,
    ).toBe('IllegalLocationConstraintException');
    await client.send(new HeadBucketCommand({ Bucket: 'logs-a' }));
    await client.send(new DeleteBucketCommand({ Bucket: 'logs-a' }));
    expect((await failure(client.send(new GetBucketVersioningCommand({ Bucket: 'logs-a' })))).name).toBe(
      'NoSuchBucket',
    );
  });

  it('configures versioning, Object Lock, logging, tags and Block Public Access', async () => {
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'access-logs' }));
    await client.send(new CreateBucketCommand({ Bucket: 'trail', ObjectLockEnabledForBucket: true }));
    expect(
      (await client.send(new GetBucketVersioningCommand({ Bucket: 'access-logs' }))).Status,
    ).toBeUndefined();
    expect((await client.send(new GetBucketVersioningCommand({ Bucket: 'trail' }))).Status).toBe('Enabled');
    expect(
      (await client.send(new GetObjectLockConfigurationCommand({ Bucket: 'trail' }))).ObjectLockConfiguration
        ?.ObjectLockEnabled,
    ).toBe('Enabled');
    expect(
      (await failure(client.send(new GetObjectLockConfigurationCommand({ Bucket: 'access-logs' })))).name,
    ).toBe('ObjectLockConfigurationNotFoundError');
    expect(
      (
        await failure(
          client.send(
            new PutBucketVersioningCommand({
              Bucket: 'trail',
              VersioningConfiguration: { Status: 'Suspended' },
            }),
          ),
        )
      ).name,
    ).toBe('InvalidBucketState');
    await client.send(
      new PutBucketVersioningCommand({
        Bucket: 'access-logs',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    expect((await client.send(new GetBucketVersioningCommand({ Bucket: 'access-logs' }))).Status).toBe(
      'Enabled',
    );

    expect(
      (await client.send(new GetBucketLoggingCommand({ Bucket: 'trail' }))).LoggingEnabled,
    ).toBeUndefined();
    await client.send(
      new PutBucketLoggingCommand({
        Bucket: 'trail',
        BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: 'trail/' } },
      }),
    );
    expect((await client.send(new GetBucketLoggingCommand({ Bucket: 'trail' }))).LoggingEnabled).toEqual({
      TargetBucket: 'access-logs',
      TargetPrefix: 'trail/',
    });
    expect(
      (
        await failure(
          client.send(
            new PutBucketLoggingCommand({
              Bucket: 'trail',
              BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'nope', TargetPrefix: '' } },
            }),
          ),
        )
      ).name,
    ).toBe('InvalidTargetBucketForLogging');

    expect((await failure(client.send(new GetBucketTaggingCommand({ Bucket: 'trail' })))).name).toBe(
      'NoSuchTagSet',
    );
    await client.send(
      new PutBucketTaggingCommand({
        Bucket: 'trail',
        Tagging: { TagSet: [{ Key: 'team', Value: 'sec & ops' }] },
      }),
    );
    expect((await client.send(new GetBucketTaggingCommand({ Bucket: 'trail' }))).TagSet).toEqual([
      { Key: 'team', Value: 'sec & ops' },
    ]);

    await client.send(new DeletePublicAccessBlockCommand({ Bucket: 'trail' }));
    expect((await failure(client.send(new GetPublicAccessBlockCommand({ Bucket: 'trail' })))).name).toBe(
      'NoSuchPublicAccessBlockConfiguration',
    );
    await client.send(
      new PutPublicAccessBlockCommand({
        Bucket: 'trail',
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true },
      }),
    );
    expect(
      (await client.send(new GetPublicAccessBlockCommand({ Bucket: 'trail' })))
        .PublicAccessBlockConfiguration,
    ).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: false,
    });
  });

  it('stores bucket policies, says whether they are public, and keeps other accounts out', async () => {
    const client = s3();
    await client.send(new CreateBucketCommand({ Bucket: 'shared' }));
    expect((await failure(client.send(new GetBucketPolicyCommand({ Bucket: 'shared' })))).name).toBe(
      'NoSuchBucketPolicy',
    );
    expect(
      (await failure(client.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: 'not json' })))).name,
    ).toBe('MalformedPolicy');
    const tlsOnly = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::shared/*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
          Action: 's3:GetBucketPolicy',
          Resource: 'arn:aws:s3:::shared',
        },
      ],
    });
    await client.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: tlsOnly }));
    expect(JSON.parse((await client.send(new GetBucketPolicyCommand({ Bucket: 'shared' }))).Policy!)).toEqual(
      JSON.parse(tlsOnly),
    );
    expect(
      (await client.send(new GetBucketPolicyStatusCommand({ Bucket: 'shared' }))).PolicyStatus?.IsPublic,
    ).toBe(false);
    // the other account may read the policy (allowed), not the versioning (not allowed)
    await s3(OTHER).send(new GetBucketPolicyCommand({ Bucket: 'shared' }));
    expect((await failure(s3(OTHER).send(new GetBucketVersioningCommand({ Bucket: 'shared' })))).name).toBe(
      'AccessDenied',
    );
    // a public policy is refused while Block Public Access blocks public policies
    const publicRead = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' },
      ],
    });
    expect(
      (await failure(client.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: publicRead })))).name,
    ).toBe('AccessDenied');
    await client.send(new DeletePublicAccessBlockCommand({ Bucket: 'shared' }));
    await client.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: publicRead }));
    expect(
      (await client.send(new GetBucketPolicyStatusCommand({ Bucket: 'shared' }))).PolicyStatus?.IsPublic,
    ).toBe(true);
  });

  it('locks everyone out with a deny-all policy, and only a root unlock session gets past it', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      { accounts: { [OWNER]: { buckets: [{ name: 'locked', lockedOut: true }, { name: 'open' }] } } },
      new Date(),
    );
    const admin = s3();
    for (const command of [
      new GetBucketPolicyCommand({ Bucket: 'locked' }),
      new DeleteBucketPolicyCommand({ Bucket: 'locked' }),
    ])
      expect((await failure(admin.send(command))).name).toBe('AccessDenied');
    const unlock = rootSession(OWNER, S3_UNLOCK_TASK_POLICY);
    expect((await unlock.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([
      'locked',
      'open',
    ]);
    expect((await unlock.send(new GetBucketPolicyCommand({ Bucket: 'locked' }))).Policy).toMatch(
      /"Effect":"Deny"/,
    );
    // the task policy allows policy calls only
    expect((await failure(unlock.send(new GetBucketVersioningCommand({ Bucket: 'locked' })))).name).toBe(
      'AccessDenied',
    );
    await unlock.send(new DeleteBucketPolicyCommand({ Bucket: 'locked' }));
    expect((await failure(admin.send(new GetBucketPolicyCommand({ Bucket: 'locked' })))).name).toBe(
      'NoSuchBucketPolicy',
    );
    // another task policy does not unlock
    applyWorldDocument(
      target.sandbox!.world,
      { accounts: { [OWNER]: { buckets: [{ name: 'locked-2', lockedOut: true }] } } },
      new Date(),
    );
    const wrong = rootSession(OWNER, 'arn:aws:iam::aws:policy/root-task/SQSUnlockQueuePolicy');
    expect((await failure(wrong.send(new GetBucketPolicyCommand({ Bucket: 'locked-2' })))).name).toBe(
      'AccessDenied',
    );
  });

  it('answers virtual-hosted-style requests', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'virtual' }));
    const response = await target.sandbox!.handle({
      method: 'GET',
      path: '/',
      query: { versioning: '' },
      headers: {
        host: 'virtual.s3.us-east-1.amazonaws.com',
        authorization: `AWS4-HMAC-SHA256 Credential=${OWNER}/20261122/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: Buffer.alloc(0),
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/<VersioningConfiguration/);
  });

  it("keeps account-level Block Public Access (S3 Control), for the caller's own account only", async () => {
    const control = (accessKeyId: string) =>
      new S3ControlClient({
        ...target.config({ accessKeyId, region: 'us-east-1' }),
        // as ClientFactory does for custom endpoints: no account prefix on the host
        endpointProvider: () => ({ url: new URL(target.endpoint) }),
        maxAttempts: 1,
      });
    expect((await failure(control(OWNER).send(new GetAccountBlockCommand({ AccountId: OWNER })))).name).toBe(
      'NoSuchPublicAccessBlockConfiguration',
    );
    await control(OWNER).send(
      new PutAccountBlockCommand({
        AccountId: OWNER,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    expect(
      (await control(OWNER).send(new GetAccountBlockCommand({ AccountId: OWNER })))
        .PublicAccessBlockConfiguration,
    ).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect((await failure(control(OTHER).send(new GetAccountBlockCommand({ AccountId: OWNER })))).name).toBe(
      'AccessDenied',
    );
    applyWorldDocument(
      target.sandbox!.world,
      { accounts: { [OTHER]: { accountPublicAccessBlock: true } } },
      new Date(),
    );
    expect(
      (await control(OTHER).send(new GetAccountBlockCommand({ AccountId: OTHER })))
        .PublicAccessBlockConfiguration?.BlockPublicPolicy,
    ).toBe(true);
  });
});
