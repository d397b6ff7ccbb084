/** Who may use an Identity Center instance or identity store: its organization's management account or delegated administrator. */
import { AwsError } from '../../errors.js';
import { optInt, optString, type Input } from '../../input.js';
import { HEX, randomString } from '../../rng.js';
import type { CallContext } from '../../service.js';
import { organizationOf } from '../../world.js';
import type { IdentityStoreState, InstanceState } from '../sso-admin/state.js';

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
  const org = ctx.world.organizations[organizationId];
  if (!org) return false;
  return (
    org.managementAccountId === ctx.caller.accountId ||
    org.delegatedAdmins.some(
      (d) => d.accountId === ctx.caller.accountId && d.servicePrincipal === SSO_PRINCIPAL,
    )
  );
}

/**
 * The organization instance for the caller's organization. It exists once the organization does (the
 * sandbox treats Identity Center as enabled; see SPEC.md), created on first use.
 */
export function instanceForCaller(ctx: CallContext): InstanceState | undefined {
  const org = organizationOf(ctx.world, ctx.caller.accountId);
  if (!org || !isAdministrator(ctx, org.id)) return undefined;
  const existing = Object.values(ctx.world.ssoInstances).find((i) => i.organizationId === org.id);
  if (existing) return existing;
  const instanceArn = `arn:aws:sso:::instance/ssoins-${randomString(ctx.world, HEX, 16)}`;
  const identityStoreId = `d-${randomString(ctx.world, HEX, 10)}`;
  const instance: InstanceState = {
    instanceArn,
    identityStoreId,
    organizationId: org.id,
    ownerAccountId: org.managementAccountId,
    createdDate: ctx.now.toISOString(),
    status: 'ACTIVE',
    permissionSets: {},
    assignments: [],
    provisioned: {},
    requests: {},
  };
  ctx.world.ssoInstances[instanceArn] = instance;
  ctx.world.identityStores[identityStoreId] = { identityStoreId, users: {}, groups: {}, memberships: {} };
  return instance;
}

export function requireInstance(ctx: CallContext, instanceArn: string): InstanceState {
  const instance =
    ctx.world.ssoInstances[instanceArn] ??
    (instanceForCaller(ctx)?.instanceArn === instanceArn ? ctx.world.ssoInstances[instanceArn] : undefined);
  if (!instance) throw notFound(`Could not find Identity Center instance ${instanceArn}`);
  if (!isAdministrator(ctx, instance.organizationId)) throw accessDenied();
  return instance;
}

export function requireStore(ctx: CallContext, identityStoreId: string): IdentityStoreState {
  instanceForCaller(ctx);
  const store = ctx.world.identityStores[identityStoreId];
  const instance = Object.values(ctx.world.ssoInstances).find((i) => i.identityStoreId === identityStoreId);
  if (!store || !instance) {
    throw notFound(`Identity store ${identityStoreId} not found`, {
      ResourceType: 'IDENTITY_STORE',
      ResourceId: identityStoreId,
      RequestId: ctx.requestId,
    });
  }
  if (!isAdministrator(ctx, instance.organizationId)) throw accessDenied();
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
