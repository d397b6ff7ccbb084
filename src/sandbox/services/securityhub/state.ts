/**
 * Security Hub state per account and region (`account.services.securityhub[region]`): the hub, its
 * standards subscriptions, its members (administrator side), the organization configuration and, in
 * the management account, the region's delegated administrator. The finding aggregator is one per
 * account (it lives in its aggregation region): `account.services['securityhub-aggregator']`.
 */
import { serviceState, type AccountRecord } from '../../world.js';
import type { AutoEnableSetting } from '../../shared/auto-enable.js';
import { peekRegional, regionalState } from '../../shared/regional.js';

export const KEY = 'securityhub';
export const SECURITYHUB_PRINCIPAL = 'securityhub.amazonaws.com';

export interface HubState {
  subscribedAt: string;
  autoEnableControls: boolean;
  controlFindingGenerator: 'STANDARD_CONTROL' | 'SECURITY_CONTROL';
  /** Standards subscriptions by subscription ARN. */
  standards: Record<string, { standardsArn: string; input: Record<string, string> }>;
}

export interface MemberState {
  accountId: string;
  email?: string;
  status: 'Created' | 'Invited' | 'Enabled' | 'Removed';
  invitedAt?: string;
  updatedAt: string;
}

export interface OrgConfigState {
  /** AutoEnable as an auto-enable setting: `NEW` when on (src/sandbox/shared/auto-enable.ts). */
  members: AutoEnableSetting;
  autoEnableStandards: 'NONE' | 'DEFAULT';
  configurationType: 'LOCAL' | 'CENTRAL';
}

export interface SecurityHubRegionState {
  hub?: HubState;
  administratorId?: string;
  members: Record<string, MemberState>;
  orgConfig?: OrgConfigState;
  adminAccountId?: string;
}

export interface AggregatorState {
  arn: string;
  region: string;
  mode: string;
  regions: string[];
}

export function hubState(account: AccountRecord, region: string): SecurityHubRegionState {
  return regionalState(account, KEY, region, () => ({ members: {} }));
}

export function peekHub(
  account: AccountRecord | undefined,
  region: string,
): SecurityHubRegionState | undefined {
  return peekRegional<SecurityHubRegionState>(account, KEY, region);
}

export function aggregatorSlot(account: AccountRecord): { aggregator?: AggregatorState } {
  return serviceState(account, 'securityhub-aggregator', () => ({}));
}

/** Read-only view of the account's finding aggregator (reads do not create the slot). */
export function peekAggregator(account: AccountRecord | undefined): AggregatorState | undefined {
  return (account?.services['securityhub-aggregator'] as { aggregator?: AggregatorState } | undefined)
    ?.aggregator;
}
