/**
 * KMS state per account and region: `account.services.kms[region]`, keys by key id and aliases by
 * alias name (`alias/<name>`).
 *
 * A key scheduled for deletion stays until its deletion date; from then on it is gone (every look-up
 * skips it, and the next write in the region drops it), so reads never change the world.
 */
import type { AccountRecord } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';
import type { KeySpec, KeyUsageType } from './shapes.generated.js';

export const KEY = 'kms';

export interface KmsKeyState {
  id: string;
  accountId: string;
  region: string;
  description: string;
  keyUsage: KeyUsageType;
  keySpec: KeySpec;
  multiRegion: boolean;
  /** The key policy (there is one, named `default`), as the JSON text it was given in. */
  policy: string;
  state: 'Enabled' | 'PendingDeletion';
  createdAt: string;
  /** Set while the key is pending deletion. */
  deletionDate?: string;
  pendingWindowInDays?: number;
  tags: Array<{ TagKey: string; TagValue: string }>;
}

export interface KmsAliasState {
  /** `alias/<name>`. */
  name: string;
  targetKeyId: string;
  createdAt: string;
  updatedAt: string;
}

export interface KmsRegionState {
  keys: Record<string, KmsKeyState>;
  aliases: Record<string, KmsAliasState>;
}

/** The region's state, created on first write; keys past their deletion date are dropped. */
export function kmsState(account: AccountRecord, region: string, now: Date): KmsRegionState {
  const state = regionalState<KmsRegionState>(account, KEY, region, () => ({ keys: {}, aliases: {} }));
  for (const key of Object.values(state.keys)) {
    if (!isLive(key, now)) {
      delete state.keys[key.id];
      for (const alias of Object.values(state.aliases))
        if (alias.targetKeyId === key.id) delete state.aliases[alias.name];
    }
  }
  return state;
}

export function peekKms(account: AccountRecord | undefined, region: string): KmsRegionState | undefined {
  return peekRegional<KmsRegionState>(account, KEY, region);
}

/** Whether the key still exists at `now` (a key pending deletion does until its deletion date). */
export function isLive(key: KmsKeyState, now: Date): boolean {
  return key.deletionDate === undefined || Date.parse(key.deletionDate) > now.getTime();
}

/** The keys that exist at `now`, in creation order. */
export function liveKeys(state: KmsRegionState | undefined, now: Date): KmsKeyState[] {
  return Object.values(state?.keys ?? {}).filter((key) => isLive(key, now));
}

/** The aliases whose key exists at `now`, by name. */
export function liveAliases(state: KmsRegionState | undefined, now: Date): KmsAliasState[] {
  if (!state) return [];
  return Object.values(state.aliases)
    .filter((alias) => {
      const key = state.keys[alias.targetKeyId];
      return key !== undefined && isLive(key, now);
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export const keyArn = (k: Pick<KmsKeyState, 'region' | 'accountId' | 'id'>) =>
  `arn:aws:kms:${k.region}:${k.accountId}:key/${k.id}`;

export const aliasArn = (region: string, accountId: string, name: string) =>
  `arn:aws:kms:${region}:${accountId}:${name}`;

/**
 * The key policy AWS gives a key created without one: the account (its root principal) may do
 * everything with the key, which lets IAM policies in the account grant access to it.
 */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}
