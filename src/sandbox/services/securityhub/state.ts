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

/** The control settings a configuration policy applied in an account and region. */
export interface AppliedControlsState {
  policyId: string;
  /** Controls the policy disables (`DisabledSecurityControlIdentifiers`). */
  disabled?: string[];
  /** The only controls the policy enables (`EnabledSecurityControlIdentifiers`): all others are off. */
  enabledOnly?: string[];
}

export interface SecurityHubRegionState {
  hub?: HubState;
  /** The control settings of the configuration policy last applied here (kept when the policy goes). */
  controls?: AppliedControlsState;
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

/** The `SecurityHub` member of a configuration policy, as stored (and answered). */
export interface SecurityHubPolicyContent {
  ServiceEnabled: boolean;
  EnabledStandardIdentifiers?: string[];
  SecurityControlsConfiguration?: {
    EnabledSecurityControlIdentifiers?: string[];
    DisabledSecurityControlIdentifiers?: string[];
    SecurityControlCustomParameters?: unknown[];
  };
}

export interface ConfigurationPolicyState {
  id: string;
  arn: string;
  name: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
  /** Grows with every update, so accounts that applied an older version apply it again. */
  version: number;
  policy: SecurityHubPolicyContent;
  tags: Record<string, string>;
}

export const SELF_MANAGED = 'SELF_MANAGED_SECURITY_HUB';

export type TargetType = 'ACCOUNT' | 'ORGANIZATIONAL_UNIT' | 'ROOT';

/** A configuration (a policy id or {@link SELF_MANAGED}) applied directly to a target. */
export interface AssociationState {
  targetId: string;
  targetType: TargetType;
  policyId: string;
  updatedAt: string;
}

/**
 * Central configuration, kept by the delegated administrator (one per account, like the aggregator):
 * `account.services['securityhub-central']`. `revision` grows with every change of a policy or an
 * association; `seen` is what the last organization-wide pass saw (see central.ts).
 */
export interface CentralState {
  policies: Record<string, ConfigurationPolicyState>;
  /** Direct associations by target id. */
  associations: Record<string, AssociationState>;
  revision: number;
  seen?: string;
}

/**
 * What central configuration last applied to an account: `account.services['securityhub-managed']`. Its
 * `signature` names the policy version and the regions, so an unchanged account is skipped.
 */
export interface ManagedMarker {
  adminId: string;
  policyId: string;
  signature: string;
}

export function centralSlot(account: AccountRecord): CentralState {
  return serviceState(account, 'securityhub-central', () => ({
    policies: {},
    associations: {},
    revision: 0,
  }));
}

export function peekCentral(account: AccountRecord | undefined): CentralState | undefined {
  return account?.services['securityhub-central'] as CentralState | undefined;
}

export function peekManaged(account: AccountRecord | undefined): ManagedMarker | undefined {
  return account?.services['securityhub-managed'] as ManagedMarker | undefined;
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
