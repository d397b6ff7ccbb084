/**
 * Reads what `orgward cost` reports: the organization's tree (settings, OUs, accounts; no tags or
 * policies) and Cost Explorer's GetCostAndUsage from the management account, grouped by linked account
 * (and by tag) so that one request answers for every account; each further page is one more request
 * ($0.01 each on AWS). The management account's cost per service is one more request.
 */
import {
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
  type GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import type { Organization } from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../aws/clients.js';
import type { CostAmount, CostBy, CostData, CostMetric } from '../model/cost.js';
import type { Gap } from '../model/snapshot.js';
import { describeOrganization } from './organization.js';
import { organizationReadContext, readOrganizationHead, walkTree } from './organization-sections.js';
import type { ReadOptions } from './options.js';

export interface CostReadRequest {
  /** `YYYY-MM`, oldest first, consecutive. */
  months: string[];
  metric: CostMetric;
  by: CostBy;
}

/** The first day of the month after `month` (`YYYY-MM`), as `YYYY-MM-DD`. */
function dayAfter(month: string): string {
  const date = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
  return date.toISOString().slice(0, 10);
}

/** Every page of one GetCostAndUsage request. */
async function allPages(
  factory: ClientFactory,
  input: GetCostAndUsageCommandInput,
): Promise<GetCostAndUsageCommandOutput[]> {
  const client = factory.costExplorer();
  const pages: GetCostAndUsageCommandOutput[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetCostAndUsageCommand({ ...input, ...(token ? { NextPageToken: token } : {}) }),
    );
    pages.push(page);
    token = page.NextPageToken;
  } while (token);
  return pages;
}

const amountOf = (metrics: Record<string, { Amount?: string }> | undefined, metric: string) =>
  Number(metrics?.[metric]?.Amount ?? '0');

export async function readCostData(
  factory: ClientFactory,
  request: CostReadRequest,
  options: ReadOptions = {},
  described?: Organization,
): Promise<CostData> {
  const gaps: Gap[] = [];
  const ctx = organizationReadContext(factory, gaps, options);
  const head = await readOrganizationHead(ctx, described ?? (await describeOrganization(factory)));
  const managementAccountId = head.organization.managementAccountId;
  const timePeriod = { Start: `${request.months[0]!}-01`, End: dayAfter(request.months.at(-1)!) };
  const metric = request.metric;

  const byAccount = (): Promise<GetCostAndUsageCommandOutput[]> =>
    allPages(factory, {
      TimePeriod: timePeriod,
      Granularity: 'MONTHLY',
      Metrics: [metric],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        ...(request.by.kind === 'tag' ? [{ Type: 'TAG' as const, Key: request.by.key }] : []),
      ],
    });
  const managementByService = (): Promise<GetCostAndUsageCommandOutput[]> =>
    allPages(factory, {
      TimePeriod: timePeriod,
      Granularity: 'MONTHLY',
      Metrics: [metric],
      Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [managementAccountId] } },
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
    });

  // The tree and Cost Explorer draw on different rate buckets: side by side.
  const [tree, accountPages, servicePages] = await Promise.all([
    walkTree(ctx, head.root.id),
    byAccount(),
    managementByService(),
  ]);

  const amounts: CostAmount[] = [];
  const estimated = new Set<string>();
  for (const page of accountPages) {
    for (const result of page.ResultsByTime ?? []) {
      const month = (result.TimePeriod?.Start ?? '').slice(0, 7);
      if (result.Estimated) estimated.add(month);
      for (const group of result.Groups ?? []) {
        const [accountId = '', tag] = group.Keys ?? [];
        const amount = amountOf(group.Metrics, metric);
        if (request.by.kind === 'tag') {
          // Cost Explorer writes a tag group's key as `<key>$<value>` (`<key>$` untagged).
          const value = (tag ?? '').slice((tag ?? '').indexOf('$') + 1);
          amounts.push({ month, accountId, tagValue: value, amount });
        } else amounts.push({ month, accountId, amount });
      }
    }
  }
  const services = new Map<string, number>();
  for (const page of servicePages)
    for (const result of page.ResultsByTime ?? [])
      for (const group of result.Groups ?? []) {
        const service = group.Keys?.[0] ?? '';
        services.set(service, (services.get(service) ?? 0) + amountOf(group.Metrics, metric));
      }

  return {
    months: [...request.months],
    estimatedMonths: request.months.filter((m) => estimated.has(m)),
    metric,
    by: request.by,
    amounts,
    managementServices: [...services].map(([service, amount]) => ({ service, amount })),
    organization: {
      id: head.organization.id,
      managementAccountId,
      rootId: head.root.id,
      ous: tree.ous.map((ou) => ({ id: ou.id, name: ou.name, parentId: ou.parentId, path: ou.path })),
      accounts: tree.accounts.map((a) => ({ id: a.id, name: a.name, parentId: a.parentId, state: a.state })),
    },
    calls: accountPages.length + servicePages.length,
  };
}
