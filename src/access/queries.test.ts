/** The access questions on a tiny hand-made organization: matrix, who-can, can, the decision cache. */
import { describe, expect, it, vi } from 'vitest';
import { AccessIndex } from './effective.js';
import type { Decision, DecisionKind } from './evaluate.js';
import type { AccessModel } from './model.js';
import {
  accessMatrix,
  can,
  chainDecisions,
  DecisionCache,
  overall,
  pathLabel,
  pathsOf,
  whoCan,
  type AccessRequest,
  type PathDecision,
} from './queries.js';
import { YES } from './tri.js';

import { MGMT, HUB, PROD, STAGING, VIEW_ONLY, model } from './testing.js';

const index = (m: AccessModel = model()) => new AccessIndex(m);
const ask = (action: string, resource = '*'): AccessRequest => ({ action, resource, context: {} });
const ALL = new Set([MGMT, HUB, PROD, STAGING]);
const WORKLOADS = new Set([PROD, STAGING]);

function decision(kind: DecisionKind, dependsOn: string[] = [], policy = 'p'): Decision {
  return {
    decision: kind,
    dependsOn,
    statements: [{ layer: 'identity', policy, statement: 'Statement[0]', effect: 'Allow', applies: YES }],
    missingAllow: kind === 'ImplicitDeny' ? [{ layer: 'identity' }] : [],
  };
}

describe('accessMatrix', () => {
  it('expands groups per member, lists a group without members once with user "", in order', () => {
    const rows = accessMatrix(index());
    expect(rows.map((r) => [r.user, r.accountName, r.role, r.via])).toEqual([
      ['', 'Shop Prod', 'ReadOnly', 'group:Auditors'],
      ['alice', 'Management', 'Viewer', 'user'],
      ['alice', 'Shop Prod', 'Developer', 'group:Developers'],
      ['alice', 'Shop Staging', 'Developer', 'group:Developers'],
      ['bob', 'Shop Prod', 'Developer', 'group:Developers'],
      ['bob', 'Shop Staging', 'Developer', 'group:Developers'],
      ['carol', 'Shop Prod', 'Ops', 'user'],
      ['carol', 'Shop Staging', 'Ops', 'user'],
    ]);
    expect(rows[2]).toEqual({
      user: 'alice',
      accountId: PROD,
      accountName: 'Shop Prod',
      ouPath: 'Workloads/Prod',
      kind: 'identity-center',
      role: 'Developer',
      via: 'group:Developers',
    });
    expect(rows[1]!.ouPath).toBe('');
  });

  it('adds the jump roles with what they depend on when asked to', () => {
    expect(accessMatrix(index()).some((r) => r.kind === 'iam-role')).toBe(false);
    const jumps = accessMatrix(index(), { iamRoles: true }).filter((r) => r.kind === 'iam-role');
    expect(jumps).toEqual([
      {
        user: `${HUB}/deployer`,
        accountId: PROD,
        accountName: 'Shop Prod',
        ouPath: 'Workloads/Prod',
        kind: 'iam-role',
        role: 'Breakglass',
        via: `iam-user:${HUB}/deployer`,
        dependsOn: ['aws:MultiFactorAuthPresent'],
      },
      {
        user: `${HUB}/deployer`,
        accountId: PROD,
        accountName: 'Shop Prod',
        ouPath: 'Workloads/Prod',
        kind: 'iam-role',
        role: 'Deploy',
        via: `iam-user:${HUB}/deployer`,
      },
    ]);
  });

  it('keeps until and origin and falls back to the account id for an unknown account', () => {
    const m = model();
    m.identityCenter!.assignments = [
      {
        accountId: '999999999999',
        permissionSet: 'Ops',
        principalType: 'USER',
        principalName: 'carol',
        until: '2030-01-01T00:00:00Z',
        origin: 'account:Gone',
      },
    ];
    expect(accessMatrix(index(m))).toEqual([
      {
        user: 'carol',
        accountId: '999999999999',
        accountName: '999999999999',
        ouPath: '',
        kind: 'identity-center',
        role: 'Ops',
        via: 'user',
        until: '2030-01-01T00:00:00Z',
        origin: 'account:Gone',
      },
    ]);
  });
});

describe('whoCan', () => {
  it('keeps the paths that allow or depend, each member of a group on its own', () => {
    const who = whoCan(index(), ask('dynamodb:DeleteTable'), WORKLOADS);
    expect(who.map((p) => [pathLabel(p.path), p.decision.decision])).toEqual([
      [`alice → group:Developers → Developer → ${STAGING}`, 'Allow'],
      [`bob → group:Developers → Developer → ${STAGING}`, 'Allow'],
    ]);
    expect(who[0]!.accountName).toBe('Shop Staging');
  });

  it('lists the denied paths too with includeDenied', () => {
    const who = whoCan(index(), ask('dynamodb:DeleteTable'), WORKLOADS, { includeDenied: true });
    expect(
      who.map(({ path, accountName, decision }) =>
        path.kind === 'identity-center'
          ? [accountName, path.permissionSet, path.userName, decision.decision]
          : [accountName, path.roleName],
      ),
    ).toEqual([
      ['Shop Prod', 'Developer', 'alice', 'ExplicitDeny'],
      ['Shop Prod', 'Developer', 'bob', 'ExplicitDeny'],
      ['Shop Prod', 'Ops', 'carol', 'ExplicitDeny'],
      ['Shop Staging', 'Developer', 'alice', 'Allow'],
      ['Shop Staging', 'Developer', 'bob', 'Allow'],
      ['Shop Staging', 'Ops', 'carol', 'ImplicitDeny'],
    ]);
  });

  it('keeps a Depends answer (an unread AWS-managed document) and only the accounts asked about', () => {
    const who = whoCan(index(), ask('ec2:DescribeInstances'), ALL);
    expect(who.map((p) => [pathLabel(p.path), p.decision.decision, p.decision.dependsOn])).toEqual([
      [`alice → assigned → Viewer → ${MGMT}`, 'Depends', [`document:${VIEW_ONLY}`]],
      [`carol → assigned → Ops → ${PROD}`, 'Allow', []],
    ]);
    expect(whoCan(index(), ask('ec2:DescribeInstances'), new Set([HUB]))).toEqual([]);
  });

  it('adds the jump paths with both steps chained', () => {
    const who = whoCan(index(), ask('s3:PutObject'), WORKLOADS, { iamRoles: true });
    expect(who.map((p) => [pathLabel(p.path), p.decision.decision, p.decision.dependsOn])).toEqual([
      [`${HUB}/deployer → role Breakglass → ${PROD}`, 'Depends', ['aws:MultiFactorAuthPresent']],
      [`${HUB}/deployer → role Deploy → ${PROD}`, 'Allow', []],
    ]);
  });

  it('evaluates once per (account, permission set), not once per person', () => {
    const i = index();
    const spy = vi.spyOn(i, 'decideIdentityCenter');
    whoCan(i, ask('s3:GetObject'), WORKLOADS, { includeDenied: true });
    const pairs = spy.mock.calls.map(([account, set]) => `${account}|${set}`);
    expect(pairs.sort()).toEqual([
      `${PROD}|Developer`,
      `${PROD}|Ops`,
      `${PROD}|ReadOnly`,
      `${STAGING}|Developer`,
      `${STAGING}|Ops`,
    ]);
  });
});

describe('DecisionCache', () => {
  it('asks the index once per pair and per role', () => {
    const i = index();
    const ic = vi.spyOn(i, 'decideIdentityCenter');
    const role = vi.spyOn(i, 'decideIamRole');
    const cache = new DecisionCache(i, ask('s3:GetObject'));
    const first = cache.permissionSet(PROD, 'Developer');
    expect(cache.permissionSet(PROD, 'Developer')).toBe(first);
    cache.permissionSet(STAGING, 'Developer');
    for (const p of i.jumpPaths()) {
      cache.path(p);
      cache.path(p);
    }
    expect(ic).toHaveBeenCalledTimes(2);
    expect(role).toHaveBeenCalledTimes(2);
  });

  it('passes the resource’s own account when its ARN names another', () => {
    const i = index();
    const spy = vi.spyOn(i, 'decideIdentityCenter');
    const cache = new DecisionCache(
      i,
      ask('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${STAGING}:table/orders`),
    );
    expect(cache.permissionSet(PROD, 'Developer').decision).toBe('ImplicitDeny');
    expect(spy.mock.calls[0]![2]).toMatchObject({ resourceAccountId: STAGING });
    cache.permissionSet(STAGING, 'Developer');
    expect(spy.mock.calls[1]![2]).not.toHaveProperty('resourceAccountId');
  });

  it('denies a jump path whose role is no longer in the model', () => {
    const i = index();
    const path = { ...i.jumpPaths()[0]!, roleName: 'Gone' };
    expect(new DecisionCache(i, ask('s3:GetObject')).path(path)).toEqual({
      decision: 'ImplicitDeny',
      dependsOn: [],
      statements: [],
      missingAllow: [],
    });
  });
});

describe('chainDecisions', () => {
  it('takes an explicit deny first, then an implicit deny, then depends, else allow', () => {
    expect(chainDecisions(decision('Allow'), decision('ExplicitDeny')).decision).toBe('ExplicitDeny');
    expect(chainDecisions(decision('ImplicitDeny'), decision('ExplicitDeny')).decision).toBe('ExplicitDeny');
    expect(chainDecisions(decision('Depends', ['k']), decision('ImplicitDeny')).decision).toBe(
      'ImplicitDeny',
    );
    expect(chainDecisions(decision('Allow'), decision('Depends', ['k'])).decision).toBe('Depends');
    expect(chainDecisions(decision('Allow'), decision('Allow'))).toEqual({
      decision: 'Allow',
      dependsOn: [],
      statements: [decision('Allow').statements[0], decision('Allow').statements[0]],
      missingAllow: [],
    });
  });

  it('joins what both steps depend on, sorted and once, and keeps both steps’ statements', () => {
    const d = chainDecisions(decision('Depends', ['b', 'a'], 'one'), decision('Depends', ['a', 'c'], 'two'));
    expect(d.dependsOn).toEqual(['a', 'b', 'c']);
    expect(d.statements.map((s) => s.policy)).toEqual(['one', 'two']);
    expect(chainDecisions(decision('Depends', ['k']), decision('ExplicitDeny')).dependsOn).toEqual([]);
    expect(chainDecisions(decision('ImplicitDeny'), decision('Allow')).missingAllow).toEqual([
      { layer: 'identity' },
    ]);
  });
});

describe('can, pathsOf and overall', () => {
  it('answers for a user through all their paths', () => {
    const d = can(index(), { kind: 'user', name: 'alice' }, ask('dynamodb:DeleteTable'), ALL);
    expect(d.map((p) => [p.accountName, p.decision.decision])).toEqual([
      ['Shop Prod', 'ExplicitDeny'],
      ['Shop Staging', 'Allow'],
      ['Management', 'Depends'],
    ]);
    expect(overall(d)).toBe('Allow');
  });

  it('answers for a group (as its first member) and for an IAM user or a role', () => {
    const i = index();
    expect(pathsOf(i, { kind: 'group', name: 'Developers' }, WORKLOADS).map((p) => p.accountId)).toEqual([
      PROD,
      STAGING,
    ]);
    expect(pathsOf(i, { kind: 'group', name: 'Auditors' }, ALL)).toMatchObject([{ userName: '' }]);
    expect(
      pathsOf(i, { kind: 'iam-user', accountId: HUB, name: 'deployer' }, ALL, { iamRoles: true }).length,
    ).toBe(2);
    expect(pathsOf(i, { kind: 'iam-user', accountId: HUB, name: 'deployer' }, ALL)).toEqual([]);
    const role = can(i, { kind: 'role', name: 'Deploy' }, ask('s3:GetObject'), ALL, { iamRoles: true });
    expect(role.map((p) => p.decision.decision)).toEqual(['Allow']);
    expect(pathsOf(i, { kind: 'user', name: 'alice' }, new Set([MGMT]))).toHaveLength(1);
  });

  it('overall: any allow, else depends, else the explicit deny, else no allow', () => {
    const pd = (k: DecisionKind) => ({ decision: decision(k) }) as PathDecision;
    expect(overall([pd('ExplicitDeny'), pd('Depends'), pd('Allow')])).toBe('Allow');
    expect(overall([pd('ExplicitDeny'), pd('Depends')])).toBe('Depends');
    expect(overall([pd('ImplicitDeny'), pd('ExplicitDeny')])).toBe('ExplicitDeny');
    expect(overall([])).toBe('ImplicitDeny');
  });
});
