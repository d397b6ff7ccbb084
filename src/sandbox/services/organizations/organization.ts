/** The organization itself: create, describe, delete, leave, and its root. */
import { optString } from '../../input.js';
import { typedOperations, type CallContext } from '../../service.js';
import type { CreateOrganizationRequest, ListRootsRequest, Operations } from './shapes.generated.js';
import { ensureAccount } from '../../world.js';
import type { OrganizationState, PolicyState } from './state.js';
import { constraint, orgError } from './errors.js';
import { newOrganizationId, newRootId } from './ids.js';
import { managedOrg, orgOf, pageOf, readableOrg } from './lookup.js';
import { organizationShape, rootShape } from './shapes.js';
import { organizationsOf } from './state.js';

const ALLOW_ALL = (effect: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: '*', Resource: '*' }] });

/** AWS-managed policies every organization has (attached as their policy type is enabled). */
export const AWS_MANAGED: Record<string, PolicyState> = {
  'p-FullAWSAccess': {
    id: 'p-FullAWSAccess',
    name: 'FullAWSAccess',
    description: 'Allows access to every operation',
    type: 'SERVICE_CONTROL_POLICY',
    content: ALLOW_ALL('Allow'),
    awsManaged: true,
    tags: [],
  },
  'p-RCPFullAWSAccess': {
    id: 'p-RCPFullAWSAccess',
    name: 'RCPFullAWSAccess',
    description: 'Allows access to every operation',
    type: 'RESOURCE_CONTROL_POLICY',
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
    }),
    awsManaged: true,
    tags: [],
  },
};

/** The AWS-managed policy AWS keeps attached for a policy type, if it has one. */
export const FULL_ACCESS_BY_TYPE: Record<string, string> = {
  SERVICE_CONTROL_POLICY: 'p-FullAWSAccess',
  RESOURCE_CONTROL_POLICY: 'p-RCPFullAWSAccess',
};

/** Attaches the full-access policy of every enabled type to a new root, OU or account. */
export function attachDefaults(org: OrganizationState, targetId: string): void {
  const list = (org.attachments[targetId] ??= []);
  for (const type of org.root.policyTypes) {
    const id = FULL_ACCESS_BY_TYPE[type];
    if (id && !list.includes(id)) list.push(id);
  }
}

function createOrganization(ctx: CallContext, input: CreateOrganizationRequest) {
  const featureSet = optString(input, 'FeatureSet', { oneOf: ['ALL', 'CONSOLIDATED_BILLING'] }) ?? 'ALL';
  const account = ensureAccount(ctx.world, ctx.caller.accountId, ctx.now);
  if (account.organizationId && organizationsOf(ctx.world)[account.organizationId]) {
    throw orgError(
      'AlreadyInOrganizationException',
      'The provided account is already a member of an organization.',
    );
  }
  const id = newOrganizationId(ctx.world);
  const org: OrganizationState = {
    id,
    arn: `arn:aws:organizations::${account.id}:organization/${id}`,
    featureSet,
    managementAccountId: account.id,
    createdAt: ctx.now.toISOString(),
    root: {
      id: newRootId(ctx.world),
      name: 'Root',
      policyTypes: featureSet === 'ALL' ? ['SERVICE_CONTROL_POLICY'] : [],
      tags: [],
    },
    ous: {},
    members: {
      [account.id]: {
        accountId: account.id,
        parentId: '',
        joinedMethod: 'CREATED',
        joinedTimestamp: ctx.now.toISOString(),
        state: 'ACTIVE',
        tags: [],
      },
    },
    policies: structuredClone(AWS_MANAGED),
    attachments: {},
    trustedServices: {},
    delegatedAdmins: [],
    createAccountRequests: {},
    iamFeatures: [],
  };
  org.members[account.id]!.parentId = org.root.id;
  attachDefaults(org, org.root.id);
  attachDefaults(org, account.id);
  organizationsOf(ctx.world)[id] = org;
  account.organizationId = id;
  return { Organization: organizationShape(ctx.world, org) };
}

function deleteOrganization(ctx: CallContext) {
  const org = managedOrg(ctx);
  if (Object.keys(org.members).length > 1) {
    throw orgError(
      'OrganizationNotEmptyException',
      "The organization isn't empty. To delete an organization, you must first remove all accounts except the management account.",
    );
  }
  delete organizationsOf(ctx.world)[org.id];
  delete ctx.world.accounts[org.managementAccountId]!.organizationId;
  return {};
}

/** Removes a member from its organization; it becomes a standalone account. */
/**
 * The classic path: an account leaving for a standalone life needs what AWS asks of one. An account the
 * organization created has none of it until its root user signs up (world: `standaloneReady`).
 */
export function requireStandaloneReady(ctx: CallContext, org: OrganizationState, accountId: string): void {
  const created = org.members[accountId]?.joinedMethod === 'CREATED';
  if (created && !ctx.world.accounts[accountId]?.standaloneReady)
    throw constraint(
      'ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA',
      'The account was created in the organization and has no standalone information yet: sign in as its root user and complete the sign-up (agreement, payment method, phone) before it leaves.',
    );
}

export function removeMember(ctx: CallContext, org: OrganizationState, accountId: string): void {
  delete org.members[accountId];
  delete org.attachments[accountId];
  org.delegatedAdmins = org.delegatedAdmins.filter((d) => d.accountId !== accountId);
  const account = ctx.world.accounts[accountId];
  if (account) delete account.organizationId;
  ctx.notify({
    kind: 'account-left-organization',
    accountId,
    organizationId: org.id,
    managementAccountId: org.managementAccountId,
  });
}

function leaveOrganization(ctx: CallContext) {
  const org = orgOf(ctx);
  if (org.managementAccountId === ctx.caller.accountId) {
    throw orgError(
      'MasterCannotLeaveOrganizationException',
      "You can't remove a management account from an organization. You must instead delete the organization.",
    );
  }
  if (org.delegatedAdmins.some((d) => d.accountId === ctx.caller.accountId)) {
    throw constraint(
      'CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG',
      'Deregister the account as a delegated administrator before it leaves the organization.',
    );
  }
  requireStandaloneReady(ctx, org, ctx.caller.accountId);
  removeMember(ctx, org, ctx.caller.accountId);
  return {};
}

function describeOrganization(ctx: CallContext) {
  const org = orgOf(ctx);
  return { Organization: organizationShape(ctx.world, org) };
}

function listRoots(ctx: CallContext, input: ListRootsRequest) {
  const org = readableOrg(ctx);
  const page = pageOf(ctx, [rootShape(org)], input, 'ListRoots');
  return { Roots: page.items, NextToken: page.nextToken };
}

function enableAllFeatures(ctx: CallContext) {
  const org = managedOrg(ctx);
  if (org.featureSet === 'ALL') {
    throw orgError(
      'HandshakeConstraintViolationException',
      'The organization already has all features enabled.',
      { Reason: 'ORGANIZATION_ALREADY_HAS_ALL_FEATURES' },
    );
  }
  // The sandbox has no members to approve the change: it takes effect at once (see SPEC.md).
  org.featureSet = 'ALL';
  return {};
}

export const organizationOperations = typedOperations<Operations>()({
  CreateOrganization: createOrganization,
  DescribeOrganization: describeOrganization,
  DeleteOrganization: deleteOrganization,
  LeaveOrganization: leaveOrganization,
  ListRoots: listRoots,
  EnableAllFeatures: enableAllFeatures,
});
