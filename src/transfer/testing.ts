/**
 * Literal data for the transfer tests: a fixed clock, a small source organization as a snapshot, views of
 * both organizations and an account's evidence, each with defaults a test overrides where it matters.
 * No AWS, no sandbox.
 */
import type { Desired } from '../model/desired.js';
import type { OrgSnapshot, SnapshotAccount, SnapshotPolicy } from '../model/snapshot.js';
import type {
  AccessGrant,
  AccountEvidence,
  OrganizationView,
  PlacedPolicy,
  PolicyPlace,
  TransferEvidence,
} from '../model/transfer.js';

export const DAY_MS = 86_400_000;
/** The tests' clock. */
export const NOW = new Date('2025-06-15T12:00:00.000Z');
/** `NOW` minus `days`, as an ISO string. */
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();

export const SOURCE_ORG = 'o-source1111';
export const SOURCE_ROOT = 'r-src1';
export const SOURCE_MANAGEMENT = '111111111111';
export const MOVING = '222222222222';
export const OTHER = '333333333333';
export const DESTINATION_ORG = 'o-dest222222';
export const DESTINATION_MANAGEMENT = '999999999999';

/** A policy document of the given statements (minified JSON). */
export const doc = (...statements: Array<Record<string, unknown>>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** A Deny of `actions` on every resource, with an optional condition block. */
export const deny = (actions: string | string[], condition?: Record<string, unknown>) => ({
  Effect: 'Deny',
  Action: actions,
  Resource: '*',
  ...(condition ? { Condition: condition } : {}),
});

export const ALLOW_ALL = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

/** A policy placed on an account's path (an SCP at the root by default). */
export function placed(name: string, content: string, overrides: Partial<PlacedPolicy> = {}): PlacedPolicy {
  return {
    name,
    type: 'SERVICE_CONTROL_POLICY',
    awsManaged: false,
    content,
    at: { kind: 'root' },
    ...overrides,
  };
}

/** A policy of an organization view, attached at the root (`ouPath` null) or the OU path given. */
export function viewPolicy(
  name: string,
  ouPath: string | null,
  overrides: Partial<PlacedPolicy> = {},
): OrganizationView['policies'][number] {
  const at: PolicyPlace = ouPath === null ? { kind: 'root' } : { kind: 'ou', path: ouPath };
  return { ...placed(name, ALLOW_ALL, { at, ...overrides }), ouPath };
}

export function grant(
  principal: string,
  permissionSet: string,
  people: string[],
  principalType: AccessGrant['principalType'] = 'GROUP',
): AccessGrant {
  return { permissionSet, principalType, principal, people };
}

export function snapshotAccount(overrides: Partial<SnapshotAccount> = {}): SnapshotAccount {
  const id = overrides.id ?? MOVING;
  return {
    id,
    arn: `arn:aws:organizations::${SOURCE_MANAGEMENT}:account/${SOURCE_ORG}/${id}`,
    name: 'Acme Prod',
    email: `${id}@reseller.example`,
    state: 'ACTIVE',
    joinedMethod: 'INVITED',
    joinedAt: daysAgo(400),
    parentId: 'ou-src1-customers',
    tags: {},
    ...overrides,
  };
}

/** One moving account's evidence: nothing read finds anything unless overridden. */
export function accountFixture(
  overrides: Partial<AccountEvidence> = {},
  account: Partial<SnapshotAccount> = {},
): AccountEvidence {
  return {
    account: snapshotAccount(account),
    sourcePath: 'Customers',
    delegatedServices: [],
    sourcePolicies: [],
    access: [],
    stackInstances: [],
    memberships: [],
    managementRoles: [],
    iamUsers: { total: 0, withPassword: 0, withKeys: 0 },
    root: null,
    supportPlan: null,
    contacts: null,
    gaps: [],
    ...overrides,
  };
}

/** The source organization's view (as read live). */
export function sourceView(overrides: Partial<OrganizationView> = {}): OrganizationView {
  return {
    id: SOURCE_ORG,
    managementAccountId: SOURCE_MANAGEMENT,
    managementEmail: 'root@reseller.example',
    createdAt: daysAgo(1000),
    partition: 'aws',
    featureSet: 'ALL',
    accounts: 3,
    ous: [{ path: 'Customers', id: 'ou-src1-customers' }],
    rootId: SOURCE_ROOT,
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
    trustedAccess: [],
    rootCredentialsManagement: false,
    policies: [],
    ouAccess: null,
    coverage: null,
    openInvitations: 0,
    outboundBillingTransfers: 0,
    supportPlan: null,
    source: 'live',
    fingerprint: 'source-fingerprint',
    ...overrides,
  };
}

/** The destination organization's view, with a Workloads/Prod tree and no policies, access or coverage. */
export function destinationView(overrides: Partial<OrganizationView> = {}): OrganizationView {
  return {
    id: DESTINATION_ORG,
    managementAccountId: DESTINATION_MANAGEMENT,
    managementEmail: 'root@acme.example',
    createdAt: daysAgo(100),
    partition: 'aws',
    featureSet: 'ALL',
    accounts: 1,
    ous: [
      { path: 'Workloads', id: 'ou-dst1-workloads' },
      { path: 'Workloads/Prod', id: 'ou-dst1-prod' },
    ],
    rootId: 'r-dst1',
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
    trustedAccess: [],
    rootCredentialsManagement: true,
    policies: [],
    ouAccess: [],
    coverage: null,
    openInvitations: 0,
    outboundBillingTransfers: 0,
    supportPlan: null,
    source: 'live',
    fingerprint: 'destination-fingerprint',
    ...overrides,
  };
}

export function transferEvidence(overrides: Partial<TransferEvidence> = {}): TransferEvidence {
  return {
    takenAt: NOW.toISOString(),
    source: sourceView(),
    destination: destinationView(),
    accounts: [accountFixture()],
    references: [],
    scanned: { accounts: 3, regions: ['us-east-1'] },
    ...overrides,
  };
}

function snapshotPolicy(
  id: string,
  name: string,
  targets: string[],
  overrides: Partial<SnapshotPolicy> = {},
): SnapshotPolicy {
  return {
    id,
    arn: `arn:aws:organizations::${SOURCE_MANAGEMENT}:policy/${SOURCE_ORG}/service_control_policy/${id}`,
    name,
    type: 'SERVICE_CONTROL_POLICY',
    description: '',
    awsManaged: false,
    content: ALLOW_ALL,
    targets,
    tags: {},
    ...overrides,
  };
}

/**
 * The source organization: root r-src1 with Customers (ou-src1-customers) and Customers/Gold
 * (ou-src1-gold); the management account, the moving account in Customers and another account in Gold.
 * FullAWSAccess on the root, DenyLeave on Customers and on the moving account itself; Identity Center
 * with group AcmeAdmins (ana, bob) on the moving account and user carol on the other.
 */
export function sourceSnapshot(): OrgSnapshot {
  const ou = (id: string, name: string, parentId: string, path: string) => ({
    id,
    arn: `arn:aws:organizations::${SOURCE_MANAGEMENT}:ou/${SOURCE_ORG}/${id}`,
    name,
    parentId,
    path,
    tags: {},
  });
  return {
    version: 1,
    takenAt: NOW.toISOString(),
    source: {
      callerAccountId: SOURCE_MANAGEMENT,
      callerArn: `arn:aws:iam::${SOURCE_MANAGEMENT}:root`,
      region: 'us-east-1',
      endpoint: null,
    },
    organization: {
      id: SOURCE_ORG,
      arn: `arn:aws:organizations::${SOURCE_MANAGEMENT}:organization/${SOURCE_ORG}`,
      featureSet: 'ALL',
      managementAccountId: SOURCE_MANAGEMENT,
      managementAccountEmail: 'root@reseller.example',
      enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
      trustedAccess: [{ servicePrincipal: 'guardduty.amazonaws.com', enabledAt: null }],
      delegatedAdministrators: [
        { accountId: MOVING, servicePrincipal: 'guardduty.amazonaws.com', since: null },
        { accountId: OTHER, servicePrincipal: 'securityhub.amazonaws.com', since: null },
      ],
      rootAccess: { credentialsManagement: true, rootSessions: false },
    },
    root: {
      id: SOURCE_ROOT,
      arn: `arn:aws:organizations::${SOURCE_MANAGEMENT}:root/${SOURCE_ORG}/${SOURCE_ROOT}`,
      name: 'Root',
      tags: {},
    },
    ous: [
      ou('ou-src1-customers', 'Customers', SOURCE_ROOT, 'Customers'),
      ou('ou-src1-gold', 'Gold', 'ou-src1-customers', 'Customers/Gold'),
    ],
    accounts: [
      snapshotAccount({
        id: SOURCE_MANAGEMENT,
        name: 'Reseller',
        joinedMethod: 'INVITED',
        joinedAt: '2020-01-02T03:04:05.000Z',
        parentId: SOURCE_ROOT,
      }),
      snapshotAccount({ id: MOVING, name: 'Acme Prod', parentId: 'ou-src1-customers' }),
      snapshotAccount({ id: OTHER, name: 'Shared', parentId: 'ou-src1-gold' }),
    ],
    policies: [
      snapshotPolicy('p-FullAWSAccess', 'FullAWSAccess', [SOURCE_ROOT], { awsManaged: true }),
      snapshotPolicy('p-denyleave', 'DenyLeave', ['ou-src1-customers', MOVING], {
        content: doc(deny('organizations:LeaveOrganization')),
      }),
      snapshotPolicy('p-gold', 'GoldOnly', ['ou-src1-gold', OTHER]),
    ],
    identityCenter: {
      instanceArn: 'arn:aws:sso:::instance/ssoins-1',
      identityStoreId: 'd-1',
      permissionSets: [],
      users: [
        { id: 'u-ana', userName: 'ana', displayName: null, email: null },
        { id: 'u-bob', userName: 'bob', displayName: null, email: null },
        { id: 'u-carol', userName: 'carol', displayName: null, email: null },
      ],
      groups: [{ id: 'g-admins', displayName: 'AcmeAdmins', description: null, members: ['u-bob', 'u-ana'] }],
      assignments: [
        {
          accountId: MOVING,
          permissionSetArn: 'arn:ps/admin',
          permissionSetName: 'AdministratorAccess',
          principalType: 'GROUP',
          principalId: 'g-admins',
          principalName: 'AcmeAdmins',
        },
        {
          accountId: OTHER,
          permissionSetArn: 'arn:ps/read',
          permissionSetName: 'ReadOnly',
          principalType: 'USER',
          principalId: 'u-carol',
          principalName: 'carol',
        },
      ],
      provisioning: [
        { accountId: MOVING, permissionSetArn: 'arn:ps/admin', current: true },
        { accountId: OTHER, permissionSetArn: 'arn:ps/read', current: true },
      ],
    },
    gaps: [],
  };
}

/** An org.yaml, normalized: nothing but what the overrides say. */
export function desired(overrides: Partial<Desired> = {}): Desired {
  return {
    organization: {
      featureSet: 'ALL',
      policyTypes: undefined,
      trustedAccess: undefined,
      delegatedAdministrators: undefined,
      rootAccess: undefined,
    },
    ous: [],
    accounts: [],
    policies: [],
    identityCenter: undefined,
    baseline: undefined,
    budgets: undefined,
    prune: new Set(),
    ...overrides,
  };
}
