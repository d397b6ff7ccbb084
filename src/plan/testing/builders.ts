/** Small literal builders for planner tests. */
import { loadConfigText } from '../../config/load.js';
import { normalize } from '../../config/normalize.js';
import type { Desired } from '../../model/desired.js';
import type {
  OrgSnapshot,
  SnapshotAccount,
  SnapshotOu,
  SnapshotPermissionSet,
  SnapshotPolicy,
} from '../../model/snapshot.js';

export const ROOT = 'r-ab12';
export const MGMT = '111111111111';

export function ou(path: string, id: string, parentId: string): SnapshotOu {
  return {
    id,
    arn: `arn:aws:organizations::${MGMT}:ou/o-x/${id}`,
    name: path.split('/').pop()!,
    parentId,
    path,
    tags: {},
  };
}

export function account(
  id: string,
  name: string,
  email: string,
  parentId = ROOT,
  extra: Partial<SnapshotAccount> = {},
): SnapshotAccount {
  return {
    id,
    arn: `arn:aws:organizations::${MGMT}:account/o-x/${id}`,
    name,
    email,
    state: 'ACTIVE',
    joinedMethod: 'CREATED',
    joinedAt: '2026-01-01T00:00:00.000Z',
    parentId,
    tags: {},
    ...extra,
  };
}

export function scp(id: string, name: string, content: string, targets: string[]): SnapshotPolicy {
  return {
    id,
    arn: `arn:p/${id}`,
    name,
    type: 'SERVICE_CONTROL_POLICY',
    description: '',
    awsManaged: false,
    content,
    targets,
    tags: {},
  };
}

export function snapshot(parts: Partial<OrgSnapshot> = {}): OrgSnapshot {
  return {
    version: 1,
    takenAt: '2026-11-01T00:00:00.000Z',
    source: {
      callerAccountId: MGMT,
      callerArn: `arn:aws:iam::${MGMT}:user/admin`,
      region: 'us-east-1',
      endpoint: null,
    },
    organization: {
      id: 'o-x',
      arn: `arn:aws:organizations::${MGMT}:organization/o-x`,
      featureSet: 'ALL',
      managementAccountId: MGMT,
      managementAccountEmail: 'mgmt@example.com',
      enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
      trustedAccess: [],
      delegatedAdministrators: [],
      rootAccess: { credentialsManagement: false, rootSessions: false },
    },
    root: { id: ROOT, arn: `arn:root/${ROOT}`, name: 'Root', tags: {} },
    ous: [],
    accounts: [account(MGMT, 'Management', 'mgmt@example.com')],
    policies: [],
    identityCenter: null,
    gaps: [],
    ...parts,
  };
}

/** org.yaml text → Desired, failing the test with the file's problems. */
export function desiredFrom(yaml: string): Desired {
  const loaded = loadConfigText('org.yaml', yaml, () => undefined);
  if (!loaded.config) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
  return normalize(loaded.config, () => undefined);
}

/** A live permission set with nothing set but what `parts` gives. */
export function permissionSet(
  arn: string,
  name: string,
  parts: Partial<SnapshotPermissionSet> = {},
): SnapshotPermissionSet {
  return {
    arn,
    name,
    description: null,
    sessionDuration: 'PT1H',
    relayState: null,
    inlinePolicy: null,
    managedPolicies: [],
    customerManagedPolicies: [],
    permissionsBoundary: null,
    tags: {},
    ...parts,
  };
}
