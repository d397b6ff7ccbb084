/**
 * Security Hub with AWS Organizations: the delegated administrator per region, the organization
 * configuration (AutoEnable, AutoEnableStandards, LOCAL or CENTRAL configuration) and members.
 * `AutoEnable` enrols accounts that join the organization after it was turned on (as AWS does);
 * existing accounts are added with CreateMembers. Organization accounts added as members get their hub
 * enabled and show `MemberStatus: Enabled`; other accounts stay `Created` (no invitation flow).
 */
import {
  optBool,
  optInt,
  optList,
  optRecord,
  optString,
  reqString,
  stringList,
  type Input,
} from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount, type World } from '../../world.js';
import { accountsToEnrol } from '../../shared/auto-enable.js';
import { withIsoTimestamps } from '../../shared/iso-json.js';
import { registerDelegatedAdmin } from '../../shared/org-access.js';
import { organizationOf, type OrganizationState } from '../organizations/state.js';
import { accessDenied, invalidAccess, invalidInput } from './errors.js';
import { enableHub, requireHub } from './hub.js';
import { syncCaller } from './central.js';
import {
  hubState,
  peekAggregator,
  peekHub,
  SECURITYHUB_PRINCIPAL,
  type MemberState,
  type SecurityHubRegionState,
} from './state.js';

function managementOrg(ctx: CallContext): OrganizationState {
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  if (!org || org.managementAccountId !== ctx.caller.accountId)
    throw accessDenied(
      'The request was rejected because the caller is not the organization management account.',
    );
  return org;
}

export function adminOf(world: World, org: OrganizationState, region: string): string | undefined {
  return peekHub(world.accounts[org.managementAccountId], region)?.adminAccountId;
}

/** The caller's state as the region's delegated administrator (hub enabled), or InvalidAccessException. */
function requireAdmin(ctx: CallContext): { org: OrganizationState; admin: SecurityHubRegionState } {
  requireHub(ctx);
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  if (!org || adminOf(ctx.world, org, ctx.region) !== ctx.caller.accountId)
    throw invalidAccess(
      'The request was rejected because the account is not the Security Hub administrator account.',
    );
  const admin = hubState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  if (admin.orgConfig)
    for (const id of accountsToEnrol(
      org,
      admin.orgConfig.members,
      ctx.caller.accountId,
      (a) => admin.members[a] !== undefined,
    ))
      enrol(ctx, admin, id);
  return { org, admin };
}

function enrol(
  ctx: CallContext,
  admin: SecurityHubRegionState,
  accountId: string,
  email?: string,
): MemberState {
  const account = ensureAccount(ctx.world, accountId, ctx.now);
  enableHub(account, ctx.region, ctx.now, admin.orgConfig?.autoEnableStandards !== 'NONE');
  hubState(account, ctx.region).administratorId = ctx.caller.accountId;
  const member: MemberState = {
    accountId,
    email: email ?? account.email,
    status: 'Enabled',
    updatedAt: ctx.now.toISOString(),
  };
  admin.members[accountId] = member;
  return member;
}

const enableAdmin: Handler = (ctx, input) => {
  const org = managementOrg(ctx);
  const adminId = reqString(input, 'AdminAccountId', { pattern: /^\d{12}$/ });
  if (!org.members[adminId]) throw invalidInput(`Account ${adminId} is not a member of the organization.`);
  const mgmt = hubState(ensureAccount(ctx.world, org.managementAccountId, ctx.now), ctx.region);
  if (mgmt.adminAccountId && mgmt.adminAccountId !== adminId)
    throw invalidInput('Another account is already the Security Hub administrator account.');
  org.trustedServices[SECURITYHUB_PRINCIPAL] ??= ctx.now.toISOString();
  registerDelegatedAdmin(org, adminId, SECURITYHUB_PRINCIPAL, ctx.now);
  mgmt.adminAccountId = adminId;
  const admin = ensureAccount(ctx.world, adminId, ctx.now);
  enableHub(admin, ctx.region, ctx.now, true);
  hubState(admin, ctx.region).orgConfig ??= defaultOrgConfig(ctx.now);
  return { AdminAccountId: adminId, Feature: 'SecurityHub' };
};

const listAdmins: Handler = (ctx, input) => {
  const org = managementOrg(ctx);
  const adminId = adminOf(ctx.world, org, ctx.region);
  const items = adminId ? [{ AccountId: adminId, Status: 'ENABLED' }] : [];
  const page = ctx.page(items, optString(input, 'NextToken'), optInt(input, 'MaxResults'), 'admins', {
    max: 10,
    defaultSize: 10,
    invalidToken: () => invalidInput('The NextToken is invalid.'),
  });
  return { AdminAccounts: page.items, NextToken: page.nextToken, Feature: 'SecurityHub' };
};

/** The organization configuration an administrator starts with (also for administrators set by seeding). */
function defaultOrgConfig(now: Date): NonNullable<SecurityHubRegionState['orgConfig']> {
  return {
    members: { mode: 'NONE', setAt: now.toISOString(), seenMembers: 0 },
    autoEnableStandards: 'DEFAULT',
    configurationType: 'LOCAL',
  };
}

const describeConfig: Handler = (ctx) => {
  const { admin } = requireAdmin(ctx);
  // A read: an administrator that never changed the configuration has the defaults, not stored here.
  const config = admin.orgConfig ?? defaultOrgConfig(ctx.now);
  return {
    AutoEnable: config.members.mode !== 'NONE',
    MemberAccountLimitReached: false,
    AutoEnableStandards: config.autoEnableStandards,
    OrganizationConfiguration: { ConfigurationType: config.configurationType, Status: 'ENABLED' },
  };
};

const updateConfig: Handler = (ctx, input) => {
  const { org, admin } = requireAdmin(ctx);
  const config = (admin.orgConfig ??= defaultOrgConfig(ctx.now));
  const autoEnable = optBool(input, 'AutoEnable');
  if (autoEnable === undefined) throw invalidInput('AutoEnable is required.');
  const standards = optString(input, 'AutoEnableStandards', { oneOf: ['NONE', 'DEFAULT'] });
  const orgConfig = optRecord(input, 'OrganizationConfiguration');
  const type = orgConfig
    ? optString(orgConfig, 'ConfigurationType', { oneOf: ['CENTRAL', 'LOCAL'] })
    : undefined;
  const central = type === 'CENTRAL' || (type === undefined && config.configurationType === 'CENTRAL');
  if (central && (autoEnable || (standards ?? 'NONE') !== 'NONE'))
    throw invalidInput('Auto Enable and AutoEnableStandards can not be enabled for Central Configuration');
  if (type === 'CENTRAL') checkCentral(ctx, org);
  if (autoEnable !== (config.members.mode !== 'NONE')) {
    config.members.mode = autoEnable ? 'NEW' : 'NONE';
    config.members.setAt = ctx.now.toISOString();
  }
  if (standards) config.autoEnableStandards = standards;
  if (type) config.configurationType = type;
  // Carries the configuration over to the linked Regions now, not on the next call.
  if (type === 'CENTRAL') syncCaller(ctx);
  return {};
};

/** Central configuration needs a finding aggregator in this (the home) Region and an administrator that is not the management account. */
function checkCentral(ctx: CallContext, org: OrganizationState): void {
  if (org.managementAccountId === ctx.caller.accountId)
    throw invalidInput(
      'Central configuration requires a delegated administrator other than the management account.',
    );
  if (peekAggregator(ctx.world.accounts[ctx.caller.accountId])?.region !== ctx.region)
    throw invalidInput('Central configuration requires a finding aggregator in the home Region.');
}

function memberShape(m: MemberState, adminId: string) {
  return {
    AccountId: m.accountId,
    Email: m.email,
    MasterId: adminId,
    AdministratorId: adminId,
    MemberStatus: m.status,
    ...(m.invitedAt ? { InvitedAt: new Date(m.invitedAt) } : {}),
    UpdatedAt: new Date(m.updatedAt),
  };
}

const createMembers: Handler = (ctx, input) => {
  requireHub(ctx);
  const state = hubState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  const isAdmin = org !== undefined && adminOf(ctx.world, org, ctx.region) === ctx.caller.accountId;
  const unprocessed: Array<{ AccountId: string; ProcessingResult: string }> = [];
  for (const item of (optList(input, 'AccountDetails') ?? []) as Input[]) {
    const accountId = reqString(item, 'AccountId');
    const email = optString(item, 'Email');
    if (!/^\d{12}$/.test(accountId) || accountId === ctx.caller.accountId) {
      unprocessed.push({ AccountId: accountId, ProcessingResult: 'Invalid account ID' });
      continue;
    }
    if (isAdmin && org.members[accountId]) enrol(ctx, state, accountId, email);
    else
      state.members[accountId] = {
        accountId,
        ...(email ? { email } : {}),
        status: 'Created',
        updatedAt: ctx.now.toISOString(),
      };
  }
  return { UnprocessedAccounts: unprocessed };
};

function membersOf(ctx: CallContext): SecurityHubRegionState {
  requireHub(ctx);
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  if (org && adminOf(ctx.world, org, ctx.region) === ctx.caller.accountId) return requireAdmin(ctx).admin;
  return hubState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
}

const listMembers: Handler = (ctx, input) => {
  const state = membersOf(ctx);
  const onlyAssociated = optBool(input, 'OnlyAssociated') ?? true;
  const members = Object.values(state.members).filter((m) => !onlyAssociated || m.status === 'Enabled');
  const page = ctx.page(
    members,
    optString(input, 'NextToken'),
    optInt(input, 'MaxResults'),
    `members:${String(onlyAssociated)}`,
    {
      max: 50,
      defaultSize: 50,
      invalidToken: () => invalidInput('The NextToken is invalid.'),
    },
  );
  return withIsoTimestamps({
    Members: page.items.map((m) => memberShape(m, ctx.caller.accountId)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  });
};

const getMembers: Handler = (ctx, input) => {
  const state = membersOf(ctx);
  const members = [];
  const unprocessed = [];
  for (const id of stringList(input, 'AccountIds')) {
    const member = state.members[id];
    if (member) members.push(memberShape(member, ctx.caller.accountId));
    else
      unprocessed.push({
        AccountId: id,
        ProcessingResult: 'Account is not a member of the administrator account',
      });
  }
  return withIsoTimestamps({ Members: members, UnprocessedAccounts: unprocessed });
};

export const organizationOperations: Record<string, Handler> = {
  EnableOrganizationAdminAccount: enableAdmin,
  ListOrganizationAdminAccounts: listAdmins,
  DescribeOrganizationConfiguration: describeConfig,
  UpdateOrganizationConfiguration: updateConfig,
  CreateMembers: createMembers,
  ListMembers: listMembers,
  GetMembers: getMembers,
};
