import { describe, expect, it } from 'vitest';
import type { OrgTree } from '../model/org-tree.js';
import { renderTree } from './tree.js';

const tree: OrgTree = {
  organizationId: 'o-abc1234567',
  managementAccountId: '111111111111',
  featureSet: 'ALL',
  rootId: 'r-ab12',
  ous: [
    { id: 'ou-ab12-11111111', name: 'Workloads', parentId: 'r-ab12', path: 'Workloads' },
    { id: 'ou-ab12-22222222', name: 'Prod', parentId: 'ou-ab12-11111111', path: 'Workloads/Prod' },
    { id: 'ou-ab12-33333333', name: 'Dev', parentId: 'ou-ab12-11111111', path: 'Workloads/Dev' },
    { id: 'ou-ab12-44444444', name: 'Security', parentId: 'r-ab12', path: 'Security' },
  ],
  accounts: [
    {
      id: '111111111111',
      name: 'Management',
      email: 'm@x',
      status: 'ACTIVE',
      parentId: 'r-ab12',
      joinedMethod: 'CREATED',
    },
    {
      id: '222222222222',
      name: 'Shop Prod',
      email: 'p@x',
      status: 'ACTIVE',
      parentId: 'ou-ab12-22222222',
      joinedMethod: 'CREATED',
    },
    {
      id: '333333333333',
      name: 'Old',
      email: 'o@x',
      status: 'SUSPENDED',
      parentId: 'ou-ab12-33333333',
      joinedMethod: 'INVITED',
    },
  ],
};

describe('renderTree', () => {
  it('draws OUs before accounts, sorted, marking the management account and inactive accounts', () => {
    expect(renderTree(tree)).toMatchInlineSnapshot(`
      "Root r-ab12  (organization o-abc1234567, ALL)
      ├── Security/  ou-ab12-44444444
      ├── Workloads/  ou-ab12-11111111
      │   ├── Dev/  ou-ab12-33333333
      │   │   └── Old  333333333333  [SUSPENDED]
      │   └── Prod/  ou-ab12-22222222
      │       └── Shop Prod  222222222222
      └── Management  111111111111  [management]"
    `);
  });
});
