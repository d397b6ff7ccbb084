/**
 * Per-account, per-region service state: `account.services[key][region]`, created on first write.
 * Reads use {@link peekRegional} so that a read-only audit of many accounts does not grow the world.
 */
import { serviceState, type AccountRecord } from '../world.js';

export function regionalState<T>(account: AccountRecord, key: string, region: string, init: () => T): T {
  const byRegion = serviceState<Record<string, T>>(account, key, () => ({}));
  let state = byRegion[region];
  if (state === undefined) {
    state = init();
    byRegion[region] = state;
  }
  return state;
}

export function peekRegional<T>(
  account: AccountRecord | undefined,
  key: string,
  region: string,
): T | undefined {
  const byRegion = account?.services[key] as Record<string, T> | undefined;
  return byRegion?.[region];
}

/** Every region in which the account holds state for `key`. */
export function regionalEntries<T>(account: AccountRecord | undefined, key: string): Array<[string, T]> {
  const byRegion = account?.services[key] as Record<string, T> | undefined;
  return byRegion ? Object.entries(byRegion) : [];
}
