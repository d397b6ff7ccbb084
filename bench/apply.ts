/**
 * Applying a synthetic organization from empty (issue #5): the profile's organization is read, imported
 * to org.yaml (member account ids dropped, so every account is created), and applied to a sandbox that
 * holds only the management account, with AWS's rate limits, five account creations at a time, fifteen
 * outstanding assignment requests and AWS-like completion times. Client and sandbox share a
 * simulated clock (`simulatedSandbox`), so the hours this takes on AWS run in the CPU time the work needs.
 *
 * Like a real first run it takes two applies: the first builds the organization (and turns on trusted
 * access for Identity Center), the second Identity Center; a third plan must be empty.
 */
import { isMap, parseDocument } from 'yaml';
import { applyOperations } from '../src/apply/executor.js';
import type { ClientFactory } from '../src/aws/clients.js';
import { loadConfigText } from '../src/config/load.js';
import { normalize } from '../src/config/normalize.js';
import { snapshotToConfig } from '../src/config/emit.js';
import { AwsCallError } from '../src/errors/index.js';
import type { OrgSnapshot } from '../src/model/snapshot.js';
import { makePlan } from '../src/plan/plan.js';
import type { Operation } from '../src/plan/operations.js';
import { readSnapshot } from '../src/read/snapshot.js';
import type { FaultConfig } from '../src/sandbox/faults.js';
import { simulatedSandbox } from '../src/sandbox/simulated.js';
import { syntheticWorld, type Profile } from './synthetic.js';

/**
 * AWS-like completion times (docs/aws-limits.md#asynchronous-operations): account creation takes minutes,
 * assignments seconds.
 */
export const APPLY_TIMING = { createAccountMs: 120_000, identityCenterMs: 8_000 };

export interface ApplyRound {
  operations: number;
  byKind: Record<string, number>;
  calls: number;
  /** Simulated seconds the apply took (AWS-equivalent). */
  seconds: number;
  failed: number;
  skipped: number;
  /** Per operation kind, simulated seconds from the apply's start to its first start and last finish. */
  spans: Record<string, [number, number]>;
  /** The first few failures, with AWS's answer. */
  failures: string[];
}

export interface ApplyRow {
  profile: string;
  accounts: number;
  rounds: ApplyRound[];
  /** Operations the plan after the last apply still wanted (0 when converged). */
  remaining: number;
  calls: number;
  readCalls: number;
  callsByOperation: Record<string, number>;
  seconds: number;
  floorSeconds: number;
  throttled: number;
  retried: number;
  /** Faults the sandbox injected, by kind. */
  faults: Record<string, number>;
  /** Member accounts that share an email with another (a duplicated creation); 0 is the only right answer. */
  duplicateAccounts: number;
  wallSeconds: number;
  peakRssMiB: number;
}

/** org.yaml for the profile's organization, with every member account to be created. */
export function desiredFromEmpty(snapshot: OrgSnapshot) {
  const { files } = snapshotToConfig(snapshot);
  const doc = parseDocument(files.get('org.yaml')!);
  const accounts = doc.get('accounts');
  if (isMap(accounts)) {
    for (const pair of accounts.items) {
      const value = pair.value;
      if (!isMap(value)) continue;
      if (String(value.get('id')) !== snapshot.organization.managementAccountId) value.delete('id');
    }
  }
  const loaded = loadConfigText('org.yaml', String(doc), (path) => files.get(path));
  if (!loaded.config)
    throw new Error(`imported org.yaml does not load: ${loaded.issues.map((i) => i.message).join('; ')}`);
  return normalize(loaded.config, (path) => files.get(path));
}

/**
 * The least time AWS's limits allow: account creations five at a time; then Identity Center, where
 * assignments hold one of fifteen request slots each for their completion time and Identity Store
 * writes share one 20/s bucket (the two overlap, so the slower one counts).
 */
export function applyFloorSeconds(ops: readonly Operation[]): number {
  const count = (...kinds: string[]) => ops.filter((o) => kinds.includes(o.kind)).length;
  const accounts = Math.ceil(count('create-account') / 5) * (APPLY_TIMING.createAccountMs / 1000);
  const assignments = (count('create-assignment') / 15) * (APPLY_TIMING.identityCenterMs / 1000);
  const identityStore = count('create-user', 'create-group', 'add-group-member') / 20;
  return accounts + Math.max(assignments, identityStore);
}

async function liveState(factory: ClientFactory): Promise<OrgSnapshot | null> {
  try {
    return (await readSnapshot(factory)).snapshot;
  } catch (error) {
    if (error instanceof AwsCallError && error.awsCode === 'AWSOrganizationsNotInUseException') return null;
    throw error;
  }
}

/** The fault settings of the convergence bench: AWS at its worst, and twice that. */
export const FAULT_SETTINGS: Record<string, Partial<FaultConfig>> = {
  bad: { seed: 7, throttle: 0.2, internalError: 0.1, concurrentModification: 0.1, emptyPage: 0.2 },
  'twice as bad': { seed: 7, throttle: 0.4, internalError: 0.2, concurrentModification: 0.2, emptyPage: 0.4 },
};

export async function benchApply(profile: Profile, faults?: Partial<FaultConfig>): Promise<ApplyRow> {
  const { world: source } = syntheticWorld(profile);
  // The source organization is read on a clock of its own (its rate-limit waits cost no real time).
  const sourceSnapshot = (await readSnapshot(simulatedSandbox({ world: source }).factory)).snapshot;
  const desired = desiredFromEmpty(sourceSnapshot);
  const mgmt = sourceSnapshot.accounts.find((a) => a.id === sourceSnapshot.organization.managementAccountId)!;

  const { clock, sandbox, factory } = simulatedSandbox({
    account: { id: mgmt.id, name: mgmt.name, email: mgmt.email },
    settle: APPLY_TIMING,
  });
  if (faults) sandbox.faults.configure(faults);

  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  const debug = process.env.ORGWARD_BENCH_DEBUG
    ? setInterval(
        () =>
          console.error(
            `sim ${((clock.now() - simStarted) / 1000).toFixed(0)} s, ${clock.pending} timers, ${factory.stats.snapshot().calls} calls`,
          ),
        5000,
      )
    : undefined;
  const wallStarted = process.hrtime.bigint();
  const simStarted = clock.now();
  const rounds: ApplyRound[] = [];
  const planned: Operation[] = [];
  let readCalls = 0;
  let remaining = 0;
  for (let round = 0; round < 3; round++) {
    const before = factory.stats.snapshot().calls;
    const live = await liveState(factory);
    readCalls += factory.stats.snapshot().calls - before;
    const plan = makePlan(desired, live, new Date(clock.now()), { callerAccountId: mgmt.id });
    remaining = plan.operations.length;
    if (plan.operations.length === 0 || round === 2) break;
    planned.push(...plan.operations);
    const callsBefore = factory.stats.snapshot().calls;
    const started = clock.now();
    const spans: Record<string, [number, number]> = {};
    const at = () => (clock.now() - started) / 1000;
    const result = await applyOperations(plan.operations, {
      factory,
      sleep: clock.sleep,
      events: {
        started: (op) => void (spans[op.kind] ??= [at(), at()]),
        finished: (outcome) => void (spans[outcome.op.kind]![1] = at()),
      },
      ...(live ? { rootId: live.root.id } : {}),
    });
    const byKind: Record<string, number> = {};
    for (const op of plan.operations) byKind[op.kind] = (byKind[op.kind] ?? 0) + 1;
    rounds.push({
      operations: plan.operations.length,
      byKind,
      calls: factory.stats.snapshot().calls - callsBefore,
      seconds: (clock.now() - started) / 1000,
      failed: result.failed,
      skipped: result.skipped,
      spans,
      failures: result.outcomes
        .filter((o) => o.status === 'failed')
        .slice(0, 5)
        .map((o) => `${o.op.summary}: ${o.status === 'failed' ? String(o.error) : ''}`),
    });
  }
  const wallSeconds = Number(process.hrtime.bigint() - wallStarted) / 1e9;
  clearInterval(sampler);
  clearInterval(debug);
  peak = Math.max(peak, process.memoryUsage().rss);
  const stats = factory.stats.snapshot();
  const emails = Object.values(sandbox.world.accounts).map((a) => a.email.toLowerCase());
  const sandboxStats = sandbox.stats.snapshot();
  return {
    profile: profile.name,
    accounts: sourceSnapshot.accounts.length,
    rounds,
    remaining,
    calls: stats.calls,
    readCalls,
    callsByOperation: stats.byOperation,
    seconds: (clock.now() - simStarted) / 1000,
    floorSeconds: applyFloorSeconds(planned),
    throttled: sandboxStats.throttled,
    retried: stats.retried,
    faults: sandboxStats.faults,
    duplicateAccounts: emails.length - new Set(emails).size,
    wallSeconds,
    peakRssMiB: Math.round(peak / 2 ** 20),
  };
}
