import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadState,
  removeStaleTemporaries,
  StateFileError,
  StateSaver,
  tempPathFor,
  writeStateAtomically,
} from './persistence.js';
import { ensureAccount, type World } from './world.js';
import { emptyWorld } from './sandbox.js';

const posix = process.platform !== 'win32';

/** A saver on a scheduler the test runs by hand, recording each write's change count. */
function harness() {
  const queue: Array<() => void> = [];
  const writes: number[] = [];
  let version = 0;
  let failNext: Error | undefined;
  const saver = new StateSaver('/nowhere/state.json', () => ({ ...emptyWorld(), rng: version }), {
    schedule: (save) => queue.push(save),
    write: (_path, world) => {
      if (failNext) {
        const error = failNext;
        failNext = undefined;
        throw error;
      }
      writes.push(world.rng);
    },
  });
  const change = () => {
    version += 1;
    saver.changed();
  };
  const runScheduled = () => {
    for (const save of queue.splice(0)) save();
  };
  return { saver, queue, writes, change, runScheduled, fail: (error: Error) => (failNext = error) };
}

/** Settles promise callbacks (no timers involved). */
const microtasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('StateSaver: acknowledgement waits for the save holding the change', () => {
  it('schedules one save for changes made in the same turn, and writes nothing before it runs', async () => {
    const h = harness();
    h.change();
    h.change();
    h.change();
    expect(h.queue).toHaveLength(1);
    expect(h.writes).toEqual([]);
    let acknowledged = false;
    void h.saver.whenSaved().then(() => (acknowledged = true));
    await microtasks();
    expect(acknowledged).toBe(false);
    h.runScheduled();
    await microtasks();
    expect(h.writes).toEqual([3]);
    expect(acknowledged).toBe(true);
    expect(h.saver.pending).toBe(false);
  });

  it('never acknowledges a change made after the save that was written (bound 0, whatever the timing)', async () => {
    const h = harness();
    const acknowledged: string[] = [];
    h.change();
    void h.saver.whenSaved().then(() => acknowledged.push('first'));
    h.runScheduled();
    h.change();
    void h.saver.whenSaved().then(() => acknowledged.push('second'));
    await microtasks();
    expect(acknowledged).toEqual(['first']);
    // However late the scheduler runs, the second is not acknowledged until a save holding it is written.
    for (let i = 0; i < 5; i++) await microtasks();
    expect(acknowledged).toEqual(['first']);
    h.runScheduled();
    await microtasks();
    expect(acknowledged).toEqual(['first', 'second']);
    expect(h.writes).toEqual([1, 2]);
  });

  it('answers at once when nothing is unsaved, and writes nothing when a scheduled save finds nothing', async () => {
    const h = harness();
    await h.saver.whenSaved();
    h.change();
    h.saver.flush();
    h.runScheduled();
    expect(h.writes).toEqual([1]);
    h.saver.flush();
    expect(h.writes).toEqual([1]);
  });

  it('a failed save rejects the answers waiting for it; the next change retries and saves everything', async () => {
    const h = harness();
    h.change();
    const waiting = h.saver.whenSaved();
    h.fail(new Error('ENOSPC: no space left on device'));
    h.runScheduled();
    await expect(waiting).rejects.toThrow(/ENOSPC/);
    expect(h.saver.pending).toBe(true);
    h.change();
    const retried = h.saver.whenSaved();
    h.runScheduled();
    await expect(retried).resolves.toBeUndefined();
    expect(h.writes).toEqual([2]);
  });

  it('reports a failed scheduled save nobody waits for to onError', () => {
    const errors: unknown[] = [];
    const queue: Array<() => void> = [];
    const saver = new StateSaver('/nowhere', () => emptyWorld(), {
      schedule: (save) => queue.push(save),
      write: () => {
        throw new Error('EACCES');
      },
      onError: (error) => errors.push(error),
    });
    saver.changed();
    queue.shift()!();
    expect(errors).toEqual([new Error('EACCES')]);
    expect(() => saver.flush()).toThrow('EACCES');
  });
});

describe('state files on disk', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'orgward-persistence-'));
    file = join(dir, 'state.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const world = (): World => {
    const w = emptyWorld();
    ensureAccount(w, '111122223333', new Date('2024-01-01T00:00:00Z'));
    return w;
  };

  it('round-trips a world, leaving no temporary behind', () => {
    const saved = world();
    writeStateAtomically(file, saved);
    expect(loadState(file)).toEqual(saved);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it.runIf(posix)('creates the file with mode 0600, whatever the umask and a leftover temporary', () => {
    writeFileSync(tempPathFor(file), 'left over', { mode: 0o644 });
    chmodSync(tempPathFor(file), 0o644);
    writeStateAtomically(file, world());
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.runIf(posix)('tightens an existing state file others can read, and says so', () => {
    writeFileSync(file, JSON.stringify(world()));
    chmodSync(file, 0o644);
    const warnings: string[] = [];
    loadState(file, { warn: (message) => warnings.push(message) });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([expect.stringMatching(/state\.json: was readable by others \(mode 0644\)/)]);
  });

  it('removes temporaries of dead processes and of this process id at load, and no one else’s', () => {
    writeFileSync(file, JSON.stringify(world()));
    const dead = tempPathFor(file, 2 ** 22 + 12345); // above Linux's pid_max default: never running
    const mine = tempPathFor(file);
    const live = tempPathFor(file, process.ppid);
    const otherFile = join(dir, '.other.json.999999.tmp');
    for (const path of [dead, mine, live, otherFile]) writeFileSync(path, '{"torn":');
    expect(loadState(file)).toBeDefined();
    expect(readdirSync(dir).sort()).toEqual(
      ['.other.json.999999.tmp', `.state.json.${process.ppid}.tmp`, 'state.json'].sort(),
    );
    expect(removeStaleTemporaries(file)).toEqual([]);
  });

  it('cleans stale temporaries even when the state file itself is missing', () => {
    writeFileSync(tempPathFor(file), '{"torn":');
    expect(loadState(file)).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  const refusals: Array<[string, unknown, RegExp]> = [
    ['not JSON', '{"version": 1,', /state\.json: not a sandbox state file/],
    ['not an object', [], /state\.json: .*a saved state is a JSON object/],
    ['another version', { ...emptyWorld(), version: 2 }, /state\.json: state version 2 is not supported/],
    [
      'no accounts',
      (() => {
        const w: Partial<World> = emptyWorld();
        delete w.accounts;
        return w;
      })(),
      /state\.json: accounts: Invalid input: expected record, received undefined/,
    ],
    [
      'organizations as an array',
      { ...emptyWorld(), organizations: [] },
      /state\.json: organizations: Invalid input: expected record, received array/,
    ],
    [
      'no credentials',
      (() => {
        const w: Partial<World> = emptyWorld();
        delete w.credentials;
        return w;
      })(),
      /state\.json: credentials: Invalid input/,
    ],
    [
      'an account without iam',
      {
        ...emptyWorld(),
        accounts: { '111122223333': { ...world().accounts['111122223333'], iam: undefined } },
      },
      /state\.json: accounts\.111122223333\.iam: Invalid input: expected object, received undefined/,
    ],
    [
      'an account whose users are a list',
      (() => {
        const w = world();
        (w.accounts['111122223333']!.iam as unknown as Record<string, unknown>).users = [];
        return w;
      })(),
      /state\.json: accounts\.111122223333\.iam\.users: Invalid input: expected record, received array/,
    ],
    [
      'a credential without a secret',
      { ...emptyWorld(), credentials: { AKIA1: { kind: 'user', accountId: '111122223333', userName: 'u' } } },
      /state\.json: credentials\.AKIA1\.secretAccessKey: Invalid input/,
    ],
    [
      'an organization that is a string',
      { ...emptyWorld(), organizations: { 'o-1': 'x' } },
      /state\.json: organizations\.o-1: Invalid input: expected object, received string/,
    ],
  ];
  it.each(refusals)(
    'refuses a file with %s, naming the file and what is wrong',
    (_name, content, message) => {
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      let thrown: unknown;
      try {
        loadState(file);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StateFileError);
      expect((thrown as StateFileError).message).toContain(file);
      expect((thrown as StateFileError).message).toMatch(message);
    },
  );

  it('names every problem when there are several', () => {
    writeFileSync(file, JSON.stringify({ ...emptyWorld(), accounts: 3, credentials: null }));
    expect(() => loadState(file)).toThrow(
      /is not a usable sandbox state file:\n {2}- .*state\.json: accounts: .*\n {2}- .*state\.json: credentials: /,
    );
  });

  it('loads a file of an older orgward lacking collections added since, filling them in empty', () => {
    const older: Partial<World> = world();
    delete older.ssoInstances;
    delete older.identityStores;
    delete older.handshakes;
    delete older.services;
    writeFileSync(file, JSON.stringify({ ...older, extra: { kept: true } }));
    const loaded = loadState(file)!;
    expect(loaded.ssoInstances).toEqual({});
    expect(loaded.identityStores).toEqual({});
    expect(loaded.handshakes).toEqual({});
    expect(loaded.services).toEqual({});
    expect((loaded as unknown as { extra: unknown }).extra).toEqual({ kept: true });
    expect(loaded.accounts['111122223333']?.name).toBe('account-111122223333');
  });

  it('a saver writes a file loadState reads back', async () => {
    const w = world();
    const saver = new StateSaver(file, () => w);
    saver.changed();
    await saver.whenSaved();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(w);
  });
});
