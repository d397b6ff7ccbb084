/**
 * Synthetic organizations for benchmarks (docs/aws-limits.md#benchmark-organizations), written straight
 * into sandbox state with a fixed seed: the same profile always yields the same organization.
 *
 * Shape: Root → 6 fixed top OUs → business units (≈√A/2) → prod/nonprod → team OUs (depth ≤ 5);
 * accounts spread over team OUs with a Zipf-like skew; ~A/20 SCPs; Identity Center with P permission
 * sets (3 global ones on every account), G groups, U users, ~3 memberships per user, 5% direct user
 * assignments.
 */
import { seededStream } from '../src/sandbox/rng.js';
import type { OrganizationState } from '../src/sandbox/services/organizations/state.js';
import type { IdentityStoreState, InstanceState } from '../src/sandbox/services/identity-center/state.js';
import type { World } from '../src/sandbox/world.js';
import { emptyWorld } from '../src/sandbox/sandbox.js';
import { emptyIamAccount } from '../src/sandbox/services/iam/state.js';
import { putServiceRole, trustAccountPolicy } from '../src/sandbox/services/iam/roles.js';
import { DEFAULT_REGIONS } from '../src/sandbox/world.js';

export interface Profile {
  name: string;
  accounts: number;
  permissionSets: number;
  groups: number;
  users: number;
  /** Target provisioned (account, permission set) pairs per account. */
  pairsPerAccount: number;
}

export const PROFILES: Record<string, Profile> = {
  'S-100': { name: 'S-100', accounts: 100, permissionSets: 20, groups: 40, users: 500, pairsPerAccount: 6 },
  'M-1k': { name: 'M-1k', accounts: 1000, permissionSets: 80, groups: 300, users: 5000, pairsPerAccount: 8 },
  'L-5k': {
    name: 'L-5k',
    accounts: 5000,
    permissionSets: 250,
    groups: 1500,
    users: 30000,
    pairsPerAccount: 10,
  },
  'XL-10k': {
    name: 'XL-10k',
    accounts: 10000,
    permissionSets: 400,
    groups: 3000,
    users: 60000,
    pairsPerAccount: 10,
  },
};

export interface SyntheticCounts {
  accounts: number;
  ous: number;
  policies: number;
  permissionSets: number;
  users: number;
  groups: number;
  memberships: number;
  assignments: number;
  pairs: number;
  maxDepth: number;
}

const MGMT = '100000000000';
const NOW = '2026-11-01T00:00:00.000Z';

function hex(random: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(random() * 16)];
  return s;
}

function uuid(random: () => number): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

export function syntheticWorld(profile: Profile, seed = 42): { world: World; counts: SyntheticCounts } {
  const random = seededStream(seed);
  const world = emptyWorld({ defaultAccountId: MGMT, seed });
  const orgId = 'o-bench00001';
  const rootId = 'r-bnch';
  const org: OrganizationState = {
    id: orgId,
    arn: `arn:aws:organizations::${MGMT}:organization/${orgId}`,
    featureSet: 'ALL',
    managementAccountId: MGMT,
    createdAt: NOW,
    root: { id: rootId, name: 'Root', policyTypes: ['SERVICE_CONTROL_POLICY'], tags: [] },
    ous: {},
    members: {},
    policies: {
      'p-FullAWSAccess': {
        id: 'p-FullAWSAccess',
        name: 'FullAWSAccess',
        description: 'Allows access to every operation',
        type: 'SERVICE_CONTROL_POLICY',
        content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
        awsManaged: true,
        tags: [],
      },
    },
    attachments: {},
    trustedServices: { 'sso.amazonaws.com': NOW, 'iam.amazonaws.com': NOW },
    delegatedAdmins: [],
    createAccountRequests: {},
    iamFeatures: [],
  };
  world.organizations[orgId] = org;
  let ouSeq = 0;
  const addOu = (name: string, parentId: string): string => {
    const id = `ou-bnch-${(ouSeq++).toString(36).padStart(8, '0')}`;
    org.ous[id] = { id, name, parentId, tags: [] };
    org.attachments[id] = ['p-FullAWSAccess'];
    return id;
  };
  org.attachments[rootId] = ['p-FullAWSAccess'];

  // OU tree: 6 top OUs, business units under Workloads, prod/nonprod, team OUs.
  const top = ['Security', 'Infrastructure', 'Workloads', 'Sandbox', 'Suspended', 'PolicyStaging'].map(
    (name) => ({ name, id: addOu(name, rootId) }),
  );
  const workloads = top[2]!.id;
  const units = Math.max(2, Math.round(Math.sqrt(profile.accounts) / 2));
  const teamOus: string[] = [];
  const teamsPerEnv = Math.max(1, Math.round(profile.accounts / 8 / units / 2) - 1);
  for (let u = 0; u < units; u++) {
    const unit = addOu(`BU-${u + 1}`, workloads);
    for (const env of ['Prod', 'NonProd']) {
      const envOu = addOu(env, unit);
      for (let t = 0; t < teamsPerEnv; t++) teamOus.push(addOu(`Team-${t + 1}`, envOu));
    }
  }
  const placeable = [...teamOus, top[0]!.id, top[1]!.id, top[3]!.id];

  // Accounts: the management account at the root, the rest spread with a Zipf-like skew.
  const addAccount = (id: string, name: string, parentId: string) => {
    world.accounts[id] = {
      id,
      name,
      email: `aws+${name.toLowerCase()}@bench.example`,
      createdAt: NOW,
      organizationId: orgId,
      supportPlan: 'BASIC',
      enabledRegions: [...DEFAULT_REGIONS],
      iam: emptyIamAccount(),
      services: {},
    };
    org.members[id] = {
      accountId: id,
      parentId,
      joinedMethod: 'CREATED',
      joinedTimestamp: NOW,
      state: 'ACTIVE',
      tags: [],
    };
    org.attachments[id] = ['p-FullAWSAccess'];
  };
  addAccount(MGMT, 'Management', rootId);
  const memberIds: string[] = [];
  for (let i = 1; i < profile.accounts; i++) {
    const rank = Math.floor(placeable.length * Math.pow(random(), 1.6));
    const id = String(200000000000 + i);
    addAccount(id, `acct-${i}`, placeable[Math.min(rank, placeable.length - 1)]!);
    memberIds.push(id);
  }

  // SCPs ≈ A/20, each on 1–5 targets, 2–5 KB.
  const targets = [rootId, ...Object.keys(org.ous), ...memberIds];
  const scps = Math.max(2, Math.round(profile.accounts / 20));
  for (let p = 0; p < scps; p++) {
    const id = `p-bench${p.toString(36).padStart(6, '0')}`;
    const statements = Array.from({ length: 8 + Math.floor(random() * 20) }, (_, s) => ({
      Sid: `Deny${p}x${s}`,
      Effect: 'Deny',
      Action: [`service${s}:Delete*`, `service${s}:Put*`],
      Resource: '*',
      Condition: { StringNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/Platform*'] } },
    }));
    org.policies[id] = {
      id,
      name: `Guardrail-${p}`,
      description: 'benchmark guardrail',
      type: 'SERVICE_CONTROL_POLICY',
      content: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      awsManaged: false,
      tags: [],
    };
    const attachTo = 1 + Math.floor(random() * 5);
    for (let t = 0; t < attachTo; t++) {
      const target = targets[Math.floor(random() * targets.length)]!;
      const list = org.attachments[target]!;
      if (!list.includes(id) && list.length < 10) list.push(id);
    }
  }

  // Identity Center.
  const identityStoreId = `d-${hex(random, 10)}`;
  const instanceArn = `arn:aws:sso:::instance/ssoins-${hex(random, 16)}`;
  const store: IdentityStoreState = { identityStoreId, users: {}, groups: {}, memberships: {} };
  const users = Array.from({ length: profile.users }, (_, i) => {
    const userId = `${hex(random, 10)}-${uuid(random)}`;
    store.users[userId] = {
      userId,
      userName: `user${i}@bench.example`,
      displayName: `User ${i}`,
      emails: [{ value: `user${i}@bench.example`, primary: true }],
      externalIds: [],
      createdAt: NOW,
    };
    return userId;
  });
  const groups = Array.from({ length: profile.groups }, (_, i) => {
    const groupId = `${hex(random, 10)}-${uuid(random)}`;
    store.groups[groupId] = { groupId, displayName: `group-${i}`, externalIds: [], createdAt: NOW };
    return groupId;
  });
  let memberships = 0;
  for (const userId of users) {
    const count = 1 + Math.floor(random() * 5);
    const seen = new Set<string>();
    for (let m = 0; m < count; m++) {
      const groupId = groups[Math.floor(groups.length * Math.pow(random(), 1.5))]!;
      if (seen.has(groupId)) continue;
      seen.add(groupId);
      const membershipId = uuid(random);
      store.memberships[membershipId] = { membershipId, groupId, userId };
      memberships++;
    }
  }
  world.identityStores[identityStoreId] = store;

  const instance: InstanceState = {
    instanceArn,
    identityStoreId,
    organizationId: orgId,
    ownerAccountId: MGMT,
    createdDate: NOW,
    status: 'ACTIVE',
    permissionSets: {},
    assignments: [],
    provisioned: {},
    requests: {},
  };
  const psArns = Array.from({ length: profile.permissionSets }, (_, i) => {
    const arn = `${instanceArn.replace(':instance/', ':permissionSet/')}/ps-${hex(random, 16)}`;
    const name = i === 0 ? 'ReadOnly' : i === 1 ? 'Admin' : i === 2 ? 'Billing' : `Team-${i}`;
    instance.permissionSets[arn] = {
      arn,
      name,
      sessionDuration: 'PT4H',
      createdDate: NOW,
      tags: [],
      managedPolicies: [
        i === 1 ? 'arn:aws:iam::aws:policy/AdministratorAccess' : 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      ],
      customerManagedPolicies: [],
      version: 1,
      ...(i > 2 && random() < 0.5
        ? {
            inlinePolicy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
            }),
          }
        : {}),
    };
    return arn;
  });
  const assign = (accountId: string, psArn: string, principalType: 'USER' | 'GROUP', principalId: string) => {
    instance.assignments.push({ accountId, permissionSetArn: psArn, principalType, principalId });
    (instance.provisioned[accountId] ??= {})[psArn] = 1;
  };
  const allAccounts = [MGMT, ...memberIds];
  for (const accountId of allAccounts) {
    // 3 global permission sets on every account, each to one platform group
    for (let g = 0; g < 3; g++) assign(accountId, psArns[g]!, 'GROUP', groups[g]!);
    const extra = Math.max(0, profile.pairsPerAccount - 3);
    for (let e = 0; e < extra; e++) {
      const psArn = psArns[3 + Math.floor(random() * (psArns.length - 3))]!;
      const principals = 1 + Math.floor(random() * 2);
      for (let p = 0; p < principals; p++) {
        if (random() < 0.05) assign(accountId, psArn, 'USER', users[Math.floor(random() * users.length)]!);
        else assign(accountId, psArn, 'GROUP', groups[Math.floor(random() * groups.length)]!);
      }
    }
  }
  // de-duplicate assignments that the random draw repeated
  const seenAssignments = new Set<string>();
  instance.assignments = instance.assignments.filter((a) => {
    const k = `${a.accountId}|${a.permissionSetArn}|${a.principalType}|${a.principalId}`;
    if (seenAssignments.has(k)) return false;
    seenAssignments.add(k);
    return true;
  });
  world.ssoInstances[instanceArn] = instance;

  const depthOf = (id: string): number => (id === rootId ? 0 : 1 + depthOf(org.ous[id]!.parentId));
  return {
    world,
    counts: {
      accounts: allAccounts.length,
      ous: Object.keys(org.ous).length,
      policies: scps,
      permissionSets: psArns.length,
      users: users.length,
      groups: groups.length,
      memberships,
      assignments: instance.assignments.length,
      pairs: Object.values(instance.provisioned).reduce((n, byPs) => n + Object.keys(byPs).length, 0),
      maxDepth: Math.max(...Object.keys(org.ous).map(depthOf)),
    },
  };
}

/**
 * The synthetic world with every member reachable from the management account through
 * OrganizationAccountAccessRole (AdministratorAccess), as an organization's created accounts are.
 */
export function syntheticWorldWithMemberRoles(profile: Profile): {
  world: World;
  managementId: string;
  members: string[];
} {
  const { world } = syntheticWorld(profile);
  const org = Object.values(world.organizations)[0]!;
  const managementId = org.managementAccountId;
  const members = Object.keys(org.members).filter((id) => id !== managementId);
  for (const id of members)
    putServiceRole(world, world.accounts[id]!, {
      roleName: 'OrganizationAccountAccessRole',
      assumeRolePolicyDocument: trustAccountPolicy(managementId),
      attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      createDate: new Date().toISOString(),
    });
  return { world, managementId, members };
}
