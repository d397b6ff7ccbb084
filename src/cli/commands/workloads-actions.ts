/** What `orgward workloads` subcommands do, loaded only when one runs. */
import { writeFile } from 'node:fs/promises';
import { workloadsInventory, workloadsMovePlan } from '../../api/workloads.js';
import { MOVE_PLAN_FORMATS, renderMovePlan, type MovePlanFormat } from '../../render/move-plan.js';
import { ClientFactory } from '../../aws/clients.js';
import { UsageError } from '../../errors/index.js';
import { renderWorkloadsInventory, WORKLOADS_FORMATS, type WorkloadsFormat } from '../../render/workloads.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { terminalSink } from '../sink.js';

export interface WorkloadsInventoryCliOptions {
  account: string;
  regions: string[];
  memberRole: string;
  format: string;
  out?: string;
}

export interface WorkloadsPlanCliOptions {
  app: string;
  to: string;
  account: string;
  regions: string[];
  cidr?: string;
  /** Commander's `--no-reboot`: false when given. */
  reboot: boolean;
  kmsKey?: string;
  memberRole: string;
  format: string;
  out?: string;
}

export async function plan(options: WorkloadsPlanCliOptions, global: GlobalOptions): Promise<void> {
  if (!(MOVE_PLAN_FORMATS as readonly string[]).includes(options.format))
    throw new UsageError(`--format ${options.format} is not one of ${MOVE_PLAN_FORMATS.join(', ')}`);
  checkRegions(options.regions);
  const sink = terminalSink({ quietOperations: true });
  const result = await workloadsMovePlan(
    {
      factory: new ClientFactory(awsTargetFrom(global)),
      account: options.account,
      ...(options.regions.length ? { regions: options.regions } : {}),
      memberRole: options.memberRole,
      app: options.app,
      to: options.to,
      ...(options.cidr !== undefined ? { cidr: options.cidr } : {}),
      ...(options.reboot === false ? { noReboot: true } : {}),
      ...(options.kmsKey !== undefined ? { kmsKey: options.kmsKey } : {}),
    },
    sink,
  ).finally(() => sink.done());
  const text = renderMovePlan(result, options.format as MovePlanFormat);
  if (options.out) {
    await writeFile(options.out, text);
    console.error(`move plan written to ${options.out}`);
  } else process.stdout.write(text);
}

function checkRegions(regions: string[]): void {
  for (const region of regions)
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
      throw new UsageError(`--regions ${region} is not a region name such as eu-west-1`);
}

export async function inventory(options: WorkloadsInventoryCliOptions, global: GlobalOptions): Promise<void> {
  if (!(WORKLOADS_FORMATS as readonly string[]).includes(options.format))
    throw new UsageError(`--format ${options.format} is not one of ${WORKLOADS_FORMATS.join(', ')}`);
  checkRegions(options.regions);
  const sink = terminalSink({ quietOperations: true });
  const result = await workloadsInventory(
    {
      factory: new ClientFactory(awsTargetFrom(global)),
      account: options.account,
      ...(options.regions.length ? { regions: options.regions } : {}),
      memberRole: options.memberRole,
    },
    sink,
  ).finally(() => sink.done());
  const text = renderWorkloadsInventory(result, options.format as WorkloadsFormat);
  if (options.out) {
    await writeFile(options.out, text);
    console.error(`inventory written to ${options.out}`);
  } else process.stdout.write(text);
}
