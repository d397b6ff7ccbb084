import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../sandbox/virtual-clock.js';
import { StatusWatcher, type RequestStatus } from './status-watcher.js';

/** Requests that finish at given times; the listing can lag behind new requests. */
function fakeAws(clock: VirtualClock, finishAt: Record<string, number>, listedFrom: Record<string, number>) {
  const calls = { list: 0, describe: 0 };
  const status = (id: string): RequestStatus =>
    clock.now() >= finishAt[id]!
      ? { status: id.startsWith('bad') ? 'FAILED' : 'SUCCEEDED' }
      : { status: 'IN_PROGRESS' };
  return {
    calls,
    source: {
      listInProgress: () => {
        calls.list++;
        return Promise.resolve(
          new Set(
            Object.keys(finishAt).filter(
              (id) => clock.now() >= (listedFrom[id] ?? 0) && status(id).status === 'IN_PROGRESS',
            ),
          ),
        );
      },
      describe: (id: string) => {
        calls.describe++;
        return Promise.resolve(status(id));
      },
    },
  };
}

describe('StatusWatcher', () => {
  it('lists once per interval for every waiter and describes only the requests that left the list', async () => {
    const clock = new VirtualClock(0);
    const aws = fakeAws(clock, { a: 8000, b: 8000, c: 12_000, bad: 3000 }, {});
    const watcher = new StatusWatcher(aws.source, clock.sleep, 1000);
    const results = await Promise.all(
      ['a', 'b', 'c', 'bad'].map(async (id) => ({ id, ...(await watcher.wait(id)), at: clock.now() })),
    );
    expect(results).toEqual([
      { id: 'a', status: 'SUCCEEDED', at: 8000 },
      { id: 'b', status: 'SUCCEEDED', at: 8000 },
      { id: 'c', status: 'SUCCEEDED', at: 12_000 },
      { id: 'bad', status: 'FAILED', at: 3000 },
    ]);
    expect(aws.calls).toEqual({ list: 12, describe: 4 });
  });

  it('keeps waiting for a request the listing does not show yet', async () => {
    const clock = new VirtualClock(0);
    const aws = fakeAws(clock, { late: 5000 }, { late: 3000 });
    const watcher = new StatusWatcher(aws.source, clock.sleep, 1000);
    expect(await watcher.wait('late')).toEqual({ status: 'SUCCEEDED' });
    expect(clock.now()).toBe(5000);
    // Not listed at 1 s and 2 s: described then (IN_PROGRESS), listed from 3 s, described when done.
    expect(aws.calls.describe).toBe(3);
  });

  it('fails every waiter when the listing fails', async () => {
    const clock = new VirtualClock(0);
    const watcher = new StatusWatcher(
      {
        listInProgress: () => Promise.reject(new Error('AccessDenied')),
        describe: () => Promise.reject(new Error('unused')),
      },
      clock.sleep,
      1000,
    );
    await expect(Promise.all([watcher.wait('x'), watcher.wait('y')])).rejects.toThrow('AccessDenied');
  });
});
