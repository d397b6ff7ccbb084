import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goodCollection, IDS } from '../audit/checks/testing.js';
import type { OrgSnapshot } from './snapshot.js';
import { allowedRegions, inheritedDenies, inheritedPolicies, pathIds, PolicyIndex } from './policies.js';
import type { PolicyType } from './snapshot.js';

const dir = join(import.meta.dirname, '../../examples/policies');
const FILES = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const TYPES: PolicyType[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];

/** The governed fixture with a nested OU, an account in it, an OU-level SCP and an orphan parent. */
function snapshot(): OrgSnapshot {
  const s = goodCollection(FILES).snapshot;
  const top = s.ous[0]!;
  s.ous.push({
    id: 'ou-nested',
    arn: 'arn:nested',
    name: 'Nested',
    parentId: top.id,
    path: `${top.path}/Nested`,
    tags: {},
  });
  s.accounts.push({
    ...s.accounts.find((a) => a.id === IDS.prod)!,
    id: '555555555555',
    parentId: 'ou-nested',
    name: 'Deep',
  });
  s.accounts.push({
    ...s.accounts.find((a) => a.id === IDS.prod)!,
    id: '666666666666',
    parentId: 'ou-gone',
    name: 'Orphan',
  });
  s.policies.push({
    ...s.policies.find((p) => p.type === 'SERVICE_CONTROL_POLICY')!,
    id: 'p-nested',
    name: 'NestedOnly',
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
        },
      ],
    }),
    targets: ['ou-nested'],
  });
  return s;
}

describe('PolicyIndex', () => {
  it('answers what the scanning functions answer, for every account, OU, policy type and unknown id', () => {
    const s = snapshot();
    const index = new PolicyIndex(s);
    const accounts = [...s.accounts.map((a) => a.id), '999999999999'];
    const ous = [...s.ous.map((o) => o.id), 'ou-gone', s.root.id];
    for (const id of accounts) {
      expect(index.pathIds(id)).toEqual(pathIds(s, id));
      expect(index.allowedRegions(id)).toEqual(allowedRegions(s, id));
    }
    for (const id of [...accounts, ...ous])
      for (const type of TYPES) {
        expect(index.inheritedPolicies(id, type)).toEqual(inheritedPolicies(s, id, type));
        expect(index.inheritedDenies(id, type)).toEqual(inheritedDenies(s, id, type));
      }
    // The nested account inherits the OU-level region deny; the orphan stops at its unknown parent.
    expect(index.allowedRegions('555555555555')).toEqual(['eu-west-1']);
    expect(index.pathIds('666666666666')).toEqual([s.root.id, '666666666666']);
  });

  it('reads each document once, however many accounts ask', () => {
    const s = snapshot();
    const index = new PolicyIndex(s);
    const parse = JSON.parse;
    let parsed = 0;
    JSON.parse = ((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      parsed++;
      return parse(text, reviver) as unknown;
    }) as typeof JSON.parse;
    try {
      for (let round = 0; round < 3; round++)
        for (const account of s.accounts) index.inheritedDenies(account.id, 'SERVICE_CONTROL_POLICY');
    } finally {
      JSON.parse = parse;
    }
    expect(parsed).toBeLessThanOrEqual(s.policies.filter((p) => p.type === 'SERVICE_CONTROL_POLICY').length);
  });
});
