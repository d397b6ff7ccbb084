/**
 * `--state FILE`: the world survives a restart. Writes are atomic (a temporary file in the same
 * directory, fsync, rename), so a crash leaves either the old file or the new one, never half of one.
 * Saves are coalesced: at most one write per `intervalMs` while requests arrive, and a final one on close.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkSavedState, WorldDocumentError } from './seed.js';
import type { World } from './world.js';

export function loadState(path: string): World | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${path}: not a sandbox state file (${(error as Error).message}); move it away or pick another --state path`,
      { cause: error },
    );
  }
  // Refuses other versions and `__proto__` keys (named by where they are), which the sandbox never writes.
  try {
    return checkSavedState(parsed as World);
  } catch (error) {
    if (error instanceof WorldDocumentError)
      throw new WorldDocumentError(error.issues.map((issue) => `${path}: ${issue}`));
    throw error;
  }
}

export function writeStateAtomically(path: string, world: World): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, JSON.stringify(world));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

export class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    private readonly path: string,
    private readonly world: () => World,
    private readonly intervalMs = 100,
  ) {}

  /** Marks the state changed; it is written within `intervalMs`. */
  changed(): void {
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.intervalMs);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty) return;
    this.dirty = false;
    writeStateAtomically(this.path, this.world());
  }
}
