/**
 * GuardDuty with AWS Organizations: the delegated administrator per region (set by the management
 * account), the administrator's organization configuration, and auto-enable.
 *
 * Auto-enable: with `AutoEnableOrganizationMembers = ALL` every ACTIVE organization account gets an
 * enabled detector and becomes an `Enabled` member of the administrator; with `NEW` only accounts
 * that joined the organization (Organizations' `JoinedTimestamp`) after the setting was made. The
 * enrolment runs when the setting changes, and again on the administrator's next member listing
 * whenever the organization's size has changed since (accounts joined) — so a listing costs a full
 * pass over the organization only after it grew or shrank.
 */
import { optBool, optInt, optList, optString, reqString, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount, type World } from '../../world.js';
import { accountsToEnrol } from '../../shared/auto-enable.js';
import {
  deregisterDelegatedAdmin,
  isDelegatedAdmin,
  registerDelegatedAdmin,
} from '../../shared/org-access.js';
import { regionalEntries } from '../../shared/regional.js';
import { organizationOf, type OrganizationState } from '../organizations/state.js';
import { createDetector, ownDetector } from './detectors.js';
import { badRequest, notAdmin, notManagement } from './errors.js';
import {
  CONFIGURABLE_FEATURES,
  gdState,
  GUARDDUTY_PRINCIPAL,
  KEY,
  peekGd,
  type AutoEnable,
  type GuardDutyRegionState,
  type MemberState,
} from './state.js';

function managementOrg(ctx: CallContext): OrganizationState {
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  if (!org || org.managementAccountId !== ctx.caller.accountId) throw notManagement();
  return org;
}

/** The delegated administrator of the organization's GuardDuty in `region`. */
export function adminOf(world: World, org: OrganizationState, region: string): string | undefined {
  return peekGd(world.accounts[org.managementAccountId], region)?.adminAccountId;
}

/** Makes `accountId` an enabled member of the administrator: its detector is created or enabled. */
export function enrol(
  world: World,
  admin: GuardDutyRegionState,
  adminId: string,
  accountId: string,
  region: string,
  now: Date,
): MemberState {
  const account = ensureAccount(world, accountId, now);
  const state = gdState(account, region);
  if (!state.detector) createDetector(world, account, region, now, true);
  else state.detector.status = 'ENABLED';
  state.administratorId = adminId;
  const member: MemberState = {
    accountId,
    email: account.email,
    relationshipStatus: 'Enabled',
    updatedAt: now.toISOString(),
  };
  admin.members[accountId] = member;
  return member;
}

/** Enrols the organization accounts the auto-enable setting covers (src/sandbox/shared/auto-enable.ts). */
export function autoEnrol(
  ctx: CallContext,
  org: OrganizationState,
  adminId: string,
  admin: GuardDutyRegionState,
  force = false,
): void {
  if (!admin.orgConfig) return;
  for (const id of accountsToEnrol(
    org,
    admin.orgConfig.members,
    adminId,
    (a) => admin.members[a] !== undefined,
    force,
  ))
    enrol(ctx.world, admin, adminId, id, ctx.region, ctx.now);
}

/** The caller as the region's delegated administrator, with its detector named in the path. */
export function requireAdmin(
  ctx: CallContext,
  input: Input,
): { org: OrganizationState; admin: GuardDutyRegionState } {
  ownDetector(ctx, input);
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  if (!org || adminOf(ctx.world, org, ctx.region) !== ctx.caller.accountId) throw notAdmin();
  return { org, admin: gdState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region) };
}

const enableAdmin: Handler = (ctx, input) => {
  const org = managementOrg(ctx);
  const adminId = reqString(input, 'adminAccountId', { pattern: /^\d{12}$/ });
  if (!org.members[adminId])
    throw badRequest(
      `The request is rejected because the account ${adminId} is not a member of the organization.`,
    );
  const other = org.delegatedAdmins.find(
    (d) => d.servicePrincipal === GUARDDUTY_PRINCIPAL && d.accountId !== adminId,
  );
  const mgmt = gdState(ensureAccount(ctx.world, org.managementAccountId, ctx.now), ctx.region);
  if (other || (mgmt.adminAccountId && mgmt.adminAccountId !== adminId))
    throw badRequest(
      'The request is rejected because another account is already the GuardDuty delegated administrator.',
    );
  // As AWS does: designating the administrator enables trusted access and registers it in Organizations.
  org.trustedServices[GUARDDUTY_PRINCIPAL] ??= ctx.now.toISOString();
  registerDelegatedAdmin(org, adminId, GUARDDUTY_PRINCIPAL, ctx.now);
  mgmt.adminAccountId = adminId;
  const admin = gdState(ensureAccount(ctx.world, adminId, ctx.now), ctx.region);
  admin.orgConfig ??= {
    members: { mode: 'NONE', setAt: ctx.now.toISOString(), seenMembers: 0 },
    features: {},
  };
  return {};
};

const disableAdmin: Handler = (ctx, input) => {
  const org = managementOrg(ctx);
  const adminId = reqString(input, 'adminAccountId', { pattern: /^\d{12}$/ });
  const mgmt = gdState(ensureAccount(ctx.world, org.managementAccountId, ctx.now), ctx.region);
  if (mgmt.adminAccountId !== adminId)
    throw badRequest(
      `The request is rejected because ${adminId} is not the GuardDuty delegated administrator.`,
    );
  delete mgmt.adminAccountId;
  const stillAdmin = regionalEntries<GuardDutyRegionState>(
    ctx.world.accounts[org.managementAccountId],
    KEY,
  ).some(([, s]) => s.adminAccountId === adminId);
  if (!stillAdmin && isDelegatedAdmin(org, adminId, GUARDDUTY_PRINCIPAL))
    deregisterDelegatedAdmin(org, adminId, GUARDDUTY_PRINCIPAL);
  return {};
};

const listAdmins: Handler = (ctx, input) => {
  const org = managementOrg(ctx);
  const adminId = adminOf(ctx.world, org, ctx.region);
  const items = adminId ? [{ adminAccountId: adminId, adminStatus: 'ENABLED' }] : [];
  const page = ctx.page(items, optString(input, 'nextToken'), optInt(input, 'maxResults'), 'admins', {
    max: 50,
    defaultSize: 50,
    invalidToken: () => badRequest('The request is rejected because the nextToken is invalid.'),
  });
  return { adminAccounts: page.items, nextToken: page.nextToken };
};

const describeConfig: Handler = (ctx, input) => {
  const { admin } = requireAdmin(ctx, input);
  const config = admin.orgConfig!;
  const feature = (name: string): AutoEnable => config.features[name] ?? 'NONE';
  return {
    autoEnable: config.members.mode !== 'NONE',
    autoEnableOrganizationMembers: config.members.mode,
    memberAccountLimitReached: false,
    dataSources: {
      s3Logs: { autoEnable: feature('S3_DATA_EVENTS') !== 'NONE' },
      kubernetes: { auditLogs: { autoEnable: feature('EKS_AUDIT_LOGS') !== 'NONE' } },
      malwareProtection: {
        scanEc2InstanceWithFindings: {
          ebsVolumes: { autoEnable: feature('EBS_MALWARE_PROTECTION') !== 'NONE' },
        },
      },
    },
    features: CONFIGURABLE_FEATURES.map((name) => ({ name, autoEnable: feature(name) })),
  };
};

const updateConfig: Handler = (ctx, input) => {
  const { org, admin } = requireAdmin(ctx, input);
  const config = admin.orgConfig!;
  const legacy = optBool(input, 'autoEnable');
  const members =
    optString(input, 'autoEnableOrganizationMembers', { oneOf: ['ALL', 'NEW', 'NONE'] }) ??
    (legacy === undefined ? undefined : legacy ? 'NEW' : 'NONE');
  if (members === undefined)
    throw badRequest('The request is rejected because autoEnableOrganizationMembers is missing.');
  if (members !== config.members.mode) config.members.setAt = ctx.now.toISOString();
  config.members.mode = members;
  for (const item of optList(input, 'features') ?? []) {
    const f = item as Input;
    const name = reqString(f, 'name', { oneOf: CONFIGURABLE_FEATURES });
    config.features[name] = reqString(f, 'autoEnable', { oneOf: ['ALL', 'NEW', 'NONE'] });
  }
  autoEnrol(ctx, org, ctx.caller.accountId, admin, true);
  return {};
};

export const organizationOperations: Record<string, Handler> = {
  EnableOrganizationAdminAccount: enableAdmin,
  DisableOrganizationAdminAccount: disableAdmin,
  ListOrganizationAdminAccounts: listAdmins,
  DescribeOrganizationConfiguration: describeConfig,
  UpdateOrganizationConfiguration: updateConfig,
};
