/** The account-level `buckets` seeder of world documents, through the SDK (in process and over HTTP). */
import {
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { WorldDocumentError } from '../../seed.js';
import { seedWorld } from '../iam/testing.js';
import { OWNER, OTHER, ALL_FOUR, policy, s3TestClients } from './testing.js';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('S3 seeders over %s', (name) => {
  let target: Target;
  const { s3 } = s3TestClients(() => target);

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  it('seeds buckets with their configuration', async () => {
    await seedWorld(target, {
      accounts: {
        [OWNER]: {
          buckets: [
            {
              name: 'org-trail-logs',
              region: 'eu-west-1',
              versioning: true,
              objectLock: true,
              logging: { targetBucket: 'access-logs', targetPrefix: 'trail/' },
              tags: { team: 'security' },
              policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }),
            },
            { name: 'access-logs', publicAccessBlock: false },
            { name: 'partly', publicAccessBlock: { BlockPublicPolicy: true } },
            { name: 'suspended', objectLock: false },
          ],
        },
      },
    });
    const client = s3();
    const bucket = 'org-trail-logs';
    expect((await client.send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint).toBe(
      'eu-west-1',
    );
    expect((await client.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
    expect(
      (await client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }))).ObjectLockConfiguration
        ?.ObjectLockEnabled,
    ).toBe('Enabled');
    expect((await client.send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled).toEqual({
      TargetBucket: 'access-logs',
      TargetPrefix: 'trail/',
    });
    expect((await client.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet).toEqual([
      { Key: 'team', Value: 'security' },
    ]);
    expect(
      (await client.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }))).PolicyStatus?.IsPublic,
    ).toBe(true);
    expect(
      (await client.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration,
    ).toEqual(ALL_FOUR);
    expect(
      await failure(client.send(new GetPublicAccessBlockCommand({ Bucket: 'access-logs' }))),
    ).toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration' });
    expect(
      (await client.send(new GetPublicAccessBlockCommand({ Bucket: 'partly' })))
        .PublicAccessBlockConfiguration,
    ).toEqual({
      BlockPublicAcls: false,
      IgnorePublicAcls: false,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: false,
    });
    expect(
      (await client.send(new GetBucketVersioningCommand({ Bucket: 'suspended' }))).Status,
    ).toBeUndefined();

    // seeding a name another account holds moves the bucket: names stay global
    await seedWorld(target, { accounts: { [OTHER]: { buckets: [{ name: 'partly' }] } } });
    expect((await client.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([
      'access-logs',
      'org-trail-logs',
      'suspended',
    ]);
    expect((await s3(OTHER).send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual([
      'partly',
    ]);
  });

  it('refuses bad bucket specs with the path of each problem', async () => {
    const bad = {
      accounts: {
        [OWNER]: {
          buckets: [
            { name: 'Bad_Name' },
            { name: 'twice' },
            { name: 'twice' },
            { name: 'policy-text', policy: 'not json' },
            { name: 'extra', colour: 'blue' },
          ],
          accountPublicAccessBlock: 'yes',
        },
      },
    };
    let issues: string;
    if (name === 'sandbox-http') {
      const response = await fetch(`${target.endpoint}/_sandbox/world`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(bad),
      });
      expect(response.status).toBe(400);
      issues = ((await response.json()) as { issues: string[] }).issues.join('\n');
    } else {
      const error = await seedWorld(target, bad).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WorldDocumentError);
      issues = (error as WorldDocumentError).issues.join('\n');
    }
    expect(issues).toContain(`accounts.${OWNER}.buckets.0.name: not a valid S3 bucket name`);
    expect(issues).toContain(`accounts.${OWNER}.buckets.2.name: bucket twice is listed twice`);
    expect(issues).toContain(`accounts.${OWNER}.buckets.3.policy`);
    expect(issues).toContain(`accounts.${OWNER}.buckets.4`);
    expect(issues).toContain(`accounts.${OWNER}.accountPublicAccessBlock`);
  });
});
