/**
 * Planning a transfer out of a synthetic organization (issue: moving accounts between organizations):
 * the profile's organization is the source (every member reachable through OrganizationAccountAccessRole),
 * a second organization seeded beside it is the destination. A plan for 1 and for 50 accounts, with the
 * reference scan over the whole source organization (the default) and over the moving accounts only.
 * Client and sandbox share a simulated clock with AWS's rate limits, so the time is AWS-equivalent.
 */
import { planTransferMove } from '../src/api/transfer-plan.js';
import { ClientFactory } from '../src/aws/clients.js';
import { RateLimiter } from '../src/aws/rate-limiter.js';
import { sandboxRequestHandler } from '../src/sandbox/adapter.js';
import { applyWorldDocument } from '../src/sandbox/seed.js';
import { simulatedSandbox } from '../src/sandbox/simulated.js';
import { syntheticWorldWithMemberRoles, type Profile } from './synthetic.js';

const DESTINATION = '210987654321';
const DAY_MS = 86_400_000;

export interface TransferRow {
  profile: string;
  sourceAccounts: number;
  moving: number;
  scan: 'organization' | 'accounts';
  calls: number;
  seconds: number;
  callsByService: Record<string, number>;
  wallSeconds: number;
  failing: number;
}

export async function benchTransfer(profile: Profile): Promise<TransferRow[]> {
  const { world, members } = syntheticWorldWithMemberRoles(profile);
  const { clock, sandbox, factory } = simulatedSandbox({ world });
  applyWorldDocument(
    sandbox.world,
    {
      accounts: {
        [DESTINATION]: {
          name: 'Customer Management',
          email: 'aws@customer.example',
          organization: {
            createdAt: new Date(clock.now() - 30 * DAY_MS).toISOString(),
            ous: ['Workloads', 'Workloads/Prod'],
          },
        },
      },
    },
    sandbox.now(),
  );
  const destination = new ClientFactory(
    {
      region: 'us-east-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId: DESTINATION, secretAccessKey: 'simulated' },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    { sleep: clock.sleep, limiter: new RateLimiter(clock.sleep, clock.now, 1), now: clock.now },
  );
  const rows: TransferRow[] = [];
  for (const [moving, scan] of [
    [1, 'organization'],
    [50, 'organization'],
    [1, 'accounts'],
    [50, 'accounts'],
  ] as const) {
    const before = { source: factory.stats.snapshot(), destination: destination.stats.snapshot().calls };
    const start = clock.now();
    const wall = process.hrtime.bigint();
    const plan = await planTransferMove({
      source: factory,
      destination: { factory: destination },
      accounts: members.slice(0, moving),
      ou: 'Workloads/Prod',
      scan,
      now: () => new Date(clock.now()),
    });
    const after = factory.stats.snapshot();
    const callsByService: Record<string, number> = {};
    for (const [key, n] of Object.entries(after.byOperation)) {
      const service = key.split(':')[0]!;
      callsByService[service] = (callsByService[service] ?? 0) + n - (before.source.byOperation[key] ?? 0);
    }
    rows.push({
      profile: profile.name,
      sourceAccounts: members.length + 1,
      moving,
      scan,
      calls: after.calls - before.source.calls + destination.stats.snapshot().calls - before.destination,
      seconds: (clock.now() - start) / 1000,
      callsByService,
      wallSeconds: Number(process.hrtime.bigint() - wall) / 1e9,
      failing: plan.accounts.reduce((n, a) => n + a.blockers.filter((b) => b.status === 'FAIL').length, 0),
    });
  }
  return rows;
}
