/**
 * Phase 2 of the audit read: what only the account itself can answer (docs/audit.md#how-it-reads). One
 * factory per account (credentials assumed once); regions read with bounded concurrency.
 */
import { ListRegionsCommand } from '@aws-sdk/client-account';
import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeInstancesCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcsCommand,
  GetImageBlockPublicAccessStateCommand,
  GetSnapshotBlockPublicAccessStateCommand,
} from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import {
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { DescribeHubCommand, GetEnabledStandardsCommand } from '@aws-sdk/client-securityhub';
import type { ClientFactory } from '../../aws/clients.js';
import { AwsCallError } from '../../errors/index.js';
import {
  got,
  type AccountEvidence,
  type ConfigRegion,
  type CredentialReportRow,
  type Got,
  type RegionEvidence,
  type Trail,
  type Workloads,
} from '../../model/evidence.js';
import { mapLimit } from '../../util/pool.js';
import { allPages, read } from './got.js';

export interface AccountReadPlan {
  accountId: string;
  isManagement: boolean;
  homeRegion: string;
  /** Regions to read (already intersected with `--regions` and SCP allow-lists by the caller). */
  regionFilter: (regions: string[]) => { scan: string[]; denied: string[] };
  /** Regions where no delegated administrator answers for GuardDuty / Security Hub. */
  guardDutyFallback: (region: string) => boolean;
  securityHubFallback: (region: string) => boolean;
  regionConcurrency: number;
  sleep: (ms: number) => Promise<void>;
}

export async function readAccount(factory: ClientFactory, plan: AccountReadPlan): Promise<AccountEvidence> {
  const [enabled, summary, rootVirtualMfa, credentialReport, s3AccountBlock, buckets, trails] =
    await Promise.all([
      read(() => enabledRegions(factory)),
      read(() => accountSummary(factory)),
      read(() => rootHasVirtualMfa(factory, plan.accountId)),
      read(() => credentialReportOf(factory, plan.sleep)),
      read(() => s3AccountBlockOf(factory, plan.accountId)),
      read(
        async () =>
          (await factory.s3(plan.homeRegion).send(new ListBucketsCommand({}))).Buckets?.map(
            (b) => b.Name ?? '',
          ) ?? [],
      ),
      read(() => trailsOf(factory, plan.homeRegion, true)),
    ]);
  let regions: Got<string[]> = enabled;
  let scpDeniedRegions: string[] = [];
  const byRegion: Record<string, RegionEvidence> = {};
  if (enabled.ok) {
    const { scan, denied } = plan.regionFilter(enabled.value);
    regions = got(scan);
    scpDeniedRegions = denied;
    const read = await mapLimit(scan, plan.regionConcurrency, (region) => readRegion(factory, region, plan));
    scan.forEach((region, i) => (byRegion[region] = read[i]!));
  }
  return {
    regions,
    scpDeniedRegions,
    summary,
    rootVirtualMfa,
    credentialReport,
    s3AccountBlock,
    buckets,
    trails,
    byRegion,
  };
}

export async function enabledRegions(factory: ClientFactory): Promise<string[]> {
  const client = factory.accountManagement();
  return (
    await allPages(
      (NextToken) =>
        client.send(
          new ListRegionsCommand({
            RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'],
            MaxResults: 50,
            ...(NextToken ? { NextToken } : {}),
          }),
        ),
      (p) => p.Regions,
      (p) => p.NextToken,
    )
  )
    .map((r) => r.RegionName ?? '')
    .filter(Boolean)
    .sort();
}

async function accountSummary(factory: ClientFactory) {
  const map = (await factory.iam().send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
  return {
    mfaEnabled: (map.AccountMFAEnabled ?? 0) > 0,
    passwordPresent: (map.AccountPasswordPresent ?? 0) > 0,
    accessKeysPresent: (map.AccountAccessKeysPresent ?? 0) > 0,
    signingCertificatesPresent: (map.AccountSigningCertificatesPresent ?? 0) > 0,
    users: map.Users ?? 0,
  };
}

async function rootHasVirtualMfa(factory: ClientFactory, accountId: string): Promise<boolean> {
  const client = factory.iam();
  const devices = await allPages(
    (Marker) =>
      client.send(
        new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', ...(Marker ? { Marker } : {}) }),
      ),
    (p) => p.VirtualMFADevices,
    (p) => (p.IsTruncated ? p.Marker : undefined),
  );
  return devices.some(
    (d) =>
      d.User?.Arn === `arn:aws:iam::${accountId}:root` ||
      d.SerialNumber?.endsWith(':mfa/root-account-mfa-device'),
  );
}

/** The credential report's CSV: generated until COMPLETE (backing off 0.5 s to 4 s), then fetched. */
export async function credentialReportCsv(
  factory: ClientFactory,
  sleep: (ms: number) => Promise<void>,
): Promise<string> {
  const client = factory.iam();
  for (let attempt = 0; ; attempt++) {
    const { State } = await client.send(new GenerateCredentialReportCommand({}));
    if (State === 'COMPLETE') break;
    if (attempt >= 20)
      throw new AwsCallError({
        service: 'iam',
        operation: 'GenerateCredentialReport',
        region: 'us-east-1',
        awsCode: 'ReportInProgress',
        message: 'the credential report did not complete',
      });
    await sleep(Math.min(500 * 2 ** attempt, 4000));
  }
  const out = await client.send(new GetCredentialReportCommand({}));
  return new TextDecoder().decode(out.Content ?? new Uint8Array());
}

async function credentialReportOf(
  factory: ClientFactory,
  sleep: (ms: number) => Promise<void>,
): Promise<CredentialReportRow[]> {
  return parseCredentialReport(await credentialReportCsv(factory, sleep));
}

/** The IAM credential report CSV (header line, one row per user, `<root_account>` first). */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  if (!header) return [];
  const columns = header.split(',');
  const date = (v: string | undefined) =>
    v && v !== 'N/A' && v !== 'no_information' && v !== 'not_supported' ? v : null;
  return lines.filter(Boolean).map((line) => {
    const cells = line.split(',');
    const at = (name: string) => cells[columns.indexOf(name)];
    return {
      user: at('user') ?? '',
      arn: at('arn') ?? '',
      passwordEnabled: at('password_enabled') === 'true',
      passwordLastUsed: date(at('password_last_used')),
      mfaActive: at('mfa_active') === 'true',
      accessKeys: [1, 2].map((n) => ({
        active: at(`access_key_${n}_active`) === 'true',
        lastRotated: date(at(`access_key_${n}_last_rotated`)),
        lastUsed: date(at(`access_key_${n}_last_used_date`)),
      })),
    };
  });
}

async function s3AccountBlockOf(factory: ClientFactory, accountId: string) {
  try {
    const c =
      (await factory.s3Control().send(new GetPublicAccessBlockCommand({ AccountId: accountId })))
        .PublicAccessBlockConfiguration ?? {};
    return {
      blockPublicAcls: c.BlockPublicAcls === true,
      ignorePublicAcls: c.IgnorePublicAcls === true,
      blockPublicPolicy: c.BlockPublicPolicy === true,
      restrictPublicBuckets: c.RestrictPublicBuckets === true,
    };
  } catch (error) {
    if (error instanceof AwsCallError && error.awsCode === 'NoSuchPublicAccessBlockConfiguration')
      return null;
    throw error;
  }
}

export async function trailsOf(
  factory: ClientFactory,
  region: string,
  includeShadowTrails: boolean,
): Promise<Trail[]> {
  const out = await factory.cloudTrail(region).send(new DescribeTrailsCommand({ includeShadowTrails }));
  return (out.trailList ?? []).map((t) => ({
    arn: t.TrailARN ?? '',
    name: t.Name ?? '',
    homeRegion: t.HomeRegion ?? region,
    isOrganizationTrail: t.IsOrganizationTrail === true,
    isMultiRegion: t.IsMultiRegionTrail === true,
    includeGlobalServiceEvents: t.IncludeGlobalServiceEvents === true,
    logFileValidation: t.LogFileValidationEnabled === true,
    kmsKeyId: t.KmsKeyId ?? null,
    s3BucketName: t.S3BucketName ?? null,
  }));
}

async function readRegion(
  factory: ClientFactory,
  region: string,
  plan: AccountReadPlan,
): Promise<RegionEvidence> {
  const ec2 = factory.ec2(region);
  const [config, vpc, image, snapshot] = await Promise.all([
    read(() => configOf(factory, region)),
    read(async () => {
      const o =
        (await ec2.send(new DescribeVpcBlockPublicAccessOptionsCommand({}))).VpcBlockPublicAccessOptions ??
        {};
      return {
        mode: o.InternetGatewayBlockMode ?? 'off',
        managedBy: o.ManagedBy ?? null,
        exclusionsAllowed: o.ExclusionsAllowed ?? null,
      };
    }),
    read(async () => {
      const o = await ec2.send(new GetImageBlockPublicAccessStateCommand({}));
      return { state: o.ImageBlockPublicAccessState ?? 'unblocked', managedBy: o.ManagedBy ?? null };
    }),
    read(async () => {
      const o = await ec2.send(new GetSnapshotBlockPublicAccessStateCommand({}));
      return { state: o.State ?? 'unblocked', managedBy: o.ManagedBy ?? null };
    }),
  ]);
  const evidence: RegionEvidence = { config, blockPublicAccess: { vpc, image, snapshot } };
  if (plan.guardDutyFallback(region)) evidence.guardDuty = await read(() => guardDutyOf(factory, region));
  if (plan.securityHubFallback(region))
    evidence.securityHub = await read(() => securityHubOf(factory, region));
  if (plan.isManagement) evidence.workloads = await read(() => workloadsOf(factory, region));
  return evidence;
}

async function configOf(factory: ClientFactory, region: string): Promise<ConfigRegion> {
  const client = factory.config(region);
  const [recorders, statuses, channels, channelStatuses] = await Promise.all([
    client.send(new DescribeConfigurationRecordersCommand({})),
    client.send(new DescribeConfigurationRecorderStatusCommand({})),
    client.send(new DescribeDeliveryChannelsCommand({})),
    client.send(new DescribeDeliveryChannelStatusCommand({})),
  ]);
  return {
    recorders: (recorders.ConfigurationRecorders ?? []).map((r) => {
      const status = statuses.ConfigurationRecordersStatus?.find((s) => s.name === r.name);
      return {
        name: r.name ?? 'default',
        roleArn: r.roleARN ?? '',
        allSupported: r.recordingGroup?.allSupported ?? true,
        includeGlobalResourceTypes: r.recordingGroup?.includeGlobalResourceTypes === true,
        servicePrincipal: r.servicePrincipal ?? null,
        recording: status?.recording === true,
        lastStatus: status?.lastStatus ?? null,
      };
    }),
    channels: (channels.DeliveryChannels ?? []).map((c) => {
      const status = channelStatuses.DeliveryChannelsStatus?.find((s) => s.name === c.name);
      return {
        name: c.name ?? 'default',
        s3BucketName: c.s3BucketName ?? null,
        historyStatus: status?.configHistoryDeliveryInfo?.lastStatus ?? null,
        snapshotStatus: status?.configSnapshotDeliveryInfo?.lastStatus ?? null,
      };
    }),
  };
}

async function guardDutyOf(factory: ClientFactory, region: string) {
  const client = factory.guardDuty(region);
  const ids = (await client.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
  for (const DetectorId of ids) {
    if ((await client.send(new GetDetectorCommand({ DetectorId }))).Status === 'ENABLED')
      return { enabled: true };
  }
  return { enabled: false };
}

export async function securityHubOf(factory: ClientFactory, region: string) {
  const client = factory.securityHub(region);
  try {
    await client.send(new DescribeHubCommand({}));
  } catch (error) {
    if (error instanceof AwsCallError && /InvalidAccess|ResourceNotFound/.test(error.awsCode))
      return { enabled: false, standards: [] };
    throw error;
  }
  const standards = await allPages(
    (NextToken) => client.send(new GetEnabledStandardsCommand({ ...(NextToken ? { NextToken } : {}) })),
    (p) => p.StandardsSubscriptions,
    (p) => p.NextToken,
  );
  return {
    enabled: true,
    standards: standards.filter((s) => s.StandardsStatus === 'READY').map((s) => s.StandardsArn ?? ''),
  };
}

async function workloadsOf(factory: ClientFactory, region: string): Promise<Workloads> {
  const ec2 = factory.ec2(region);
  const [instances, loadBalancers, functions, dbInstances, vpcs] = await Promise.all([
    allPages(
      (NextToken) =>
        ec2.send(new DescribeInstancesCommand({ MaxResults: 1000, ...(NextToken ? { NextToken } : {}) })),
      (p) =>
        (p.Reservations ?? [])
          .flatMap((r) => r.Instances ?? [])
          .filter((i) => i.State?.Name !== 'terminated')
          .map((i) => i.InstanceId ?? ''),
      (p) => p.NextToken,
    ),
    allPages(
      (Marker) =>
        factory.elbv2(region).send(new DescribeLoadBalancersCommand({ ...(Marker ? { Marker } : {}) })),
      (p) => (p.LoadBalancers ?? []).map((l) => l.LoadBalancerName ?? ''),
      (p) => p.NextMarker,
    ),
    allPages(
      (Marker) => factory.lambda(region).send(new ListFunctionsCommand({ ...(Marker ? { Marker } : {}) })),
      (p) => (p.Functions ?? []).map((f) => f.FunctionName ?? ''),
      (p) => p.NextMarker,
    ),
    allPages(
      (Marker) => factory.rds(region).send(new DescribeDBInstancesCommand({ ...(Marker ? { Marker } : {}) })),
      (p) => (p.DBInstances ?? []).map((d) => d.DBInstanceIdentifier ?? ''),
      (p) => p.Marker,
    ),
    allPages(
      (NextToken) => ec2.send(new DescribeVpcsCommand({ ...(NextToken ? { NextToken } : {}) })),
      (p) => (p.Vpcs ?? []).filter((v) => !v.IsDefault).map((v) => v.VpcId ?? ''),
      (p) => p.NextToken,
    ),
  ]);
  return { instances, loadBalancers, functions, dbInstances, vpcs };
}
