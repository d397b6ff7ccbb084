/**
 * Handshakes between organizations: an invitation from one organization's management account to an
 * account, accepted, declined or cancelled, expiring after 15 days. With LeaveOrganization or
 * RemoveAccountFromOrganization this moves an account from one organization to another.
 */
import { optString, optRecord, reqString } from '../../input.js';
import { typedOperations, type CallContext } from '../../service.js';
import type {
  AcceptHandshakeRequest,
  CancelHandshakeRequest,
  DeclineHandshakeRequest,
  DescribeHandshakeRequest,
  Handshake,
  HandshakeFilter,
  HandshakeResource,
  InviteAccountToOrganizationRequest,
  ListHandshakesForAccountRequest,
  ListHandshakesForOrganizationRequest,
  Operations,
} from './shapes.generated.js';
import { ensureAccount } from '../../world.js';
import type { HandshakeStateRecord, OrganizationState } from './state.js';
import { constraint, invalidInput, orgError } from './errors.js';
import { newHandshakeId } from './ids.js';
import { ACCOUNT_LIMIT } from './accounts.js';
import { managedOrg, pageOf, readableOrg } from './lookup.js';
import { attachDefaults, removeMember } from './organization.js';
import {
  acceptResponsibilityTransfer,
  syncResponsibilityTransfer,
  transferHandshakeShape,
} from './responsibility.js';
import { readTags } from './tags.js';
import { handshakesOf, organizationsOf } from './state.js';

const LIFETIME_MS = 15 * 86_400_000;
const OPEN_STATES = new Set(['OPEN', 'REQUESTED']);

function expire(handshake: HandshakeStateRecord, now: Date): HandshakeStateRecord {
  if (OPEN_STATES.has(handshake.state) && now.getTime() >= Date.parse(handshake.expirationTimestamp))
    handshake.state = 'EXPIRED';
  return handshake;
}

function shape(ctx: CallContext, h: HandshakeStateRecord): Handshake {
  if (h.action === 'TRANSFER_RESPONSIBILITY') return transferHandshakeShape(ctx.world, h);
  const org = organizationsOf(ctx.world)[h.organizationId];
  const management = org ? ctx.world.accounts[org.managementAccountId] : undefined;
  const notes: HandshakeResource[] = h.notes ? [{ Value: h.notes, Type: 'NOTES' }] : [];
  return {
    Id: h.id,
    Arn: h.arn,
    Parties: [
      { Id: h.organizationId, Type: 'ORGANIZATION' },
      { Id: h.targetAccountId, Type: 'ACCOUNT' },
    ],
    State: h.state,
    RequestedTimestamp: new Date(h.requestedTimestamp),
    ExpirationTimestamp: new Date(h.expirationTimestamp),
    Action: h.action,
    Resources: [
      {
        Value: h.organizationId,
        Type: 'ORGANIZATION',
        Resources: [
          { Value: management?.email ?? '', Type: 'MASTER_EMAIL' },
          { Value: management?.name ?? '', Type: 'MASTER_NAME' },
          { Value: org?.featureSet ?? 'ALL', Type: 'ORGANIZATION_FEATURE_SET' },
        ],
      },
      { Value: h.targetAccountId, Type: 'ACCOUNT' },
      ...notes,
    ],
  };
}

function requireHandshake(ctx: CallContext, input: { HandshakeId?: string }): HandshakeStateRecord {
  const id = reqString(input, 'HandshakeId', { pattern: /^h-[0-9a-z]{8,32}$/ });
  const handshake = handshakesOf(ctx.world)[id];
  if (!handshake)
    throw orgError(
      'HandshakeNotFoundException',
      `We can't find a handshake with the HandshakeId that you specified: ${id}.`,
    );
  return expire(handshake, ctx.now);
}

/** Refuses to move `h` to `to` unless it is open, as AWS answers. */
function requireTransition(h: HandshakeStateRecord, to: HandshakeStateRecord['state']): void {
  if (h.state === to)
    throw orgError(
      'HandshakeAlreadyInStateException',
      `The specified handshake is already in the requested state (${to}).`,
    );
  if (!OPEN_STATES.has(h.state))
    throw orgError(
      'InvalidHandshakeTransitionException',
      `You can't change a handshake from ${h.state} to ${to}.`,
    );
}

function transition(h: HandshakeStateRecord, to: HandshakeStateRecord['state']): void {
  requireTransition(h, to);
  h.state = to;
}

/** AWS's default: an organization sends at most 20 invitations a day. */
export const INVITATIONS_PER_DAY = 20;

/**
 * Open invitations hold an account slot each (AWS counts them against the accounts quota), and an
 * organization may send only so many a day.
 */
function requireInviteCapacity(ctx: CallContext, org: OrganizationState): void {
  const invitations = Object.values(handshakesOf(ctx.world)).filter(
    (h) => h.organizationId === org.id && h.action === 'INVITE',
  );
  const open = invitations.filter((h) => OPEN_STATES.has(expire(h, ctx.now).state)).length;
  if (Object.keys(org.members).length + open >= ACCOUNT_LIMIT)
    throw orgError(
      'HandshakeConstraintViolationException',
      'The organization has as many accounts (open invitations included) as its quota allows.',
      { Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED' },
    );
  const dayAgo = ctx.now.getTime() - 86_400_000;
  if (invitations.filter((h) => Date.parse(h.requestedTimestamp) > dayAgo).length >= INVITATIONS_PER_DAY)
    throw orgError(
      'HandshakeConstraintViolationException',
      `The organization sent ${INVITATIONS_PER_DAY} invitations in the last 24 hours; try again later.`,
      { Reason: 'HANDSHAKE_RATE_LIMIT_EXCEEDED' },
    );
}

function invite(ctx: CallContext, input: InviteAccountToOrganizationRequest) {
  const org = managedOrg(ctx);
  const target = optRecord(input, 'Target');
  if (!target) throw invalidInput('INPUT_REQUIRED', 'Target is required.');
  const type = reqString(target, 'Type', { oneOf: ['ACCOUNT', 'EMAIL'] });
  const id = reqString(target, 'Id', { min: 1, max: 64 });
  let accountId: string | undefined;
  if (type === 'ACCOUNT') {
    if (!/^\d{12}$/.test(id))
      throw invalidInput('INVALID_PARTY_TYPE_TARGET', 'An ACCOUNT target is a 12-digit account id.');
    accountId = ensureAccount(ctx.world, id, ctx.now).id;
  } else {
    accountId = Object.values(ctx.world.accounts).find((a) => a.email.toLowerCase() === id.toLowerCase())?.id;
    if (!accountId)
      throw invalidInput('INVALID_EMAIL_ADDRESS_TARGET', `No account in the sandbox has the email ${id}.`);
  }
  if (org.members[accountId])
    throw orgError('DuplicateAccountException', 'That account is already a member of this organization.');
  const open = Object.values(handshakesOf(ctx.world)).find(
    (h) =>
      h.organizationId === org.id &&
      h.targetAccountId === accountId &&
      OPEN_STATES.has(expire(h, ctx.now).state),
  );
  if (open)
    throw orgError(
      'DuplicateHandshakeException',
      'A handshake with the same action and target already exists.',
    );
  requireInviteCapacity(ctx, org);
  const handshakeId = newHandshakeId(ctx.world);
  const handshake: HandshakeStateRecord = {
    id: handshakeId,
    arn: `arn:aws:organizations::${org.managementAccountId}:handshake/${org.id}/invite/${handshakeId}`,
    action: 'INVITE',
    organizationId: org.id,
    targetAccountId: accountId,
    state: 'OPEN',
    requestedTimestamp: ctx.now.toISOString(),
    expirationTimestamp: new Date(ctx.now.getTime() + LIFETIME_MS).toISOString(),
    ...(optString(input, 'Notes', { max: 1024 }) ? { notes: optString(input, 'Notes')! } : {}),
    tags: readTags(input),
  };
  handshakesOf(ctx.world)[handshake.id] = handshake;
  return { Handshake: shape(ctx, handshake) };
}

function requireInvited(ctx: CallContext, h: HandshakeStateRecord): void {
  if (h.targetAccountId !== ctx.caller.accountId) {
    throw orgError('AccessDeniedException', 'Only the invited account can accept or decline this handshake.');
  }
}

/** An account created in its organization may move to another only after this long (AWS: 4 days). */
const MIN_AGE_TO_MOVE_MS = 4 * 86_400_000;

/**
 * Direct transfer: an account in another organization accepts an invitation and moves at once, without
 * a standalone period. AWS refuses a management account, a delegated administrator (deregister first)
 * and an account created in its organization less than 4 days ago.
 */
function leaveForTransfer(ctx: CallContext, accountId: string, from: OrganizationState): void {
  if (from.managementAccountId === accountId)
    throw orgError(
      'MasterCannotLeaveOrganizationException',
      'A management account cannot move to another organization: remove its members and delete its organization first.',
    );
  if (from.delegatedAdmins.some((d) => d.accountId === accountId))
    throw constraint(
      'CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG',
      'The account is a delegated administrator in its organization: deregister it before it moves.',
    );
  const member = from.members[accountId];
  if (
    member?.joinedMethod === 'CREATED' &&
    ctx.now.getTime() - Date.parse(member.joinedTimestamp) < MIN_AGE_TO_MOVE_MS
  )
    throw orgError(
      'HandshakeConstraintViolationException',
      'The account was created in its organization less than 4 days ago and cannot move yet.',
      { Reason: 'ORGANIZATION_MEMBERSHIP_CHANGE_RATE_LIMIT_EXCEEDED' },
    );
  removeMember(ctx, from, accountId);
}

function accept(ctx: CallContext, input: AcceptHandshakeRequest) {
  const handshake = requireHandshake(ctx, input);
  requireInvited(ctx, handshake);
  if (handshake.action === 'TRANSFER_RESPONSIBILITY') {
    requireTransition(handshake, 'ACCEPTED');
    acceptResponsibilityTransfer(ctx, handshake);
    transition(handshake, 'ACCEPTED');
    return { Handshake: shape(ctx, handshake) };
  }
  const account = ensureAccount(ctx.world, ctx.caller.accountId, ctx.now);
  const org: OrganizationState | undefined = organizationsOf(ctx.world)[handshake.organizationId];
  if (!org) throw orgError('HandshakeNotFoundException', 'The inviting organization no longer exists.');
  requireTransition(handshake, 'ACCEPTED');
  const from = account.organizationId ? organizationsOf(ctx.world)[account.organizationId] : undefined;
  if (from === org)
    throw orgError('DuplicateAccountException', 'The account is already a member of this organization.');
  if (from) leaveForTransfer(ctx, account.id, from);
  transition(handshake, 'ACCEPTED');
  org.members[account.id] = {
    accountId: account.id,
    parentId: org.root.id,
    joinedMethod: 'INVITED',
    joinedTimestamp: ctx.now.toISOString(),
    state: 'ACTIVE',
    tags: [],
  };
  attachDefaults(org, account.id);
  account.organizationId = org.id;
  delete account.closed;
  return { Handshake: shape(ctx, handshake) };
}

function decline(ctx: CallContext, input: DeclineHandshakeRequest) {
  const handshake = requireHandshake(ctx, input);
  requireInvited(ctx, handshake);
  transition(handshake, 'DECLINED');
  if (handshake.action === 'TRANSFER_RESPONSIBILITY') syncResponsibilityTransfer(ctx.world, handshake);
  return { Handshake: shape(ctx, handshake) };
}

function cancel(ctx: CallContext, input: CancelHandshakeRequest) {
  const org = managedOrg(ctx);
  const handshake = requireHandshake(ctx, input);
  if (handshake.organizationId !== org.id)
    throw orgError('AccessDeniedException', 'Only the inviting organization can cancel this handshake.');
  transition(handshake, 'CANCELED');
  if (handshake.action === 'TRANSFER_RESPONSIBILITY') syncResponsibilityTransfer(ctx.world, handshake);
  return { Handshake: shape(ctx, handshake) };
}

function describe(ctx: CallContext, input: DescribeHandshakeRequest) {
  const handshake = requireHandshake(ctx, input);
  const org = organizationsOf(ctx.world)[handshake.organizationId];
  if (
    handshake.targetAccountId !== ctx.caller.accountId &&
    org?.managementAccountId !== ctx.caller.accountId
  ) {
    throw orgError('AccessDeniedException', 'You are not a party to this handshake.');
  }
  return { Handshake: shape(ctx, handshake) };
}

function filtered(ctx: CallContext, input: { Filter?: HandshakeFilter }, list: HandshakeStateRecord[]) {
  const filter = optRecord(input, 'Filter');
  const action = filter ? optString(filter, 'ActionType') : undefined;
  return list.map((h) => expire(h, ctx.now)).filter((h) => !action || h.action === action);
}

function listForAccount(ctx: CallContext, input: ListHandshakesForAccountRequest) {
  const handshakes = filtered(
    ctx,
    input,
    Object.values(handshakesOf(ctx.world)).filter((h) => h.targetAccountId === ctx.caller.accountId),
  );
  const page = pageOf(ctx, handshakes, input, 'ListHandshakesForAccount');
  return { Handshakes: page.items.map((h) => shape(ctx, h)), NextToken: page.nextToken };
}

function listForOrganization(ctx: CallContext, input: ListHandshakesForOrganizationRequest) {
  const org = readableOrg(ctx);
  const handshakes = filtered(
    ctx,
    input,
    Object.values(handshakesOf(ctx.world)).filter((h) => h.organizationId === org.id),
  );
  const page = pageOf(ctx, handshakes, input, 'ListHandshakesForOrganization');
  return { Handshakes: page.items.map((h) => shape(ctx, h)), NextToken: page.nextToken };
}

export const handshakeOperations = typedOperations<Operations>()({
  InviteAccountToOrganization: invite,
  AcceptHandshake: accept,
  DeclineHandshake: decline,
  CancelHandshake: cancel,
  DescribeHandshake: describe,
  ListHandshakesForAccount: listForAccount,
  ListHandshakesForOrganization: listForOrganization,
});
