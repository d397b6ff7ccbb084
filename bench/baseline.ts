/**
 * Applying the security baseline to a synthetic organization (issue: baseline as code): the profile's
 * organization (every member reachable through OrganizationAccountAccessRole) gets `baseline:` in four
 * regions — organization trail and bucket, Config in every account and region with an aggregator,
 * GuardDuty and Security Hub central configuration, analyzers, Block Public Access, EBS encryption and a
 * security contact — read, planned and applied, then read and planned again (must be empty). Client and
 * sandbox share a simulated clock with AWS's rate limits, so the AWS-equivalent time is the clock's.
 *
 * The floor is what AWS's rates allow at best: every account's contact is written by the management
 * account through one Account Management bucket (10/s), every member session is one STS AssumeRole
 * from the management account (200/s assumed, docs/aws-limits.md), and the organization-wide chain
 * (bucket, trail, administrators, configuration) is short beside them.
 */
import { applyOperations } from '../src/apply/executor.js';
import { loadConfigText } from '../src/config/load.js';
import { normalize } from '../src/config/normalize.js';
import { snapshotToConfig } from '../src/config/emit.js';
import { makePlan } from '../src/plan/plan.js';
import type { Operation } from '../src/plan/operations.js';
import { readBaseline } from '../src/read/baseline/index.js';
import { readSnapshot } from '../src/read/snapshot.js';
import { simulatedSandbox } from '../src/sandbox/simulated.js';
import { syntheticWorldWithMemberRoles, type Profile } from './synthetic.js';

export const BASELINE_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'];

/** AWS's documented rates the floor uses (orgward paces at 90% of them), and the Account API's burst. */
const ACCOUNT_API_PER_S = 10;
const ACCOUNT_API_BURST = 15;
const ASSUME_ROLE_PER_S = 200;

export interface BaselineRow {
  profile: string;
  accounts: number;
  regions: number;
  operations: number;
  byKind: Record<string, number>;
  readCalls: number;
  readSeconds: number;
  readFloorSeconds: number;
  applyCalls: number;
  applySeconds: number;
  applyFloorSeconds: number;
  failed: number;
  remaining: number;
  remainingSummaries: string[];
  throttled: number;
  retried: number;
  callsByOperation: Record<string, number>;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

function baselineYaml(): string {
  return `baseline:
  regions: [${BASELINE_REGIONS.join(', ')}]
  cloudtrail:
    organizationTrail:
      name: organization-trail
      bucket: { name: bench-org-logs, account: Log Archive, expireAfterDays: 400 }
      kmsKeyArn: arn:aws:kms:us-east-1:111111111111:alias/organization-trail
  config:
    delegatedAdministrator: Security Tooling
  guardduty:
    delegatedAdministrator: Security Tooling
    features: { S3_DATA_EVENTS: ALL, EBS_MALWARE_PROTECTION: ALL, RUNTIME_MONITORING: ALL }
    suppressionRules: { centralized-root-access: { preset: root-access-sessions } }
  securityHub:
    delegatedAdministrator: Security Tooling
    configurationPolicies:
      organization-baseline:
        standards: [aws-foundational-security-best-practices/v/1.0.0]
        disabledControls: [IAM.6, IAM.9]
        targets: [root]
  accessAnalyzer: { account: Security Tooling, analyzers: { organization: ORGANIZATION } }
  accounts:
    alternateContacts:
      security: { name: Security Team, title: Security, email: security@example.com, phone: +1 555 0100 }
`;
}

function floors(ops: readonly Operation[], accounts: number) {
  const contacts = ops.reduce(
    (n, op) => n + (op.kind === 'put-account-baseline' ? Object.keys(op.contacts).length : 0),
    0,
  );
  const accountApi = (calls: number) => Math.max(0, calls - ACCOUNT_API_BURST) / ACCOUNT_API_PER_S;
  return {
    apply: Math.max(accountApi(contacts), accounts / ASSUME_ROLE_PER_S),
    // Reading: one contact per account, and one member session per account.
    read: Math.max(accountApi(accounts), accounts / ASSUME_ROLE_PER_S),
  };
}

export async function benchBaseline(profile: Profile): Promise<BaselineRow> {
  const { world, managementId: mgmt, members } = syntheticWorldWithMemberRoles(profile);
  world.accounts[members[0]!]!.name = 'Security Tooling';
  world.accounts[members[1]!]!.name = 'Log Archive';
  const { clock, sandbox, factory } = simulatedSandbox({ world });
  const snapshot = (await readSnapshot(factory)).snapshot;
  const { files } = snapshotToConfig(snapshot);
  const text = files.get('org.yaml')!.replace(/^prune:/m, `${baselineYaml()}prune:`);
  const loaded = loadConfigText('org.yaml', text, (p) => files.get(p));
  if (!loaded.config) throw new Error(`bench org.yaml: ${loaded.issues.map((i) => i.message).join('; ')}`);
  const desired = normalize(loaded.config, loaded.readRelative);

  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const calls = () => factory.stats.snapshot().calls;
  const readStart = clock.now();
  const readCalls0 = calls();
  const state = await readBaseline(factory, snapshot, desired.baseline!, mgmt);
  const readSeconds = (clock.now() - readStart) / 1000;
  const readCalls = calls() - readCalls0;
  const plan = makePlan(desired, snapshot, new Date(clock.now()), { callerAccountId: mgmt, baseline: state });
  const applyStart = clock.now();
  const applyCalls0 = calls();
  const result = await applyOperations(plan.operations, {
    factory,
    sleep: clock.sleep,
    rootId: snapshot.root.id,
  });
  const applySeconds = (clock.now() - applyStart) / 1000;
  const applyCalls = calls() - applyCalls0;
  const after = (await readSnapshot(factory)).snapshot;
  const again = await readBaseline(factory, after, desired.baseline!, mgmt);
  const second = makePlan(desired, after, new Date(clock.now()), {
    callerAccountId: mgmt,
    baseline: again,
  });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const used = process.cpuUsage(cpu);
  const byKind: Record<string, number> = {};
  for (const op of plan.operations) byKind[op.kind] = (byKind[op.kind] ?? 0) + 1;
  const floor = floors(plan.operations, snapshot.accounts.length);
  const stats = factory.stats.snapshot();
  return {
    profile: profile.name,
    accounts: snapshot.accounts.length,
    regions: BASELINE_REGIONS.length,
    operations: plan.operations.length,
    byKind,
    readCalls,
    readSeconds,
    readFloorSeconds: floor.read,
    applyCalls,
    applySeconds,
    applyFloorSeconds: floor.apply,
    failed: result.failed,
    remaining: second.operations.length,
    remainingSummaries: second.operations.slice(0, 12).map((o) => o.summary),
    throttled: sandbox.stats.snapshot().throttled,
    retried: stats.retried,
    callsByOperation: stats.byOperation,
    wallSeconds: Number(process.hrtime.bigint() - wall) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMiB: Math.round(peak / 2 ** 20),
  };
}
