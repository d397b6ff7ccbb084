/**
 * `orgward workloads` through the API: the inventory of one account's workloads (the management
 * account by default), grouped into applications. Reads only.
 */
import { GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { DescribeRegionsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../aws/clients.js';
import { cents, monthBefore } from '../cost/report.js';
import { AwsCallError, UsageError } from '../errors/index.js';
import { WORKLOADS_INVENTORY_VERSION, type WorkloadsInventory } from '../model/workloads.js';
import { describeOrganization } from '../read/organization.js';
import { readBuckets, readWorkloadRegion } from '../read/workloads.js';
import { mapLimit } from '../util/pool.js';
import { applicationsOf, findApplication } from '../workloads/inventory.js';
import { planMove, type MovePlan } from '../workloads/move-plan.js';
import type { EventSink } from './events.js';

export interface WorkloadsInventoryOptions {
  factory: ClientFactory;
  /** `management` (default), or an account's name or id in the organization. */
  account?: string;
  /** Regions to read; default every region the account has enabled. */
  regions?: string[];
  /** The role assumed in a member account. */
  memberRole?: string;
  now?: Date;
}

interface Target {
  id: string;
  name: string;
  management: boolean;
  factory: ClientFactory;
  callerAccountId: string;
  callerIsManagement: boolean;
  /** The organization's accounts, listed once for the whole run. */
  accounts: Array<{ id: string; name: string; state: string }>;
}

async function targetAccount(options: WorkloadsInventoryOptions): Promise<Target> {
  const { factory } = options;
  const [identity, org] = await Promise.all([
    factory.sts().send(new GetCallerIdentityCommand({})),
    describeOrganization(factory).catch((error: unknown) => {
      if (error instanceof AwsCallError && error.awsCode === 'AWSOrganizationsNotInUseException')
        return undefined;
      throw error;
    }),
  ]);
  const caller = identity.Account ?? '';
  const managementId = org?.MasterAccountId ?? caller;
  const wanted = options.account ?? 'management';
  const accounts: Target['accounts'] = [];
  if (org)
    for await (const page of paginateListAccounts({ client: factory.organizations() }, {}))
      for (const a of page.Accounts ?? [])
        accounts.push({ id: a.Id ?? '', name: a.Name ?? '', state: a.State ?? a.Status ?? '' });
  const found =
    wanted === 'management'
      ? { id: managementId, name: accounts.find((a) => a.id === managementId)?.name ?? managementId }
      : accounts.find((a) => a.id === wanted || a.name === wanted);
  const place = found ? { id: found.id, name: found.name } : undefined;
  if (!place)
    throw new UsageError(
      `--account ${wanted} is not an account of the organization; give management, or one of: ${accounts
        .map((a) => a.name)
        .slice(0, 10)
        .join(', ')}`,
    );
  return {
    ...place,
    management: place.id === managementId,
    callerAccountId: caller,
    callerIsManagement: caller === managementId,
    accounts,
    factory:
      place.id === caller
        ? factory
        : factory.assumeRole(place.id, options.memberRole ?? 'OrganizationAccountAccessRole'),
  };
}

/** Last month's cost of the account per service (the management account's Cost Explorer sees every account). */
async function lastMonthCost(
  factory: ClientFactory,
  accountId: string,
  now: Date,
): Promise<WorkloadsInventory['cost']> {
  const month = monthBefore(now, 1);
  const end = `${monthBefore(now, 0)}-01`;
  try {
    const out = await factory.costExplorer().send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: `${month}-01`, End: end },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [accountId] } },
        GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      }),
    );
    const services = (out.ResultsByTime?.[0]?.Groups ?? [])
      .map((g) => ({
        service: g.Keys?.[0] ?? '',
        amount: cents(Number(g.Metrics?.UnblendedCost?.Amount ?? 0)),
      }))
      .filter((s) => s.amount !== 0)
      .sort((a, b) => b.amount - a.amount);
    return { month, total: cents(services.reduce((s, x) => s + x.amount, 0)), services };
  } catch (error) {
    if (error instanceof AwsCallError) return undefined;
    throw error;
  }
}

export async function workloadsInventory(
  options: WorkloadsInventoryOptions,
  sink?: EventSink,
): Promise<WorkloadsInventory> {
  const before = options.factory.stats.snapshot().calls;
  return inventoryOf(options, await targetAccount(options), before, sink);
}

/** The inventory of an account already resolved; `before` is the call count the run started at. */
async function inventoryOf(
  options: WorkloadsInventoryOptions,
  target: Target,
  before: number,
  sink?: EventSink,
): Promise<WorkloadsInventory> {
  const now = options.now ?? new Date();
  const regions =
    options.regions && options.regions.length > 0
      ? options.regions
      : ((await target.factory.ec2().send(new DescribeRegionsCommand({}))).Regions ?? [])
          .map((r) => r.RegionName ?? '')
          .filter(Boolean)
          .sort();
  let done = 0;
  const read = await mapLimit(regions, 4, async (region) => {
    const result = await readWorkloadRegion(target.factory, region);
    sink?.emit?.({ type: 'progress', phase: 'regions', done: ++done, total: regions.length });
    return result;
  });
  const globalUnread: string[] = [];
  const [buckets, cost] = await Promise.all([
    readBuckets(target.factory, globalUnread),
    target.callerIsManagement ? lastMonthCost(options.factory, target.id, now) : Promise.resolve(undefined),
  ]);
  if (globalUnread.length > 0 && read[0]) read[0].unread.push(...globalUnread);
  return {
    version: WORKLOADS_INVENTORY_VERSION,
    generatedAt: now.toISOString(),
    accountId: target.id,
    accountName: target.name,
    management: target.management,
    regions: read,
    applications: read.flatMap((r) => applicationsOf(r, target.id)),
    buckets,
    cost,
    calls: options.factory.stats.snapshot().calls - before,
  };
}

export interface WorkloadsMovePlanOptions extends WorkloadsInventoryOptions {
  /** The application: its name (the load balancer's, or a standalone instance's) or load balancer ARN. */
  app: string;
  /** The account it moves to: a name or id of the organization. */
  to: string;
  cidr?: string;
  noReboot?: boolean;
  kmsKey?: string;
}

/**
 * A staged plan to move one application into another account of the organization. Reads the source's
 * inventory and the target's VPCs in the application's region; changes nothing.
 */
export async function workloadsMovePlan(
  options: WorkloadsMovePlanOptions,
  sink?: EventSink,
): Promise<MovePlan> {
  const before = options.factory.stats.snapshot().calls;
  const source = await targetAccount(options);
  const accounts = source.accounts;
  // The target is checked before the regions are read: a wrong name costs no inventory.
  const target = accounts.find((a) => a.id === options.to || a.name === options.to);
  if (!target || target.state !== 'ACTIVE')
    throw new UsageError(
      `--to ${options.to} is not ${target ? 'an active' : 'an'} account of the organization: create it in org.yaml and apply first, or name one of: ${accounts
        .filter((a) => a.state === 'ACTIVE' && a.id !== source.id)
        .map((a) => a.name)
        .slice(0, 10)
        .join(', ')}`,
    );
  const inventory = await inventoryOf(options, source, before, sink);
  const app = findApplication(inventory.applications, options.app);
  const targetCidrs: string[] = [];
  if (app && target.id !== inventory.accountId) {
    const session =
      target.id === source.callerAccountId
        ? options.factory
        : options.factory.assumeRole(target.id, options.memberRole ?? 'OrganizationAccountAccessRole');
    const { Vpcs = [] } = await session.ec2(app.region).send(new DescribeVpcsCommand({}));
    for (const v of Vpcs) if (v.CidrBlock) targetCidrs.push(v.CidrBlock);
  }
  return planMove({
    inventory,
    app: options.app,
    target: { accountId: target.id, accountName: target.name },
    targetCidrs,
    ...(options.cidr !== undefined ? { cidr: options.cidr } : {}),
    ...(options.noReboot ? { noReboot: true } : {}),
    ...(options.kmsKey !== undefined ? { kmsKey: options.kmsKey } : {}),
  });
}
