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
  type AuditRoles,
  type CentralEvidence,
  type Got,
} from '../../model/evidence.js';
import { resolveRoles } from './roles.js';
import type { AuditSettings } from '../../model/audit-settings.js';
import type { OrgSnapshot, SnapshotAccount } from '../../model/snapshot.js';
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
import { accountsInScope, regionFilterFor, regionsInScope } from './scope.js';
import { PolicyIndex } from '../../model/policies.js';

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

/** What every section of the audit read shares, once the snapshot is read. */
interface AuditReadContext {
  factory: ClientFactory;
  options: AuditReadOptions;
  snapshot: OrgSnapshot;
  roles: AuditRoles;
  home: string;
  managementId: string;
  progress: (progress: ReadProgress) => void;
  /** The factory that reads account `id`: the caller's own, else a role assumed into it. */
  factoryFor: (id: string) => ClientFactory;
}

async function auditReadContext(
  factory: ClientFactory,
  options: AuditReadOptions,
): Promise<AuditReadContext> {
  const progress = options.onProgress ?? (() => undefined);
  const snapshot = options.snapshot ?? (await readSnapshot(factory, { onProgress: progress })).snapshot;
  const roles = resolveRoles(snapshot, options.settings);
  const caller = snapshot.source.callerAccountId;
  return {
    factory,
    options,
    snapshot,
    roles,
    home: factory.target.region,
    managementId: snapshot.organization.managementAccountId,
    progress,
    factoryFor: (id) => (id === caller ? factory : factory.assumeRole(id, options.settings.roleName)),
  };
}

export async function collectAudit(
  factory: ClientFactory,
  options: AuditReadOptions,
): Promise<AuditCollection> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const ctx = await auditReadContext(factory, options);
  const accounts = accountsInScope(ctx.snapshot, options);
  const central = await readCentralViews(ctx, accounts);
  const byAccount = await readAccounts(ctx, accounts, central);
  central.logBucket = await readLogBucket(ctx, central, byAccount);
  const stats = factory.stats.snapshot();
  return {
    version: COLLECTION_VERSION,
    collectedAt: now().toISOString(),
    homeRegion: ctx.home,
    regions: regionsRead(byAccount),
    snapshot: ctx.snapshot,
    roles: ctx.roles,
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

/** Phase 1: the central views, in the management account's enabled regions in scope (home if unknown). */
async function readCentralViews(
  ctx: AuditReadContext,
  accounts: SnapshotAccount[],
): Promise<CentralEvidence> {
  const mgmt = ctx.factoryFor(ctx.managementId);
  const mgmtRegions = await read(() => enabledRegions(mgmt));
  const regions = regionsInScope(ctx.options, mgmtRegions.ok ? mgmtRegions.value : [ctx.home]);
  ctx.progress({ phase: 'central views', done: 0, total: undefined });
  return readCentral(
    ctx,
    mgmt,
    regions,
    accounts.map((a) => a.id),
  );
}

/** Phase 2: every account in scope, by account id; central views stand in where an account cannot. */
async function readAccounts(
  ctx: AuditReadContext,
  accounts: SnapshotAccount[],
  central: CentralEvidence,
): Promise<Record<string, AccountEvidence>> {
  const { options, snapshot } = ctx;
  const sleep = options.sleep ?? realSleep;
  let done = 0;
  const keep = new Set([snapshot.source.callerAccountId, ctx.roles.securityTooling, ctx.roles.logArchive]);
  const policies = new PolicyIndex(snapshot);
  ctx.progress({ phase: 'accounts', done, total: accounts.length });
  const evidence = await mapLimit(accounts, options.concurrency ?? 16, async (account) => {
    const result = await readAccount(ctx.factoryFor(account.id), {
      accountId: account.id,
      isManagement: account.id === ctx.managementId,
      homeRegion: ctx.home,
      regionFilter: regionFilterFor(snapshot, options, account.id, policies),
      guardDutyFallback: (region) => !central.guardDuty[region]?.ok,
      securityHubFallback: (region) => !central.securityHub[region]?.ok,
      regionConcurrency: options.regionConcurrency ?? 4,
      sleep,
    });
    ctx.progress({ phase: 'accounts', done: ++done, total: accounts.length });
    // Done with this account: its clients go (a thousand accounts × regions × services of SDK clients
    // held to the end was most of the audit's memory). The roles' accounts are read again later.
    if (!keep.has(account.id)) ctx.factory.releaseRole(account.id, options.settings.roleName);
    return result;
  });
  const byAccount: Record<string, AccountEvidence> = {};
  accounts.forEach((a, i) => (byAccount[a.id] = evidence[i]!));
  return byAccount;
}

/** Every region read in some account, sorted. */
function regionsRead(byAccount: Record<string, AccountEvidence>): string[] {
  return [...new Set(Object.values(byAccount).flatMap((e) => (e.regions.ok ? e.regions.value : [])))].sort();
}

async function readCentral(
  ctx: AuditReadContext,
  mgmt: ClientFactory,
  regions: string[],
  accountIds: string[],
): Promise<CentralEvidence> {
  const { snapshot, home } = ctx;
  const securityTooling = ctx.roles.securityTooling;
  const da = securityTooling ? ctx.factoryFor(securityTooling) : mgmt;
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
  ctx: AuditReadContext,
  central: CentralEvidence,
  accounts: Record<string, AccountEvidence>,
): Promise<CentralEvidence['logBucket']> {
  const logArchive = ctx.roles.logArchive;
  if (!central.trails.ok) return missing(central.trails.code, central.trails.reason);
  const bucket = central.trails.value.find((t) => t.isOrganizationTrail)?.s3BucketName;
  if (!bucket) return got(null);
  if (!logArchive) return missing('NO_LOG_ARCHIVE', 'no log-archive account is configured or recognisable');
  const owned = accounts[logArchive]?.buckets;
  if (!owned?.ok)
    return missing(owned?.code ?? 'NOT_READ', owned?.reason ?? 'the log-archive account was not read');
  if (!owned.value.includes(bucket)) return got(null);
  return read(() => logBucket(ctx.factoryFor(logArchive), ctx.home, bucket));
}
