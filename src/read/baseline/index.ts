/**
 * Reads what the baseline in org.yaml needs compared, and nothing else: the organization-wide parts
 * once, the service administrators per region, and each active account's own settings (bounded
 * concurrency, one session per account). A part that cannot be read is named in `unreadable`.
 */
import type { ClientFactory } from '../../aws/clients.js';
import { emptyBaselineState, type BaselineState, type DesiredBaseline } from '../../model/baseline.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import { readAccounts } from './accounts.js';
import { readCentral } from './central.js';
import { readServices } from './services.js';
import { readStackSets } from './stack-sets.js';
import { baselineReadContext } from './shared.js';

export async function readBaseline(
  factory: ClientFactory,
  snapshot: OrgSnapshot,
  baseline: DesiredBaseline,
  callerAccountId: string,
): Promise<BaselineState> {
  const state = emptyBaselineState();
  const ctx = baselineReadContext(factory, snapshot, baseline, state, callerAccountId);
  await Promise.all([readCentral(ctx), readServices(ctx), readAccounts(ctx), readStackSets(ctx)]);
  return state;
}
