/**
 * What a transfer needs to know about one organization beyond its snapshot: the logging and security
 * coverage an account joins or leaves (organization trails, Config aggregators, GuardDuty and Security
 * Hub administrators with auto-enrolment, auto-deploying stack sets), open invitations, and the
 * management account's support plan. Read from the management account; the services' delegated
 * administrators through the member role.
 */
import { ListHandshakesForOrganizationCommand } from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../../aws/clients.js';
import type { StackSet } from '../../model/evidence.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import type { Coverage, SupportLevel } from '../../model/transfer.js';
import { mapLimit } from '../../util/pool.js';
import { trailsOf } from '../audit/account.js';
import {
  configAggregator,
  guardDutyAdmins,
  guardDutyView,
  securityHubAdmins,
  securityHubView,
  stackSets,
} from '../audit/central.js';
import { billingTransfersOf, type BillingTransfer } from './billing.js';
import { allPages, supportLevel, tryRead } from './shared.js';

export interface OrganizationRead {
  coverage: Coverage;
  /** Service-managed stack sets of the management account, per region (with their instances). */
  stackSets: Array<StackSet & { region: string }>;
  /** Per service and region: the administrator and the accounts enrolled as its members. */
  members: Array<{ service: 'guardduty' | 'securityhub'; region: string; admin: string; accounts: string[] }>;
  openInvitations: number | null;
  outboundBillingTransfers: number | null;
  supportPlan: SupportLevel | null;
  gaps: string[];
}

export interface OrganizationReadOptions {
  factory: ClientFactory;
  snapshot: OrgSnapshot;
  regions: readonly string[];
  /** The factory acting in another account of the organization (the member role). */
  inAccount: (accountId: string) => ClientFactory;
}

function ouPath(snapshot: OrgSnapshot, id: string): string {
  if (id === snapshot.root.id) return '(root)';
  return snapshot.ous.find((ou) => ou.id === id)?.path ?? id;
}

type ServiceRead = Coverage['services'][number] & { members: string[] };

/** Administrators per region, whether they enrol new members, and the members they have. */
async function securityServices(options: OrganizationReadOptions, gaps: string[]): Promise<ServiceRead[]> {
  const { factory, regions, inAccount } = options;
  const enrolled = (members: Record<string, string>) =>
    Object.entries(members)
      .filter(([, status]) => /^(Enabled|ENABLED)$/.test(status))
      .map(([id]) => id);
  const perRegion = await mapLimit(regions, 4, async (region) => {
    const found: ServiceRead[] = [];
    const gd =
      (await tryRead(gaps, `GuardDuty administrator (${region})`, () => guardDutyAdmins(factory, region))) ??
      [];
    for (const admin of gd.slice(0, 1)) {
      const view = await tryRead(gaps, `GuardDuty organization configuration (${region})`, () =>
        guardDutyView(inAccount(admin), region),
      );
      found.push({
        service: 'guardduty',
        region,
        admin,
        autoEnable: view ? view.autoEnable !== 'NONE' : false,
        members: view ? enrolled(view.members) : [],
      });
    }
    const hub =
      (await tryRead(gaps, `Security Hub administrator (${region})`, () =>
        securityHubAdmins(factory, region),
      )) ?? [];
    for (const admin of hub.slice(0, 1)) {
      const view = await tryRead(gaps, `Security Hub organization configuration (${region})`, () =>
        securityHubView(inAccount(admin), region, false),
      );
      found.push({
        service: 'securityhub',
        region,
        admin,
        autoEnable: view ? view.autoEnable || view.configurationType === 'CENTRAL' : false,
        members: view ? enrolled(view.members) : [],
      });
    }
    return found;
  });
  return perRegion.flat();
}

async function aggregators(
  options: OrganizationReadOptions,
  gaps: string[],
): Promise<Coverage['aggregators']> {
  const { snapshot, regions, inAccount, factory } = options;
  const management = snapshot.organization.managementAccountId;
  const admins = (snapshot.organization.delegatedAdministrators ?? [])
    .filter((d) => /^config(-multiaccountsetup)?\.amazonaws\.com$/.test(d.servicePrincipal))
    .map((d) => d.accountId);
  const accounts = [...new Set([management, ...admins])];
  const found: Coverage['aggregators'] = [];
  for (const account of accounts) {
    const session = account === management ? factory : inAccount(account);
    for (const region of regions) {
      const agg = await tryRead(gaps, `Config aggregator in ${account} (${region})`, () =>
        configAggregator(session, region),
      );
      if (agg) found.push({ name: agg.name, account, region });
    }
  }
  return found;
}

async function openInvitations(factory: ClientFactory): Promise<number> {
  const client = factory.organizations();
  const handshakes = await allPages(
    (NextToken) =>
      client.send(
        new ListHandshakesForOrganizationCommand({
          Filter: { ActionType: 'INVITE' },
          ...(NextToken ? { NextToken } : {}),
        }),
      ),
    (p) => p.Handshakes,
    (p) => p.NextToken,
  );
  return handshakes.filter((h) => h.State === 'OPEN' || h.State === 'REQUESTED').length;
}

/** Billing transfers the organization handed to a payer that are requested or in force. */
async function outboundBilling(factory: ClientFactory): Promise<number> {
  const transfers = await billingTransfersOf(factory, 'outbound');
  // A withdrawn transfer stays in force until the end of its month.
  const inForce = (t: BillingTransfer) =>
    t.status === 'REQUESTED' ||
    t.status === 'ACCEPTED' ||
    (t.status === 'WITHDRAWN' && Date.parse(t.end ?? '') > Date.now());
  return transfers.filter(inForce).length;
}

/** Reads the organization's coverage and capacity (see the module comment). Changes nothing. */
export async function readOrganization(options: OrganizationReadOptions): Promise<OrganizationRead> {
  const { factory, snapshot, regions } = options;
  const gaps: string[] = [];
  const [trails, services, aggs, sets, invitations, support, billing] = await Promise.all([
    mapLimit(regions, 4, (region) =>
      tryRead(gaps, `trails (${region})`, () => trailsOf(factory, region, false)),
    ),
    securityServices(options, gaps),
    aggregators(options, gaps),
    mapLimit(regions, 4, async (region) => {
      const read = await tryRead(gaps, `stack sets (${region})`, () => stackSets(factory, region));
      return (read?.stackSets ?? []).map((s) => ({ ...s, region }));
    }),
    tryRead(gaps, 'open invitations', () => openInvitations(factory)),
    tryRead(gaps, 'support plan of the management account', () => supportLevel(factory)),
    tryRead(gaps, 'billing transfers', () => outboundBilling(factory)),
  ]);
  const organizationTrails = new Map<string, { name: string; region: string }>();
  for (const list of trails)
    for (const t of list ?? [])
      if (t.isOrganizationTrail) organizationTrails.set(t.arn, { name: t.name, region: t.homeRegion });
  const serviceManaged = sets.flat().filter((s) => s.permissionModel === 'SERVICE_MANAGED');
  return {
    coverage: {
      trails: [...organizationTrails.values()],
      aggregators: aggs,
      services: services.map(({ members: _members, ...service }) => service),
      stackSets: serviceManaged
        .filter((s) => s.autoDeployment)
        .map((s) => ({ name: s.name, region: s.region, targets: s.targets.map((t) => ouPath(snapshot, t)) })),
    },
    stackSets: serviceManaged,
    members: services.map(({ service, region, admin, members }) => ({
      service,
      region,
      admin,
      accounts: members,
    })),
    openInvitations: invitations,
    outboundBillingTransfers: billing,
    supportPlan: support,
    gaps,
  };
}
