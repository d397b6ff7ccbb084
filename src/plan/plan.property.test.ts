/**
 * Properties of the planner, over random organizations and files: applying a plan reaches the desired
 * state (the next plan is empty), and every operation comes after what it depends on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize } from '../config/normalize.js';
import { runRules } from '../config/rules/index.js';
import { configSchema } from '../config/schema.js';
import { YamlSource } from '../config/source.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { makePlan } from './plan.js';
import { simulate } from './testing/simulate.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const OU_PATHS = ['A', 'A/B', 'A/B/C', 'D', 'D/E'];
const ACCOUNTS = ['acct-1', 'acct-2', 'acct-3', 'acct-4'];
const doc = (action: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }],
});
const MANAGED = [
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
  'arn:aws:iam::aws:policy/PowerUserAccess',
  'arn:aws:iam::aws:policy/ViewOnlyAccess',
];

const ouSet = fc.subarray(OU_PATHS).map((paths) => {
  const all = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i <= parts.length; i++) all.add(parts.slice(0, i).join('/'));
  }
  return [...all].sort();
});

const configArb = ouSet.chain((ous) => {
  const placements = fc.tuple(...ACCOUNTS.map(() => fc.constantFrom('', ...ous)));
  const targets = fc.subarray(
    ['root', ...ous.map((o) => `ou:${o}`), ...ACCOUNTS.map((a) => `account:${a}`)],
    { maxLength: 3 },
  );
  const policy = fc.record({ action: fc.constantFrom('s3:DeleteBucket', 'ec2:DeleteVpc'), attach: targets });
  return fc
    .record({
      ous: fc.constant(ous),
      placements,
      policies: fc.dictionary(fc.constantFrom('P1', 'P2', 'P3'), policy, { maxKeys: 3 }),
      users: fc.subarray(['alice', 'bob', 'carol']),
      prune: fc.subarray(['policies', 'permissionSets', 'assignments', 'users', 'groups'] as const),
    })
    .chain((base) =>
      fc
        .record({
          groups: fc.dictionary(fc.constantFrom('G1', 'G2'), fc.subarray(base.users), { maxKeys: 2 }),
          permissionSets: fc.dictionary(
            fc.constantFrom('Dev', 'Ops'),
            fc.record({
              managed: fc.subarray(MANAGED),
              inline: fc.boolean(),
              duration: fc.constantFrom('PT1H', 'PT4H'),
            }),
            { maxKeys: 2 },
          ),
        })
        .chain((ic) => {
          const principals = [
            ...base.users.map((u) => ({ user: u })),
            ...Object.keys(ic.groups).map((g) => ({ group: g })),
          ];
          const assignment =
            principals.length && Object.keys(ic.permissionSets).length
              ? fc.record({
                  principal: fc.constantFrom(...principals),
                  permissionSet: fc.constantFrom(...Object.keys(ic.permissionSets)),
                  targets: targets.filter((t) => t.length > 0),
                })
              : fc.constant(undefined);
          return fc.array(assignment, { maxLength: 3 }).map((assignments) => ({
            ...base,
            ...ic,
            assignments: assignments.filter((a) => a !== undefined),
          }));
        }),
    );
});

type Generated =
  fc.Arbitrary<unknown> extends never ? never : Parameters<Parameters<typeof configArb.map>[0]>[0];

function toConfig(g: Generated) {
  const ous: Record<string, unknown> = {};
  const node = (path: string) => {
    let level = ous;
    let current: Record<string, unknown> = {};
    for (const part of path.split('/')) {
      current = (level[part] ??= {}) as Record<string, unknown>;
      level = (current.ous ??= {}) as Record<string, unknown>;
    }
    return current;
  };
  for (const path of g.ous) node(path);
  ACCOUNTS.forEach((name, i) => {
    const path = g.placements[i]!;
    if (path) ((node(path).accounts ??= []) as string[]).push(name);
  });
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k, v]) => !(k === 'ous' && Object.keys(v as object).length === 0))
          .map(([k, v]) => [k, clean(v)]),
      );
    }
    return value;
  };
  return {
    organization: { policyTypes: ['SERVICE_CONTROL_POLICY'] },
    ous: clean(ous),
    accounts: Object.fromEntries(ACCOUNTS.map((a) => [a, { email: `${a}@example.com` }])),
    policies: Object.fromEntries(
      Object.entries(g.policies).map(([name, p]) => [
        name,
        { type: 'SERVICE_CONTROL_POLICY', document: doc(p.action), attach: p.attach },
      ]),
    ),
    identityCenter: {
      users: Object.fromEntries(
        g.users.map((u) => [u, { displayName: u.toUpperCase(), email: `${u}@example.com` }]),
      ),
      groups: Object.fromEntries(Object.entries(g.groups).map(([name, members]) => [name, { members }])),
      permissionSets: Object.fromEntries(
        Object.entries(g.permissionSets).map(([name, ps]) => [
          name,
          {
            sessionDuration: ps.duration,
            managedPolicies: ps.managed,
            ...(ps.inline ? { inlinePolicy: doc('s3:PutObject') } : {}),
          },
        ]),
      ),
      assignments: g.assignments.map((a) => ({
        ...a.principal,
        permissionSet: a.permissionSet,
        targets: a.targets,
      })),
    },
    prune: g.prune,
  };
}

function desiredOf(g: Generated) {
  const config = configSchema.parse(toConfig(g));
  const issues = runRules({ config, source: new YamlSource('gen.yaml', ''), readRelative: () => undefined });
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return normalize(config, () => undefined);
}

function converge(from: OrgSnapshot | null, g: Generated): OrgSnapshot {
  const desired = desiredOf(g);
  let state = simulate(from, makePlan(desired, from, NOW).operations);
  state.identityCenter ??= {
    instanceArn: 'arn:ins',
    identityStoreId: 'd-1',
    permissionSets: [],
    users: [],
    groups: [],
    assignments: [],
    provisioning: [],
  };
  state = simulate(state, makePlan(desired, state, NOW).operations);
  return state;
}

describe('planner properties', () => {
  it('applying a plan reaches the file: the next plan is empty; dependencies come first', () => {
    fc.assert(
      fc.property(configArb, configArb, (first, second) => {
        const start = converge(null, first);
        const desired = desiredOf(second);
        const plan = makePlan(desired, start, NOW);
        const position = new Map(plan.operations.map((op, i) => [op.id, i]));
        for (const [i, op] of plan.operations.entries()) {
          for (const dep of op.dependsOn) expect(position.get(dep)).toBeLessThan(i);
        }
        const after = simulate(start, plan.operations);
        const again = makePlan(desired, after, NOW);
        expect(again.operations.map((op) => op.summary)).toEqual([]);
      }),
      { numRuns: 150, seed: 20261122 },
    );
  });

  it('is deterministic: the same inputs give the same plan', () => {
    fc.assert(
      fc.property(configArb, configArb, (first, second) => {
        const start = converge(null, first);
        const desired = desiredOf(second);
        expect(JSON.stringify(makePlan(desired, start, NOW))).toBe(
          JSON.stringify(makePlan(desired, start, NOW)),
        );
      }),
      { numRuns: 50, seed: 7 },
    );
  });
});
