/**
 * Phase 1 of the audit read: the central views (docs/audit.md#how-it-reads). From the management account:
 * the organization trail, the GuardDuty and Security Hub administrators per region, StackSets, alternate
 * contacts, effective declarative policies. From the security tooling account (the delegated
 * administrator): GuardDuty and Security Hub member lists, the Config aggregator, organization rules and
 * packs, organization analyzers, so coverage costs O(regions) calls instead of O(accounts × regions).
 */
import { ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { GetAlternateContactCommand } from '@aws-sdk/client-account';
import {
  DescribeOrganizationsAccessCommand,
  DescribeStackSetCommand,
  ListStackInstancesCommand,
  ListStackSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  DescribeOrganizationConfigRulesCommand,
  DescribeOrganizationConformancePacksCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeOrganizationConfigurationCommand as GuardDutyOrgConfigCommand,
  GetDetectorCommand,
  ListDetectorsCommand,
  ListMembersCommand as GuardDutyListMembersCommand,
  ListOrganizationAdminAccountsCommand as GuardDutyAdminsCommand,
} from '@aws-sdk/client-guardduty';
import { DescribeEffectivePolicyCommand } from '@aws-sdk/client-organizations';
import {
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import {
  DescribeOrganizationConfigurationCommand as HubOrgConfigCommand,
  GetConfigurationPolicyCommand,
  ListConfigurationPolicyAssociationsCommand,
  type SecurityHubClient,
  GetFindingAggregatorCommand,
  ListFindingAggregatorsCommand,
  ListMembersCommand as HubListMembersCommand,
  ListOrganizationAdminAccountsCommand as HubAdminsCommand,
} from '@aws-sdk/client-securityhub';
import type { ClientFactory } from '../../aws/clients.js';
import { AwsCallError } from '../../errors/index.js';
import {
  missing,
  type GuardDutyRegion,
  type LogBucket,
  type SecurityHubRegion,
  type StackSet,
  type Trail,
} from '../../model/evidence.js';
import { mapLimit } from '../../util/pool.js';
import { securityHubOf, trailsOf } from './account.js';
import { allPages, read } from './got.js';

const isCode = (error: unknown, pattern: RegExp) =>
  error instanceof AwsCallError && pattern.test(error.awsCode);

/** The management account's own trails in the home region, with status and selectors. */
export async function managementTrails(factory: ClientFactory, region: string): Promise<Trail[]> {
  const trails = (await trailsOf(factory, region, false)).filter((t) => t.homeRegion === region);
  const client = factory.cloudTrail(region);
  return Promise.all(
    trails.map(async (trail) => {
      const [status, selectors] = await Promise.all([
        client.send(new GetTrailStatusCommand({ Name: trail.arn })),
        client.send(new GetEventSelectorsCommand({ TrailName: trail.arn })),
      ]);
      const classic = (selectors.EventSelectors ?? []).some(
        (s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') === 'All',
      );
      const advanced = (selectors.AdvancedEventSelectors ?? []).some((s) => {
        const fields = s.FieldSelectors ?? [];
        return (
          fields.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')) &&
          !fields.some((f) => f.Field === 'readOnly')
        );
      });
      return {
        ...trail,
        isLogging: status.IsLogging === true,
        latestDeliveryError: status.LatestDeliveryError || null,
        managementEventsAll: classic || advanced,
      };
    }),
  );
}

export async function guardDutyAdmins(factory: ClientFactory, region: string): Promise<string[]> {
  const client = factory.guardDuty(region);
  const admins = await allPages(
    (NextToken) => client.send(new GuardDutyAdminsCommand({ ...(NextToken ? { NextToken } : {}) })),
    (p) => p.AdminAccounts,
    (p) => p.NextToken,
  );
  return admins.filter((a) => a.AdminStatus === 'ENABLED').map((a) => a.AdminAccountId ?? '');
}

export async function securityHubAdmins(factory: ClientFactory, region: string): Promise<string[]> {
  const client = factory.securityHub(region);
  const admins = await allPages(
    (NextToken) => client.send(new HubAdminsCommand({ ...(NextToken ? { NextToken } : {}) })),
    (p) => p.AdminAccounts,
    (p) => p.NextToken,
  );
  return admins.filter((a) => a.Status === 'ENABLED').map((a) => a.AccountId ?? '');
}

/** The delegated administrator's organization view of GuardDuty in one region. */
export async function guardDutyView(factory: ClientFactory, region: string): Promise<GuardDutyRegion> {
  const client = factory.guardDuty(region);
  const detectorId = (await client.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
  if (!detectorId) return { autoEnable: 'NONE', features: {}, members: {}, adminDetectorEnabled: false };
  const [config, detector, members] = await Promise.all([
    client.send(new GuardDutyOrgConfigCommand({ DetectorId: detectorId })),
    client.send(new GetDetectorCommand({ DetectorId: detectorId })),
    allPages(
      (NextToken) =>
        client.send(
          new GuardDutyListMembersCommand({
            DetectorId: detectorId,
            OnlyAssociated: 'false',
            MaxResults: 50,
            ...(NextToken ? { NextToken } : {}),
          }),
        ),
      (p) => p.Members,
      (p) => p.NextToken,
    ),
  ]);
  const autoEnable: GuardDutyRegion['autoEnable'] =
    config.AutoEnableOrganizationMembers ?? (config.AutoEnable ? 'NEW' : 'NONE');
  return {
    autoEnable,
    features: Object.fromEntries((config.Features ?? []).map((f) => [f.Name ?? '', f.AutoEnable ?? 'NONE'])),
    members: Object.fromEntries(members.map((m) => [m.AccountId ?? '', m.RelationshipStatus ?? ''])),
    adminDetectorEnabled: detector.Status === 'ENABLED',
  };
}

/** The delegated administrator's organization view of Security Hub in one region. */
export async function securityHubView(
  factory: ClientFactory,
  region: string,
  aggregatorRegion: boolean,
): Promise<SecurityHubRegion> {
  const client = factory.securityHub(region);
  const own = await securityHubOf(factory, region);
  if (!own.enabled)
    return {
      configurationType: null,
      status: null,
      autoEnable: false,
      autoEnableStandards: false,
      members: {},
      adminHubEnabled: false,
      adminStandards: [],
      aggregator: null,
    };
  const [config, members, aggregator] = await Promise.all([
    client.send(new HubOrgConfigCommand({})),
    allPages(
      (NextToken) =>
        client.send(
          new HubListMembersCommand({
            OnlyAssociated: false,
            MaxResults: 50,
            ...(NextToken ? { NextToken } : {}),
          }),
        ),
      (p) => p.Members,
      (p) => p.NextToken,
    ),
    aggregatorRegion ? findingAggregator(factory, region) : Promise.resolve(null),
  ]);
  const central = config.OrganizationConfiguration?.ConfigurationType === 'CENTRAL';
  return {
    configurationType: config.OrganizationConfiguration?.ConfigurationType ?? null,
    status: config.OrganizationConfiguration?.Status ?? null,
    autoEnable: config.AutoEnable === true,
    autoEnableStandards: config.AutoEnableStandards === 'DEFAULT',
    members: Object.fromEntries(members.map((m) => [m.AccountId ?? '', m.MemberStatus ?? ''])),
    adminHubEnabled: true,
    adminStandards: own.standards,
    aggregator,
    ...(central && aggregatorRegion ? { policyStandards: await policyStandards(client) } : {}),
  };
}

/** Under central configuration: each account's governing policy (applied or inherited) and its standards. */
async function policyStandards(client: SecurityHubClient): Promise<Record<string, string[] | null>> {
  const associations = await allPages(
    (NextToken) =>
      client.send(new ListConfigurationPolicyAssociationsCommand({ ...(NextToken ? { NextToken } : {}) })),
    (p) => p.ConfigurationPolicyAssociationSummaries,
    (p) => p.NextToken,
  );
  const standards = new Map<string, string[]>();
  const out: Record<string, string[] | null> = {};
  for (const a of associations) {
    if (a.TargetType !== 'ACCOUNT' || !a.TargetId || !a.ConfigurationPolicyId) continue;
    const id = a.ConfigurationPolicyId;
    if (id === 'SELF_MANAGED_SECURITY_HUB') {
      out[a.TargetId] = null;
      continue;
    }
    if (!standards.has(id)) {
      const policy = await client.send(new GetConfigurationPolicyCommand({ Identifier: id }));
      const hub = policy.ConfigurationPolicy?.SecurityHub;
      standards.set(
        id,
        hub?.ServiceEnabled
          ? (hub.EnabledStandardIdentifiers ?? []).map((s) => s.replace(/^.*(standards|ruleset)\//, ''))
          : [],
      );
    }
    out[a.TargetId] = standards.get(id)!;
  }
  return out;
}

async function findingAggregator(
  factory: ClientFactory,
  region: string,
): Promise<SecurityHubRegion['aggregator']> {
  const client = factory.securityHub(region);
  const arn = (await client.send(new ListFindingAggregatorsCommand({}))).FindingAggregators?.[0]
    ?.FindingAggregatorArn;
  if (!arn) return null;
  const agg = await client.send(new GetFindingAggregatorCommand({ FindingAggregatorArn: arn }));
  return {
    region: agg.FindingAggregationRegion ?? region,
    mode: agg.RegionLinkingMode ?? '',
    regions: agg.Regions ?? [],
  };
}

export async function configAggregator(factory: ClientFactory, region: string) {
  const client = factory.config(region);
  const aggregators = await allPages(
    (NextToken) =>
      client.send(new DescribeConfigurationAggregatorsCommand({ ...(NextToken ? { NextToken } : {}) })),
    (p) => p.ConfigurationAggregators,
    (p) => p.NextToken,
  );
  const org = aggregators.find((a) => a.OrganizationAggregationSource);
  if (!org) return null;
  const sources = await allPages(
    (NextToken) =>
      client.send(
        new DescribeConfigurationAggregatorSourcesStatusCommand({
          ConfigurationAggregatorName: org.ConfigurationAggregatorName!,
          ...(NextToken ? { NextToken } : {}),
        }),
      ),
    (p) => p.AggregatedSourceStatusList,
    (p) => p.NextToken,
  );
  const source = org.OrganizationAggregationSource!;
  return {
    name: org.ConfigurationAggregatorName ?? '',
    region,
    allRegions: source.AllAwsRegions === true,
    regions: source.AwsRegions ?? [],
    sources: sources.map((s) => ({
      accountId: s.SourceId ?? '',
      region: s.AwsRegion ?? '',
      status: s.LastUpdateStatus ?? '',
    })),
  };
}

export async function organizationRules(factory: ClientFactory, region: string) {
  const client = factory.config(region);
  const [packs, rules] = await Promise.all([
    read(() =>
      allPages(
        (NextToken) =>
          client.send(
            new DescribeOrganizationConformancePacksCommand({ ...(NextToken ? { NextToken } : {}) }),
          ),
        (p) => (p.OrganizationConformancePacks ?? []).map((c) => c.OrganizationConformancePackName ?? ''),
        (p) => p.NextToken,
      ),
    ),
    read(() =>
      allPages(
        (NextToken) =>
          client.send(new DescribeOrganizationConfigRulesCommand({ ...(NextToken ? { NextToken } : {}) })),
        (p) => (p.OrganizationConfigRules ?? []).map((c) => c.OrganizationConfigRuleName ?? ''),
        (p) => p.NextToken,
      ),
    ),
  ]);
  return { packs, rules };
}

export async function organizationAnalyzers(factory: ClientFactory, region: string) {
  const client = factory.accessAnalyzer(region);
  const analyzers = await allPages(
    (nextToken) =>
      client.send(new ListAnalyzersCommand({ type: 'ORGANIZATION', ...(nextToken ? { nextToken } : {}) })),
    (p) => p.analyzers,
    (p) => p.nextToken,
  );
  return analyzers.map((a) => ({ name: a.name ?? '', type: a.type ?? '', status: a.status ?? '' }));
}

export async function stackSets(factory: ClientFactory, region: string) {
  const client = factory.cloudFormation(region);
  const access = await client.send(new DescribeOrganizationsAccessCommand({ CallAs: 'SELF' }));
  const summaries = await allPages(
    (NextToken) =>
      client.send(
        new ListStackSetsCommand({ Status: 'ACTIVE', CallAs: 'SELF', ...(NextToken ? { NextToken } : {}) }),
      ),
    (p) => p.Summaries,
    (p) => p.NextToken,
  );
  const sets: StackSet[] = await mapLimit(summaries, 4, async (summary) => {
    const name = summary.StackSetName ?? '';
    const [detail, instances] = await Promise.all([
      client.send(new DescribeStackSetCommand({ StackSetName: name, CallAs: 'SELF' })),
      allPages(
        (NextToken) =>
          client.send(
            new ListStackInstancesCommand({
              StackSetName: name,
              CallAs: 'SELF',
              ...(NextToken ? { NextToken } : {}),
            }),
          ),
        (p) => p.Summaries,
        (p) => p.NextToken,
      ),
    ]);
    const set = detail.StackSet;
    return {
      name,
      permissionModel: set?.PermissionModel ?? 'SELF_MANAGED',
      autoDeployment: set?.AutoDeployment?.Enabled === true,
      retainStacks: set?.AutoDeployment?.RetainStacksOnAccountRemoval === true,
      targets: set?.OrganizationalUnitIds ?? [],
      instances: instances.map((i) => ({
        accountId: i.Account ?? '',
        region: i.Region ?? '',
        status: i.Status ?? '',
        detailedStatus: i.StackInstanceStatus?.DetailedStatus ?? null,
      })),
    };
  });
  return { organizationsAccess: access.Status === 'ENABLED', stackSets: sets };
}

export async function securityContact(
  factory: ClientFactory,
  accountId: string,
  isManagement: boolean,
): Promise<boolean> {
  try {
    await factory.accountManagement().send(
      new GetAlternateContactCommand({
        AlternateContactType: 'SECURITY',
        ...(isManagement ? {} : { AccountId: accountId }),
      }),
    );
    return true;
  } catch (error) {
    if (isCode(error, /ResourceNotFound/)) return false;
    throw error;
  }
}

export async function effectiveDeclarativePolicy(
  factory: ClientFactory,
  accountId: string,
): Promise<Record<string, unknown> | null> {
  try {
    const out = await factory
      .organizations()
      .send(
        new DescribeEffectivePolicyCommand({ PolicyType: 'DECLARATIVE_POLICY_EC2', TargetId: accountId }),
      );
    return out.EffectivePolicy?.PolicyContent
      ? (JSON.parse(out.EffectivePolicy.PolicyContent) as Record<string, unknown>)
      : null;
  } catch (error) {
    if (isCode(error, /EffectivePolicyNotFound/)) return null;
    throw error;
  }
}

/** LOG-05: the trail bucket's settings, read in the log-archive account. */
export async function logBucket(factory: ClientFactory, region: string, name: string): Promise<LogBucket> {
  const s3 = factory.s3(region);
  const optional = async <T>(fn: () => Promise<T>, absent: RegExp): Promise<T | null> => {
    try {
      return await fn();
    } catch (error) {
      if (isCode(error, absent)) return null;
      throw error;
    }
  };
  const [block, status, policy, versioning, lock, logging] = await Promise.all([
    optional(
      () => s3.send(new GetPublicAccessBlockCommand({ Bucket: name })),
      /NoSuchPublicAccessBlockConfiguration/,
    ),
    optional(() => s3.send(new GetBucketPolicyStatusCommand({ Bucket: name })), /NoSuchBucketPolicy/),
    optional(() => s3.send(new GetBucketPolicyCommand({ Bucket: name })), /NoSuchBucketPolicy/),
    s3.send(new GetBucketVersioningCommand({ Bucket: name })),
    optional(
      () => s3.send(new GetObjectLockConfigurationCommand({ Bucket: name })),
      /ObjectLockConfigurationNotFound/,
    ),
    s3.send(new GetBucketLoggingCommand({ Bucket: name })),
  ]);
  const b = block?.PublicAccessBlockConfiguration;
  return {
    name,
    publicAccessBlock: Boolean(
      b?.BlockPublicAcls && b.IgnorePublicAcls && b.BlockPublicPolicy && b.RestrictPublicBuckets,
    ),
    isPublic: status?.PolicyStatus?.IsPublic === true,
    tlsOnly: /aws:SecureTransport/.test(policy?.Policy ?? ''),
    versioning: versioning.Status === 'Enabled',
    objectLock: lock?.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
    logging: Boolean(logging.LoggingEnabled?.TargetBucket),
  };
}

/** A piece the delegated administrator should answer but no administrator is set for the region. */
export const noAdmin = <T>(service: string, region: string) =>
  missing<T>('NO_ADMIN', `no ${service} delegated administrator in ${region}`);
