/**
 * `orgward cost` over a synthetic organization with three months of cost in every account (three
 * services each). Client and sandbox share a simulated clock with AWS's rate limits, so the time is
 * AWS-equivalent; the report's total is checked against the seed.
 */
import { costReport } from '../src/api/cost.js';
import { applyWorldDocument } from '../src/sandbox/seed.js';
import { simulatedSandbox } from '../src/sandbox/simulated.js';
import { syntheticWorldWithMemberRoles, type Profile } from './synthetic.js';

export interface CostRow {
  profile: string;
  accounts: number;
  ous: number;
  calls: number;
  costExplorerCalls: number;
  seconds: number;
  cpuSeconds: number;
  wallSeconds: number;
  /** The report's total equals the seed's, to the cent. */
  exact: boolean;
}

function month(now: Date, back: number): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

export async function benchCost(profile: Profile): Promise<CostRow> {
  const { world, members } = syntheticWorldWithMemberRoles(profile);
  const { clock, sandbox, factory } = simulatedSandbox({ world });
  const now = new Date(clock.now());
  let cents = 0;
  const accounts: Record<string, { costs: Record<string, Record<string, number>> }> = {};
  members.forEach((id, n) => {
    const costs: Record<string, Record<string, number>> = {};
    for (let back = 1; back <= 3; back++) {
      const ec2 = 100 + ((n * 7 + back) % 900) + 0.17;
      const s3 = ((n + back) % 50) + 0.05;
      costs[month(now, back)] = {
        'Amazon Elastic Compute Cloud - Compute': ec2,
        'Amazon Simple Storage Service': s3,
        'AWS CloudTrail': 1.1,
      };
      cents += Math.round((ec2 + s3 + 1.1) * 100);
    }
    accounts[id] = { costs };
  });
  applyWorldDocument(sandbox.world, { accounts }, sandbox.now());
  const start = clock.now();
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const before = factory.stats.snapshot();
  const report = await costReport({ factory, months: 3, by: { kind: 'ou' }, now });
  const used = process.cpuUsage(cpu);
  const after = factory.stats.snapshot();
  const ce = Object.entries(after.byOperation)
    .filter(([k]) => k.startsWith('ce:'))
    .reduce((s, [k, n]) => s + n - (before.byOperation[k] ?? 0), 0);
  return {
    profile: profile.name,
    accounts: members.length,
    ous: report.rows.length - 1,
    calls: after.calls - before.calls,
    costExplorerCalls: ce,
    seconds: (clock.now() - start) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    wallSeconds: Number(process.hrtime.bigint() - wall) / 1e9,
    exact: Math.round(report.total.total * 100) === cents,
  };
}
