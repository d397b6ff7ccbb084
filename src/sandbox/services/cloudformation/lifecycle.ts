/**
 * Stack set operations as AWS runs them, one at a time per stack set:
 *
 * - CreateStackInstances, UpdateStackSet and DeleteStackInstances start an operation that is RUNNING
 *   (its instances OUTDATED with DetailedStatus RUNNING) until one read of the stack set has seen it so,
 *   or {@link OPERATION_MS} of virtual time have passed; then it has SUCCEEDED (or FAILED, when more
 *   instances failed than the failure tolerance allows) and the instances are CURRENT, or gone.
 * - Another operation meanwhile is refused with OperationInProgressException, unless the stack set has
 *   managed execution on: then it waits QUEUED and starts when the running one ends.
 * - Automatic deployment (service-managed, AutoDeployment enabled): accounts that joined or were moved
 *   under a targeted OU get instances in the target's regions; accounts that left lose theirs. There is
 *   no Organizations event hook, so this is computed lazily whenever the stack set is read or changed,
 *   from the difference between the accounts under each target now and at the last look.
 *
 * Nothing is deployed: no stacks are created in the target accounts.
 */
import { AwsError } from '../../errors.js';
import type { CallContext } from '../../service.js';
import { DEFAULT_REGIONS, type World } from '../../world.js';
import { organizationOf } from '../organizations/state.js';
import { findStackSet, OrgTree, stackSetNotFound, type Scope } from './access.js';
import {
  newStackId,
  runningOperation,
  stackSetArn,
  type StackInstanceState,
  type StackSetOperationState,
  type StackSetState,
} from './state.js';

/** Virtual milliseconds after which a RUNNING operation has finished even if nobody looked. */
export const OPERATION_MS = 30_000;

const busy = (set: StackSetState) =>
  set.operations.some((o) => o.status === 'RUNNING' || o.status === 'QUEUED');

export function operationInProgress(scope: Scope, set: StackSetState): AwsError {
  return new AwsError(
    'OperationInProgressException',
    `Another Operation on StackSet ${stackSetArn(scope.region, scope.accountId, set)} is in progress`,
    { status: 409 },
  );
}

/** Refuses a change (DeleteStackSet) while an operation is running or queued. */
export function requireIdle(scope: Scope, set: StackSetState): void {
  if (busy(set)) throw operationInProgress(scope, set);
}

/** Why an instance cannot be deployed in the account and region, if it cannot. */
function failureReason(world: World, account: string, region: string): string | undefined {
  const enabled: readonly string[] = world.accounts[account]?.enabledRegions ?? DEFAULT_REGIONS;
  if (!enabled.includes(region)) return `Account ${account} should have '${region}' region enabled`;
  return undefined;
}

const findInstance = (set: StackSetState, account: string, region: string) =>
  set.instances.find((i) => i.account === account && i.region === region);

function newInstance(
  world: World,
  set: StackSetState,
  account: string,
  region: string,
  ouId: string | undefined,
): StackInstanceState {
  return {
    account,
    region,
    ...(ouId ? { ouId } : {}),
    stackId: newStackId(world, set, account, region),
    status: 'OUTDATED',
    detailedStatus: 'PENDING',
    parameterOverrides: [],
  };
}

function start(world: World, set: StackSetState, op: StackSetOperationState, now: Date): void {
  op.status = 'RUNNING';
  op.startedAt = now.toISOString();
  op.polls = 0;
  if (op.action === 'UPDATE' && op.templateChanged)
    for (const instance of set.instances) instance.status = 'OUTDATED';
  for (const target of op.targets) {
    target.status = 'RUNNING';
    let instance = findInstance(set, target.account, target.region);
    if (!instance && op.action === 'CREATE') {
      instance = newInstance(world, set, target.account, target.region, target.ouId);
      set.instances.push(instance);
    }
    if (!instance) continue;
    if (target.ouId) instance.ouId = target.ouId;
    if (op.parameterOverrides) instance.parameterOverrides = op.parameterOverrides;
    instance.status = 'OUTDATED';
    instance.detailedStatus = 'RUNNING';
    delete instance.statusReason;
  }
}

function tolerance(op: StackSetOperationState): number {
  const p = op.preferences;
  if (p?.FailureToleranceCount !== undefined) return p.FailureToleranceCount;
  if (p?.FailureTolerancePercentage !== undefined)
    return Math.floor((p.FailureTolerancePercentage / 100) * op.targets.length);
  return 0;
}

function complete(world: World, set: StackSetState, op: StackSetOperationState, at: Date): void {
  let failed = 0;
  for (const target of op.targets) {
    if (op.action === 'DELETE') {
      target.status = 'SUCCEEDED';
      set.instances = set.instances.filter(
        (i) => !(i.account === target.account && i.region === target.region),
      );
      continue;
    }
    const instance = findInstance(set, target.account, target.region);
    const reason = failureReason(world, target.account, target.region);
    target.status = reason ? 'FAILED' : 'SUCCEEDED';
    if (reason) target.reason = reason;
    if (!instance) continue;
    instance.lastOperationId = op.id;
    if (reason) {
      failed++;
      instance.status = 'OUTDATED';
      instance.detailedStatus = 'FAILED';
      instance.statusReason = reason;
    } else {
      instance.status = 'CURRENT';
      instance.detailedStatus = 'SUCCEEDED';
      delete instance.statusReason;
    }
  }
  op.endedAt = at.toISOString();
  if (failed > tolerance(op)) {
    op.status = 'FAILED';
    op.statusReason = `${failed} of ${op.targets.length} stack instance operations failed, more than the failure tolerance allows`;
  } else op.status = 'SUCCEEDED';
}

function ready(op: StackSetOperationState, now: Date, byPolls: boolean): boolean {
  return (
    (byPolls && op.polls >= 1) || now.getTime() - Date.parse(op.startedAt ?? op.createdAt) >= OPERATION_MS
  );
}

/**
 * Finishes the running operation whose time has come and starts the next queued one. `byPolls` false
 * counts only time (StopStackSetOperation may stop an operation a read has just seen RUNNING).
 */
export function settle(world: World, set: StackSetState, now: Date, byPolls = true): void {
  for (;;) {
    const running = runningOperation(set);
    if (running) {
      if (!ready(running, now, byPolls)) return;
      const ended =
        byPolls && running.polls >= 1
          ? now
          : new Date(Date.parse(running.startedAt ?? running.createdAt) + OPERATION_MS);
      complete(world, set, running, ended);
    }
    const next = set.operations.find((o) => o.status === 'QUEUED');
    if (!next) return;
    start(world, set, next, now);
  }
}

/** A read answered while an operation ran: the next read sees it finished. */
export function markPolled(set: StackSetState): void {
  const running = runningOperation(set);
  if (running) running.polls++;
}

/**
 * Checks that a new operation may be started: its OperationId must be new for the stack set, and no
 * other operation may be running or queued unless the stack set has managed execution (then it queues).
 * Call before changing anything, so that a refused request changes nothing.
 */
export function admitOperation(scope: Scope, set: StackSetState, id: string): void {
  if (set.operations.some((o) => o.id === id))
    throw new AwsError('OperationIdAlreadyExistsException', `The operation ID ${id} already exists`, {
      status: 409,
    });
  if (busy(set) && !set.managedExecution) throw operationInProgress(scope, set);
}

/** Starts an admitted operation, or queues it behind the running one (managed execution). */
export function beginOperation(
  world: World,
  set: StackSetState,
  op: StackSetOperationState,
  now: Date,
): void {
  const queue = busy(set);
  set.operations.push(op);
  if (queue) op.status = 'QUEUED';
  else start(world, set, op, now);
}

/** StopStackSetOperation: a running or queued operation stops; what it had not done is CANCELLED. */
export function stop(world: World, set: StackSetState, op: StackSetOperationState, now: Date): void {
  const wasRunning = op.status === 'RUNNING';
  op.status = 'STOPPED';
  op.endedAt = now.toISOString();
  for (const target of op.targets) {
    target.status = 'CANCELLED';
    const instance = wasRunning ? findInstance(set, target.account, target.region) : undefined;
    if (instance) {
      instance.status = 'OUTDATED';
      instance.detailedStatus = 'CANCELLED';
      instance.statusReason = 'Cancelled since the operation was stopped';
    }
  }
  settle(world, set, now);
}

/** See the module comment: instances follow accounts into and out of the targeted OUs. */
export function autoDeploy(world: World, scope: Scope, set: StackSetState): void {
  if (set.permissionModel !== 'SERVICE_MANAGED' || busy(set)) return;
  const targets = Object.entries(set.targets);
  if (targets.length === 0) return;
  const org = organizationOf(world, scope.accountId);
  if (!org || org.managementAccountId !== scope.accountId) return;
  const tree = new OrgTree(org);
  const enabled = set.autoDeployment?.enabled === true;
  const current = new Map(targets.map(([ouId]) => [ouId, tree.accountsUnder(ouId)]));
  const added: Array<[string, string]> = [];
  const gone: Array<[string, string]> = [];
  for (const [ouId, target] of targets) {
    const now = current.get(ouId)!;
    if (target.seen === undefined) for (const account of now) added.push([ouId, account]);
    else if (enabled) {
      const before = new Set(target.seen);
      const after = new Set(now);
      for (const account of now) if (!before.has(account)) added.push([ouId, account]);
      for (const account of target.seen) if (!after.has(account)) gone.push([ouId, account]);
    }
    target.seen = now;
  }
  for (const [ouId, account] of gone) {
    for (const region of set.targets[ouId]!.regions) {
      const instance = findInstance(set, account, region);
      if (!instance || instance.ouId !== ouId) continue;
      const other = targets.find(
        ([id, t]) => id !== ouId && t.regions.includes(region) && current.get(id)!.includes(account),
      );
      if (other) instance.ouId = other[0];
      else set.instances = set.instances.filter((i) => i !== instance);
    }
  }
  for (const [ouId, account] of added) {
    for (const region of set.targets[ouId]!.regions) {
      if (findInstance(set, account, region)) continue;
      const instance = newInstance(world, set, account, region, ouId);
      const reason = failureReason(world, account, region);
      instance.detailedStatus = reason ? 'FAILED' : 'SUCCEEDED';
      instance.status = reason ? 'OUTDATED' : 'CURRENT';
      if (reason) instance.statusReason = reason;
      set.instances.push(instance);
    }
  }
}

/** Brings a stack set up to date before a call reads or changes it. */
export function prepare(
  world: World,
  scope: Scope,
  set: StackSetState,
  now: Date,
  byPolls = true,
): StackSetState {
  if (set.status !== 'ACTIVE') return set;
  settle(world, set, now, byPolls);
  autoDeploy(world, scope, set);
  return set;
}

/** An ACTIVE stack set of the scope (or with `includeDeleted` a deleted one by id), brought up to date. */
export function requireStackSet(
  ctx: CallContext,
  scope: Scope,
  nameOrId: string,
  includeDeleted = false,
  byPolls = true,
): StackSetState {
  const set = findStackSet(ctx.world, scope, nameOrId, includeDeleted);
  if (!set) throw stackSetNotFound(nameOrId);
  return prepare(ctx.world, scope, set, ctx.now, byPolls);
}
