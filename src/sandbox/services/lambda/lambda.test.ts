/** Lambda through the SDK: seeded functions, listed in pages and read one by one; create and delete. */
import { createHash } from 'node:crypto';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';

const ACCOUNT = '222222222222';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('Lambda over %s', (name) => {
  let target: Target;
  const client = (region = 'us-east-1') =>
    new LambdaClient({ ...target.config({ accessKeyId: ACCOUNT, region }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [ACCOUNT]: {
            regions: {
              'us-east-1': { functions: 120 },
              'eu-west-1': { functions: [{ name: 'orders-api', runtime: 'python3.12' }] },
            },
          },
        },
      },
      new Date(),
    );
  });

  it('lists seeded functions in pages of 50 by default', async () => {
    const first = await client().send(new ListFunctionsCommand({}));
    expect(first.Functions!.length).toBe(50);
    expect(first.NextMarker).toBeDefined();
    let count = 0;
    for await (const page of paginateListFunctions({ client: client() }, { MaxItems: 100 }))
      count += page.Functions!.length;
    expect(count).toBe(120);
    expect((await client('ap-south-1').send(new ListFunctionsCommand({}))).Functions).toEqual([]);
  });

  it('reads one function and refuses unknown ones', async () => {
    const got = await client('eu-west-1').send(new GetFunctionCommand({ FunctionName: 'orders-api' }));
    expect(got.Configuration).toMatchObject({
      FunctionName: 'orders-api',
      Runtime: 'python3.12',
      FunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders-api`,
    });
    expect((await failure(client().send(new GetFunctionCommand({ FunctionName: 'nope' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('creates a function from a zip, refuses a second of the same name, and deletes it', async () => {
    const zip = Buffer.from('PK fake zip');
    const created = await client().send(
      new CreateFunctionCommand({
        FunctionName: 'hello',
        Runtime: 'python3.12',
        Role: `arn:aws:iam::${ACCOUNT}:role/hello-role`,
        Handler: 'index.handler',
        Code: { ZipFile: zip },
      }),
    );
    expect(created).toMatchObject({
      FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:hello`,
      CodeSha256: createHash('sha256').update(zip).digest('base64'),
      CodeSize: zip.length,
      State: 'Active',
    });
    const again = await failure(
      client().send(
        new CreateFunctionCommand({
          FunctionName: 'hello',
          Role: `arn:aws:iam::${ACCOUNT}:role/hello-role`,
          Code: { ZipFile: zip },
        }),
      ),
    );
    expect(again).toMatchObject({ name: 'ResourceConflictException', status: 409 });
    await client().send(new DeleteFunctionCommand({ FunctionName: 'hello' }));
    expect((await failure(client().send(new GetFunctionCommand({ FunctionName: 'hello' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });
});
