/**
 * Runs a plan as a work graph: an operation starts when everything it depends on is done, within a
 * bounded pool per API family (Identity Center keeps at most 15 assignment requests outstanding; AWS
 * Organizations writes are kept few to avoid concurrent-modification churn). A failed operation's
 * dependents are skipped, the rest go on. Handlers are idempotent, so running again after an
 * interruption finishes the work without duplicating it.
 */
import { OrgwardError } from '../errors/index.js';
import type { ClientFactory } from '../aws/clients.js';
import { realSleep, type Sleep } from '../aws/rate-limiter.js';
import type { Operation } from '../plan/operations.js';
import {
  DEFAULT_POLL,
  type ApplyContext,
  type Handler,
  type Handlers,
  type TransferRunContext,
} from './context.js';
import { DependencyGraph } from './dependencies.js';
import { LaneScheduler } from './lane-scheduler.js';
import { laneLimits, type Lane } from './lanes.js';
import { tally, type ApplyResult, type OperationOutcome } from './outcome.js';
import { Resolver } from './resolver.js';

export { exclusiveKey, laneOf, type Lane } from './lanes.js';
export type { ApplyResult, OperationOutcome } from './outcome.js';

/**
 * The handler modules of each lane, loaded when the first operation of that lane runs: a plan that
 * only changes the organization does not load the baseline handlers' dozen AWS SDK packages.
 */
const HANDLER_MODULES: Record<Lane, ReadonlyArray<() => Promise<Handlers>>> = {
  organizations: [organizations],
  accounts: [organizations],
  identitystore: [identityCenter],
  assignments: [identityCenter],
  'sso-admin': [identityCenter],
  iam: [
    async () => (await import('./handlers/iam.js')).iamHandlers,
    async () => (await import('./handlers/iam-users.js')).iamUserHandlers,
  ],
  baseline: [
    async () => (await import('./handlers/baseline.js')).baselineHandlers,
    async () => (await import('./handlers/baseline-services.js')).baselineServiceHandlers,
    async () => (await import('./handlers/baseline-stack-sets.js')).baselineStackSetHandlers,
  ],
  'baseline-accounts': [
    async () => (await import('./handlers/baseline-accounts.js')).baselineAccountHandlers,
  ],
  transfer: [async () => (await import('./handlers/transfer.js')).transferHandlers],
  budgets: [async () => (await import('./handlers/budgets.js')).budgetHandlers],
};

async function organizations(): Promise<Handlers> {
  return (await import('./handlers/organizations.js')).organizationHandlers;
}

async function identityCenter(): Promise<Handlers> {
  return (await import('./handlers/identity-center.js')).identityCenterHandlers;
}

/** The handler of an operation kind, from its lane's modules (every module, if not there). */
async function handlerOf(op: Operation, lane: Lane): Promise<Handler | undefined> {
  const find = async (loaders: ReadonlyArray<() => Promise<Handlers>>) => {
    for (const load of loaders) {
      const handler = (await load())[op.kind] as Handler | undefined;
      if (handler) return handler;
    }
    return undefined;
  };
  return (await find(HANDLER_MODULES[lane])) ?? find(Object.values(HANDLER_MODULES).flat());
}

export interface ApplyEvents {
  started?(op: Operation): void;
  finished?(outcome: OperationOutcome): void;
}

export interface ApplyOptions {
  factory: ClientFactory;
  transfer?: TransferRunContext;
  rootId?: string;
  events?: ApplyEvents;
  sleep?: Sleep;
  poll?: Partial<ApplyContext['poll']>;
  laneLimits?: Partial<Record<Lane, number>>;
}

export async function applyOperations(
  operations: readonly Operation[],
  options: ApplyOptions,
): Promise<ApplyResult> {
  return new ApplyRun(operations, options).run();
}

function applyContext(options: ApplyOptions): ApplyContext {
  const resolver = new Resolver();
  resolver.rootId = options.rootId;
  return {
    factory: options.factory,
    ...(options.transfer ? { transfer: options.transfer } : {}),
    resolver,
    sleep: options.sleep ?? realSleep,
    poll: { ...DEFAULT_POLL, ...options.poll },
    watchers: new Map(),
  };
}

/**
 * One run of a plan: the dependency graph says what is ready, the lanes what may start, and each
 * operation's handler runs with the run's context; a finished operation frees its lane and readies
 * its dependents.
 */
class ApplyRun {
  private readonly ctx: ApplyContext;
  private readonly graph: DependencyGraph;
  private readonly lanes: LaneScheduler;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    operations: readonly Operation[],
    private readonly options: ApplyOptions,
  ) {
    this.ctx = applyContext(options);
    this.graph = new DependencyGraph(operations, (outcome) => options.events?.finished?.(outcome));
    this.lanes = new LaneScheduler(laneLimits(operations, options.laneLimits));
  }

  async run(): Promise<ApplyResult> {
    for (const op of this.graph.initiallyReady()) this.lanes.enqueue(op);
    for (;;) {
      this.lanes.fill((op, lane) => this.start(op, lane));
      if (this.inFlight.size === 0) break;
      await Promise.race(this.inFlight);
    }
    return tally(this.graph.finalOutcomes());
  }

  private start(op: Operation, lane: Lane): void {
    this.options.events?.started?.(op);
    const task = this.execute(op, lane);
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  /** Runs the operation's handler, then finishes it (done, or failed with the handler's error). */
  private async execute(op: Operation, lane: Lane): Promise<void> {
    const began = Date.now();
    let outcome: OperationOutcome;
    try {
      const handler = await handlerOf(op, lane);
      if (!handler) throw new OrgwardError('INTERNAL', `no handler for ${op.kind}`, { source: 'internal' });
      const answer = await handler(op, this.ctx);
      outcome = { op, status: 'done', ms: Date.now() - began, ...(answer ? { note: answer.note } : {}) };
    } catch (error) {
      outcome = { op, status: 'failed', error };
    }
    this.lanes.release(op, lane);
    for (const ready of this.graph.complete(outcome)) this.lanes.enqueue(ready);
  }
}
