/** IAM users: create, read, list, rename, delete, tags. */
import { AwsError } from '../../errors.js';
import { optString, reqString, stringList } from '../../input.js';
import type { Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import {
  date,
  deleteConflict,
  entityAlreadyExists,
  iamAccount,
  iamPage,
  inputTags,
  invalidInput,
  limitExceeded,
  mergeTags,
  newIamId,
  noSuchEntity,
  optDate,
  optPath,
  optPathPrefix,
  removeTags,
  reqName,
  requireUser,
  tagsOrUndefined,
  userArn,
  userNameRules,
} from './common.js';
import { findPolicy } from './policies.js';
import { subjectOf } from './root-session.js';
import { iamOf, serviceCredentialsOf, sshKeysOf, type UserState } from './state.js';

export const USERS_QUOTA = 5000;

export function permissionsBoundary(arn: string | undefined) {
  return arn === undefined
    ? undefined
    : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn };
}

/**
 * The `User` shape. The permissions boundary and tags only where AWS returns them (CreateUser, GetUser;
 * ListUsers, GetGroup and the other listings leave both out).
 */
export function userOutput(account: AccountRecord, user: UserState, full = false) {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: userArn(account.id, user),
    CreateDate: date(user.createDate),
    PasswordLastUsed: optDate(user.loginProfile?.passwordLastUsed),
    PermissionsBoundary: full ? permissionsBoundary(user.permissionsBoundary) : undefined,
    Tags: full ? tagsOrUndefined(user.tags) : undefined,
  };
}

/**
 * A policy that may serve as a permissions boundary: an AWS-managed policy of the catalogue or a customer
 * policy of the account (NoSuchEntity otherwise); the root-task policies are not attachable.
 */
export function checkBoundaryPolicy(account: AccountRecord, arn: string): void {
  if (!/^arn:aws:iam::(aws|\d{12}):policy\//.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
  const policy = findPolicy(account, arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  if (!policy.attachable)
    throw new AwsError('PolicyNotAttachable', `Policy ${arn} is not attachable.`, { status: 400 });
}

/** IAM names are unique without regard to case. */
export function nameTaken(names: Record<string, unknown>, name: string): boolean {
  if (Object.hasOwn(names, name)) return true;
  const lower = name.toLowerCase();
  for (const existing in names) if (existing.toLowerCase() === lower) return true;
  return false;
}

const createUser: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const userName = reqName(input, 'UserName', userNameRules);
  const path = optPath(input) ?? '/';
  const boundary = optString(input, 'PermissionsBoundary', { min: 20, max: 2048 });
  const tags = inputTags(input);
  const users = iamOf(account).users;
  if (nameTaken(users, userName)) throw entityAlreadyExists(`User with name ${userName} already exists.`);
  if (boundary !== undefined) checkBoundaryPolicy(account, boundary);
  if (Object.keys(users).length >= USERS_QUOTA)
    throw limitExceeded(`Cannot exceed quota for UsersPerAccount: ${USERS_QUOTA}`);
  const user: UserState = {
    userName,
    userId: newIamId(ctx, 'AIDA'),
    path,
    createDate: ctx.now.toISOString(),
    ...(boundary ? { permissionsBoundary: boundary } : {}),
    tags,
    accessKeys: [],
    signingCertificates: [],
    mfaSerials: [],
    groups: [],
    attachedPolicies: [],
    inlinePolicies: {},
    sshPublicKeys: [],
    serviceSpecificCredentials: [],
  };
  users[userName] = user;
  return { User: userOutput(account, user, true) };
};

const getUser: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  if (!subject.root) return { User: userOutput(subject.account, subject.user, true) };
  const { account } = subject;
  return {
    User: {
      Path: '/',
      UserName: subject.label,
      UserId: account.id,
      Arn: subject.arn,
      CreateDate: date(account.createdAt),
      PasswordLastUsed: optDate(iamOf(account).root.loginProfile?.passwordLastUsed),
    },
  };
};

const listUsers: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const prefix = optPathPrefix(input);
  const all = Object.values(iamOf(account).users);
  const users = prefix ? all.filter((u) => u.path.startsWith(prefix)) : all;
  const page = iamPage(ctx, input, users, `ListUsers:${prefix ?? ''}`);
  return { Users: page.items.map((u) => userOutput(account, u)), ...page.meta };
};

/**
 * Why a user cannot be deleted yet, in IAM's words, or undefined. Checked in the order of AWS's
 * documented deletion steps (DeleteUser): password, access keys, signing certificates, SSH public keys,
 * service-specific (Git) credentials, MFA devices, inline policies, managed policies, groups. A
 * permissions boundary does not block deletion.
 */
function deleteBlocker(user: UserState): string | undefined {
  if (user.loginProfile) return 'Cannot delete entity, must delete login profile first.';
  if (user.accessKeys.length > 0) return 'Cannot delete entity, must delete access keys first.';
  if (user.signingCertificates.length > 0)
    return 'Cannot delete entity, must delete signing certificates first.';
  if (sshKeysOf(user).length > 0) return 'Cannot delete entity, must delete SSH public keys first.';
  if (serviceCredentialsOf(user).length > 0)
    return 'Cannot delete entity, must delete service specific credentials first.';
  if (user.mfaSerials.length > 0) return 'Cannot delete entity, must delete MFA device first.';
  if (Object.keys(user.inlinePolicies).length > 0) return 'Cannot delete entity, must delete policies first.';
  if (user.attachedPolicies.length > 0) return 'Cannot delete entity, must detach all policies first.';
  if (user.groups.length > 0) return 'Cannot delete entity, must remove users from group first.';
  return undefined;
}

const deleteUser: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const user = requireUser(account, reqName(input, 'UserName'));
  const blocker = deleteBlocker(user);
  if (blocker) throw deleteConflict(blocker);
  delete iamOf(account).users[user.userName];
  return {};
};

const updateUser: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const user = requireUser(account, reqName(input, 'UserName'));
  const newName = optString(input, 'NewUserName', userNameRules);
  const newPath = optPath(input, 'NewPath');
  if (newPath !== undefined) user.path = newPath;
  if (newName !== undefined && newName !== user.userName) {
    const users = iamOf(account).users;
    if (nameTaken(users, newName)) throw entityAlreadyExists(`User with name ${newName} already exists.`);
    const oldName = user.userName;
    delete users[oldName];
    user.userName = newName;
    users[newName] = user;
    for (const key of user.accessKeys) {
      const record = ctx.world.credentials[key.accessKeyId];
      if (record?.kind === 'user') record.userName = newName;
    }
    for (const serial of user.mfaSerials) {
      const device = iamOf(account).mfaDevices[serial];
      if (device) device.user = newName;
    }
  }
  return {};
};

const putUserPermissionsBoundary: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const user = requireUser(account, reqName(input, 'UserName', userNameRules));
  const arn = reqString(input, 'PermissionsBoundary', { min: 20, max: 2048 });
  checkBoundaryPolicy(account, arn);
  user.permissionsBoundary = arn;
  return {};
};

/** Removing a boundary the user does not have succeeds (nothing to remove). */
const deleteUserPermissionsBoundary: Handler = (ctx, input) => {
  const user = requireUser(iamAccount(ctx), reqName(input, 'UserName', userNameRules));
  delete user.permissionsBoundary;
  return {};
};

const tagUser: Handler = (ctx, input) => {
  const user = requireUser(iamAccount(ctx), reqName(input, 'UserName'));
  user.tags = mergeTags(user.tags, inputTags(input));
  return {};
};

const untagUser: Handler = (ctx, input) => {
  const user = requireUser(iamAccount(ctx), reqName(input, 'UserName'));
  user.tags = removeTags(user.tags, stringList(input, 'TagKeys'));
  return {};
};

const listUserTags: Handler = (ctx, input) => {
  const user = requireUser(iamAccount(ctx), reqName(input, 'UserName'));
  const page = iamPage(ctx, input, user.tags, `ListUserTags:${user.userName}`);
  return { Tags: page.items, ...page.meta };
};

export const userOperations: Record<string, Handler> = {
  CreateUser: createUser,
  GetUser: getUser,
  ListUsers: listUsers,
  DeleteUser: deleteUser,
  UpdateUser: updateUser,
  PutUserPermissionsBoundary: putUserPermissionsBoundary,
  DeleteUserPermissionsBoundary: deleteUserPermissionsBoundary,
  TagUser: tagUser,
  UntagUser: untagUser,
  ListUserTags: listUserTags,
};
