/**
 * The dependency bookkeeping of a run: which operations wait on which, when one becomes ready, and
 * skipping everything that (transitively) depends on an operation that did not get done. Every outcome
 * is recorded here, once, and reported through `onSettled` as it is.
 */
import type { Operation } from '../plan/operations.js';
import type { OperationOutcome } from './outcome.js';

export class DependencyGraph {
  private readonly outcomes = new Map<string, OperationOutcome>();
  /** Dependencies outside the plan are already satisfied; the rest are counted down as they finish. */
  private readonly waitingOn = new Map<string, number>();
  private readonly dependents = new Map<string, Operation[]>();

  constructor(
    private readonly operations: readonly Operation[],
    private readonly onSettled: (outcome: OperationOutcome) => void = () => {},
  ) {
    const inPlan = new Set(operations.map((op) => op.id));
    for (const op of operations) {
      const deps = [...new Set(op.dependsOn)].filter((d) => inPlan.has(d));
      this.waitingOn.set(op.id, deps.length);
      for (const d of deps) {
        const list = this.dependents.get(d);
        if (list) list.push(op);
        else this.dependents.set(d, [op]);
      }
    }
  }

  /**
   * The operations ready at the start. Those that unblock the most go first (a group before the users,
   * so group assignments start while users are still being created); plan order otherwise.
   */
  initiallyReady(): Operation[] {
    const fanOut = (op: Operation) => this.dependents.get(op.id)?.length ?? 0;
    return this.operations
      .filter((op) => this.waitingOn.get(op.id) === 0)
      .map((op, index) => ({ op, index }))
      .sort((a, b) => fanOut(b.op) - fanOut(a.op) || a.index - b.index)
      .map(({ op }) => op);
  }

  /**
   * Records the outcome of an operation that ran. Done: answers the dependents this leaves ready, in
   * plan order. Failed: skips everything that depends on it and answers nothing.
   */
  complete(outcome: OperationOutcome): Operation[] {
    this.settle(outcome);
    if (outcome.status !== 'done') {
      this.skipDependents(outcome);
      return [];
    }
    const ready: Operation[] = [];
    for (const dependent of this.dependents.get(outcome.op.id) ?? []) {
      const left = this.waitingOn.get(dependent.id)! - 1;
      this.waitingOn.set(dependent.id, left);
      if (left === 0 && !this.outcomes.has(dependent.id)) ready.push(dependent);
    }
    return ready;
  }

  /**
   * Every operation's outcome, in plan order; those that never ran (their dependencies never completed)
   * are settled as skipped first.
   */
  finalOutcomes(): OperationOutcome[] {
    for (const op of this.operations)
      if (!this.outcomes.has(op.id))
        this.settle({ op, status: 'skipped', reason: 'its dependencies never completed' });
    return this.operations.map((op) => this.outcomes.get(op.id)!);
  }

  private settle(outcome: OperationOutcome): void {
    this.outcomes.set(outcome.op.id, outcome);
    this.onSettled(outcome);
  }

  /** Skips everything that (transitively) depends on an operation that did not get done. */
  private skipDependents(cause: OperationOutcome): void {
    const stack = [cause];
    while (stack.length > 0) {
      const blocked = stack.pop()!;
      for (const dependent of this.dependents.get(blocked.op.id) ?? []) {
        if (this.outcomes.has(dependent.id)) continue;
        const outcome: OperationOutcome = {
          op: dependent,
          status: 'skipped',
          reason: `${blocked.op.summary} ${blocked.status === 'failed' ? 'failed' : 'was skipped'}`,
        };
        this.settle(outcome);
        stack.push(outcome);
      }
    }
  }
}
