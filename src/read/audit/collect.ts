/**
 * The audit read: the organization snapshot, then the central views, then every account in scope (one
 * assumed-role factory per account, bounded concurrency), into one {@link AuditCollection}.
 */
import type { ClientFactory } from '../../aws/clients.js';
import { realSleep } from '../../aws/rate-limiter.js';
import {
  COLLECTION_VERSION,
  got,
  missing,
  type AccountEvidence,
  type AuditCollection,
  type CentralEvidence,
  type Got,
} from '../../model/evidence.js';
import { allowedRegions } from '../../model/policies.js';
import { resolveRoles } from './roles.js';
import type { AuditSettings } from '../../model/audit-settings.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import { mapLimit } from '../../util/pool.js';
import type { ReadProgress } from '../options.js';
import { readSnapshot } from '../snapshot.js';
import { enabledRegions, readAccount } from './account.js';
import {
  configAggregator,
  effectiveDeclarativePolicy,
  guardDutyAdmins,
  guardDutyView,
  logBucket,
  managementTrails,
  noAdmin,
  organizationAnalyzers,
  organizationRules,
  securityContact,
  securityHubAdmins,
  securityHubView,
  stackSets,
} from './central.js';
import { read } from './got.js';

export interface AuditReadOptions {
  settings: AuditSettings;
  /** Read only these regions (default: every enabled region of each account). */
  regions?: string[];
  /** Read only these accounts (ids or names) and those under these OU paths; the management account is always read. */
  accounts?: string[];
  ous?: string[];
  /** An already-read snapshot (saves reading the organization twice). */
  snapshot?: OrgSnapshot;
  /** Accounts read at once (default 16). */
  concurrency?: number;
  /** Regions read at once per account (default 4). */
  regionConcurrency?: number;
  onProgress?: (progress: ReadProgress) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export async function collectAudit(
  factory: ClientFactory,
  options: AuditReadOptions,
): Promise<AuditCollection> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? realSleep;
  const progress = options.onProgress ?? (() => undefined);
  const snapshot = options.snapshot ?? (await readSnapshot(factory, { onProgress: progress })).snapshot;
  const roles = resolveRoles(snapshot, options.settings);
  const home = factory.target.region;
  const caller = snapshot.source.callerAccountId;
  const managementId = snapshot.organization.managementAccountId;
  const factoryFor = (id: string) =>
    id === caller ? factory : factory.assumeRole(id, options.settings.roleName);
  const inScope = (regions: string[]) =>
    options.regions?.length ? regions.filter((r) => options.regions!.includes(r)) : regions;

  const ouPaths = new Map(snapshot.ous.map((o) => [o.id, o.path]));
  const wanted = (a: OrgSnapshot['accounts'][number]) => {
    if (a.id === managementId) return true;
    if (options.accounts?.length && !options.accounts.includes(a.id) && !options.accounts.includes(a.name))
      return false;
    const path = ouPaths.get(a.parentId) ?? '';
    return !options.ous?.length || options.ous.some((ou) => path === ou || path.startsWith(`${ou}/`));
  };
  const accounts = snapshot.accounts.filter((a) => a.state === 'ACTIVE' && wanted(a));
  const mgmt = factoryFor(managementId);
  const mgmtRegions = await read(() => enabledRegions(mgmt));
  const centralRegions = mgmtRegions.ok ? inScope(mgmtRegions.value) : inScope([home]);

  progress({ phase: 'central views', done: 0, total: undefined });
  const central = await readCentral(
    mgmt,
    snapshot,
    roles.securityTooling,
    centralRegions,
    accounts.map((a) => a.id),
    factoryFor,
    home,
  );

  let done = 0;
  progress({ phase: 'accounts', done, total: accounts.length });
  const evidence = await mapLimit(accounts, options.concurrency ?? 16, async (account) => {
    const isMember = account.id !== managementId;
    const allowed = isMember ? allowedRegions(snapshot, account.id) : null;
    const result = await readAccount(factoryFor(account.id), {
      accountId: account.id,
      isManagement: !isMember,
      homeRegion: home,
      regionFilter: (enabled) => {
        const wanted = inScope(enabled);
        return {
          scan: wanted.filter((r) => !allowed || allowed.includes(r)),
          denied: allowed ? wanted.filter((r) => !allowed.includes(r)) : [],
        };
      },
      guardDutyFallback: (region) => !central.guardDuty[region]?.ok,
      securityHubFallback: (region) => !central.securityHub[region]?.ok,
      regionConcurrency: options.regionConcurrency ?? 4,
      sleep,
    });
    progress({ phase: 'accounts', done: ++done, total: accounts.length });
    return result;
  });
  const byAccount: Record<string, AccountEvidence> = {};
  accounts.forEach((a, i) => (byAccount[a.id] = evidence[i]!));

  central.logBucket = await readLogBucket(central, roles.logArchive, byAccount, factoryFor, home);
  const regions = [
    ...new Set(Object.values(byAccount).flatMap((e) => (e.regions.ok ? e.regions.value : []))),
  ].sort();
  const stats = factory.stats.snapshot();
  return {
    version: COLLECTION_VERSION,
    collectedAt: now().toISOString(),
    homeRegion: home,
    regions,
    snapshot,
    roles,
    central,
    accounts: byAccount,
    cost: {
      calls: stats.calls,
      throttled: stats.throttled,
      retried: stats.retried,
      wallMs: Date.now() - started,
    },
  };
}

async function readCentral(
  mgmt: ClientFactory,
  snapshot: OrgSnapshot,
  securityTooling: string | null,
  regions: string[],
  accountIds: string[],
  factoryFor: (id: string) => ClientFactory,
  home: string,
): Promise<CentralEvidence> {
  const da = securityTooling ? factoryFor(securityTooling) : mgmt;
  const perRegion = async <T>(fn: (region: string) => Promise<Got<T>>): Promise<Record<string, Got<T>>> => {
    const values = await mapLimit(regions, 4, fn);
    return Object.fromEntries(regions.map((r, i) => [r, values[i]!]));
  };
  const [trails, gdAdmins, shAdmins] = await Promise.all([
    read(() => managementTrails(mgmt, home)),
    perRegion((r) => read(() => guardDutyAdmins(mgmt, r))),
    perRegion((r) => read(() => securityHubAdmins(mgmt, r))),
  ]);
  const isAdmin = (admins: Got<string[]> | undefined) =>
    Boolean(securityTooling && admins?.ok && admins.value.includes(securityTooling));
  const declarativeOn = snapshot.organization.enabledPolicyTypes.includes('DECLARATIVE_POLICY_EC2');
  const members = accountIds.filter((id) => id !== snapshot.organization.managementAccountId);
  const [guardDuty, securityHub, aggregator, rules, analyzers, sets, contacts, declarative] =
    await Promise.all([
      perRegion((r) =>
        isAdmin(gdAdmins[r])
          ? read(() => guardDutyView(da, r))
          : Promise.resolve(noAdmin<never>('GuardDuty', r)),
      ),
      perRegion((r) =>
        isAdmin(shAdmins[r])
          ? read(() => securityHubView(da, r, r === home))
          : Promise.resolve(noAdmin<never>('Security Hub', r)),
      ),
      read(() => configAggregator(da, home)),
      organizationRules(configRulesAdmin(snapshot, securityTooling) ? da : mgmt, home),
      perRegion((r) => read(() => organizationAnalyzers(da, r))),
      read(() => stackSets(mgmt, home)),
      mapLimit(accountIds, 8, (id) =>
        read(() => securityContact(mgmt, id, id === snapshot.organization.managementAccountId)),
      ),
      declarativeOn
        ? mapLimit(members, 8, (id) => read(() => effectiveDeclarativePolicy(mgmt, id)))
        : Promise.resolve(members.map(() => got(null))),
    ]);
  return {
    rootFeatures: rootFeaturesOf(snapshot),
    trails,
    guardDutyAdmins: gdAdmins,
    securityHubAdmins: shAdmins,
    guardDuty,
    securityHub,
    configAggregator: aggregator,
    organizationConformancePacks: rules.packs,
    organizationConfigRules: rules.rules,
    accessAnalyzers: analyzers,
    stackSets: sets,
    securityContacts: Object.fromEntries(accountIds.map((id, i) => [id, contacts[i]!])),
    declarativePolicies: Object.fromEntries(members.map((id, i) => [id, declarative[i]!])),
    logBucket: missing('NOT_READ', 'read after the accounts'),
  };
}

/**
 * Organization conformance packs and Config rules answer only in the management account and in the
 * delegated administrator for `config-multiaccountsetup.amazonaws.com`; anywhere else AWS says
 * OrganizationAccessDenied. The security tooling account reads them only when it holds that role (or
 * when the delegated administrators could not be read, so its answer is the best evidence left).
 */
function configRulesAdmin(snapshot: OrgSnapshot, securityTooling: string | null): boolean {
  if (!securityTooling) return false;
  const admins = snapshot.organization.delegatedAdministrators;
  if (!admins) return true;
  return admins.some(
    (a) => a.accountId === securityTooling && a.servicePrincipal === 'config-multiaccountsetup.amazonaws.com',
  );
}

/** ROOT-01/02 read the features the snapshot already holds (never read twice in a run). */
function rootFeaturesOf(snapshot: OrgSnapshot): Got<string[]> {
  const root = snapshot.organization.rootAccess;
  if (root)
    return got([
      ...(root.credentialsManagement ? ['RootCredentialsManagement'] : []),
      ...(root.rootSessions ? ['RootSessions'] : []),
    ]);
  const gap = snapshot.gaps.find((g) => g.part === 'organization.rootAccess');
  return missing(gap?.code ?? 'UNKNOWN', gap?.reason ?? 'not read');
}

async function readLogBucket(
  central: CentralEvidence,
  logArchive: string | null,
  accounts: Record<string, AccountEvidence>,
  factoryFor: (id: string) => ClientFactory,
  home: string,
): Promise<CentralEvidence['logBucket']> {
  if (!central.trails.ok) return missing(central.trails.code, central.trails.reason);
  const bucket = central.trails.value.find((t) => t.isOrganizationTrail)?.s3BucketName;
  if (!bucket) return got(null);
  if (!logArchive) return missing('NO_LOG_ARCHIVE', 'no log-archive account is configured or recognisable');
  const owned = accounts[logArchive]?.buckets;
  if (!owned?.ok)
    return missing(owned?.code ?? 'NOT_READ', owned?.reason ?? 'the log-archive account was not read');
  if (!owned.value.includes(bucket)) return got(null);
  return read(() => logBucket(factoryFor(logArchive), home, bucket));
}
