/**
 * Reads the OU tree by walking it by parent: per parent one ListOrganizationalUnitsForParent and one
 * ListAccountsForParent walk (20 per page), which return full Account objects, so no DescribeAccount
 * or ListParents per account is ever needed (aws-limits.md §1: ≈ 2·OUs + accounts/20 calls).
 */
import {
  DescribeOrganizationCommand,
  ListRootsCommand,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../aws/clients.js';
import type { OrgTree, OrgTreeAccount, OrgTreeOu } from '../model/org-tree.js';
import { mapLimit } from '../util/pool.js';

export async function readOrgTree(
  factory: ClientFactory,
  options: { concurrency?: number } = {},
): Promise<OrgTree> {
  const client = factory.organizations();
  const concurrency = options.concurrency ?? 4;
  const { Organization: org } = await client.send(new DescribeOrganizationCommand({}));
  const { Roots: roots = [] } = await client.send(new ListRootsCommand({}));
  const root = roots[0];
  if (!org?.Id || !root?.Id) throw new Error('DescribeOrganization or ListRoots answered without an id');

  const ous: OrgTreeOu[] = [];
  const accounts: OrgTreeAccount[] = [];
  let level: Array<{ id: string; path: string }> = [{ id: root.Id, path: '' }];
  while (level.length > 0) {
    const children = await mapLimit(level, concurrency, async (parent) => {
      const found: Array<{ id: string; path: string }> = [];
      for await (const page of paginateListOrganizationalUnitsForParent(
        { client },
        { ParentId: parent.id },
      )) {
        for (const ou of page.OrganizationalUnits ?? []) {
          if (!ou.Id || !ou.Name) continue;
          const path = parent.path ? `${parent.path}/${ou.Name}` : ou.Name;
          ous.push({ id: ou.Id, name: ou.Name, parentId: parent.id, path });
          found.push({ id: ou.Id, path });
        }
      }
      for await (const page of paginateListAccountsForParent({ client }, { ParentId: parent.id })) {
        for (const account of page.Accounts ?? []) {
          if (!account.Id) continue;
          accounts.push({
            id: account.Id,
            name: account.Name ?? '',
            email: account.Email ?? '',
            status: account.State ?? account.Status ?? 'UNKNOWN',
            parentId: parent.id,
            joinedMethod: account.JoinedMethod ?? 'UNKNOWN',
          });
        }
      }
      return found;
    });
    level = children.flat();
  }
  ous.sort((a, b) => a.path.localeCompare(b.path));
  accounts.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return {
    organizationId: org.Id,
    managementAccountId: org.MasterAccountId ?? '',
    featureSet: org.FeatureSet ?? 'UNKNOWN',
    rootId: root.Id,
    ous,
    accounts,
  };
}
