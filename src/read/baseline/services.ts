/**
 * GuardDuty and Security Hub as the baseline sees them: the delegated administrator per region (asked
 * of the management account), then the administrator's organization configuration, filters, central
 * configuration and its policies (asked of the administrator).
 */
import {
  DescribeOrganizationConfigurationCommand as GdOrgConfigCommand,
  GetFilterCommand,
  ListDetectorsCommand,
  ListFiltersCommand,
  ListOrganizationAdminAccountsCommand as GdAdminsCommand,
} from '@aws-sdk/client-guardduty';
import {
  DescribeOrganizationConfigurationCommand as HubOrgConfigCommand,
  GetConfigurationPolicyCommand,
  GetFindingAggregatorCommand,
  ListConfigurationPoliciesCommand,
  ListConfigurationPolicyAssociationsCommand,
  ListFindingAggregatorsCommand,
  ListOrganizationAdminAccountsCommand as HubAdminsCommand,
} from '@aws-sdk/client-securityhub';
import type { GuardDutyFilter, LiveSecurityHub } from '../../model/baseline.js';
import type { TargetRef } from '../../model/desired.js';
import { mapLimit } from '../../util/pool.js';
import { allPages, orNull, readPart, type BaselineReadContext } from './shared.js';

async function guardDutyRegion(ctx: BaselineReadContext, region: string): Promise<void> {
  const admins = await ctx.factory.guardDuty(region).send(new GdAdminsCommand({}));
  const admin = admins.AdminAccounts?.find((a) => a.AdminStatus === 'ENABLED')?.AdminAccountId ?? null;
  ctx.state.guardDuty[region] = { admin, organization: null };
  if (!admin) return;
  const client = ctx.inAccount(admin).guardDuty(region);
  const detectorId = (await client.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
  if (!detectorId) return;
  const org = await client.send(new GdOrgConfigCommand({ DetectorId: detectorId }));
  const names = await allPages(
    (NextToken) => client.send(new ListFiltersCommand({ DetectorId: detectorId, NextToken })),
    (p) => p.FilterNames,
    (p) => p.NextToken,
  );
  const filters: GuardDutyFilter[] = [];
  for (const FilterName of names) {
    const f = await client.send(new GetFilterCommand({ DetectorId: detectorId, FilterName }));
    filters.push({
      name: f.Name ?? FilterName,
      description: f.Description ?? '',
      action: f.Action === 'NOOP' ? 'NOOP' : 'ARCHIVE',
      rank: f.Rank ?? 0,
      criterion: (f.FindingCriteria?.Criterion ?? {}) as GuardDutyFilter['criterion'],
    });
  }
  ctx.state.guardDuty[region].organization = {
    detectorId,
    autoEnable: org.AutoEnableOrganizationMembers ?? 'NONE',
    features: Object.fromEntries((org.Features ?? []).map((f) => [f.Name ?? '', f.AutoEnable ?? 'NONE'])),
    filters,
  };
}

/** An association target id as the file names targets: the root, an OU path, an account name. */
function targetOf(ctx: BaselineReadContext, id: string): TargetRef {
  if (id === ctx.snapshot.root.id) return { kind: 'root' };
  const ou = ctx.snapshot.ous.find((o) => o.id === id);
  if (ou) return { kind: 'ou', path: ou.path };
  return { kind: 'account', name: ctx.snapshot.accounts.find((a) => a.id === id)?.name ?? id };
}

async function hubPolicies(
  ctx: BaselineReadContext,
  admin: string,
): Promise<NonNullable<LiveSecurityHub['central']>['policies']> {
  const client = ctx.inAccount(admin).securityHub(ctx.baseline.homeRegion);
  const summaries = await allPages(
    (NextToken) => client.send(new ListConfigurationPoliciesCommand({ NextToken })),
    (p) => p.ConfigurationPolicySummaries,
    (p) => p.NextToken,
  );
  const associations = await allPages(
    (NextToken) =>
      client.send(
        new ListConfigurationPolicyAssociationsCommand({
          NextToken,
          Filters: { AssociationType: 'APPLIED' },
        }),
      ),
    (p) => p.ConfigurationPolicyAssociationSummaries,
    (p) => p.NextToken,
  );
  return mapLimit(summaries, 4, async (s) => {
    const p = await client.send(new GetConfigurationPolicyCommand({ Identifier: s.Id! }));
    const hub = p.ConfigurationPolicy?.SecurityHub;
    const targetIds = associations
      .filter((a) => a.ConfigurationPolicyId === s.Id)
      .map((a) => a.TargetId!)
      .sort();
    return {
      id: p.Id!,
      name: p.Name ?? '',
      description: p.Description ?? '',
      enabled: hub?.ServiceEnabled === true,
      standards: [...(hub?.EnabledStandardIdentifiers ?? [])].sort(),
      disabledControls: [
        ...(hub?.SecurityControlsConfiguration?.DisabledSecurityControlIdentifiers ?? []),
      ].sort(),
      targets: targetIds.map((id) => targetOf(ctx, id)),
      targetIds,
    };
  });
}

async function securityHubCentral(ctx: BaselineReadContext, admin: string): Promise<void> {
  const client = ctx.inAccount(admin).securityHub(ctx.baseline.homeRegion);
  const org = await orNull(() => client.send(new HubOrgConfigCommand({})), /InvalidAccessException/);
  const configurationType = org?.OrganizationConfiguration?.ConfigurationType ?? null;
  const arn = (await client.send(new ListFindingAggregatorsCommand({}))).FindingAggregators?.[0]
    ?.FindingAggregatorArn;
  const agg = arn
    ? await client.send(new GetFindingAggregatorCommand({ FindingAggregatorArn: arn }))
    : undefined;
  ctx.state.securityHub.central = {
    configurationType,
    aggregator: agg
      ? {
          region: agg.FindingAggregationRegion ?? '',
          mode: agg.RegionLinkingMode ?? '',
          regions: agg.Regions ?? [],
        }
      : null,
    policies: configurationType === 'CENTRAL' ? await hubPolicies(ctx, admin) : [],
  };
}

async function securityHubAdmins(ctx: BaselineReadContext, region: string): Promise<void> {
  const admins = await ctx.factory.securityHub(region).send(new HubAdminsCommand({}));
  ctx.state.securityHub.admins[region] =
    admins.AdminAccounts?.find((a) => a.Status === 'ENABLED')?.AccountId ?? null;
}

export async function readServices(ctx: BaselineReadContext): Promise<void> {
  const { regions, homeRegion } = ctx.baseline;
  await mapLimit(regions, 4, async (region) => {
    if (ctx.baseline.guardDuty)
      await readPart(ctx.state, `guardduty:${region}`, () => guardDutyRegion(ctx, region));
    if (ctx.baseline.securityHub)
      await readPart(ctx.state, `securityhub:${region}`, () => securityHubAdmins(ctx, region));
  });
  const admin = ctx.state.securityHub.admins[homeRegion];
  if (ctx.baseline.securityHub && admin)
    await readPart(ctx.state, 'securityhub:central', () => securityHubCentral(ctx, admin));
}
