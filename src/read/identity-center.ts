/**
 * Reads IAM Identity Center: the instance, permission sets with all their policies, users, groups,
 * memberships, every account assignment, and which provisioned permission sets are out of date.
 *
 * No API lists all assignments. They are read either per provisioned (account, permission set) pair
 * (`ListAccountAssignments`) or per principal (`ListAccountAssignmentsForPrincipal`, management account
 * only), whichever needs fewer calls for this organization: the pairs are counted first (one
 * `ListAccountsForProvisionedPermissionSet` walk per permission set), then compared with users + groups
 * (docs/aws-limits.md#reading-assignments).
 */
import { paginateListInstances } from '@aws-sdk/client-sso-admin';
import type { ClientFactory } from '../aws/clients.js';
import type { Gap, SnapshotIdentityCenter } from '../model/snapshot.js';
import { readOrGap } from './gaps.js';
import {
  assembleIdentityCenter,
  chooseStrategy,
  collect,
  readAssignmentsPerPair,
  readAssignmentsPerPrincipal,
  readIdentityStorePart,
  readSsoAdminPart,
  type AssignmentStrategy,
  type IdentityCenterReadContext,
} from './identity-center-sections.js';
import type { ReadOptions } from './options.js';

export type { AssignmentStrategy } from './identity-center-sections.js';

export interface IdentityCenterRead {
  identityCenter: SnapshotIdentityCenter | null;
  /** How assignments were read, and the counts that decided it. */
  strategy: { chosen: AssignmentStrategy; pairs: number; principals: number } | null;
}

export async function readIdentityCenter(
  factory: ClientFactory,
  gaps: Gap[],
  context: { callerIsManagementAccount: boolean },
  options: ReadOptions = {},
): Promise<IdentityCenterRead> {
  const client = factory.ssoAdmin();
  const ids = factory.identityStore();
  const instances = await readOrGap(gaps, 'identityCenter', () =>
    collect(paginateListInstances({ client }, {}), (p) => p.Instances),
  );
  const instance = instances?.[0];
  if (!instance?.InstanceArn || !instance.IdentityStoreId) return { identityCenter: null, strategy: null };
  const ctx: IdentityCenterReadContext = {
    client,
    ids,
    gaps,
    concurrency: options.concurrency ?? 8,
    progress: options.onProgress ?? (() => undefined),
    instanceArn: instance.InstanceArn,
    identityStoreId: instance.IdentityStoreId,
  };

  // SSO Admin (permission sets, provisioned pairs) and Identity Store (users, groups) are separate
  // rate buckets: read them side by side.
  const [all, identityStore] = await Promise.all([readSsoAdminPart(ctx), readIdentityStorePart(ctx)]);
  const only = options.assignmentsOf && new Set(options.assignmentsOf);
  const ssoAdmin = only ? { ...all, pairs: all.pairs.filter((p) => only.has(p.accountId)) } : all;
  const principals = identityStore.users.length + identityStore.groups.length;
  const pairs = ssoAdmin.pairs.length;
  // A few accounts: their own pairs are always fewer calls than every principal's assignments.
  const chosen = only ? 'per-pair' : chooseStrategy(context.callerIsManagementAccount, principals, pairs);
  const found =
    chosen === 'per-pair'
      ? await readAssignmentsPerPair(ctx, ssoAdmin.pairs)
      : await readAssignmentsPerPrincipal(ctx, identityStore);
  return {
    identityCenter: assembleIdentityCenter(ctx, ssoAdmin, identityStore, found),
    strategy: { chosen, pairs, principals },
  };
}
