/**
 * The facts the access answers are drawn from: the organization (tree, SCPs and RCPs), Identity Center
 * (permission sets, users, groups, assignments with their ends), the policy documents the permission sets
 * name (AWS-managed, and customer-managed per account), and — for the jump-account pattern — IAM users,
 * groups and roles with their policies and trust policies. Built from a snapshot (what is) or from
 * org.yaml resolved against a snapshot (what will be after apply); pure data, JSON-serialisable.
 */
import type { OrgSnapshot } from '../model/snapshot.js';
import type { AccessPortal } from './reachable.js';

export interface AccessPermissionSet {
  name: string;
  inlinePolicy: string | null;
  managedPolicies: string[];
  customerManagedPolicies: Array<{ name: string; path: string }>;
  boundary: { managedPolicyArn?: string; customerManagedPolicy?: { name: string; path: string } } | null;
  sessionDuration: string;
}

export interface AccessAssignment {
  accountId: string;
  permissionSet: string;
  principalType: 'USER' | 'GROUP';
  /** User name or group display name. */
  principalName: string;
  /** ISO date-time the assignment ends (org.yaml `until`). */
  until?: string;
  /** How the file targets it: `ou:Workloads`, `account:Shop Prod`, `root`. */
  origin?: string;
}

export interface AccessIdentityCenter {
  portal?: AccessPortal;
  permissionSets: AccessPermissionSet[];
  users: Array<{ userName: string; displayName: string | null; email: string | null }>;
  /** Members by user name. */
  groups: Array<{ displayName: string; members: string[] }>;
  assignments: AccessAssignment[];
}

/** An IAM policy as attached to a principal: its name and document. */
export interface AttachedPolicy {
  name: string;
  document: string;
}

export interface AccessIamUser {
  userName: string;
  arn: string;
  groups: string[];
  policies: AttachedPolicy[];
  boundary?: AttachedPolicy;
  mfaSerial?: string;
  tags: Record<string, string>;
}

export interface AccessIamRole {
  roleName: string;
  arn: string;
  trustPolicy: string;
  policies: AttachedPolicy[];
  boundary?: AttachedPolicy;
  tags: Record<string, string>;
}

export interface AccessIamAccount {
  users: AccessIamUser[];
  /** Group name → its policies. */
  groups: Record<string, AttachedPolicy[]>;
  roles: AccessIamRole[];
}

export interface AccessModel {
  organization: { id: string; managementAccountId: string; rootId: string };
  ous: Array<{ id: string; name: string; parentId: string; path: string }>;
  accounts: Array<{ id: string; name: string; state: string; parentId: string }>;
  /** SCPs and RCPs with their documents and targets (root, OU and account ids). */
  policies: Array<{
    name: string;
    type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
    content: string;
    targets: string[];
  }>;
  identityCenter: AccessIdentityCenter | null;
  documents: {
    /** AWS-managed policy ARN → document; a missing one makes answers depend on it. */
    awsManaged: Record<string, string>;
    /** `accountId|policyName` → the customer-managed policy's document there, or null (absent). */
    customerManaged: Record<string, string | null>;
  };
  /** Account id → its IAM users, groups and roles, where they were read (`--iam-roles`). */
  iam: Record<string, AccessIamAccount>;
}

export interface AccessDocuments {
  awsManaged: Record<string, string>;
  customerManaged: Record<string, string | null>;
}

function organizationPart(snapshot: OrgSnapshot) {
  return {
    organization: {
      id: snapshot.organization.id,
      managementAccountId: snapshot.organization.managementAccountId,
      rootId: snapshot.root.id,
    },
    ous: snapshot.ous.map(({ id, name, parentId, path }) => ({ id, name, parentId, path })),
    accounts: snapshot.accounts.map(({ id, name, state, parentId }) => ({ id, name, state, parentId })),
    policies: snapshot.policies.flatMap((p) =>
      p.type === 'SERVICE_CONTROL_POLICY' || p.type === 'RESOURCE_CONTROL_POLICY'
        ? [{ name: p.name, type: p.type, content: p.content, targets: p.targets }]
        : [],
    ),
  };
}

/** The portal Identity Center gives every instance: `https://<identity store id>.awsapps.com/start`. */
export function defaultPortal(snapshot: OrgSnapshot): AccessPortal | undefined {
  const ic = snapshot.identityCenter;
  if (!ic) return undefined;
  return { startUrl: `https://${ic.identityStoreId}.awsapps.com/start`, region: snapshot.source.region };
}

/** Access as it is: the snapshot's Identity Center, with the documents read for it. */
export function accessModelFromSnapshot(
  snapshot: OrgSnapshot,
  documents: AccessDocuments,
  iam: Record<string, AccessIamAccount> = {},
  portal: AccessPortal | undefined = defaultPortal(snapshot),
): AccessModel {
  const ic = snapshot.identityCenter;
  const userName = new Map(ic?.users.map((u) => [u.id, u.userName]));
  return {
    ...organizationPart(snapshot),
    identityCenter: ic && {
      ...(portal ? { portal } : {}),
      permissionSets: ic.permissionSets.map((ps) => ({
        name: ps.name,
        inlinePolicy: ps.inlinePolicy,
        managedPolicies: ps.managedPolicies,
        customerManagedPolicies: ps.customerManagedPolicies,
        boundary: ps.permissionsBoundary && {
          ...(ps.permissionsBoundary.managedPolicyArn
            ? { managedPolicyArn: ps.permissionsBoundary.managedPolicyArn }
            : {}),
          ...(ps.permissionsBoundary.customerManagedPolicy
            ? { customerManagedPolicy: ps.permissionsBoundary.customerManagedPolicy }
            : {}),
        },
        sessionDuration: ps.sessionDuration,
      })),
      users: ic.users.map((u) => ({ userName: u.userName, displayName: u.displayName, email: u.email })),
      groups: ic.groups.map((g) => ({
        displayName: g.displayName,
        members: g.members.flatMap((id) => userName.get(id) ?? []),
      })),
      assignments: ic.assignments.flatMap((a) =>
        a.principalName === null
          ? []
          : [
              {
                accountId: a.accountId,
                permissionSet: a.permissionSetName,
                principalType: a.principalType,
                principalName: a.principalName,
              },
            ],
      ),
    },
    documents,
    iam,
  };
}
