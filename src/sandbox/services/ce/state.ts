/**
 * Cost Explorer's data per account: `account.services.ce` holds the account's cost lines, one per month,
 * service and tag set, as a world document seeds them (`costs`). Cost Explorer only reads them; there is
 * no way to write costs through the API, as on AWS.
 */
import { serviceState, type AccountRecord } from '../../world.js';

export const KEY = 'ce';

/** One amount of cost: in `month` (`YYYY-MM`), for `service` (its Cost Explorer name), with resource tags. */
export interface CostLine {
  month: string;
  service: string;
  /** USD. */
  amount: number;
  /** Cost allocation tags of the resources the cost came from (empty: untagged). */
  tags: Record<string, string>;
}

export interface CeAccountState {
  lines: CostLine[];
}

export function ceState(account: AccountRecord): CeAccountState {
  return serviceState<CeAccountState>(account, KEY, () => ({ lines: [] }));
}

/** Reads without storing: an account never seeded has no cost. */
export function costLinesOf(account: AccountRecord | undefined): readonly CostLine[] {
  return (account?.services[KEY] as CeAccountState | undefined)?.lines ?? [];
}
