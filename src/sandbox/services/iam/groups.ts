/** IAM groups and their members. Membership is kept on each user (`UserState.groups`). */
import type { Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import {
  date,
  deleteConflict,
  entityAlreadyExists,
  groupArn,
  iamAccount,
  iamPage,
  limitExceeded,
  newIamId,
  noSuchEntity,
  optPath,
  optPathPrefix,
  reqName,
  requireGroup,
  requireUser,
} from './common.js';
import { iamOf, type GroupState } from './state.js';
import { nameTaken, userOutput } from './users.js';

export const GROUPS_QUOTA = 300;
export const GROUPS_PER_USER = 10;

function groupOutput(account: AccountRecord, group: GroupState) {
  return {
    Path: group.path,
    GroupName: group.groupName,
    GroupId: group.groupId,
    Arn: groupArn(account.id, group),
    CreateDate: date(group.createDate),
  };
}

function membersOf(account: AccountRecord, groupName: string) {
  return Object.values(iamOf(account).users).filter((u) => u.groups.includes(groupName));
}

const createGroup: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const groupName = reqName(input, 'GroupName');
  const path = optPath(input) ?? '/';
  if (nameTaken(iamOf(account).groups, groupName))
    throw entityAlreadyExists(`Group with name ${groupName} already exists.`);
  if (Object.keys(iamOf(account).groups).length >= GROUPS_QUOTA)
    throw limitExceeded(`Cannot exceed quota for GroupsPerAccount: ${GROUPS_QUOTA}`);
  const group: GroupState = {
    groupName,
    groupId: newIamId(ctx, 'AGPA'),
    path,
    createDate: ctx.now.toISOString(),
    attachedPolicies: [],
    inlinePolicies: {},
  };
  iamOf(account).groups[groupName] = group;
  return { Group: groupOutput(account, group) };
};

const getGroup: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const group = requireGroup(account, reqName(input, 'GroupName'));
  const page = iamPage(ctx, input, membersOf(account, group.groupName), `GetGroup:${group.groupName}`);
  return {
    Group: groupOutput(account, group),
    Users: page.items.map((u) => userOutput(account, u)),
    ...page.meta,
  };
};

const listGroups: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const prefix = optPathPrefix(input);
  const all = Object.values(iamOf(account).groups);
  const groups = prefix ? all.filter((g) => g.path.startsWith(prefix)) : all;
  const page = iamPage(ctx, input, groups, `ListGroups:${prefix ?? ''}`);
  return { Groups: page.items.map((g) => groupOutput(account, g)), ...page.meta };
};

const deleteGroup: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const group = requireGroup(account, reqName(input, 'GroupName'));
  if (membersOf(account, group.groupName).length > 0)
    throw deleteConflict('Cannot delete entity, must remove users from group first.');
  if (Object.keys(group.inlinePolicies).length > 0)
    throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (group.attachedPolicies.length > 0)
    throw deleteConflict('Cannot delete entity, must detach all policies first.');
  delete iamOf(account).groups[group.groupName];
  return {};
};

const addUserToGroup: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const group = requireGroup(account, reqName(input, 'GroupName'));
  const user = requireUser(account, reqName(input, 'UserName'));
  if (user.groups.includes(group.groupName)) return {};
  if (user.groups.length >= GROUPS_PER_USER)
    throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`);
  user.groups.push(group.groupName);
  return {};
};

const removeUserFromGroup: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const group = requireGroup(account, reqName(input, 'GroupName'));
  const user = requireUser(account, reqName(input, 'UserName'));
  if (!user.groups.includes(group.groupName))
    throw noSuchEntity(`The user with name ${user.userName} cannot be found in group ${group.groupName}.`);
  user.groups = user.groups.filter((g) => g !== group.groupName);
  return {};
};

const listGroupsForUser: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const user = requireUser(account, reqName(input, 'UserName'));
  const groups = user.groups
    .map((name) => iamOf(account).groups[name])
    .filter((g): g is GroupState => g !== undefined);
  const page = iamPage(ctx, input, groups, `ListGroupsForUser:${user.userName}`);
  return { Groups: page.items.map((g) => groupOutput(account, g)), ...page.meta };
};

export const groupOperations: Record<string, Handler> = {
  CreateGroup: createGroup,
  GetGroup: getGroup,
  ListGroups: listGroups,
  DeleteGroup: deleteGroup,
  AddUserToGroup: addUserToGroup,
  RemoveUserFromGroup: removeUserFromGroup,
  ListGroupsForUser: listGroupsForUser,
};
