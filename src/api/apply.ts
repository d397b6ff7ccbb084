/**
 * Applying through the API: a plan (made now from org.yaml, or saved earlier) is carried out by the one
 * executor after a yes. A saved plan must have been made from the organization as it is now.
 */
import { readFile } from 'node:fs/promises';
import type { PollIntervals } from '../apply/context.js';
import { applyOperations, type ApplyResult } from '../apply/executor.js';
import type { ClientFactory } from '../aws/clients.js';
import { OrgwardError, UsageError } from '../errors/index.js';
import { isDestructive } from '../plan/operations.js';
import { organizationFingerprint, stateFingerprint, type Plan } from '../plan/plan.js';
import { laneOf, type Lane } from '../apply/lanes.js';
import type { ConfigOptions } from './config.js';
import type { EventSink } from './events.js';
import { plan as makePlanFor } from './plan.js';
import { liveState } from './snapshot.js';

export interface ApplyOptions extends ConfigOptions {
  /** org.yaml to plan now, or a plan saved with `orgward plan --out` (or returned by `plan`). */
  config: string | Plan;
  factory: ClientFactory;
  /** The caller already agreed (`--yes`): the sink is not asked. */
  confirmed?: boolean;
  /**
   * How often asynchronous work is asked about (default: account creation every 5 s, Identity Center
   * requests every 1 s). A sandbox settles at once, so a short interval saves waiting there.
   */
  poll?: Partial<PollIntervals>;
  /** Called once the plan is known, before the question (the CLI prints it). */
  planned?: (plan: Plan) => void;
}

export interface ApplyRun extends ApplyResult {
  plan: Plan;
  /** False when the sink said no (nothing was changed). */
  agreed: boolean;
  /** AWS API calls the run made (reads and writes), and of those, retried ones. */
  calls: number;
  retried: number;
}

/** A plan saved with `plan --out`, or a usage error that names the file and says what is wrong with it. */
export async function loadSavedPlan(path: string): Promise<Plan> {
  const hint = 'pass a plan saved with `orgward plan --out plan.json`';
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder, not a saved plan'
          : code
            ? `cannot be read (${code})`
            : 'is not an orgward plan: not valid JSON';
    throw new UsageError(`${path}: ${why}`, hint);
  }
  const candidate = parsed as Partial<Plan> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.version !== 1 ||
    !Array.isArray(candidate.operations)
  )
    throw new UsageError(`${path} is not an orgward plan (version 1 with a list of operations)`, hint);
  return candidate as Plan;
}

/** Lanes of operations that read or change Identity Center, or the policies its permission sets name. */
const IDENTITY_CENTER_LANES: ReadonlySet<Lane> = new Set([
  'identitystore',
  'assignments',
  'sso-admin',
  'iam',
]);

async function planToApply(
  options: ApplyOptions,
  sink: EventSink | undefined,
): Promise<{ plan: Plan; rootId: string | undefined }> {
  if (typeof options.config === 'string' && !options.config.endsWith('.json')) {
    const made = await makePlanFor({ ...options, config: options.config }, sink);
    return { plan: made.plan, rootId: made.snapshot?.root.id };
  }
  // A saved plan is read before AWS is: a bad file fails without a call.
  const label = typeof options.config === 'string' ? options.config : 'the plan';
  const saved = typeof options.config === 'string' ? await loadSavedPlan(options.config) : options.config;
  // A plan that changes nothing in Identity Center is checked against the organization part only:
  // AWS has no version or change token for either, so the check is a read, and Identity Center's
  // assignments are most of a large organization's read (docs/performance.md#saved-plans).
  const organizationOnly =
    saved.organizationFingerprint !== undefined &&
    !saved.operations.some((op) => IDENTITY_CENTER_LANES.has(laneOf(op)));
  const { snapshot } = await liveState(
    options.factory,
    sink,
    organizationOnly ? { identityCenter: false } : {},
  );
  const unchanged = organizationOnly
    ? saved.organizationFingerprint === organizationFingerprint(snapshot)
    : saved.fingerprint === stateFingerprint(snapshot);
  if (!unchanged)
    throw new OrgwardError(
      'PLAN_STALE',
      `${label} was made from a different state of the organization than it has now`,
      { source: 'user', hint: 'make a new plan (orgward plan --out plan.json) and review it again' },
    );
  return { plan: saved, rootId: snapshot?.root.id };
}

/** Makes the organization match the file (or runs a saved plan) once the sink or the caller agreed. */
export async function apply(options: ApplyOptions, sink?: EventSink): Promise<ApplyRun> {
  const { plan, rootId } = await planToApply(options, sink);
  options.planned?.(plan);
  const stats = () => options.factory.stats.snapshot();
  const nothing = { outcomes: [], done: 0, failed: 0, skipped: 0 };
  if (plan.operations.length === 0) return { plan, agreed: true, ...nothing, ...callsOf(stats()) };
  if (!options.confirmed) {
    if (!sink?.confirm)
      throw new UsageError(
        'not on a terminal: refusing to apply without --yes',
        'review the plan above, then run again with --yes',
      );
    const destructive = plan.operations.filter(isDestructive).length;
    const count = plan.operations.length;
    const question = `Apply ${count} change${count === 1 ? '' : 's'}${destructive ? `, ${destructive} of them destructive` : ''}?`;
    if (!(await sink.confirm({ question, operations: plan.operations, destructive })))
      return { plan, agreed: false, ...nothing, ...callsOf(stats()) };
  }
  const result = await applyOperations(plan.operations, {
    factory: options.factory,
    ...(rootId ? { rootId } : {}),
    ...(options.poll ? { poll: options.poll } : {}),
    events: { finished: (outcome) => sink?.emit?.({ type: 'operation', outcome }) },
  });
  return { plan, agreed: true, ...result, ...callsOf(stats()) };
}

function callsOf(stats: { calls: number; retried: number }): { calls: number; retried: number } {
  return { calls: stats.calls, retried: stats.retried };
}
