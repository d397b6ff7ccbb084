/** Lambda on the sandbox and on moto_server: an account without functions (the sandbox only seeds them). */
import { GetFunctionCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('Lambda conformance on %s', (name) => {
  let target: Target;
  const client = () => new LambdaClient({ ...target.config(), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  });
  afterAll(() => target.close());

  it('lists no functions and refuses an unknown one', async () => {
    expect((await client().send(new ListFunctionsCommand({}))).Functions).toEqual([]);
    expect((await failure(client().send(new GetFunctionCommand({ FunctionName: 'nope' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });
});
