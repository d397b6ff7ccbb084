/**
 * Loads an orgward snapshot (the JSON `orgward snapshot` writes) as sandbox state, ids kept, so a user
 * can rehearse a change on a copy of their real organization: `orgward sandbox --seed snapshot.json`
 * or `POST /_sandbox/world` with the snapshot. The sandbox reads the documented snapshot format by its
 * shape (it does not import orgward's core).
 */
import { randomUuid } from './rng.js';
import { ADMINISTRATOR_ACCESS_ARN, putServiceRole, trustAccountPolicy } from './services/iam/roles.js';
import {
  organizationsOf,
  type OrganizationState,
  type PolicyType,
  type Tag,
} from './services/organizations/state.js';
import {
  identityStoresOf,
  type InstanceState,
  type PermissionSetState,
  ssoInstancesOf,
} from './services/identity-center/state.js';
import { allServices } from './services/index.js';
import { createWorld, ensureAccount, type World } from './world.js';
import { iamOf } from './services/iam/state.js';

type Tags = Record<string, string>;

/** The parts of the snapshot format (docs/snapshot.schema.json, version 1) the sandbox loads. */
export interface SnapshotDocument {
  version: 1;
  takenAt: string;
  organization: {
    id: string;
    arn: string;
    featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
    managementAccountId: string;
    managementAccountEmail: string;
    enabledPolicyTypes: string[];
    trustedAccess: Array<{ servicePrincipal: string; enabledAt: string | null }> | null;
    delegatedAdministrators: Array<{
      accountId: string;
      servicePrincipal: string;
      since: string | null;
    }> | null;
    rootAccess: { credentialsManagement: boolean; rootSessions: boolean } | null;
  };
  root: { id: string; name: string; tags: Tags };
  ous: Array<{ id: string; name: string; parentId: string; tags: Tags }>;
  accounts: Array<{
    id: string;
    name: string;
    email: string;
    state: string;
    joinedMethod: 'INVITED' | 'CREATED';
    joinedAt: string;
    parentId: string;
    tags: Tags;
  }>;
  policies: Array<{
    id: string;
    name: string;
    type: string;
    description: string;
    awsManaged: boolean;
    content: string;
    targets: string[];
    tags: Tags;
  }>;
  identityCenter: {
    instanceArn: string;
    identityStoreId: string;
    permissionSets: Array<{
      arn: string;
      name: string;
      description: string | null;
      sessionDuration: string;
      relayState: string | null;
      inlinePolicy: string | null;
      managedPolicies: string[];
      customerManagedPolicies: Array<{ name: string; path: string }>;
      permissionsBoundary: {
        managedPolicyArn: string | null;
        customerManagedPolicy: { name: string; path: string } | null;
      } | null;
      tags: Tags;
    }>;
    users: Array<{
      id: string;
      userName: string;
      displayName: string | null;
      email: string | null;
      external?: true;
    }>;
    groups: Array<{
      id: string;
      displayName: string;
      description: string | null;
      members: string[];
      external?: true;
    }>;
    assignments: Array<{
      accountId: string;
      permissionSetArn: string;
      principalType: 'USER' | 'GROUP';
      principalId: string;
    }>;
    provisioning: Array<{ accountId: string; permissionSetArn: string; current: boolean }>;
  } | null;
}

export function isSnapshotDocument(doc: unknown): doc is SnapshotDocument {
  return (
    typeof doc === 'object' &&
    doc !== null &&
    (doc as { version?: unknown }).version === 1 &&
    'takenAt' in doc &&
    'organization' in doc &&
    'accounts' in doc
  );
}

const tagList = (tags: Tags): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

function loadOrganization(world: World, snap: SnapshotDocument, now: Date): OrganizationState {
  const org = snap.organization;
  const attachments: Record<string, string[]> = {};
  for (const policy of snap.policies) {
    for (const target of policy.targets) (attachments[target] ??= []).push(policy.id);
  }
  const state: OrganizationState = {
    id: org.id,
    arn: org.arn,
    featureSet: org.featureSet,
    managementAccountId: org.managementAccountId,
    createdAt: snap.takenAt,
    root: {
      id: snap.root.id,
      name: snap.root.name,
      policyTypes: org.enabledPolicyTypes as PolicyType[],
      tags: tagList(snap.root.tags),
    },
    ous: Object.fromEntries(
      snap.ous.map((ou) => [
        ou.id,
        { id: ou.id, name: ou.name, parentId: ou.parentId, tags: tagList(ou.tags) },
      ]),
    ),
    members: Object.fromEntries(
      snap.accounts.map((a) => [
        a.id,
        {
          accountId: a.id,
          parentId: a.parentId,
          joinedMethod: a.joinedMethod,
          joinedTimestamp: a.joinedAt || now.toISOString(),
          state: a.state as OrganizationState['members'][string]['state'],
          tags: tagList(a.tags),
        },
      ]),
    ),
    policies: Object.fromEntries(
      snap.policies.map((p) => [
        p.id,
        {
          id: p.id,
          name: p.name,
          description: p.description,
          type: p.type as PolicyType,
          content: p.content,
          awsManaged: p.awsManaged,
          tags: tagList(p.tags),
        },
      ]),
    ),
    attachments,
    trustedServices: Object.fromEntries(
      (org.trustedAccess ?? []).map((t) => [t.servicePrincipal, t.enabledAt ?? now.toISOString()]),
    ),
    delegatedAdmins: (org.delegatedAdministrators ?? []).map((d) => ({
      accountId: d.accountId,
      servicePrincipal: d.servicePrincipal,
      delegationEnabledDate: d.since ?? now.toISOString(),
    })),
    createAccountRequests: {},
    iamFeatures: [
      ...(org.rootAccess?.credentialsManagement ? (['RootCredentialsManagement'] as const) : []),
      ...(org.rootAccess?.rootSessions ? (['RootSessions'] as const) : []),
    ],
  };
  for (const a of snap.accounts) {
    const account = ensureAccount(world, a.id, now);
    account.name = a.name;
    account.email = a.email;
    account.organizationId = org.id;
    if (a.state !== 'ACTIVE') account.closed = true;
    // The snapshot holds no IAM; give created members the role CreateAccount would have made, so
    // AssumeRole into them works in the rehearsal.
    if (
      a.joinedMethod === 'CREATED' &&
      a.id !== org.managementAccountId &&
      !iamOf(account).roles.OrganizationAccountAccessRole
    ) {
      putServiceRole(world, account, {
        roleName: 'OrganizationAccountAccessRole',
        assumeRolePolicyDocument: trustAccountPolicy(org.managementAccountId),
        attachedPolicies: [ADMINISTRATOR_ACCESS_ARN],
        createDate: a.joinedAt || now.toISOString(),
      });
    }
  }
  return state;
}

function loadIdentityCenter(world: World, snap: SnapshotDocument, now: Date): void {
  const ic = snap.identityCenter;
  if (!ic) return;
  const permissionSets: Record<string, PermissionSetState> = {};
  for (const ps of ic.permissionSets) {
    const boundary = ps.permissionsBoundary;
    permissionSets[ps.arn] = {
      arn: ps.arn,
      name: ps.name,
      ...(ps.description !== null ? { description: ps.description } : {}),
      sessionDuration: ps.sessionDuration,
      ...(ps.relayState !== null ? { relayState: ps.relayState } : {}),
      createdDate: snap.takenAt,
      tags: tagList(ps.tags),
      ...(ps.inlinePolicy !== null ? { inlinePolicy: ps.inlinePolicy } : {}),
      managedPolicies: [...ps.managedPolicies],
      customerManagedPolicies: ps.customerManagedPolicies.map((c) => ({ ...c })),
      ...(boundary
        ? {
            permissionsBoundary: {
              ...(boundary.managedPolicyArn ? { managedPolicyArn: boundary.managedPolicyArn } : {}),
              ...(boundary.customerManagedPolicy
                ? { customerManagedPolicyReference: { ...boundary.customerManagedPolicy } }
                : {}),
            },
          }
        : {}),
      // Version 2 with stale pairs provisioned at 1 keeps "out of date" provisioning visible.
      version: 2,
    };
  }
  const provisioned: InstanceState['provisioned'] = {};
  for (const p of ic.provisioning) (provisioned[p.accountId] ??= {})[p.permissionSetArn] = p.current ? 2 : 1;
  ssoInstancesOf(world)[ic.instanceArn] = {
    instanceArn: ic.instanceArn,
    identityStoreId: ic.identityStoreId,
    organizationId: snap.organization.id,
    ownerAccountId: snap.organization.managementAccountId,
    createdDate: snap.takenAt,
    status: 'ACTIVE',
    permissionSets,
    assignments: ic.assignments.map((a) => ({ ...a })),
    provisioned,
    requests: {},
  };
  const memberships: Record<string, { membershipId: string; groupId: string; userId: string }> = {};
  for (const group of ic.groups) {
    for (const userId of group.members) {
      const membershipId = randomUuid(world);
      memberships[membershipId] = { membershipId, groupId: group.id, userId };
    }
  }
  identityStoresOf(world)[ic.identityStoreId] = {
    identityStoreId: ic.identityStoreId,
    users: Object.fromEntries(
      ic.users.map((u) => [
        u.id,
        {
          userId: u.id,
          userName: u.userName,
          ...(u.displayName !== null ? { displayName: u.displayName } : {}),
          emails: u.email ? [{ value: u.email, type: 'work', primary: true }] : [],
          // A snapshot keeps only that an identity provider made it: its id there is the user's own.
          externalIds: u.external ? [{ issuer: SNAPSHOT_ISSUER, id: u.id }] : [],
          createdAt: now.toISOString(),
        },
      ]),
    ),
    groups: Object.fromEntries(
      ic.groups.map((g) => [
        g.id,
        {
          groupId: g.id,
          displayName: g.displayName,
          ...(g.description !== null ? { description: g.description } : {}),
          externalIds: g.external ? [{ issuer: SNAPSHOT_ISSUER, id: g.id }] : [],
          createdAt: now.toISOString(),
        },
      ]),
    ),
    memberships,
  };
}

/** The issuer of the external ids a loaded snapshot gives the identity provider's users and groups. */
const SNAPSHOT_ISSUER = 'https://scim.aws.com/snapshot';

/** A fresh world holding the snapshot's organization; the management account is the default account. */
export function worldFromSnapshot(snap: SnapshotDocument, now: Date): World {
  const world = createWorld(allServices, { defaultAccountId: snap.organization.managementAccountId });
  organizationsOf(world)[snap.organization.id] = loadOrganization(world, snap, now);
  const management = world.accounts[snap.organization.managementAccountId];
  if (management && snap.organization.managementAccountEmail)
    management.email = snap.organization.managementAccountEmail;
  loadIdentityCenter(world, snap, now);
  return world;
}
