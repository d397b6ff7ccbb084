/**
 * EC2's network and storage around instances: subnets, security groups (rules from CIDRs and from other
 * groups, another account's across a peering), EBS volumes with their encryption key; the regional
 * `network` member of world documents that seeds VPCs, subnets and groups by name, and the Describe
 * operations that answer them. Behaviour: SPEC.md.
 */
import { z } from 'zod';
import { cidrRange, inCidr, ipText } from '../../../util/cidr.js';
import { AwsError } from '../../errors.js';
import { optList, type Input } from '../../input.js';
import type { CallContext, Handler, Seeder } from '../../service.js';
import {
  ec2State,
  ec2View,
  ensureDefaultVpc,
  newId,
  type Ec2RegionState,
  type SecurityGroupRule,
  type SecurityGroupState,
  type SubnetState,
  type VolumeState,
} from './state.js';

const tagSet = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

export const subnetsOf = (state: Ec2RegionState) => state.subnets ?? {};
export const groupsOf = (state: Ec2RegionState) => state.securityGroups ?? {};
export const volumesOf = (state: Ec2RegionState) => state.volumes ?? {};

/**
 * The next free private address of a subnet for a new instance: AWS keeps the first four and the last
 * one of every subnet; the sandbox hands out the rest in order.
 */
export function nextPrivateIp(state: Ec2RegionState, subnet: SubnetState): string {
  const used = new Set(
    Object.values(state.instances)
      .filter((i) => i.subnetId === subnet.id && i.privateIp)
      .map((i) => i.privateIp!),
  );
  const [start, end] = cidrRange(subnet.cidr);
  for (let n = start + 4; n < end; n++) if (!used.has(ipText(n))) return ipText(n);
  throw new AwsError(
    'InsufficientFreeAddressesInSubnet',
    `There are not enough free addresses in subnet '${subnet.id}' to satisfy the requested number of instances.`,
  );
}

/** The default subnet of the default VPC in the region's first zone, made on first need. */
export function ensureDefaultSubnet(
  ctx: { world: Parameters<typeof ensureDefaultVpc>[0] },
  state: Ec2RegionState,
  region: string,
): SubnetState {
  const vpc = ensureDefaultVpc(ctx.world, state);
  const subnets = (state.subnets ??= {});
  const existing = Object.values(subnets).find((s) => s.vpcId === vpc.id);
  if (existing) return existing;
  const subnet: SubnetState = {
    id: newId(ctx.world, 'subnet'),
    vpcId: vpc.id,
    cidr: '172.31.0.0/20',
    availabilityZone: `${region}a`,
    tags: {},
  };
  subnets[subnet.id] = subnet;
  return subnet;
}

// ---------------------------------------------------------------------------------------------------
// Answers

function ruleXml(rule: SecurityGroupRule) {
  return {
    ipProtocol: rule.protocol,
    ...(rule.fromPort !== undefined ? { fromPort: rule.fromPort } : {}),
    ...(rule.toPort !== undefined ? { toPort: rule.toPort } : {}),
    groups: rule.groups.map((g) => ({ groupId: g.groupId, userId: g.userId })),
    ipRanges: rule.cidrs.map((cidrIp) => ({ cidrIp })),
    ipv6Ranges: [],
    prefixListIds: [],
  };
}

interface Filter {
  Name?: string;
  Value?: string[];
}

function filterBy<T>(input: Input, items: T[], fields: Record<string, (item: T) => string[]>): T[] {
  const filters = (optList(input, 'Filter') ?? []) as Filter[];
  return items.filter((item) =>
    filters.every((f) => {
      const field = f.Name?.startsWith('tag:') ? undefined : fields[f.Name ?? ''];
      if (f.Name?.startsWith('tag:')) {
        const tags = (item as { tags: Record<string, string> }).tags;
        return (f.Value ?? []).includes(tags[f.Name.slice(4)] ?? '\u0000');
      }
      if (!field) throw new AwsError('InvalidParameterValue', `The filter '${f.Name}' is invalid`);
      const values = field(item);
      return (f.Value ?? []).some((v) => values.includes(v));
    }),
  );
}

function byIds<T extends { id: string }>(
  all: Record<string, T>,
  ids: string[] | undefined,
  notFound: (id: string) => AwsError,
): T[] {
  for (const id of ids ?? []) if (!all[id]) throw notFound(id);
  return Object.values(all)
    .filter((x) => !ids?.length || ids.includes(x.id))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function networkOperations(view: (ctx: CallContext) => Ec2RegionState): Record<string, Handler> {
  return {
    DescribeSubnets: (ctx, input) => {
      const state = view(ctx);
      const list = filterBy(
        input,
        byIds(
          subnetsOf(state),
          optList(input, 'SubnetId') as string[] | undefined,
          (id) => new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`),
        ),
        {
          'vpc-id': (s) => [s.vpcId],
          'subnet-id': (s) => [s.id],
          'availability-zone': (s) => [s.availabilityZone],
        },
      );
      return {
        subnetSet: list.map((s) => ({
          subnetId: s.id,
          subnetArn: `arn:aws:ec2:${ctx.region}:${ctx.caller.accountId}:subnet/${s.id}`,
          vpcId: s.vpcId,
          ownerId: ctx.caller.accountId,
          state: 'available',
          cidrBlock: s.cidr,
          availabilityZone: s.availabilityZone,
          availableIpAddressCount: 2 ** (32 - Number(s.cidr.split('/')[1])) - 5,
          defaultForAz: state.vpcs[s.vpcId]?.isDefault ?? false,
          mapPublicIpOnLaunch: state.vpcs[s.vpcId]?.isDefault ?? false,
          tagSet: tagSet(s.tags),
        })),
      };
    },
    DescribeSecurityGroups: (ctx, input) => {
      const state = view(ctx);
      const list = filterBy(
        input,
        byIds(
          groupsOf(state),
          optList(input, 'GroupId') as string[] | undefined,
          (id) => new AwsError('InvalidGroup.NotFound', `The security group '${id}' does not exist`),
        ),
        { 'vpc-id': (g) => [g.vpcId], 'group-id': (g) => [g.id], 'group-name': (g) => [g.name] },
      );
      return {
        securityGroupInfo: list.map((g) => ({
          ownerId: ctx.caller.accountId,
          groupId: g.id,
          groupName: g.name,
          groupDescription: g.description,
          vpcId: g.vpcId,
          securityGroupArn: `arn:aws:ec2:${ctx.region}:${ctx.caller.accountId}:security-group/${g.id}`,
          ipPermissions: g.ingress.map(ruleXml),
          ipPermissionsEgress: g.egress.map(ruleXml),
          tagSet: tagSet(g.tags),
        })),
      };
    },
    DescribeVolumes: (ctx, input) => {
      const state = view(ctx);
      const list = filterBy(
        input,
        byIds(
          volumesOf(state),
          optList(input, 'VolumeId') as string[] | undefined,
          (id) => new AwsError('InvalidVolume.NotFound', `The volume '${id}' does not exist.`),
        ),
        {
          'attachment.instance-id': (v) => (v.attachment ? [v.attachment.instanceId] : []),
          'volume-id': (v) => [v.id],
          encrypted: (v) => [String(v.encrypted)],
        },
      );
      return {
        volumeSet: list.map((v: VolumeState) => ({
          volumeId: v.id,
          size: v.sizeGiB,
          volumeType: v.volumeType,
          availabilityZone: v.availabilityZone,
          status: v.attachment ? 'in-use' : 'available',
          createTime: new Date(0),
          encrypted: v.encrypted,
          ...(v.kmsKeyId ? { kmsKeyId: v.kmsKeyId } : {}),
          attachmentSet: v.attachment
            ? [
                {
                  volumeId: v.id,
                  instanceId: v.attachment.instanceId,
                  device: v.attachment.device,
                  status: 'attached',
                  deleteOnTermination: true,
                },
              ]
            : [],
          tagSet: tagSet(v.tags),
        })),
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Seeding

const CIDR = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d{1,2}$/;
const ruleSpec = z
  .object({
    protocol: z.enum(['tcp', 'udp', 'icmp', '-1']).default('tcp'),
    port: z.number().int().min(0).max(65535).optional(),
    toPort: z.number().int().min(0).max(65535).optional(),
    cidrs: z.array(z.string().regex(CIDR)).default([]),
    /** Group names of this document's region, or `<account id>/sg-…` of another account. */
    groups: z.array(z.string().min(1)).default([]),
  })
  .strict();
const networkSpec = z
  .object({
    vpcs: z
      .array(
        z
          .object({
            name: z.string().min(1),
            cidr: z.string().regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/(1[6-9]|2[0-8])$/),
            subnets: z
              .array(
                z
                  .object({
                    name: z.string().min(1),
                    cidr: z.string().regex(CIDR),
                    zone: z
                      .string()
                      .regex(/^[a-z]$/)
                      .default('a'),
                  })
                  .strict(),
              )
              .default([]),
          })
          .strict(),
      )
      .default([]),
    securityGroups: z
      .array(
        z
          .object({
            name: z.string().min(1).max(255),
            /** A VPC name of this document, or `default`. */
            vpc: z.string().default('default'),
            description: z.string().default(''),
            ingress: z.array(ruleSpec).default([]),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

/** Finds a VPC by its Name tag (or `default`); the seeder's error names what is missing. */
export function vpcNamed(state: Ec2RegionState, name: string) {
  const vpc = Object.values(state.vpcs).find((v) =>
    name === 'default' ? v.isDefault : v.tags.Name === name,
  );
  if (!vpc)
    throw new Error(`no VPC named '${name}' in this region (name one of the document's vpcs, or 'default')`);
  return vpc;
}

export function groupNamed(state: Ec2RegionState, name: string): SecurityGroupState {
  const group = Object.values(groupsOf(state)).find((g) => g.name === name || g.id === name);
  if (!group) throw new Error(`no security group named '${name}' in this region`);
  return group;
}

export const networkSeeder: Seeder<z.infer<typeof networkSpec>> = {
  key: 'network',
  schema: networkSpec,
  apply(ctx, spec) {
    const region = ctx.region!;
    const state = ec2State(ctx.account, region);
    ensureDefaultVpc(ctx.world, state);
    for (const v of spec.vpcs) {
      const id = newId(ctx.world, 'vpc');
      state.vpcs[id] = { id, cidr: v.cidr, isDefault: false, tags: { Name: v.name } };
      for (const s of v.subnets) {
        if (!inCidr(s.cidr.split('/')[0]!, v.cidr))
          throw new Error(`subnet ${s.name} (${s.cidr}) is not inside VPC ${v.name} (${v.cidr})`);
        const subnetId = newId(ctx.world, 'subnet');
        (state.subnets ??= {})[subnetId] = {
          id: subnetId,
          vpcId: id,
          cidr: s.cidr,
          availabilityZone: `${region}${s.zone}`,
          tags: { Name: s.name },
        };
      }
    }
    // Groups first, rules after: a rule may name a group seeded after it.
    const made: Array<[SecurityGroupState, z.infer<typeof ruleSpec>[]]> = [];
    for (const g of spec.securityGroups) {
      const id = newId(ctx.world, 'sg');
      const group: SecurityGroupState = {
        id,
        name: g.name,
        description: g.description || g.name,
        vpcId: vpcNamed(state, g.vpc).id,
        ingress: [],
        egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], groups: [] }],
        tags: { Name: g.name },
      };
      (state.securityGroups ??= {})[id] = group;
      made.push([group, g.ingress]);
    }
    for (const [group, rules] of made)
      group.ingress = rules.map((r) => ({
        protocol: r.protocol,
        ...(r.protocol === '-1' ? {} : { fromPort: r.port ?? 0, toPort: r.toPort ?? r.port ?? 65535 }),
        cidrs: r.cidrs,
        groups: r.groups.map((name) => {
          const slash = name.indexOf('/');
          if (slash > 0) return { userId: name.slice(0, slash), groupId: name.slice(slash + 1) };
          return { userId: ctx.account.id, groupId: groupNamed(state, name).id };
        }),
      }));
  },
};

/** For instance seeding and RunInstances: the subnet an instance goes into (by Name tag or id). */
export function subnetNamed(state: Ec2RegionState, name: string): SubnetState {
  const subnet = Object.values(subnetsOf(state)).find((s) => s.tags.Name === name || s.id === name);
  if (!subnet) throw new Error(`no subnet named '${name}' in this region`);
  return subnet;
}

export { ec2View };
