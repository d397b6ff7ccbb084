/** Planning through the API: org.yaml (or a desired state) against the live or a saved organization. */
import type { ClientFactory } from '../aws/clients.js';
import { emptyBaselineState } from '../model/baseline.js';
import type { Desired } from '../model/desired.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { accountPolicyReads } from '../plan/account-policies.js';
import { makePlan, type Plan } from '../plan/plan.js';
import { readAccountPolicies } from '../read/account-policies.js';
import { loadDesired, type ConfigOptions } from './config.js';
import type { EventSink } from './events.js';
import { liveState } from './snapshot.js';

export interface PlanOptions extends ConfigOptions {
  /** org.yaml, or the desired state already loaded. */
  config: string | Desired;
  /**
   * Where the organization comes from: a factory (read live, with the policies in member accounts), or
   * a saved snapshot (`null` for an account in no organization yet). One of the two is needed.
   */
  factory?: ClientFactory;
  snapshot?: OrgSnapshot | null;
  /** The caller's account, when planning from a snapshot for an account in no organization. */
  callerAccountId?: string;
  /** The plan's clock (time-bound settings); default now. */
  now?: Date;
}

export interface PlanResult {
  plan: Plan;
  desired: Desired;
  /** The organization the plan was made against. */
  snapshot: OrgSnapshot | null;
  callerAccountId: string | undefined;
}

/** What applying the file would change. Reads only; changes nothing. */
export async function plan(options: PlanOptions, sink?: EventSink): Promise<PlanResult> {
  const desired =
    typeof options.config === 'string'
      ? loadDesired(options.config, options, sink, 'nothing was planned')
      : options.config;
  const now = options.now ?? new Date();
  if (options.snapshot !== undefined || !options.factory) {
    const snapshot = options.snapshot ?? null;
    const callerAccountId = options.callerAccountId;
    return {
      plan: makePlan(desired, snapshot, now, callerAccountId ? { callerAccountId } : {}),
      desired,
      snapshot,
      callerAccountId,
    };
  }
  const live = await liveState(options.factory, sink);
  const accountPolicies = await readAccountPolicies(
    options.factory,
    accountPolicyReads(live.snapshot, desired, now),
  );
  // With no organization yet there is nothing to read: every part of the baseline is to be made.
  const baseline = !desired.baseline
    ? undefined
    : live.snapshot
      ? // Loaded only for a file with a baseline: its readers bring a dozen AWS SDK packages (≈1.5 s).
        await (
          await import('../read/baseline/index.js')
        ).readBaseline(options.factory, live.snapshot, desired.baseline, live.callerAccountId)
      : emptyBaselineState();
  // Budgets live in the management account (the caller's, which becomes it when there is no organization).
  const budgets = !desired.budgets
    ? undefined
    : live.snapshot
      ? // Loaded only for a file with budgets, like the baseline readers.
        await (await import('../read/budgets.js')).readBudgets(options.factory, live.callerAccountId)
      : { accountId: live.callerAccountId, budgets: [] };
  return {
    plan: makePlan(desired, live.snapshot, now, {
      callerAccountId: live.callerAccountId,
      accountPolicies,
      ...(baseline ? { baseline } : {}),
      ...(budgets ? { budgets } : {}),
    }),
    desired,
    snapshot: live.snapshot,
    callerAccountId: live.callerAccountId,
  };
}
