/** Lambda resource policies through the SDK: AddPermission, GetPolicy, RemovePermission, and seeded statements. */
import {
  AddPermissionCommand,
  GetPolicyCommand,
  LambdaClient,
  RemovePermissionCommand,
  type AddPermissionCommandInput,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';

const ACCOUNT = '222222222222';
const ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`;

describe.each<TargetName>(['sandbox', 'sandbox-http'])('Lambda resource policies over %s', (name) => {
  let target: Target;
  const client = () =>
    new LambdaClient({ ...target.config({ accessKeyId: ACCOUNT, region: 'us-east-1' }), maxAttempts: 1 });
  const add = (
    input: Omit<AddPermissionCommandInput, 'FunctionName' | 'Action'> & Partial<AddPermissionCommandInput>,
  ) =>
    client().send(
      new AddPermissionCommand({ FunctionName: 'orders', Action: 'lambda:InvokeFunction', ...input }),
    );
  const policy = async () => {
    const got = await client().send(new GetPolicyCommand({ FunctionName: 'orders' }));
    return { ...got, document: JSON.parse(got.Policy!) as { Statement: Array<{ Sid: string }> } };
  };
  const seed = (doc: unknown) => applyWorldDocument(target.sandbox!.world, doc, new Date());

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    seed({ accounts: { [ACCOUNT]: { regions: { 'us-east-1': { functions: [{ name: 'orders' }] } } } } });
  });

  it('answers the statement as AWS writes it, and keeps it in the function policy', async () => {
    const added = await add({
      StatementId: 's3',
      Principal: 's3.amazonaws.com',
      SourceAccount: ACCOUNT,
      SourceArn: 'arn:aws:s3:::orders-bucket',
    });
    expect(added.Statement).toBe(
      `{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"${ARN}","Condition":{"StringEquals":{"AWS:SourceAccount":"${ACCOUNT}"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::orders-bucket"}}}`,
    );
    await add({ StatementId: 'xaccount', Principal: '333333333333', FunctionName: ARN });
    await add({ StatementId: 'org', Principal: '*', PrincipalOrgID: 'o-a1b2c3d4e5' });
    await add({
      StatementId: 'url',
      Principal: `arn:aws:iam::${ACCOUNT}:role/caller`,
      Action: 'lambda:InvokeFunctionUrl',
      FunctionUrlAuthType: 'AWS_IAM',
    });
    const got = await policy();
    expect(got.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(got.Policy!.startsWith('{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s3",')).toBe(
      true,
    );
    expect(got.document.Statement.slice(1)).toEqual([
      {
        Sid: 'xaccount',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::333333333333:root' },
        Action: 'lambda:InvokeFunction',
        Resource: ARN,
      },
      {
        Sid: 'org',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunction',
        Resource: ARN,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
      {
        Sid: 'url',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/caller` },
        Action: 'lambda:InvokeFunctionUrl',
        Resource: ARN,
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
      },
    ]);
  });

  it('refuses a statement id already in the policy, a bad principal and qualifiers', async () => {
    await add({ StatementId: 'one', Principal: '333333333333' });
    expect(await failure(add({ StatementId: 'one', Principal: '444444444444' }))).toMatchObject({
      name: 'ResourceConflictException',
      status: 409,
      message:
        'The statement id (one) provided already exists. Please provide a new statement id, or remove the existing statement.',
    });
    expect(await failure(add({ StatementId: 'two', Principal: 'not-a-principal' }))).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'The provided principal was invalid. Please check the principal and try again.',
    });
    expect(
      await failure(add({ StatementId: 'two', Principal: '333333333333', Qualifier: '$LATEST' })),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'We currently do not support adding policies for $LATEST.',
    });
    expect(
      await failure(add({ StatementId: 'two', Principal: '333333333333', Qualifier: 'prod' })),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Function not found: ${ARN}:prod`,
    });
    expect(
      await failure(add({ StatementId: 'two', Principal: '333333333333', FunctionName: 'missing' })),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:missing`,
    });
    expect((await policy()).document.Statement.map((s) => s.Sid)).toEqual(['one']);
  });

  it('refuses a policy larger than 20 KB', async () => {
    const sourceArn = `arn:aws:s3:::${'b'.repeat(2000)}`;
    const sids: string[] = [];
    for (let i = 0; i < 9; i++) {
      await add({ StatementId: `s${i}`, Principal: 's3.amazonaws.com', SourceArn: sourceArn });
      sids.push(`s${i}`);
    }
    const refused = await failure(
      add({ StatementId: 'last', Principal: 's3.amazonaws.com', SourceArn: sourceArn }),
    );
    expect(refused.name).toBe('PolicyLengthExceededException');
    expect(refused.message).toMatch(/^The final policy size \(\d+\) is bigger than the limit \(20480\)\.$/);
    expect((await policy()).document.Statement.map((s) => s.Sid)).toEqual(sids);
  });

  it('answers AWS’s not-found errors for a function without a policy', async () => {
    expect(await failure(client().send(new GetPolicyCommand({ FunctionName: 'orders' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: 'The resource you requested does not exist.',
    });
    expect(
      await failure(client().send(new RemovePermissionCommand({ FunctionName: 'orders', StatementId: 'x' }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'No policy is associated with the given resource.',
    });
    expect(await failure(client().send(new GetPolicyCommand({ FunctionName: 'missing' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:missing`,
    });
  });

  it('removes statements one by one, checking the revision, until the policy is gone', async () => {
    await add({ StatementId: 'a', Principal: '333333333333' });
    const first = (await policy()).RevisionId!;
    await add({ StatementId: 'b', Principal: '444444444444', RevisionId: first });
    const second = (await policy()).RevisionId!;
    expect(second).not.toBe(first);
    expect(
      await failure(add({ StatementId: 'c', Principal: '555555555555', RevisionId: first })),
    ).toMatchObject({ name: 'PreconditionFailedException', status: 412 });
    expect(
      await failure(
        client().send(
          new RemovePermissionCommand({ FunctionName: 'orders', StatementId: 'a', RevisionId: first }),
        ),
      ),
    ).toMatchObject({ name: 'PreconditionFailedException', status: 412 });
    expect(
      await failure(
        client().send(new RemovePermissionCommand({ FunctionName: 'orders', StatementId: 'zzz' })),
      ),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Statement zzz is not found in resource policy.',
    });
    await client().send(
      new RemovePermissionCommand({ FunctionName: 'orders', StatementId: 'a', RevisionId: second }),
    );
    expect((await policy()).document.Statement.map((s) => s.Sid)).toEqual(['b']);
    await client().send(new RemovePermissionCommand({ FunctionName: ARN, StatementId: 'b' }));
    expect((await failure(client().send(new GetPolicyCommand({ FunctionName: 'orders' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('seeds a function’s policy statements', async () => {
    seed({
      accounts: {
        [ACCOUNT]: {
          regions: {
            'us-east-1': {
              functions: [
                {
                  name: 'orders',
                  permissions: [
                    { sid: 'org', principal: '*', principalOrgId: 'o-a1b2c3d4e5' },
                    {
                      sid: 'events',
                      principal: 'events.amazonaws.com',
                      sourceAccount: ACCOUNT,
                      action: 'lambda:*',
                    },
                  ],
                },
              ],
            },
          },
        },
      },
    });
    const got = await policy();
    expect(got.document.Statement).toEqual([
      {
        Sid: 'org',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunction',
        Resource: ARN,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
      {
        Sid: 'events',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'lambda:*',
        Resource: ARN,
        Condition: { StringEquals: { 'AWS:SourceAccount': ACCOUNT } },
      },
    ]);
    expect((await failure(add({ StatementId: 'org', Principal: '*' }))).name).toBe(
      'ResourceConflictException',
    );
    const bad = (permissions: unknown) => () =>
      seed({
        accounts: {
          [ACCOUNT]: { regions: { 'us-east-1': { functions: [{ name: 'orders', permissions }] } } },
        },
      });
    expect(bad([{ sid: 'x', principal: 'nobody' }])).toThrow();
    expect(
      bad([
        { sid: 'x', principal: '*' },
        { sid: 'x', principal: '*' },
      ]),
    ).toThrow();
  });
});
