/**
 * A function's resource-based policy: AddPermission, GetPolicy, RemovePermission. The statement Lambda
 * builds is in policy.ts; the policy lives on the function (`policy` in state.ts) and goes with it.
 * Versions and aliases do not exist in the sandbox, so a `Qualifier` names nothing (not found).
 */
import { AwsError } from '../../errors.js';
import { optBool, optString, reqString, type Input } from '../../input.js';
import type { RestRoute } from '../../protocols/rest.js';
import { randomUuid } from '../../rng.js';
import type { CallContext, Handler } from '../../service.js';
import {
  POLICY_LIMIT,
  buildStatement,
  policyDocument,
  statementPrincipal,
  type PermissionRequest,
} from './policy.js';
import { functionArn, functionNotFound, resolveFunction, type FunctionState } from './state.js';

const userError = (code: string, message: string, status: number) =>
  new AwsError(code, message, { status, extras: { Type: 'User' } });

/** The function and the qualifier the call names (in `FunctionName` or `Qualifier`); only none is served. */
function unqualifiedFunction(ctx: CallContext, input: Input, operation: 'add' | 'read'): FunctionState {
  const { fn, qualifier: inName } = resolveFunction(ctx, input);
  const qualifier =
    optString(input, 'Qualifier', { min: 1, max: 128, pattern: /^[a-zA-Z0-9$_.-]+$/ }) ?? inName;
  if (qualifier === undefined) return fn;
  if (qualifier === '$LATEST' && operation === 'add')
    throw userError(
      'InvalidParameterValueException',
      'We currently do not support adding policies for $LATEST.',
      400,
    );
  throw functionNotFound(`${functionArn(fn)}:${qualifier}`);
}

/** `RevisionId`, when given, must be the policy's current one. */
function checkRevision(fn: FunctionState, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== fn.policy?.revisionId)
    throw userError(
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id',
      412,
    );
}

const addPermission: Handler = (ctx, input) => {
  const request: PermissionRequest = {
    sid: reqString(input, 'StatementId', { min: 1, max: 100, pattern: /^[a-zA-Z0-9-_]+$/ }),
    action: reqString(input, 'Action', { pattern: /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/ }),
    principal: reqString(input, 'Principal', { pattern: /^\S+$/ }),
    sourceArn: optString(input, 'SourceArn', {
      pattern: /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/,
    }),
    sourceAccount: optString(input, 'SourceAccount', { max: 12, pattern: /^\d{12}$/ }),
    principalOrgId: optString(input, 'PrincipalOrgID', { min: 12, max: 34, pattern: /^o-[a-z0-9]{10,32}$/ }),
    eventSourceToken: optString(input, 'EventSourceToken', { max: 256, pattern: /^[a-zA-Z0-9._-]+$/ }),
    functionUrlAuthType: optString(input, 'FunctionUrlAuthType', { oneOf: ['NONE', 'AWS_IAM'] }),
    invokedViaFunctionUrl: optBool(input, 'InvokedViaFunctionUrl'),
  };
  const revisionId = optString(input, 'RevisionId');
  const fn = unqualifiedFunction(ctx, input, 'add');
  const principal = statementPrincipal(request.principal);
  if (!principal)
    throw userError(
      'InvalidParameterValueException',
      'The provided principal was invalid. Please check the principal and try again.',
      400,
    );
  checkRevision(fn, revisionId);
  const statements = fn.policy?.statements ?? [];
  if (statements.some((s) => s.Sid === request.sid))
    throw userError(
      'ResourceConflictException',
      `The statement id (${request.sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
      409,
    );
  const statement = buildStatement(functionArn(fn), request, principal);
  const size = policyDocument([...statements, statement]).length;
  if (size > POLICY_LIMIT)
    throw userError(
      'PolicyLengthExceededException',
      `The final policy size (${size}) is bigger than the limit (${POLICY_LIMIT}).`,
      400,
    );
  fn.policy = { revisionId: randomUuid(ctx.world), statements: [...statements, statement] };
  return { $status: 201, Statement: JSON.stringify(statement) };
};

const getPolicy: Handler = (ctx, input) => {
  const fn = unqualifiedFunction(ctx, input, 'read');
  if (!fn.policy)
    throw userError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
  return { Policy: policyDocument(fn.policy.statements), RevisionId: fn.policy.revisionId };
};

const removePermission: Handler = (ctx, input) => {
  const sid = reqString(input, 'StatementId', { min: 1, max: 100, pattern: /^[a-zA-Z0-9-_.]+$/ });
  const revisionId = optString(input, 'RevisionId');
  const fn = unqualifiedFunction(ctx, input, 'read');
  if (!fn.policy)
    throw userError('ResourceNotFoundException', 'No policy is associated with the given resource.', 404);
  checkRevision(fn, revisionId);
  const kept = fn.policy.statements.filter((s) => s.Sid !== sid);
  if (kept.length === fn.policy.statements.length)
    throw userError('ResourceNotFoundException', `Statement ${sid} is not found in resource policy.`, 404);
  if (kept.length === 0) delete fn.policy;
  else fn.policy = { revisionId: randomUuid(ctx.world), statements: kept };
  return { $status: 204 };
};

export const permissionOperations: Record<string, Handler> = {
  AddPermission: addPermission,
  GetPolicy: getPolicy,
  RemovePermission: removePermission,
};

/** HTTP bindings, from the model's `http` traits. */
export const permissionRoutes: readonly RestRoute[] = [
  { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/policy', operation: 'AddPermission' },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/policy', operation: 'GetPolicy' },
  {
    method: 'DELETE',
    path: '/2015-03-31/functions/{FunctionName}/policy/{StatementId}',
    operation: 'RemovePermission',
  },
];
