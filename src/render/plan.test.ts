import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan/plan.js';
import { renderPlanMarkdown, renderPlanText } from './plan.js';

const plan: Plan = {
  version: 1,
  createdAt: '2026-11-22T12:00:00.000Z',
  fingerprint: 'abc',
  operations: [
    {
      id: 'ou:create:Workloads',
      kind: 'create-ou',
      ou: { path: 'Workloads' },
      name: 'Workloads',
      parent: { path: '', id: 'r-1' },
      tags: {},
      dependsOn: [],
      impact: 'create',
      summary: 'create OU Workloads',
    },
    {
      id: 'a',
      kind: 'create-assignment',
      permissionSet: { name: 'Dev' },
      principal: { type: 'GROUP', name: 'Devs' },
      account: { name: 'Shop' },
      dependsOn: [],
      impact: 'create',
      summary: 'give group Devs Dev on Shop',
    },
    {
      id: 'p',
      kind: 'detach-policy',
      policy: { name: 'Old', type: 'SERVICE_CONTROL_POLICY', id: 'p-1' },
      target: { kind: 'root', id: 'r-1' },
      dependsOn: [],
      impact: 'delete',
      summary: 'detach Old from root',
    },
  ],
  summary: { create: 2, update: 0, delete: 1, replace: 0, total: 3 },
  access: [
    { principal: { type: 'GROUP', name: 'Devs' }, permissionSet: 'Dev', change: 'gains', accounts: ['Shop'] },
  ],
  policies: [{ policy: 'Old', policyType: 'SERVICE_CONTROL_POLICY', target: 'root', change: 'detached' }],
  notes: ['OU Legacy is not in the file (unmanaged)'],
};

describe('plan renderers', () => {
  it('text', () => {
    expect(renderPlanText(plan)).toMatchInlineSnapshot(`
      "Plan: 2 to create, 0 to update, 1 to delete.

        + create OU Workloads
        + give group Devs Dev on Shop
        - detach Old from root

      Access:
        group Devs gains Dev on 1 account: Shop

      Policies:
        Old (SERVICE_CONTROL_POLICY) detached from root

      1 destructive operation (marked -): apply asks before running them.

      Notes:
        - OU Legacy is not in the file (unmanaged)"
    `);
  });
  it('markdown', () => {
    expect(renderPlanMarkdown(plan)).toMatchInlineSnapshot(`
      "### orgward plan

      **Plan: 2 to create, 0 to update, 1 to delete.**

      | | change |
      |---|---|
      | \`+\` | create OU Workloads |
      | \`+\` | give group Devs Dev on Shop |
      | \`-\` | detach Old from root |

      #### Who gains or loses access

      - group Devs gains Dev on 1 account: Shop

      #### Policies

      - Old (SERVICE_CONTROL_POLICY) detached from root

      > **1 destructive operation** (\`-\`): review before merging.

      <details><summary>Notes</summary>

      - OU Legacy is not in the file (unmanaged)

      </details>"
    `);
  });
  it('says so when nothing changes', () => {
    expect(
      renderPlanText({
        ...plan,
        operations: [],
        summary: { create: 0, update: 0, delete: 0, replace: 0, total: 0 },
        access: [],
        policies: [],
        notes: [],
      }),
    ).toBe('No changes: the organization matches the file.');
  });
});
