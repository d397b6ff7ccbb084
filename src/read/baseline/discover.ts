/**
 * `orgward import` of a baseline: finds what the organization runs (the governed regions, the
 * organization trail and the account owning its bucket, the Config aggregator, the service
 * administrators, the analyzers), reads it all with the baseline reader, and answers it as the
 * baseline a file would declare, with notes where the file cannot say what AWS has.
 */
import { ListRegionsCommand } from '@aws-sdk/client-account';
import { ListStackSetsCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTrailsCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import {
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
  DescribeOrganizationConformancePacksCommand,
} from '@aws-sdk/client-config-service';
import { ListOrganizationAdminAccountsCommand as GdAdminsCommand } from '@aws-sdk/client-guardduty';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListOrganizationAdminAccountsCommand as HubAdminsCommand } from '@aws-sdk/client-securityhub';
import type { ClientFactory } from '../../aws/clients.js';
import { OrgwardError } from '../../errors/index.js';
import type { DesiredBaseline, DesiredBucket } from '../../model/baseline.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import { mapLimit } from '../../util/pool.js';
import { allPages, memberSessions } from './shared.js';

/** What discovery found before the full read: enough to aim the baseline reader. */
export interface Discovery {
  home: string;
  regions: string[];
  trail: Trail | undefined;
  /** Bucket name → owner account id. */
  bucketOwners: Record<string, string>;
  configBucket: string | undefined;
  globalResourcesRegion: string | undefined;
  aggregator: { name: string; account: string } | undefined;
  conformancePacks: string[];
  analyzerAccount: string | undefined;
  /** Service-managed stack sets of the management account. */
  stackSets: string[];
  guardDutyAdmin: string | undefined;
  securityHubAdmin: string | undefined;
  notes: string[];
}

const quietly = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof OrgwardError) return undefined;
    throw error;
  }
};

async function enabledRegions(factory: ClientFactory): Promise<string[]> {
  const client = factory.accountManagement();
  const regions = await allPages(
    (NextToken) =>
      client.send(
        new ListRegionsCommand({ NextToken, RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] }),
      ),
    (p) => p.Regions,
    (p) => p.NextToken,
  );
  return regions.map((r) => r.RegionName ?? '').filter(Boolean);
}

/** Per region: the GuardDuty and Security Hub administrators, and whether the management account records. */
async function regionalFacts(factory: ClientFactory, regions: string[]) {
  return mapLimit(regions, 4, async (region) => {
    const [gd, hub, recorders, channels] = await Promise.all([
      quietly(() => factory.guardDuty(region).send(new GdAdminsCommand({}))),
      quietly(() => factory.securityHub(region).send(new HubAdminsCommand({}))),
      quietly(() => factory.config(region).send(new DescribeConfigurationRecordersCommand({}))),
      quietly(() => factory.config(region).send(new DescribeDeliveryChannelsCommand({}))),
    ]);
    const recorder = recorders?.ConfigurationRecorders?.find((r) => !r.servicePrincipal);
    return {
      region,
      guardDuty: gd?.AdminAccounts?.find((a) => a.AdminStatus === 'ENABLED')?.AdminAccountId,
      securityHub: hub?.AdminAccounts?.find((a) => a.Status === 'ENABLED')?.AccountId,
      records: Boolean(recorder),
      global: recorder?.recordingGroup?.includeGlobalResourceTypes === true,
      channelBucket: channels?.DeliveryChannels?.[0]?.s3BucketName,
    };
  });
}

/** The account (among the active ones) that lists the bucket as its own. */
async function ownersOf(
  inAccount: (id: string) => ClientFactory,
  snapshot: OrgSnapshot,
  buckets: string[],
  home: string,
): Promise<Record<string, string>> {
  const owners: Record<string, string> = {};
  if (!buckets.length) return owners;
  await mapLimit(
    snapshot.accounts.filter((a) => a.state === 'ACTIVE'),
    8,
    async (account) => {
      const listed = await quietly(() => inAccount(account.id).s3(home).send(new ListBucketsCommand({})));
      for (const b of listed?.Buckets ?? [])
        if (b.Name && buckets.includes(b.Name)) owners[b.Name] = account.id;
    },
  );
  return owners;
}

const delegated = (snapshot: OrgSnapshot, principal: string) =>
  snapshot.organization.delegatedAdministrators?.find((d) => d.servicePrincipal === principal)?.accountId;

async function configFacts(
  inAccount: (id: string) => ClientFactory,
  snapshot: OrgSnapshot,
  home: string,
): Promise<Pick<Discovery, 'aggregator' | 'conformancePacks'>> {
  const admin = delegated(snapshot, 'config.amazonaws.com');
  if (!admin) return { aggregator: undefined, conformancePacks: [] };
  const client = inAccount(admin).config(home);
  const aggregators = await quietly(() => client.send(new DescribeConfigurationAggregatorsCommand({})));
  const org = aggregators?.ConfigurationAggregators?.find((a) => a.OrganizationAggregationSource);
  const packs = await quietly(() => client.send(new DescribeOrganizationConformancePacksCommand({})));
  return {
    aggregator: org?.ConfigurationAggregatorName
      ? { name: org.ConfigurationAggregatorName, account: admin }
      : undefined,
    conformancePacks: (packs?.OrganizationConformancePacks ?? []).map(
      (p) => p.OrganizationConformancePackName ?? '',
    ),
  };
}

export async function discoverBaseline(
  factory: ClientFactory,
  snapshot: OrgSnapshot,
  callerAccountId: string,
  home: string,
  memberRoleName: string,
): Promise<Discovery> {
  const inAccount = memberSessions(factory, callerAccountId, memberRoleName);
  const enabled = (await quietly(() => enabledRegions(factory))) ?? [home];
  const facts = await regionalFacts(factory, enabled);
  const governed = facts.filter((f) => f.guardDuty || f.securityHub || f.records).map((f) => f.region);
  const regions = [home, ...governed.filter((r) => r !== home).sort()];
  const trails = await quietly(() =>
    factory.cloudTrail(home).send(new DescribeTrailsCommand({ includeShadowTrails: false })),
  );
  const trail = trails?.trailList?.find(
    (t) => t.IsOrganizationTrail && t.TrailARN?.includes(`:${callerAccountId}:`),
  );
  const homeFacts = facts.find((f) => f.region === home);
  const configBucket = homeFacts?.channelBucket;
  const wanted = [...new Set([trail?.S3BucketName, configBucket].filter((b): b is string => Boolean(b)))];
  const analyzerAccount = delegated(snapshot, 'access-analyzer.amazonaws.com');
  const sets = await quietly(() =>
    allPages(
      (NextToken) =>
        factory.cloudFormation(home).send(new ListStackSetsCommand({ Status: 'ACTIVE', NextToken })),
      (p) => p.Summaries,
      (p) => p.NextToken,
    ),
  );
  return {
    home,
    regions,
    trail,
    bucketOwners: await ownersOf(inAccount, snapshot, wanted, home),
    configBucket,
    globalResourcesRegion: facts.find((f) => f.global)?.region,
    ...(await configFacts(inAccount, snapshot, home)),
    analyzerAccount,
    stackSets: (sets ?? [])
      .filter((s) => s.PermissionModel === 'SERVICE_MANAGED')
      .map((s) => s.StackSetName ?? ''),
    guardDutyAdmin: homeFacts?.guardDuty,
    securityHubAdmin: homeFacts?.securityHub,
    notes: [],
  };
}

/** Everything the baseline reader should look at, from what discovery found. */
export function probeOf(d: Discovery, snapshot: OrgSnapshot, memberRoleName: string): DesiredBaseline {
  const name = (id: string) => snapshot.accounts.find((a) => a.id === id)?.name ?? id;
  const bucket = (bucketName: string, delivery: 'cloudtrail' | 'config'): DesiredBucket => ({
    name: bucketName,
    account: name(d.bucketOwners[bucketName] ?? ''),
    kmsKeyArn: undefined,
    expireAfterDays: undefined,
    accessLogsBucket: undefined,
    deliveries: [delivery],
  });
  const trailBucket = d.trail?.S3BucketName;
  const configAdmin = delegated(snapshot, 'config.amazonaws.com');
  return {
    regions: d.regions,
    homeRegion: d.home,
    memberRoleName,
    buckets: [
      ...(trailBucket && d.bucketOwners[trailBucket] ? [bucket(trailBucket, 'cloudtrail')] : []),
      ...(d.configBucket && d.configBucket !== trailBucket && d.bucketOwners[d.configBucket]
        ? [bucket(d.configBucket, 'config')]
        : []),
    ],
    trail: d.trail?.Name
      ? {
          name: d.trail.Name,
          bucket: trailBucket ?? '',
          kmsKeyArn: undefined,
          logFileValidation: true,
          cloudWatchLogs: undefined,
        }
      : undefined,
    config: configAdmin
      ? {
          delegatedAdministrator: name(configAdmin),
          bucket: d.configBucket ?? '',
          globalResourcesRegion: d.globalResourcesRegion ?? d.home,
          aggregator: { name: d.aggregator?.name ?? '', account: name(d.aggregator?.account ?? configAdmin) },
          conformancePacks: [],
        }
      : undefined,
    guardDuty: d.guardDutyAdmin
      ? { delegatedAdministrator: name(d.guardDutyAdmin), autoEnable: 'ALL', features: {}, filters: [] }
      : undefined,
    securityHub: d.securityHubAdmin
      ? { delegatedAdministrator: name(d.securityHubAdmin), policies: [] }
      : undefined,
    accessAnalyzer: d.analyzerAccount ? { account: name(d.analyzerAccount), analyzers: [] } : undefined,
    stackSets: d.stackSets.map((name) => ({
      name,
      description: '',
      template: '',
      parameters: {},
      capabilities: [],
      targets: [],
      regions: [],
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      preferences: {},
    })),
    accounts: {
      s3BlockPublicAccess: true,
      ebsEncryptionByDefault: true,
      alternateContacts: {
        SECURITY: { name: '', title: '', email: '', phone: '' },
        OPERATIONS: { name: '', title: '', email: '', phone: '' },
        BILLING: { name: '', title: '', email: '', phone: '' },
      },
    },
  };
}
