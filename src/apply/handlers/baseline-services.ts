/**
 * GuardDuty and Security Hub for the baseline: the delegated administrator per region (from the
 * management account), GuardDuty's organization configuration and suppression rules, Security Hub's
 * central configuration and configuration policies (from the administrator). Idempotent.
 */
import {
  CreateDetectorCommand,
  CreateFilterCommand,
  DeleteFilterCommand,
  EnableOrganizationAdminAccountCommand as GdEnableAdminCommand,
  GetFilterCommand,
  ListDetectorsCommand,
  ListOrganizationAdminAccountsCommand as GdAdminsCommand,
  UpdateFilterCommand,
  UpdateOrganizationConfigurationCommand as GdUpdateOrgCommand,
  type GuardDutyClient,
  type OrgFeature,
} from '@aws-sdk/client-guardduty';
import { ListRootsCommand } from '@aws-sdk/client-organizations';
import {
  CreateConfigurationPolicyCommand,
  CreateFindingAggregatorCommand,
  DeleteConfigurationPolicyCommand,
  EnableOrganizationAdminAccountCommand as HubEnableAdminCommand,
  ListConfigurationPoliciesCommand,
  ListConfigurationPolicyAssociationsCommand,
  ListFindingAggregatorsCommand,
  ListOrganizationAdminAccountsCommand as HubAdminsCommand,
  StartConfigurationPolicyAssociationCommand,
  StartConfigurationPolicyDisassociationCommand,
  UpdateConfigurationPolicyCommand,
  UpdateFindingAggregatorCommand,
  UpdateOrganizationConfigurationCommand as HubUpdateOrgCommand,
  type SecurityHubClient,
  type Target,
} from '@aws-sdk/client-securityhub';
import type { Operation, TargetRef } from '../../plan/operations.js';
import { isAwsCode, type ApplyContext, type Handlers } from '../context.js';
import { inAccount } from './baseline-sites.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

async function enableAdministrator(op: Op<'enable-service-administrator'>, ctx: ApplyContext): Promise<void> {
  const accountId = ctx.resolver.account(op.account);
  if (op.service === 'guardduty') {
    const client = ctx.factory.guardDuty(op.region);
    const admins = (await client.send(new GdAdminsCommand({}))).AdminAccounts ?? [];
    if (admins.some((a) => a.AdminAccountId === accountId)) return;
    await client.send(new GdEnableAdminCommand({ AdminAccountId: accountId }));
    return;
  }
  const client = ctx.factory.securityHub(op.region);
  const admins = (await client.send(new HubAdminsCommand({}))).AdminAccounts ?? [];
  if (admins.some((a) => a.AccountId === accountId)) return;
  await client.send(new HubEnableAdminCommand({ AdminAccountId: accountId }));
}

/** The administrator's detector in the region, created when it has none. */
async function detectorOf(client: GuardDutyClient): Promise<string> {
  const found = (await client.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
  if (found) return found;
  return (await client.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
}

async function configureGuardDuty(
  op: Op<'configure-guardduty-organization'>,
  ctx: ApplyContext,
): Promise<void> {
  await inAccount(ctx, op.site, async (factory) => {
    const client = factory.guardDuty(op.site.region);
    const DetectorId = await detectorOf(client);
    const features = Object.entries(op.features).map(([Name, AutoEnable]) => ({
      Name: Name as OrgFeature,
      AutoEnable,
    }));
    await client.send(
      new GdUpdateOrgCommand({
        DetectorId,
        AutoEnableOrganizationMembers: op.autoEnable,
        ...(features.length ? { Features: features } : {}),
      }),
    );
  });
}

async function putFilter(op: Op<'put-guardduty-filter'>, ctx: ApplyContext): Promise<void> {
  await inAccount(ctx, op.site, async (factory) => {
    const client = factory.guardDuty(op.site.region);
    const DetectorId = await detectorOf(client);
    const { filter } = op;
    const body = {
      DetectorId,
      Description: filter.description,
      Action: filter.action,
      FindingCriteria: { Criterion: filter.criterion },
    };
    let exists = true;
    try {
      await client.send(new GetFilterCommand({ DetectorId, FilterName: filter.name }));
    } catch (error) {
      if (!isAwsCode(error, 'BadRequestException')) throw error;
      exists = false;
    }
    if (exists)
      await client.send(new UpdateFilterCommand({ ...body, FilterName: filter.name, Rank: filter.rank }));
    // A new filter goes last (GuardDuty's ranks have no gaps); the rank is set once it exists.
    else {
      await client.send(new CreateFilterCommand({ ...body, Name: filter.name }));
      await client.send(new UpdateFilterCommand({ DetectorId, FilterName: filter.name, Rank: filter.rank }));
    }
  });
}

async function deleteFilter(op: Op<'delete-guardduty-filter'>, ctx: ApplyContext): Promise<void> {
  await inAccount(ctx, op.site, async (factory) => {
    const client = factory.guardDuty(op.site.region);
    const DetectorId = await detectorOf(client);
    try {
      await client.send(new DeleteFilterCommand({ DetectorId, FilterName: op.name }));
    } catch (error) {
      if (!isAwsCode(error, 'BadRequestException')) throw error;
    }
  });
}

async function configureCentral(op: Op<'configure-securityhub-central'>, ctx: ApplyContext): Promise<void> {
  await inAccount(ctx, op.site, async (factory) => {
    const client = factory.securityHub(op.site.region);
    const linking = op.linkedRegions.length
      ? { RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: op.linkedRegions }
      : { RegionLinkingMode: 'NO_REGIONS' };
    const existing = (await client.send(new ListFindingAggregatorsCommand({}))).FindingAggregators?.[0];
    if (existing?.FindingAggregatorArn)
      await client.send(
        new UpdateFindingAggregatorCommand({
          FindingAggregatorArn: existing.FindingAggregatorArn,
          ...linking,
        }),
      );
    else await client.send(new CreateFindingAggregatorCommand(linking));
    await client.send(
      new HubUpdateOrgCommand({
        AutoEnable: false,
        AutoEnableStandards: 'NONE',
        OrganizationConfiguration: { ConfigurationType: 'CENTRAL' },
      }),
    );
  });
}

async function targetOf(ctx: ApplyContext, t: TargetRef): Promise<Target> {
  if (t.kind === 'root' && !t.id && !ctx.resolver.rootId)
    ctx.resolver.rootId = (await ctx.factory.organizations().send(new ListRootsCommand({}))).Roots?.[0]?.Id;
  const id = ctx.resolver.target(t);
  if (t.kind === 'root') return { RootId: id };
  return t.kind === 'ou' ? { OrganizationalUnitId: id } : { AccountId: id };
}

const targetId = (t: Target) => t.RootId ?? t.OrganizationalUnitId ?? t.AccountId ?? '';

async function policyIdByName(client: SecurityHubClient, name: string): Promise<string | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListConfigurationPoliciesCommand({ NextToken }));
    const found = page.ConfigurationPolicySummaries?.find((p) => p.Name === name);
    if (found?.Id) return found.Id;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

/** The targets a policy is associated with directly. */
async function directTargets(client: SecurityHubClient, policyId: string): Promise<string[]> {
  const out: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListConfigurationPolicyAssociationsCommand({ NextToken, Filters: { AssociationType: 'APPLIED' } }),
    );
    for (const a of page.ConfigurationPolicyAssociationSummaries ?? [])
      if (a.ConfigurationPolicyId === policyId && a.TargetId) out.push(a.TargetId);
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

function targetOfId(id: string): Target {
  if (id.startsWith('r-')) return { RootId: id };
  if (id.startsWith('ou-')) return { OrganizationalUnitId: id };
  return { AccountId: id };
}

async function putHubPolicy(op: Op<'put-securityhub-policy'>, ctx: ApplyContext): Promise<void> {
  const targets = await Promise.all(op.targets.map((t) => targetOf(ctx, t)));
  await inAccount(ctx, op.site, async (factory) => {
    const client = factory.securityHub(op.site.region);
    const { policy } = op;
    const body = {
      Name: policy.name,
      Description: policy.description,
      ConfigurationPolicy: {
        SecurityHub: {
          ServiceEnabled: policy.enabled,
          ...(policy.enabled
            ? {
                EnabledStandardIdentifiers: policy.standards,
                SecurityControlsConfiguration: {
                  DisabledSecurityControlIdentifiers: policy.disabledControls,
                },
              }
            : {}),
        },
      },
    };
    let id = await policyIdByName(client, policy.name);
    if (id) await client.send(new UpdateConfigurationPolicyCommand({ Identifier: id, ...body }));
    else id = (await client.send(new CreateConfigurationPolicyCommand(body))).Id!;
    const have = await directTargets(client, id);
    const wanted = targets.map(targetId);
    for (const target of targets)
      if (!have.includes(targetId(target)))
        await client.send(
          new StartConfigurationPolicyAssociationCommand({
            ConfigurationPolicyIdentifier: id,
            Target: target,
          }),
        );
    for (const stale of have.filter((t) => !wanted.includes(t)))
      await client.send(
        new StartConfigurationPolicyDisassociationCommand({
          ConfigurationPolicyIdentifier: id,
          Target: targetOfId(stale),
        }),
      );
  });
}

async function deleteHubPolicy(op: Op<'delete-securityhub-policy'>, ctx: ApplyContext): Promise<void> {
  await inAccount(ctx, op.site, async (factory) => {
    const client = factory.securityHub(op.site.region);
    const id = await policyIdByName(client, op.name);
    if (!id) return;
    for (const target of await directTargets(client, id))
      await client.send(
        new StartConfigurationPolicyDisassociationCommand({
          ConfigurationPolicyIdentifier: id,
          Target: targetOfId(target),
        }),
      );
    await client.send(new DeleteConfigurationPolicyCommand({ Identifier: id }));
  });
}

export const baselineServiceHandlers: Handlers = {
  'enable-service-administrator': enableAdministrator,
  'configure-guardduty-organization': configureGuardDuty,
  'put-guardduty-filter': putFilter,
  'delete-guardduty-filter': deleteFilter,
  'configure-securityhub-central': configureCentral,
  'put-securityhub-policy': putHubPolicy,
  'delete-securityhub-policy': deleteHubPolicy,
};
