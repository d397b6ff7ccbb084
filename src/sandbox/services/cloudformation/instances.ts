/**
 * Stack instances: CreateStackInstances, DeleteStackInstances (operations, see lifecycle.ts),
 * ListStackInstances and DescribeStackInstance. Targets are resolved in targets.ts.
 */
import { AwsError } from '../../errors.js';
import { optInt, optList, optString, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { organizationOf } from '../organizations/state.js';
import { OrgTree, requireServiceManagedAccess, scopeOf, validationError } from './access.js';
import {
  readAccounts,
  readDeploymentTargets,
  readOperationId,
  readParameters,
  readPreferences,
  readRegions,
  readRetainStacks,
  stackSetRef,
  type DeploymentTargetsInput,
} from './inputs.js';
import { admitOperation, beginOperation, markPolled, requireStackSet } from './lifecycle.js';
import { instanceShape, instanceSummary } from './shapes.js';
import { instanceTargets, operationTargets, type Pair } from './targets.js';
import type { StackInstanceState, StackSetOperationState } from './state.js';
import { checkParameters, summarizeTemplate } from './template.js';

/** Stack instances per stack set (AWS's quota). */
export const MAX_INSTANCES = 100_000;
const PAGE_MAX = 100;

function newOperation(
  ctx: CallContext,
  input: Input,
  action: StackSetOperationState['action'],
  pairs: Pair[],
  targets: DeploymentTargetsInput | undefined,
): StackSetOperationState {
  const preferences = readPreferences(input);
  return {
    id: readOperationId(ctx, input),
    action,
    status: 'RUNNING',
    createdAt: ctx.now.toISOString(),
    polls: 0,
    ...(preferences ? { preferences } : {}),
    ...operationTargets(targets),
    targets: pairs.map((p) => ({ ...p, status: 'PENDING' })),
  };
}

/** Operating on a stack set's instances: the set, after the organization checks for service-managed. */
function operableSet(ctx: CallContext, input: Input) {
  const scope = scopeOf(ctx, input);
  const set = requireStackSet(ctx, scope, stackSetRef(input));
  if (set.permissionModel === 'SERVICE_MANAGED') requireServiceManagedAccess(ctx, scope);
  return { scope, set };
}

const createStackInstances: Handler = (ctx, input) => {
  const { scope, set } = operableSet(ctx, input);
  const regions = readRegions(input, true);
  const targets = readDeploymentTargets(input);
  const pairs = instanceTargets(ctx, scope, set, {
    regions,
    accounts: readAccounts(input),
    targets,
    model: set.permissionModel,
    existingOnly: false,
  });
  const overrides = readParameters(input, 'ParameterOverrides');
  if (overrides && set.templateBody !== undefined)
    checkParameters(summarizeTemplate(set.templateBody), [
      ...set.parameters.filter((p) => !overrides.some((o) => o.key === p.key)),
      ...overrides,
    ]);
  const fresh = pairs.filter(
    (p) => !set.instances.some((i) => i.account === p.account && i.region === p.region),
  );
  if (set.instances.length + fresh.length > MAX_INSTANCES)
    throw new AwsError(
      'LimitExceededException',
      `A StackSet can have at most ${MAX_INSTANCES} stack instances`,
    );
  const op = newOperation(ctx, input, 'CREATE', pairs, targets);
  if (overrides) op.parameterOverrides = overrides;
  admitOperation(scope, set, op.id);
  if (set.permissionModel === 'SERVICE_MANAGED') {
    const tree = new OrgTree(organizationOf(ctx.world, scope.accountId)!);
    for (const ou of targets!.ouIds!) {
      const target = (set.targets[ou] ??= { regions: [] });
      target.regions = [...new Set([...target.regions, ...regions!])];
      target.seen = tree.accountsUnder(ou);
    }
  }
  beginOperation(ctx.world, set, op, ctx.now);
  return { OperationId: op.id };
};

const deleteStackInstances: Handler = (ctx, input) => {
  const { scope, set } = operableSet(ctx, input);
  const regions = readRegions(input, true)!;
  const retainStacks = readRetainStacks(input);
  const targets = readDeploymentTargets(input);
  const pairs = instanceTargets(ctx, scope, set, {
    regions,
    accounts: readAccounts(input),
    targets,
    model: set.permissionModel,
    existingOnly: true,
  });
  const op = newOperation(ctx, input, 'DELETE', pairs, targets);
  op.retainStacks = retainStacks;
  admitOperation(scope, set, op.id);
  // Removing a whole OU from regions stops deploying there (also to accounts that join later).
  const narrowed =
    targets?.accountFilterType === 'INTERSECTION' || targets?.accountFilterType === 'DIFFERENCE';
  if (set.permissionModel === 'SERVICE_MANAGED' && !narrowed)
    for (const ou of targets?.ouIds ?? []) {
      const target = set.targets[ou];
      if (!target) continue;
      target.regions = target.regions.filter((r) => !regions.includes(r));
      if (target.regions.length === 0) delete set.targets[ou];
    }
  beginOperation(ctx.world, set, op, ctx.now);
  return { OperationId: op.id };
};

const FILTERS = ['DETAILED_STATUS', 'LAST_OPERATION_ID', 'DRIFT_STATUS'] as const;

function instanceFilter(input: Input): (i: StackInstanceState) => boolean {
  const account = optString(input, 'StackInstanceAccount', { pattern: /^[0-9]{12}$/ });
  const region = optString(input, 'StackInstanceRegion', { pattern: /^[a-zA-Z0-9-]{1,128}$/ });
  const filters = (optList(input, 'Filters') ?? []).map((raw) => {
    const f = (typeof raw === 'object' && raw !== null ? raw : {}) as Input;
    const name = optString(f, 'Name', { oneOf: FILTERS });
    const value = optString(f, 'Values', { min: 1, max: 128 });
    if (!name || value === undefined) throw validationError('Every filter needs a Name and Values');
    return { name, value };
  });
  if (filters.length > 3) throw validationError('Filters can have at most 3 members');
  return (i) =>
    (!account || i.account === account) &&
    (!region || i.region === region) &&
    filters.every((f) =>
      f.name === 'DETAILED_STATUS'
        ? i.detailedStatus === f.value
        : f.name === 'LAST_OPERATION_ID'
          ? i.lastOperationId === f.value
          : f.value === 'NOT_CHECKED',
    );
}

const listStackInstances: Handler = (ctx, input) => {
  const scope = scopeOf(ctx, input);
  const name = stackSetRef(input);
  const set = requireStackSet(ctx, scope, name);
  const matches = instanceFilter(input);
  const size = optInt(input, 'MaxResults', { min: 1, max: PAGE_MAX });
  const page = ctx.page(
    set.instances.filter(matches),
    optString(input, 'NextToken'),
    size,
    `ListStackInstances:${scope.accountId}:${scope.region}:${set.uuid}:${JSON.stringify([
      input.StackInstanceAccount,
      input.StackInstanceRegion,
      input.Filters,
    ])}`,
    { max: PAGE_MAX, defaultSize: PAGE_MAX, invalidToken: () => validationError('Invalid NextToken') },
  );
  const answer = { Summaries: page.items.map((i) => instanceSummary(set, i)), NextToken: page.nextToken };
  markPolled(set);
  return answer;
};

const describeStackInstance: Handler = (ctx, input) => {
  const scope = scopeOf(ctx, input);
  const set = requireStackSet(ctx, scope, stackSetRef(input));
  const account = optString(input, 'StackInstanceAccount', { pattern: /^[0-9]{12}$/ });
  const region = optString(input, 'StackInstanceRegion', { pattern: /^[a-zA-Z0-9-]{1,128}$/ });
  if (!account || !region) throw validationError('StackInstanceAccount and StackInstanceRegion are required');
  const instance = set.instances.find((i) => i.account === account && i.region === region);
  if (!instance)
    throw new AwsError(
      'StackInstanceNotFoundException',
      `Stack instance [account: ${account}, region: ${region}] not found in StackSet ${set.name}`,
      { status: 404 },
    );
  const answer = { StackInstance: instanceShape(set, instance) };
  markPolled(set);
  return answer;
};

export const instanceOperations: Record<string, Handler> = {
  CreateStackInstances: createStackInstances,
  DeleteStackInstances: deleteStackInstances,
  ListStackInstances: listStackInstances,
  DescribeStackInstance: describeStackInstance,
};
