/**
 * EC2 state per account and region: `account.services.ec2[region]` — instances, VPCs (a default VPC is
 * created on first use, as every AWS region has one), and the account-level settings (block public access
 * for VPCs, AMIs and snapshots; EBS encryption by default).
 */
import { randomString, HEX } from '../../rng.js';
import type { AccountRecord, World } from '../../world.js';
import { peekRegional, regionalState } from '../account/shared/regional.js';

export const KEY = 'ec2';

export interface InstanceState {
  id: string;
  imageId: string;
  type: string;
  state: 'pending' | 'running' | 'shutting-down' | 'terminated';
  launchedAt: string;
  reservationId: string;
  vpcId: string;
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
  vpcBlockPublicAccess: 'off' | 'block-bidirectional' | 'block-ingress';
  imageBlockPublicAccess: 'unblocked' | 'block-new-sharing';
  snapshotBlockPublicAccess: 'unblocked' | 'block-all-sharing' | 'block-new-sharing';
  ebsEncryptionByDefault: boolean;
}

export function ec2State(world: World, account: AccountRecord, region: string): Ec2RegionState {
  const state = regionalState<Ec2RegionState>(account, KEY, region, () => ({
    instances: {},
    vpcs: {},
    vpcBlockPublicAccess: 'off',
    imageBlockPublicAccess: 'unblocked',
    snapshotBlockPublicAccess: 'unblocked',
    ebsEncryptionByDefault: false,
  }));
  if (!Object.values(state.vpcs).some((v) => v.isDefault)) {
    const id = newId(world, 'vpc');
    state.vpcs[id] = { id, cidr: '172.31.0.0/16', isDefault: true, tags: {} };
  }
  return state;
}

export function peekEc2(account: AccountRecord | undefined, region: string): Ec2RegionState | undefined {
  return peekRegional<Ec2RegionState>(account, KEY, region);
}

/** `i-0…` (17 hex digits), `vpc-…`, `r-…`: AWS's id forms, from the world's deterministic generator. */
export function newId(world: World, prefix: string): string {
  return `${prefix}-0${randomString(world, HEX, 16)}`;
}
