/**
 * IAM Identity Center state: `world.ssoInstances` (SSO Admin: one organization instance per
 * organization, by instance ARN) and `world.identityStores` (Identity Store: users, groups and
 * memberships, by identity store id `d-…`). Both members are declared on the world here and created by
 * the services' `prepareWorld` hooks or on first use.
 */
import type { World } from '../../world.js';
import type { Tag } from '../organizations/state.js';

declare module '../../world.js' {
  interface World {
    /** IAM Identity Center organization instances, by instance ARN (`services/identity-center/state.ts`). */
    ssoInstances: Record<string, InstanceState>;
    /** Identity stores, by identity store id (`services/identity-center/state.ts`). */
    identityStores: Record<string, IdentityStoreState>;
  }
}

export interface CustomerManagedPolicyRef {
  name: string;
  path: string;
}

export interface PermissionSetState {
  arn: string;
  name: string;
  description?: string;
  sessionDuration: string;
  relayState?: string;
  createdDate: string;
  tags: Tag[];
  inlinePolicy?: string;
  managedPolicies: string[];
  customerManagedPolicies: CustomerManagedPolicyRef[];
  permissionsBoundary?: {
    managedPolicyArn?: string;
    customerManagedPolicyReference?: CustomerManagedPolicyRef;
  };
  /** Bumped on every change; accounts record the version last provisioned to them. */
  version: number;
}

export interface AssignmentState {
  accountId: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
}

export interface AsyncRequestState {
  requestId: string;
  kind: 'create-assignment' | 'delete-assignment' | 'provision';
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  createdDate: string;
  failureReason?: string;
  /** Status calls answered IN_PROGRESS so far. */
  polls: number;
  assignment?: AssignmentState;
  permissionSetArn: string;
  accountId?: string;
}

export interface InstanceState {
  instanceArn: string;
  identityStoreId: string;
  organizationId: string;
  ownerAccountId: string;
  createdDate: string;
  name?: string;
  status: 'ACTIVE';
  permissionSets: Record<string, PermissionSetState>;
  assignments: AssignmentState[];
  /** accountId → permission set ARN → provisioned version */
  provisioned: Record<string, Record<string, number>>;
  requests: Record<string, AsyncRequestState>;
  /**
   * Ids of the requests still IN_PROGRESS, so that settling them before each call does not walk every
   * request ever made. Absent in older worlds: rebuilt from `requests`.
   */
  inProgressRequests?: string[];
}

/** Identity Store state (users, groups, memberships), by identity store id. */
export interface IdentityStoreUser {
  userId: string;
  userName: string;
  displayName?: string;
  name?: { givenName?: string; familyName?: string; formatted?: string };
  emails: Array<{ value: string; type?: string; primary?: boolean }>;
  externalIds: Array<{ issuer: string; id: string }>;
  createdAt: string;
  [extra: string]: unknown;
}

export interface IdentityStoreGroup {
  groupId: string;
  displayName: string;
  description?: string;
  externalIds: Array<{ issuer: string; id: string }>;
  createdAt: string;
}

export interface GroupMembershipState {
  membershipId: string;
  groupId: string;
  userId: string;
}

export interface IdentityStoreState {
  identityStoreId: string;
  users: Record<string, IdentityStoreUser>;
  groups: Record<string, IdentityStoreGroup>;
  memberships: Record<string, GroupMembershipState>;
}

/** Every Identity Center instance, by instance ARN. */
export function ssoInstancesOf(world: World): Record<string, InstanceState> {
  return (world.ssoInstances ??= {});
}

/** Every identity store, by identity store id. */
export function identityStoresOf(world: World): Record<string, IdentityStoreState> {
  return (world.identityStores ??= {});
}

/**
 * An account that left its organization loses every assignment of that organization's instance (AWS
 * removes them at once; the people lose access).
 */
export function forgetAccount(world: World, accountId: string, organizationId: string): void {
  for (const instance of Object.values(ssoInstancesOf(world))) {
    if (instance.organizationId !== organizationId) continue;
    instance.assignments = instance.assignments.filter((a) => a.accountId !== accountId);
    delete instance.provisioned[accountId];
  }
}
