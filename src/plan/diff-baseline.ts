/**
 * `baseline:` × what the baseline reader found → operations: the log bucket before the trail, each
 * service's administrator before its organization configuration, Config's and Access Analyzer's
 * delegation (planned by the Organizations diff) before their aggregator, packs and analyzers, then
 * every account's own settings. Deletions only under `prune: [baseline]`.
 */
import {
  policyCovers,
  type BaselineState,
  type DesiredBaseline,
  type DesiredBucket,
  type LiveBucket,
} from '../model/baseline.js';
import type { Desired } from '../model/desired.js';
import { UsageError } from '../errors/index.js';
import { sameValue } from '../util/json.js';
import type { PlanBuilder } from './builder.js';
import { diffBaselineAccounts } from './diff-baseline-accounts.js';
import { diffGuardDuty, diffSecurityHub } from './diff-baseline-services.js';
import { diffStackSets } from './diff-baseline-stack-sets.js';
import { accountOpId } from './diff-organization.js';
import type { LiveView } from './live.js';
import type { BaselineSite } from './operations.js';

/** What the sections of the baseline diff share. */
export interface BaselineDiff {
  b: PlanBuilder;
  desired: Desired;
  baseline: DesiredBaseline;
  live: LiveView;
  state: BaselineState;
  prune: boolean;
  /** Where an operation acts: the account by name, a region, the member role. */
  site(account: string, region?: string): BaselineSite;
  /** The operations an account's name depends on: its creation, when this plan creates it. */
  accountDeps(account: string): Array<string | undefined>;
  /** The operation that enables trusted access / registers the delegated administrator, if planned. */
  orgDep(id: string): string | undefined;
}

export const bucketOpId = (name: string) => `baseline:bucket:${name}`;
export const TRAIL_OP = 'baseline:trail';

function bucketChanges(want: DesiredBucket, have: LiveBucket): string[] {
  const kms = want.kmsKeyArn ?? null;
  return [
    !have.publicAccessBlock && 'Block Public Access',
    !have.versioning && 'versioning',
    (have.encryption?.algorithm !== (kms ? 'aws:kms' : 'AES256') ||
      (kms !== null && have.encryption?.kmsKeyArn !== kms)) &&
      'encryption',
    !policyCovers(have.policy, want.deliveries) && 'policy',
    (want.expireAfterDays ?? null) !== have.expireAfterDays && 'lifecycle',
    (want.accessLogsBucket ?? null) !== have.loggingTarget && 'access logs',
  ].filter((x): x is string => Boolean(x));
}

function diffBuckets(d: BaselineDiff): void {
  const trail = d.baseline.trail;
  for (const bucket of d.baseline.buckets) {
    const have = d.state.buckets[bucket.name];
    const changes = have ? bucketChanges(bucket, have) : [];
    if (have && !changes.length) continue;
    d.b.add(
      bucketOpId(bucket.name),
      {
        kind: 'put-log-bucket',
        site: d.site(bucket.account),
        bucket,
        trail,
        impact: have ? 'update' : 'create',
        summary: have
          ? `log bucket ${bucket.name} in ${bucket.account}: set ${changes.join(', ')}`
          : `log bucket ${bucket.name} in ${bucket.account}: private, versioned, encrypted${bucket.kmsKeyArn ? ' with KMS' : ''}, TLS only${bucket.expireAfterDays ? `, expires after ${bucket.expireAfterDays} days` : ''}, writable by ${bucket.deliveries.join(' and ')}`,
      },
      d.accountDeps(bucket.account),
    );
  }
}

function diffTrail(d: BaselineDiff): void {
  const want = d.baseline.trail;
  if (!want) return;
  const have = d.state.trail;
  const problems = have
    ? [
        have.bucket !== want.bucket && `bucket ${want.bucket}`,
        (have.kmsKeyArn ?? undefined) !== want.kmsKeyArn && 'KMS key',
        have.logFileValidation !== want.logFileValidation && 'log file validation',
        !have.multiRegion && 'all regions',
        !have.organization && 'every account',
        !have.globalEvents && 'global service events',
        !have.logging && 'logging',
        !sameValue(have.cloudWatchLogs, want.cloudWatchLogs) && 'CloudWatch Logs',
      ].filter((x): x is string => Boolean(x))
    : [];
  if (have && !problems.length) return;
  d.b.add(
    TRAIL_OP,
    {
      kind: 'put-organization-trail',
      region: d.baseline.homeRegion,
      trail: want,
      impact: have ? 'update' : 'create',
      summary: have
        ? `organization trail ${want.name}: set ${problems.join(', ')}`
        : `organization trail ${want.name} in ${d.baseline.homeRegion}: every account, every region, log file validation${want.kmsKeyArn ? ', KMS-encrypted' : ''}, to ${want.bucket}`,
    },
    [
      d.b.has(bucketOpId(want.bucket)) ? bucketOpId(want.bucket) : undefined,
      d.orgDep('trusted-access:enable:cloudtrail.amazonaws.com'),
    ],
  );
}

const registered = (sp: string, account: string) => `delegated-admin:register:${sp}:${account}`;

function diffConfigOrganization(d: BaselineDiff): void {
  const config = d.baseline.config;
  if (!config) return;
  const admin = config.delegatedAdministrator;
  const adminDeps = [
    ...d.accountDeps(admin),
    d.orgDep(registered('config.amazonaws.com', admin)),
    d.orgDep(registered('config-multiaccountsetup.amazonaws.com', admin)),
  ];
  const have = d.state.config.aggregator;
  if (!have || !have.allRegions)
    d.b.add(
      `baseline:config-aggregator:${config.aggregator.name}`,
      {
        kind: 'put-config-aggregator',
        site: d.site(config.aggregator.account, d.baseline.homeRegion),
        name: config.aggregator.name,
        impact: have ? 'update' : 'create',
        summary: `Config aggregator ${config.aggregator.name} in ${config.aggregator.account}: every account, every region`,
      },
      [...adminDeps, ...d.accountDeps(config.aggregator.account)],
    );
  for (const pack of config.conformancePacks) {
    if (pack.name in d.state.config.conformancePacks) continue;
    d.b.add(
      `baseline:conformance-pack:${pack.name}`,
      {
        kind: 'put-conformance-pack',
        site: d.site(admin, d.baseline.homeRegion),
        name: pack.name,
        template: pack.template,
        impact: 'create',
        summary: `organization conformance pack ${pack.name}, deployed to every account from ${admin}`,
      },
      adminDeps,
    );
  }
  if (!d.prune) return;
  for (const name of Object.keys(d.state.config.conformancePacks).sort()) {
    if (config.conformancePacks.some((p) => p.name === name)) continue;
    d.b.add(`baseline:conformance-pack:delete:${name}`, {
      kind: 'delete-conformance-pack',
      site: d.site(admin, d.baseline.homeRegion),
      name,
      impact: 'delete',
      summary: `delete organization conformance pack ${name} (not in the file)`,
    });
  }
}

function diffAnalyzers(d: BaselineDiff): void {
  const aa = d.baseline.accessAnalyzer;
  if (!aa) return;
  const deps = [
    ...d.accountDeps(aa.account),
    d.orgDep(registered('access-analyzer.amazonaws.com', aa.account)),
  ];
  for (const region of d.baseline.regions) {
    const have = d.state.analyzers[region] ?? [];
    for (const analyzer of aa.analyzers) {
      if (have.some((h) => h.name === analyzer.name)) continue;
      d.b.add(
        `baseline:analyzer:${region}:${analyzer.name}`,
        {
          kind: 'put-analyzer',
          site: d.site(aa.account, region),
          name: analyzer.name,
          analyzerType: analyzer.type,
          impact: 'create',
          summary: `IAM Access Analyzer ${analyzer.name} (${analyzer.type}) in ${aa.account}, ${region}`,
        },
        deps,
      );
    }
    if (!d.prune) continue;
    for (const h of have) {
      if (!h.type.startsWith('ORGANIZATION') || aa.analyzers.some((a) => a.name === h.name)) continue;
      d.b.add(`baseline:analyzer:delete:${region}:${h.name}`, {
        kind: 'delete-analyzer',
        site: d.site(aa.account, region),
        name: h.name,
        impact: 'delete',
        summary: `delete analyzer ${h.name} in ${aa.account}, ${region} (not in the file)`,
      });
    }
  }
}

/**
 * The baseline's delegated administrators, checked against the live organization: AWS does not let the
 * management account be one. validate refuses it where the file names `organization.managementAccount`;
 * here the live organization says which account it is, before anything is written.
 */
function refuseManagementAsAdministrator(baseline: DesiredBaseline, live: LiveView): void {
  const management = live.planned.find((p) => p.isManagement)?.name;
  if (!management) return;
  const admins: Array<[string, string | undefined]> = [
    ['baseline.config.delegatedAdministrator', baseline.config?.delegatedAdministrator],
    ['baseline.guardduty.delegatedAdministrator', baseline.guardDuty?.delegatedAdministrator],
    ['baseline.securityHub.delegatedAdministrator', baseline.securityHub?.delegatedAdministrator],
    ['baseline.accessAnalyzer.account', baseline.accessAnalyzer?.account],
  ];
  const wrong = admins.filter(([, name]) => name === management).map(([key]) => key);
  if (wrong.length)
    throw new UsageError(
      `${wrong.join(', ')} name${wrong.length === 1 ? 's' : ''} ${management}, the management account: AWS does not let it be a delegated administrator`,
      'name a member account (a security tooling account), and set organization.managementAccount so validate catches this without AWS',
    );
}

export function diffBaseline(
  b: PlanBuilder,
  desired: Desired,
  live: LiveView,
  state: BaselineState | undefined,
): void {
  const baseline = desired.baseline;
  if (!baseline) return;
  refuseManagementAsAdministrator(baseline, live);
  if (!state) {
    b.note(
      'baseline: not compared (the plan was made without reading the accounts); plan against the live organization to see its changes',
    );
    return;
  }
  for (const [part, reason] of Object.entries(state.unreadable))
    b.note(`baseline: ${part} could not be read (${reason}); its settings are written again`);
  const d: BaselineDiff = {
    b,
    desired,
    baseline,
    live,
    state,
    prune: desired.prune.has('baseline'),
    site: (account, region = baseline.homeRegion) => ({
      account: live.accountRef(account),
      region,
      roleName: baseline.memberRoleName,
    }),
    accountDeps: (account) => {
      const id = accountOpId(account);
      return [b.has(id) ? id : undefined];
    },
    orgDep: (id) => (b.has(id) ? id : undefined),
  };
  diffBuckets(d);
  diffTrail(d);
  diffConfigOrganization(d);
  diffGuardDuty(d);
  diffSecurityHub(d);
  diffAnalyzers(d);
  diffStackSets(d);
  diffBaselineAccounts(d);
}
