/**
 * S3 Control's account-level Block Public Access through the real SDK client, in process and over HTTP:
 * on the custom endpoint orgward's client factory uses and on AWS's `<account>.s3-control` host name.
 */
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import {
  DeletePublicAccessBlockCommand as DeleteAccountBlockCommand,
  GetPublicAccessBlockCommand as GetAccountBlockCommand,
  PutPublicAccessBlockCommand as PutAccountBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { putTestOrganization, seedWorld } from '../iam/testing.js';
import { ALL_FOUR, MANAGEMENT, OTHER, OWNER, s3TestClients } from '../s3/testing.js';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('S3 Control over %s', (name) => {
  let target: Target;
  const { s3, awsHosts, control, assumeRoot } = s3TestClients(() => target);

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  it("keeps account-level Block Public Access, for the caller's own account only", async () => {
    expect(
      await failure(control(OWNER).send(new GetAccountBlockCommand({ AccountId: OWNER }))),
    ).toMatchObject({
      name: 'NoSuchPublicAccessBlockConfiguration',
      status: 404,
    });
    await control(OWNER).send(
      new PutAccountBlockCommand({ AccountId: OWNER, PublicAccessBlockConfiguration: ALL_FOUR }),
    );
    expect(
      (await control(OWNER).send(new GetAccountBlockCommand({ AccountId: OWNER })))
        .PublicAccessBlockConfiguration,
    ).toEqual(ALL_FOUR);
    for (const command of [
      new GetAccountBlockCommand({ AccountId: OWNER }),
      new DeleteAccountBlockCommand({ AccountId: OWNER }),
    ])
      expect(await failure(control(OTHER).send(command))).toMatchObject({
        name: 'AccessDenied',
        status: 403,
      });
    // the account's buckets are unaffected by the account setting, and the other way round
    expect((await s3().send(new ListBucketsCommand({}))).Buckets).toEqual([]);
    await control(OWNER).send(new DeleteAccountBlockCommand({ AccountId: OWNER }));
    expect(
      await failure(control(OWNER).send(new GetAccountBlockCommand({ AccountId: OWNER }))),
    ).toMatchObject({
      name: 'NoSuchPublicAccessBlockConfiguration',
    });

    // AWS's own host name, with the account label the SDK puts on it
    const hosted = new S3ControlClient(awsHosts(OTHER));
    await hosted.send(
      new PutAccountBlockCommand({
        AccountId: OTHER,
        PublicAccessBlockConfiguration: { IgnorePublicAcls: true },
      }),
    );
    expect(
      (await hosted.send(new GetAccountBlockCommand({ AccountId: OTHER }))).PublicAccessBlockConfiguration,
    ).toEqual({
      BlockPublicAcls: false,
      IgnorePublicAcls: true,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    });
  });

  it('refuses root sessions: no root task policy covers account Block Public Access', async () => {
    putTestOrganization(target.sandbox!.world, {
      managementAccountId: MANAGEMENT,
      memberAccountIds: [OWNER],
      trustedServices: ['iam.amazonaws.com'],
      iamFeatures: ['RootCredentialsManagement', 'RootSessions'],
    });
    const credentials = await assumeRoot(OWNER, 'S3UnlockBucketPolicy');
    const session = new S3ControlClient({
      ...target.config({
        accessKeyId: credentials.AccessKeyId!,
        secretAccessKey: credentials.SecretAccessKey!,
        sessionToken: credentials.SessionToken!,
      }),
      endpointProvider: () => ({ url: new URL(target.endpoint) }),
      maxAttempts: 1,
    });
    expect(await failure(session.send(new GetAccountBlockCommand({ AccountId: OWNER })))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });
    // while the same session may list the account's buckets
    expect((await s3('', 'us-east-1', credentials).send(new ListBucketsCommand({}))).Buckets).toEqual([]);
  });

  it('seeds account-level Block Public Access: true (all four), false (none) or the four flags', async () => {
    await seedWorld(target, {
      accounts: {
        [OWNER]: { accountPublicAccessBlock: true },
        [OTHER]: { accountPublicAccessBlock: false },
      },
    });
    expect(
      (await control(OWNER).send(new GetAccountBlockCommand({ AccountId: OWNER })))
        .PublicAccessBlockConfiguration,
    ).toEqual(ALL_FOUR);
    expect(
      await failure(control(OTHER).send(new GetAccountBlockCommand({ AccountId: OTHER }))),
    ).toMatchObject({
      name: 'NoSuchPublicAccessBlockConfiguration',
    });
  });
});
