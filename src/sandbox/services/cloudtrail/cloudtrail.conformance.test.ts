/**
 * The same CloudTrail scenario on the sandbox and on moto_server. Where moto differs from AWS the
 * assertion is skipped for moto and the difference is listed in SPEC.md.
 */
import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('CloudTrail conformance on %s', (name) => {
  let target: Target;
  const isMoto = name === 'moto';
  const client = (region = 'us-east-1') =>
    new CloudTrailClient({ ...target.config({ region }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  });
  afterAll(() => target.close());

  it('creates a multi-region trail, logs, shadows it into another region and deletes it', async () => {
    if (isMoto) {
      // moto checks that the bucket exists (AWS does too; the sandbox does not model S3 here)
      const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
      await new S3Client({ ...target.config(), forcePathStyle: true }).send(
        new CreateBucketCommand({ Bucket: 'conf-trail-logs' }),
      );
    }
    const created = await client().send(
      new CreateTrailCommand({
        Name: 'conf',
        S3BucketName: 'conf-trail-logs',
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
      }),
    );
    expect(created).toMatchObject({ Name: 'conf', IsMultiRegionTrail: true, LogFileValidationEnabled: true });
    expect(created.TrailARN).toMatch(/^arn:aws:cloudtrail:us-east-1:\d{12}:trail\/conf$/);
    await client().send(new StartLoggingCommand({ Name: 'conf' }));
    expect((await client().send(new GetTrailStatusCommand({ Name: 'conf' }))).IsLogging).toBe(true);
    const selectors = await client().send(new GetEventSelectorsCommand({ TrailName: 'conf' }));
    // moto answers no selectors for a new trail; AWS answers the default (All, management events)
    if (!isMoto)
      expect(selectors.EventSelectors![0]).toMatchObject({
        ReadWriteType: 'All',
        IncludeManagementEvents: true,
      });
    const shadow = (await client('eu-west-1').send(new DescribeTrailsCommand({}))).trailList!;
    expect(shadow.map((t) => [t.Name, t.HomeRegion])).toEqual([['conf', 'us-east-1']]);
    // moto accepts a second trail with the same name; AWS answers TrailAlreadyExistsException
    if (!isMoto) {
      const duplicate = await failure(
        client().send(new CreateTrailCommand({ Name: 'conf', S3BucketName: 'conf-trail-logs' })),
      );
      expect(duplicate.name).toBe('TrailAlreadyExistsException');
    }
    await client().send(new DeleteTrailCommand({ Name: 'conf' }));
    expect((await failure(client().send(new GetTrailStatusCommand({ Name: 'conf' })))).name).toBe(
      'TrailNotFoundException',
    );
  });
});
