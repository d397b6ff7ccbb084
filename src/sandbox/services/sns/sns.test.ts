/** SNS through the SDK: topics, their attributes and policy, pages, other accounts, seeding. */
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTopicsCommand,
  SetTopicAttributesCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument, WorldDocumentError } from '../../seed.js';
import { makeOrganization } from '../../shared/testing.js';

const OWNER = '222222222222';
const MEMBER = '333333333333';
const OUTSIDER = '444444444444';
const arn = (name: string, account = OWNER, region = 'us-east-1') =>
  `arn:aws:sns:${region}:${account}:${name}`;

/** A topic policy that lets the organization `orgId` read the topic's attributes. */
const orgPolicy = (topicArn: string, orgId: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OrgRead',
        Effect: 'Allow',
        Principal: '*',
        Action: ['sns:GetTopicAttributes', 'sns:Subscribe'],
        Resource: topicArn,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } },
      },
    ],
  });

describe.each<TargetName>(['sandbox', 'sandbox-http'])('SNS over %s', (name) => {
  let target: Target;
  const client = (accessKeyId: string, region = 'us-east-1') =>
    new SNSClient({ ...target.config({ accessKeyId, region }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  it('creates (idempotently), lists, reads, configures and deletes topics', async () => {
    const sns = client(OWNER);
    const { TopicArn } = await sns.send(
      new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'Alerts' } }),
    );
    expect(TopicArn).toBe(arn('alerts'));
    expect(
      (await sns.send(new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'Alerts' } })))
        .TopicArn,
    ).toBe(TopicArn);
    expect(
      (
        await failure(
          sns.send(new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'Other' } })),
        )
      ).name,
    ).toBe('InvalidParameterException');
    await sns.send(new CreateTopicCommand({ Name: 'audit' }));
    expect((await sns.send(new ListTopicsCommand({}))).Topics).toEqual([
      { TopicArn: arn('alerts') },
      { TopicArn: arn('audit') },
    ]);

    const attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    expect(attributes).toMatchObject({
      TopicArn,
      Owner: OWNER,
      DisplayName: 'Alerts',
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
    });
    expect(JSON.parse(attributes.EffectiveDeliveryPolicy!)).toHaveProperty('http');
    // the default topic policy: the owner's principals, by AWS:SourceOwner
    expect(JSON.parse(attributes.Policy!)).toEqual({
      Version: '2008-10-17',
      Id: '__default_policy_ID',
      Statement: [
        {
          Sid: '__default_statement_ID',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: [
            'SNS:GetTopicAttributes',
            'SNS:SetTopicAttributes',
            'SNS:AddPermission',
            'SNS:RemovePermission',
            'SNS:DeleteTopic',
            'SNS:Subscribe',
            'SNS:ListSubscriptionsByTopic',
            'SNS:Publish',
          ],
          Resource: TopicArn,
          Condition: { StringEquals: { 'AWS:SourceOwner': OWNER } },
        },
      ],
    });

    const policy = orgPolicy(TopicArn!, 'o-example');
    await sns.send(
      new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: policy }),
    );
    await sns.send(
      new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Renamed' }),
    );
    const changed = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    expect(changed.Policy).toBe(policy);
    expect(changed.DisplayName).toBe('Renamed');

    await sns.send(new DeleteTopicCommand({ TopicArn }));
    const gone = await failure(sns.send(new GetTopicAttributesCommand({ TopicArn })));
    expect(gone.name).toBe('NotFoundException');
    expect(gone.status).toBe(404);
    // deleting a topic that does not exist is not an error
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    expect((await sns.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn: arn('audit') }]);
  });

  it('refuses bad names, attributes and ARNs with InvalidParameter', async () => {
    const sns = client(OWNER);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 't' }));
    const invalid = async (call: Promise<unknown>) => {
      const error = await failure(call);
      expect(error.name).toBe('InvalidParameterException');
      expect(error.status).toBe(400);
    };
    await invalid(sns.send(new CreateTopicCommand({ Name: 'has space' })));
    await invalid(sns.send(new CreateTopicCommand({ Name: 'x'.repeat(257) })));
    await invalid(sns.send(new CreateTopicCommand({ Name: 'plain.fifo' })));
    await invalid(
      sns.send(
        new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: 'not json' }),
      ),
    );
    await invalid(
      sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Owner', AttributeValue: OUTSIDER })),
    );
    await invalid(sns.send(new GetTopicAttributesCommand({ TopicArn: 'arn:aws:sqs:us-east-1:1:q' })));
    await invalid(sns.send(new ListTopicsCommand({ NextToken: 'bogus' })));

    const fifo = await sns.send(
      new CreateTopicCommand({ Name: 'orders.fifo', Attributes: { FifoTopic: 'true' } }),
    );
    expect(
      (await sns.send(new GetTopicAttributesCommand({ TopicArn: fifo.TopicArn }))).Attributes,
    ).toMatchObject({
      FifoTopic: 'true',
      ContentBasedDeduplication: 'false',
    });
  });

  it('pages ListTopics 100 at a time', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `topic-${String(i).padStart(3, '0')}`);
    applyWorldDocument(
      target.sandbox!.world,
      { accounts: { [OWNER]: { regions: { 'us-east-1': { snsTopics: names.map((n) => ({ name: n })) } } } } },
      new Date(),
    );
    const sns = client(OWNER);
    const first = await sns.send(new ListTopicsCommand({}));
    expect(first.Topics).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    const second = await sns.send(new ListTopicsCommand({ NextToken: first.NextToken }));
    expect(second.Topics).toHaveLength(50);
    expect(second.NextToken).toBeUndefined();
    expect([...first.Topics!, ...second.Topics!].map((t) => t.TopicArn)).toEqual(names.map((n) => arn(n)));
    // topics are regional
    expect((await client(OWNER, 'eu-west-1').send(new ListTopicsCommand({}))).Topics).toEqual([]);
  });

  it('lets another account read a topic only where the topic policy allows it (aws:PrincipalOrgID)', async () => {
    const org = makeOrganization(target.sandbox!.world, { managementAccountId: OWNER, memberIds: [MEMBER] });
    const owner = client(OWNER);
    const shared = (await owner.send(new CreateTopicCommand({ Name: 'shared' }))).TopicArn!;
    const private_ = (await owner.send(new CreateTopicCommand({ Name: 'private' }))).TopicArn!;
    await owner.send(
      new SetTopicAttributesCommand({
        TopicArn: shared,
        AttributeName: 'Policy',
        AttributeValue: orgPolicy(shared, org.id),
      }),
    );

    const member = client(MEMBER);
    expect((await member.send(new GetTopicAttributesCommand({ TopicArn: shared }))).Attributes!.Owner).toBe(
      OWNER,
    );
    for (const call of [
      // the default policy trusts the owner only
      member.send(new GetTopicAttributesCommand({ TopicArn: private_ })),
      // the policy grants reads, not writes
      member.send(
        new SetTopicAttributesCommand({
          TopicArn: shared,
          AttributeName: 'DisplayName',
          AttributeValue: 'x',
        }),
      ),
      member.send(new DeleteTopicCommand({ TopicArn: shared })),
      // outside the organization
      client(OUTSIDER).send(new GetTopicAttributesCommand({ TopicArn: shared })),
    ]) {
      const error = await failure(call);
      expect(error.name).toBe('AuthorizationErrorException');
      expect(error.status).toBe(403);
    }
    // another account's topics are not listed
    expect((await member.send(new ListTopicsCommand({}))).Topics).toEqual([]);
  });

  it('seeds topics with policies per region', async () => {
    const topicArn = arn('org-alerts');
    const policy = JSON.parse(orgPolicy(topicArn, 'o-a1b2c3d4e5')) as Record<string, unknown>;
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [OWNER]: {
            regions: {
              'us-east-1': {
                snsTopics: [{ name: 'org-alerts', policy, displayName: 'Org alerts' }, { name: 'plain' }],
              },
              'eu-west-1': { snsTopics: [{ name: 'events.fifo', tags: { team: 'a' } }] },
            },
          },
        },
      },
      new Date(),
    );
    const sns = client(OWNER);
    const attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes!;
    expect(JSON.parse(attributes.Policy!)).toEqual(policy);
    expect(attributes.DisplayName).toBe('Org alerts');
    const plain = (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn('plain') }))).Attributes!;
    expect(JSON.parse(plain.Policy!).Statement[0].Condition).toEqual({
      StringEquals: { 'AWS:SourceOwner': OWNER },
    });
    const eu = client(OWNER, 'eu-west-1');
    const fifo = arn('events.fifo', OWNER, 'eu-west-1');
    expect((await eu.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn: fifo }]);
    expect((await eu.send(new GetTopicAttributesCommand({ TopicArn: fifo }))).Attributes!.FifoTopic).toBe(
      'true',
    );

    for (const bad of [{ name: 'bad name' }, { name: 't', policy: '{nope' }]) {
      expect(() =>
        applyWorldDocument(
          target.sandbox!.world,
          { accounts: { [OWNER]: { regions: { 'us-east-1': { snsTopics: [bad] } } } } },
          new Date(),
        ),
      ).toThrow(WorldDocumentError);
    }
  });
});
