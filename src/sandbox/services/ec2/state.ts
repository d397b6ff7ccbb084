/**
 * EC2 state per account and region: `account.services.ec2[region]` — instances, VPCs (every region has a
 * default VPC, as in AWS) and the account-level settings (block public access for VPCs, AMIs and
 * snapshots; EBS encryption by default).
 *
 * Reads use {@link ec2View}, which stores nothing: a region no write has touched answers its initial
 * state, default VPC included. Writes use {@link ec2State}, which stores that same initial state on first
 * use. The default VPC's id is derived from the account and region, so a read before any write and the
 * write after it agree on it.
 */
import { createHash } from 'node:crypto';
import { randomString, HEX } from '../../rng.js';
import type { AccountRecord, World } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';

export const KEY = 'ec2';

export interface InstanceState {
  id: string;
  imageId: string;
  type: string;
  /**
   * Stored settled (`running`, `terminated`): RunInstances and TerminateInstances answer the transitional
   * state, every later call the settled one. `pending` and `shutting-down` only appear in older worlds and
   * are read as settled ({@link settledState}).
   */
  state: 'pending' | 'running' | 'shutting-down' | 'terminated';
  launchedAt: string;
  reservationId: string;
  vpcId: string;
  /** Absent on instances stored before subnets were modelled: the default VPC's first subnet then. */
  subnetId?: string;
  privateIp?: string;
  securityGroupIds?: string[];
  /** The EBS volumes attached (the root volume first). */
  volumeIds?: string[];
  tags: Record<string, string>;
}

export interface SubnetState {
  id: string;
  vpcId: string;
  cidr: string;
  availabilityZone: string;
  tags: Record<string, string>;
}

/** One rule of a security group: a protocol and port range, from CIDRs and/or other groups. */
export interface SecurityGroupRule {
  /** `tcp`, `udp`, `icmp` or `-1` (all). */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  /** Groups allowed, with their owner account (another account's across a peering). */
  groups: Array<{ groupId: string; userId: string }>;
}

export interface SecurityGroupState {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
  tags: Record<string, string>;
}

export interface VolumeState {
  id: string;
  sizeGiB: number;
  volumeType: string;
  availabilityZone: string;
  encrypted: boolean;
  /** The KMS key's ARN when encrypted. */
  kmsKeyId?: string;
  attachment?: { instanceId: string; device: string };
  tags: Record<string, string>;
}

export interface VpcState {
  id: string;
  cidr: string;
  isDefault: boolean;
  tags: Record<string, string>;
}

export interface Ec2RegionState {
  instances: Record<string, InstanceState>;
  vpcs: Record<string, VpcState>;
  /** Absent in worlds stored before they were modelled (read as empty). */
  subnets?: Record<string, SubnetState>;
  securityGroups?: Record<string, SecurityGroupState>;
  volumes?: Record<string, VolumeState>;
  vpcBlockPublicAccess: 'off' | 'block-bidirectional' | 'block-ingress';
  imageBlockPublicAccess: 'unblocked' | 'block-new-sharing';
  snapshotBlockPublicAccess: 'unblocked' | 'block-all-sharing' | 'block-new-sharing';
  ebsEncryptionByDefault: boolean;
}

export const DEFAULT_VPC_CIDR = '172.31.0.0/16';

/** The default VPC's id in `region` of `accountId`: `vpc-0…` like any other, but derived, not drawn. */
export function defaultVpcId(accountId: string, region: string): string {
  const digest = createHash('sha256').update(`ec2:default-vpc:${accountId}:${region}`).digest('hex');
  return `vpc-0${digest.slice(0, 16)}`;
}

export function defaultVpc(accountId: string, region: string): VpcState {
  return { id: defaultVpcId(accountId, region), cidr: DEFAULT_VPC_CIDR, isDefault: true, tags: {} };
}

/** A region's state before any write: its default VPC and every setting at AWS's default. */
function initialState(accountId: string, region: string): Ec2RegionState {
  const vpc = defaultVpc(accountId, region);
  return {
    instances: {},
    vpcs: { [vpc.id]: vpc },
    vpcBlockPublicAccess: 'off',
    imageBlockPublicAccess: 'unblocked',
    snapshotBlockPublicAccess: 'unblocked',
    ebsEncryptionByDefault: false,
  };
}

/** For writes: the region's state, stored (as {@link ec2View} shows it) on first use. */
export function ec2State(account: AccountRecord, region: string): Ec2RegionState {
  return regionalState<Ec2RegionState>(account, KEY, region, () => initialState(account.id, region));
}

/** For reads: the region's stored state, or its initial state when nothing was written; stores nothing. */
export function ec2View(world: World, accountId: string, region: string): Ec2RegionState {
  return (
    peekRegional<Ec2RegionState>(world.accounts[accountId], KEY, region) ?? initialState(accountId, region)
  );
}

/**
 * For writes that need the default VPC (RunInstances, seeded instances): the region's default VPC, made
 * again (as CreateDefaultVpc does, with a new id) when it was deleted.
 */
export function ensureDefaultVpc(world: World, state: Ec2RegionState): VpcState {
  const existing = Object.values(state.vpcs).find((v) => v.isDefault);
  if (existing) return existing;
  const vpc: VpcState = { id: newId(world, 'vpc'), cidr: DEFAULT_VPC_CIDR, isDefault: true, tags: {} };
  state.vpcs[vpc.id] = vpc;
  return vpc;
}

/** The state an instance shows: transitions finish by the call after the one that started them. */
export function settledState(state: InstanceState['state']): 'running' | 'terminated' {
  return state === 'pending' || state === 'running' ? 'running' : 'terminated';
}

/** `i-0…` (17 hex digits), `vpc-…`, `r-…`: AWS's id forms, from the world's deterministic generator. */
export function newId(world: World, prefix: string): string {
  return `${prefix}-0${randomString(world, HEX, 16)}`;
}
