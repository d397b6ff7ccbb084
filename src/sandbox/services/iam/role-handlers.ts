/** IAM roles: create, read, list, update, delete, tags. Protected roles (AWS-owned) refuse changes. */
import { optInt, optString, reqString, stringList, type Input } from '../../input.js';
import type { Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import { checkRoleModifiable } from './attachments.js';
import {
  date,
  deleteConflict,
  entityAlreadyExists,
  iamAccount,
  iamPage,
  inputTags,
  limitExceeded,
  mergeTags,
  optDate,
  optPath,
  optPathPrefix,
  removeTags,
  requireRole,
  roleArn,
  roleNameRules,
  tagsOrUndefined,
} from './common.js';
import {
  checkPolicySize,
  encodeDocument,
  parsePolicyDocument,
  policySize,
  TRUST_POLICY_SIZE,
} from './policy-documents.js';
import { newRoleId } from './roles.js';
import { iamOf, type RoleState } from './state.js';
import { nameTaken, permissionsBoundary } from './users.js';

export const ROLES_QUOTA = 1000;

const DESCRIPTION_RULES = { max: 1000, pattern: /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/ };
const MAX_SESSION = { min: 3600, max: 43200 };

export function roleOutput(account: AccountRecord, role: RoleState, detail: boolean) {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: roleArn(account.id, role),
    CreateDate: date(role.createDate),
    AssumeRolePolicyDocument: encodeDocument(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary: permissionsBoundary(role.permissionsBoundary),
    Tags: detail ? tagsOrUndefined(role.tags) : undefined,
    RoleLastUsed: detail
      ? { LastUsedDate: optDate(role.lastUsed?.date), Region: role.lastUsed?.region }
      : undefined,
  };
}

function trustDocument(input: Input, member: string): string {
  const document = reqString(input, member, { min: 1, max: 131072 });
  parsePolicyDocument(document, 'trust');
  checkPolicySize(policySize(document), 'ACLSizePerRole', TRUST_POLICY_SIZE);
  return document;
}

function roleNamed(input: Input, account: AccountRecord): RoleState {
  return requireRole(account, reqString(input, 'RoleName', roleNameRules));
}

const createRole: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const roleName = reqString(input, 'RoleName', roleNameRules);
  const path = optPath(input) ?? '/';
  const description = optString(input, 'Description', DESCRIPTION_RULES);
  const maxSessionDuration = optInt(input, 'MaxSessionDuration', MAX_SESSION) ?? 3600;
  const boundary = optString(input, 'PermissionsBoundary', { min: 20, max: 2048 });
  const tags = inputTags(input);
  const document = trustDocument(input, 'AssumeRolePolicyDocument');
  if (nameTaken(iamOf(account).roles, roleName))
    throw entityAlreadyExists(`Role with name ${roleName} already exists.`);
  if (Object.keys(iamOf(account).roles).length >= ROLES_QUOTA)
    throw limitExceeded(`Cannot exceed quota for RolesPerAccount: ${ROLES_QUOTA}`);
  const role: RoleState = {
    roleName,
    roleId: newRoleId(ctx.world),
    path,
    createDate: ctx.now.toISOString(),
    ...(description ? { description } : {}),
    maxSessionDuration,
    assumeRolePolicyDocument: document,
    ...(boundary ? { permissionsBoundary: boundary } : {}),
    tags,
    attachedPolicies: [],
    inlinePolicies: {},
  };
  iamOf(account).roles[roleName] = role;
  return { Role: { ...roleOutput(account, role, false), Tags: tagsOrUndefined(tags) } };
};

const getRole: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  return { Role: roleOutput(account, roleNamed(input, account), true) };
};

const listRoles: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const prefix = optPathPrefix(input);
  const all = Object.values(iamOf(account).roles);
  const roles = prefix ? all.filter((r) => r.path.startsWith(prefix)) : all;
  const page = iamPage(ctx, input, roles, `ListRoles:${prefix ?? ''}`);
  return { Roles: page.items.map((r) => roleOutput(account, r, false)), ...page.meta };
};

const deleteRole: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const role = roleNamed(input, account);
  checkRoleModifiable(role);
  if (role.attachedPolicies.length > 0)
    throw deleteConflict('Cannot delete entity, must detach all policies first.');
  if (Object.keys(role.inlinePolicies).length > 0)
    throw deleteConflict('Cannot delete entity, must delete policies first.');
  delete iamOf(account).roles[role.roleName];
  return {};
};

const updateAssumeRolePolicy: Handler = (ctx, input) => {
  const role = roleNamed(input, iamAccount(ctx));
  const document = trustDocument(input, 'PolicyDocument');
  checkRoleModifiable(role);
  role.assumeRolePolicyDocument = document;
  return {};
};

const updateRole: Handler = (ctx, input) => {
  const role = roleNamed(input, iamAccount(ctx));
  const description = optString(input, 'Description', DESCRIPTION_RULES);
  const maxSessionDuration = optInt(input, 'MaxSessionDuration', MAX_SESSION);
  checkRoleModifiable(role);
  if (description !== undefined) role.description = description;
  if (maxSessionDuration !== undefined) role.maxSessionDuration = maxSessionDuration;
  return {};
};

const updateRoleDescription: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const role = roleNamed(input, account);
  const description = reqString(input, 'Description', DESCRIPTION_RULES);
  checkRoleModifiable(role);
  role.description = description;
  return { Role: roleOutput(account, role, true) };
};

const tagRole: Handler = (ctx, input) => {
  const role = roleNamed(input, iamAccount(ctx));
  const tags = inputTags(input);
  checkRoleModifiable(role);
  role.tags = mergeTags(role.tags, tags);
  return {};
};

const untagRole: Handler = (ctx, input) => {
  const role = roleNamed(input, iamAccount(ctx));
  checkRoleModifiable(role);
  role.tags = removeTags(role.tags, stringList(input, 'TagKeys'));
  return {};
};

const listRoleTags: Handler = (ctx, input) => {
  const role = roleNamed(input, iamAccount(ctx));
  const page = iamPage(ctx, input, role.tags, `ListRoleTags:${role.roleName}`);
  return { Tags: page.items, ...page.meta };
};

export const roleOperations: Record<string, Handler> = {
  CreateRole: createRole,
  GetRole: getRole,
  ListRoles: listRoles,
  DeleteRole: deleteRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  UpdateRole: updateRole,
  UpdateRoleDescription: updateRoleDescription,
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
};
