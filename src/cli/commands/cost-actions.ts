/** What `orgward cost` does, loaded only when it runs: call the API, render, write. */
import { writeFile } from 'node:fs/promises';
import { costReport, parseCostBy } from '../../api/cost.js';
import { ClientFactory } from '../../aws/clients.js';
import { UsageError } from '../../errors/index.js';
import { COST_METRICS, type CostMetric } from '../../model/cost.js';
import { COST_FORMATS, renderCost, type CostFormat } from '../../render/cost.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { terminalSink } from '../sink.js';

export interface CostCliOptions {
  months: number;
  includeCurrent?: boolean;
  by: string;
  metric: string;
  format: string;
  out?: string;
}

export async function cost(options: CostCliOptions, global: GlobalOptions): Promise<void> {
  if (!(COST_FORMATS as readonly string[]).includes(options.format))
    throw new UsageError(`--format ${options.format} is not one of ${COST_FORMATS.join(', ')}`);
  if (!(COST_METRICS as readonly string[]).includes(options.metric))
    throw new UsageError(`--metric ${options.metric} is not one of ${COST_METRICS.join(', ')}`);
  const by = parseCostBy(options.by);
  const sink = terminalSink({ quietOperations: true });
  const report = await costReport(
    {
      factory: new ClientFactory(awsTargetFrom(global)),
      months: options.months,
      ...(options.includeCurrent ? { includeCurrent: true } : {}),
      metric: options.metric as CostMetric,
      by,
    },
    sink,
  ).finally(() => sink.done());
  const text = renderCost(report, options.format as CostFormat);
  if (options.out) {
    await writeFile(options.out, text);
    console.error(`cost report written to ${options.out}`);
  } else process.stdout.write(text);
}
