/** What `orgward workloads` subcommands do, loaded only when one runs. */
import { writeFile } from 'node:fs/promises';
import { workloadsInventory } from '../../api/workloads.js';
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

export async function inventory(options: WorkloadsInventoryCliOptions, global: GlobalOptions): Promise<void> {
  if (!(WORKLOADS_FORMATS as readonly string[]).includes(options.format))
    throw new UsageError(`--format ${options.format} is not one of ${WORKLOADS_FORMATS.join(', ')}`);
  for (const region of options.regions)
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
      throw new UsageError(`--regions ${region} is not a region name such as eu-west-1`);
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
