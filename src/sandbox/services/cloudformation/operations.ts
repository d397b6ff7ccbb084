/**
 * CloudFormation StackSets, the part an organization audit reads (awsQuery): whether trusted access for
 * StackSets is on, the stack sets of the caller's account and region, and their instances. Stack sets
 * come from the world document (`stackSets` seeder) or CreateStackSet / CreateStackInstances; instances
 * settle at once (no stacks are created). Differences: SPEC.md.
 */
import { z } from 'zod';
import { AwsError } from '../../errors.js';
import { optInt, optList, optString } from '../../input.js';
import { HEX, randomString } from '../../rng.js';
import type { CallContext, Handler, Seeder } from '../../service.js';
import type { AccountRecord, World } from '../../world.js';
import { ensureAccount, organizationOf } from '../../world.js';
import { regionalState } from '../account/shared/regional.js';

const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

interface StackInstance {
  account: string;
  region: string;
  ouId?: string;
  status: 'CURRENT' | 'OUTDATED' | 'INOPERABLE';
  detailedStatus: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'INOPERABLE' | 'PENDING' | 'RUNNING';
}

interface StackSetState {
  name: string;
  id: string;
  description: string;
  status: 'ACTIVE' | 'DELETED';
  permissionModel: 'SELF_MANAGED' | 'SERVICE_MANAGED';
  autoDeployment?: { enabled: boolean; retainStacksOnAccountRemoval: boolean };
  ouIds: string[];
  instances: StackInstance[];
}

const KEY = 'cloudformation';
const cfnState = (account: AccountRecord, region: string) =>
  regionalState<{ stackSets: Record<string, StackSetState> }>(account, KEY, region, () => ({
    stackSets: {},
  }));

const notFound = (name: string) =>
  new AwsError('StackSetNotFoundException', `StackSet ${name} not found`, { status: 404 });

function state(ctx: CallContext) {
  return cfnState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
}

function arnOf(ctx: CallContext, set: StackSetState): string {
  return `arn:aws:cloudformation:${ctx.region}:${ctx.caller.accountId}:stackset/${set.name}:${set.id}`;
}

function requireServiceManaged(ctx: CallContext): void {
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  if (!org || !Object.hasOwn(org.trustedServices, STACKSETS_PRINCIPAL))
    throw new AwsError(
      'ValidationError',
      'You must enable organizations access to operate a service managed stack set',
    );
  if (org.managementAccountId !== ctx.caller.accountId)
    throw new AwsError(
      'ValidationError',
      'Account used is not the organization management account (or call as DELEGATED_ADMIN)',
    );
}

/** Accounts under an OU, nested OUs included. */
function accountsUnder(world: World, callerId: string, ouId: string): string[] {
  const org = organizationOf(world, callerId);
  if (!org) return [];
  const under = (parent: string): string[] => [
    ...Object.values(org.members)
      .filter((m) => m.parentId === parent)
      .map((m) => m.accountId),
    ...Object.values(org.ous)
      .filter((o) => o.parentId === parent)
      .flatMap((o) => under(o.id)),
  ];
  return under(ouId);
}

export const cloudFormationOperations: Record<string, Handler> = {
  DescribeOrganizationsAccess: (ctx) => {
    const org = organizationOf(ctx.world, ctx.caller.accountId);
    return {
      Status: org && Object.hasOwn(org.trustedServices, STACKSETS_PRINCIPAL) ? 'ENABLED' : 'DISABLED',
    };
  },
  CreateStackSet: (ctx, input) => {
    const name = optString(input, 'StackSetName') ?? '';
    if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(name))
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${name}' at 'stackSetName' failed to satisfy constraint`,
      );
    if (!optString(input, 'TemplateBody') && !optString(input, 'TemplateURL'))
      throw new AwsError('ValidationError', 'Either TemplateBody or TemplateURL must be specified');
    const sets = state(ctx).stackSets;
    if (sets[name]?.status === 'ACTIVE')
      throw new AwsError('NameAlreadyExistsException', `StackSet ${name} already exists`);
    const model = (optString(input, 'PermissionModel') ?? 'SELF_MANAGED') as StackSetState['permissionModel'];
    if (model === 'SERVICE_MANAGED') requireServiceManaged(ctx);
    const auto = input.AutoDeployment as
      { Enabled?: string; RetainStacksOnAccountRemoval?: string } | undefined;
    const set: StackSetState = {
      name,
      id: `${randomString(ctx.world, HEX, 8)}-${randomString(ctx.world, HEX, 4)}-${randomString(ctx.world, HEX, 4)}-${randomString(ctx.world, HEX, 4)}-${randomString(ctx.world, HEX, 12)}`,
      description: optString(input, 'Description') ?? '',
      status: 'ACTIVE',
      permissionModel: model,
      ...(auto
        ? {
            autoDeployment: {
              enabled: auto.Enabled === 'true',
              retainStacksOnAccountRemoval: auto.RetainStacksOnAccountRemoval === 'true',
            },
          }
        : {}),
      ouIds: [],
      instances: [],
    };
    sets[name] = set;
    return { StackSetId: `${name}:${set.id}` };
  },
  CreateStackInstances: (ctx, input) => {
    const name = optString(input, 'StackSetName') ?? '';
    const set = state(ctx).stackSets[name];
    if (!set || set.status !== 'ACTIVE') throw notFound(name);
    const regions = (optList(input, 'Regions') ?? []) as string[];
    const targets = input.DeploymentTargets as
      { OrganizationalUnitIds?: string[]; Accounts?: string[] } | undefined;
    const accounts = (optList(input, 'Accounts') ?? targets?.Accounts ?? []) as string[];
    const pairs: Array<{ account: string; ouId?: string }> = accounts.map((account) => ({ account }));
    for (const ouId of targets?.OrganizationalUnitIds ?? []) {
      if (set.permissionModel !== 'SERVICE_MANAGED')
        throw new AwsError(
          'ValidationError',
          'OrganizationalUnitIds are supported only by service-managed stack sets',
        );
      set.ouIds = [...new Set([...set.ouIds, ouId])];
      for (const account of accountsUnder(ctx.world, ctx.caller.accountId, ouId))
        pairs.push({ account, ouId });
    }
    for (const { account, ouId } of pairs)
      for (const region of regions)
        if (!set.instances.some((i) => i.account === account && i.region === region))
          set.instances.push({
            account,
            region,
            ...(ouId ? { ouId } : {}),
            status: 'CURRENT',
            detailedStatus: 'SUCCEEDED',
          });
    return {
      OperationId: `${randomString(ctx.world, HEX, 8)}-${randomString(ctx.world, HEX, 4)}-4${randomString(ctx.world, HEX, 3)}-a${randomString(ctx.world, HEX, 3)}-${randomString(ctx.world, HEX, 12)}`,
    };
  },
  DescribeStackSet: (ctx, input) => {
    const name = optString(input, 'StackSetName') ?? '';
    const set = state(ctx).stackSets[name];
    if (!set) throw notFound(name);
    return {
      StackSet: {
        StackSetName: set.name,
        StackSetId: `${set.name}:${set.id}`,
        StackSetARN: arnOf(ctx, set),
        Description: set.description,
        Status: set.status,
        PermissionModel: set.permissionModel,
        ...(set.autoDeployment
          ? {
              AutoDeployment: {
                Enabled: set.autoDeployment.enabled,
                RetainStacksOnAccountRemoval: set.autoDeployment.retainStacksOnAccountRemoval,
              },
            }
          : {}),
        OrganizationalUnitIds: set.ouIds,
      },
    };
  },
  ListStackSets: (ctx, input) => {
    const status = optString(input, 'Status');
    const list = Object.values(state(ctx).stackSets)
      .filter((s) => !status || s.status === status)
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = ctx.page(
      list,
      optString(input, 'NextToken'),
      optInt(input, 'MaxResults', { min: 1, max: 100 }),
      `cfn:sets:${ctx.caller.accountId}:${ctx.region}`,
      {
        defaultSize: 100,
        max: 100,
        invalidToken: () => new AwsError('ValidationError', 'Invalid NextToken'),
      },
    );
    return {
      Summaries: page.items.map((s) => ({
        StackSetName: s.name,
        StackSetId: `${s.name}:${s.id}`,
        Description: s.description,
        Status: s.status,
        PermissionModel: s.permissionModel,
        ...(s.autoDeployment
          ? {
              AutoDeployment: {
                Enabled: s.autoDeployment.enabled,
                RetainStacksOnAccountRemoval: s.autoDeployment.retainStacksOnAccountRemoval,
              },
            }
          : {}),
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
  ListStackInstances: (ctx, input) => {
    const name = optString(input, 'StackSetName') ?? '';
    const set = state(ctx).stackSets[name];
    if (!set) throw notFound(name);
    const account = optString(input, 'StackInstanceAccount');
    const region = optString(input, 'StackInstanceRegion');
    const list = set.instances.filter(
      (i) => (!account || i.account === account) && (!region || i.region === region),
    );
    const page = ctx.page(
      list,
      optString(input, 'NextToken'),
      optInt(input, 'MaxResults', { min: 1, max: 100 }),
      `cfn:instances:${name}`,
      {
        defaultSize: 100,
        max: 100,
        invalidToken: () => new AwsError('ValidationError', 'Invalid NextToken'),
      },
    );
    return {
      Summaries: page.items.map((i) => ({
        StackSetId: `${set.name}:${set.id}`,
        Account: i.account,
        Region: i.region,
        Status: i.status,
        StackInstanceStatus: { DetailedStatus: i.detailedStatus },
        ...(i.ouId ? { OrganizationalUnitId: i.ouId } : {}),
      })),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
};

const setSpec = z
  .object({
    name: z.string().regex(/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/),
    description: z.string().default(''),
    permissionModel: z.enum(['SELF_MANAGED', 'SERVICE_MANAGED']).default('SERVICE_MANAGED'),
    autoDeployment: z.boolean().default(true),
    ouIds: z.array(z.string()).default([]),
    instances: z
      .array(
        z
          .object({
            account: z.string().regex(/^\d{12}$/),
            region: z.string(),
            status: z.enum(['CURRENT', 'OUTDATED', 'INOPERABLE']).default('CURRENT'),
            detailedStatus: z
              .enum(['SUCCEEDED', 'FAILED', 'CANCELLED', 'INOPERABLE', 'PENDING', 'RUNNING'])
              .default('SUCCEEDED'),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export const stackSetsSeeder: Seeder<Array<z.infer<typeof setSpec>>> = {
  key: 'stackSets',
  schema: z.array(setSpec),
  apply(ctx, specs) {
    const sets = cfnState(ctx.account, ctx.region!).stackSets;
    for (const spec of specs)
      sets[spec.name] = {
        name: spec.name,
        id: `${randomString(ctx.world, HEX, 8)}-0000-4000-8000-${randomString(ctx.world, HEX, 12)}`,
        description: spec.description,
        status: 'ACTIVE',
        permissionModel: spec.permissionModel,
        ...(spec.permissionModel === 'SERVICE_MANAGED'
          ? { autoDeployment: { enabled: spec.autoDeployment, retainStacksOnAccountRemoval: false } }
          : {}),
        ouIds: spec.ouIds,
        instances: spec.instances,
      };
  },
};
