/**
 * Detective controls aggregated in a delegated administrator: baseline item "Detective controls
 * aggregated" (DET, SH), and GuardDuty and StackSets under "Common settings and guardrails" (GD, STK)
 * (docs/audit.md#baseline-items).
 */
import { defineCheck, type CheckContext } from '../check.js';
import type { Got } from '../../model/evidence.js';
import { unreadOrg } from './root.js';
import { fail, listOf, pass, perRegion, warn } from './util.js';

function delegatedTo(ctx: CheckContext, principal: string): string[] | undefined {
  return ctx.snapshot.organization.delegatedAdministrators
    ?.filter((d) => d.servicePrincipal === principal)
    .map((d) => d.accountId);
}

/** Regions audited in the security tooling account (else the management account). */
function daRegions(ctx: CheckContext): string[] {
  const da = ctx.collection.roles.securityTooling ?? ctx.management.id;
  const regions = ctx.regionsOf(da);
  return regions.length ? regions : ctx.collection.regions;
}

function perDaRegion<T>(
  ctx: CheckContext,
  source: Record<string, Got<T>>,
  what: string,
  judge: (value: T, region: string) => Parameters<CheckContext['report']>[0],
): void {
  const account = ctx.collection.roles.securityTooling ?? ctx.management.id;
  for (const region of daRegions(ctx)) {
    const got = source[region];
    if (got && !got.ok && got.code === 'NO_ADMIN') {
      ctx.report(fail(`no delegated administrator in ${region}`, { account, region }));
      continue;
    }
    if (ctx.unknownIf(got, { account, region }, what) || !got?.ok) continue;
    ctx.report({ account, region, ...judge(got.value, region) });
  }
}

export const det01 = defineCheck(
  {
    id: 'DET-01',
    title: 'Config delegated administrator is the security tooling account',
    item: 'detection',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'Organization aggregators, rules and conformance packs run from the Config delegated administrator, keeping that work out of the management account.',
    remediation:
      'Register the security tooling account for config.amazonaws.com and config-multiaccountsetup.amazonaws.com (`organization.delegatedAdministrators` in org.yaml).',
    calls: ['organizations:ListDelegatedAdministrators'],
    permissions: ['organizations:ListDelegatedAdministrators'],
    compliance: { cis: '— / 2.1.6', prowler: 'config_delegated_admin_and_org_aggregator_all_regions' },
  },
  (ctx) => {
    const expected = ctx.collection.roles.securityTooling;
    const services = ['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com'];
    const admins = services.map((s) => delegatedTo(ctx, s));
    if (admins.some((a) => a === undefined))
      return void ctx.report(
        unreadOrg(ctx, 'organization.delegatedAdministrators', 'delegated administrators'),
      );
    const wrong = services.filter(
      (_, i) => !(expected ? admins[i]!.includes(expected) : admins[i]!.length > 0),
    );
    ctx.report(
      wrong.length
        ? fail(`not delegated to the security tooling account: ${wrong.join(', ')}`)
        : pass(`Config is delegated to ${ctx.accountName(admins[0]![0]!)}`),
    );
  },
);

export const det02 = defineCheck(
  {
    id: 'DET-02',
    title: 'Organization aggregator covers all regions; every source healthy',
    item: 'detection',
    severity: 'high',
    vantage: 'delegated-admin',
    regional: false,
    why: 'One organization aggregator in the delegated administrator shows every account and region in one place; a failing source is a blind spot.',
    remediation:
      'Create an organization aggregator in the security tooling account with AllAwsRegions = true; fix the accounts whose sources fail (usually Config off there).',
    calls: ['config:DescribeConfigurationAggregators', 'config:DescribeConfigurationAggregatorSourcesStatus'],
    permissions: [
      'config:DescribeConfigurationAggregators',
      'config:DescribeConfigurationAggregatorSourcesStatus',
    ],
    compliance: { prowler: 'config_delegated_admin_and_org_aggregator_all_regions' },
  },
  (ctx) => {
    const account = ctx.collection.roles.securityTooling ?? ctx.management.id;
    const got = ctx.collection.central.configAggregator;
    if (ctx.unknownIf(got, { account }, 'the Config aggregators') || !got.ok) return;
    const agg = got.value;
    if (!agg) return void ctx.report(fail('no organization aggregator', { account }));
    if (!agg.allRegions)
      return void ctx.report(
        fail(`aggregator ${agg.name} does not cover all regions`, { account, resource: agg.name }),
      );
    const healthy = new Set(
      agg.sources.filter((s) => s.status === 'SUCCEEDED').map((s) => `${s.accountId}/${s.region}`),
    );
    const gaps = ctx.accounts.flatMap((a) =>
      ctx
        .regionsOf(a.id)
        .filter((r) => !healthy.has(`${a.id}/${r}`))
        .map((r) => `${a.name}/${r}`),
    );
    ctx.report(
      gaps.length
        ? fail(`${gaps.length} account-regions are not aggregated: ${listOf(gaps)}`, {
            account,
            resource: agg.name,
          })
        : pass(`aggregator ${agg.name} covers every account and region`, { account, resource: agg.name }),
    );
  },
);

export const det03 = defineCheck(
  {
    id: 'DET-03',
    title: 'Organization-wide detective rules deployed',
    item: 'detection',
    severity: 'medium',
    vantage: 'delegated-admin',
    regional: false,
    why: 'Organization conformance packs or rules evaluate every account against the same baseline, new accounts included.',
    remediation:
      'Deploy an organization conformance pack (for example Operational Best Practices for CIS) from the Config delegated administrator.',
    calls: ['config:DescribeOrganizationConformancePacks', 'config:DescribeOrganizationConfigRules'],
    permissions: ['config:DescribeOrganizationConformancePacks', 'config:DescribeOrganizationConfigRules'],
    compliance: {},
    limitations:
      'Per-account deployment status (GetOrganizationConformancePackDetailedStatus) and Control Tower controls are not read yet.',
  },
  (ctx) => {
    const account = ctx.collection.roles.securityTooling ?? ctx.management.id;
    const packs = ctx.collection.central.organizationConformancePacks;
    const rules = ctx.collection.central.organizationConfigRules;
    if (ctx.unknownIf(packs, { account }, 'the organization conformance packs') || !packs.ok) return;
    if (ctx.unknownIf(rules, { account }, 'the organization Config rules') || !rules.ok) return;
    const deployed = [...packs.value.map((p) => `pack ${p}`), ...rules.value.map((r) => `rule ${r}`)];
    ctx.report(
      deployed.length
        ? pass(`organization-wide: ${listOf(deployed)}`, { account })
        : fail('no organization conformance pack or Config rule', { account }),
    );
  },
);

export const det04 = defineCheck(
  {
    id: 'DET-04',
    title: 'Security Hub standards enabled everywhere',
    item: 'detection',
    severity: 'medium',
    vantage: 'delegated-admin',
    regional: true,
    why: 'Security Hub standards (AWS Foundational Security Best Practices, CIS) turn configuration into scored findings in every account and region.',
    remediation:
      'Use Security Hub central configuration from the delegated administrator with a policy that enables FSBP (and CIS) for the whole organization.',
    calls: [
      'securityhub:DescribeOrganizationConfiguration',
      'securityhub:ListMembers',
      'securityhub:GetEnabledStandards',
      'securityhub:ListConfigurationPolicyAssociations',
      'securityhub:GetConfigurationPolicy',
    ],
    permissions: [
      'securityhub:DescribeOrganizationConfiguration',
      'securityhub:ListMembers',
      'securityhub:GetEnabledStandards',
      'securityhub:ListConfigurationPolicyAssociations',
      'securityhub:GetConfigurationPolicy',
    ],
    compliance: { cis: '4.16 / 5.16', prowler: 'securityhub_enabled' },
    limitations:
      'In local configuration members enrolled with default standards count as enabled; in central configuration the standards of the policy that governs each account count.',
  },
  (ctx) =>
    hubCoverage(
      ctx,
      (central, accountId, region) => {
        const admin = ctx.collection.roles.securityTooling;
        if (accountId === admin)
          return central.adminStandards.length
            ? pass(`standards: ${listOf(central.adminStandards.map(shortStandard))}`)
            : fail('no standard enabled');
        if (central.members[accountId] !== 'Enabled')
          return fail('Security Hub is not enabled, so no standard is');
        // Central configuration: the policy that governs the account says (read in the home region).
        const byPolicy = (central.policyStandards ??
          centralHub(ctx, ctx.collection.homeRegion)?.policyStandards)?.[accountId];
        if (byPolicy === null)
          return { status: 'UNKNOWN', message: `the account manages Security Hub itself in ${region}` };
        if (byPolicy)
          return byPolicy.length
            ? pass(`standards by its configuration policy: ${listOf(byPolicy.map(shortStandard))}`)
            : fail('its configuration policy enables no standard');
        return central.autoEnableStandards
          ? pass('default standards enabled by the organization configuration')
          : { status: 'UNKNOWN', message: `standards of members are not visible centrally in ${region}` };
      },
      (local) =>
        local.standards.length
          ? pass(`standards: ${listOf(local.standards.map(shortStandard))}`)
          : fail(local.enabled ? 'no standard enabled' : 'Security Hub is off'),
    ),
);

const shortStandard = (arn: string) => arn.split('/').slice(-3).join('/');

/**
 * Per account × region from the delegated administrator's member list where it answers for the region,
 * else from the account's own read (the fallback the collector made).
 */
function hubCoverage(
  ctx: CheckContext,
  central: (
    view: NonNullable<ReturnType<typeof centralHub>>,
    accountId: string,
    region: string,
  ) => Parameters<CheckContext['report']>[0],
  local: (view: { enabled: boolean; standards: string[] }) => Parameters<CheckContext['report']>[0],
): void {
  perRegion(
    ctx,
    'all',
    (r) => ({ ok: true, value: r }) as const,
    'the region',
    (regional, accountId, region) => {
      const view = centralHub(ctx, region);
      if (view) return central(view, accountId, region);
      const own = regional.securityHub;
      if (!own) return { status: 'UNKNOWN', message: 'Security Hub was not read here' };
      if (!own.ok) return { status: 'UNKNOWN', message: `Security Hub could not be read: ${own.reason}` };
      return local(own.value);
    },
  );
}

function centralHub(ctx: CheckContext, region: string) {
  const got = ctx.collection.central.securityHub[region];
  return got?.ok ? got.value : undefined;
}

export const det05 = defineCheck(
  {
    id: 'DET-05',
    title: 'IAM Access Analyzer organization analyzer',
    item: 'detection',
    severity: 'medium',
    vantage: 'delegated-admin',
    regional: true,
    why: 'An organization analyzer reports every resource shared outside the organization, in every account.',
    remediation:
      'Delegate access-analyzer.amazonaws.com to the security tooling account and create an ORGANIZATION analyzer in every region.',
    calls: ['access-analyzer:ListAnalyzers', 'organizations:ListDelegatedAdministrators'],
    permissions: ['access-analyzer:ListAnalyzers', 'organizations:ListDelegatedAdministrators'],
    compliance: { cis: '1.20 / 2.18', securityHub: 'IAM.28', prowler: 'accessanalyzer_enabled' },
  },
  (ctx) =>
    perDaRegion(ctx, ctx.collection.central.accessAnalyzers, 'the access analyzers', (analyzers) => {
      const org = analyzers.find((a) => a.type === 'ORGANIZATION' && a.status === 'ACTIVE');
      return org
        ? pass(`organization analyzer ${org.name} is active`, { resource: org.name })
        : fail('no active organization analyzer');
    }),
);

// GuardDuty ------------------------------------------------------------------------------------------

export const gd01 = defineCheck(
  {
    id: 'GD-01',
    title: 'GuardDuty delegated administrator in every region',
    item: 'common',
    severity: 'high',
    vantage: 'management',
    regional: true,
    why: 'The GuardDuty delegated administrator enrols every account automatically and sees all findings; it must be set in each region separately.',
    remediation:
      '`aws guardduty enable-organization-admin-account --admin-account-id <security tooling>` in every enabled region.',
    calls: ['guardduty:ListOrganizationAdminAccounts'],
    permissions: ['guardduty:ListOrganizationAdminAccounts'],
    compliance: { cis: '— / 2.1.6', prowler: 'guardduty_delegated_admin_enabled_all_regions' },
  },
  (ctx) => adminPerRegion(ctx, ctx.collection.central.guardDutyAdmins, 'GuardDuty'),
);

function adminPerRegion(ctx: CheckContext, source: Record<string, Got<string[]>>, service: string): void {
  const expected = ctx.collection.roles.securityTooling;
  for (const region of ctx.regionsOf(ctx.management.id)) {
    const got = source[region];
    if (ctx.unknownIf(got, { region }, `the ${service} administrators`) || !got?.ok) continue;
    const admins = got.value;
    if (!admins.length) ctx.report(fail(`no ${service} delegated administrator`, { region }));
    else if (expected && !admins.includes(expected))
      ctx.report(
        fail(
          `${service} administrator is ${listOf(admins.map((a) => ctx.accountName(a)))}, not the security tooling account`,
          { region },
        ),
      );
    else ctx.report(pass(`${service} administrator is ${ctx.accountName(admins[0]!)}`, { region }));
  }
}

export const gd02 = defineCheck(
  {
    id: 'GD-02',
    title: 'GuardDuty organization auto-enable = ALL',
    item: 'common',
    severity: 'high',
    vantage: 'delegated-admin',
    regional: true,
    why: 'Auto-enable ALL covers existing and new accounts; NEW leaves the accounts that joined earlier uncovered.',
    remediation:
      '`aws guardduty update-organization-configuration --detector-id <id> --auto-enable-organization-members ALL` in every region.',
    calls: ['guardduty:ListDetectors', 'guardduty:DescribeOrganizationConfiguration'],
    permissions: ['guardduty:ListDetectors', 'guardduty:DescribeOrganizationConfiguration'],
    compliance: { prowler: 'guardduty_delegated_admin_enabled_all_regions' },
  },
  (ctx) =>
    perDaRegion(ctx, ctx.collection.central.guardDuty, 'the GuardDuty organization configuration', (g) =>
      g.autoEnable === 'ALL'
        ? pass('auto-enable ALL')
        : g.autoEnable === 'NEW'
          ? warn('auto-enable NEW: accounts that joined earlier are not enrolled')
          : fail('auto-enable is off'),
    ),
);

export const gd03 = defineCheck(
  {
    id: 'GD-03',
    title: 'GuardDuty on for every account and region',
    item: 'common',
    severity: 'high',
    vantage: 'delegated-admin',
    regional: true,
    why: 'Threat detection that skips an account or region is where an intruder goes.',
    remediation:
      'Set auto-enable ALL (GD-02) or add the account as a member from the delegated administrator.',
    calls: ['guardduty:ListMembers', 'guardduty:ListDetectors', 'guardduty:GetDetector'],
    permissions: ['guardduty:ListMembers', 'guardduty:ListDetectors', 'guardduty:GetDetector'],
    compliance: { securityHub: 'GuardDuty.1', prowler: 'guardduty_is_enabled' },
  },
  (ctx) =>
    perRegion(
      ctx,
      'all',
      (r) => ({ ok: true, value: r }) as const,
      'the region',
      (regional, accountId, region) => {
        const central = ctx.collection.central.guardDuty[region];
        if (central?.ok) {
          const g = central.value;
          if (accountId === ctx.collection.roles.securityTooling)
            return g.adminDetectorEnabled
              ? pass('the administrator detector is enabled')
              : fail('the administrator has no enabled detector');
          const status = g.members[accountId];
          return status === 'Enabled'
            ? pass('enabled as a member')
            : fail(status ? `member status ${status}` : 'not a GuardDuty member');
        }
        const own = regional.guardDuty;
        if (!own?.ok)
          return {
            status: 'UNKNOWN',
            message: own ? `GuardDuty could not be read: ${own.reason}` : 'GuardDuty was not read here',
          };
        return own.value.enabled ? pass('a detector is enabled') : fail('no enabled detector');
      },
    ),
);

export const gd04 = defineCheck(
  {
    id: 'GD-04',
    title: 'Baseline GuardDuty protection plans on',
    item: 'common',
    severity: 'low',
    vantage: 'delegated-admin',
    regional: true,
    why: 'S3, runtime and malware protection catch what foundational GuardDuty does not see.',
    remediation:
      'Set the configured features to auto-enable ALL in the organization configuration (`guardduty update-organization-configuration --features`).',
    calls: ['guardduty:DescribeOrganizationConfiguration'],
    permissions: ['guardduty:DescribeOrganizationConfiguration'],
    compliance: { securityHub: 'GuardDuty.5–13', prowler: 'guardduty_s3_protection_enabled' },
  },
  (ctx) =>
    perDaRegion(ctx, ctx.collection.central.guardDuty, 'the GuardDuty organization configuration', (g) => {
      const off = ctx.settings.guardDuty.features.filter((f) => g.features[f] !== 'ALL');
      return off.length
        ? fail(`not auto-enabled for ALL: ${off.join(', ')}`)
        : pass('all baseline protection plans auto-enable');
    }),
);

// Security Hub ---------------------------------------------------------------------------------------

export const sh01 = defineCheck(
  {
    id: 'SH-01',
    title: 'Security Hub delegated administrator and central configuration',
    item: 'detection',
    severity: 'high',
    vantage: 'management',
    regional: true,
    why: 'With a delegated administrator, central configuration and a finding aggregator, one place configures and sees Security Hub for every account and region.',
    remediation:
      'Enable the security tooling account as Security Hub administrator, switch to central configuration, and create a finding aggregator linking all regions.',
    calls: [
      'securityhub:ListOrganizationAdminAccounts',
      'securityhub:DescribeOrganizationConfiguration',
      'securityhub:ListFindingAggregators',
      'securityhub:GetFindingAggregator',
    ],
    permissions: [
      'securityhub:ListOrganizationAdminAccounts',
      'securityhub:DescribeOrganizationConfiguration',
      'securityhub:ListFindingAggregators',
      'securityhub:GetFindingAggregator',
    ],
    compliance: { cis: '— / 2.1.6', prowler: 'securityhub_delegated_admin_enabled_all_regions' },
  },
  (ctx) => {
    const expected = ctx.collection.roles.securityTooling;
    for (const region of ctx.regionsOf(ctx.management.id)) {
      const admins = ctx.collection.central.securityHubAdmins[region];
      if (ctx.unknownIf(admins, { region }, 'the Security Hub administrators') || !admins?.ok) continue;
      if (!admins.value.length) {
        ctx.report(fail('no Security Hub delegated administrator', { region }));
        continue;
      }
      if (expected && !admins.value.includes(expected)) {
        ctx.report(
          fail(`administrator is ${ctx.accountName(admins.value[0]!)}, not the security tooling account`, {
            region,
          }),
        );
        continue;
      }
      const view = centralHub(ctx, region);
      if (!view) {
        ctx.unknownIf(
          ctx.collection.central.securityHub[region],
          { region },
          'the Security Hub organization configuration',
        );
        continue;
      }
      // One aggregator serves the organization, read where it lives (the home region).
      const aggregator = view.aggregator ?? centralHub(ctx, ctx.collection.homeRegion)?.aggregator ?? null;
      const problems = [
        view.configurationType !== 'CENTRAL' &&
          (view.autoEnable
            ? 'local configuration (auto-enable on)'
            : 'local configuration without auto-enable'),
        view.configurationType === 'CENTRAL' &&
          view.status !== 'ENABLED' &&
          `central configuration ${view.status ?? 'not enabled'}`,
        !aggregator && 'no finding aggregator',
        aggregator &&
          aggregator.mode !== 'ALL_REGIONS' &&
          ctx
            .regionsOf(ctx.management.id)
            .some((r) => r !== aggregator.region && !aggregator.regions.includes(r)) &&
          'the finding aggregator does not link every region',
      ].filter((x): x is string => Boolean(x));
      ctx.report(
        problems.length
          ? fail(problems.join(', '), { region })
          : pass('central configuration with a cross-region aggregator', { region }),
      );
    }
  },
);

export const sh02 = defineCheck(
  {
    id: 'SH-02',
    title: 'Security Hub on for every account and region',
    item: 'detection',
    severity: 'high',
    vantage: 'delegated-admin',
    regional: true,
    why: 'An account or region without Security Hub produces no findings and is invisible in the central view.',
    remediation:
      'Enable auto-enable (or a central configuration policy) from the delegated administrator, or add the account as a member.',
    calls: ['securityhub:ListMembers', 'securityhub:DescribeHub'],
    permissions: ['securityhub:ListMembers', 'securityhub:DescribeHub'],
    compliance: { cis: '4.16 / 5.16', prowler: 'securityhub_enabled' },
  },
  (ctx) =>
    hubCoverage(
      ctx,
      (central, accountId) => {
        if (accountId === ctx.collection.roles.securityTooling)
          return central.adminHubEnabled
            ? pass('the administrator hub is enabled')
            : fail('the administrator hub is off');
        const status = central.members[accountId];
        return status === 'Enabled'
          ? pass('enabled as a member')
          : fail(status ? `member status ${status}` : 'not a Security Hub member');
      },
      (local) => (local.enabled ? pass('the hub is enabled') : fail('Security Hub is off')),
    ),
);

// StackSets --------------------------------------------------------------------------------------------

export const stk01 = defineCheck(
  {
    id: 'STK-01',
    title: 'Baseline StackSets deployed organization-wide with auto-deployment',
    item: 'common',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'A service-managed StackSet with auto-deployment puts the baseline (roles, Config, alarms) into every new account the day it joins.',
    remediation:
      'Activate trusted access for StackSets, and deploy the baseline as a SERVICE_MANAGED stack set targeting the root with auto-deployment on.',
    calls: [
      'cloudformation:DescribeOrganizationsAccess',
      'cloudformation:ListStackSets',
      'cloudformation:DescribeStackSet',
      'cloudformation:ListStackInstances',
    ],
    permissions: [
      'cloudformation:DescribeOrganizationsAccess',
      'cloudformation:ListStackSets',
      'cloudformation:DescribeStackSet',
      'cloudformation:ListStackInstances',
    ],
    compliance: {},
  },
  (ctx) => {
    const got = ctx.collection.central.stackSets;
    if (ctx.unknownIf(got, {}, 'the stack sets') || !got.ok) return;
    if (!got.value.organizationsAccess)
      return void ctx.report(fail('trusted access for StackSets is not activated'));
    const wanted = ctx.settings.stackSets.baseline;
    const candidates = got.value.stackSets.filter((s) =>
      wanted.length ? wanted.includes(s.name) : s.permissionModel === 'SERVICE_MANAGED',
    );
    const missing = wanted.filter((w) => !candidates.some((c) => c.name === w));
    if (!candidates.length || missing.length)
      return void ctx.report(
        fail(
          missing.length
            ? `baseline stack sets missing: ${missing.join(', ')}`
            : 'no service-managed stack set',
        ),
      );
    const topOus = ctx.snapshot.ous.filter((o) => o.parentId === ctx.snapshot.root.id).map((o) => o.id);
    for (const set of candidates) {
      const orgWide =
        set.targets.includes(ctx.snapshot.root.id) || topOus.every((o) => set.targets.includes(o));
      const stale = set.instances.filter((i) => i.status !== 'CURRENT');
      const problems = [
        !set.autoDeployment && 'auto-deployment off',
        !orgWide && 'does not target the root or every top-level OU',
        stale.length > 0 && `${stale.length} instances not CURRENT`,
      ].filter((x): x is string => Boolean(x));
      ctx.report(
        problems.length
          ? fail(`${set.name}: ${problems.join(', ')}`, { resource: set.name })
          : pass(`${set.name} deploys org-wide with auto-deployment`, { resource: set.name }),
      );
    }
  },
);

export const detectionChecks = [det01, det02, det03, det04, det05, gd01, gd02, gd03, gd04, sh01, sh02, stk01];
