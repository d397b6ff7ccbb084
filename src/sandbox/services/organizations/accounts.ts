/** Member accounts: asynchronous creation, description, listing, moves, closure and removal. */
import { realMs, type SandboxConfig } from '../../config.js';
import { optString, reqString, stringList } from '../../input.js';
import { typedOperations, type CallContext } from '../../service.js';
import type {
  CloseAccountRequest,
  CreateAccountRequest,
  CreateAccountStatus,
  DescribeAccountRequest,
  DescribeCreateAccountStatusRequest,
  ListAccountsRequest,
  ListCreateAccountStatusRequest,
  MoveAccountRequest,
  Operations,
  RemoveAccountFromOrganizationRequest,
} from './shapes.generated.js';
import { newAccountId, type World } from '../../world.js';
import { ADMINISTRATOR_ACCESS_ARN, putServiceRole, trustAccountPolicy } from '../iam/roles.js';
import { emptyIamAccount } from '../iam/state.js';
import type { CreateAccountRequestState, OrganizationState } from './state.js';
import { accountNotFound, constraint, orgError } from './errors.js';
import { newCreateAccountRequestId } from './ids.js';
import { isParent, managedOrg, pageOf, readableOrg, requireMember } from './lookup.js';
import { attachDefaults, removeMember, requireStandaloneReady } from './organization.js';
import { accountShape } from './shapes.js';
import { readTags } from './tags.js';
import { organizationsOf } from './state.js';

/** AWS's default is 10 accounts; the sandbox allows benchmark-sized organizations (see SPEC.md). */
export const ACCOUNT_LIMIT = 10_000;
/** CreateAccount requests AWS runs at once. */
export const CREATE_ACCOUNT_CONCURRENCY = 5;

function statusShape(request: CreateAccountRequestState): CreateAccountStatus {
  return {
    Id: request.id,
    AccountName: request.accountName,
    State: request.state,
    RequestedTimestamp: new Date(request.requestedTimestamp),
    ...(request.completedTimestamp ? { CompletedTimestamp: new Date(request.completedTimestamp) } : {}),
    ...(request.accountId ? { AccountId: request.accountId } : {}),
    ...(request.failureReason ? { FailureReason: request.failureReason } : {}),
  };
}

/** The ids of the requests still IN_PROGRESS (rebuilt for worlds saved without the index). */
function inProgress(org: OrganizationState): string[] {
  return (org.inProgressRequests ??= Object.values(org.createAccountRequests)
    .filter((r) => r.state === 'IN_PROGRESS')
    .map((r) => r.id));
}

/** Completes a creation request: the account joins the root, or the request fails with AWS's reason. */
function complete(world: World, org: OrganizationState, request: CreateAccountRequestState, now: Date): void {
  org.inProgressRequests = inProgress(org).filter((id) => id !== request.id);
  request.completedTimestamp = now.toISOString();
  const emailTaken = Object.values(world.accounts).some(
    (a) => a.email.toLowerCase() === request.email.toLowerCase() && !a.closed,
  );
  if (emailTaken) {
    request.state = 'FAILED';
    request.failureReason = 'EMAIL_ALREADY_EXISTS';
    return;
  }
  if (Object.keys(org.members).length >= ACCOUNT_LIMIT) {
    request.state = 'FAILED';
    request.failureReason = 'ACCOUNT_LIMIT_EXCEEDED';
    return;
  }
  const id = newAccountId(world);
  world.accounts[id] = {
    id,
    name: request.accountName,
    email: request.email,
    createdAt: now.toISOString(),
    organizationId: org.id,
    supportPlan: 'BASIC',
    enabledRegions: [...(world.accounts[org.managementAccountId]?.enabledRegions ?? [])],
    iam: emptyIamAccount(),
    services: {},
  };
  org.members[id] = {
    accountId: id,
    parentId: org.root.id,
    joinedMethod: 'CREATED',
    joinedTimestamp: now.toISOString(),
    state: 'ACTIVE',
    tags: request.tags,
  };
  attachDefaults(org, id);
  putServiceRole(world, world.accounts[id], {
    roleName: request.roleName,
    assumeRolePolicyDocument: trustAccountPolicy(org.managementAccountId),
    attachedPolicies: [ADMINISTRATOR_ACCESS_ARN],
    createDate: now.toISOString(),
  });
  request.state = 'SUCCEEDED';
  request.accountId = id;
}

function ready(request: CreateAccountRequestState, now: Date, config: SandboxConfig): boolean {
  const elapsed = now.getTime() - Date.parse(request.requestedTimestamp);
  return (
    request.polls >= config.settle.createAccountPolls &&
    elapsed >= realMs(config.settle.createAccountMs, config)
  );
}

/** Before every request: settle the creation requests whose time has come. */
export function advanceOrganizations(world: World, now: Date, config: SandboxConfig): void {
  for (const org of Object.values(organizationsOf(world))) {
    const pending = inProgress(org);
    if (pending.length === 0) continue;
    for (const id of [...pending]) {
      const request = org.createAccountRequests[id];
      if (request?.state === 'IN_PROGRESS' && ready(request, now, config)) complete(world, org, request, now);
    }
  }
}

function createAccount(ctx: CallContext, input: CreateAccountRequest) {
  const org = managedOrg(ctx);
  const email = reqString(input, 'Email', { min: 6, max: 64, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ });
  const accountName = reqString(input, 'AccountName', { min: 1, max: 50 });
  const roleName =
    optString(input, 'RoleName', { max: 64, pattern: /^[\w+=,.@-]{1,64}$/ }) ??
    'OrganizationAccountAccessRole';
  if (inProgress(org).length >= CREATE_ACCOUNT_CONCURRENCY) {
    throw constraint(
      'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED',
      `You can have at most ${CREATE_ACCOUNT_CONCURRENCY} account creation requests in progress.`,
    );
  }
  const request: CreateAccountRequestState = {
    id: newCreateAccountRequestId(ctx.world),
    accountName,
    email,
    roleName,
    iamUserAccessToBilling:
      optString(input, 'IamUserAccessToBilling', { oneOf: ['ALLOW', 'DENY'] }) === 'DENY' ? 'DENY' : 'ALLOW',
    tags: readTags(input),
    requestedTimestamp: ctx.now.toISOString(),
    state: 'IN_PROGRESS',
    polls: 0,
  };
  org.createAccountRequests[request.id] = request;
  inProgress(org).push(request.id);
  return { CreateAccountStatus: statusShape(request) };
}

function describeCreateAccountStatus(ctx: CallContext, input: DescribeCreateAccountStatusRequest) {
  const org = readableOrg(ctx);
  const id = reqString(input, 'CreateAccountRequestId', { pattern: /^car-[a-z0-9]{8,32}$/ });
  const request = org.createAccountRequests[id];
  if (!request)
    throw orgError(
      'CreateAccountStatusNotFoundException',
      `We can't find a create account request with the CreateAccountRequestId that you specified: ${id}.`,
    );
  if (request.state === 'IN_PROGRESS') {
    if (ready(request, ctx.now, ctx.config)) complete(ctx.world, org, request, ctx.now);
    else request.polls++;
  }
  return { CreateAccountStatus: statusShape(request) };
}

function listCreateAccountStatus(ctx: CallContext, input: ListCreateAccountStatusRequest) {
  const org = readableOrg(ctx);
  const states = stringList(input, 'States');
  const requests = Object.values(org.createAccountRequests).filter(
    (r) => states.length === 0 || states.includes(r.state),
  );
  const page = pageOf(ctx, requests, input, `ListCreateAccountStatus:${states.join(',')}`);
  // A listing that shows a request still in progress counts as a poll of it, as a Describe does.
  for (const r of page.items) if (r.state === 'IN_PROGRESS') r.polls++;
  return { CreateAccountStatuses: page.items.map(statusShape), NextToken: page.nextToken };
}

function describeAccount(ctx: CallContext, input: DescribeAccountRequest) {
  const org = readableOrg(ctx);
  const { member } = requireMember(ctx, org, reqString(input, 'AccountId', { pattern: /^\d{12}$/ }));
  return { Account: accountShape(ctx.world, org, member) };
}

function listAccounts(ctx: CallContext, input: ListAccountsRequest) {
  const org = readableOrg(ctx);
  const page = pageOf(ctx, Object.values(org.members), input, 'ListAccounts');
  return { Accounts: page.items.map((m) => accountShape(ctx.world, org, m)), NextToken: page.nextToken };
}

function moveAccount(ctx: CallContext, input: MoveAccountRequest) {
  const org = managedOrg(ctx);
  const accountId = reqString(input, 'AccountId', { pattern: /^\d{12}$/ });
  const source = reqString(input, 'SourceParentId');
  const destination = reqString(input, 'DestinationParentId');
  if (!isParent(org, source))
    throw orgError(
      'SourceParentNotFoundException',
      `We can't find a source root or OU with the ParentId that you specified: ${source}.`,
    );
  if (!isParent(org, destination))
    throw orgError(
      'DestinationParentNotFoundException',
      `We can't find a destination root or OU with the ParentId that you specified: ${destination}.`,
    );
  const member = org.members[accountId];
  if (!member) throw accountNotFound(accountId);
  if (member.parentId !== source) throw accountNotFound(accountId);
  if (source === destination)
    throw orgError(
      'DuplicateAccountException',
      'That account is already present in the specified destination.',
    );
  member.parentId = destination;
  return {};
}

function closeAccount(ctx: CallContext, input: CloseAccountRequest) {
  const org = managedOrg(ctx);
  const accountId = reqString(input, 'AccountId', { pattern: /^\d{12}$/ });
  const { member, account } = requireMember(ctx, org, accountId);
  if (accountId === org.managementAccountId)
    throw constraint(
      'CANNOT_CLOSE_MANAGEMENT_ACCOUNT',
      "You can't close the management account with this operation.",
    );
  if (member.state !== 'ACTIVE')
    throw orgError(
      'AccountAlreadyClosedException',
      'You attempted to close an account that is already closed.',
    );
  const members = Object.keys(org.members).length - 1;
  const recent = Object.values(org.members).filter(
    (m) => m.closedAt && ctx.now.getTime() - Date.parse(m.closedAt) < 30 * 86_400_000,
  ).length;
  const quota = Math.min(1000, Math.max(10, Math.floor(members * 0.1)));
  if (recent >= quota)
    throw constraint('CLOSE_ACCOUNT_QUOTA_EXCEEDED', `You can close at most ${quota} accounts in 30 days.`);
  // AWS shows the account PENDING_CLOSURE, then SUSPENDED for 90 days; the sandbox suspends at once.
  member.state = 'SUSPENDED';
  member.closedAt = ctx.now.toISOString();
  account.closed = true;
  return {};
}

function removeAccount(ctx: CallContext, input: RemoveAccountFromOrganizationRequest) {
  const org = managedOrg(ctx);
  const accountId = reqString(input, 'AccountId', { pattern: /^\d{12}$/ });
  requireMember(ctx, org, accountId);
  if (accountId === org.managementAccountId) {
    throw orgError(
      'MasterCannotLeaveOrganizationException',
      "You can't remove a management account from an organization.",
    );
  }
  if (org.delegatedAdmins.some((d) => d.accountId === accountId)) {
    throw constraint(
      'CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG',
      'Deregister the account as a delegated administrator first.',
    );
  }
  requireStandaloneReady(ctx, org, accountId);
  removeMember(ctx, org, accountId);
  return {};
}

export const accountOperations = typedOperations<Operations>()({
  CreateAccount: createAccount,
  DescribeCreateAccountStatus: describeCreateAccountStatus,
  ListCreateAccountStatus: listCreateAccountStatus,
  DescribeAccount: describeAccount,
  ListAccounts: listAccounts,
  MoveAccount: moveAccount,
  CloseAccount: closeAccount,
  RemoveAccountFromOrganization: removeAccount,
});
