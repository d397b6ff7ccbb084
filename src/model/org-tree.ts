/** The organization's structure: its root, OUs (with their paths) and accounts. */
export interface OrgTreeOu {
  id: string;
  name: string;
  parentId: string;
  /** Names from the root down, joined with `/`: `Workloads/Prod`. */
  path: string;
}

export interface OrgTreeAccount {
  id: string;
  name: string;
  email: string;
  status: string;
  parentId: string;
  joinedMethod: string;
}

export interface OrgTree {
  organizationId: string;
  managementAccountId: string;
  featureSet: string;
  rootId: string;
  ous: OrgTreeOu[];
  accounts: OrgTreeAccount[];
}
