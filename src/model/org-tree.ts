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

/** The tree part of a snapshot, for drawing. */
export function treeOf(snapshot: {
  organization: { id: string; managementAccountId: string; featureSet: string };
  root: { id: string };
  ous: Array<{ id: string; name: string; parentId: string; path: string }>;
  accounts: Array<{
    id: string;
    name: string;
    email: string;
    state: string;
    parentId: string;
    joinedMethod: string;
  }>;
}): OrgTree {
  return {
    organizationId: snapshot.organization.id,
    managementAccountId: snapshot.organization.managementAccountId,
    featureSet: snapshot.organization.featureSet,
    rootId: snapshot.root.id,
    ous: snapshot.ous.map(({ id, name, parentId, path }) => ({ id, name, parentId, path })),
    accounts: snapshot.accounts.map(({ id, name, email, state, parentId, joinedMethod }) => ({
      id,
      name,
      email,
      status: state,
      parentId,
      joinedMethod,
    })),
  };
}
