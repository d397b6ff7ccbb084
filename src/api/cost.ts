/**
 * `orgward cost` through the API: Cost Explorer's cost per linked account for whole months, rolled up
 * per account, OU or tag value, with the management account's share. Changes nothing.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../aws/clients.js';
import { buildCostReport, monthBefore, monthsEnding } from '../cost/report.js';
import { UsageError } from '../errors/index.js';
import type { CostBy, CostMetric, CostReport } from '../model/cost.js';
import { readCostData } from '../read/cost.js';
import { describeOrganization } from '../read/organization.js';
import { progressOf, type EventSink } from './events.js';

/** How far back Cost Explorer answers: the current month and the 13 before it. */
export const MAX_COST_MONTHS = 13;

export interface CostReportOptions {
  factory: ClientFactory;
  /** Whole months, the last one the month before `now`'s (default 3). */
  months?: number;
  /** Adds the current month so far (Cost Explorer marks it estimated). */
  includeCurrent?: boolean;
  metric?: CostMetric;
  by?: CostBy;
  now?: Date;
}

export async function costReport(options: CostReportOptions, sink?: EventSink): Promise<CostReport> {
  const now = options.now ?? new Date();
  const count = options.months ?? 3;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COST_MONTHS)
    throw new UsageError(
      `--months ${count} is out of range: Cost Explorer holds the current month and the ${MAX_COST_MONTHS} before it; give 1 to ${MAX_COST_MONTHS}`,
    );
  const months = monthsEnding(monthBefore(now, options.includeCurrent ? 0 : 1), count);
  const onProgress = progressOf(sink);
  const [identity, organization] = await Promise.all([
    options.factory.sts().send(new GetCallerIdentityCommand({})),
    describeOrganization(options.factory),
  ]);
  const management = organization?.MasterAccountId;
  if (identity.Account !== management)
    throw new UsageError(
      `the credentials are account ${identity.Account ?? 'unknown'}'s, not the management account's (${management ?? 'unknown'}): Cost Explorer shows a member account only its own cost; run orgward cost with the management account's credentials`,
    );
  const data = await readCostData(
    options.factory,
    { months, metric: options.metric ?? 'UnblendedCost', by: options.by ?? { kind: 'account' } },
    onProgress ? { onProgress } : {},
    organization,
  );
  return buildCostReport(data, now);
}

/** `--by account|ou|tag:<key>` as a {@link CostBy}. */
export function parseCostBy(value: string): CostBy {
  if (value === 'account' || value === 'ou') return { kind: value };
  if (value.startsWith('tag:') && value.length > 4 && value.length <= 132)
    return { kind: 'tag', key: value.slice(4) };
  throw new UsageError(
    `--by ${value} is not one of account, ou, tag:<key> (a cost allocation tag key, e.g. tag:team)`,
  );
}
