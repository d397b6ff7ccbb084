/**
 * Lambda, as much as the audit needs to tell whether an account runs workloads: ListFunctions
 * (Marker / MaxItems, 1–10,000, default 50) and GetFunction. Functions come from the regional
 * `functions` seeder.
 */
import { AwsError } from '../../errors.js';
import { optInt, optString, reqString } from '../../input.js';
import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';
import { functionArn, peekFunctions, type FunctionState } from './state.js';

function configuration(f: FunctionState) {
  return {
    FunctionName: f.name,
    FunctionArn: functionArn(f),
    Runtime: f.runtime,
    Role: `arn:aws:iam::${f.accountId}:role/${f.name}-role`,
    Handler: 'index.handler',
    CodeSize: 1024,
    Description: '',
    Timeout: 3,
    MemorySize: 128,
    LastModified: f.lastModified,
    CodeSha256: 'sandbox',
    Version: '$LATEST',
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
  };
}

const listFunctions: Handler = (ctx, input) => {
  const functions = peekFunctions(ctx.world.accounts[ctx.caller.accountId], ctx.region);
  const page = ctx.page(functions, optString(input, 'Marker'), optInt(input, 'MaxItems'), 'functions', {
    max: 10_000,
    defaultSize: 50,
    invalidToken: () => new AwsError('InvalidParameterValueException', 'Invalid marker.'),
    invalidSize: () =>
      new AwsError('InvalidParameterValueException', 'MaxItems must be between 1 and 10000.'),
  });
  return { Functions: page.items.map(configuration), NextMarker: page.nextToken };
};

const getFunction: Handler = (ctx, input) => {
  const name = reqString(input, 'FunctionName', { min: 1, max: 256 });
  const short = name.startsWith('arn:') ? (name.split(':')[6] ?? '') : name;
  const f = peekFunctions(ctx.world.accounts[ctx.caller.accountId], ctx.region).find((x) => x.name === short);
  if (!f)
    throw new AwsError(
      'ResourceNotFoundException',
      `Function not found: arn:aws:lambda:${ctx.region}:${ctx.caller.accountId}:function:${short}`,
      { status: 404, extras: { Type: 'User' } },
    );
  return {
    Configuration: configuration(f),
    Code: {
      RepositoryType: 'S3',
      Location: `https://awslambda-${ctx.region}-tasks.s3.${ctx.region}.amazonaws.com/snapshots/${f.accountId}/${f.name}`,
    },
    Tags: {},
  };
};

export const lambdaOperations: Record<string, Handler> = {
  ListFunctions: listFunctions,
  GetFunction: getFunction,
};

/** HTTP bindings, from the model's `http` traits. */
export const lambdaRoutes: readonly RestRoute[] = [
  { method: 'GET', path: '/2015-03-31/functions', operation: 'ListFunctions' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}', operation: 'GetFunction' },
];
