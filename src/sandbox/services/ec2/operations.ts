/**
 * EC2 (ec2 query protocol, wire names in lowerCamel): regions, instances, VPCs, the block-public-access
 * settings for VPCs, AMIs and snapshots (an EC2 declarative policy overrides them: declarative.ts), and
 * EBS encryption by default.
 */
import { AwsError } from '../../errors.js';
import { optInt, optList, optString, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { DEFAULT_REGIONS, ensureAccount, type World } from '../../world.js';
import { declaredEc2 } from './declarative.js';
import { ensureDefaultSubnet, groupsOf, networkOperations, nextPrivateIp, subnetsOf } from './network.js';
import {
  ec2State,
  ec2View,
  ensureDefaultVpc,
  newId,
  settledState,
  type Ec2RegionState,
  type InstanceState,
  type SecurityGroupState,
  type SubnetState,
  type VolumeState,
} from './state.js';

/** Opt-in regions AWS offers beyond the default ones (DescribeRegions AllRegions=true). */
const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'eu-south-1',
  'eu-central-2',
  'me-south-1',
  'il-central-1',
];

/** The regions the caller's account has enabled (an account the world does not hold yet: the default ones). */
function enabledRegions(ctx: CallContext): readonly string[] {
  return ctx.world.accounts[ctx.caller.accountId]?.enabledRegions ?? DEFAULT_REGIONS;
}

function requireEnabledRegion(ctx: CallContext): void {
  if (!enabledRegions(ctx).includes(ctx.region))
    throw new AwsError(
      'OptInRequired',
      `You are not subscribed to this service in ${ctx.region}. Enable the region first.`,
      {
        status: 401,
      },
    );
}

/** For writes: the caller's state in the call's region, stored on first use. */
function regionState(ctx: CallContext): Ec2RegionState {
  requireEnabledRegion(ctx);
  return ec2State(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
}

/** For reads: the same state, without storing anything (a region never written answers its defaults). */
function regionView(ctx: CallContext): Ec2RegionState {
  requireEnabledRegion(ctx);
  return ec2View(ctx.world, ctx.caller.accountId, ctx.region);
}

interface Filter {
  Name?: string;
  Value?: string[];
}

function filters(input: Input): Filter[] {
  return (optList(input, 'Filter') ?? []) as Filter[];
}

const tagSet = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

function tagsFromSpecs(input: Input, resourceType: string): Record<string, string> {
  const specs = (optList(input, 'TagSpecification') ?? []) as Array<{
    ResourceType?: string;
    Tag?: Array<{ Key?: string; Value?: string }>;
  }>;
  const tags: Record<string, string> = {};
  for (const spec of specs)
    if (spec.ResourceType === resourceType)
      for (const t of spec.Tag ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
  return tags;
}

const STATE_CODES = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48 } as const;

function matches(instance: InstanceState, f: Filter): boolean {
  const values = f.Value ?? [];
  if (f.Name === 'instance-state-name') return values.includes(settledState(instance.state));
  if (f.Name === 'instance-id') return values.includes(instance.id);
  if (f.Name === 'vpc-id') return values.includes(instance.vpcId);
  if (f.Name?.startsWith('tag:')) return values.includes(instance.tags[f.Name.slice(4)] ?? '\u0000');
  throw new AwsError('InvalidParameterValue', `The filter '${f.Name}' is invalid`);
}

/** An instance as answered; `state` overrides the stored one (RunInstances answers `pending`). */
function instanceXml(
  region: Ec2RegionState,
  i: InstanceState,
  state: InstanceState['state'] = settledState(i.state),
) {
  const subnet = i.subnetId ? subnetsOf(region)[i.subnetId] : undefined;
  const groups = (i.securityGroupIds ?? []).map((id) => ({
    groupId: id,
    groupName: groupsOf(region)[id]?.name ?? id,
  }));
  const live = state !== 'terminated';
  return {
    instanceId: i.id,
    imageId: i.imageId,
    instanceType: i.type,
    instanceState: { code: STATE_CODES[state], name: state },
    launchTime: new Date(i.launchedAt),
    vpcId: i.vpcId,
    ...(subnet && live
      ? { subnetId: subnet.id, placement: { availabilityZone: subnet.availabilityZone } }
      : {}),
    ...(i.privateIp && live ? { privateIpAddress: i.privateIp } : {}),
    groupSet: live ? groups : [],
    ...(i.volumeIds?.length && live
      ? {
          rootDeviceName: '/dev/xvda',
          rootDeviceType: 'ebs',
          blockDeviceMapping: i.volumeIds.map((volumeId, n) => ({
            deviceName: n === 0 ? '/dev/xvda' : `/dev/xvd${String.fromCharCode(98 + n - 1)}`,
            ebs: { volumeId, status: 'attached', deleteOnTermination: true },
          })),
        }
      : {}),
    tagSet: tagSet(i.tags),
  };
}

/**
 * An instance's network place and root volume, as RunInstances and the `instances` seeder give them: the
 * subnet (the default VPC's when none is named), the next private address there, the security groups
 * (the VPC's `default` group when none), and its volumes (encrypted when asked, or when EBS encryption by
 * default is on, with the account's `aws/ebs` key unless one is named).
 */
export function placeInstance(
  world: World,
  account: string,
  region: string,
  state: Ec2RegionState,
  instance: InstanceState,
  options: {
    subnet?: SubnetState;
    groupIds?: string[];
    volumes?: Array<{ sizeGiB: number; encrypted?: boolean; kmsKeyId?: string }>;
  },
): void {
  const subnet = options.subnet ?? ensureDefaultSubnet({ world }, state, region);
  instance.vpcId = subnet.vpcId;
  instance.subnetId = subnet.id;
  instance.privateIp = nextPrivateIp(state, subnet);
  instance.securityGroupIds = options.groupIds?.length
    ? options.groupIds
    : [defaultGroup(world, account, state, subnet.vpcId).id];
  const volumes = (state.volumes ??= {});
  instance.volumeIds = (options.volumes?.length ? options.volumes : [{ sizeGiB: 8 }]).map((spec, n) => {
    const encrypted = spec.encrypted ?? state.ebsEncryptionByDefault;
    const volume: VolumeState = {
      id: newId(world, 'vol'),
      sizeGiB: spec.sizeGiB,
      volumeType: 'gp3',
      availabilityZone: subnet.availabilityZone,
      encrypted,
      ...(encrypted ? { kmsKeyId: spec.kmsKeyId ?? `arn:aws:kms:${region}:${account}:alias/aws/ebs` } : {}),
      attachment: {
        instanceId: instance.id,
        device: n === 0 ? '/dev/xvda' : `/dev/xvd${String.fromCharCode(98 + n - 1)}`,
      },
      tags: {},
    };
    volumes[volume.id] = volume;
    return volume.id;
  });
}

/** The VPC's `default` security group, made on first need. */
function defaultGroup(
  world: World,
  account: string,
  state: Ec2RegionState,
  vpcId: string,
): SecurityGroupState {
  const groups = (state.securityGroups ??= {});
  const found = Object.values(groups).find((g) => g.vpcId === vpcId && g.name === 'default');
  if (found) return found;
  const group: SecurityGroupState = {
    id: newId(world, 'sg'),
    name: 'default',
    description: 'default VPC security group',
    vpcId,
    ingress: [],
    egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], groups: [] }],
    tags: {},
  };
  group.ingress = [{ protocol: '-1', cidrs: [], groups: [{ groupId: group.id, userId: account }] }];
  groups[group.id] = group;
  return group;
}

function vpcOptions(ctx: CallContext, state: Ec2RegionState) {
  const declared = declaredEc2(ctx.world, ctx.caller.accountId);
  return {
    awsAccountId: ctx.caller.accountId,
    awsRegion: ctx.region,
    state: 'update-complete',
    internetGatewayBlockMode: declared.vpcMode ?? state.vpcBlockPublicAccess,
    ...(declared.vpcMode
      ? {
          managedBy: 'declarative-policy',
          exclusionsAllowed: declared.exclusionsAllowed === 'disabled' ? 'not-allowed' : 'allowed',
        }
      : { managedBy: 'account' }),
  };
}

export const ec2Operations: Record<string, Handler> = {
  ...networkOperations(regionView),
  DescribeRegions: (ctx, input) => {
    const enabled = enabledRegions(ctx);
    const all = optString(input, 'AllRegions') === 'true';
    const names = optList(input, 'RegionName') as string[] | undefined;
    const known = [...new Set([...DEFAULT_REGIONS, ...OPT_IN_REGIONS, ...enabled])];
    const regions = known
      .filter((r) => all || enabled.includes(r))
      .filter((r) => !names?.length || names.includes(r))
      .sort();
    return {
      regionInfo: regions.map((r) => ({
        regionName: r,
        regionEndpoint: `ec2.${r}.amazonaws.com`,
        optInStatus: (DEFAULT_REGIONS as readonly string[]).includes(r)
          ? 'opt-in-not-required'
          : enabled.includes(r)
            ? 'opted-in'
            : 'not-opted-in',
      })),
    };
  },
  RunInstances: (ctx, input) => {
    const state = regionState(ctx);
    const imageId = optString(input, 'ImageId') ?? '';
    if (!/^ami-[0-9a-f]{8,17}$/.test(imageId))
      throw new AwsError('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
    const min = optInt(input, 'MinCount', { min: 1 }) ?? 1;
    const max = optInt(input, 'MaxCount', { min: 1 }) ?? min;
    if (max < min)
      throw new AwsError('InvalidParameterValue', 'MaxCount must be greater than or equal to MinCount');
    const vpcId = ensureDefaultVpc(ctx.world, state).id;
    const subnetId = optString(input, 'SubnetId');
    const subnet = subnetId ? subnetsOf(state)[subnetId] : undefined;
    if (subnetId && !subnet)
      throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`);
    const groupIds = (optList(input, 'SecurityGroupId') ?? []) as string[];
    for (const id of groupIds) {
      const group = groupsOf(state)[id];
      if (!group) throw new AwsError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
      if (group.vpcId !== (subnet?.vpcId ?? vpcId))
        throw new AwsError(
          'InvalidParameter',
          `Security group ${id} and subnet ${subnet?.id ?? 'of the default VPC'} belong to different networks.`,
        );
    }
    const reservationId = newId(ctx.world, 'r');
    const tags = tagsFromSpecs(input, 'instance');
    const created: InstanceState[] = [];
    for (let n = 0; n < max; n++) {
      const instance: InstanceState = {
        id: newId(ctx.world, 'i'),
        imageId,
        type: optString(input, 'InstanceType') ?? 'm1.small',
        // Running from the next call on; this answer shows it pending.
        state: 'running',
        launchedAt: ctx.now.toISOString(),
        reservationId,
        vpcId,
        tags,
      };
      placeInstance(ctx.world, ctx.caller.accountId, ctx.region, state, instance, {
        ...(subnet ? { subnet } : {}),
        groupIds,
      });
      state.instances[instance.id] = instance;
      created.push(instance);
    }
    return {
      reservationId,
      ownerId: ctx.caller.accountId,
      groupSet: [],
      instancesSet: created.map((i) => instanceXml(state, i, 'pending')),
    };
  },
  DescribeInstances: (ctx, input) => {
    const state = regionView(ctx);
    const ids = optList(input, 'InstanceId') as string[] | undefined;
    for (const id of ids ?? []) {
      if (!/^i-[0-9a-f]{8,17}$/.test(id))
        throw new AwsError('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
      if (!state.instances[id])
        throw new AwsError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    }
    const size = optInt(input, 'MaxResults', { min: 5, max: 1000 });
    if (size !== undefined && ids?.length)
      throw new AwsError(
        'InvalidParameterCombination',
        'The parameter instancesSet cannot be used with the parameter maxResults',
      );
    const list = Object.values(state.instances)
      .filter((i) => !ids?.length || ids.includes(i.id))
      .filter((i) => filters(input).every((f) => matches(i, f)))
      .sort((a, b) => a.id.localeCompare(b.id));
    const page = ctx.page(
      list,
      optString(input, 'NextToken'),
      size,
      `ec2:instances:${ctx.caller.accountId}:${ctx.region}`,
      {
        defaultSize: 1000,
        max: 1000,
        invalidToken: () => new AwsError('InvalidParameterValue', 'Invalid value for NextToken'),
      },
    );
    const byReservation = new Map<string, InstanceState[]>();
    for (const i of page.items)
      byReservation.set(i.reservationId, [...(byReservation.get(i.reservationId) ?? []), i]);
    return {
      reservationSet: [...byReservation].map(([reservationId, instances]) => ({
        reservationId,
        ownerId: ctx.caller.accountId,
        groupSet: [],
        instancesSet: instances.map((i) => instanceXml(state, i)),
      })),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  },
  TerminateInstances: (ctx, input) => {
    const state = regionState(ctx);
    const ids = (optList(input, 'InstanceId') ?? []) as string[];
    if (!ids.length)
      throw new AwsError('MissingParameter', 'The request must contain the parameter InstanceId');
    const missing = ids.find((id) => !state.instances[id]);
    if (missing)
      throw new AwsError('InvalidInstanceID.NotFound', `The instance ID '${missing}' does not exist`);
    return {
      instancesSet: ids.map((id) => {
        const i = state.instances[id]!;
        const previous = settledState(i.state);
        // Terminated from the next call on; this answer shows it shutting down.
        const current = previous === 'terminated' ? 'terminated' : 'shutting-down';
        i.state = 'terminated';
        return {
          instanceId: id,
          previousState: { code: STATE_CODES[previous], name: previous },
          currentState: { code: STATE_CODES[current], name: current },
        };
      }),
    };
  },
  DescribeVpcs: (ctx, input) => {
    const state = regionView(ctx);
    const ids = optList(input, 'VpcId') as string[] | undefined;
    for (const id of ids ?? [])
      if (!state.vpcs[id]) throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
    const list = Object.values(state.vpcs)
      .filter((v) => !ids?.length || ids.includes(v.id))
      .filter((v) =>
        filters(input).every((f) => {
          if (f.Name === 'isDefault' || f.Name === 'is-default')
            return (f.Value ?? []).includes(String(v.isDefault));
          if (f.Name === 'vpc-id') return (f.Value ?? []).includes(v.id);
          throw new AwsError('InvalidParameterValue', `The filter '${f.Name}' is invalid`);
        }),
      );
    return {
      vpcSet: list.map((v) => ({
        vpcId: v.id,
        ownerId: ctx.caller.accountId,
        state: 'available',
        cidrBlock: v.cidr,
        dhcpOptionsId: 'default',
        instanceTenancy: 'default',
        isDefault: v.isDefault,
        tagSet: tagSet(v.tags),
      })),
    };
  },
  CreateVpc: (ctx, input) => {
    const state = regionState(ctx);
    const cidr = optString(input, 'CidrBlock') ?? '';
    if (!/^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-8])$/.test(cidr))
      throw new AwsError('InvalidVpc.Range', `The CIDR '${cidr}' is invalid.`);
    const id = newId(ctx.world, 'vpc');
    state.vpcs[id] = { id, cidr, isDefault: false, tags: tagsFromSpecs(input, 'vpc') };
    return {
      vpc: {
        vpcId: id,
        ownerId: ctx.caller.accountId,
        state: 'available',
        cidrBlock: cidr,
        isDefault: false,
        instanceTenancy: 'default',
      },
    };
  },
  DeleteVpc: (ctx, input) => {
    const state = regionState(ctx);
    const id = optString(input, 'VpcId') ?? '';
    if (!state.vpcs[id]) throw new AwsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`);
    if (Object.values(state.instances).some((i) => i.vpcId === id && settledState(i.state) !== 'terminated'))
      throw new AwsError('DependencyViolation', `The vpc '${id}' has dependencies and cannot be deleted.`);
    delete state.vpcs[id];
    return {};
  },
  DescribeVpcBlockPublicAccessOptions: (ctx) => ({
    vpcBlockPublicAccessOptions: vpcOptions(ctx, regionView(ctx)),
  }),
  ModifyVpcBlockPublicAccessOptions: (ctx, input) => {
    const state = regionState(ctx);
    const mode = optString(input, 'InternetGatewayBlockMode');
    if (mode !== 'off' && mode !== 'block-bidirectional' && mode !== 'block-ingress')
      throw new AwsError(
        'InvalidParameterValue',
        `Value (${mode}) for parameter InternetGatewayBlockMode is invalid.`,
      );
    state.vpcBlockPublicAccess = mode;
    return { vpcBlockPublicAccessOptions: vpcOptions(ctx, state) };
  },
  GetImageBlockPublicAccessState: (ctx) => {
    const declared = declaredEc2(ctx.world, ctx.caller.accountId).imageState;
    return {
      imageBlockPublicAccessState: declared ?? regionView(ctx).imageBlockPublicAccess,
      managedBy: declared ? 'declarative-policy' : 'account',
    };
  },
  EnableImageBlockPublicAccess: (ctx, input) => {
    if (optString(input, 'ImageBlockPublicAccessState') !== 'block-new-sharing')
      throw new AwsError('InvalidParameterValue', 'ImageBlockPublicAccessState must be block-new-sharing');
    regionState(ctx).imageBlockPublicAccess = 'block-new-sharing';
    return { imageBlockPublicAccessState: 'block-new-sharing' };
  },
  DisableImageBlockPublicAccess: (ctx) => {
    regionState(ctx).imageBlockPublicAccess = 'unblocked';
    return { imageBlockPublicAccessState: 'unblocked' };
  },
  GetSnapshotBlockPublicAccessState: (ctx) => {
    const declared = declaredEc2(ctx.world, ctx.caller.accountId).snapshotState;
    return {
      state: declared ?? regionView(ctx).snapshotBlockPublicAccess,
      managedBy: declared ? 'declarative-policy' : 'account',
    };
  },
  EnableSnapshotBlockPublicAccess: (ctx, input) => {
    const value = optString(input, 'State');
    if (value !== 'block-all-sharing' && value !== 'block-new-sharing')
      throw new AwsError('InvalidParameterValue', 'State must be block-all-sharing or block-new-sharing');
    regionState(ctx).snapshotBlockPublicAccess = value;
    return { state: value };
  },
  DisableSnapshotBlockPublicAccess: (ctx) => {
    regionState(ctx).snapshotBlockPublicAccess = 'unblocked';
    return { state: 'unblocked' };
  },
  GetEbsEncryptionByDefault: (ctx) => ({
    ebsEncryptionByDefault: regionView(ctx).ebsEncryptionByDefault,
    sseType: 'sse-ebs',
  }),
  EnableEbsEncryptionByDefault: (ctx) => {
    regionState(ctx).ebsEncryptionByDefault = true;
    return { ebsEncryptionByDefault: true };
  },
  DisableEbsEncryptionByDefault: (ctx) => {
    regionState(ctx).ebsEncryptionByDefault = false;
    return { ebsEncryptionByDefault: false };
  },
};
