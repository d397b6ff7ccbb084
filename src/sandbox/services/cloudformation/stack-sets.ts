/**
 * Stack sets themselves: CreateStackSet, DescribeStackSet, ListStackSets, UpdateStackSet,
 * DeleteStackSet, and trusted access for StackSets (Describe/Activate/DeactivateOrganizationsAccess).
 */
import { AwsError } from '../../errors.js';
import { optBool, optInt, optString, type Input } from '../../input.js';
import { randomUuid } from '../../rng.js';
import type { CallContext, Handler } from '../../service.js';
import { organizationOf } from '../organizations/state.js';
import { hasTrustedAccess } from '../../shared/org-access.js';
import {
  peekState,
  requireServiceManagedAccess,
  scopeOf,
  STACKSETS_PRINCIPAL,
  validationError,
  writableState,
  type Scope,
} from './access.js';
import { instanceTargets, operationTargets } from './targets.js';
import {
  newStackSetName,
  readAutoDeployment,
  readCapabilities,
  readDeploymentTargets,
  readManagedExecution,
  readOperationId,
  readParameters,
  readPreferences,
  readRegions,
  readAccounts,
  readTags,
  ROLE_ARN,
  stackSetRef,
} from './inputs.js';
import { admitOperation, beginOperation, markPolled, requireIdle, requireStackSet } from './lifecycle.js';
import { stackSetShape, stackSetSummary } from './shapes.js';
import {
  stackSetId,
  upgradeStackSet,
  type PermissionModel,
  type StackSetOperationState,
  type StackSetState,
} from './state.js';
import { checkCapabilities, checkParameters, summarizeTemplate, type TemplateSummary } from './template.js';

/** Stack sets per administrator account and region (AWS's default quota). */
export const MAX_STACK_SETS = 1000;
const PAGE_MAX = 100;

const invalidToken = () => validationError('Invalid NextToken');

/** The template a request gives: a body (checked), or a URL the sandbox cannot read (not checked). */
function readTemplate(input: Input): { body?: string; summary?: TemplateSummary; given: boolean } {
  const body = optString(input, 'TemplateBody');
  const url = optString(input, 'TemplateURL', { min: 1, max: 5120 });
  if (body !== undefined && url !== undefined)
    throw validationError('Specify either TemplateBody or TemplateURL, not both');
  if (body !== undefined) return { body, summary: summarizeTemplate(body), given: true };
  if (url !== undefined) {
    if (!/^https?:\/\//.test(url)) throw validationError('TemplateURL must be an Amazon S3 URL');
    return { given: true };
  }
  return { given: false };
}

function readModel(input: Input): PermissionModel | undefined {
  return optString(input, 'PermissionModel', { oneOf: ['SERVICE_MANAGED', 'SELF_MANAGED'] });
}

/** The roles of a self-managed stack set: as given, else as they were, else AWS's default names. */
function selfManagedRoles(
  scope: Scope,
  input: Input,
  current: Pick<StackSetState, 'administrationRoleArn' | 'executionRoleName'> = {},
) {
  const admin = optString(input, 'AdministrationRoleARN', { min: 20, max: 2048 });
  if (admin !== undefined && !ROLE_ARN.test(admin))
    throw validationError(`AdministrationRoleARN ${admin} is not a valid IAM role ARN`);
  const execution = optString(input, 'ExecutionRoleName', {
    min: 1,
    max: 64,
    pattern: /^[a-zA-Z_0-9+=,.@-]+$/,
  });
  return {
    administrationRoleArn:
      admin ??
      current.administrationRoleArn ??
      `arn:aws:iam::${scope.accountId}:role/AWSCloudFormationStackSetAdministrationRole`,
    executionRoleName: execution ?? current.executionRoleName ?? 'AWSCloudFormationStackSetExecutionRole',
  };
}

const createStackSet: Handler = (ctx, input) => {
  const scope = scopeOf(ctx, input);
  const name = newStackSetName(input);
  const description = optString(input, 'Description', { min: 1, max: 1024 });
  const model = readModel(input) ?? 'SELF_MANAGED';
  if (scope.delegated && model !== 'SERVICE_MANAGED')
    throw validationError('A delegated administrator can only create SERVICE_MANAGED stack sets');
  if (model === 'SERVICE_MANAGED') requireServiceManagedAccess(ctx, scope);
  const auto = readAutoDeployment(input);
  if (auto && model === 'SELF_MANAGED')
    throw validationError(
      'AutoDeployment is only supported for stack sets with the SERVICE_MANAGED permission model',
    );
  const template = readTemplate(input);
  if (!template.given) throw validationError('Either TemplateBody or TemplateURL must be specified');
  const capabilities = readCapabilities(input) ?? [];
  const parameters = readParameters(input, 'Parameters') ?? [];
  if (template.summary) {
    checkCapabilities(template.summary, capabilities);
    checkParameters(template.summary, parameters);
  }
  const tags = readTags(input) ?? [];
  const managed = readManagedExecution(input) ?? false;
  const state = writableState(ctx, scope);
  if (state.stackSets[name])
    throw new AwsError('NameAlreadyExistsException', `StackSet ${name} already exists`, { status: 409 });
  if (Object.keys(state.stackSets).length >= MAX_STACK_SETS)
    throw new AwsError(
      'LimitExceededException',
      `Cannot create more than ${MAX_STACK_SETS} StackSets in account ${scope.accountId} and region ${scope.region}`,
    );
  const set: StackSetState = {
    name,
    uuid: randomUuid(ctx.world),
    status: 'ACTIVE',
    ...(description ? { description } : {}),
    permissionModel: model,
    ...(model === 'SERVICE_MANAGED'
      ? {
          autoDeployment: {
            enabled: auto?.enabled ?? false,
            retainStacksOnAccountRemoval: auto?.retainStacksOnAccountRemoval ?? false,
          },
        }
      : selfManagedRoles(scope, input)),
    ...(template.body !== undefined ? { templateBody: template.body } : {}),
    parameters,
    capabilities,
    tags,
    managedExecution: managed,
    targets: {},
    instances: [],
    operations: [],
    createdAt: ctx.now.toISOString(),
  };
  state.stackSets[name] = set;
  return { StackSetId: stackSetId(set) };
};

const describeStackSet: Handler = (ctx, input) => {
  const scope = scopeOf(ctx, input);
  const set = requireStackSet(ctx, scope, stackSetRef(input), true);
  const answer = { StackSet: stackSetShape(scope, set) };
  markPolled(set);
  return answer;
};

const listStackSets: Handler = (ctx, input) => {
  const scope = scopeOf(ctx, input);
  const status = optString(input, 'Status', { oneOf: ['ACTIVE', 'DELETED'] });
  const size = optInt(input, 'MaxResults', { min: 1, max: PAGE_MAX });
  const state = peekState(ctx.world, scope);
  const all = state ? [...Object.values(state.stackSets), ...state.deleted].map(upgradeStackSet) : [];
  const sets = all
    .filter(
      (s) =>
        (!status || s.status === status) && (!scope.delegated || s.permissionModel === 'SERVICE_MANAGED'),
    )
    .sort((a, b) => a.name.localeCompare(b.name) || a.status.localeCompare(b.status));
  const page = ctx.page(
    sets,
    optString(input, 'NextToken'),
    size,
    `ListStackSets:${scope.accountId}:${scope.region}:${status ?? ''}:${scope.delegated}`,
    { max: PAGE_MAX, defaultSize: PAGE_MAX, invalidToken },
  );
  return { Summaries: page.items.map(stackSetSummary), NextToken: page.nextToken };
};

const updateStackSet: Handler = (ctx, input) => {
  const scope = scopeOf(ctx, input);
  const set = requireStackSet(ctx, scope, stackSetRef(input));
  const model = readModel(input) ?? set.permissionModel;
  if (set.permissionModel === 'SERVICE_MANAGED' || model === 'SERVICE_MANAGED')
    requireServiceManagedAccess(ctx, scope);
  if (scope.delegated && model !== 'SERVICE_MANAGED')
    throw validationError('A delegated administrator can only operate SERVICE_MANAGED stack sets');
  if (model !== set.permissionModel && set.instances.length > 0)
    throw validationError('You cannot change the PermissionModel of a stack set that has stack instances');
  const description = optString(input, 'Description', { min: 1, max: 1024 });
  const template = readTemplate(input);
  const previous = optBool(input, 'UsePreviousTemplate') === true;
  if (template.given === previous)
    throw validationError('Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate');
  const body = template.given ? template.body : set.templateBody;
  const summary = template.given
    ? template.summary
    : body !== undefined
      ? summarizeTemplate(body)
      : undefined;
  const given = readParameters(input, 'Parameters', set.parameters);
  const parameters = given ?? set.parameters;
  const capabilities = readCapabilities(input) ?? set.capabilities;
  if (summary) {
    checkCapabilities(summary, capabilities);
    checkParameters(summary, parameters);
  }
  const auto = readAutoDeployment(input);
  if (auto && model === 'SELF_MANAGED')
    throw validationError(
      'AutoDeployment is only supported for stack sets with the SERVICE_MANAGED permission model',
    );
  const tags = readTags(input);
  const managed = readManagedExecution(input);
  const regions = readRegions(input, false);
  const accounts = readAccounts(input);
  const targetsInput = readDeploymentTargets(input);
  const preferences = readPreferences(input);
  const roles = model === 'SELF_MANAGED' ? selfManagedRoles(scope, input, set) : undefined;
  const selected =
    regions === undefined && accounts === undefined && targetsInput === undefined
      ? set.instances.map((i) => ({ account: i.account, region: i.region, ouId: i.ouId }))
      : instanceTargets(ctx, scope, set, {
          regions,
          accounts,
          targets: targetsInput,
          model,
          existingOnly: true,
        });
  const op: StackSetOperationState = {
    id: readOperationId(ctx, input),
    action: 'UPDATE',
    status: 'RUNNING',
    createdAt: ctx.now.toISOString(),
    polls: 0,
    ...(preferences ? { preferences } : {}),
    ...operationTargets(targetsInput),
    targets: selected.map((t) => ({ ...t, status: 'PENDING' as const })),
    templateChanged:
      template.given || (given !== undefined && JSON.stringify(given) !== JSON.stringify(set.parameters)),
  };
  admitOperation(scope, set, op.id);

  // The stack set takes the changes at once; its instances follow through the operation.
  if (description !== undefined) set.description = description;
  if (template.given) {
    if (body !== undefined) set.templateBody = body;
    else delete set.templateBody;
  }
  set.parameters = parameters;
  set.capabilities = capabilities;
  if (tags) set.tags = tags;
  if (managed !== undefined) set.managedExecution = managed;
  if (model !== set.permissionModel) {
    set.permissionModel = model;
    if (model === 'SERVICE_MANAGED') {
      delete set.administrationRoleArn;
      delete set.executionRoleName;
      set.autoDeployment = { enabled: false, retainStacksOnAccountRemoval: false };
    } else {
      delete set.autoDeployment;
      set.targets = {};
    }
  }
  if (roles) Object.assign(set, roles);
  if (auto && set.autoDeployment) {
    if (auto.enabled !== undefined) set.autoDeployment.enabled = auto.enabled;
    if (auto.retainStacksOnAccountRemoval !== undefined)
      set.autoDeployment.retainStacksOnAccountRemoval = auto.retainStacksOnAccountRemoval;
  }
  beginOperation(ctx.world, set, op, ctx.now);
  return { OperationId: op.id };
};

const deleteStackSet: Handler = (ctx, input) => {
  const scope = scopeOf(ctx, input);
  const set = requireStackSet(ctx, scope, stackSetRef(input));
  if (set.permissionModel === 'SERVICE_MANAGED') requireServiceManagedAccess(ctx, scope);
  requireIdle(scope, set);
  if (set.instances.length > 0)
    throw new AwsError('StackSetNotEmptyException', 'StackSet is not empty', { status: 409 });
  const state = writableState(ctx, scope);
  delete state.stackSets[set.name];
  set.status = 'DELETED';
  state.deleted.push(set);
  return {};
};

const describeOrganizationsAccess: Handler = (ctx, input) => {
  scopeOf(ctx, input);
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  return { Status: org && hasTrustedAccess(org, STACKSETS_PRINCIPAL) ? 'ENABLED' : 'DISABLED' };
};

function managementOrg(ctx: CallContext) {
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  if (!org || org.managementAccountId !== ctx.caller.accountId)
    throw new AwsError(
      'InvalidOperationException',
      'Only the management account of an organization can activate or deactivate organizations access',
    );
  return org;
}

/** As the StackSets console does: turns trusted access for StackSets on in Organizations. */
const activateOrganizationsAccess: Handler = (ctx) => {
  const org = managementOrg(ctx);
  if (org.featureSet !== 'ALL')
    throw new AwsError('InvalidOperationException', 'The organization must have all features enabled');
  org.trustedServices[STACKSETS_PRINCIPAL] ??= ctx.now.toISOString();
  return {};
};

const deactivateOrganizationsAccess: Handler = (ctx) => {
  const org = managementOrg(ctx);
  delete org.trustedServices[STACKSETS_PRINCIPAL];
  return {};
};

export const stackSetOperations: Record<string, Handler> = {
  CreateStackSet: createStackSet,
  DescribeStackSet: describeStackSet,
  ListStackSets: listStackSets,
  UpdateStackSet: updateStackSet,
  DeleteStackSet: deleteStackSet,
  DescribeOrganizationsAccess: describeOrganizationsAccess,
  ActivateOrganizationsAccess: activateOrganizationsAccess,
  DeactivateOrganizationsAccess: deactivateOrganizationsAccess,
};
