/**
 * AWS Config state per account and region: `account.services.config[region]`. Organization
 * conformance packs and organization rules belong to the organization: they are kept in the management
 * account's state for the region, also when the delegated administrator writes them.
 */
import type { AccountRecord } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';

export const KEY = 'config';

export interface RecorderState {
  name: string;
  roleARN: string;
  recordingGroup: Record<string, unknown>;
  recordingMode?: Record<string, unknown>;
  recording: boolean;
  lastStatus: 'Pending' | 'Success' | 'Failure';
  lastStartTime?: string;
  lastStopTime?: string;
  lastStatusChangeTime?: string;
}

export interface ChannelState {
  name: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  s3KmsKeyArn?: string;
  snsTopicARN?: string;
  configSnapshotDeliveryProperties?: { deliveryFrequency?: string };
  /** Seeded delivery outcome (`Failure` makes DescribeDeliveryChannelStatus report an error). */
  lastStatus: 'Success' | 'Failure';
}

export interface AggregatorState {
  name: string;
  arn: string;
  accountSources?: Array<{ AccountIds: string[]; AllAwsRegions?: boolean; AwsRegions?: string[] }>;
  organizationSource?: { RoleArn: string; AllAwsRegions?: boolean; AwsRegions?: string[] };
  createdAt: string;
  updatedAt: string;
}

export interface RuleState {
  name: string;
  arn: string;
  id: string;
  body: Record<string, unknown>;
}

export interface PackState {
  name: string;
  arn: string;
  id: string;
  deliveryS3Bucket?: string;
  deliveryS3KeyPrefix?: string;
  inputParameters?: Array<{ ParameterName: string; ParameterValue: string }>;
  updatedAt: string;
}

export interface OrgPackState extends Omit<PackState, 'id'> {
  excludedAccounts: string[];
}

export interface OrgRuleState {
  name: string;
  arn: string;
  body: Record<string, unknown>;
  excludedAccounts: string[];
  updatedAt: string;
}

export interface ConfigRegionState {
  recorders: Record<string, RecorderState>;
  channels: Record<string, ChannelState>;
  aggregators: Record<string, AggregatorState>;
  rules: Record<string, RuleState>;
  packs: Record<string, PackState>;
  orgPacks: Record<string, OrgPackState>;
  orgRules: Record<string, OrgRuleState>;
}

const empty = (): ConfigRegionState => ({
  recorders: {},
  channels: {},
  aggregators: {},
  rules: {},
  packs: {},
  orgPacks: {},
  orgRules: {},
});

export function configState(account: AccountRecord, region: string): ConfigRegionState {
  return regionalState(account, KEY, region, empty);
}

/** Read-only view: an empty state when the account never used Config in the region. */
export function peekConfig(account: AccountRecord | undefined, region: string): ConfigRegionState {
  return peekRegional<ConfigRegionState>(account, KEY, region) ?? empty();
}
