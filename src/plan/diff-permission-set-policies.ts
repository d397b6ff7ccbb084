/**
 * The policies of one permission set: inline policy, AWS-managed policies, customer-managed policy
 * references and the permissions boundary, one function each, in that order.
 */
import type { DesiredPermissionSet } from '../model/desired.js';
import type { SnapshotPermissionSet } from '../model/snapshot.js';
import { sameJson } from '../util/json.js';
import type { PlanBuilder } from './builder.js';
import type { PermissionSetRef } from './operations.js';

/** What the policy sections of one permission set share; each appends the ids of its operations to `ops`. */
export interface PsPolicyDiff {
  readonly b: PlanBuilder;
  readonly ref: PermissionSetRef;
  readonly want: DesiredPermissionSet;
  /** The live permission set; undefined when this plan creates it. */
  readonly have: SnapshotPermissionSet | undefined;
  /** The operation every change waits for (the permission set's creation), if any. */
  readonly after: string | undefined;
  readonly ops: string[];
}

function sameDocument(a: string | null | undefined, b: string | undefined): boolean {
  if (!a || !b) return (a ?? undefined) === b;
  return sameJson(a, b);
}

/** A customer-managed policy reference as one string: path and name. */
const cmpKey = (c: { name: string; path: string }) => `${c.path}${c.name}`;

/** Adds the operations that make a permission set's policies match; answers their ids. */
export function diffPermissionSetPolicies(
  b: PlanBuilder,
  ref: PermissionSetRef,
  want: DesiredPermissionSet,
  have: SnapshotPermissionSet | undefined,
  after: string | undefined,
): string[] {
  const ctx: PsPolicyDiff = { b, ref, want, have, after, ops: [] };
  diffInlinePolicy(ctx);
  diffManagedPolicies(ctx);
  diffCustomerManagedPolicies(ctx);
  diffPermissionsBoundary(ctx);
  return ctx.ops;
}

export function diffInlinePolicy({ b, ref, want, have, after, ops }: PsPolicyDiff): void {
  const name = want.name;
  if (sameDocument(have?.inlinePolicy, want.inlinePolicy)) return;
  if (want.inlinePolicy) {
    ops.push(
      b.add(
        `permission-set:inline:${name}`,
        {
          kind: 'put-inline-policy',
          permissionSet: ref,
          document: want.inlinePolicy,
          impact: have?.inlinePolicy ? 'update' : 'create',
          summary: `${have?.inlinePolicy ? 'replace' : 'add'} the inline policy of permission set ${name}`,
        },
        [after],
      ),
    );
  } else {
    ops.push(
      b.add(
        `permission-set:inline-delete:${name}`,
        {
          kind: 'delete-inline-policy',
          permissionSet: ref,
          impact: 'delete',
          summary: `remove the inline policy of permission set ${name}`,
        },
        [after],
      ),
    );
  }
}

/** AWS-managed policies: attaches the file's missing ones (file order), then detaches the others (live order). */
export function diffManagedPolicies({ b, ref, want, have, after, ops }: PsPolicyDiff): void {
  const name = want.name;
  const haveManaged = new Set(have?.managedPolicies ?? []);
  const wantManaged = new Set(want.managedPolicies);
  for (const arn of want.managedPolicies) {
    if (haveManaged.has(arn)) continue;
    ops.push(
      b.add(
        `permission-set:managed:${name}:${arn}`,
        {
          kind: 'attach-managed-policy',
          permissionSet: ref,
          policyArn: arn,
          impact: 'create',
          summary: `attach ${arn.split('/').pop()} to permission set ${name}`,
        },
        [after],
      ),
    );
  }
  for (const arn of haveManaged) {
    if (wantManaged.has(arn)) continue;
    ops.push(
      b.add(
        `permission-set:managed-detach:${name}:${arn}`,
        {
          kind: 'detach-managed-policy',
          permissionSet: ref,
          policyArn: arn,
          impact: 'delete',
          summary: `detach ${arn.split('/').pop()} from permission set ${name}`,
        },
        [after],
      ),
    );
  }
}

/** Customer-managed policy references: adds the file's missing ones, then drops the others. */
export function diffCustomerManagedPolicies({ b, ref, want, have, after, ops }: PsPolicyDiff): void {
  const name = want.name;
  const haveCmp = new Set((have?.customerManagedPolicies ?? []).map(cmpKey));
  const wantCmp = new Set(want.customerManagedPolicies.map(cmpKey));
  for (const c of want.customerManagedPolicies) {
    if (haveCmp.has(cmpKey(c))) continue;
    ops.push(
      b.add(
        `permission-set:cmp:${name}:${cmpKey(c)}`,
        {
          kind: 'attach-customer-managed-policy',
          permissionSet: ref,
          name: c.name,
          path: c.path,
          impact: 'create',
          summary: `reference customer-managed policy ${cmpKey(c)} in permission set ${name}`,
        },
        [after],
      ),
    );
  }
  for (const c of have?.customerManagedPolicies ?? []) {
    if (wantCmp.has(cmpKey(c))) continue;
    ops.push(
      b.add(
        `permission-set:cmp-detach:${name}:${cmpKey(c)}`,
        {
          kind: 'detach-customer-managed-policy',
          permissionSet: ref,
          name: c.name,
          path: c.path,
          impact: 'delete',
          summary: `drop customer-managed policy ${cmpKey(c)} from permission set ${name}`,
        },
        [after],
      ),
    );
  }
}

type Boundary = DesiredPermissionSet['permissionsBoundary'] | SnapshotPermissionSet['permissionsBoundary'];

/** A boundary as one comparable string ('' for none). */
function boundaryKey(x: Boundary): string {
  if (!x) return '';
  if (x.managedPolicyArn) return `arn:${x.managedPolicyArn}`;
  return 'customerManagedPolicy' in x && x.customerManagedPolicy
    ? `cmp:${cmpKey(x.customerManagedPolicy)}`
    : '';
}

export function diffPermissionsBoundary({ b, ref, want, have, after, ops }: PsPolicyDiff): void {
  const name = want.name;
  const haveBoundary = have?.permissionsBoundary ?? null;
  const wantBoundary = want.permissionsBoundary;
  if (boundaryKey(haveBoundary) === boundaryKey(wantBoundary)) return;
  if (wantBoundary) {
    const boundary = wantBoundary.managedPolicyArn
      ? { managedPolicyArn: wantBoundary.managedPolicyArn }
      : { customerManagedPolicy: wantBoundary.customerManagedPolicy! };
    ops.push(
      b.add(
        `permission-set:boundary:${name}`,
        {
          kind: 'put-permissions-boundary',
          permissionSet: ref,
          boundary,
          impact: haveBoundary ? 'update' : 'create',
          summary: `set the permissions boundary of permission set ${name}`,
        },
        [after],
      ),
    );
  } else {
    ops.push(
      b.add(
        `permission-set:boundary-delete:${name}`,
        {
          kind: 'delete-permissions-boundary',
          permissionSet: ref,
          impact: 'delete',
          summary: `remove the permissions boundary of permission set ${name}`,
        },
        [after],
      ),
    );
  }
}
