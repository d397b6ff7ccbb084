/**
 * makePlan: Desired × OrgSnapshot → Plan. Pure: the same inputs give the same plan, byte for byte.
 * The plan records a fingerprint of the live state it was made from; apply refuses a saved plan when
 * the organization has changed since.
 */
import type { BudgetsState } from '../model/budgets.js';
import { diffBudgets } from './diff-budgets.js';
import type { Desired } from '../model/desired.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import type { AccountPolicyState } from '../model/account-policies.js';
import type { BaselineState } from '../model/baseline.js';
import { diffAccountPolicies } from './account-policies.js';
import { PlanBuilder } from './builder.js';
import { diffBaseline } from './diff-baseline.js';
import { diffIdentityCenter } from './diff-identity-center.js';
import { diffOrganization } from './diff-organization.js';
import { topologicalOrder } from './graph.js';
import { LiveView, targetLabel } from './live.js';
import type { Impact, Operation } from './operations.js';
import { jsonSha256 } from '../util/json.js';

export const PLAN_VERSION = 1;

export interface AccessChange {
  principal: { type: 'USER' | 'GROUP'; name: string };
  permissionSet: string;
  change: 'gains' | 'loses';
  accounts: string[];
}

export interface PolicyChange {
  policy: string;
  policyType: string;
  target: string;
  change: 'attached' | 'detached';
}

export interface Plan {
  version: typeof PLAN_VERSION;
  createdAt: string;
  /** sha256 of the live state the plan was made from (null when no organization existed). */
  fingerprint: string | null;
  /**
   * The organization part alone (organization, root, OUs, accounts, policies): a saved plan that
   * changes nothing in Identity Center is checked against it, without reading Identity Center again.
   */
  organizationFingerprint?: string | null;
  operations: Operation[];
  summary: Record<Impact, number> & { total: number };
  /** Plain-language consequences for reviewers. */
  access: AccessChange[];
  policies: PolicyChange[];
  /** Things the plan did not do, and why (unmanaged objects, settings it cannot change). */
  notes: string[];
}

/** The organization part of the live state, hashed (see {@link Plan.organizationFingerprint}). */
export function organizationFingerprint(snapshot: OrgSnapshot | null): string | null {
  if (!snapshot) return null;
  const { organization, root, ous, accounts, policies } = snapshot;
  return jsonSha256({ organization, root, ous, accounts, policies });
}

/** The live state a plan depends on, hashed; `takenAt`, `source` and `gaps` do not count. */
export function stateFingerprint(snapshot: OrgSnapshot | null): string | null {
  if (!snapshot) return null;
  const { organization, root, ous, accounts, policies, identityCenter } = snapshot;
  return jsonSha256({ organization, root, ous, accounts, policies, identityCenter });
}

function accessChanges(operations: readonly Operation[]): AccessChange[] {
  const groups = new Map<string, AccessChange>();
  for (const op of operations) {
    if (op.kind !== 'create-assignment' && op.kind !== 'delete-assignment') continue;
    const change = op.kind === 'create-assignment' ? 'gains' : 'loses';
    const k = `${op.principal.type}|${op.principal.name}|${op.permissionSet.name}|${change}`;
    const entry = groups.get(k) ?? {
      principal: { type: op.principal.type, name: op.principal.name },
      permissionSet: op.permissionSet.name,
      change,
      accounts: [],
    };
    entry.accounts.push(op.account.name);
    groups.set(k, entry);
  }
  return [...groups.values()].map((g) => ({ ...g, accounts: g.accounts.sort() }));
}

function policyChanges(operations: readonly Operation[]): PolicyChange[] {
  return operations.flatMap((op): PolicyChange[] =>
    op.kind === 'attach-policy' || op.kind === 'detach-policy'
      ? [
          {
            policy: op.policy.name,
            policyType: op.policy.type,
            target: targetLabel(op.target),
            change: op.kind === 'attach-policy' ? 'attached' : 'detached',
          },
        ]
      : [],
  );
}

/** Detach before attach on the same target and type, so a full target never goes over AWS's limit. */
function orderAttachments(operations: Operation[]): void {
  const detaches = new Map<string, string[]>();
  for (const op of operations) {
    if (op.kind === 'detach-policy') {
      const k = `${op.policy.type}|${targetLabel(op.target)}`;
      detaches.set(k, [...(detaches.get(k) ?? []), op.id]);
    }
  }
  for (const op of operations) {
    if (op.kind === 'attach-policy') {
      for (const id of detaches.get(`${op.policy.type}|${targetLabel(op.target)}`) ?? [])
        if (!op.dependsOn.includes(id)) op.dependsOn.push(id);
    }
  }
}

export interface PlanContext {
  /** The account whose credentials plan and apply: it becomes the management account when no organization exists. */
  callerAccountId?: string;
  /** The customer-managed policies read in member accounts (`readAccountPolicies`). */
  accountPolicies?: AccountPolicyState;
  /** What the baseline reader found (`readBaseline`); without it the baseline is not compared. */
  baseline?: BaselineState;
  /** The management account's budgets (`readBudgets`); without them `budgets:` is not compared. */
  budgets?: BudgetsState;
}

export function makePlan(
  desired: Desired,
  snapshot: OrgSnapshot | null,
  now: Date,
  context: PlanContext = {},
): Plan {
  const builder = new PlanBuilder();
  const live = new LiveView(snapshot, desired, context.callerAccountId);
  diffOrganization(builder, desired, live);
  const policyWaits = live.snapshot?.identityCenter
    ? diffAccountPolicies(builder, desired, live, now, context.accountPolicies)
    : () => [];
  diffIdentityCenter(builder, desired, live, now, policyWaits);
  diffBaseline(builder, desired, live, context.baseline);
  diffBudgets(builder, desired, live, context.budgets);
  orderAttachments(builder.operations);
  const operations = topologicalOrder(builder.operations);
  const summary = { create: 0, update: 0, delete: 0, replace: 0, total: operations.length };
  for (const op of operations) summary[op.impact]++;
  return {
    version: PLAN_VERSION,
    createdAt: now.toISOString(),
    fingerprint: stateFingerprint(snapshot),
    organizationFingerprint: organizationFingerprint(snapshot),
    operations,
    summary,
    access: accessChanges(operations),
    policies: policyChanges(operations),
    notes: builder.notes,
  };
}
