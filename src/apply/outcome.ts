/** What became of each operation of a run, and the run's totals. */
import type { Operation } from '../plan/operations.js';

export type OperationOutcome =
  | { op: Operation; status: 'done'; ms: number; note?: string }
  | { op: Operation; status: 'failed'; error: unknown }
  | { op: Operation; status: 'skipped'; reason: string };

export interface ApplyResult {
  outcomes: OperationOutcome[];
  done: number;
  failed: number;
  skipped: number;
}

/** The result of a run whose outcomes (in plan order) are `outcomes`. */
export function tally(outcomes: OperationOutcome[]): ApplyResult {
  return {
    outcomes,
    done: outcomes.filter((o) => o.status === 'done').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
  };
}
