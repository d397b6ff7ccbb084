/**
 * A sandbox and a client factory on one simulated clock: AWS's rate limits on, the given settle times,
 * every wait (tokens, retries, polling) a timer on the {@link VirtualClock}. For benchmarks and tests of
 * how long things take on AWS; in process only.
 */
import { ClientFactory } from '../aws/clients.js';
import { RateLimiter } from '../aws/rate-limiter.js';
import { sandboxRequestHandler } from './adapter.js';
import type { SettleConfig } from './config.js';
import { emptyWorld, Sandbox } from './sandbox.js';
import { applyWorldDocument } from './seed.js';
import { VirtualClock } from './virtual-clock.js';
import type { World } from './world.js';

export interface Simulated {
  clock: VirtualClock;
  sandbox: Sandbox;
  factory: ClientFactory;
}

export function simulatedSandbox(
  options: {
    /** A world to start from; otherwise an empty one holding only `account`. */
    world?: World;
    account?: { id: string; name: string; email: string };
    settle?: Partial<SettleConfig>;
    throttling?: boolean;
  } = {},
): Simulated {
  const clock = new VirtualClock();
  const sandbox = new Sandbox({
    world: options.world ?? emptyWorld(options.account ? { defaultAccountId: options.account.id } : {}),
    nowMs: clock.now,
    onCall: clock.touch,
    config: {
      throttling: { enabled: options.throttling ?? true, profile: 'documented', timeScale: 1 },
      settle: { ...options.settle },
    },
  });
  if (options.account) {
    const { id, name, email } = options.account;
    applyWorldDocument(sandbox.world, { accounts: { [id]: { name, email } } }, sandbox.now());
  }
  const factory = new ClientFactory(
    {
      region: 'us-east-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId: 'simulated', secretAccessKey: 'simulated' },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    // Assumed credentials expire by the simulated clock too: by the real one they would look expired
    // (or everlasting) and be fetched again on every call.
    { sleep: clock.sleep, limiter: new RateLimiter(clock.sleep, clock.now, 1), now: clock.now },
  );
  return { clock, sandbox, factory };
}
