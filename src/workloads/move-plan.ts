/**
 * A staged plan to move one application out of an account (the management account, usually) into
 * another of the organization: network (a VPC with a CIDR proven free, peered with the source), security
 * (the target's groups admitting the load balancer's group across the peering), images (AMIs of the
 * instances, shared with their keys, or copied under a key the target can use), data (database
 * snapshots shared), launch, traffic (an IP target group on the existing load balancer, weighted from 0 to
 * 100) and cleanup. Each stage lists its calls, what is checked after it, how it is rolled back, and what a
 * person decides. Pure: no I/O; refusals are thrown before any stage is planned.
 */
import { UsageError } from '../errors/index.js';
import { cidrsOverlap } from '../util/cidr.js';
import type { WlApplication, WorkloadsInventory } from '../model/workloads.js';
import { findApplication } from './inventory.js';

export const MOVE_PLAN_VERSION = 1;

export interface MoveStep {
  /** `source` or `target`: whose credentials make the call. */
  in: 'source' | 'target';
  /** The AWS operation, `service:Operation`. */
  call: string;
  detail: string;
}

export interface MoveStage {
  name: 'network' | 'security' | 'images' | 'data' | 'launch' | 'traffic' | 'cleanup';
  title: string;
  steps: MoveStep[];
  /** What is verified once the stage has run. */
  checks: string[];
  rollback: string[];
  /** What a person decides before (or after) the stage. */
  decision: string;
}

export interface MovePlan {
  version: typeof MOVE_PLAN_VERSION;
  application: string;
  region: string;
  source: { accountId: string; accountName: string; vpcId: string; cidr: string };
  target: { accountId: string; accountName: string; cidr: string };
  /** Instances to rebuild, with their private address today. */
  instances: Array<{ id: string; name: string; type: string; privateIp: string | undefined }>;
  noReboot: boolean;
  /** The customer-managed key the copies are encrypted with in the target (when the source's cannot be shared). */
  reencryptKey: string | undefined;
  stages: MoveStage[];
  warnings: string[];
}

export interface MovePlanRequest {
  inventory: WorkloadsInventory;
  app: string;
  target: { accountId: string; accountName: string };
  /** The target's VPC CIDRs in the region (a new one must not overlap them either). */
  targetCidrs: string[];
  /** The new VPC's CIDR; chosen when absent. */
  cidr?: string;
  noReboot?: boolean;
  /** A customer-managed KMS key ARN to re-encrypt copies with. */
  kmsKey?: string;
}

/** Whether two CIDR blocks share an address. */
export const overlaps = cidrsOverlap;

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The first /16 of 10.0.0.0/8 free of every CIDR given (AWS allows /16 to /28 for a VPC). */
export function freeCidr(taken: readonly string[]): string {
  for (let second = 0; second < 256; second++) {
    const candidate = `10.${second}.0.0/16`;
    if (!taken.some((c) => overlaps(c, candidate))) return candidate;
  }
  for (let third = 16; third < 32; third++) {
    const candidate = `172.${third}.0.0/16`;
    if (!taken.some((c) => overlaps(c, candidate))) return candidate;
  }
  throw new UsageError('no free /16 in 10.0.0.0/8 or 172.16.0.0/12: give --cidr');
}

/** AWS-managed keys (`alias/aws/…`) cannot be shared with another account. */
export function isAwsManagedKey(key: string): boolean {
  return /:alias\/aws\//.test(key) || /^alias\/aws\//.test(key);
}

function appVpc(inv: WorkloadsInventory, app: WlApplication) {
  const region = inv.regions.find((r) => r.region === app.region)!;
  const vpcId = app.vpcIds[0];
  const vpc = region.network.vpcs.find((v) => v.id === vpcId);
  if (!vpc)
    throw new UsageError(
      `application ${app.name} has no VPC in the inventory; it cannot be peered (read ${app.region} again)`,
    );
  return { region, vpc };
}

export function planMove(request: MovePlanRequest): MovePlan {
  const { inventory: inv, target } = request;
  const app = findApplication(inv.applications, request.app);
  if (!app)
    throw new UsageError(
      `--app ${request.app} is not an application of ${inv.accountName} (${inv.accountId}); one of: ${inv.applications.map((a) => a.name).join(', ') || 'none'} (orgward workloads inventory lists them)`,
    );
  if (target.accountId === inv.accountId)
    throw new UsageError(
      `--to ${target.accountName} is the account the application runs in: name another account`,
    );
  const { region, vpc } = appVpc(inv, app);
  const sourceCidrs = region.network.vpcs.map((v) => v.cidr);
  const taken = [...sourceCidrs, ...request.targetCidrs];
  let cidr = request.cidr;
  if (cidr !== undefined) {
    const m = CIDR.exec(cidr);
    if (!m || [1, 2, 3, 4].some((i) => Number(m[i]) > 255) || Number(m[5]) < 16 || Number(m[5]) > 28)
      throw new UsageError(`--cidr ${cidr} is not a VPC CIDR block from /16 to /28, such as 10.20.0.0/16`);
    const clash = taken.find((c) => overlaps(c, cidr!));
    if (clash)
      throw new UsageError(
        `--cidr ${cidr} overlaps ${clash} (${sourceCidrs.includes(clash) ? `a VPC of ${inv.accountName}` : `a VPC of ${target.accountName}`}); a peering between overlapping VPCs fails: give a free block, or leave --cidr out and one is chosen (${freeCidr(taken)})`,
      );
  } else cidr = freeCidr(taken);

  const volumes = region.volumes.filter((v) => app.volumeIds.includes(v.id));
  const databases = region.databases.filter((d) => app.databaseIds.includes(d.id));
  const unshareable = [
    ...volumes.flatMap((v) => (v.encrypted && v.kmsKeyId && isAwsManagedKey(v.kmsKeyId) ? [v.kmsKeyId] : [])),
    ...databases.flatMap((d) =>
      d.encrypted && d.kmsKeyId && isAwsManagedKey(d.kmsKeyId) ? [d.kmsKeyId] : [],
    ),
  ].filter((key, i, all) => all.indexOf(key) === i);
  if (
    request.kmsKey !== undefined &&
    (isAwsManagedKey(request.kmsKey) || !/^arn:aws[a-z-]*:kms:/.test(request.kmsKey))
  )
    throw new UsageError(
      `--kms-key ${request.kmsKey} cannot be used by another account: give the ARN of a customer-managed key whose policy lets ${target.accountName} (${target.accountId}) decrypt`,
    );
  if (unshareable.length > 0 && request.kmsKey === undefined)
    throw new UsageError(
      `${unshareable.join(', ')} ${unshareable.length === 1 ? 'is an AWS-managed key' : 'are AWS-managed keys'}: AWS does not share them with another account, so the AMIs or snapshots encrypted with them cannot move as they are; pass --kms-key <customer-managed key ARN> to copy them under a key ${target.accountName} may use`,
    );
  const sharedKeys = [...new Set(app.kmsKeyIds.filter((k) => !isAwsManagedKey(k)))];

  const instances = app.instanceIds
    .map((id) => region.instances.find((i) => i.id === id)!)
    .sort((a, b) => a.name.localeCompare(b.name));
  const lb = region.loadBalancers.find((l) => l.arn === app.loadBalancerArn);
  const lbGroups = lb?.securityGroupIds ?? [];
  const noReboot = request.noReboot ?? false;
  const warnings: string[] = [];
  if (noReboot)
    warnings.push(
      "NoReboot: the AMIs are taken from running instances; file systems may not be consistent (writes in flight are lost or half-written). Stop the application's writes first, or let the instances reboot.",
    );
  for (const ref of app.crossAccountGroups)
    warnings.push(
      `${ref.accountId}/${ref.groupId} is referenced already: check it still works after the move`,
    );
  if (!lb)
    warnings.push(
      `${app.name} is behind no load balancer: traffic moves by DNS, which the plan leaves to a person`,
    );

  const n = instances.length;
  const stages: MoveStage[] = [
    {
      name: 'network',
      title: `A VPC ${cidr} in ${target.accountName}, peered with ${vpc.name || vpc.id} (${vpc.cidr})`,
      steps: [
        { in: 'target', call: 'ec2:CreateVpc', detail: `${cidr} with DNS support and hostnames` },
        {
          in: 'target',
          call: 'ec2:CreateSubnet',
          detail: `one subnet per zone the instances use (${[...new Set(instances.map((i) => i.subnetId))].length})`,
        },
        {
          in: 'source',
          call: 'ec2:CreateVpcPeeringConnection',
          detail: `${vpc.id} → the new VPC, PeerOwnerId ${target.accountId}, PeerRegion ${app.region}`,
        },
        {
          in: 'target',
          call: 'ec2:AcceptVpcPeeringConnection',
          detail: 'within 7 days of the request (AWS expires it after that)',
        },
        {
          in: 'source',
          call: 'ec2:CreateRoute',
          detail: `${cidr} via the peering in the route tables of ${vpc.name || vpc.id}`,
        },
        {
          in: 'target',
          call: 'ec2:CreateRoute',
          detail: `${vpc.cidr} via the peering in the new route tables`,
        },
        {
          in: 'source',
          call: 'ec2:ModifyVpcPeeringConnectionOptions',
          detail: 'private DNS names resolve across the peering (both sides)',
        },
      ],
      checks: ['the peering is active', 'routes to the other side exist in both VPCs'],
      rollback: ['delete the routes, the peering connection, the subnets and the VPC in the target'],
      decision: `the CIDR ${cidr} (free of every VPC of both accounts in ${app.region}); how long the peering bridge may stay`,
    },
    {
      name: 'security',
      title: `Groups in ${target.accountName} that admit the load balancer's group across the peering`,
      steps: [
        ...lbGroups.map((g) => ({
          in: 'target' as const,
          call: 'ec2:AuthorizeSecurityGroupIngress',
          detail: `the new instances' group admits ${inv.accountId}/${g} (a peered group reference; same region only)`,
        })),
        ...(lbGroups.length === 0
          ? [
              {
                in: 'target' as const,
                call: 'ec2:AuthorizeSecurityGroupIngress',
                detail: `the new instances' group admits ${vpc.cidr}`,
              },
            ]
          : []),
        {
          in: 'source',
          call: 'ec2:AuthorizeSecurityGroupEgress',
          detail: `the load balancer's group may reach ${cidr}`,
        },
      ],
      checks: ['the rules exist and name the peered group'],
      rollback: ['revoke the rules'],
      decision:
        "sharing the group through RAM adds nothing across a peering (shared groups work only in shared subnets of the owner's VPC); the peered reference is used",
    },
    {
      name: 'images',
      title: `AMIs of ${n} instance${n === 1 ? '' : 's'}, shared with ${target.accountName}`,
      steps: [
        ...instances.map((i) => ({
          in: 'source' as const,
          call: 'ec2:CreateImage',
          detail: `${i.name || i.id} (${i.id}), NoReboot=${noReboot}`,
        })),
        ...(request.kmsKey
          ? [
              {
                in: 'source' as const,
                call: 'ec2:CopyImage',
                detail: `each AMI encrypted under ${request.kmsKey} (its source keys cannot be shared)`,
              },
            ]
          : []),
        {
          in: 'source',
          call: 'ec2:ModifyImageAttribute',
          detail: `LaunchPermission add ${target.accountId}`,
        },
        ...[...sharedKeys, ...(request.kmsKey ? [request.kmsKey] : [])].map((k) => ({
          in: 'source' as const,
          call: 'kms:CreateGrant',
          detail: `${k}: Decrypt, DescribeKey, CreateGrant, GenerateDataKey*, ReEncrypt* for ${target.accountId}`,
        })),
        {
          in: 'target',
          call: 'ec2:CopyImage',
          detail: 'the target owns its copy before the source image is deregistered',
        },
      ],
      checks: ['every AMI is available in the target', 'the target can describe and use each key'],
      rollback: [
        'deregister the copies in the target, remove the launch permission and the grants, deregister the source AMIs and delete their snapshots',
      ],
      decision: noReboot
        ? 'NoReboot was chosen: the images may not be consistent'
        : 'each instance reboots once while its image is taken (chosen for consistency; --no-reboot skips it at that risk)',
    },
    {
      name: 'data',
      title: databases.length
        ? `Database${databases.length === 1 ? '' : 's'} ${databases.map((d) => d.id).join(', ')}`
        : 'No database',
      steps: databases.flatMap((d) => [
        { in: 'source' as const, call: 'rds:CreateDBSnapshot', detail: `${d.id}` },
        ...(d.encrypted && d.kmsKeyId && !isAwsManagedKey(d.kmsKeyId)
          ? [
              {
                in: 'source' as const,
                call: 'kms:CreateGrant',
                detail: `${d.kmsKeyId} for ${target.accountId}`,
              },
            ]
          : d.encrypted
            ? [
                {
                  in: 'source' as const,
                  call: 'rds:CopyDBSnapshot',
                  detail: `under ${request.kmsKey ?? '?'}`,
                },
              ]
            : []),
        {
          in: 'source' as const,
          call: 'rds:ModifyDBSnapshotAttribute',
          detail: `restore permission for ${target.accountId}`,
        },
        {
          in: 'target' as const,
          call: 'rds:RestoreDBInstanceFromDBSnapshot',
          detail: `${d.id} in the new VPC`,
        },
      ]),
      checks: databases.length ? ['each database is available in the target'] : [],
      rollback: databases.length ? ['delete the restored databases and the shared snapshots'] : [],
      decision: databases.length
        ? 'when to stop writes: a snapshot is a point in time (a read replica keeps up, at more cost)'
        : 'nothing to decide',
    },
    {
      name: 'launch',
      title: `${n} instance${n === 1 ? '' : 's'} in ${target.accountName} from the copied AMIs`,
      steps: instances.map((i) => ({
        in: 'target' as const,
        call: 'ec2:RunInstances',
        detail: `${i.name || i.id}: ${i.type}, the copied AMI, the new subnet and group (was ${i.privateIp ?? 'no private address'})`,
      })),
      checks: ['every instance is running'],
      rollback: ['terminate the new instances'],
      decision:
        "instance profiles, user data, parameters and secrets the application reads must exist in the target first; its own checks are a person's",
    },
    {
      name: 'traffic',
      title: lb
        ? `${lb.name} forwards to the new instances, weight 0 → 100`
        : 'Traffic: by DNS, outside the plan',
      steps: lb
        ? [
            {
              in: 'source',
              call: 'elasticloadbalancing:CreateTargetGroup',
              detail: `TargetType=ip in ${vpc.id}`,
            },
            {
              in: 'source',
              call: 'elasticloadbalancing:RegisterTargets',
              detail: `the new instances' private IPs in ${cidr}, AvailabilityZone=all (outside the load balancer's VPC)`,
            },
            {
              in: 'source',
              call: 'elasticloadbalancing:ModifyListener',
              detail:
                'weighted forward: the current groups and the new one at 0, then 10, 50, 100 as the new targets stay healthy',
            },
          ]
        : [],
      checks: lb ? ['the new targets are healthy', 'the listener forwards to the new group only at 100'] : [],
      rollback: lb ? ['ModifyListener back to the original target groups'] : [],
      decision:
        "each weight step, on the application's own health; DNS and the load balancer itself move later (a load balancer cannot change accounts)",
    },
    {
      name: 'cleanup',
      title: `${inv.accountName} keeps no instance of ${app.name}`,
      steps: [
        ...(lb
          ? [
              {
                in: 'source' as const,
                call: 'elasticloadbalancing:DeregisterTargets',
                detail: 'the old instances from their target groups',
              },
            ]
          : []),
        ...instances.map((i) => ({
          in: 'source' as const,
          call: 'ec2:StopInstances',
          detail: `${i.name || i.id} (${i.id})`,
        })),
        ...instances.map((i) => ({
          in: 'source' as const,
          call: 'ec2:TerminateInstances',
          detail: `${i.name || i.id} (${i.id}), after the soak`,
        })),
      ],
      checks: [
        `no instance of ${app.name} runs in ${inv.accountName}`,
        "the audit's MGMT-01 passes once nothing else runs there",
      ],
      rollback: ['until terminated: start the old instances and ModifyListener back'],
      decision:
        'the soak before terminating (keep the AMIs and snapshots until the rollback window closes); remove the peering when the load balancer has moved too',
    },
  ];

  return {
    version: MOVE_PLAN_VERSION,
    application: app.name,
    region: app.region,
    source: { accountId: inv.accountId, accountName: inv.accountName, vpcId: vpc.id, cidr: vpc.cidr },
    target: { accountId: target.accountId, accountName: target.accountName, cidr },
    instances: instances.map((i) => ({ id: i.id, name: i.name, type: i.type, privateIp: i.privateIp })),
    noReboot,
    reencryptKey: request.kmsKey,
    stages,
    warnings,
  };
}
