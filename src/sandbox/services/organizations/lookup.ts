/** Shared lookups and guards: the caller's organization, the management-account rule, targets and parents. */
import { optInt, optString } from '../../input.js';
import type { CallContext } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import type { MemberState, OrganizationState, OuState } from './state.js';
import { accessDenied, accountNotFound, invalidInput, notInUse, targetNotFound } from './errors.js';
import { organizationsOf } from './state.js';

export const MAX_OU_DEPTH = 5;
export const PAGE = {
  max: 20,
  defaultSize: 20,
  invalidToken: () => invalidInput('INVALID_NEXT_TOKEN', 'You specified an invalid value for nextToken.'),
};

/** The caller's organization (any member may read some things). */
export function orgOf(ctx: CallContext): OrganizationState {
  const id = ctx.world.accounts[ctx.caller.accountId]?.organizationId;
  const org = id ? organizationsOf(ctx.world)[id] : undefined;
  if (!org) throw notInUse();
  return org;
}

/** The caller's organization, when the caller is its management account. */
export function managedOrg(ctx: CallContext): OrganizationState {
  const org = orgOf(ctx);
  if (org.managementAccountId !== ctx.caller.accountId) throw accessDenied();
  return org;
}

export function isDelegatedAdmin(org: OrganizationState, accountId: string): boolean {
  return org.delegatedAdmins.some((d) => d.accountId === accountId);
}

/**
 * The caller's organization for the read operations AWS opens to "the management account or a member
 * account that is a delegated administrator" (for any service).
 */
export function readableOrg(ctx: CallContext): OrganizationState {
  const org = orgOf(ctx);
  if (org.managementAccountId !== ctx.caller.accountId && !isDelegatedAdmin(org, ctx.caller.accountId))
    throw accessDenied();
  return org;
}

export type Target =
  | { kind: 'ROOT'; id: string; name: string }
  | { kind: 'ORGANIZATIONAL_UNIT'; id: string; name: string; ou: OuState }
  | { kind: 'ACCOUNT'; id: string; name: string; member: MemberState };

export function findTarget(ctx: CallContext, org: OrganizationState, id: string): Target | undefined {
  if (id === org.root.id) return { kind: 'ROOT', id, name: org.root.name };
  const ou = org.ous[id];
  if (ou) return { kind: 'ORGANIZATIONAL_UNIT', id, name: ou.name, ou };
  const member = org.members[id];
  if (member) return { kind: 'ACCOUNT', id, name: ctx.world.accounts[id]?.name ?? id, member };
  return undefined;
}

export function requireTarget(ctx: CallContext, org: OrganizationState, id: string): Target {
  const target = findTarget(ctx, org, id);
  if (!target) throw targetNotFound(id);
  return target;
}

export function requireMember(
  ctx: CallContext,
  org: OrganizationState,
  id: string,
): { member: MemberState; account: AccountRecord } {
  const member = org.members[id];
  const account = ctx.world.accounts[id];
  if (!member || !account) throw accountNotFound(id);
  return { member, account };
}

/** Levels below the root: a top-level OU is 1. */
export function depthOf(org: OrganizationState, ouId: string): number {
  let depth = 0;
  for (let id = ouId; id !== org.root.id; id = org.ous[id]?.parentId ?? org.root.id) depth++;
  return depth;
}

/** `o-…/r-…/ou-…/` as Organizations writes `Path`. */
export function pathOf(org: OrganizationState, parentId: string): string {
  const ids: string[] = [];
  for (let id = parentId; id !== org.root.id; id = org.ous[id]?.parentId ?? org.root.id) ids.unshift(id);
  return `${org.id}/${org.root.id}/${ids.map((i) => `${i}/`).join('')}`;
}

export function isParent(org: OrganizationState, id: string): boolean {
  return id === org.root.id || org.ous[id] !== undefined;
}

/** One page of an Organizations listing (MaxResults 1–20, default 20; NextToken). */
export function pageOf<T>(
  ctx: CallContext,
  items: readonly T[],
  input: { MaxResults?: number; NextToken?: string },
  scope: string,
) {
  const size = optInt(input, 'MaxResults', { min: 1, max: 20 });
  return ctx.page(items, optString(input, 'NextToken'), size, scope, PAGE);
}
