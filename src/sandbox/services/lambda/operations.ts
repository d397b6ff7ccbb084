/**
 * Lambda, as much as the audit needs to tell whether an account runs workloads: ListFunctions
 * (Marker / MaxItems, 1–10,000, default 50) and GetFunction; CreateFunction (a zip package) and
 * DeleteFunction; resource policies (AddPermission, GetPolicy, RemovePermission, in permissions.ts).
 * Functions also come from the regional `functions` seeder.
 */
import { AwsError } from '../../errors.js';
import { createHash } from 'node:crypto';
import { ensureAccount } from '../../world.js';
import { optInt, optString, reqString } from '../../input.js';
import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';
import { permissionOperations, permissionRoutes } from './permissions.js';
import { functionArn, functionsOf, peekFunctions, resolveFunction, type FunctionState } from './state.js';

function configuration(f: FunctionState) {
  return {
    FunctionName: f.name,
    FunctionArn: functionArn(f),
    Runtime: f.runtime,
    Role: f.role ?? `arn:aws:iam::${f.accountId}:role/${f.name}-role`,
    Handler: f.handler ?? 'index.handler',
    CodeSize: f.codeSize ?? 1024,
    Description: '',
    Timeout: 3,
    MemorySize: 128,
    LastModified: f.lastModified,
    CodeSha256: f.codeSha256 ?? 'sandbox',
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

/** A zip package (`Code.ZipFile`, base64 in JSON); S3 and image packages are not served. */
const createFunction: Handler = (ctx, input) => {
  const name = reqString(input, 'FunctionName', { min: 1, max: 64, pattern: /^[a-zA-Z0-9-_]+$/ });
  const role = reqString(input, 'Role', { pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/ });
  const code = (input.Code ?? {}) as { ZipFile?: unknown };
  if (typeof code.ZipFile !== 'string' || code.ZipFile === '')
    throw new AwsError('InvalidParameterValueException', 'Please provide a source for function code.');
  const zip = Buffer.from(code.ZipFile, 'base64');
  const account = ensureAccount(ctx.world, ctx.caller.accountId, ctx.now);
  const functions = functionsOf(account, ctx.region);
  if (functions.some((f) => f.name === name))
    throw new AwsError('ResourceConflictException', `Function already exist: ${name}`, {
      status: 409,
      extras: { Type: 'User' },
    });
  const created: FunctionState = {
    name,
    accountId: account.id,
    region: ctx.region,
    runtime: optString(input, 'Runtime') ?? 'nodejs20.x',
    role,
    handler: optString(input, 'Handler') ?? 'index.handler',
    codeSha256: createHash('sha256').update(zip).digest('base64'),
    codeSize: zip.length,
    lastModified: ctx.now.toISOString().replace('Z', '+0000'),
  };
  functions.push(created);
  functions.sort((a, b) => a.name.localeCompare(b.name));
  return { $status: 201, ...configuration(created) };
};

const deleteFunction: Handler = (ctx, input) => {
  const f = resolveFunction(ctx, input).fn;
  const functions = functionsOf(ctx.world.accounts[f.accountId]!, ctx.region);
  functions.splice(functions.indexOf(f), 1);
  return { $status: 204 };
};

const getFunction: Handler = (ctx, input) => {
  const f = resolveFunction(ctx, input).fn;
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
  CreateFunction: createFunction,
  DeleteFunction: deleteFunction,
  ...permissionOperations,
};

/** HTTP bindings, from the model's `http` traits. */
export const lambdaRoutes: readonly RestRoute[] = [
  { method: 'GET', path: '/2015-03-31/functions', operation: 'ListFunctions' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}', operation: 'GetFunction' },
  { method: 'POST', path: '/2015-03-31/functions', operation: 'CreateFunction' },
  { method: 'DELETE', path: '/2015-03-31/functions/{FunctionName}', operation: 'DeleteFunction' },
  ...permissionRoutes,
];
