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
import { DEFAULT_POLL, type ApplyContext, type Handler, type Handlers } from './context.js';
import { iamHandlers } from './handlers/iam.js';
import { identityCenterHandlers } from './handlers/identity-center.js';
import { organizationHandlers } from './handlers/organizations.js';
import { Resolver } from './resolver.js';

export type Lane = 'organizations' | 'accounts' | 'identitystore' | 'assignments' | 'sso-admin' | 'iam';

const LANE_LIMITS: Record<Lane, number> = {
  organizations: 2,
  // AWS runs at most 5 account creations at a time; each op holds its slot until the account exists.
  accounts: 5,
  identitystore: 4,
  // Identity Center allows 15 outstanding asynchronous writes: assignment requests take them all, or 12
  // when the plan also provisions permission sets (the sso-admin lane may have 3 of those outstanding).
  assignments: 15,
  'sso-admin': 3,
  // IAM's rates are per account, so policies in different accounts go side by side; each op holds one
  // STS session and a few IAM calls.
  iam: 8,
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
    case 'put-account-policy':
      return 'iam';
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

/**
 * Operations that must not run beside another with the same key: AWS updates one Identity Center role
 * per account at a time and answers ConflictException to a second request for that account meanwhile.
 */
export function exclusiveKey(op: Operation): string | undefined {
  if (op.kind === 'create-assignment' || op.kind === 'delete-assignment')
    return `account:${op.account.id ?? op.account.name}`;
  return undefined;
}

const HANDLERS: Handlers = { ...organizationHandlers, ...identityCenterHandlers, ...iamHandlers };

export type OperationOutcome =
  | { op: Operation; status: 'done'; ms: number; note?: string }
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
  poll?: Partial<ApplyContext['poll']>;
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
    poll: { ...DEFAULT_POLL, ...options.poll },
    watchers: new Map(),
  };
  const provisions = operations.some((op) => op.kind === 'provision-permission-set');
  const limits = {
    ...LANE_LIMITS,
    ...(provisions ? { assignments: LANE_LIMITS.assignments - LANE_LIMITS['sso-admin'] } : {}),
    ...options.laneLimits,
  };
  const outcomes = new Map<string, OperationOutcome>();
  const byId = new Map(operations.map((op) => [op.id, op]));
  // Dependencies outside this plan are already satisfied; the rest are counted down as they finish.
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, Operation[]>();
  const queues = new Map<Lane, { ops: Operation[]; next: number; again: Operation[] }>();
  // Exclusive keys in use, and the ready operations waiting for each.
  const busy = new Set<string>();
  const parked = new Map<string, Operation[]>();
  const running = new Map<Lane, number>();
  const inFlight = new Set<Promise<void>>();

  const settle = (outcome: OperationOutcome) => {
    outcomes.set(outcome.op.id, outcome);
    options.events?.finished?.(outcome);
  };
  const enqueue = (op: Operation) => {
    const lane = laneOf(op);
    const queue = queues.get(lane);
    if (queue) queue.ops.push(op);
    else queues.set(lane, { ops: [op], next: 0, again: [] });
  };
  /** Skips everything that (transitively) depends on an operation that did not get done. */
  const skipDependents = (cause: OperationOutcome) => {
    const stack = [cause];
    while (stack.length > 0) {
      const blocked = stack.pop()!;
      for (const dependent of dependents.get(blocked.op.id) ?? []) {
        if (outcomes.has(dependent.id)) continue;
        const outcome: OperationOutcome = {
          op: dependent,
          status: 'skipped',
          reason: `${blocked.op.summary} ${blocked.status === 'failed' ? 'failed' : 'was skipped'}`,
        };
        settle(outcome);
        stack.push(outcome);
      }
    }
  };
  const finish = (outcome: OperationOutcome) => {
    const key = exclusiveKey(outcome.op);
    if (key) {
      busy.delete(key);
      const next = parked.get(key)?.shift();
      if (next) queues.get(laneOf(next))!.again.push(next);
    }
    settle(outcome);
    if (outcome.status !== 'done') return skipDependents(outcome);
    for (const dependent of dependents.get(outcome.op.id) ?? []) {
      const left = waitingOn.get(dependent.id)! - 1;
      waitingOn.set(dependent.id, left);
      if (left === 0 && !outcomes.has(dependent.id)) enqueue(dependent);
    }
  };

  for (const op of operations) {
    const deps = [...new Set(op.dependsOn)].filter((d) => byId.has(d));
    waitingOn.set(op.id, deps.length);
    for (const d of deps) {
      const list = dependents.get(d);
      if (list) list.push(op);
      else dependents.set(d, [op]);
    }
  }
  // Of the operations ready at the start, those that unblock the most go first (a group before the
  // users, so group assignments start while users are still being created); plan order otherwise.
  const fanOut = (op: Operation) => dependents.get(op.id)?.length ?? 0;
  operations
    .filter((op) => waitingOn.get(op.id) === 0)
    .map((op, index) => ({ op, index }))
    .sort((a, b) => fanOut(b.op) - fanOut(a.op) || a.index - b.index)
    .forEach(({ op }) => enqueue(op));

  const start = (op: Operation, lane: Lane) => {
    const key = exclusiveKey(op);
    if (key) busy.add(key);
    running.set(lane, (running.get(lane) ?? 0) + 1);
    options.events?.started?.(op);
    const began = Date.now();
    const handler = HANDLERS[op.kind] as Handler | undefined;
    const task = (async () => {
      let outcome: OperationOutcome;
      try {
        if (!handler) throw new OrgwardError('INTERNAL', `no handler for ${op.kind}`, { source: 'internal' });
        const answer = await handler(op, ctx);
        outcome = { op, status: 'done', ms: Date.now() - began, ...(answer ? { note: answer.note } : {}) };
      } catch (error) {
        outcome = { op, status: 'failed', error };
      }
      running.set(lane, (running.get(lane) ?? 1) - 1);
      finish(outcome);
    })();
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  for (;;) {
    for (const [lane, queue] of queues) {
      while ((running.get(lane) ?? 0) < limits[lane]) {
        const op = queue.again.shift() ?? queue.ops[queue.next++];
        if (!op) {
          queue.next = queue.ops.length;
          break;
        }
        const key = exclusiveKey(op);
        if (key && busy.has(key)) {
          const waiting = parked.get(key);
          if (waiting) waiting.push(op);
          else parked.set(key, [op]);
          continue;
        }
        start(op, lane);
      }
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight);
  }
  for (const op of operations)
    if (!outcomes.has(op.id)) settle({ op, status: 'skipped', reason: 'its dependencies never completed' });

  const list = operations.map((op) => outcomes.get(op.id)!);
  return {
    outcomes: list,
    done: list.filter((o) => o.status === 'done').length,
    failed: list.filter((o) => o.status === 'failed').length,
    skipped: list.filter((o) => o.status === 'skipped').length,
  };
}
