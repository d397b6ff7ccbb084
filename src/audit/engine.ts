/**
 * Runs checks over a collection: scopes accounts and regions, gives each check its context, applies
 * suppressions, and summarises per check, account and OU. Pure: the same collection, settings and clock
 * give the same result.
 */
import { BASELINE_FIXES } from './baseline-fixes.js';
import type { SnapshotAccount } from '../model/snapshot.js';
import type { Check, CheckContext, Report } from './check.js';
import type { AuditCollection } from '../model/evidence.js';
import { ALL_CHECKS } from './registry.js';
import { PolicyIndex } from '../model/policies.js';
import { groupBy } from '../util/group.js';
import type { AuditSettings, Suppression } from '../model/audit-settings.js';
import {
  type AuditResult,
  type CheckMeta,
  type CheckSummary,
  countStatuses,
  type Finding,
  type ScopeSummary,
  SEVERITY_RANK,
  SEVERITY_WEIGHT,
  STATUS_RANK,
} from './types.js';

export interface AuditScope {
  /** Check ids or families (`ROOT`, `GD-03`). */
  checks?: string[];
  /** Account ids or names. */
  accounts?: string[];
  /** OU paths: accounts under them, nested OUs included. */
  ous?: string[];
  regions?: string[];
}

export function runAudit(
  collection: AuditCollection,
  settings: AuditSettings,
  now: Date,
  scope: AuditScope = {},
  checks: readonly Check[] = ALL_CHECKS,
): AuditResult {
  const { snapshot } = collection;
  const ouPathOf = ouPaths(collection);
  const management =
    snapshot.accounts.find((a) => a.id === snapshot.organization.managementAccountId) ??
    ({
      id: snapshot.organization.managementAccountId,
      name: 'management account',
    } as SnapshotAccount);
  const inScope = accountFilter(collection, scope, ouPathOf);
  const active = snapshot.accounts.filter((a) => a.state === 'ACTIVE' && inScope(a));
  const selected = checks.filter(
    (c) =>
      !scope.checks?.length || scope.checks.some((s) => c.meta.id === s || c.meta.id.startsWith(`${s}-`)),
  );
  const names = new Map(snapshot.accounts.map((a) => [a.id, a.name]));
  const regionAllowed = (region: string) =>
    !scope.regions?.length || region === 'global' || scope.regions.includes(region);

  const activeIds = new Set(active.map((a) => a.id));
  const policies = new PolicyIndex(snapshot);
  const findings: Finding[] = [];
  for (const check of selected) {
    // One string per check, shared by its findings (a new one per finding was 10% of a large audit's heap).
    const remediation = remediationOf(check.meta);
    const report = (r: Report) => {
      const account = r.account ?? management.id;
      const region = r.region ?? 'global';
      if (!regionAllowed(region)) return;
      if (r.account && r.account !== management.id && !activeIds.has(r.account)) return;
      findings.push({
        check: check.meta.id,
        status: r.status,
        severity: r.severity ?? check.meta.severity,
        accountId: account,
        accountName: names.get(account) ?? account,
        ouPath: ouPathOf(account),
        region,
        ...(r.resource ? { resource: r.resource } : {}),
        message: r.message,
        ...(r.status !== 'PASS' && r.status !== 'NOT_APPLICABLE' ? { remediation } : {}),
      });
    };
    const ctx: CheckContext = {
      collection,
      snapshot,
      settings,
      now,
      management,
      policies,
      accounts: active,
      members: active.filter((a) => a.id !== management.id),
      evidence: (id) => collection.accounts[id],
      regionsOf: (id) => {
        const regions = collection.accounts[id]?.regions;
        return regions?.ok ? regions.value.filter(regionAllowed) : [];
      },
      accountName: (id) => names.get(id) ?? id,
      report,
      unknownIf: (got, where, what) => {
        if (got?.ok) return false;
        report({
          ...where,
          status: 'UNKNOWN',
          message: got ? `${what} could not be read: ${got.reason}` : `${what} was not read`,
        });
        return true;
      },
    };
    check.run(ctx);
  }

  const { active: rules, expired } = splitSuppressions(settings.suppressions, now);
  for (const finding of findings) {
    if (finding.status === 'PASS' || finding.status === 'NOT_APPLICABLE') continue;
    const rule = rules.find((s) => suppresses(s, finding, names));
    if (rule) {
      finding.status = 'MUTED';
      finding.suppressedBy = { reason: rule.reason, expires: rule.expires };
    }
  }
  findings.sort(compareFindings);

  return {
    version: 1,
    generatedAt: now.toISOString(),
    organizationId: snapshot.organization.id,
    managementAccountId: management.id,
    regions: collection.regions.filter(regionAllowed),
    checks: selected.map((c) => c.meta),
    findings,
    summary: summarise(findings, selected, collection, ouPathOf),
    expiredSuppressions: expired.map((s) => ({ check: s.check, reason: s.reason, expires: s.expires })),
    ...(collection.cost ? { cost: collection.cost } : {}),
  };
}

function ouPaths(collection: AuditCollection): (accountId: string) => string {
  const { snapshot } = collection;
  const paths = new Map(snapshot.ous.map((o) => [o.id, o.path]));
  const parents = new Map(snapshot.accounts.map((a) => [a.id, a.parentId]));
  return (id) => paths.get(parents.get(id) ?? '') ?? '';
}

function accountFilter(collection: AuditCollection, scope: AuditScope, ouPathOf: (id: string) => string) {
  return (a: SnapshotAccount) => {
    if (scope.accounts?.length && !scope.accounts.includes(a.id) && !scope.accounts.includes(a.name))
      return false;
    if (scope.ous?.length) {
      const path = ouPathOf(a.id);
      if (!scope.ous.some((ou) => path === ou || path.startsWith(`${ou}/`))) return false;
    }
    return a.id in collection.accounts || !Object.keys(collection.accounts).length;
  };
}

function splitSuppressions(all: Suppression[], now: Date) {
  const expired = all.filter((s) => new Date(s.expires).getTime() < now.getTime());
  return { active: all.filter((s) => !expired.includes(s)), expired };
}

function suppresses(s: Suppression, f: Finding, names: Map<string, string>): boolean {
  if (s.check !== '*' && s.check !== f.check) return false;
  if (s.account && s.account !== f.accountId && s.account !== names.get(f.accountId)) return false;
  if (s.ou && !(f.ouPath === s.ou || f.ouPath.startsWith(`${s.ou}/`))) return false;
  if (s.region && s.region !== f.region) return false;
  if (s.resource && !f.resource?.includes(s.resource)) return false;
  return true;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.check.localeCompare(b.check) ||
    a.accountName.localeCompare(b.accountName) ||
    a.region.localeCompare(b.region) ||
    (a.resource ?? '').localeCompare(b.resource ?? '')
  );
}

/** Severity-weighted share of decided findings that pass (WARN counts half), in percent. */
export function score(findings: Finding[]): number | null {
  let got = 0;
  let total = 0;
  for (const f of findings) {
    const w = SEVERITY_WEIGHT[f.severity];
    if (f.status !== 'PASS' && f.status !== 'WARN' && f.status !== 'FAIL') continue;
    total += w;
    got += f.status === 'PASS' ? w : f.status === 'WARN' ? w / 2 : 0;
  }
  return total ? Math.round((100 * got) / total) : null;
}

function summarise(
  findings: Finding[],
  checks: readonly Check[],
  collection: AuditCollection,
  ouPathOf: (id: string) => string,
) {
  // Grouped in one pass each: filtering all findings per account and per OU was quadratic (hours at
  // 10,000 accounts).
  const byCheckId = groupBy(findings, (f) => f.check);
  const byAccountId = groupBy(findings, (f) => f.accountId);
  const byOuPath = groupBy(findings, (f) => f.ouPath);
  const byCheck: CheckSummary[] = checks.map((c) => ({
    check: c.meta.id,
    title: c.meta.title,
    item: c.meta.item,
    severity: c.meta.severity,
    counts: countStatuses(byCheckId.get(c.meta.id) ?? []),
  }));
  const scopeSummary = (key: string, name: string, of: Finding[]): ScopeSummary => ({
    key,
    name,
    counts: countStatuses(of),
    score: score(of),
  });
  const accounts = collection.snapshot.accounts.filter((a) => byAccountId.has(a.id));
  const byAccount = accounts.map((a) => scopeSummary(a.id, a.name, byAccountId.get(a.id)!));
  const ouKeys = new Set<string>(['']);
  for (const a of accounts) {
    const parts = ouPathOf(a.id).split('/').filter(Boolean);
    parts.forEach((_, i) => ouKeys.add(parts.slice(0, i + 1).join('/')));
  }
  const byOu = [...ouKeys].map((path) =>
    scopeSummary(
      path,
      path || 'Root',
      path
        ? [...byOuPath].flatMap(([p, of]) => (p === path || p.startsWith(`${path}/`) ? of : []))
        : findings,
    ),
  );
  const worstFirst = (a: ScopeSummary, b: ScopeSummary) =>
    (a.score ?? 101) - (b.score ?? 101) || a.name.localeCompare(b.name);
  return {
    score: score(findings),
    counts: countStatuses(findings),
    byCheck,
    byAccount: byAccount.sort(worstFirst),
    byOu: byOu.sort(worstFirst),
  };
}

/** The check's fix, and the baseline key that makes it with orgward where there is one. */
function remediationOf(meta: CheckMeta): string {
  const key = BASELINE_FIXES[meta.id];
  return key
    ? `${meta.remediation} With orgward: \`${key}\` in org.yaml (\`orgward audit --suggest\`).`
    : meta.remediation;
}
