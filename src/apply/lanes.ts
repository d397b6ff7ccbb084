/**
 * Which pool (lane) of concurrent work an operation belongs to, how many of each lane may run at once,
 * and which operations must not run beside each other at all.
 */
import type { Operation } from '../plan/operations.js';

export type Lane =
  | 'organizations'
  | 'accounts'
  | 'identitystore'
  | 'assignments'
  | 'sso-admin'
  | 'iam'
  | 'baseline'
  | 'baseline-accounts'
  | 'transfer'
  | 'budgets';

export const LANE_LIMITS: Record<Lane, number> = {
  organizations: 2,
  // AWS runs at most 5 account creations at a time; each op holds its slot until the account exists.
  accounts: 5,
  identitystore: 4,
  // Identity Center allows 15 outstanding asynchronous writes: assignment requests take them all, or 12
  // when the plan also provisions permission sets (the sso-admin lane may have 3 of those outstanding).
  assignments: 15,
  'sso-admin': 3,
  // IAM's rates are per account, so policies in different accounts go side by side; each op holds one
  // STS session and a few IAM calls.
  iam: 8,
  // Organization-wide baseline work: regional services side by side (their rates are per region).
  baseline: 8,
  // Each account's own baseline: one session and a few calls per region, rates per account and region.
  'baseline-accounts': 16,
  // Moving accounts: each step a few Organizations calls (their 5/s bucket is shared) or one session.
  transfer: 4,
  // Budgets live in one account; its calls share one (unpublished, about 5/s) bucket.
  budgets: 2,
};

export function laneOf(op: Operation): Lane {
  switch (op.kind) {
    case 'create-user':
    case 'update-user':
    case 'delete-user':
    case 'create-group':
    case 'delete-group':
    case 'add-group-member':
    case 'remove-group-member':
      return 'identitystore';
    case 'create-assignment':
    case 'delete-assignment':
      return 'assignments';
    case 'create-account':
      return 'accounts';
    case 'put-account-policy':
    case 'iam-user-step':
      return 'iam';
    case 'transfer-step':
      return 'transfer';
    case 'put-budget':
    case 'delete-budget':
      return 'budgets';
    case 'put-account-baseline':
    case 'verify-account-baseline':
      return 'baseline-accounts';
    case 'put-log-bucket':
    case 'put-organization-trail':
    case 'enable-service-administrator':
    case 'configure-guardduty-organization':
    case 'put-guardduty-filter':
    case 'delete-guardduty-filter':
    case 'configure-securityhub-central':
    case 'put-securityhub-policy':
    case 'delete-securityhub-policy':
    case 'put-config-aggregator':
    case 'put-conformance-pack':
    case 'delete-conformance-pack':
    case 'put-analyzer':
    case 'delete-analyzer':
    case 'put-stack-set':
    case 'delete-stack-set':
      return 'baseline';
    case 'create-permission-set':
    case 'update-permission-set':
    case 'put-inline-policy':
    case 'delete-inline-policy':
    case 'attach-managed-policy':
    case 'detach-managed-policy':
    case 'attach-customer-managed-policy':
    case 'detach-customer-managed-policy':
    case 'put-permissions-boundary':
    case 'delete-permissions-boundary':
    case 'delete-permission-set':
    case 'provision-permission-set':
      return 'sso-admin';
    default:
      return 'organizations';
  }
}

/**
 * Operations that must not run beside another with the same key: AWS updates one Identity Center role
 * per account at a time and answers ConflictException to a second request for that account meanwhile.
 */
export function exclusiveKey(op: Operation): string | undefined {
  if (op.kind === 'create-assignment' || op.kind === 'delete-assignment')
    return `account:${op.account.id ?? op.account.name}`;
  return undefined;
}

/**
 * The lane limits for a run of `operations`: the defaults, with the assignment lane leaving room for
 * provisioning when the plan provisions permission sets, then the caller's `overrides`.
 */
export function laneLimits(
  operations: readonly Operation[],
  overrides?: Partial<Record<Lane, number>>,
): Record<Lane, number> {
  const provisions = operations.some((op) => op.kind === 'provision-permission-set');
  return {
    ...LANE_LIMITS,
    ...(provisions ? { assignments: LANE_LIMITS.assignments - LANE_LIMITS['sso-admin'] } : {}),
    ...overrides,
  };
}
