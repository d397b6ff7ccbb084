/** Plans are graphs: every dependency must exist and there must be no cycle; order is topological and stable. */
import type { Operation } from './operations.js';

export class PlanGraphError extends Error {}

/** Operations in an order where each comes after what it depends on (ties keep plan order). */
export function topologicalOrder(operations: readonly Operation[]): Operation[] {
  const byId = new Map(operations.map((op) => [op.id, op]));
  for (const op of operations) {
    for (const dep of op.dependsOn) {
      if (!byId.has(dep)) throw new PlanGraphError(`operation ${op.id} depends on unknown operation ${dep}`);
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const out: Operation[] = [];
  const visit = (op: Operation, trail: string[]) => {
    const seen = state.get(op.id);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new PlanGraphError(`dependency cycle: ${[...trail, op.id].join(' → ')}`);
    state.set(op.id, 'visiting');
    for (const dep of op.dependsOn) visit(byId.get(dep)!, [...trail, op.id]);
    state.set(op.id, 'done');
    out.push(op);
  };
  for (const op of operations) visit(op, []);
  return out;
}
