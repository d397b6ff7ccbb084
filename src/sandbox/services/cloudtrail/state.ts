/**
 * CloudTrail state: `account.services.cloudtrail[region].trails[name]` in the trail's owner account and
 * home region. Organization trails are owned by the management account (also when a delegated
 * administrator creates them), as AWS shows them.
 */
import type { AccountRecord } from '../../world.js';
import { peekRegional, regionalEntries, regionalState } from '../../shared/regional.js';

export const KEY = 'cloudtrail';

export interface Tag {
  Key: string;
  Value?: string;
}

export interface EventSelector {
  ReadWriteType?: 'ReadOnly' | 'WriteOnly' | 'All';
  IncludeManagementEvents?: boolean;
  DataResources?: Array<{ Type?: string; Values?: string[] }>;
  ExcludeManagementEventSources?: string[];
}

export interface AdvancedEventSelector {
  Name?: string;
  FieldSelectors: Array<Record<string, unknown> & { Field: string }>;
}

export interface TrailState {
  name: string;
  accountId: string;
  homeRegion: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  snsTopicName?: string;
  includeGlobalServiceEvents: boolean;
  isMultiRegionTrail: boolean;
  logFileValidationEnabled: boolean;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  kmsKeyId?: string;
  isOrganizationTrail: boolean;
  isLogging: boolean;
  startLoggingTime?: string;
  stopLoggingTime?: string;
  /** A delivery error the trail reports in GetTrailStatus (seeded; e.g. `AccessDenied`). */
  latestDeliveryError?: string;
  eventSelectors?: EventSelector[];
  advancedEventSelectors?: AdvancedEventSelector[];
  tags: Tag[];
  createdAt: string;
}

export interface TrailRegionState {
  trails: Record<string, TrailState>;
}

export function regionTrails(account: AccountRecord, region: string): TrailRegionState {
  return regionalState(account, KEY, region, () => ({ trails: {} }));
}

export function peekTrails(account: AccountRecord | undefined, region: string): TrailState[] {
  return Object.values(peekRegional<TrailRegionState>(account, KEY, region)?.trails ?? {});
}

/** Every trail the account owns, in every region. */
export function ownedTrails(account: AccountRecord | undefined): TrailState[] {
  return regionalEntries<TrailRegionState>(account, KEY).flatMap(([, s]) => Object.values(s.trails));
}

export function trailArn(trail: Pick<TrailState, 'accountId' | 'homeRegion' | 'name'>): string {
  return `arn:aws:cloudtrail:${trail.homeRegion}:${trail.accountId}:trail/${trail.name}`;
}

export const DEFAULT_EVENT_SELECTORS: EventSelector[] = [
  {
    ReadWriteType: 'All',
    IncludeManagementEvents: true,
    DataResources: [],
    ExcludeManagementEventSources: [],
  },
];
