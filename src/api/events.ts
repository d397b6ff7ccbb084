/**
 * How an action talks to whoever runs it while it works, without printing: progress of long reads,
 * problems found in input files, the outcome of each applied operation, warnings, and the question
 * before a change. The CLI draws these on a terminal; a bot or portal can log, stream or answer them.
 * Every member is optional: an action with no sink runs silently and refuses what needs confirmation.
 */
import type { OperationOutcome } from '../apply/executor.js';
import type { ConfigIssue } from '../config/issues.js';
import type { Operation } from '../plan/operations.js';
import type { ReadProgress } from '../read/options.js';

export type OrgwardEvent =
  /** A long read advanced (`total` is undefined where it is not known in advance). */
  | ({ type: 'progress' } & ReadProgress)
  /** A problem (error or warning) in an input file, with its file, line and column. */
  | { type: 'issue'; issue: ConfigIssue }
  /** An operation of an apply finished: done, failed or skipped. */
  | { type: 'operation'; outcome: OperationOutcome }
  /** Something the user should know that is not an error (an expired suppression, a part not read). */
  | { type: 'warning'; message: string };

/** A change waiting for a yes: what it is and how much of it cannot be undone. */
export interface ConfirmationRequest {
  question: string;
  operations: readonly Operation[];
  destructive: number;
}

export interface EventSink {
  emit?(event: OrgwardEvent): void;
  /**
   * Asked before a change is made, unless the caller passed `confirmed: true`. Without it, an action
   * that needs a yes refuses with a {@link UsageError} and changes nothing.
   */
  confirm?(request: ConfirmationRequest): Promise<boolean>;
}

/** The progress callback the readers take, feeding the sink. */
export function progressOf(sink: EventSink | undefined): ((progress: ReadProgress) => void) | undefined {
  const emit = sink?.emit?.bind(sink);
  return emit ? (progress) => emit({ type: 'progress', ...progress }) : undefined;
}
