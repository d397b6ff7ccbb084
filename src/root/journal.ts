/**
 * The root journal: one JSON line per root action (when, who, account, task, result), appended to a local
 * file the team keeps, so an auditor can see what was done to which root user and by whom.
 */
import { appendFile } from 'node:fs/promises';

export interface JournalEntry {
  at: string;
  /** The caller's ARN. */
  who: string;
  account: string;
  task: string;
  result: 'ok' | 'failed' | 'nothing-to-do';
  /** What was done or what went wrong. */
  detail?: string;
}

export const DEFAULT_JOURNAL = 'orgward-root-journal.jsonl';

export async function appendJournal(file: string, entries: readonly JournalEntry[]): Promise<void> {
  if (!entries.length) return;
  await appendFile(file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
}
