/**
 * The CLI's event sink: progress as one rewritten line on a terminal, input problems and warnings on
 * standard error, applied operations as they finish, and questions asked on the terminal (no question
 * without one: the action then refuses, and `--yes` is the way through).
 */
import type { EventSink, OrgwardEvent } from '../api/events.js';
import type { OperationOutcome } from '../apply/executor.js';
import { formatIssue } from '../config/issues.js';
import { OrgwardError } from '../errors/index.js';
import { canAsk, confirm } from './confirm.js';
import { progressReporter } from './progress.js';

function describeFailure(error: unknown): string {
  if (error instanceof OrgwardError) return `${error.message}${error.hint ? ` (${error.hint})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

export function outcomeLine(outcome: OperationOutcome): string {
  switch (outcome.status) {
    case 'done':
      return `  ✓ ${outcome.op.summary} (${outcome.ms} ms)${outcome.note ? `: ${outcome.note}` : ''}`;
    case 'failed':
      return `  ✗ ${outcome.op.summary}: ${describeFailure(outcome.error)}`;
    case 'skipped':
      return `  - skipped ${outcome.op.summary}: ${outcome.reason}`;
  }
}

export interface TerminalSink extends EventSink {
  /** Clears the progress line (call when the read is over, before printing results). */
  done(): void;
  /** Warnings held back to print after the result (`deferWarnings`). */
  flushWarnings(): void;
}

/**
 * @param options.deferWarnings hold warnings back until `flushWarnings`.
 * @param options.quietOperations no line per finished operation (the command prints the run whole).
 */
export function terminalSink(
  options: { deferWarnings?: boolean; quietOperations?: boolean } = {},
): TerminalSink {
  const progress = progressReporter();
  const deferred: string[] = [];
  const sink: TerminalSink = {
    emit(event: OrgwardEvent) {
      switch (event.type) {
        case 'progress':
          progress.onProgress(event);
          break;
        case 'issue':
          console.error(formatIssue(event.issue));
          break;
        case 'operation':
          if (!options.quietOperations) console.log(outcomeLine(event.outcome));
          break;
        case 'warning':
          if (options.deferWarnings) deferred.push(event.message);
          else console.error(`note: ${event.message}`);
          break;
      }
    },
    done: () => progress.done(),
    flushWarnings: () => {
      for (const message of deferred.splice(0)) console.error(`note: ${message}`);
    },
  };
  if (canAsk()) sink.confirm = (request) => confirm(request.question);
  return sink;
}
