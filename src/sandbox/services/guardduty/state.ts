/**
 * GuardDuty state per account and region (`account.services.guardduty[region]`): the account's detector
 * (with its saved filters), its administrator (when it is a member), and, in the administrator account,
 * its members and the organization configuration. The delegated administrator of each region is
 * recorded in the management account's state for that region (`adminAccountId`).
 */
import type { AccountRecord, World } from '../../world.js';
import type { AutoEnableSetting } from '../../shared/auto-enable.js';
import { peekRegional, regionalEntries, regionalState } from '../../shared/regional.js';

export const KEY = 'guardduty';
export const GUARDDUTY_PRINCIPAL = 'guardduty.amazonaws.com';

export type Status = 'ENABLED' | 'DISABLED';
export type AutoEnable = 'ALL' | 'NEW' | 'NONE';

export interface DetectorState {
  id: string;
  status: Status;
  findingPublishingFrequency: string;
  features: Record<string, Status>;
  tags: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** Saved filters in rank order (rank = position + 1); absent in worlds saved before filters existed. */
  filters?: FilterState[];
}

/** A saved filter (suppression rule when its action is ARCHIVE); criteria as GetFilter shows them. */
export interface FilterState {
  name: string;
  description?: string;
  action: 'NOOP' | 'ARCHIVE';
  /** `findingCriteria` on the wire: field → condition, with the short condition keys already spelt long. */
  criterion: Record<string, FilterCondition>;
  tags: Record<string, string>;
}

export interface FilterCondition {
  equals?: string[];
  notEquals?: string[];
  greaterThan?: number;
  greaterThanOrEqual?: number;
  lessThan?: number;
  lessThanOrEqual?: number;
  matches?: string[];
  notMatches?: string[];
}

export interface MemberState {
  accountId: string;
  email: string;
  relationshipStatus: 'Created' | 'Invited' | 'Enabled' | 'Removed';
  invitedAt?: string;
  updatedAt: string;
}

export interface OrgConfigState {
  /** AutoEnableOrganizationMembers (`mode`), when it was set and the last pass (src/sandbox/shared/auto-enable.ts). */
  members: AutoEnableSetting;
  features: Record<string, AutoEnable>;
}

export interface GuardDutyRegionState {
  detector?: DetectorState;
  administratorId?: string;
  members: Record<string, MemberState>;
  orgConfig?: OrgConfigState;
  /** In the management account: the delegated administrator for this region. */
  adminAccountId?: string;
}

export function gdState(account: AccountRecord, region: string): GuardDutyRegionState {
  return regionalState(account, KEY, region, () => ({ members: {} }));
}

export function peekGd(account: AccountRecord | undefined, region: string): GuardDutyRegionState | undefined {
  return peekRegional<GuardDutyRegionState>(account, KEY, region);
}

/** Protection plans a new detector has, and whether they start on (AWS's API defaults). */
export const DEFAULT_FEATURES: Record<string, Status> = {
  CLOUD_TRAIL: 'ENABLED',
  DNS_LOGS: 'ENABLED',
  FLOW_LOGS: 'ENABLED',
  S3_DATA_EVENTS: 'ENABLED',
  EKS_AUDIT_LOGS: 'ENABLED',
  EBS_MALWARE_PROTECTION: 'DISABLED',
  RDS_LOGIN_EVENTS: 'ENABLED',
  LAMBDA_NETWORK_LOGS: 'ENABLED',
  RUNTIME_MONITORING: 'DISABLED',
};

/** Features that callers may configure (the foundational sources are always on). */
export const CONFIGURABLE_FEATURES = [
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
  'LAMBDA_NETWORK_LOGS',
  'EKS_RUNTIME_MONITORING',
  'RUNTIME_MONITORING',
] as const;

/**
 * An account that left its organization is disassociated from the organization's administrator in every
 * region; its detector stays on (and keeps billing), as AWS leaves it.
 */
export function disassociateLeaver(world: World, accountId: string): void {
  for (const [region, state] of regionalEntries<GuardDutyRegionState>(world.accounts[accountId], KEY)) {
    const admin = state.administratorId;
    if (!admin) continue;
    const adminState = peekGd(world.accounts[admin], region);
    if (adminState) delete adminState.members[accountId];
    delete state.administratorId;
  }
}
