/**
 * Managed-policy attachments and inline policies, one implementation for users, groups and roles:
 * Attach/Detach<Entity>Policy, ListAttached<Entity>Policies, Put/Get/Delete/List<Entity>Policy (and
 * ...Policies). Each entity kind is described once by an {@link EntityKind}.
 */
import { AwsError } from '../../errors.js';
import { optString, reqString, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import {
  iamAccount,
  iamPage,
  limitExceeded,
  noSuchEntity,
  policyNameRules,
  requireGroup,
  requireRole,
  requireUser,
  roleNameRules,
  lookupNameRules,
} from './common.js';
import { checkPolicySize, encodeDocument, parsePolicyDocument, policySize } from './policy-documents.js';
import { findPolicy, policyNameOf, policyPathOf } from './policies.js';
import type { GroupState, RoleState, UserState } from './state.js';

export const ATTACHED_POLICIES_PER_ENTITY = 10;

export interface PolicyHolder {
  attachedPolicies: string[];
  inlinePolicies: Record<string, string>;
}

interface EntityKind {
  /** `User`, `Group`, `Role`: operation names and messages. */
  kind: 'User' | 'Group' | 'Role';
  nameMember: 'UserName' | 'GroupName' | 'RoleName';
  find(account: AccountRecord, name: string): PolicyHolder;
  /** Inline policies: the aggregate size quota (`UserPolicySize` ...). */
  inlineQuota: number;
  /** Refuses changes to entities IAM will not modify (protected roles). */
  checkModifiable?(holder: PolicyHolder): void;
  nameRules: typeof lookupNameRules;
}

/** UnmodifiableEntity for roles that AWS services own (Identity Center's AWSReservedSSO_* ...). */
export function checkRoleModifiable(role: RoleState): void {
  if (role.protected)
    throw new AwsError(
      'UnmodifiableEntity',
      `Cannot perform the operation on the protected role '${role.roleName}' - this role is only modifiable by AWS`,
      { status: 400 },
    );
}

const USER: EntityKind = {
  kind: 'User',
  nameMember: 'UserName',
  find: (account, name): UserState => requireUser(account, name),
  inlineQuota: 2048,
  nameRules: lookupNameRules,
};
const GROUP: EntityKind = {
  kind: 'Group',
  nameMember: 'GroupName',
  find: (account, name): GroupState => requireGroup(account, name),
  inlineQuota: 5120,
  nameRules: lookupNameRules,
};
const ROLE: EntityKind = {
  kind: 'Role',
  nameMember: 'RoleName',
  find: (account, name): RoleState => requireRole(account, name),
  inlineQuota: 10240,
  checkModifiable: (holder) => checkRoleModifiable(holder as RoleState),
  nameRules: roleNameRules,
};

function holderOf(ctx: CallContext, input: Input, entity: EntityKind) {
  const account = iamAccount(ctx);
  const name = reqString(input, entity.nameMember, entity.nameRules);
  return { account, name, holder: entity.find(account, name) };
}

function attach(entity: EntityKind): Handler {
  return (ctx, input) => {
    const { account, holder } = holderOf(ctx, input, entity);
    const arn = reqString(input, 'PolicyArn', { min: 20, max: 2048 });
    entity.checkModifiable?.(holder);
    const policy = findPolicy(account, arn);
    if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    if (!policy.attachable)
      throw new AwsError('PolicyNotAttachable', `Policy ${arn} is not attachable.`, { status: 400 });
    if (holder.attachedPolicies.includes(arn)) return {};
    if (holder.attachedPolicies.length >= ATTACHED_POLICIES_PER_ENTITY)
      throw limitExceeded(
        `Cannot exceed quota for PoliciesPer${entity.kind}: ${ATTACHED_POLICIES_PER_ENTITY}`,
      );
    holder.attachedPolicies.push(arn);
    return {};
  };
}

function detach(entity: EntityKind): Handler {
  return (ctx, input) => {
    const { holder } = holderOf(ctx, input, entity);
    const arn = reqString(input, 'PolicyArn', { min: 20, max: 2048 });
    entity.checkModifiable?.(holder);
    if (!holder.attachedPolicies.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
    holder.attachedPolicies = holder.attachedPolicies.filter((a) => a !== arn);
    return {};
  };
}

function listAttached(entity: EntityKind): Handler {
  return (ctx, input) => {
    const { name, holder } = holderOf(ctx, input, entity);
    const prefix = optString(input, 'PathPrefix', { min: 1, max: 512 });
    const arns = prefix
      ? holder.attachedPolicies.filter((a) => policyPathOf(a).startsWith(prefix))
      : holder.attachedPolicies;
    const page = iamPage(ctx, input, arns, `ListAttached${entity.kind}Policies:${name}:${prefix ?? ''}`);
    return {
      AttachedPolicies: page.items.map((arn) => ({ PolicyName: policyNameOf(arn), PolicyArn: arn })),
      ...page.meta,
    };
  };
}

function putInline(entity: EntityKind): Handler {
  return (ctx, input) => {
    const { holder } = holderOf(ctx, input, entity);
    const policyName = reqString(input, 'PolicyName', policyNameRules);
    const document = reqString(input, 'PolicyDocument', { min: 1, max: 131072 });
    entity.checkModifiable?.(holder);
    parsePolicyDocument(document, 'identity');
    let total = policySize(document);
    for (const [name, text] of Object.entries(holder.inlinePolicies))
      if (name !== policyName) total += policySize(text);
    checkPolicySize(total, `${entity.kind}PolicySize`, entity.inlineQuota);
    holder.inlinePolicies[policyName] = document;
    return {};
  };
}

function requireInline(entity: EntityKind, holder: PolicyHolder, policyName: string): string {
  const document = Object.hasOwn(holder.inlinePolicies, policyName)
    ? holder.inlinePolicies[policyName]
    : undefined;
  if (document === undefined)
    throw noSuchEntity(`The ${entity.kind.toLowerCase()} policy with name ${policyName} cannot be found.`);
  return document;
}

function getInline(entity: EntityKind): Handler {
  return (ctx, input) => {
    const { name, holder } = holderOf(ctx, input, entity);
    const policyName = reqString(input, 'PolicyName', policyNameRules);
    const document = requireInline(entity, holder, policyName);
    return { [entity.nameMember]: name, PolicyName: policyName, PolicyDocument: encodeDocument(document) };
  };
}

function deleteInline(entity: EntityKind): Handler {
  return (ctx, input) => {
    const { holder } = holderOf(ctx, input, entity);
    const policyName = reqString(input, 'PolicyName', policyNameRules);
    entity.checkModifiable?.(holder);
    requireInline(entity, holder, policyName);
    delete holder.inlinePolicies[policyName];
    return {};
  };
}

function listInline(entity: EntityKind): Handler {
  return (ctx, input) => {
    const { name, holder } = holderOf(ctx, input, entity);
    const page = iamPage(
      ctx,
      input,
      Object.keys(holder.inlinePolicies),
      `List${entity.kind}Policies:${name}`,
    );
    return { PolicyNames: page.items, ...page.meta };
  };
}

function operationsFor(entity: EntityKind): Record<string, Handler> {
  const k = entity.kind;
  return {
    [`Attach${k}Policy`]: attach(entity),
    [`Detach${k}Policy`]: detach(entity),
    [`ListAttached${k}Policies`]: listAttached(entity),
    [`Put${k}Policy`]: putInline(entity),
    [`Get${k}Policy`]: getInline(entity),
    [`Delete${k}Policy`]: deleteInline(entity),
    [`List${k}Policies`]: listInline(entity),
  };
}

export const attachmentOperations: Record<string, Handler> = {
  ...operationsFor(USER),
  ...operationsFor(GROUP),
  ...operationsFor(ROLE),
};
