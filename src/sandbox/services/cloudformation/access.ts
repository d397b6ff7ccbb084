/**
 * Who a StackSets call acts for, and the organization rules of service-managed stack sets:
 *
 * - `CallAs SELF` (the default) acts on the caller's own stack sets.
 * - `CallAs DELEGATED_ADMIN` is for a member account registered as delegated administrator for
 *   `member.org.stacksets.cloudformation.amazonaws.com`; it acts on the service-managed stack sets of the
 *   management account (where AWS keeps them) and sees no self-managed ones.
 * - Service-managed stack sets need trusted access for StackSets in the organization, and the caller to
 *   be the management account (SELF) or such a delegated administrator.
 *
 * Organization data is read from the Organizations state (trusted access, delegated administrators,
 * the OU tree), never written.
 */
import { AwsError } from '../../errors.js';
import { optString, type Input } from '../../input.js';
import type { CallContext } from '../../service.js';
import { ensureAccount, type World } from '../../world.js';
import { hasTrustedAccess, orgStanding } from '../../shared/org-access.js';
import { organizationOf, type OrganizationState } from '../organizations/state.js';
import { cfnState, peekCfn, upgradeStackSet, type CfnRegionState, type StackSetState } from './state.js';

export const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

export interface Scope {
  /** The account whose stack sets the call reads and writes. */
  accountId: string;
  region: string;
  delegated: boolean;
}

export const validationError = (message: string) => new AwsError('ValidationError', message);

export const stackSetNotFound = (name: string) =>
  new AwsError('StackSetNotFoundException', `StackSet ${name} not found`, { status: 404 });

const notDelegatedAdmin = () => validationError('Account used is not a delegated administrator');

/** The scope named by the call's `CallAs`. */
export function scopeOf(ctx: CallContext, input: Input): Scope {
  const callAs = optString(input, 'CallAs', { oneOf: ['SELF', 'DELEGATED_ADMIN'] }) ?? 'SELF';
  if (callAs === 'SELF') return { accountId: ctx.caller.accountId, region: ctx.region, delegated: false };
  const standing = orgStanding(ctx.world, ctx.caller.accountId, STACKSETS_PRINCIPAL);
  if (standing?.role !== 'delegated-admin') throw notDelegatedAdmin();
  return { accountId: standing.org.managementAccountId, region: ctx.region, delegated: true };
}

/** The organization a service-managed stack set is operated in, after AWS's checks. */
export function requireServiceManagedAccess(ctx: CallContext, scope: Scope): OrganizationState {
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  const standing = org && orgStanding(ctx.world, ctx.caller.accountId, STACKSETS_PRINCIPAL);
  const allowed = scope.delegated ? standing?.role === 'delegated-admin' : standing?.role === 'management';
  if (!org || !allowed)
    throw validationError(
      'You must be the management account or delegated admin account of an organization before operating a SERVICE_MANAGED stack set',
    );
  if (!hasTrustedAccess(org, STACKSETS_PRINCIPAL))
    throw validationError('You must enable organizations access to operate a service managed stack set');
  return org;
}

/** The scope's stack-set state, created on first write. */
export function writableState(ctx: CallContext, scope: Scope): CfnRegionState {
  return cfnState(ensureAccount(ctx.world, scope.accountId, ctx.now), scope.region);
}

export function peekState(world: World, scope: Scope): CfnRegionState | undefined {
  const state = peekCfn(world.accounts[scope.accountId], scope.region);
  if (state) state.deleted ??= [];
  return state;
}

const visible = (scope: Scope, set: StackSetState) =>
  !scope.delegated || set.permissionModel === 'SERVICE_MANAGED';

/**
 * The ACTIVE stack set a call names, by name or StackSetId (`name:uuid`); with `includeDeleted`, a
 * deleted one named by its StackSetId too.
 */
export function findStackSet(
  world: World,
  scope: Scope,
  nameOrId: string,
  includeDeleted = false,
): StackSetState | undefined {
  const state = peekState(world, scope);
  if (!state) return undefined;
  const [name, uuid] = nameOrId.split(':', 2) as [string, string | undefined];
  const active = state.stackSets[name];
  if (active && (uuid === undefined || upgradeStackSet(active).uuid === uuid))
    return visible(scope, active) ? upgradeStackSet(active) : undefined;
  if (includeDeleted && uuid !== undefined) {
    const gone = state.deleted.find((s) => s.name === name && upgradeStackSet(s).uuid === uuid);
    if (gone && visible(scope, gone)) return gone;
  }
  return undefined;
}

/** Accounts of the organization under an OU or the root (nested OUs included); ACTIVE members only. */
export class OrgTree {
  private readonly accountsByParent = new Map<string, string[]>();
  private readonly ousByParent = new Map<string, string[]>();

  constructor(readonly org: OrganizationState) {
    for (const member of Object.values(org.members)) {
      if (member.state !== 'ACTIVE') continue;
      const list = this.accountsByParent.get(member.parentId) ?? [];
      list.push(member.accountId);
      this.accountsByParent.set(member.parentId, list);
    }
    for (const ou of Object.values(org.ous)) {
      const list = this.ousByParent.get(ou.parentId) ?? [];
      list.push(ou.id);
      this.ousByParent.set(ou.parentId, list);
    }
  }

  exists(id: string): boolean {
    return id === this.org.root.id || this.org.ous[id] !== undefined;
  }

  /**
   * The accounts a service-managed deployment to `id` reaches: every ACTIVE account below it, except
   * the management account, which service-managed stack sets never deploy to.
   */
  accountsUnder(id: string): string[] {
    if (!this.exists(id)) return [];
    const out: string[] = [];
    const walk = (parent: string) => {
      for (const account of this.accountsByParent.get(parent) ?? [])
        if (account !== this.org.managementAccountId) out.push(account);
      for (const child of this.ousByParent.get(parent) ?? []) walk(child);
    };
    walk(id);
    return out;
  }

  /** The account's direct parent (root or OU), if it is an ACTIVE member. */
  parentOf(accountId: string): string | undefined {
    const member = this.org.members[accountId];
    return member?.state === 'ACTIVE' ? member.parentId : undefined;
  }
}
