import { describe, expect, it, vi } from 'vitest';
import { ListUsersCommand } from '@aws-sdk/client-identitystore';
import { CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { ListInstancesCommand } from '@aws-sdk/client-sso-admin';
import { createAccountAndWait } from '../apply/create-account.js';
import { simulatedSandbox } from './simulated.js';
import { VirtualClock } from './virtual-clock.js';

describe('VirtualClock', () => {
  it('wakes sleepers in time order, jumping the clock instead of waiting', async () => {
    const clock = new VirtualClock(0);
    const woke: string[] = [];
    const timers = vi.spyOn(globalThis, 'setTimeout');
    await Promise.all([
      clock.sleep(3_600_000).then(() => woke.push(`hour@${clock.now()}`)),
      clock.sleep(1000).then(() => woke.push(`second@${clock.now()}`)),
      clock.sleep(1000).then(() => woke.push(`second again@${clock.now()}`)),
      (async () => {
        await clock.sleep(500);
        woke.push(`half@${clock.now()}`);
        await clock.sleep(2000);
        woke.push(`half+2@${clock.now()}`);
      })(),
    ]);
    expect(woke).toEqual(['half@500', 'second@1000', 'second again@1000', 'half+2@2500', 'hour@3600000']);
    expect(clock.pending).toBe(0);
    // An hour of simulated time passed without waiting for it: no real timer was set for any of it
    // (checked by what was asked of the runtime, not by the wall clock, which a loaded machine stretches).
    expect(timers.mock.calls.filter(([, ms]) => (ms ?? 0) >= 500)).toEqual([]);
    timers.mockRestore();
  });

  it('drives the sandbox and the SDK clients: rate limits and settle times in simulated seconds', async () => {
    const { clock, sandbox, factory } = simulatedSandbox({
      account: { id: '111111111111', name: 'Management', email: 'm@example.com' },
      settle: { createAccountMs: 120_000 },
    });
    await factory.organizations().send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const instances = await factory.ssoAdmin().send(new ListInstancesCommand({}));
    const storeId = instances.Instances![0]!.IdentityStoreId!;

    // Identity Store: 20 calls/s with a burst of 20, so 60 calls take 2 simulated seconds.
    const before = clock.now();
    await Promise.all(
      Array.from({ length: 60 }, () =>
        factory.identityStore().send(new ListUsersCommand({ IdentityStoreId: storeId })),
      ),
    );
    expect((clock.now() - before) / 1000).toBeCloseTo(2, 0);
    expect(sandbox.stats.snapshot().throttled).toBe(0);

    // CreateAccount stays IN_PROGRESS for 120 simulated seconds; polls back off to every 10 s.
    const started = clock.now();
    const id = await createAccountAndWait(
      factory.organizations(),
      { name: 'Dev', email: 'dev@example.com' },
      { sleep: clock.sleep, initialIntervalMs: 1000, maxIntervalMs: 10_000 },
    );
    expect(sandbox.world.accounts[id]?.name).toBe('Dev');
    const seconds = (clock.now() - started) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(120);
    expect(seconds).toBeLessThan(131);
  });
});
