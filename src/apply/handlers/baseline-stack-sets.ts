/**
 * The baseline's service-managed stack sets, from the management account: organizations access turned
 * on, the set created or updated, instances deployed to its targets in its regions (and, under prune,
 * removed from the ones the file dropped), each asynchronous operation followed to its end.
 */
import {
  ActivateOrganizationsAccessCommand,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  DeleteStackSetCommand,
  DescribeOrganizationsAccessCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  UpdateStackSetCommand,
  type Capability,
  type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import { OrgwardError } from '../../errors/index.js';
import { STACK_SET_TAG } from '../../model/baseline.js';
import type { Operation } from '../../plan/operations.js';
import { isAwsCode, type ApplyContext, type Handlers } from '../context.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

/** Waits between looks at a running stack set operation (ms): short first, then at most 30 s. */
const OPERATION_WAITS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** A stack set operation that has not ended after this long (ms of the run's clock) fails the step. */
const OPERATION_LIMIT_MS = 60 * 60_000;

async function waitFor(
  ctx: ApplyContext,
  client: CloudFormationClient,
  name: string,
  operationId: string | undefined,
): Promise<void> {
  if (!operationId) return;
  let waited = 0;
  for (let i = 0; ; i++) {
    const op = await client.send(
      new DescribeStackSetOperationCommand({ StackSetName: name, OperationId: operationId }),
    );
    const status = op.StackSetOperation?.Status;
    if (status === 'SUCCEEDED') return;
    if (status === 'FAILED' || status === 'STOPPED')
      throw new OrgwardError(
        'AWS_BAD_ANSWER',
        `stack set ${name}: operation ${operationId} ${status.toLowerCase()}`,
        {
          source: 'aws',
          hint: `aws cloudformation list-stack-set-operation-results --stack-set-name ${name} --operation-id ${operationId} shows each account's reason`,
        },
      );
    if (waited > OPERATION_LIMIT_MS)
      throw new OrgwardError(
        'AWS_BAD_ANSWER',
        `stack set ${name}: operation ${operationId} still ${status} after an hour`,
        { source: 'aws' },
      );
    const wait = OPERATION_WAITS[Math.min(i, OPERATION_WAITS.length - 1)]!;
    await ctx.sleep(wait);
    waited += wait;
  }
}

async function ensureOrganizationsAccess(client: CloudFormationClient): Promise<void> {
  const access = await client.send(new DescribeOrganizationsAccessCommand({}));
  if (access.Status !== 'ENABLED') await client.send(new ActivateOrganizationsAccessCommand({}));
}

const targetIds = (ctx: ApplyContext, op: Op<'put-stack-set'>) =>
  op.targets.map((t) => ctx.resolver.target(t));

async function createOrUpdate(
  ctx: ApplyContext,
  client: CloudFormationClient,
  op: Op<'put-stack-set'>,
): Promise<boolean> {
  const set = op.stackSet;
  const body = {
    StackSetName: set.name,
    Description: set.description || undefined,
    TemplateBody: set.template,
    Parameters: Object.entries(set.parameters).map(([ParameterKey, ParameterValue]) => ({
      ParameterKey,
      ParameterValue,
    })),
    Capabilities: set.capabilities as Capability[],
    AutoDeployment: {
      Enabled: set.autoDeployment.enabled,
      RetainStacksOnAccountRemoval: set.autoDeployment.retainStacksOnAccountRemoval,
    },
  };
  const exists = await client.send(new DescribeStackSetCommand({ StackSetName: set.name })).then(
    (r) => r.StackSet?.Status === 'ACTIVE',
    (error: unknown) => {
      if (isAwsCode(error, 'StackSetNotFoundException')) return false;
      throw error;
    },
  );
  if (!exists) {
    await client.send(
      new CreateStackSetCommand({
        ...body,
        PermissionModel: 'SERVICE_MANAGED',
        Tags: [{ Key: STACK_SET_TAG.key, Value: STACK_SET_TAG.value }],
      }),
    );
    return false;
  }
  const updated = await client.send(
    new UpdateStackSetCommand({ ...body, OperationPreferences: op.stackSet.preferences }),
  );
  await waitFor(ctx, client, set.name, updated.OperationId);
  return true;
}

async function putStackSet(op: Op<'put-stack-set'>, ctx: ApplyContext): Promise<void> {
  const client = ctx.factory.cloudFormation(op.region);
  const name = op.stackSet.name;
  await ensureOrganizationsAccess(client);
  await createOrUpdate(ctx, client, op);
  const have = new Set<string>();
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListStackInstancesCommand({ StackSetName: name, NextToken }));
    for (const i of page.Summaries ?? []) have.add(`${i.OrganizationalUnitId}|${i.Region}`);
    NextToken = page.NextToken;
  } while (NextToken);
  const ids = targetIds(ctx, op);
  if (ids.some((id) => op.stackSet.regions.some((r) => !have.has(`${id}|${r}`)))) {
    const created = await client.send(
      new CreateStackInstancesCommand({
        StackSetName: name,
        DeploymentTargets: { OrganizationalUnitIds: ids },
        Regions: op.stackSet.regions,
        OperationPreferences: op.stackSet.preferences,
      }),
    );
    await waitFor(ctx, client, name, created.OperationId);
  }
  await removeInstances(ctx, client, name, op.remove.targetIds, op.remove.regions, ids, op.stackSet.regions);
}

/** Instances of dropped targets (every region) and of dropped regions (every kept target). */
async function removeInstances(
  ctx: ApplyContext,
  client: CloudFormationClient,
  name: string,
  targets: string[],
  regions: string[],
  keptTargets: string[],
  keptRegions: string[],
): Promise<void> {
  const removals: Array<[string[], string[]]> = [
    [targets, [...keptRegions, ...regions]],
    [keptTargets, regions],
  ];
  for (const [ids, where] of removals) {
    if (!ids.length || !where.length) continue;
    const deleted = await client.send(
      new DeleteStackInstancesCommand({
        StackSetName: name,
        DeploymentTargets: { OrganizationalUnitIds: ids },
        Regions: where,
        RetainStacks: false,
      }),
    );
    await waitFor(ctx, client, name, deleted.OperationId);
  }
}

async function deleteStackSet(op: Op<'delete-stack-set'>, ctx: ApplyContext): Promise<void> {
  const client = ctx.factory.cloudFormation(op.region);
  await removeInstances(ctx, client, op.name, op.targetIds, op.regions, [], []);
  try {
    await client.send(new DeleteStackSetCommand({ StackSetName: op.name }));
  } catch (error) {
    if (!isAwsCode(error, 'StackSetNotFoundException')) throw error;
  }
}

export const baselineStackSetHandlers: Handlers = {
  'put-stack-set': putStackSet,
  'delete-stack-set': deleteStackSet,
};
