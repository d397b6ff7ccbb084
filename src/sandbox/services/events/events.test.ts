/**
 * EventBridge through the sandbox's request path (awsJson1_1 over `Sandbox.handle`): the repository has
 * no EventBridge SDK client, so requests are built as the SDK sends them and answers parsed as it does.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { checkCall } from '../../../../test/support/service-model.js';
import { Sandbox } from '../../sandbox.js';
import { eventsService } from './index.js';
import { EVENT_HISTORY, peekEvents } from './state.js';

const ACCOUNT = '222222222222';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

describe('EventBridge over the sandbox request path', () => {
  let sandbox: Sandbox;
  let issues: string[];

  const call = async (
    operation: string,
    input: Record<string, unknown>,
    options: { accessKeyId?: string; region?: string } = {},
  ): Promise<Answer> => {
    const { accessKeyId = ACCOUNT, region = 'us-east-1' } = options;
    const answer = await sandbox.handle({
      method: 'POST',
      path: '/',
      query: {},
      headers: {
        'x-amz-target': `AWSEvents.${operation}`,
        'content-type': 'application/x-amz-json-1.1',
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/${region}/events/aws4_request, SignedHeaders=host, Signature=x`,
      },
      body: Buffer.from(JSON.stringify(input)),
    });
    expect(answer.headers['content-type']).toBe('application/x-amz-json-1.1');
    return { status: answer.status, body: JSON.parse(answer.body.toString()) as Record<string, unknown> };
  };
  const entry = (n: number) => ({
    Source: 'com.example.orders',
    DetailType: 'OrderPlaced',
    Detail: JSON.stringify({ order: n }),
  });
  const stored = (region = 'us-east-1', account = ACCOUNT) =>
    peekEvents(sandbox.world.accounts[account], region);

  beforeEach(() => {
    issues = [];
    sandbox = new Sandbox({
      services: [eventsService],
      // every answer is checked against botocore's events model
      onCall: (c) => issues.push(...checkCall(c)),
    });
    return () => expect(issues).toEqual([]);
  });

  it('accepts two entries with an EventId each and keeps them per account and region', async () => {
    const answer = await call('PutEvents', { Entries: [entry(1), { ...entry(2), Resources: ['arn:x'] }] });
    expect(answer.status).toBe(200);
    expect(answer.body.FailedEntryCount).toBe(0);
    const entries = answer.body.Entries as Array<{ EventId: string }>;
    expect(entries).toHaveLength(2);
    for (const e of entries)
      expect(e.EventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(entries[0]!.EventId).not.toBe(entries[1]!.EventId);

    const state = stored()!;
    expect(state.acceptedCount).toBe(2);
    expect(state.events.map((e) => [e.eventId, e.source, e.detail, e.eventBusName])).toEqual([
      [entries[0]!.EventId, 'com.example.orders', '{"order":1}', 'default'],
      [entries[1]!.EventId, 'com.example.orders', '{"order":2}', 'default'],
    ]);
    expect(state.events[1]!.resources).toEqual(['arn:x']);
    // another region and another account are kept apart
    expect(stored('eu-west-1')).toBeUndefined();
    await call('PutEvents', { Entries: [entry(3)] }, { region: 'eu-west-1' });
    await call('PutEvents', { Entries: [entry(4)] }, { accessKeyId: '333333333333' });
    expect(stored('eu-west-1')!.acceptedCount).toBe(1);
    expect(stored('us-east-1', '333333333333')!.acceptedCount).toBe(1);
    expect(stored()!.acceptedCount).toBe(2);
  });

  it('reports a failed entry in its place, with FailedEntryCount', async () => {
    const { Detail: _omitted, ...noDetail } = entry(2);
    const answer = await call('PutEvents', { Entries: [entry(1), noDetail] });
    expect(answer.status).toBe(200);
    expect(answer.body.FailedEntryCount).toBe(1);
    const entries = answer.body.Entries as Array<Record<string, string>>;
    expect(entries[0]!.EventId).toBeDefined();
    expect(entries[1]).toEqual({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
    });
    expect(stored()!.acceptedCount).toBe(1);
  });

  it('refuses a malformed Detail, missing Source or DetailType, and reserved aws.* sources per entry', async () => {
    const answer = await call('PutEvents', {
      Entries: [
        { ...entry(1), Detail: 'not json' },
        { ...entry(1), Detail: '[1, 2]' },
        { DetailType: 'X', Detail: '{}' },
        { Source: 'a.b', Detail: '{}' },
        { ...entry(1), Source: 'aws.ec2' },
      ],
    });
    expect(answer.body.FailedEntryCount).toBe(5);
    expect((answer.body.Entries as Array<Record<string, string>>).map((e) => e.ErrorCode)).toEqual([
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      'InvalidArgument',
      'NotAuthorizedForSourceException',
    ]);
    expect(stored()!.acceptedCount).toBe(0);
  });

  it('refuses more than 10 entries, no entries, and requests over 256 KB with ValidationException', async () => {
    const tooMany = await call('PutEvents', {
      Entries: Array.from({ length: 11 }, (_, i) => entry(i)),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.__type).toBe('ValidationException');
    expect(tooMany.body.message).toContain('Member must have length less than or equal to 10');
    expect((await call('PutEvents', { Entries: [] })).body.__type).toBe('ValidationException');
    expect((await call('PutEvents', {})).body.__type).toBe('ValidationException');

    // Source (18) + DetailType (11) + Detail: exactly 256 KB is accepted, one byte more is not
    const detailOf = (bytes: number) => JSON.stringify({ p: 'x'.repeat(bytes - 8) });
    const limit = 256 * 1024 - 18 - 11;
    const fits = await call('PutEvents', { Entries: [{ ...entry(1), Detail: detailOf(limit) }] });
    expect(fits.body.FailedEntryCount).toBe(0);
    const over = await call('PutEvents', { Entries: [{ ...entry(1), Detail: detailOf(limit + 1) }] });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({
      __type: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
    expect(stored()!.acceptedCount).toBe(1);
  });

  it(`keeps the last ${EVENT_HISTORY} events and counts them all`, async () => {
    for (let i = 0; i < 101; i++)
      await call('PutEvents', { Entries: Array.from({ length: 10 }, (_, j) => entry(i * 10 + j)) });
    const state = stored()!;
    expect(state.acceptedCount).toBe(1010);
    expect(state.events).toHaveLength(EVENT_HISTORY);
    expect(state.events[0]!.detail).toBe('{"order":10}');
    expect(state.events.at(-1)!.detail).toBe('{"order":1009}');
  });

  it('puts, describes, lists, updates and deletes rules', async () => {
    const put = await call('PutRule', {
      Name: 'orders-placed',
      EventPattern: JSON.stringify({ source: ['com.example.orders'] }),
      Description: 'orders',
      Tags: [{ Key: 'team', Value: 'a' }],
    });
    expect(put.body).toEqual({ RuleArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/orders-placed` });
    await call('PutRule', { Name: 'nightly', ScheduleExpression: 'cron(0 3 * * ? *)', State: 'DISABLED' });
    await call('PutRule', { Name: 'orders-shipped', ScheduleExpression: 'rate(5 minutes)' });

    const described = await call('DescribeRule', { Name: 'orders-placed' });
    expect(described.body).toEqual({
      Name: 'orders-placed',
      Arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/orders-placed`,
      EventPattern: '{"source":["com.example.orders"]}',
      State: 'ENABLED',
      Description: 'orders',
      EventBusName: 'default',
      CreatedBy: ACCOUNT,
    });

    const all = await call('ListRules', {});
    expect((all.body.Rules as Array<{ Name: string }>).map((r) => r.Name)).toEqual([
      'nightly',
      'orders-placed',
      'orders-shipped',
    ]);
    expect(all.body.NextToken).toBeUndefined();
    expect((all.body.Rules as Array<Record<string, unknown>>)[0]).toEqual({
      Name: 'nightly',
      Arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly`,
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: 'DISABLED',
      EventBusName: 'default',
    });

    // NamePrefix and pages of Limit
    const first = await call('ListRules', { NamePrefix: 'orders-', Limit: 1 });
    expect((first.body.Rules as Array<{ Name: string }>).map((r) => r.Name)).toEqual(['orders-placed']);
    expect(first.body.NextToken).toEqual(expect.any(String));
    const second = await call('ListRules', {
      NamePrefix: 'orders-',
      Limit: 1,
      NextToken: first.body.NextToken,
    });
    expect((second.body.Rules as Array<{ Name: string }>).map((r) => r.Name)).toEqual(['orders-shipped']);
    expect(second.body.NextToken).toBeUndefined();
    // a token belongs to its listing; Limit is 1..100
    expect((await call('ListRules', { NextToken: first.body.NextToken })).body.__type).toBe(
      'ValidationException',
    );
    expect((await call('ListRules', { Limit: 101 })).body.__type).toBe('ValidationException');

    // an update replaces the rule
    await call('PutRule', { Name: 'orders-placed', EventPattern: '{"source":["x"]}' });
    const updated = (await call('DescribeRule', { Name: 'orders-placed' })).body;
    expect(updated.EventPattern).toBe('{"source":["x"]}');
    expect(updated.Description).toBeUndefined();

    expect((await call('DeleteRule', { Name: 'orders-placed' })).body).toEqual({});
    const gone = await call('DescribeRule', { Name: 'orders-placed' });
    expect(gone.status).toBe(400);
    expect(gone.body).toMatchObject({
      __type: 'ResourceNotFoundException',
      message: 'Rule orders-placed does not exist on EventBus default.',
    });
    // deleting again succeeds
    expect((await call('DeleteRule', { Name: 'orders-placed' })).status).toBe(200);
    expect((await call('ListRules', {})).body.Rules).toHaveLength(2);
    // rules are per region
    expect((await call('ListRules', {}, { region: 'eu-west-1' })).body.Rules).toEqual([]);
  });

  it('validates rules as AWS does', async () => {
    const code = async (input: Record<string, unknown>) => (await call('PutRule', input)).body.__type;
    expect(await code({ Name: 'r' })).toBe('ValidationException');
    expect(await code({ Name: 'bad name', EventPattern: '{}' })).toBe('ValidationException');
    expect(await code({ Name: 'r', ScheduleExpression: 'rate(1 minutes)' })).toBe('ValidationException');
    expect(await code({ Name: 'r', ScheduleExpression: 'cron(0 3 * * * *)' })).toBe('ValidationException');
    expect(await code({ Name: 'r', EventPattern: '{"source":' })).toBe('InvalidEventPatternException');
    expect(await code({ Name: 'r', EventPattern: '{}', State: 'SOMETIMES' })).toBe('ValidationException');
    expect(await code({ Name: 'r', EventPattern: '{}', EventBusName: 'custom' })).toBe(
      'ResourceNotFoundException',
    );
    expect((await call('ListRules', {})).body.Rules).toEqual([]);
  });

  it('describes the default event bus, by name or ARN, and no other', async () => {
    const arn = `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default`;
    const bus = await call('DescribeEventBus', {}, { region: 'eu-west-1' });
    expect(bus.status).toBe(200);
    expect(bus.body).toMatchObject({ Name: 'default', Arn: arn });
    expect(typeof bus.body.CreationTime).toBe('number');
    expect((await call('DescribeEventBus', { Name: arn }, { region: 'eu-west-1' })).body.Name).toBe(
      'default',
    );
    const other = await call('DescribeEventBus', { Name: 'custom' });
    expect(other.body).toMatchObject({
      __type: 'ResourceNotFoundException',
      message: 'Event bus custom does not exist.',
    });
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const answer = await call('CreateEventBus', { Name: 'custom' });
    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe('UnknownOperationException');
    // the model check cannot judge an operation the service does not implement
    issues = [];
  });
});
