/**
 * `transfer plan` through the API: read the source organization (live, from its management account),
 * the destination (live, a snapshot file, or its org.yaml), and the moving accounts; plan the move.
 * Changes nothing in AWS.
 */
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../aws/clients.js';
import { UsageError } from '../errors/index.js';
import type { Desired } from '../model/desired.js';
import type { OrgSnapshot, SnapshotAccount } from '../model/snapshot.js';
import type {
  OrganizationView,
  TransferEvidence,
  TransferPath,
  TransferPlan,
  TransferStep,
} from '../model/transfer.js';
import { memberSessions } from '../read/baseline/shared.js';
import { readSnapshot } from '../read/snapshot.js';
import { readAccounts } from '../read/transfer/accounts.js';
import { readOrganization, type OrganizationRead } from '../read/transfer/organization.js';
import { scanReferences } from '../read/transfer/references.js';
import { allPages } from '../read/transfer/shared.js';
import { accountEvidence, planTransfer } from '../transfer/plan.js';
import { orgMatches } from '../transfer/references.js';
import { transferFingerprint, viewFromConfig, viewFromSnapshot } from '../transfer/views.js';
import { loadDesired, type ConfigOptions } from './config.js';
import type { EventSink } from './events.js';
import { loadSnapshotFile } from './snapshot.js';

export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';

/** Where the destination comes from: read live, a saved snapshot, or its org.yaml (with a live read too when given). */
export interface DestinationSource {
  factory?: ClientFactory;
  snapshotFile?: string;
  configFile?: string;
}

export interface TransferSides extends ConfigOptions {
  /** The source organization's management account. */
  source: ClientFactory;
  destination: DestinationSource;
  /** A session inside a moving account; default: the source's member role. */
  account?: (accountId: string) => ClientFactory;
  /** The role assumed in the source organization's accounts; default OrganizationAccountAccessRole. */
  memberRole?: string;
}

export interface TransferPlanOptions extends TransferSides {
  /** Account ids or names (in the source organization); ignored by a billing transfer. */
  accounts: readonly string[];
  /** Destination OU path ('' or undefined: the root). */
  ou?: string;
  path?: TransferPath;
  /** Regions read for coverage and resource policies; default the source factory's region. */
  regions?: readonly string[];
  /** Where resource policies naming the source organization are searched. */
  scan?: 'organization' | 'accounts' | 'none';
  /** The new root e-mail, when the move changes it (only with one account). */
  rootEmail?: string;
  /** A billing transfer's start (ISO); default the first of the next month at least a day ahead. */
  billingStart?: string;
  now?: () => Date;
}

/**
 * A management account's live snapshot, or a usage error naming the side and the fix. Identity Center
 * assignments are read for the moving accounts only (the plan looks at no other's).
 */
export async function managementSnapshot(
  factory: ClientFactory,
  side: string,
  flag: string,
  moving: readonly string[],
): Promise<OrgSnapshot> {
  const { snapshot } = await readSnapshot(factory, { assignmentsOf: moving });
  if (snapshot.source.callerAccountId !== snapshot.organization.managementAccountId)
    throw new UsageError(
      `the ${side} credentials are for account ${snapshot.source.callerAccountId}, not the management account ${snapshot.organization.managementAccountId} of ${snapshot.organization.id}`,
      `pass the ${side} management account's credentials (${flag})`,
    );
  return snapshot;
}

/**
 * The ids `--account` names: ids as given; names looked up with ListAccounts (unknown names are left for
 * {@link resolveAccounts} to refuse, with the whole snapshot at hand).
 */
async function accountIds(factory: ClientFactory, refs: readonly string[]): Promise<string[]> {
  if (refs.every((r) => /^\d{12}$/.test(r))) return [...refs];
  const client = factory.organizations();
  const accounts = await allPages(
    (NextToken) => client.send(new ListAccountsCommand({ ...(NextToken ? { NextToken } : {}) })),
    (p) => p.Accounts,
    (p) => p.NextToken,
  );
  return refs.flatMap((ref) => accounts.filter((a) => a.Id === ref || a.Name === ref).map((a) => a.Id ?? ''));
}

function resolveAccounts(snapshot: OrgSnapshot, wanted: readonly string[]): SnapshotAccount[] {
  if (wanted.length === 0)
    throw new UsageError('no account to move', 'name one or more with --account <id|name>');
  return wanted.map((ref) => {
    const found = snapshot.accounts.filter((a) => a.id === ref || a.name === ref);
    if (found.length === 1) return found[0]!;
    if (found.length > 1)
      throw new UsageError(
        `--account ${ref}: ${found.length} accounts have that name`,
        'pass the account id instead',
      );
    throw new UsageError(
      `--account ${ref}: no such account in the source organization ${snapshot.organization.id}`,
      `the source has ${snapshot.accounts.length} accounts; list them with \`orgward snapshot\``,
    );
  });
}

interface Destination {
  view: OrganizationView;
  desired: Desired | null;
}

async function readDestination(
  options: TransferPlanOptions,
  moving: ReadonlySet<string>,
  regions: readonly string[],
  sink: EventSink | undefined,
): Promise<Destination> {
  const { destination } = options;
  let live: OrganizationView | null = null;
  if (destination.factory) {
    const snapshot = await managementSnapshot(destination.factory, 'destination', '--to-profile', [
      ...moving,
    ]);
    const read = await readOrganization({
      factory: destination.factory,
      snapshot,
      regions,
      inAccount: memberSessions(destination.factory, snapshot.source.callerAccountId, DEFAULT_MEMBER_ROLE),
    });
    warn(sink, 'destination', read);
    live = viewFromSnapshot(snapshot, 'live', {
      coverage: read.coverage,
      openInvitations: read.openInvitations,
      outboundBillingTransfers: read.outboundBillingTransfers,
      supportPlan: read.supportPlan,
      fingerprint: transferFingerprint(snapshot, moving),
    });
  } else if (destination.snapshotFile) {
    const snapshot = await loadSnapshotFile(destination.snapshotFile);
    live = viewFromSnapshot(snapshot, 'snapshot', { fingerprint: transferFingerprint(snapshot, moving) });
  }
  if (destination.configFile) {
    const desired = loadDesired(destination.configFile, options, sink, 'nothing was planned');
    return { view: viewFromConfig(desired, live), desired };
  }
  if (!live) throw new UsageError('no destination', 'pass --to <org.yaml | snapshot.json | profile>');
  return { view: live, desired: null };
}

function warn(sink: EventSink | undefined, side: string, read: Pick<OrganizationRead, 'gaps'>): void {
  for (const gap of read.gaps) sink?.emit?.({ type: 'warning', message: `${side}: ${gap} (not read)` });
}

function checkOu(view: OrganizationView, ou: string): void {
  if (ou === '' || view.ous.some((o) => o.path === ou)) return;
  const known = view.ous.map((o) => o.path).sort();
  throw new UsageError(
    `--ou ${ou}: the destination ${view.id} has no such OU`,
    known.length
      ? `its OUs: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`
      : 'it has no OUs: leave --ou out to use the root',
  );
}

/** The first of a month, at least a day after `now` (AWS's earliest billing transfer start). */
export function nextBillingStart(now: Date): string {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  if (start.getTime() - now.getTime() < 86_400_000) start.setUTCMonth(start.getUTCMonth() + 1);
  return start.toISOString();
}

function contactsOf(desired: Desired | null): Extract<TransferStep, { kind: 'contacts' }>['contacts'] | null {
  const contacts = desired?.baseline?.accounts?.alternateContacts;
  return contacts && Object.keys(contacts).length ? contacts : null;
}

/** Plans moving accounts from the source organization to the destination (see the module comment). */
export async function planTransferMove(
  options: TransferPlanOptions,
  sink?: EventSink,
): Promise<TransferPlan> {
  const now = (options.now ?? (() => new Date()))();
  const path = options.path ?? 'direct';
  const regions = options.regions?.length ? options.regions : [options.source.target.region];
  const snapshot = await managementSnapshot(
    options.source,
    'source',
    '--from-profile',
    path === 'billing' ? [] : await accountIds(options.source, options.accounts),
  );
  const accounts =
    path === 'billing'
      ? snapshot.accounts.filter((a) => a.id === snapshot.organization.managementAccountId)
      : resolveAccounts(snapshot, options.accounts);
  if (options.rootEmail && accounts.length !== 1)
    throw new UsageError('--root-email changes one account’s root e-mail', 'plan that account on its own');
  const moving = new Set(accounts.map((a) => a.id));
  const destination = await readDestination(options, moving, regions, sink);
  if (destination.view.id === snapshot.organization.id)
    throw new UsageError(
      `the destination is the source organization ${snapshot.organization.id}`,
      'pass the other organization’s org.yaml, snapshot or profile with --to',
    );
  const ou = options.ou ?? '';
  checkOu(destination.view, ou);
  const inAccount =
    options.account ??
    memberSessions(
      options.source,
      snapshot.source.callerAccountId,
      options.memberRole ?? DEFAULT_MEMBER_ROLE,
    );
  const sourceRead = await readOrganization({ factory: options.source, snapshot, regions, inAccount });
  warn(sink, 'source', sourceRead);
  const evidence = await gather(
    options,
    { snapshot, accounts, regions, inAccount, sourceRead, moving, now },
    destination.view,
    sink,
  );
  return planTransfer({
    now,
    path,
    evidence,
    ou,
    contacts: contactsOf(destination.desired),
    rootEmail: options.rootEmail ?? null,
    ...(path === 'billing' ? { billingStart: options.billingStart ?? nextBillingStart(now) } : {}),
  });
}

interface SourceSide {
  snapshot: OrgSnapshot;
  accounts: SnapshotAccount[];
  regions: readonly string[];
  inAccount: (accountId: string) => ClientFactory;
  sourceRead: OrganizationRead;
  moving: ReadonlySet<string>;
  now: Date;
}

async function gather(
  options: TransferPlanOptions,
  side: SourceSide,
  destination: OrganizationView,
  sink: EventSink | undefined,
): Promise<TransferEvidence> {
  const { snapshot, accounts, regions, inAccount, sourceRead } = side;
  const reads = await readAccounts(
    { factory: options.source, snapshot, organization: sourceRead, inAccount },
    accounts,
  );
  const scan = options.scan ?? 'organization';
  const scanned =
    scan === 'none'
      ? []
      : scan === 'accounts'
        ? [...side.moving]
        : snapshot.accounts.filter((a) => a.state === 'ACTIVE').map((a) => a.id);
  const ids = {
    organizationId: snapshot.organization.id,
    pathIds: [snapshot.root.id, ...snapshot.ous.map((o) => o.id)],
  };
  const found =
    scan === 'none'
      ? null
      : await scanReferences({ accounts: scanned, regions, inAccount, match: (doc) => orgMatches(doc, ids) });
  for (const gap of found?.gaps ?? [])
    sink?.emit?.({ type: 'warning', message: `reference scan: ${gap} (not read)` });
  for (const read of reads)
    for (const gap of read.gaps)
      sink?.emit?.({ type: 'warning', message: `account ${read.accountId}: ${gap} (not read)` });
  return {
    takenAt: side.now.toISOString(),
    source: viewFromSnapshot(snapshot, 'live', {
      coverage: sourceRead.coverage,
      openInvitations: sourceRead.openInvitations,
      outboundBillingTransfers: sourceRead.outboundBillingTransfers,
      supportPlan: sourceRead.supportPlan,
      fingerprint: transferFingerprint(snapshot, side.moving),
    }),
    destination,
    accounts: accounts.map((account, i) => {
      const { accountId: _id, ...rest } = reads[i]!;
      return accountEvidence(snapshot, account, rest);
    }),
    references: found ? found.references : null,
    scanned: found ? { accounts: scanned.length, regions: [...regions] } : null,
  };
}
