/**
 * Runs a plan as a work graph: an operation starts when everything it depends on is done, within a
 * bounded pool per API family (Identity Center keeps at most 15 assignment requests outstanding; AWS
 * Organizations writes are kept few to avoid concurrent-modification churn). A failed operation's
 * dependents are skipped, the rest go on. Handlers are idempotent, so running again after an
 * interruption finishes the work without duplicating it.
 */
import type { ClientFactory } from '../aws/clients.js';
import { realSleep, type Sleep } from '../aws/rate-limiter.js';
import type { Operation } from '../plan/operations.js';
import type { ApplyContext, Handler, Handlers } from './context.js';
import { identityCenterHandlers } from './handlers/identity-center.js';
import { organizationHandlers } from './handlers/organizations.js';
import { Resolver } from './resolver.js';

export type Lane = 'organizations' | 'accounts' | 'identitystore' | 'assignments' | 'sso-admin';

const LANE_LIMITS: Record<Lane, number> = {
  organizations: 2,
  // AWS runs at most 5 account creations at a time; each op holds its slot until the account exists.
  accounts: 5,
  identitystore: 4,
  assignments: 10,
  'sso-admin': 3,
};

export function laneOf(op: Operation): Lane {
  switch (op.kind) {
    case 'create-user':
    case 'update-user':
    case 'delete-user':
    case 'create-group':
    case 'delete-group':
    case 'add-group-member':
    case 'remove-group-member':
      return 'identitystore';
    case 'create-assignment':
    case 'delete-assignment':
      return 'assignments';
    case 'create-account':
      return 'accounts';
    case 'create-permission-set':
    case 'update-permission-set':
    case 'put-inline-policy':
    case 'delete-inline-policy':
    case 'attach-managed-policy':
    case 'detach-managed-policy':
    case 'attach-customer-managed-policy':
    case 'detach-customer-managed-policy':
    case 'put-permissions-boundary':
    case 'delete-permissions-boundary':
    case 'delete-permission-set':
    case 'provision-permission-set':
      return 'sso-admin';
    default:
      return 'organizations';
  }
}

const HANDLERS: Handlers = { ...organizationHandlers, ...identityCenterHandlers };

export type OperationOutcome =
  | { op: Operation; status: 'done'; ms: number }
  | { op: Operation; status: 'failed'; error: unknown }
  | { op: Operation; status: 'skipped'; reason: string };

export interface ApplyEvents {
  started?(op: Operation): void;
  finished?(outcome: OperationOutcome): void;
}

export interface ApplyOptions {
  factory: ClientFactory;
  rootId?: string;
  events?: ApplyEvents;
  sleep?: Sleep;
  poll?: { initialMs: number; maxMs: number };
  laneLimits?: Partial<Record<Lane, number>>;
}

export interface ApplyResult {
  outcomes: OperationOutcome[];
  done: number;
  failed: number;
  skipped: number;
}

export async function applyOperations(
  operations: readonly Operation[],
  options: ApplyOptions,
): Promise<ApplyResult> {
  const resolver = new Resolver();
  resolver.rootId = options.rootId;
  const ctx: ApplyContext = {
    factory: options.factory,
    resolver,
    sleep: options.sleep ?? realSleep,
    poll: options.poll ?? { initialMs: 1000, maxMs: 10_000 },
  };
  const limits = { ...LANE_LIMITS, ...options.laneLimits };
  const outcomes = new Map<string, OperationOutcome>();
  const pending = new Map(operations.map((op) => [op.id, op]));
  const running = new Map<Lane, number>();
  const inFlight = new Set<Promise<void>>();

  const settle = (outcome: OperationOutcome) => {
    outcomes.set(outcome.op.id, outcome);
    options.events?.finished?.(outcome);
  };

  const start = (op: Operation) => {
    const lane = laneOf(op);
    running.set(lane, (running.get(lane) ?? 0) + 1);
    pending.delete(op.id);
    options.events?.started?.(op);
    const began = Date.now();
    const handler = HANDLERS[op.kind] as Handler | undefined;
    const task = (async () => {
      try {
        if (!handler) throw new Error(`no handler for ${op.kind}`);
        await handler(op, ctx);
        settle({ op, status: 'done', ms: Date.now() - began });
      } catch (error) {
        settle({ op, status: 'failed', error });
      } finally {
        running.set(lane, (running.get(lane) ?? 1) - 1);
      }
    })();
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  for (;;) {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const op of [...pending.values()]) {
        const blocked = op.dependsOn.map((d) => outcomes.get(d)).find((o) => o && o.status !== 'done');
        if (blocked) {
          pending.delete(op.id);
          settle({
            op,
            status: 'skipped',
            reason: `${blocked.op.summary} ${blocked.status === 'failed' ? 'failed' : 'was skipped'}`,
          });
          progressed = true;
          continue;
        }
        const ready = op.dependsOn.every(
          (d) => outcomes.get(d)?.status === 'done' || !operations.some((o) => o.id === d),
        );
        const lane = laneOf(op);
        if (ready && (running.get(lane) ?? 0) < limits[lane]) {
          start(op);
          progressed = true;
        }
      }
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight);
  }
  for (const op of pending.values())
    settle({ op, status: 'skipped', reason: 'its dependencies never completed' });

  const list = operations.map((op) => outcomes.get(op.id)!);
  return {
    outcomes: list,
    done: list.filter((o) => o.status === 'done').length,
    failed: list.filter((o) => o.status === 'failed').length,
    skipped: list.filter((o) => o.status === 'skipped').length,
  };
}
