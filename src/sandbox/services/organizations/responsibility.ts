/**
 * Responsibility transfers (billing transfer): the management account of one organization (the target,
 * bill-transfer side) invites the management account of another (the source, bill-source side) to hand
 * it the responsibility for the source organization's consolidated bill from the first of a month. The
 * invitation is a TRANSFER_RESPONSIBILITY handshake (accepted, declined, cancelled or expired through the
 * handshake operations, which call {@link acceptResponsibilityTransfer} and {@link syncResponsibilityTransfer});
 * either side may withdraw an accepted transfer, which then ends at the end of a month. Behaviour and
 * differences from AWS: SPEC.md, "Responsibility transfers".
 */
import { InputError, optRecord, optString, reqString } from '../../input.js';
import { LOWER_ALNUM, randomString } from '../../rng.js';
import { typedOperations, type CallContext, type Handler } from '../../service.js';
import type { World } from '../../world.js';
import type {
  DescribeResponsibilityTransferRequest,
  Handshake,
  HandshakeResource,
  InviteOrganizationToTransferResponsibilityRequest,
  ListInboundResponsibilityTransfersRequest,
  ListOutboundResponsibilityTransfersRequest,
  Operations,
  ResponsibilityTransfer,
  TerminateResponsibilityTransferRequest,
  UpdateResponsibilityTransferRequest,
} from './shapes.generated.js';
import type {
  HandshakeStateRecord,
  OrganizationState,
  ResponsibilityTransferState,
  ResponsibilityTransferStatus,
} from './state.js';
import { accessDenied, constraint, invalidInput, orgError } from './errors.js';
import { newHandshakeId } from './ids.js';
import { managedOrg, pageOf } from './lookup.js';
import { readTags } from './tags.js';
import { handshakesOf, organizationOf, organizationsOf, responsibilityTransfersOf } from './state.js';

const DAY_MS = 86_400_000;
/** An invitation lives 15 days, as other handshakes do, and never past its acceptance deadline. */
const LIFETIME_MS = 15 * DAY_MS;
/** AWS: an invitation must be accepted at least 24 hours before the transfer starts. */
const ACCEPT_BEFORE_START_MS = DAY_MS;
/**
 * Inbound transfers (invitations sent and transfers in force) per organization. AWS's default quota is 0
 * and is raised on request (up to 1,000); the sandbox grants 20 without asking.
 */
export const INBOUND_TRANSFER_LIMIT = 20;
/** Outbound transfers in force per organization at any time (AWS: 1, not adjustable). */
export const OUTBOUND_TRANSFER_LIMIT = 1;

const OPEN_HANDSHAKE = new Set(['OPEN', 'REQUESTED']);

export const newResponsibilityTransferId = (world: World) => `rt-${randomString(world, LOWER_ALNUM, 10)}`;

export const transferNotFound = (id: string) =>
  orgError(
    'ResponsibilityTransferNotFoundException',
    `We can't find a transfer with the Id that you specified: ${id}.`,
  );

const handshakeConstraint = (reason: string, message: string) =>
  orgError('HandshakeConstraintViolationException', message, { Reason: reason });

// ---- time ----

/** A timestamp member: awsJson sends epoch seconds; ISO text is accepted as well. */
function optTimestamp(input: object, name: string): Date | undefined {
  const raw = (input as Record<string, unknown>)[name];
  if (raw === undefined || raw === null) return undefined;
  const time =
    typeof raw === 'number' ? new Date(raw * 1000) : typeof raw === 'string' ? new Date(raw) : undefined;
  if (!time || Number.isNaN(time.getTime()))
    throw new InputError(
      `Value '${JSON.stringify(raw)}' at '${name}' is not a valid timestamp.`,
      'type',
      name,
    );
  return time;
}

/** 23:59:59 UTC on the last day of `at`'s month, as AWS ends a withdrawn transfer. */
export function endOfMonth(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1) - 1000);
}

function readStart(input: InviteOrganizationToTransferResponsibilityRequest, now: Date): Date {
  const start = optTimestamp(input, 'StartTimestamp');
  if (!start) throw new InputError('StartTimestamp is required.', 'required', 'StartTimestamp');
  if (start.getTime() % DAY_MS !== 0)
    throw invalidInput(
      'START_DATE_NOT_BEGINNING_OF_DAY',
      'You provided an invalid start date: a transfer starts at 00:00:00 UTC.',
    );
  if (start.getUTCDate() !== 1)
    throw invalidInput(
      'START_DATE_NOT_BEGINNING_OF_MONTH',
      'You provided an invalid start date: a transfer starts on the first day of a month.',
    );
  if (start.getTime() - ACCEPT_BEFORE_START_MS <= now.getTime())
    throw invalidInput(
      'START_DATE_TOO_EARLY',
      'You provided an invalid start date: the invitation must be accepted at least 24 hours before it.',
    );
  return start;
}

function readEnd(input: TerminateResponsibilityTransferRequest, now: Date): Date {
  const earliest = endOfMonth(now);
  const end = optTimestamp(input, 'EndTimestamp');
  if (!end) return earliest;
  if (Math.floor(end.getTime() / 1000) * 1000 !== endOfMonth(end).getTime())
    throw invalidInput(
      'END_DATE_NOT_END_OF_MONTH',
      'You provided an invalid end date: a transfer ends at 23:59:59 UTC on the last day of a month.',
    );
  if (end.getTime() < earliest.getTime())
    throw invalidInput(
      'END_DATE_TOO_EARLY',
      'You provided an invalid end date: it cannot be before the end of the current month.',
    );
  return endOfMonth(end);
}

// ---- state ----

/**
 * Brings a transfer still REQUESTED up to date with its handshake: the handshake expires by the sandbox
 * clock, and the transfer takes the handshake's final state.
 */
function refresh(
  world: World,
  transfer: ResponsibilityTransferState,
  now: Date,
): ResponsibilityTransferState {
  if (transfer.status !== 'REQUESTED') return transfer;
  const handshake = handshakesOf(world)[transfer.handshakeId];
  if (!handshake) return transfer;
  if (OPEN_HANDSHAKE.has(handshake.state) && now.getTime() >= Date.parse(handshake.expirationTimestamp))
    handshake.state = 'EXPIRED';
  syncResponsibilityTransfer(world, handshake);
  return transfer;
}

/** Whether the transfer holds (or will hold) the responsibility at some time from `from` on. */
function inForce(transfer: ResponsibilityTransferState, from: Date): boolean {
  if (transfer.status === 'ACCEPTED') return true;
  return (
    transfer.status === 'WITHDRAWN' &&
    transfer.endTimestamp !== undefined &&
    Date.parse(transfer.endTimestamp) >= from.getTime() &&
    Date.parse(transfer.endTimestamp) >= Date.parse(transfer.startTimestamp)
  );
}

/** Whether `transfer` holds the responsibility at `at` (accepted, started, not yet ended). */
export function isEffective(transfer: ResponsibilityTransferState, at: Date): boolean {
  if (transfer.status !== 'ACCEPTED' && transfer.status !== 'WITHDRAWN') return false;
  if (at.getTime() < Date.parse(transfer.startTimestamp)) return false;
  return transfer.endTimestamp === undefined || at.getTime() <= Date.parse(transfer.endTimestamp);
}

function allTransfers(world: World, now: Date): ResponsibilityTransferState[] {
  return Object.values(responsibilityTransfersOf(world)).map((t) => refresh(world, t, now));
}

/**
 * The management account that holds `organizationId`'s billing responsibility at `at`: its own, or, where
 * a transfer is in effect, the target's, following inherited transfers (a bill-transfer organization that
 * hands its own billing on hands on the bills it pays too).
 */
export function billingPayerOf(world: World, organizationId: string, at: Date): string | undefined {
  const seen = new Set<string>();
  let orgId = organizationId;
  let payer = organizationsOf(world)[orgId]?.managementAccountId;
  while (!seen.has(orgId)) {
    seen.add(orgId);
    // Only accepted and withdrawn transfers can be in effect: no handshake needs refreshing for `at`.
    const next = Object.values(responsibilityTransfersOf(world)).find(
      (t) => t.type === 'BILLING' && t.sourceOrganizationId === orgId && isEffective(t, at),
    );
    if (!next) break;
    payer = next.targetManagementAccountId;
    orgId = next.targetOrganizationId;
  }
  return payer;
}

/** Whether a transfer in force (or still proposed) involves `organizationId` on either side. */
function hasTransferProcess(world: World, organizationId: string, now: Date): boolean {
  return allTransfers(world, now).some(
    (t) =>
      (t.sourceOrganizationId === organizationId || t.targetOrganizationId === organizationId) &&
      (t.status === 'REQUESTED' || inForce(t, now)),
  );
}

/** Whether transfers in force lead from `fromOrgId`'s billing, directly or through a chain, to `toOrgId`. */
function chainReaches(world: World, fromOrgId: string, toOrgId: string, now: Date): boolean {
  const seen = new Set<string>();
  const queue = [fromOrgId];
  while (queue.length > 0) {
    const orgId = queue.shift()!;
    if (orgId === toOrgId) return true;
    if (seen.has(orgId)) continue;
    seen.add(orgId);
    for (const t of allTransfers(world, now))
      if (t.sourceOrganizationId === orgId && inForce(t, now)) queue.push(t.targetOrganizationId);
  }
  return false;
}

// ---- handshakes (called from handshakes.ts) ----

const STATUS_BY_HANDSHAKE: Record<HandshakeStateRecord['state'], ResponsibilityTransferStatus> = {
  REQUESTED: 'REQUESTED',
  OPEN: 'REQUESTED',
  ACCEPTED: 'ACCEPTED',
  DECLINED: 'DECLINED',
  CANCELED: 'CANCELED',
  EXPIRED: 'EXPIRED',
};

/** Gives a REQUESTED transfer its handshake's state (declined, cancelled, expired). */
export function syncResponsibilityTransfer(world: World, handshake: HandshakeStateRecord): void {
  const id = handshake.responsibilityTransferId;
  const transfer = id ? responsibilityTransfersOf(world)[id] : undefined;
  if (transfer?.status === 'REQUESTED') transfer.status = STATUS_BY_HANDSHAKE[handshake.state];
}

/**
 * The checks and effect of accepting a TRANSFER_RESPONSIBILITY handshake (the caller is its recipient and
 * the handshake is open): the caller must still be its organization's management account, the inviting
 * organization must still exist, the caller's organization may have one outbound transfer in force at a
 * time, and no chain of transfers may lead back to it. The caller moves the handshake to ACCEPTED.
 */
export function acceptResponsibilityTransfer(ctx: CallContext, handshake: HandshakeStateRecord): void {
  const source = managedOrg(ctx);
  const transfer = responsibilityTransfersOf(ctx.world)[handshake.responsibilityTransferId ?? ''];
  const target = transfer ? organizationsOf(ctx.world)[transfer.targetOrganizationId] : undefined;
  if (!transfer || !target)
    throw orgError('HandshakeNotFoundException', 'The inviting organization no longer exists.');
  if (transfer.sourceOrganizationId !== source.id || target.id === source.id)
    throw handshakeConstraint(
      'SOURCE_AND_TARGET_CANNOT_MATCH',
      'An account cannot accept a transfer invitation that it both sent and received.',
    );
  const start = new Date(transfer.startTimestamp);
  const outbound = allTransfers(ctx.world, ctx.now).filter(
    (t) => t.id !== transfer.id && t.sourceOrganizationId === source.id && inForce(t, start),
  );
  if (outbound.length >= OUTBOUND_TRANSFER_LIMIT)
    throw constraint(
      'RESPONSIBILITY_TRANSFER_MAX_OUTBOUND_QUOTA_VIOLATION',
      'You have exceeded your outbound transfers limit: another organization already manages this billing.',
    );
  if (chainReaches(ctx.world, target.id, source.id, ctx.now))
    throw handshakeConstraint(
      'RESPONSIBILITY_TRANSFER_ALREADY_EXISTS',
      'The inviting organization already hands its billing, directly or through a chain, to yours.',
    );
  transfer.status = 'ACCEPTED';
  transfer.acceptedTimestamp = ctx.now.toISOString();
}

/** The Handshake of a TRANSFER_RESPONSIBILITY invitation. */
export function transferHandshakeShape(world: World, h: HandshakeStateRecord): Handshake {
  const transfer = responsibilityTransfersOf(world)[h.responsibilityTransferId ?? ''];
  const org = organizationsOf(world)[h.organizationId];
  const managementId = transfer?.targetManagementAccountId ?? org?.managementAccountId ?? '';
  const management = world.accounts[managementId];
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
        Value: h.responsibilityTransferId ?? '',
        Type: 'RESPONSIBILITY_TRANSFER',
        Resources: [
          { Value: transfer?.type ?? 'BILLING', Type: 'TRANSFER_TYPE' },
          { Value: transfer?.startTimestamp ?? '', Type: 'TRANSFER_START_TIMESTAMP' },
        ],
      },
      {
        Value: h.organizationId,
        Type: 'ORGANIZATION',
        Resources: [
          { Value: managementId, Type: 'MANAGEMENT_ACCOUNT' },
          { Value: management?.email ?? '', Type: 'MANAGEMENT_EMAIL' },
          { Value: management?.name ?? '', Type: 'MANAGEMENT_NAME' },
        ],
      },
      { Value: h.targetAccountId, Type: 'ACCOUNT' },
      ...notes,
    ],
  };
}

// ---- operations ----

type Side = 'inbound' | 'outbound';

function transferShape(world: World, t: ResponsibilityTransferState, side: Side): ResponsibilityTransfer {
  const [managementId, orgId] =
    side === 'inbound'
      ? [t.targetManagementAccountId, t.targetOrganizationId]
      : [t.sourceManagementAccountId, t.sourceOrganizationId];
  const participant = (accountId: string) => ({
    ManagementAccountId: accountId,
    ManagementAccountEmail: world.accounts[accountId]?.email ?? '',
  });
  return {
    Arn: `arn:aws:organizations::${managementId}:transfer/${orgId}/billing/${side}/${t.id}`,
    // The name is the inbound side's own label (AWS shows it only to that side).
    ...(side === 'inbound' ? { Name: t.name } : {}),
    Id: t.id,
    Type: t.type,
    Status: t.status,
    Source: participant(t.sourceManagementAccountId),
    Target: participant(t.targetManagementAccountId),
    StartTimestamp: new Date(t.startTimestamp),
    ...(t.endTimestamp ? { EndTimestamp: new Date(t.endTimestamp) } : {}),
    ActiveHandshakeId: t.handshakeId,
  };
}

/** The transfer `Id` names, seen from the caller's side; a transfer the caller is no party to is not found. */
function requireTransfer(ctx: CallContext, input: { Id?: string }) {
  const org = managedOrg(ctx);
  const id = reqString(input, 'Id', { pattern: /^rt-[0-9a-z]{8,32}$/ });
  const found = responsibilityTransfersOf(ctx.world)[id];
  const transfer = found ? refresh(ctx.world, found, ctx.now) : undefined;
  const side: Side | undefined =
    transfer?.targetOrganizationId === org.id
      ? 'inbound'
      : transfer?.sourceOrganizationId === org.id
        ? 'outbound'
        : undefined;
  if (!transfer || !side) throw transferNotFound(id);
  return { org, transfer, side };
}

/** The target account of an invitation: a management account of another organization. */
function targetAccount(ctx: CallContext, input: InviteOrganizationToTransferResponsibilityRequest): string {
  const target = optRecord(input, 'Target');
  if (!target) throw new InputError('Target is required.', 'required', 'Target');
  const type = reqString(target, 'Type', { oneOf: ['ACCOUNT', 'ORGANIZATION', 'EMAIL'] });
  const id = reqString(target, 'Id', { min: 1, max: 64 });
  if (type === 'ORGANIZATION')
    throw invalidInput('INVALID_PARTY_TYPE_TARGET', 'A transfer invitation goes to an ACCOUNT or an EMAIL.');
  if (type === 'ACCOUNT') {
    if (!/^\d{12}$/.test(id))
      throw invalidInput('INVALID_PARTY_TYPE_TARGET', 'An ACCOUNT target is a 12-digit account id.');
    return id;
  }
  const account = Object.values(ctx.world.accounts).find((a) => a.email.toLowerCase() === id.toLowerCase());
  if (!account)
    throw invalidInput('INVALID_EMAIL_ADDRESS_TARGET', `No account in the sandbox has the email ${id}.`);
  return account.id;
}

/**
 * The organization `accountId` manages, once the caller's organization `org` may invite it: not the
 * caller itself, a management account, no invitation pending or transfer in force between the two, and
 * room under the inbound quota.
 */
function invitedOrganization(ctx: CallContext, org: OrganizationState, accountId: string): OrganizationState {
  if (accountId === ctx.caller.accountId)
    throw handshakeConstraint(
      'SOURCE_AND_TARGET_CANNOT_MATCH',
      'You cannot invite your own account to transfer responsibility to you.',
    );
  const source: OrganizationState | undefined = organizationOf(ctx.world, accountId);
  if (!source || source.managementAccountId !== accountId)
    throw invalidInput(
      'INVALID_PARTY_TYPE_TARGET',
      'A transfer invitation goes to the management account of another organization.',
    );
  const transfers = allTransfers(ctx.world, ctx.now);
  if (
    transfers.some(
      (t) =>
        t.targetOrganizationId === org.id && t.sourceOrganizationId === source.id && t.status === 'REQUESTED',
    )
  )
    throw orgError(
      'DuplicateHandshakeException',
      'A handshake with the same action and target already exists.',
    );
  if (
    chainReaches(ctx.world, source.id, org.id, ctx.now) ||
    chainReaches(ctx.world, org.id, source.id, ctx.now)
  )
    throw handshakeConstraint(
      'RESPONSIBILITY_TRANSFER_ALREADY_EXISTS',
      'A transfer in force already links the two organizations.',
    );
  const inbound = transfers.filter(
    (t) => t.targetOrganizationId === org.id && (t.status === 'REQUESTED' || inForce(t, ctx.now)),
  );
  if (inbound.length >= INBOUND_TRANSFER_LIMIT)
    throw constraint(
      'RESPONSIBILITY_TRANSFER_MAX_INBOUND_QUOTA_VIOLATION',
      `You have exceeded your inbound transfers limit (${INBOUND_TRANSFER_LIMIT}).`,
    );
  return source;
}

/** What an invitation asks for, as read from the request. */
interface Invitation {
  type: ResponsibilityTransferState['type'];
  name: string;
  notes: string | undefined;
  tags: ResponsibilityTransferState['tags'];
  start: Date;
}

/**
 * Records a REQUESTED transfer from `source` to `org` and its OPEN handshake to the source's management
 * account; returns the handshake.
 */
function openTransfer(
  ctx: CallContext,
  org: OrganizationState,
  source: OrganizationState,
  invitation: Invitation,
): HandshakeStateRecord {
  const { type, name, notes, tags, start } = invitation;
  const transferId = newResponsibilityTransferId(ctx.world);
  const handshakeId = newHandshakeId(ctx.world);
  const expires = Math.min(ctx.now.getTime() + LIFETIME_MS, start.getTime() - ACCEPT_BEFORE_START_MS);
  const handshake: HandshakeStateRecord = {
    id: handshakeId,
    arn: `arn:aws:organizations::${org.managementAccountId}:handshake/${org.id}/transfer_responsibility/${handshakeId}`,
    action: 'TRANSFER_RESPONSIBILITY',
    organizationId: org.id,
    targetAccountId: source.managementAccountId,
    state: 'OPEN',
    requestedTimestamp: ctx.now.toISOString(),
    expirationTimestamp: new Date(expires).toISOString(),
    ...(notes ? { notes } : {}),
    tags: [],
    responsibilityTransferId: transferId,
  };
  const transfer: ResponsibilityTransferState = {
    id: transferId,
    type,
    name,
    status: 'REQUESTED',
    sourceOrganizationId: source.id,
    sourceManagementAccountId: source.managementAccountId,
    targetOrganizationId: org.id,
    targetManagementAccountId: org.managementAccountId,
    requestedTimestamp: ctx.now.toISOString(),
    startTimestamp: start.toISOString(),
    handshakeId,
    tags,
  };
  handshakesOf(ctx.world)[handshakeId] = handshake;
  responsibilityTransfersOf(ctx.world)[transferId] = transfer;
  return handshake;
}

/** InviteOrganizationToTransferResponsibility: the caller's organization asks another for its bill. */
function invite(ctx: CallContext, input: InviteOrganizationToTransferResponsibilityRequest) {
  const org = managedOrg(ctx);
  const type = reqString(input, 'Type', { oneOf: ['BILLING'] });
  const accountId = targetAccount(ctx, input);
  const name = reqString(input, 'SourceName', { min: 1, max: 128, pattern: /^[ -~]+$/ });
  const notes = optString(input, 'Notes', { max: 1024 });
  const tags = readTags(input);
  const start = readStart(input, ctx.now);
  const source = invitedOrganization(ctx, org, accountId);
  const handshake = openTransfer(ctx, org, source, { type, name, notes, tags, start });
  return { Handshake: transferHandshakeShape(ctx.world, handshake) };
}

function describe(ctx: CallContext, input: DescribeResponsibilityTransferRequest) {
  const { transfer, side } = requireTransfer(ctx, input);
  return { ResponsibilityTransfer: transferShape(ctx.world, transfer, side) };
}

function listSide(
  ctx: CallContext,
  input: ListInboundResponsibilityTransfersRequest | ListOutboundResponsibilityTransfersRequest,
  side: Side,
  scope: string,
) {
  const org = managedOrg(ctx);
  reqString(input, 'Type', { oneOf: ['BILLING'] });
  // Only the inbound listing takes an `Id`.
  const id = optString(input as ListInboundResponsibilityTransfersRequest, 'Id', {
    pattern: /^rt-[0-9a-z]{8,32}$/,
  });
  let list = allTransfers(ctx.world, ctx.now).filter((t) =>
    side === 'inbound' ? t.targetOrganizationId === org.id : t.sourceOrganizationId === org.id,
  );
  if (id !== undefined) {
    list = list.filter((t) => t.id === id);
    if (list.length === 0) throw transferNotFound(id);
  }
  const page = pageOf(ctx, list, input, scope);
  return {
    ResponsibilityTransfers: page.items.map((t) => transferShape(ctx.world, t, side)),
    NextToken: page.nextToken,
  };
}

function update(ctx: CallContext, input: UpdateResponsibilityTransferRequest) {
  const { transfer, side } = requireTransfer(ctx, input);
  const name = reqString(input, 'Name', { min: 1, max: 128, pattern: /^[ -~]+$/ });
  if (side !== 'inbound') throw accessDenied('the name of this transfer (only the inbound side names it)');
  transfer.name = name;
  return { ResponsibilityTransfer: transferShape(ctx.world, transfer, side) };
}

function terminate(ctx: CallContext, input: TerminateResponsibilityTransferRequest) {
  const { transfer, side } = requireTransfer(ctx, input);
  const end = readEnd(input, ctx.now);
  if (transfer.status === 'WITHDRAWN')
    throw orgError('ResponsibilityTransferAlreadyInStatusException', 'The transfer is already WITHDRAWN.');
  if (transfer.status !== 'ACCEPTED')
    throw orgError(
      'InvalidResponsibilityTransferTransitionException',
      `You can't withdraw a transfer that is ${transfer.status}; only an ACCEPTED transfer can be withdrawn.`,
    );
  transfer.status = 'WITHDRAWN';
  transfer.endTimestamp = end.toISOString();
  return { ResponsibilityTransfer: transferShape(ctx.world, transfer, side) };
}

/**
 * DeleteOrganization, refused while the organization is party to a transfer invitation still open or a
 * transfer in force (`ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS`); otherwise `deleteOrganization` answers.
 */
export function refusingDeleteDuringTransfer(deleteOrganization: Handler): Handler {
  return (ctx, input) => {
    const org = organizationOf(ctx.world, ctx.caller.accountId);
    if (
      org &&
      org.managementAccountId === ctx.caller.accountId &&
      hasTransferProcess(ctx.world, org.id, ctx.now)
    )
      throw constraint(
        'ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS',
        'You cannot delete the organization during a responsibility transfer: resolve the invitation or the transfer first.',
      );
    return deleteOrganization(ctx, input);
  };
}

export const responsibilityOperations = typedOperations<Operations>()({
  InviteOrganizationToTransferResponsibility: invite,
  DescribeResponsibilityTransfer: describe,
  ListInboundResponsibilityTransfers: (ctx, input) =>
    listSide(ctx, input, 'inbound', 'ListInboundResponsibilityTransfers'),
  ListOutboundResponsibilityTransfers: (ctx, input) =>
    listSide(ctx, input, 'outbound', 'ListOutboundResponsibilityTransfers'),
  UpdateResponsibilityTransfer: update,
  TerminateResponsibilityTransfer: terminate,
});
