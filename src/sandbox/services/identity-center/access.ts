/** Who may use an Identity Center instance or identity store: its organization's management account or delegated administrator. */
import { createHash } from 'node:crypto';
import { AwsError } from '../../errors.js';
import { optInt, optString, type Input } from '../../input.js';
import { defaultIsMutating, type CallContext } from '../../service.js';
import { organizationOf, organizationsOf, type OrganizationState } from '../organizations/state.js';
import type { World } from '../../world.js';
import { identityStoresOf, type IdentityStoreState, type InstanceState, ssoInstancesOf } from './state.js';

export const SSO_PRINCIPAL = 'sso.amazonaws.com';

export const accessDenied = (message = 'User is not authorized to perform this action.') =>
  new AwsError('AccessDeniedException', message);
export const notFound = (message: string, extras: Record<string, unknown> = {}) =>
  new AwsError('ResourceNotFoundException', message, { extras });
export const validation = (message: string) => new AwsError('ValidationException', message);
export const quotaExceeded = (message: string) => new AwsError('ServiceQuotaExceededException', message);
export const conflict = (message: string, extras: Record<string, unknown> = {}) =>
  new AwsError('ConflictException', message, { extras });

/** True when the caller manages Identity Center for its organization. */
function isAdministrator(ctx: CallContext, organizationId: string): boolean {
  const org = organizationsOf(ctx.world)[organizationId];
  if (!org) return false;
  return (
    org.managementAccountId === ctx.caller.accountId ||
    org.delegatedAdmins.some(
      (d) => d.accountId === ctx.caller.accountId && d.servicePrincipal === SSO_PRINCIPAL,
    )
  );
}

/** A hex digest of `text`, `length` digits long. */
function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * The organization instance Identity Center has once enabled for `org` (the sandbox treats it as enabled
 * with the organization; see SPEC.md), new and unsaved. Its ARN and identity store id are derived from the
 * organization id, so every call before the first write answers the instance that write stores
 * ({@link used}), and a world document's `identityStore` member stores the same one.
 */
function enabledInstance(org: OrganizationState): InstanceState {
  return {
    instanceArn: `arn:aws:sso:::instance/ssoins-${digest(`sso:instance:${org.id}`, 16)}`,
    identityStoreId: `d-${digest(`sso:identity-store:${org.id}`, 10)}`,
    organizationId: org.id,
    ownerAccountId: org.managementAccountId,
    createdDate: org.createdAt,
    status: 'ACTIVE',
    permissionSets: {},
    assignments: [],
    provisioned: {},
    requests: {},
  };
}

const emptyStore = (identityStoreId: string): IdentityStoreState => ({
  identityStoreId,
  users: {},
  groups: {},
  memberships: {},
});

/** The organization instance of `org`: the stored one, else the enabled one ({@link enabledInstance}), unsaved. */
function organizationInstance(ctx: CallContext, org: OrganizationState): InstanceState {
  const existing = Object.values(ssoInstancesOf(ctx.world)).find((i) => i.organizationId === org.id);
  if (existing) return existing;
  const instance = enabledInstance(org);
  unsavedStores.set(instance, emptyStore(instance.identityStoreId));
  return instance;
}

/** The identity store of `org`'s instance as it is, or as it would be stored (new, empty, unsaved). */
export function organizationStore(world: World, org: OrganizationState): IdentityStoreState {
  const stored = Object.values(ssoInstancesOf(world)).find((i) => i.organizationId === org.id);
  const id = (stored ?? enabledInstance(org)).identityStoreId;
  return identityStoresOf(world)[id] ?? emptyStore(id);
}

/**
 * The organization instance of `org` and its identity store, stored as the first write through the API
 * stores them (for world documents, which write without a call).
 */
export function storedOrganizationInstance(
  world: World,
  org: OrganizationState,
): { instance: InstanceState; store: IdentityStoreState } {
  const instances = ssoInstancesOf(world);
  let instance = Object.values(instances).find((i) => i.organizationId === org.id);
  if (!instance) {
    instance = enabledInstance(org);
    instances[instance.instanceArn] = instance;
  }
  const store = (identityStoresOf(world)[instance.identityStoreId] ??= emptyStore(instance.identityStoreId));
  return { instance, store };
}

/** The (empty) identity store of each unsaved instance. */
const unsavedStores = new WeakMap<InstanceState, IdentityStoreState>();

/**
 * An instance an administrator's call is about to use: an unsaved one is stored, with its identity store,
 * when the call is a write (`defaultIsMutating`, as for every SSO Admin and Identity Store operation). A
 * read leaves the world as it is.
 */
function used(ctx: CallContext, instance: InstanceState): InstanceState {
  const store = unsavedStores.get(instance);
  if (store && defaultIsMutating(ctx.operation) && !ssoInstancesOf(ctx.world)[instance.instanceArn]) {
    ssoInstancesOf(ctx.world)[instance.instanceArn] = instance;
    identityStoresOf(ctx.world)[instance.identityStoreId] ??= store;
    unsavedStores.delete(instance);
  }
  return instance;
}

/** The organization instance for the caller's organization, when the caller administers it. */
export function instanceForCaller(ctx: CallContext): InstanceState | undefined {
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  if (!org || !isAdministrator(ctx, org.id)) return undefined;
  return used(ctx, organizationInstance(ctx, org));
}

/** The instance that `match` picks: a stored one, else the caller's organization's unsaved one. */
function findInstance(ctx: CallContext, match: (i: InstanceState) => boolean): InstanceState | undefined {
  const stored = Object.values(ssoInstancesOf(ctx.world)).find(match);
  if (stored) return stored;
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  const own = org ? organizationInstance(ctx, org) : undefined;
  return own && match(own) ? own : undefined;
}

export function requireInstance(ctx: CallContext, instanceArn: string): InstanceState {
  const instance =
    ssoInstancesOf(ctx.world)[instanceArn] ?? findInstance(ctx, (i) => i.instanceArn === instanceArn);
  if (!instance) throw notFound(`Could not find Identity Center instance ${instanceArn}`);
  if (!isAdministrator(ctx, instance.organizationId)) throw accessDenied();
  return used(ctx, instance);
}

export function requireStore(ctx: CallContext, identityStoreId: string): IdentityStoreState {
  const instance = findInstance(ctx, (i) => i.identityStoreId === identityStoreId);
  const store = instance
    ? (identityStoresOf(ctx.world)[identityStoreId] ?? unsavedStores.get(instance))
    : undefined;
  if (!store || !instance) {
    throw notFound(`Identity store ${identityStoreId} not found`, {
      ResourceType: 'IDENTITY_STORE',
      ResourceId: identityStoreId,
      RequestId: ctx.requestId,
    });
  }
  if (!isAdministrator(ctx, instance.organizationId)) throw accessDenied();
  used(ctx, instance);
  return store;
}

/** One page of an Identity Center listing (MaxResults 1–100, default 100). */
export function page<T>(ctx: CallContext, items: readonly T[], input: Input, scope: string) {
  return ctx.page(
    items,
    optString(input, 'NextToken'),
    optInt(input, 'MaxResults', { min: 1, max: 100 }),
    scope,
    {
      max: 100,
      defaultSize: 100,
      invalidToken: () => validation('The NextToken is invalid.'),
    },
  );
}
