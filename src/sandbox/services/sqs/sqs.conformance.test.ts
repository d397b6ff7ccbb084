/** The same SQS scenario on the sandbox and on moto_server (differences: SPEC.md). */
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('SQS conformance on %s', (name) => {
  let target: Target;
  const isMoto = name === 'moto';
  const client = () => new SQSClient({ ...target.config(), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  });
  afterAll(() => target.close());

  it('creates a queue, sets and reads its policy, lists, tags and deletes it', async () => {
    const sqs = client();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'conf', tags: { a: '1' } }));
    // moto answers URLs on its own endpoint; the sandbox answers AWS's form
    expect(QueueUrl).toMatch(
      isMoto ? /\/123456789012\/conf$/ : /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/conf$/,
    );
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'conf' }))).QueueUrl).toBe(QueueUrl);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sqs:SendMessage', Resource: '*' },
      ],
    });
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: policy } }));
    const attrs = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy', 'QueueArn'] }))
    ).Attributes!;
    expect(JSON.parse(attrs.Policy!)).toEqual(JSON.parse(policy));
    expect(attrs.QueueArn).toBe('arn:aws:sqs:us-east-1:123456789012:conf');
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'con' }))).QueueUrls).toEqual([QueueUrl]);
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ a: '1' });
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    expect((await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'conf' })))).name).toBe(
      'QueueDoesNotExist',
    );
  });
});
