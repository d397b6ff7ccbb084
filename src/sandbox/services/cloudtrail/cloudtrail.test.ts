/** CloudTrail through the SDK: trails, shadow and organization trails, logging, selectors, tags, seeding. */
import {
  AddTagsCommand,
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ListTrailsCommand,
  PutEventSelectorsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';
import { makeOrganization } from '../../shared/testing.js';

const MGMT = '111111111111';
const MEMBER = '222222222222';
const SECURITY = '333333333333';
const OUTSIDER = '444444444444';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('CloudTrail over %s', (name) => {
  let target: Target;
  const client = (accessKeyId: string, region = 'us-east-1') =>
    new CloudTrailClient({ ...target.config({ accessKeyId, region }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    makeOrganization(target.sandbox!.world, {
      managementAccountId: MGMT,
      memberIds: [MEMBER, SECURITY],
      trustedServices: ['cloudtrail.amazonaws.com'],
      delegatedAdmins: [{ accountId: SECURITY, servicePrincipal: 'cloudtrail.amazonaws.com' }],
    });
  });

  it('creates, reads, updates and deletes a trail; multi-region trails shadow into other regions', async () => {
    const east = client(MEMBER);
    const created = await east.send(
      new CreateTrailCommand({
        Name: 'audit',
        S3BucketName: 'member-logs',
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        KmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
      }),
    );
    expect(created.TrailARN).toBe(`arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/audit`);
    expect(created.KmsKeyId).toBe(`arn:aws:kms:us-east-1:${MEMBER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    expect(
      (await failure(east.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'x-logs' })))).name,
    ).toBe('TrailAlreadyExistsException');
    expect(
      (await failure(east.send(new CreateTrailCommand({ Name: 'a', S3BucketName: 'x-logs' })))).name,
    ).toBe('InvalidTrailNameException');

    const west = client(MEMBER, 'eu-west-1');
    const shadow = (await west.send(new DescribeTrailsCommand({}))).trailList!;
    expect(shadow).toMatchObject([
      { Name: 'audit', HomeRegion: 'us-east-1', LogFileValidationEnabled: true },
    ]);
    expect((await west.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual(
      [],
    );
    expect((await failure(west.send(new StartLoggingCommand({ Name: created.TrailARN! })))).name).toBe(
      'InvalidHomeRegionException',
    );

    await east.send(new UpdateTrailCommand({ Name: 'audit', S3KeyPrefix: 'p', IsMultiRegionTrail: false }));
    expect((await west.send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
    const got = (await east.send(new GetTrailCommand({ Name: 'audit' }))).Trail!;
    expect(got).toMatchObject({
      S3KeyPrefix: 'p',
      IsMultiRegionTrail: false,
      HasCustomEventSelectors: false,
    });
    expect((await east.send(new ListTrailsCommand({}))).Trails).toEqual([
      { TrailARN: created.TrailARN, Name: 'audit', HomeRegion: 'us-east-1' },
    ]);
    await east.send(new DeleteTrailCommand({ Name: 'audit' }));
    expect((await failure(east.send(new GetTrailCommand({ Name: 'audit' })))).name).toBe(
      'TrailNotFoundException',
    );
  });

  it('limits an account to five trails per region', async () => {
    const ct = client(OUTSIDER);
    for (let i = 0; i < 5; i++)
      await ct.send(new CreateTrailCommand({ Name: `t${i}-x`, S3BucketName: 'logs-b' }));
    expect(
      (await failure(ct.send(new CreateTrailCommand({ Name: 't5-x', S3BucketName: 'logs-b' })))).name,
    ).toBe('MaximumNumberOfTrailsExceededException');
  });

  it('shows an organization trail in every member account with the management account ARN', async () => {
    const trail = await client(MGMT).send(
      new CreateTrailCommand({
        Name: 'org-trail',
        S3BucketName: 'log-archive',
        IsMultiRegionTrail: true,
        IsOrganizationTrail: true,
      }),
    );
    expect(trail.IsOrganizationTrail).toBe(true);
    for (const region of ['us-east-1', 'ap-south-1']) {
      const seen = (await client(MEMBER, region).send(new DescribeTrailsCommand({}))).trailList!;
      expect(seen).toMatchObject([
        {
          Name: 'org-trail',
          IsOrganizationTrail: true,
          TrailARN: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`,
        },
      ]);
    }
    // the member may read it but not change it
    expect((await failure(client(MEMBER).send(new StopLoggingCommand({ Name: trail.TrailARN! })))).name).toBe(
      'NotOrganizationMasterAccountException',
    );
    // an account outside the organization does not see it
    expect((await client(OUTSIDER).send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
    // a plain member cannot create one
    expect(
      (
        await failure(
          client(MEMBER).send(
            new CreateTrailCommand({ Name: 'x-org', S3BucketName: 'log-b', IsOrganizationTrail: true }),
          ),
        )
      ).name,
    ).toBe('NotOrganizationMasterAccountException');
    expect(
      (
        await failure(
          client(OUTSIDER).send(
            new CreateTrailCommand({ Name: 'x-org', S3BucketName: 'log-b', IsOrganizationTrail: true }),
          ),
        )
      ).name,
    ).toBe('OrganizationsNotInUseException');
  });

  it('lets the delegated administrator create an organization trail owned by the management account', async () => {
    const created = await client(SECURITY).send(
      new CreateTrailCommand({ Name: 'da-trail', S3BucketName: 'log-b', IsOrganizationTrail: true }),
    );
    expect(created.TrailARN).toBe(`arn:aws:cloudtrail:us-east-1:${MGMT}:trail/da-trail`);
    await client(SECURITY).send(new StartLoggingCommand({ Name: created.TrailARN! }));
    const status = await client(MGMT).send(new GetTrailStatusCommand({ Name: 'da-trail' }));
    expect(status.IsLogging).toBe(true);
  });

  it('needs trusted access for organization trails', async () => {
    Object.values(target.sandbox!.world.organizations)[0]!.trustedServices = {};
    const error = await failure(
      client(MGMT).send(
        new CreateTrailCommand({ Name: 'org', S3BucketName: 'log-b', IsOrganizationTrail: true }),
      ),
    );
    expect(error.name).toBe('CloudTrailAccessNotEnabledException');
  });

  it('starts and stops logging and reports the status', async () => {
    const ct = client(MGMT);
    await ct.send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'log-b' }));
    expect((await ct.send(new GetTrailStatusCommand({ Name: 'main' }))).IsLogging).toBe(false);
    await ct.send(new StartLoggingCommand({ Name: 'main' }));
    const on = await ct.send(new GetTrailStatusCommand({ Name: 'main' }));
    expect(on.IsLogging).toBe(true);
    expect(on.StartLoggingTime).toBeInstanceOf(Date);
    expect(on.LatestDeliveryTime).toBeInstanceOf(Date);
    await ct.send(new StopLoggingCommand({ Name: 'main' }));
    const off = await ct.send(new GetTrailStatusCommand({ Name: 'main' }));
    expect(off.IsLogging).toBe(false);
    expect(off.StopLoggingTime).toBeInstanceOf(Date);
  });

  it('keeps basic or advanced event selectors', async () => {
    const ct = client(MGMT);
    await ct.send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'log-b' }));
    expect((await ct.send(new GetEventSelectorsCommand({ TrailName: 'main' }))).EventSelectors).toEqual([
      {
        ReadWriteType: 'All',
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ]);
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: 'main',
        AdvancedEventSelectors: [
          { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        ],
      }),
    );
    const advanced = await ct.send(new GetEventSelectorsCommand({ TrailName: 'main' }));
    expect(advanced.EventSelectors).toBeUndefined();
    expect(advanced.AdvancedEventSelectors![0]!.FieldSelectors).toEqual([
      { Field: 'eventCategory', Equals: ['Management'] },
    ]);
    expect((await ct.send(new GetTrailCommand({ Name: 'main' }))).Trail!.HasCustomEventSelectors).toBe(true);
    await ct.send(
      new PutEventSelectorsCommand({ TrailName: 'main', EventSelectors: [{ ReadWriteType: 'WriteOnly' }] }),
    );
    expect(
      (await ct.send(new GetEventSelectorsCommand({ TrailName: 'main' }))).EventSelectors![0],
    ).toMatchObject({
      ReadWriteType: 'WriteOnly',
      IncludeManagementEvents: true,
    });
    const both = await failure(
      ct.send(
        new PutEventSelectorsCommand({
          TrailName: 'main',
          EventSelectors: [{}],
          AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }],
        }),
      ),
    );
    expect(both.name).toBe('InvalidParameterCombinationException');
  });

  it('tags trails', async () => {
    const ct = client(MGMT);
    const { TrailARN } = await ct.send(
      new CreateTrailCommand({ Name: 'main', S3BucketName: 'log-b', TagsList: [{ Key: 'a', Value: '1' }] }),
    );
    await ct.send(new AddTagsCommand({ ResourceId: TrailARN!, TagsList: [{ Key: 'b', Value: '2' }] }));
    await ct.send(new RemoveTagsCommand({ ResourceId: TrailARN!, TagsList: [{ Key: 'a' }] }));
    const tags = await ct.send(new ListTagsCommand({ ResourceIdList: [TrailARN!] }));
    expect(tags.ResourceTagList).toEqual([{ ResourceId: TrailARN, TagsList: [{ Key: 'b', Value: '2' }] }]);
    expect((await failure(ct.send(new ListTagsCommand({ ResourceIdList: [`${TrailARN!}x`] })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('seeds trails from a world document', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [MGMT]: {
            regions: {
              'eu-west-1': {
                trails: [
                  {
                    name: 'org-trail',
                    s3BucketName: 'log-archive',
                    organization: true,
                    kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/k',
                    readWriteType: 'WriteOnly',
                  },
                ],
              },
            },
          },
        },
      },
      new Date(),
    );
    const seen = (await client(MEMBER, 'us-west-2').send(new DescribeTrailsCommand({}))).trailList!;
    expect(seen).toMatchObject([
      {
        Name: 'org-trail',
        HomeRegion: 'eu-west-1',
        IsOrganizationTrail: true,
        LogFileValidationEnabled: true,
      },
    ]);
    const status = await client(MGMT, 'eu-west-1').send(new GetTrailStatusCommand({ Name: 'org-trail' }));
    expect(status.IsLogging).toBe(true);
    const selectors = await client(MGMT, 'eu-west-1').send(
      new GetEventSelectorsCommand({ TrailName: 'org-trail' }),
    );
    expect(selectors.EventSelectors![0]!.ReadWriteType).toBe('WriteOnly');
  });
});
