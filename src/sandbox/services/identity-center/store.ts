/** Identity Store: users, groups and memberships. */
import { optList, optRecord, optString, reqString, type Input } from '../../input.js';
import { randomUuid } from '../../rng.js';
import type { CallContext, Handler } from '../../service.js';
import type {
  GroupMembershipState,
  IdentityStoreGroup,
  IdentityStoreState,
  IdentityStoreUser,
} from './state.js';
import { conflict, notFound, page, requireStore, validation } from './access.js';

/** Memberships by group and by user, rebuilt when the membership count changes (large stores list per group). */
interface MembershipIndex {
  size: number;
  byGroup: Map<string, GroupMembershipState[]>;
  byUser: Map<string, GroupMembershipState[]>;
}
const membershipIndexes = new WeakMap<IdentityStoreState, MembershipIndex>();

function memberships(s: IdentityStoreState): MembershipIndex {
  const count = Object.keys(s.memberships).length;
  let index = membershipIndexes.get(s);
  if (!index || index.size !== count) {
    index = { size: count, byGroup: new Map(), byUser: new Map() };
    for (const m of Object.values(s.memberships)) {
      index.byGroup.set(m.groupId, [...(index.byGroup.get(m.groupId) ?? []), m]);
      index.byUser.set(m.userId, [...(index.byUser.get(m.userId) ?? []), m]);
    }
    membershipIndexes.set(s, index);
  }
  return index;
}

function store(ctx: CallContext, input: Input): IdentityStoreState {
  return requireStore(ctx, reqString(input, 'IdentityStoreId', { pattern: /^d-[0-9a-f]{10}$|^[0-9a-f-]+$/ }));
}

const missing = (ctx: CallContext, type: string, id: string) =>
  notFound(`${type.toLowerCase()} ${id} not found`, {
    ResourceType: type,
    ResourceId: id,
    RequestId: ctx.requestId,
  });

function newId(ctx: CallContext): string {
  return randomUuid(ctx.world);
}

function userShape(s: IdentityStoreState, u: IdentityStoreUser) {
  const { userId, userName, displayName, name, emails, externalIds } = u;
  return {
    IdentityStoreId: s.identityStoreId,
    UserId: userId,
    UserName: userName,
    ...(displayName ? { DisplayName: displayName } : {}),
    ...(name
      ? {
          Name: {
            ...(name.formatted ? { Formatted: name.formatted } : {}),
            ...(name.givenName ? { GivenName: name.givenName } : {}),
            ...(name.familyName ? { FamilyName: name.familyName } : {}),
          },
        }
      : {}),
    Emails: emails.map((e) => ({
      Value: e.value,
      ...(e.type ? { Type: e.type } : {}),
      ...(e.primary !== undefined ? { Primary: e.primary } : {}),
    })),
    ...externalIdsShape(externalIds),
  };
}

function groupShape(s: IdentityStoreState, g: IdentityStoreGroup) {
  return {
    IdentityStoreId: s.identityStoreId,
    GroupId: g.groupId,
    DisplayName: g.displayName,
    ...(g.description ? { Description: g.description } : {}),
    ...externalIdsShape(g.externalIds),
  };
}

/** `ExternalIds`, only for a user or group an identity provider provisioned (AWS leaves it out otherwise). */
function externalIdsShape(ids: IdentityStoreUser['externalIds']) {
  return ids.length > 0 ? { ExternalIds: ids.map((x) => ({ Issuer: x.issuer, Id: x.id })) } : {};
}

function emailsOf(input: Input): IdentityStoreUser['emails'] {
  return (optList(input, 'Emails') ?? []).map((raw) => {
    const e = raw as Input;
    return {
      value: reqString(e, 'Value'),
      ...(optString(e, 'Type') ? { type: optString(e, 'Type')! } : {}),
      ...(typeof e.Primary === 'boolean' ? { primary: e.Primary } : {}),
    };
  });
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

const uniqueness = (ctx: CallContext, what: string) =>
  conflict(`Duplicate ${what}`, { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION', RequestId: ctx.requestId });

function createUser(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const userName = reqString(input, 'UserName', { min: 1, max: 128 });
  if (Object.values(s.users).some((u) => sameName(u.userName, userName))) throw uniqueness(ctx, 'UserName');
  const name = optRecord(input, 'Name');
  const user: IdentityStoreUser = {
    userId: newId(ctx),
    userName,
    ...(optString(input, 'DisplayName') ? { displayName: optString(input, 'DisplayName')! } : {}),
    ...(name
      ? {
          name: {
            ...(optString(name, 'GivenName') ? { givenName: optString(name, 'GivenName')! } : {}),
            ...(optString(name, 'FamilyName') ? { familyName: optString(name, 'FamilyName')! } : {}),
            ...(optString(name, 'Formatted') ? { formatted: optString(name, 'Formatted')! } : {}),
          },
        }
      : {}),
    emails: emailsOf(input),
    externalIds: [],
    createdAt: ctx.now.toISOString(),
  };
  s.users[user.userId] = user;
  return { UserId: user.userId, IdentityStoreId: s.identityStoreId };
}

function requireUser(ctx: CallContext, s: IdentityStoreState, input: Input): IdentityStoreUser {
  const id = reqString(input, 'UserId');
  const user = s.users[id];
  if (!user) throw missing(ctx, 'USER', id);
  return user;
}

function describeUser(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  return userShape(s, requireUser(ctx, s, input));
}

function updateUser(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const user = requireUser(ctx, s, input);
  for (const raw of optList(input, 'Operations') ?? []) {
    const op = raw as Input;
    const path = reqString(op, 'AttributePath');
    const value = op.AttributeValue;
    if (path === 'displayName' && typeof value === 'string') user.displayName = value;
    else if (path === 'userName' && typeof value === 'string') {
      if (Object.values(s.users).some((u) => u !== user && sameName(u.userName, value)))
        throw uniqueness(ctx, 'UserName');
      user.userName = value;
    } else if (path === 'emails' && Array.isArray(value)) {
      user.emails = value.map((e) => {
        const v = e as { value?: unknown; type?: unknown; primary?: unknown };
        return {
          value: typeof v.value === 'string' ? v.value : '',
          ...(typeof v.type === 'string' ? { type: v.type } : {}),
          ...(typeof v.primary === 'boolean' ? { primary: v.primary } : {}),
        };
      });
    } else if (path === 'name.givenName' && typeof value === 'string')
      user.name = { ...user.name, givenName: value };
    else if (path === 'name.familyName' && typeof value === 'string')
      user.name = { ...user.name, familyName: value };
  }
  return {};
}

function deleteUser(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const user = requireUser(ctx, s, input);
  delete s.users[user.userId];
  for (const [id, m] of Object.entries(s.memberships)) if (m.userId === user.userId) delete s.memberships[id];
  return {};
}

function filtersOf(input: Input): Array<{ path: string; value: string }> {
  return (optList(input, 'Filters') ?? []).map((raw) => ({
    path: reqString(raw as Input, 'AttributePath'),
    value: reqString(raw as Input, 'AttributeValue'),
  }));
}

function listUsers(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const filters = filtersOf(input);
  const users = Object.values(s.users).filter((u) =>
    filters.every((f) => f.path !== 'UserName' || sameName(u.userName, f.value)),
  );
  const p = page(ctx, users, input, `ListUsers:${s.identityStoreId}:${JSON.stringify(filters)}`);
  return { Users: p.items.map((u) => userShape(s, u)), NextToken: p.nextToken };
}

/** The `AlternateIdentifier` union of GetUserId and GetGroupId: an identity provider's id, or a unique attribute. */
type Alternate =
  { kind: 'external'; issuer: string; id: string } | { kind: 'unique'; path: string; value: string };

function alternateIdentifier(input: Input): Alternate {
  const alternate = optRecord(input, 'AlternateIdentifier');
  if (!alternate) throw validation('AlternateIdentifier must not be null');
  const external = optRecord(alternate, 'ExternalId');
  const unique = optRecord(alternate, 'UniqueAttribute');
  if (!external === !unique)
    throw validation('AlternateIdentifier must have exactly one of ExternalId or UniqueAttribute');
  if (external) {
    const rules = { min: 1, max: 256 };
    return {
      kind: 'external',
      issuer: reqString(external, 'Issuer', rules),
      id: reqString(external, 'Id', rules),
    };
  }
  const path = reqString(unique!, 'AttributePath', { min: 1, max: 255 });
  const value = unique!.AttributeValue;
  if (typeof value !== 'string' || value.length === 0)
    throw validation(`AttributeValue for ${path} must be a non-empty string`);
  return { kind: 'unique', path, value };
}

/** Whether the resource carries the identity provider's id (issuer and id compared exactly). */
function hasExternalId(resource: { externalIds: IdentityStoreUser['externalIds'] }, alt: Alternate): boolean {
  return (
    alt.kind === 'external' && resource.externalIds.some((x) => x.issuer === alt.issuer && x.id === alt.id)
  );
}

/** The resource GetUserId/GetGroupId did not find: AWS names its type, not the identifier asked for. */
const notFoundByAlternate = (ctx: CallContext, type: 'USER' | 'GROUP') =>
  notFound(`${type} not found.`, { ResourceType: type, RequestId: ctx.requestId });

/** The unique attributes GetUserId accepts (paths compared case-insensitively, as AWS does). */
const USER_ATTRIBUTES: Record<string, (u: IdentityStoreUser, value: string) => boolean> = {
  username: (u, value) => sameName(u.userName, value),
  'emails.value': (u, value) => u.emails.some((e) => sameName(e.value, value)),
};

function getUserId(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const alt = alternateIdentifier(input);
  let matches: (u: IdentityStoreUser) => boolean;
  if (alt.kind === 'external') matches = (u) => hasExternalId(u, alt);
  else {
    const attribute = USER_ATTRIBUTES[alt.path.toLowerCase()];
    if (!attribute)
      throw validation(`${alt.path} is not a unique attribute of a user (userName, emails.value)`);
    matches = (u) => attribute(u, alt.value);
  }
  const user = Object.values(s.users).find(matches);
  if (!user) throw notFoundByAlternate(ctx, 'USER');
  return { UserId: user.userId, IdentityStoreId: s.identityStoreId };
}

function createGroup(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const displayName = reqString(input, 'DisplayName', { min: 1, max: 1024 });
  if (Object.values(s.groups).some((g) => sameName(g.displayName, displayName)))
    throw uniqueness(ctx, 'DisplayName');
  const group: IdentityStoreGroup = {
    groupId: newId(ctx),
    displayName,
    ...(optString(input, 'Description') ? { description: optString(input, 'Description')! } : {}),
    externalIds: [],
    createdAt: ctx.now.toISOString(),
  };
  s.groups[group.groupId] = group;
  return { GroupId: group.groupId, IdentityStoreId: s.identityStoreId };
}

function requireGroup(ctx: CallContext, s: IdentityStoreState, id: string): IdentityStoreGroup {
  const group = s.groups[id];
  if (!group) throw missing(ctx, 'GROUP', id);
  return group;
}

function describeGroup(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  return groupShape(s, requireGroup(ctx, s, reqString(input, 'GroupId')));
}

function deleteGroup(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const group = requireGroup(ctx, s, reqString(input, 'GroupId'));
  delete s.groups[group.groupId];
  for (const [id, m] of Object.entries(s.memberships))
    if (m.groupId === group.groupId) delete s.memberships[id];
  return {};
}

function listGroups(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const filters = filtersOf(input);
  const groups = Object.values(s.groups).filter((g) =>
    filters.every((f) => f.path !== 'DisplayName' || sameName(g.displayName, f.value)),
  );
  const p = page(ctx, groups, input, `ListGroups:${s.identityStoreId}:${JSON.stringify(filters)}`);
  return { Groups: p.items.map((g) => groupShape(s, g)), NextToken: p.nextToken };
}

function getGroupId(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const alt = alternateIdentifier(input);
  let matches: (g: IdentityStoreGroup) => boolean;
  if (alt.kind === 'external') matches = (g) => hasExternalId(g, alt);
  else {
    if (alt.path.toLowerCase() !== 'displayname')
      throw validation(`${alt.path} is not a unique attribute of a group (displayName)`);
    matches = (g) => sameName(g.displayName, alt.value);
  }
  const group = Object.values(s.groups).find(matches);
  if (!group) throw notFoundByAlternate(ctx, 'GROUP');
  return { GroupId: group.groupId, IdentityStoreId: s.identityStoreId };
}

function memberOf(input: Input): string {
  const member = optRecord(input, 'MemberId');
  return reqString(member ?? {}, 'UserId');
}

const membershipShape = (
  s: IdentityStoreState,
  m: { membershipId: string; groupId: string; userId: string },
) => ({
  IdentityStoreId: s.identityStoreId,
  MembershipId: m.membershipId,
  GroupId: m.groupId,
  MemberId: { UserId: m.userId },
});

function createMembership(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const group = requireGroup(ctx, s, reqString(input, 'GroupId'));
  const userId = memberOf(input);
  if (!s.users[userId]) throw missing(ctx, 'USER', userId);
  if (Object.values(s.memberships).some((m) => m.groupId === group.groupId && m.userId === userId))
    throw uniqueness(ctx, 'GroupMembership');
  const membership = { membershipId: newId(ctx), groupId: group.groupId, userId };
  s.memberships[membership.membershipId] = membership;
  return { MembershipId: membership.membershipId, IdentityStoreId: s.identityStoreId };
}

function requireMembership(ctx: CallContext, s: IdentityStoreState, input: Input) {
  const id = reqString(input, 'MembershipId');
  const membership = s.memberships[id];
  if (!membership) throw missing(ctx, 'GROUP_MEMBERSHIP', id);
  return membership;
}

function deleteMembership(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  delete s.memberships[requireMembership(ctx, s, input).membershipId];
  return {};
}

function describeMembership(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  return membershipShape(s, requireMembership(ctx, s, input));
}

function getMembershipId(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const groupId = reqString(input, 'GroupId');
  const userId = memberOf(input);
  const membership = Object.values(s.memberships).find((m) => m.groupId === groupId && m.userId === userId);
  if (!membership) throw missing(ctx, 'GROUP_MEMBERSHIP', `${groupId}/${userId}`);
  return { MembershipId: membership.membershipId, IdentityStoreId: s.identityStoreId };
}

function listMemberships(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const group = requireGroup(ctx, s, reqString(input, 'GroupId'));
  const list = memberships(s).byGroup.get(group.groupId) ?? [];
  const p = page(ctx, list, input, `ListGroupMemberships:${group.groupId}`);
  return { GroupMemberships: p.items.map((m) => membershipShape(s, m)), NextToken: p.nextToken };
}

function listMembershipsForMember(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const userId = memberOf(input);
  const list = memberships(s).byUser.get(userId) ?? [];
  const p = page(ctx, list, input, `ListGroupMembershipsForMember:${userId}`);
  return { GroupMemberships: p.items.map((m) => membershipShape(s, m)), NextToken: p.nextToken };
}

function isMemberInGroups(ctx: CallContext, input: Input) {
  const s = store(ctx, input);
  const userId = memberOf(input);
  const groupIds = (optList(input, 'GroupIds') ?? []) as string[];
  return {
    Results: groupIds.map((groupId) => ({
      GroupId: groupId,
      MemberId: { UserId: userId },
      MembershipExists: Object.values(s.memberships).some(
        (m) => m.groupId === groupId && m.userId === userId,
      ),
    })),
  };
}

export const identityStoreOperations: Record<string, Handler> = {
  CreateUser: createUser,
  DescribeUser: describeUser,
  UpdateUser: updateUser,
  DeleteUser: deleteUser,
  ListUsers: listUsers,
  GetUserId: getUserId,
  CreateGroup: createGroup,
  DescribeGroup: describeGroup,
  DeleteGroup: deleteGroup,
  ListGroups: listGroups,
  GetGroupId: getGroupId,
  CreateGroupMembership: createMembership,
  DeleteGroupMembership: deleteMembership,
  DescribeGroupMembership: describeMembership,
  GetGroupMembershipId: getMembershipId,
  ListGroupMemberships: listMemberships,
  ListGroupMembershipsForMember: listMembershipsForMember,
  IsMemberInGroups: isMemberInGroups,
};
