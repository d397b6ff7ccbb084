/** CreateMembers, ListMembers, GetMembers, DeleteMembers, DisassociateMembers, GetMemberDetectors. */
import { optInt, optList, optString, reqString, stringList, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount } from '../../world.js';
import { organizationOf } from '../organizations/state.js';
import { detectorSources, ownDetector } from './detectors.js';
import { badRequest } from './errors.js';
import { adminOf, autoEnrol, enrol } from './organization.js';
import { gdState, peekGd, type GuardDutyRegionState, type MemberState } from './state.js';

/** AWS's limits: 50 account ids per call, ListMembers pages of up to 50. */
const MAX_IDS = 50;

function adminState(ctx: CallContext, input: Input): GuardDutyRegionState {
  ownDetector(ctx, input);
  const state = gdState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  if (org && adminOf(ctx.world, org, ctx.region) === ctx.caller.accountId)
    autoEnrol(ctx, org, ctx.caller.accountId, state);
  return state;
}

function ids(input: Input): string[] {
  const list = stringList(input, 'accountIds');
  if (list.length === 0 || list.length > MAX_IDS)
    throw badRequest(
      `The request is rejected because accountIds must hold between 1 and ${MAX_IDS} account ids.`,
    );
  return list;
}

function memberShape(ctx: CallContext, m: MemberState) {
  return {
    accountId: m.accountId,
    detectorId: peekGd(ctx.world.accounts[m.accountId], ctx.region)?.detector?.id,
    masterId: ctx.caller.accountId,
    administratorId: ctx.caller.accountId,
    email: m.email,
    relationshipStatus: m.relationshipStatus,
    invitedAt: m.invitedAt,
    updatedAt: m.updatedAt,
  };
}

const unprocessed = (accountId: string, result: string) => ({ accountId, result });
const notMember = (id: string) =>
  unprocessed(
    id,
    'The request is rejected because the given account ID is not associated with the current account.',
  );

const createMembers: Handler = (ctx, input) => {
  const state = adminState(ctx, input);
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  const isAdmin = org !== undefined && adminOf(ctx.world, org, ctx.region) === ctx.caller.accountId;
  const out: Array<{ accountId: string; result: string }> = [];
  for (const item of optList(input, 'accountDetails') ?? []) {
    const detail = item as Input;
    const accountId = reqString(detail, 'accountId', { pattern: /^\d{12}$/ });
    const email = reqString(detail, 'email', { min: 1, max: 64 });
    if (accountId === ctx.caller.accountId || state.members[accountId]?.relationshipStatus === 'Enabled') {
      out.push(
        unprocessed(
          accountId,
          'The request is rejected because the current account has already invited or is already the GuardDuty administrator of the given member account ID.',
        ),
      );
      continue;
    }
    if (isAdmin && org.members[accountId]) {
      enrol(ctx.world, state, ctx.caller.accountId, accountId, ctx.region, ctx.now).email = email;
    } else {
      state.members[accountId] = {
        accountId,
        email,
        relationshipStatus: 'Created',
        updatedAt: ctx.now.toISOString(),
      };
    }
  }
  return { unprocessedAccounts: out };
};

const listMembers: Handler = (ctx, input) => {
  const state = adminState(ctx, input);
  const onlyAssociated = optString(input, 'onlyAssociated') !== 'false';
  const members = Object.values(state.members).filter(
    (m) => !onlyAssociated || m.relationshipStatus === 'Enabled',
  );
  const page = ctx.page(
    members,
    optString(input, 'nextToken'),
    optInt(input, 'maxResults'),
    `members:${String(onlyAssociated)}`,
    {
      max: 50,
      defaultSize: 50,
      invalidToken: () => badRequest('The request is rejected because the nextToken is invalid.'),
    },
  );
  return { members: page.items.map((m) => memberShape(ctx, m)), nextToken: page.nextToken };
};

const getMembers: Handler = (ctx, input) => {
  const state = adminState(ctx, input);
  const members = [];
  const missing = [];
  for (const id of ids(input)) {
    const member = state.members[id];
    if (member) members.push(memberShape(ctx, member));
    else missing.push(notMember(id));
  }
  return { members, unprocessedAccounts: missing };
};

function release(ctx: CallContext, accountId: string): void {
  const state = peekGd(ctx.world.accounts[accountId], ctx.region);
  if (state?.administratorId === ctx.caller.accountId) delete state.administratorId;
}

const deleteMembers: Handler = (ctx, input) => {
  const state = adminState(ctx, input);
  const missing = [];
  for (const id of ids(input)) {
    if (!state.members[id]) missing.push(notMember(id));
    else {
      delete state.members[id];
      release(ctx, id);
    }
  }
  return { unprocessedAccounts: missing };
};

const disassociateMembers: Handler = (ctx, input) => {
  const state = adminState(ctx, input);
  const missing = [];
  for (const id of ids(input)) {
    const member = state.members[id];
    if (!member) missing.push(notMember(id));
    else {
      member.relationshipStatus = 'Removed';
      member.updatedAt = ctx.now.toISOString();
      release(ctx, id);
    }
  }
  return { unprocessedAccounts: missing };
};

const getMemberDetectors: Handler = (ctx, input) => {
  const state = adminState(ctx, input);
  const members = [];
  const missing = [];
  for (const id of ids(input)) {
    const detector = state.members[id] ? peekGd(ctx.world.accounts[id], ctx.region)?.detector : undefined;
    if (detector) members.push({ accountId: id, ...detectorSources(detector, true) });
    else missing.push(notMember(id));
  }
  return { members, unprocessedAccounts: missing };
};

export const memberOperations: Record<string, Handler> = {
  CreateMembers: createMembers,
  ListMembers: listMembers,
  GetMembers: getMembers,
  DeleteMembers: deleteMembers,
  DisassociateMembers: disassociateMembers,
  GetMemberDetectors: getMemberDetectors,
};
