/**
 * `--state FILE`: the world survives a restart, and survives the sandbox being killed.
 *
 * Durability: a call that changes the state is answered only once a save holding its change is on disk
 * ({@link StateSaver.whenSaved}; the CLI makes every answer wait for it). So a kill -9 loses no change
 * that was acknowledged: the bound is by design, not by timing, and holds however late timers fire or
 * however long a write takes on a loaded machine. Changes are group-committed: every change made
 * before a save starts is in it, so calls answered in the same turn of the event loop share one write.
 *
 * Writes are atomic: the whole world goes to a temporary file beside the state file (mode 0600), which
 * is fsynced, then renamed over the state file, and the directory is fsynced where the platform allows.
 * A crash leaves the old file or the new one, never half of one. Temporaries a killed sandbox left are
 * removed at the next start.
 *
 * At start the file is checked: JSON, the supported version, no `__proto__` keys, and the shape of what
 * every call reads (accounts, organizations, credentials); a file of the wrong shape is refused with
 * what is wrong and where, rather than loaded to fail every call.
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { ServiceDefinition } from './service.js';
import { allServices } from './services/index.js';
import { prepareWorld, type World } from './world.js';
import { checkSavedState, WorldDocumentError } from './world-document.js';

/** A state file that cannot be used: names the file and each problem in it. */
export class StateFileError extends Error {
  constructor(
    readonly path: string,
    readonly issues: string[],
  ) {
    super(
      issues.length === 1
        ? `${path}: ${issues[0]}`
        : `${path} is not a usable sandbox state file:\n${issues.map((issue) => `  - ${path}: ${issue}`).join('\n')}`,
    );
    this.name = 'StateFileError';
  }
}

/** The temporary file a process writes before renaming it over `path`. */
export function tempPathFor(path: string, pid = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}.tmp`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporaries of `path` left by a sandbox that died mid-save (they hold issued secret keys):
 * those of processes that no longer run, and this process's own (left by an earlier process that had
 * the same id, as happens in containers). Returns the names removed.
 */
export function removeStaleTemporaries(path: string): string[] {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = name.slice(prefix.length, -'.tmp'.length);
    if (!/^\d+$/.test(pid)) continue;
    if (Number(pid) !== process.pid && isAlive(Number(pid))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

const anyObject = z.looseObject({});
const records = (value: z.ZodType = anyObject) => z.record(z.string(), value);
const strings = z.array(z.string());

/** An account the sandbox addresses (a 12-digit key): every member its services read. */
const accountShape = z.looseObject({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  createdAt: z.string(),
  organizationId: z.string().optional(),
  closed: z.boolean().optional(),
  supportPlan: z.string(),
  enabledRegions: strings,
  iam: z.looseObject({
    root: anyObject,
    users: records(),
    groups: records(),
    roles: records(),
    policies: records(),
    mfaDevices: records().optional(),
    accountAliases: strings.optional(),
  }),
  services: records(z.unknown()),
});

const organizationShape = z.looseObject({
  id: z.string(),
  arn: z.string(),
  managementAccountId: z.string(),
  root: anyObject,
  ous: records(),
  members: records(),
  policies: records(),
  attachments: records(strings),
});

const credentialShape = z.looseObject({
  kind: z.enum(['user', 'root', 'role', 'root-session']),
  accountId: z.string(),
  secretAccessKey: z.string(),
});

/**
 * The top level: what every call reads is required; collections added to the format over time are
 * optional and filled in empty when absent (a file from an older orgward of the same version loads).
 */
const stateShape = z.looseObject({
  version: z.number(),
  rng: z.number(),
  defaultAccountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
  // Keys that are not account ids are never addressed; such a record need only be an object.
  accounts: records().superRefine((accounts, ctx) => {
    for (const [id, account] of Object.entries(accounts)) {
      if (!/^\d{12}$/.test(id)) continue;
      const checked = accountShape.safeParse(account);
      if (!checked.success) {
        for (const issue of checked.error.issues) ctx.addIssue({ ...issue, path: [id, ...issue.path] });
      }
    }
  }),
  organizations: records(organizationShape),
  credentials: records(credentialShape),
  handshakes: records().optional(),
  responsibilityTransfers: records().optional(),
  ssoInstances: records().optional(),
  identityStores: records().optional(),
  services: records(z.unknown()).optional(),
});

function describe(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.') || '(document)';
  return `${where}: ${issue.message}`;
}

export interface LoadStateOptions {
  /** Told when the file's permissions were tightened or could not be (default: silent). */
  warn?: (message: string) => void;
  /** The services whose members absent from the file are filled in empty (default: every service). */
  services?: readonly ServiceDefinition[];
}

/**
 * Tightens a state file that others could read (it holds issued secret keys) to 0600, saying so; if
 * that is not allowed, says that it stays readable until the first save replaces it.
 */
function tightenMode(path: string, warn: (message: string) => void): void {
  if (process.platform === 'win32') return;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  const octal = mode.toString(8).padStart(4, '0');
  try {
    chmodSync(path, 0o600);
    warn(
      `${path}: was readable by others (mode ${octal}); tightened to 0600, as it holds issued secret keys`,
    );
  } catch (error) {
    warn(
      `${path}: is readable by others (mode ${octal}) and could not be tightened ` +
        `(${(error as Error).message}); the first save replaces it with a 0600 file`,
    );
  }
}

/**
 * The world saved in `path`, or undefined when there is no such file. Removes stale temporaries of
 * `path` and tightens a file others can read; throws {@link StateFileError} when the file is not a
 * usable state file.
 */
export function loadState(path: string, options: LoadStateOptions = {}): World | undefined {
  removeStaleTemporaries(path);
  if (!existsSync(path)) return undefined;
  tightenMode(path, options.warn ?? (() => undefined));
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(path, [
      `not a sandbox state file (${(error as Error).message}); move it away or pick another --state path`,
    ]);
  }
  // Refuses other versions and `__proto__` keys (named by where they are), which the sandbox never writes.
  try {
    checkSavedState(parsed as World);
  } catch (error) {
    if (error instanceof WorldDocumentError) throw new StateFileError(path, error.issues);
    throw error;
  }
  const shaped = stateShape.safeParse(parsed);
  if (!shaped.success) throw new StateFileError(path, shaped.error.issues.map(describe));
  // The parsed document as it was (the shape only checked it), with absent collections filled in: the
  // services' own members by each service (`prepareWorld`), the `services` slots here.
  const world = parsed as Omit<World, 'services'> & Partial<Pick<World, 'services'>>;
  return prepareWorld({ ...world, services: world.services ?? {} }, options.services ?? allServices);
}

function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here (Windows, some file systems): the rename is still atomic for a process kill.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `world` to `path` atomically, as a file only its owner can read (0600). */
export function writeStateAtomically(path: string, world: World): void {
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'w', 0o600);
  try {
    // A leftover temporary of the same name keeps its mode when reopened; the new file is 0600 anyway.
    if (process.platform !== 'win32') fchmodSync(fd, 0o600);
    writeSync(fd, JSON.stringify(world));
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
  fsyncDirectory(dirname(path));
}

export interface StateSaverOptions {
  /**
   * Runs a save after the current turn of the event loop, so that changes made in the same turn share
   * it (default `setImmediate`). Tests pass a queue they run themselves.
   */
  schedule?: (save: () => void) => void;
  /** Writes the world (default {@link writeStateAtomically}). */
  write?: (path: string, world: World) => void;
  /** Told when a scheduled save fails (it is retried at the next change or flush). */
  onError?: (error: unknown) => void;
}

interface Waiter {
  /** The change count the waiter needs saved. */
  upTo: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Saves the world after changes, and tells when a change is on disk. Acknowledge a change only after
 * {@link whenSaved} resolves and a kill loses nothing acknowledged.
 */
export class StateSaver {
  /** Changes made so far, and how many of them the last successful save holds. */
  private changes = 0;
  private saved = 0;
  private scheduled = false;
  private waiters: Waiter[] = [];
  private readonly schedule: (save: () => void) => void;
  private readonly write: (path: string, world: World) => void;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly path: string,
    private readonly world: () => World,
    options: StateSaverOptions = {},
  ) {
    this.schedule = options.schedule ?? ((save) => void setImmediate(save));
    this.write = options.write ?? writeStateAtomically;
    this.onError = options.onError ?? (() => undefined);
  }

  /** Whether a change is not yet on disk. */
  get pending(): boolean {
    return this.saved < this.changes;
  }

  /** Marks the state changed; a save is scheduled for the end of this turn of the event loop. */
  changed(): void {
    this.changes += 1;
    this.scheduleSave();
  }

  /** Resolves once every change made before the call is on disk; rejects if the save holding it fails. */
  whenSaved(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo: this.changes, resolve, reject });
      this.scheduleSave();
    });
  }

  /** Saves now if anything is unsaved (on shutdown). Throws if the write fails. */
  flush(): void {
    if (this.pending) this.save();
  }

  /** Saves now, changed or not (at start: creates the file and proves it can be written). */
  save(): void {
    const upTo = this.changes;
    try {
      this.write(this.path, this.world());
    } catch (error) {
      this.settle(upTo, error);
      throw error;
    }
    this.saved = upTo;
    this.settle(upTo);
  }

  private settle(upTo: number, error?: unknown): void {
    const done = this.waiters.filter((waiter) => waiter.upTo <= upTo);
    this.waiters = this.waiters.filter((waiter) => waiter.upTo > upTo);
    for (const waiter of done) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  }

  private scheduleSave(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      if (!this.pending) return;
      try {
        this.save();
      } catch (error) {
        this.onError(error);
      }
    });
  }
}
