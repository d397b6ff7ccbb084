/** SQS through the SDK: queues, attributes, tags, the locked-out policy and its root-session unlock, seeding. */
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';
import { UNLOCK_TASK_POLICY } from './policy-lock.js';

const OWNER = '222222222222';
const OTHER = '444444444444';
const url = (name: string, account = OWNER) => `https://sqs.us-east-1.amazonaws.com/${account}/${name}`;

describe.each<TargetName>(['sandbox', 'sandbox-http'])('SQS over %s', (name) => {
  let target: Target;
  const client = (accessKeyId: string, sessionToken?: string) =>
    new SQSClient({
      ...target.config({ accessKeyId, ...(sessionToken ? { sessionToken } : {}), region: 'us-east-1' }),
      maxAttempts: 1,
    });
  /** An AssumeRoot session written straight into the world (STS is built elsewhere). */
  const rootSession = (accountId: string, taskPolicyArn: string) => {
    const key = `ASIAROOT${accountId}${taskPolicyArn.length}`;
    target.sandbox!.world.credentials[key] = {
      kind: 'root-session',
      accountId,
      taskPolicyArn,
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date(Date.now() + 900_000).toISOString(),
      sourceAccountId: '111111111111',
    };
    return client(key, 'token');
  };

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  it('creates, finds, lists, configures, tags and deletes queues', async () => {
    const sqs = client(OWNER);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders', tags: { team: 'a' } }));
    expect(QueueUrl).toBe(url('orders'));
    expect((await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }))).QueueUrl).toBe(QueueUrl);
    expect(
      (
        await failure(
          sqs.send(new CreateQueueCommand({ QueueName: 'orders', Attributes: { DelaySeconds: '5' } })),
        )
      ).name,
    ).toBe('QueueNameExists');
    await sqs.send(new CreateQueueCommand({ QueueName: 'audit' }));
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl).toBe(QueueUrl);
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls).toEqual([url('audit'), url('orders')]);
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'or' }))).QueueUrls).toEqual([
      url('orders'),
    ]);
    const first = await sqs.send(new ListQueuesCommand({ MaxResults: 1 }));
    expect(first.QueueUrls).toEqual([url('audit')]);
    expect(
      (await sqs.send(new ListQueuesCommand({ MaxResults: 1, NextToken: first.NextToken }))).QueueUrls,
    ).toEqual([url('orders')]);

    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '60' } }));
    const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })))
      .Attributes!;
    expect(attrs).toMatchObject({
      VisibilityTimeout: '60',
      QueueArn: `arn:aws:sqs:us-east-1:${OWNER}:orders`,
    });
    expect(
      (
        await failure(
          sqs.send(
            new SetQueueAttributesCommand({ QueueUrl, Attributes: { Nope: '1' } as Record<string, string> }),
          ),
        )
      ).name,
    ).toBe('InvalidAttributeName');

    await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: 'prod' } }));
    await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['team'] }));
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ env: 'prod' });

    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    expect((await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' })))).name).toBe(
      'QueueDoesNotExist',
    );
    // another account cannot use the queue without a policy that allows it
    const audit = url('audit');
    expect((await failure(client(OTHER).send(new GetQueueAttributesCommand({ QueueUrl: audit })))).name).toBe(
      'AccessDenied',
    );
  });

  it('locks everyone out with a deny-all policy; only the SQS unlock root session gets through', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [OWNER]: { regions: { 'us-east-1': { queues: [{ name: 'locked', lockedOut: true }] } } },
        },
      },
      new Date(),
    );
    const QueueUrl = url('locked');
    const admin = client(OWNER);
    for (const call of [
      admin.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] })),
      admin.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: '' } })),
      admin.send(new DeleteQueueCommand({ QueueUrl })),
    ]) {
      const error = await failure(call);
      expect(error.name).toBe('AccessDenied');
      expect(error.status).toBe(403);
    }

    // a root session with another task policy is refused
    const wrong = rootSession(OWNER, 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy');
    expect((await failure(wrong.send(new GetQueueAttributesCommand({ QueueUrl })))).name).toBe(
      'AccessDenied',
    );

    const unlock = rootSession(OWNER, UNLOCK_TASK_POLICY);
    expect((await unlock.send(new ListQueuesCommand({}))).QueueUrls).toEqual([QueueUrl]);
    expect((await unlock.send(new GetQueueUrlCommand({ QueueName: 'locked' }))).QueueUrl).toBe(QueueUrl);
    const policy = (
      await unlock.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }))
    ).Attributes!.Policy!;
    expect(JSON.parse(policy)).toMatchObject({
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sqs:*' }],
    });
    // anything else is outside the task policy
    expect((await failure(unlock.send(new DeleteQueueCommand({ QueueUrl })))).name).toBe('AccessDenied');
    expect((await failure(unlock.send(new CreateQueueCommand({ QueueName: 'x' })))).name).toBe(
      'AccessDenied',
    );
    await unlock.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: '' } }));

    // unlocked: the account's administrator reaches the queue again
    const attrs = (await admin.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })))
      .Attributes!;
    expect(attrs.Policy).toBeUndefined();
  });

  it('keeps a root session to its own account', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [OTHER]: { regions: { 'us-east-1': { queues: [{ name: 'elsewhere', lockedOut: true }] } } },
        },
      },
      new Date(),
    );
    const unlock = rootSession(OWNER, UNLOCK_TASK_POLICY);
    expect(
      (await failure(unlock.send(new GetQueueAttributesCommand({ QueueUrl: url('elsewhere', OTHER) })))).name,
    ).toBe('AccessDenied');
  });

  it('does not lock out for a conditional or partial deny', async () => {
    const sqs = client(OWNER);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'q' }));
    const conditional = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        { Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage' },
      ],
    };
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: JSON.stringify(conditional) } }),
    );
    expect(
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }))).Attributes!
        .Policy,
    ).toBe(JSON.stringify(conditional));
  });
});
