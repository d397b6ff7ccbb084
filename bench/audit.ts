/**
 * The audit of a synthetic organization (docs/aws-limits.md#audit-cost, #benchmark-organizations): the
 * management account plus every member through OrganizationAccountAccessRole, in four regions, against
 * the sandbox with throttling at AWS rates. Reports calls, wall time, peak memory, and the calls a
 * per-account-only strategy would make (GuardDuty and Security Hub read in every account and region
 * instead of from the delegated administrator's member lists).
 */
import { auditSettingsSchema } from '../src/model/audit-settings.js';
import { runAudit } from '../src/audit/engine.js';
import { collectAudit } from '../src/read/audit/collect.js';
import { seededStream } from '../src/sandbox/rng.js';
import { applyWorldDocument } from '../src/sandbox/seed.js';
import { simulatedSandbox } from '../src/sandbox/simulated.js';
import { putServiceRole, trustAccountPolicy } from '../src/sandbox/services/iam/roles.js';
import { syntheticWorld, type Profile } from './synthetic.js';

export const AUDIT_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'];

export interface AuditRow {
  profile: string;
  accounts: number;
  regions: number;
  calls: number;
  callsPerAccountRegion: number;
  assumeRole: number;
  perAccountOnlyCalls: number;
  seconds: number;
  wallSeconds: number;
  cpuSeconds: number;
  throttled: number;
  retried: number;
  /** Peak RSS of the process: the in-process sandbox and its world included. */
  peakRssMiB: number;
  /** orgward's own live heap at the end (collection and result), when run with --expose-gc. */
  liveMiB?: number;
  /** CPU seconds of the checks and the summary (runAudit), apart from the read. */
  evaluateCpuSeconds: number;
  findings: number;
  unknown: number;
  /** UNKNOWN findings per check, most first: what the fixture or the sandbox could not show. */
  unknownByCheck: Array<[string, number]>;
}

export async function benchAudit(profile: Profile): Promise<AuditRow> {
  const { world } = syntheticWorld(profile);
  const org = Object.values(world.organizations)[0]!;
  const mgmt = org.managementAccountId;
  const members = Object.keys(org.members).filter((id) => id !== mgmt);
  const security = members[0]!;
  for (const id of members) {
    putServiceRole(world, world.accounts[id]!, {
      roleName: 'OrganizationAccountAccessRole',
      assumeRolePolicyDocument: trustAccountPolicy(mgmt),
      attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      createDate: new Date().toISOString(),
    });
  }
  const logArchive = members[1]!;
  world.accounts[security]!.name = 'Security Tooling';
  world.accounts[logArchive]!.name = 'Log Archive';
  // What a governed organization has switched on: contacts through Account Management, conformance
  // packs through Config, so ORG-03 and DET-03 read real answers rather than AccessDenied.
  org.trustedServices['account.amazonaws.com'] = new Date().toISOString();
  org.trustedServices['config-multiaccountsetup.amazonaws.com'] = new Date().toISOString();
  // Audit data per account and region (docs/aws-limits.md#benchmark-organizations): Config on or off,
  // root credentials and IAM users here and there, GuardDuty and Security Hub through the security
  // account in every region.
  const random = seededStream(7);
  const accounts: Record<string, unknown> = {};
  for (const id of [mgmt, ...members]) {
    accounts[id] = {
      ...(random() < 0.8
        ? {
            alternateContacts: {
              SECURITY: {
                name: 'Security',
                title: 'CISO',
                email: 'security@example.com',
                phone: '+1 555 0100',
              },
            },
          }
        : {}),
      ...(id === logArchive
        ? { buckets: [{ name: 'org-trail-logs', versioning: true }, { name: 'org-config' }] }
        : {}),
      ...(random() < 0.2 ? { rootCredentials: { password: true, accessKeys: random() < 0.3 ? 1 : 0 } } : {}),
      ...(random() < 0.3
        ? {
            iamUsers: Object.fromEntries(
              Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => [
                `user${i}`,
                { password: random() < 0.5 },
              ]),
            ),
          }
        : {}),
      regions: Object.fromEntries(
        AUDIT_REGIONS.map((r) => [
          r,
          {
            ...(random() < 0.7
              ? {
                  config: {
                    recorder: { recording: true, includeGlobalResourceTypes: r === 'us-east-1' },
                    deliveryChannel: { s3BucketName: 'org-config' },
                  },
                }
              : {}),
            ...(id === mgmt
              ? {
                  guardduty: { organizationAdmin: security },
                  securityHub: { enabled: false, organizationAdmin: security },
                }
              : {}),
            ...(id === mgmt && r === 'us-east-1'
              ? { trails: [{ name: 'org-trail', s3BucketName: 'org-trail-logs', organization: true }] }
              : {}),
            ...(id === security
              ? { guardduty: { autoEnableOrganizationMembers: 'ALL' }, securityHub: { enabled: true } }
              : {}),
          },
        ]),
      ),
    };
  }
  // Sandbox and client on one simulated clock with AWS's rates: the time is AWS's, whatever the host's load.
  const { clock, sandbox, factory } = simulatedSandbox({ world });
  applyWorldDocument(sandbox.world, { accounts }, sandbox.now());
  const settings = auditSettingsSchema.parse({});
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const start = clock.now();
  const collection = await collectAudit(factory, {
    settings,
    regions: AUDIT_REGIONS,
    concurrency: 32,
    sleep: clock.sleep,
  });
  const seconds = (clock.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const evaluateBefore = process.cpuUsage();
  const result = runAudit(collection, settings, new Date());
  const evaluate = process.cpuUsage(evaluateBefore);
  // What orgward holds at the end (the collection and the result), apart from the sandbox's world:
  // the live heap after a full collection, less the live heap before the audit began.
  gc?.();
  const liveMiB = gc ? Math.round((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20) : undefined;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const stats = factory.stats.snapshot();
  const count = (prefix: string) =>
    Object.entries(stats.byOperation)
      .filter(([op]) => op.startsWith(prefix))
      .reduce((n, [, v]) => n + v, 0);
  const accountsRead = Object.keys(collection.accounts).length;
  const accountRegions = accountsRead * AUDIT_REGIONS.length;
  // Per-account-only: drop the central GuardDuty/Security Hub member views, read ListDetectors +
  // GetDetector and DescribeHub + GetEnabledStandards in every account and region instead.
  const centralViews =
    count('guardduty:ListMembers') +
    count('guardduty:DescribeOrganizationConfiguration') +
    count('securityhub:ListMembers') +
    count('securityhub:DescribeOrganizationConfiguration');
  const perAccountRegionFallback =
    count('guardduty:ListDetectors') +
    count('guardduty:GetDetector') +
    count('securityhub:DescribeHub') +
    count('securityhub:GetEnabledStandards');
  const perAccountOnlyCalls = stats.calls - centralViews - perAccountRegionFallback + accountRegions * 4;
  return {
    profile: profile.name,
    accounts: accountsRead,
    regions: AUDIT_REGIONS.length,
    calls: stats.calls,
    callsPerAccountRegion: stats.calls / accountRegions,
    assumeRole: count('sts:AssumeRole'),
    perAccountOnlyCalls,
    seconds,
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    throttled: sandbox.stats.snapshot().throttled,
    retried: stats.retried,
    peakRssMiB: Math.round(peak / 2 ** 20),
    ...(liveMiB !== undefined ? { liveMiB } : {}),
    evaluateCpuSeconds: (evaluate.user + evaluate.system) / 1e6,
    findings: result.findings.length,
    unknown: result.summary.counts.UNKNOWN,
    unknownByCheck: countUnknownByCheck(result.findings),
  };
}

function countUnknownByCheck(
  findings: ReadonlyArray<{ check: string; status: string }>,
): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const f of findings) if (f.status === 'UNKNOWN') counts.set(f.check, (counts.get(f.check) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
