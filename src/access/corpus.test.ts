import { describe, expect, it } from 'vitest';
import { contextLookup } from './context.js';
import { evaluate, type PolicyLevel, type PolicySet } from './evaluate.js';
import { parsePolicy } from './policy.js';
import { actionsResources } from './corpus/actions-resources.js';
import { boundariesSessions } from './corpus/boundaries-sessions.js';
import { conditionsNumericDateIpBool } from './corpus/conditions-numeric-date-ip-bool.js';
import { conditionsSetsNullIfExists } from './corpus/conditions-sets-null-ifexists.js';
import { conditionsString } from './corpus/conditions-string.js';
import { depends } from './corpus/depends.js';
import { resourcePoliciesCrossAccount } from './corpus/resource-policies-cross-account.js';
import { scpRcp } from './corpus/scp-rcp.js';
import { trustPolicies } from './corpus/trust-policies.js';
import { ALICE, type CorpusCase, type CorpusLevel } from './corpus/types.js';
import { variables } from './corpus/variables.js';

const files: Record<string, CorpusCase[]> = {
  'actions-resources': actionsResources,
  'conditions-string': conditionsString,
  'conditions-numeric-date-ip-bool': conditionsNumericDateIpBool,
  'conditions-sets-null-ifexists': conditionsSetsNullIfExists,
  variables,
  'scp-rcp': scpRcp,
  'boundaries-sessions': boundariesSessions,
  'resource-policies-cross-account': resourcePoliciesCrossAccount,
  'trust-policies': trustPolicies,
  depends,
};

const levels = (name: string, list: CorpusLevel[] | undefined): PolicyLevel[] | undefined =>
  list?.map((level, i) => ({
    target: level.target,
    policies: level.policies.map((p, j) => parsePolicy(`${name}[${i}][${j}]`, p)),
  }));

function run(c: CorpusCase) {
  const p = c.policies;
  const set: PolicySet = {
    identity: (p.identity ?? []).map((d, i) => parsePolicy(`identity[${i}]`, d)),
    boundary: p.boundary === undefined ? undefined : parsePolicy('boundary', p.boundary),
    session: p.session === undefined ? undefined : parsePolicy('session', p.session),
    scps: levels('scp', p.scps),
    rcps: levels('rcp', p.rcps),
    resource: p.resource === undefined ? undefined : parsePolicy('resource', p.resource),
    resourceMustAllow: p.resourceMustAllow,
  };
  const r = c.request;
  return evaluate(
    {
      principal: r.principal ?? ALICE,
      action: r.action,
      resource: r.resource ?? '*',
      resourceAccountId: r.resourceAccountId,
      context: contextLookup(r.context ?? {}, { closed: r.closed }),
    },
    set,
  );
}

function check(c: CorpusCase) {
  const decision = run(c);
  expect(decision.decision, c.source).toBe(c.expect);
  if (c.dependsOn) expect(decision.dependsOn).toEqual([...c.dependsOn].sort());
}

describe('IAM conformance corpus', () => {
  it('has at least 170 cases with unique names', () => {
    const all = Object.values(files).flat();
    expect(all.length).toBeGreaterThanOrEqual(170);
    expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
    for (const c of all) expect(c.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  for (const [file, cases] of Object.entries(files)) {
    describe(file, () => {
      const sound = cases.filter((c) => !c.knownBug);
      const buggy = cases.filter((c) => c.knownBug);
      if (sound.length) it.each(sound.map((c) => [c.name, c] as const))('%s', (_name, c) => check(c));
      if (buggy.length)
        it.fails.each(buggy.map((c) => [`${c.name} [known bug: ${c.knownBug}]`, c] as const))('%s', (_n, c) =>
          check(c),
        );
    });
  }
});
