/** Prints a failure as one clear line (the stack only with --debug) and picks the exit code. */
import { CommanderError } from 'commander';
import { ExitCode, OrgwardError, exitCodeFor } from '../errors/index.js';

export function reportFailure(error: unknown, debug: boolean): ExitCode {
  if (error instanceof CommanderError) {
    // commander has already printed its usage message.
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.CouldNotRun;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`orgward: ${message}`);
  if (error instanceof OrgwardError && error.hint) console.error(`  hint: ${error.hint}`);
  if (!(error instanceof OrgwardError) && !debug)
    console.error('  (an unexpected error; run again with --debug for details)');
  if (debug && error instanceof Error && error.stack) console.error(error.stack);
  return exitCodeFor(error);
}
