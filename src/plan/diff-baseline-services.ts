/**
 * GuardDuty and Security Hub in the baseline diff: the administrator in every governed region, then
 * GuardDuty's organization auto-enable, features and suppression rules per region, and Security Hub's
 * central configuration (home-region aggregator linking the others) and its configuration policies.
 */
import { renameConditions, type GuardDutyFilter, type SecurityHubPolicy } from '../model/baseline.js';
import type { TargetRef } from '../model/desired.js';
import { sameValue } from '../util/json.js';
import type { BaselineDiff } from './diff-baseline.js';

export const adminOpId = (service: string, region: string) => `baseline:${service}-admin:${region}`;
export const guardDutyOrgOpId = (region: string) => `baseline:guardduty-organization:${region}`;
export const HUB_CENTRAL_OP = 'baseline:securityhub-central';
export const hubPolicyOpId = (name: string) => `baseline:securityhub-policy:${name}`;

/** An administrator in `region` for `service`; answers the op id when one is planned. */
function diffAdmin(
  d: BaselineDiff,
  service: 'guardduty' | 'securityhub',
  region: string,
  account: string,
  have: string | null | undefined,
): string | undefined {
  const ref = d.live.accountRef(account);
  if (have && have === ref.id) return undefined;
  if (have) {
    d.b.note(
      `baseline: ${service} in ${region} is administered by ${have}, not ${account}; orgward does not move an administrator (disable it first: ${service} disable-organization-admin-account)`,
    );
    return undefined;
  }
  const label = service === 'guardduty' ? 'GuardDuty' : 'Security Hub';
  return d.b.add(
    adminOpId(service, region),
    {
      kind: 'enable-service-administrator',
      service,
      region,
      account: ref,
      impact: 'create',
      summary: `${label} in ${region}: ${account} becomes the delegated administrator`,
    },
    [...d.accountDeps(account), d.orgDep(`trusted-access:enable:${service}.amazonaws.com`)],
  );
}

const sameFilter = (a: GuardDutyFilter, b: GuardDutyFilter) =>
  a.description === b.description &&
  a.action === b.action &&
  a.rank === b.rank &&
  sameValue(renameConditions(a.criterion, 'api'), renameConditions(b.criterion, 'api'));

function diffFilters(d: BaselineDiff, region: string, admin: string, deps: Array<string | undefined>): void {
  const gd = d.baseline.guardDuty!;
  const have = d.state.guardDuty[region]?.organization?.filters ?? [];
  for (const filter of gd.filters) {
    const live = have.find((h) => h.name === filter.name);
    if (live && sameFilter(live, filter)) continue;
    d.b.add(
      `baseline:guardduty-filter:${region}:${filter.name}`,
      {
        kind: 'put-guardduty-filter',
        site: d.site(admin, region),
        filter,
        impact: live ? 'update' : 'create',
        summary: `GuardDuty suppression rule ${filter.name} in ${region} (${filter.action.toLowerCase()})`,
      },
      deps,
    );
  }
  if (!d.prune) return;
  for (const h of have) {
    if (gd.filters.some((f) => f.name === h.name)) continue;
    d.b.add(`baseline:guardduty-filter:delete:${region}:${h.name}`, {
      kind: 'delete-guardduty-filter',
      site: d.site(admin, region),
      name: h.name,
      impact: 'delete',
      summary: `delete GuardDuty filter ${h.name} in ${region} (not in the file)`,
    });
  }
}

export function diffGuardDuty(d: BaselineDiff): void {
  const gd = d.baseline.guardDuty;
  if (!gd) return;
  for (const region of d.baseline.regions) {
    const live = d.state.guardDuty[region];
    const adminOp = diffAdmin(d, 'guardduty', region, gd.delegatedAdministrator, live?.admin);
    const org = adminOp ? null : live?.organization;
    const featuresOk = Object.entries(gd.features).every(
      ([name, value]) => (org?.features[name] ?? 'NONE') === value,
    );
    let orgOp: string | undefined;
    if (!org || org.autoEnable !== gd.autoEnable || !featuresOk)
      orgOp = d.b.add(
        guardDutyOrgOpId(region),
        {
          kind: 'configure-guardduty-organization',
          site: d.site(gd.delegatedAdministrator, region),
          autoEnable: gd.autoEnable,
          features: gd.features,
          impact: org ? 'update' : 'create',
          summary: `GuardDuty in ${region}: on for ${gd.autoEnable === 'ALL' ? 'every account' : 'every new account'} (auto-enable ${gd.autoEnable})${
            Object.keys(gd.features).length
              ? `, features ${Object.entries(gd.features)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}`
              : ''
          }`,
        },
        [adminOp],
      );
    diffFilters(d, region, gd.delegatedAdministrator, [adminOp, orgOp]);
  }
}

const targetKey = (t: TargetRef) =>
  t.kind === 'root' ? 'root' : t.kind === 'ou' ? `ou:${t.path}` : `account:${t.name}`;
const samePolicy = (a: SecurityHubPolicy, b: SecurityHubPolicy) =>
  a.description === b.description &&
  a.enabled === b.enabled &&
  sameValue(a.standards, b.standards) &&
  sameValue(a.disabledControls, b.disabledControls) &&
  sameValue(a.targets.map(targetKey).sort(), b.targets.map(targetKey).sort());

function diffHubPolicies(d: BaselineDiff, admin: string, deps: Array<string | undefined>): void {
  const hub = d.baseline.securityHub!;
  const have = d.state.securityHub.central?.policies ?? [];
  for (const policy of hub.policies) {
    const live = have.find((h) => h.name === policy.name);
    if (live && samePolicy(live, policy)) continue;
    const targets = policy.targets.map(targetKey);
    d.b.add(
      hubPolicyOpId(policy.name),
      {
        kind: 'put-securityhub-policy',
        site: d.site(admin),
        policy,
        targets: policy.targets.map((t) => d.live.targetRef(t)),
        impact: live ? 'update' : 'create',
        summary: `Security Hub configuration policy ${policy.name}: ${policy.enabled ? `${policy.standards.length} standards${policy.disabledControls.length ? `, controls ${policy.disabledControls.join(', ')} off` : ''}` : 'Security Hub off'}, for ${targets.join(', ')}`,
      },
      [
        ...deps,
        ...policy.targets.flatMap((t) =>
          t.kind === 'account'
            ? d.accountDeps(t.name)
            : t.kind === 'ou'
              ? [d.orgDep(`ou:create:${t.path}`)]
              : [],
        ),
      ],
    );
  }
  if (!d.prune) return;
  for (const h of have) {
    if (hub.policies.some((p) => p.name === h.name)) continue;
    d.b.add(`baseline:securityhub-policy:delete:${h.name}`, {
      kind: 'delete-securityhub-policy',
      site: d.site(admin),
      name: h.name,
      impact: 'delete',
      summary: `delete Security Hub configuration policy ${h.name} and its associations (not in the file)`,
    });
  }
}

export function diffSecurityHub(d: BaselineDiff): void {
  const hub = d.baseline.securityHub;
  if (!hub) return;
  const { regions, homeRegion } = d.baseline;
  const adminOps = regions.map((region) =>
    diffAdmin(d, 'securityhub', region, hub.delegatedAdministrator, d.state.securityHub.admins[region]),
  );
  const central = adminOps.some(Boolean) ? null : d.state.securityHub.central;
  const linked = regions.filter((r) => r !== homeRegion);
  const agg = central?.aggregator;
  const aggregatorOk =
    agg &&
    agg.region === homeRegion &&
    (agg.mode === 'ALL_REGIONS' || linked.every((r) => agg.regions.includes(r)));
  let centralOp: string | undefined;
  if (central?.configurationType !== 'CENTRAL' || !aggregatorOk)
    centralOp = d.b.add(
      HUB_CENTRAL_OP,
      {
        kind: 'configure-securityhub-central',
        site: d.site(hub.delegatedAdministrator, homeRegion),
        linkedRegions: linked,
        impact: central ? 'update' : 'create',
        summary: `Security Hub central configuration from ${hub.delegatedAdministrator} in ${homeRegion}, findings aggregated from ${linked.length ? linked.join(', ') : 'no other region'}`,
      },
      adminOps,
    );
  diffHubPolicies(d, hub.delegatedAdministrator, [centralOp, ...adminOps]);
}
