/** One describe per policy section of a permission set: the file's set, the live one, the exact operations. */
import { describe, expect, it } from 'vitest';
import type { DesiredPermissionSet } from '../model/desired.js';
import type { SnapshotPermissionSet } from '../model/snapshot.js';
import { PlanBuilder } from './builder.js';
import {
  diffCustomerManagedPolicies,
  diffInlinePolicy,
  diffManagedPolicies,
  diffPermissionSetPolicies,
  diffPermissionsBoundary,
  type PsPolicyDiff,
} from './diff-permission-set-policies.js';
import { permissionSet } from './testing/builders.js';

const A = 'arn:aws:iam::aws:policy/A';
const B = 'arn:aws:iam::aws:policy/B';
const C = 'arn:aws:iam::aws:policy/C';
const DOC =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
const REF = { name: 'Dev', arn: 'arn:ps/dev' };
const CREATE = 'permission-set:create:Dev';

function want(parts: Partial<DesiredPermissionSet> = {}): DesiredPermissionSet {
  return {
    name: 'Dev',
    description: undefined,
    sessionDuration: 'PT1H',
    relayState: undefined,
    inlinePolicy: undefined,
    managedPolicies: [],
    customerManagedPolicies: [],
    permissionsBoundary: undefined,
    tags: undefined,
    ...parts,
  };
}

function ctx(
  wanted: DesiredPermissionSet,
  have: SnapshotPermissionSet | undefined,
  after?: string,
): PsPolicyDiff & { b: PlanBuilder } {
  return { b: new PlanBuilder(), ref: REF, want: wanted, have, after, ops: [] };
}

const lines = (b: PlanBuilder) => b.operations.map((op) => `${op.id} <- [${op.dependsOn.join(', ')}]`);

describe('diffInlinePolicy', () => {
  it('adds an inline policy to a new set after its creation', () => {
    const c = ctx(want({ inlinePolicy: DOC }), undefined, CREATE);
    diffInlinePolicy(c);
    expect(c.b.operations).toEqual([
      {
        id: 'permission-set:inline:Dev',
        dependsOn: [CREATE],
        kind: 'put-inline-policy',
        permissionSet: REF,
        document: DOC,
        impact: 'create',
        summary: 'add the inline policy of permission set Dev',
      },
    ]);
    expect(c.ops).toEqual(['permission-set:inline:Dev']);
  });

  it('replaces a different document, ignores a reformatted one, removes one the file drops', () => {
    const replaced = ctx(
      want({ inlinePolicy: DOC }),
      permissionSet(REF.arn, 'Dev', { inlinePolicy: '{"x":1}' }),
    );
    diffInlinePolicy(replaced);
    expect(replaced.b.operations.map((o) => [o.kind, o.impact, o.summary])).toEqual([
      ['put-inline-policy', 'update', 'replace the inline policy of permission set Dev'],
    ]);

    const same = ctx(
      want({ inlinePolicy: DOC }),
      permissionSet(REF.arn, 'Dev', { inlinePolicy: JSON.stringify(JSON.parse(DOC), null, 2) }),
    );
    diffInlinePolicy(same);
    expect(same.b.operations).toEqual([]);

    const removed = ctx(want(), permissionSet(REF.arn, 'Dev', { inlinePolicy: DOC }));
    diffInlinePolicy(removed);
    expect(lines(removed.b)).toEqual(['permission-set:inline-delete:Dev <- []']);
    expect(removed.b.operations[0]).toMatchObject({ kind: 'delete-inline-policy', impact: 'delete' });
  });
});

describe('diffManagedPolicies', () => {
  it('attaches the missing ones in file order, then detaches the others in live order', () => {
    const c = ctx(
      want({ managedPolicies: [C, A] }),
      permissionSet(REF.arn, 'Dev', { managedPolicies: [B, A] }),
    );
    diffManagedPolicies(c);
    expect(lines(c.b)).toEqual([
      `permission-set:managed:Dev:${C} <- []`,
      `permission-set:managed-detach:Dev:${B} <- []`,
    ]);
    expect(c.b.operations.map((o) => [o.kind, o.summary])).toEqual([
      ['attach-managed-policy', 'attach C to permission set Dev'],
      ['detach-managed-policy', 'detach B from permission set Dev'],
    ]);
    expect(c.ops).toEqual([`permission-set:managed:Dev:${C}`, `permission-set:managed-detach:Dev:${B}`]);
  });
});

describe('diffCustomerManagedPolicies', () => {
  it('matches references by path and name: adds the missing, then drops the others', () => {
    const c = ctx(
      want({
        customerManagedPolicies: [
          { name: 'extras', path: '/' },
          { name: 'extras', path: '/team/' },
        ],
      }),
      permissionSet(REF.arn, 'Dev', {
        customerManagedPolicies: [
          { name: 'extras', path: '/' },
          { name: 'old', path: '/' },
        ],
      }),
      CREATE,
    );
    diffCustomerManagedPolicies(c);
    expect(lines(c.b)).toEqual([
      `permission-set:cmp:Dev:/team/extras <- [${CREATE}]`,
      `permission-set:cmp-detach:Dev:/old <- [${CREATE}]`,
    ]);
    expect(c.b.operations[0]).toMatchObject({
      kind: 'attach-customer-managed-policy',
      name: 'extras',
      path: '/team/',
      summary: 'reference customer-managed policy /team/extras in permission set Dev',
    });
    expect(c.b.operations[1]).toMatchObject({
      kind: 'detach-customer-managed-policy',
      name: 'old',
      path: '/',
    });
  });
});

describe('diffPermissionsBoundary', () => {
  it('sets a boundary that differs (update over a live one, create otherwise) and removes one the file drops', () => {
    const changed = ctx(
      want({ permissionsBoundary: { customerManagedPolicy: { name: 'limit', path: '/' } } }),
      permissionSet(REF.arn, 'Dev', {
        permissionsBoundary: { managedPolicyArn: A, customerManagedPolicy: null },
      }),
    );
    diffPermissionsBoundary(changed);
    expect(changed.b.operations).toEqual([
      {
        id: 'permission-set:boundary:Dev',
        dependsOn: [],
        kind: 'put-permissions-boundary',
        permissionSet: REF,
        boundary: { customerManagedPolicy: { name: 'limit', path: '/' } },
        impact: 'update',
        summary: 'set the permissions boundary of permission set Dev',
      },
    ]);

    const added = ctx(want({ permissionsBoundary: { managedPolicyArn: A } }), undefined, CREATE);
    diffPermissionsBoundary(added);
    expect(added.b.operations[0]).toMatchObject({
      boundary: { managedPolicyArn: A },
      impact: 'create',
      dependsOn: [CREATE],
    });

    const removed = ctx(
      want(),
      permissionSet(REF.arn, 'Dev', {
        permissionsBoundary: { managedPolicyArn: A, customerManagedPolicy: null },
      }),
    );
    diffPermissionsBoundary(removed);
    expect(lines(removed.b)).toEqual(['permission-set:boundary-delete:Dev <- []']);
  });

  it('plans nothing for the same boundary, or an empty live one and none in the file', () => {
    const same = ctx(
      want({ permissionsBoundary: { managedPolicyArn: A } }),
      permissionSet(REF.arn, 'Dev', {
        permissionsBoundary: { managedPolicyArn: A, customerManagedPolicy: null },
      }),
    );
    diffPermissionsBoundary(same);
    const empty = ctx(
      want(),
      permissionSet(REF.arn, 'Dev', {
        permissionsBoundary: { managedPolicyArn: null, customerManagedPolicy: null },
      }),
    );
    diffPermissionsBoundary(empty);
    expect([...same.b.operations, ...empty.b.operations]).toEqual([]);
  });
});

describe('diffPermissionSetPolicies', () => {
  it('runs inline, managed, customer-managed, boundary in that order and answers every id', () => {
    const b = new PlanBuilder();
    const ids = diffPermissionSetPolicies(
      b,
      REF,
      want({
        inlinePolicy: DOC,
        managedPolicies: [A],
        customerManagedPolicies: [{ name: 'extras', path: '/' }],
        permissionsBoundary: { managedPolicyArn: B },
      }),
      undefined,
      CREATE,
    );
    expect(ids).toEqual([
      'permission-set:inline:Dev',
      `permission-set:managed:Dev:${A}`,
      'permission-set:cmp:Dev:/extras',
      'permission-set:boundary:Dev',
    ]);
    expect(b.operations.map((o) => o.id)).toEqual(ids);
    expect(b.operations.every((o) => o.dependsOn.join() === CREATE)).toBe(true);
  });
});
