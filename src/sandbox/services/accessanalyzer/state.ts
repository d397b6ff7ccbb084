/** IAM Access Analyzer state per account and region: `account.services.accessanalyzer[region].analyzers[name]`. */
import type { AccountRecord } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';

const KEY = 'accessanalyzer';

export const ANALYZER_TYPES = [
  'ACCOUNT',
  'ORGANIZATION',
  'ACCOUNT_UNUSED_ACCESS',
  'ORGANIZATION_UNUSED_ACCESS',
] as const;
export type AnalyzerType = (typeof ANALYZER_TYPES)[number];

export interface AnalyzerState {
  name: string;
  arn: string;
  type: AnalyzerType;
  createdAt: string;
  tags: Record<string, string>;
  unusedAccessAge?: number;
}

interface RegionState {
  analyzers: Record<string, AnalyzerState>;
}

export function analyzerState(account: AccountRecord, region: string): RegionState {
  return regionalState(account, KEY, region, () => ({ analyzers: {} }));
}

export function peekAnalyzers(
  account: AccountRecord | undefined,
  region: string,
): Record<string, AnalyzerState> {
  return peekRegional<RegionState>(account, KEY, region)?.analyzers ?? {};
}

export const analyzerArn = (region: string, accountId: string, name: string) =>
  `arn:aws:access-analyzer:${region}:${accountId}:analyzer/${name}`;
