/**
 * Reading a synthetic organization with the sandbox's AWS-like throttling on (simulated clock), compared
 * with the theoretical floor under AWS's published limits (docs/aws-limits.md#the-read-floor) and with a
 * one-read-per-resource approach.
 */
import { readSnapshot } from '../src/read/snapshot.js';
import { simulatedSandbox } from '../src/sandbox/simulated.js';
import { syntheticWorld, type Profile, type SyntheticCounts } from './synthetic.js';

/** AWS's documented rates per bucket (calls/s) the floor is computed with. */
const RATES = { organizations: 5, 'sso-admin': 20, identitystore: 20 };

export interface ReadRow {
  profile: string;
  counts: SyntheticCounts;
  calls: number;
  callsByService: Record<string, number>;
  floorCalls: number;
  perResourceCalls: number;
  /** Seconds on the simulated clock at AWS's rates: what the read takes on AWS. */
  seconds: number;
  floorSeconds: number;
  wallSeconds: number;
  cpuSeconds: number;
  throttled: number;
  retried: number;
  strategy: string;
  peakRssMiB: number;
}

/**
 * The fewest calls a full read needs (docs/aws-limits.md#the-read-floor), from the fixture's own counts.
 * Organizations throttles per operation, so its floor time is set by its busiest operation; SSO Admin and
 * Identity Store each have one shared bucket.
 */
export function floor(c: SyntheticCounts): { calls: number; seconds: number } {
  const page20 = (n: number) => Math.max(1, Math.ceil(n / 20));
  const page100 = (n: number) => Math.max(1, Math.ceil(n / 100));
  const targets = 1 + c.ous + c.accounts;
  const orgOps = {
    ListTagsForResource: targets + c.policies,
    ListOrganizationalUnitsForParent: c.ous + 1,
    ListAccountsForParent: c.ous + 1 + Math.ceil(c.accounts / 20),
    DescribePolicy: c.policies + 1,
    ListTargetsForPolicy: c.policies + page20(targets),
    other: 2 + 2 + 8,
  };
  const organizations = Object.values(orgOps).reduce((a, b) => a + b, 0);
  const ssoAdmin =
    1 +
    page100(c.permissionSets) +
    6 * c.permissionSets +
    c.permissionSets +
    Math.min(c.pairs, c.users + c.groups) +
    Math.ceil(c.assignments / 100);
  const identitystore = page100(c.users) + page100(c.groups) + c.groups + Math.ceil(c.memberships / 100);
  const seconds = Math.max(
    Math.max(...Object.values(orgOps)) / RATES.organizations,
    ssoAdmin / RATES['sso-admin'],
    identitystore / RATES.identitystore,
  );
  return { calls: organizations + ssoAdmin + identitystore + 2, seconds };
}

/** A per-resource reader (Terraform-style): DescribeAccount + ListParents + tags per account, one ListAccountAssignments per assignment, DescribeGroupMembership per membership. */
export function perResourceCalls(c: SyntheticCounts): number {
  return (
    3 * c.accounts +
    4 * c.ous +
    2 * c.policies +
    10 * c.permissionSets +
    c.assignments +
    c.memberships +
    c.users +
    c.groups
  );
}

export async function benchRead(profile: Profile): Promise<ReadRow> {
  const { world, counts } = syntheticWorld(profile);
  // Sandbox and client on one simulated clock with AWS's rates: the time is AWS's, whatever the host's load.
  const { clock, sandbox, factory } = simulatedSandbox({ world });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const start = clock.now();
  const { assignmentStrategy } = await readSnapshot(factory, { concurrency: 16 });
  const seconds = (clock.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const stats = factory.stats.snapshot();
  const callsByService: Record<string, number> = {};
  for (const [op, n] of Object.entries(stats.byOperation)) {
    const service = op.split(':')[0]!;
    callsByService[service] = (callsByService[service] ?? 0) + n;
  }
  const minimum = floor(counts);
  return {
    profile: profile.name,
    counts,
    calls: stats.calls,
    callsByService,
    floorCalls: minimum.calls,
    perResourceCalls: perResourceCalls(counts),
    seconds,
    floorSeconds: minimum.seconds,
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    throttled: sandbox.stats.snapshot().throttled,
    retried: stats.retried,
    strategy: assignmentStrategy
      ? `${assignmentStrategy.chosen} (${assignmentStrategy.pairs} pairs vs ${assignmentStrategy.principals} principals)`
      : 'none',
    peakRssMiB: Math.round(peak / 2 ** 20),
  };
}
