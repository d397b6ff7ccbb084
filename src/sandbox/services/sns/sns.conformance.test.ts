/** The same SNS scenario on the sandbox and on moto_server (differences: SPEC.md). */
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTopicsCommand,
  SetTopicAttributesCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('SNS conformance on %s', (name) => {
  let target: Target;
  const client = () => new SNSClient({ ...target.config(), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  });
  afterAll(() => target.close());

  it('creates a topic, reads its default policy, replaces it, lists and deletes the topic', async () => {
    const sns = client();
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'conf' }));
    expect(TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:conf');
    expect((await sns.send(new CreateTopicCommand({ Name: 'conf' }))).TopicArn).toBe(TopicArn);

    const attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    expect(attributes).toMatchObject({ TopicArn, Owner: '123456789012' });
    const initial = JSON.parse(attributes.Policy!);
    expect(initial.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Resource: TopicArn,
      Condition: { StringEquals: { 'AWS:SourceOwner': '123456789012' } },
    });
    expect(initial.Statement[0].Action).toEqual(
      expect.arrayContaining(['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:Publish']),
    );

    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'sns:Subscribe',
          Resource: TopicArn,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
    });
    await sns.send(
      new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: policy }),
    );
    const replaced = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy!;
    expect(JSON.parse(replaced)).toEqual(JSON.parse(policy));

    expect((await sns.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn }]);
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    expect((await sns.send(new ListTopicsCommand({}))).Topics ?? []).toEqual([]);
    expect((await failure(sns.send(new GetTopicAttributesCommand({ TopicArn })))).name).toBe(
      'NotFoundException',
    );
  });
});
