/**
 * Stack set operations as callers follow them: DescribeStackSetOperation, ListStackSetOperations
 * (newest first), ListStackSetOperationResults (one result per account and region) and
 * StopStackSetOperation. How operations run: lifecycle.ts.
 */
import { AwsError } from '../../errors.js';
import { optInt, optList, optString, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { scopeOf, validationError } from './access.js';
import { stackSetRef } from './inputs.js';
import { markPolled, requireStackSet, stop } from './lifecycle.js';
import { operationShape, operationSummary, resultSummary } from './shapes.js';
import type { StackSetState } from './state.js';

const PAGE_MAX = 100;
const invalidToken = () => validationError('Invalid NextToken');

function requireOperation(set: StackSetState, input: Input) {
  const id = optString(input, 'OperationId', { min: 1, max: 128, pattern: /^[a-zA-Z0-9][-a-zA-Z0-9]*$/ });
  if (id === undefined) throw validationError('OperationId is required');
  const op = set.operations.find((o) => o.id === id);
  if (!op) throw new AwsError('OperationNotFoundException', `Operation ${id} not found`, { status: 404 });
  return op;
}

function lookup(ctx: CallContext, input: Input, byPolls = true) {
  const scope = scopeOf(ctx, input);
  return { scope, set: requireStackSet(ctx, scope, stackSetRef(input), true, byPolls) };
}

const describeStackSetOperation: Handler = (ctx, input) => {
  const { set } = lookup(ctx, input);
  const answer = { StackSetOperation: operationShape(set, requireOperation(set, input)) };
  markPolled(set);
  return answer;
};

const listStackSetOperations: Handler = (ctx, input) => {
  const { scope, set } = lookup(ctx, input);
  const size = optInt(input, 'MaxResults', { min: 1, max: PAGE_MAX });
  const page = ctx.page(
    [...set.operations].reverse(),
    optString(input, 'NextToken'),
    size,
    `ListStackSetOperations:${scope.accountId}:${scope.region}:${set.uuid}`,
    { max: PAGE_MAX, defaultSize: PAGE_MAX, invalidToken },
  );
  const answer = { Summaries: page.items.map(operationSummary), NextToken: page.nextToken };
  markPolled(set);
  return answer;
};

const RESULT_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

const listStackSetOperationResults: Handler = (ctx, input) => {
  const { scope, set } = lookup(ctx, input);
  const op = requireOperation(set, input);
  const statuses = (optList(input, 'Filters') ?? []).map((raw) => {
    const f = (typeof raw === 'object' && raw !== null ? raw : {}) as Input;
    optString(f, 'Name', { oneOf: ['OPERATION_RESULT_STATUS'] });
    return optString(f, 'Values', { oneOf: RESULT_STATUSES });
  });
  const results = op.targets.filter((t) => statuses.length === 0 || statuses.includes(t.status));
  const page = ctx.page(
    results,
    optString(input, 'NextToken'),
    optInt(input, 'MaxResults', { min: 1, max: PAGE_MAX }),
    `ListStackSetOperationResults:${scope.accountId}:${scope.region}:${set.uuid}:${op.id}:${statuses.join(',')}`,
    { max: PAGE_MAX, defaultSize: PAGE_MAX, invalidToken },
  );
  const answer = { Summaries: page.items.map(resultSummary), NextToken: page.nextToken };
  markPolled(set);
  return answer;
};

const stopStackSetOperation: Handler = (ctx, input) => {
  // An operation a read has just seen RUNNING is still running for the stop.
  const { set } = lookup(ctx, input, false);
  const op = requireOperation(set, input);
  if (op.status !== 'RUNNING' && op.status !== 'QUEUED')
    throw new AwsError(
      'InvalidOperationException',
      `Operation ${op.id} is ${op.status} and cannot be stopped`,
    );
  stop(ctx.world, set, op, ctx.now);
  return {};
};

export const setOperationOperations: Record<string, Handler> = {
  DescribeStackSetOperation: describeStackSetOperation,
  ListStackSetOperations: listStackSetOperations,
  ListStackSetOperationResults: listStackSetOperationResults,
  StopStackSetOperation: stopStackSetOperation,
};
