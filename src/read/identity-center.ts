/**
 * Reads IAM Identity Center: the instance, permission sets with all their policies, users, groups,
 * memberships, every account assignment, and which provisioned permission sets are out of date.
 *
 * No API lists all assignments. They are read either per provisioned (account, permission set) pair
 * (`ListAccountAssignments`) or per principal (`ListAccountAssignmentsForPrincipal`, management account
 * only), whichever needs fewer calls for this organization: the pairs are counted first (one
 * `ListAccountsForProvisionedPermissionSet` walk per permission set), then compared with users + groups
 * (aws-limits.md §7).
 */
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  paginateListAccountAssignments,
  paginateListAccountAssignmentsForPrincipal,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListInstances,
  paginateListManagedPoliciesInPermissionSet,
  paginateListPermissionSets,
  paginateListTagsForResource,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import {
  paginateListGroupMemberships,
  paginateListGroups,
  paginateListUsers,
} from '@aws-sdk/client-identitystore';
import type { ClientFactory } from '../aws/clients.js';
import { AwsCallError } from '../errors/index.js';
import type {
  Gap,
  SnapshotAssignment,
  SnapshotGroup,
  SnapshotIdentityCenter,
  SnapshotPermissionSet,
  SnapshotUser,
} from '../model/snapshot.js';
import { mapLimit } from '../util/pool.js';
import { readDetail, readOrGap } from './gaps.js';
import type { ReadOptions } from './options.js';

export type AssignmentStrategy = 'per-pair' | 'per-principal';

export interface IdentityCenterRead {
  identityCenter: SnapshotIdentityCenter | null;
  /** How assignments were read, and the counts that decided it. */
  strategy: { chosen: AssignmentStrategy; pairs: number; principals: number } | null;
}

async function collect<T, P>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

async function readBoundary(
  client: SSOAdminClient,
  input: { InstanceArn: string; PermissionSetArn: string },
): Promise<SnapshotPermissionSet['permissionsBoundary']> {
  try {
    const found = (await client.send(new GetPermissionsBoundaryForPermissionSetCommand(input)))
      .PermissionsBoundary;
    if (!found) return null;
    const ref = found.CustomerManagedPolicyReference;
    return {
      managedPolicyArn: found.ManagedPolicyArn ?? null,
      customerManagedPolicy: ref?.Name ? { name: ref.Name, path: ref.Path ?? '/' } : null,
    };
  } catch (error) {
    // AWS answers ResourceNotFoundException when the permission set has no boundary.
    if (error instanceof AwsCallError && error.awsCode === 'ResourceNotFoundException') return null;
    throw error;
  }
}

async function readPermissionSet(
  client: SSOAdminClient,
  instanceArn: string,
  arn: string,
  gaps: Gap[],
): Promise<SnapshotPermissionSet> {
  // SDK paginators write NextToken into their input: every call gets its own input object.
  const input = () => ({ InstanceArn: instanceArn, PermissionSetArn: arn });
  const described = (await client.send(new DescribePermissionSetCommand(input()))).PermissionSet;
  const managed = await collect(
    paginateListManagedPoliciesInPermissionSet({ client }, input()),
    (p) => p.AttachedManagedPolicies,
  );
  const customer = await collect(
    paginateListCustomerManagedPolicyReferencesInPermissionSet({ client }, input()),
    (p) => p.CustomerManagedPolicyReferences,
  );
  const inline = (await client.send(new GetInlinePolicyForPermissionSetCommand(input()))).InlinePolicy;
  const boundary = await readDetail(
    gaps,
    'identityCenter.permissionSets.permissionsBoundary',
    () => readBoundary(client, input()),
    null,
  );
  const tags = await readDetail(
    gaps,
    'identityCenter.permissionSets.tags',
    () =>
      collect(
        paginateListTagsForResource({ client }, { InstanceArn: instanceArn, ResourceArn: arn }),
        (p) => p.Tags,
      ),
    [],
  );
  return {
    arn,
    name: described?.Name ?? arn,
    description: described?.Description ?? null,
    sessionDuration: described?.SessionDuration ?? 'PT1H',
    relayState: described?.RelayState ?? null,
    inlinePolicy: inline ? inline : null,
    managedPolicies: managed.flatMap((m) => (m.Arn ? [m.Arn] : [])).sort(),
    customerManagedPolicies: customer
      .flatMap((c) => (c.Name ? [{ name: c.Name, path: c.Path ?? '/' }] : []))
      .sort((a, b) => a.path.localeCompare(b.path) || a.name.localeCompare(b.name)),
    permissionsBoundary: boundary,
    tags: Object.fromEntries(tags.flatMap((t) => (t.Key ? [[t.Key, t.Value ?? '']] : []))),
  };
}

export async function readIdentityCenter(
  factory: ClientFactory,
  gaps: Gap[],
  context: { callerIsManagementAccount: boolean },
  options: ReadOptions = {},
): Promise<IdentityCenterRead> {
  const none: IdentityCenterRead = { identityCenter: null, strategy: null };
  const client = factory.ssoAdmin();
  const ids = factory.identityStore();
  const concurrency = options.concurrency ?? 8;
  const progress = options.onProgress ?? (() => undefined);

  const instances = await readOrGap(gaps, 'identityCenter', () =>
    collect(paginateListInstances({ client }, {}), (p) => p.Instances),
  );
  const instance = instances?.[0];
  if (!instance?.InstanceArn || !instance.IdentityStoreId) return none;
  const instanceArn = instance.InstanceArn;
  const identityStoreId = instance.IdentityStoreId;

  // SSO Admin (permission sets, provisioned pairs) and Identity Store (users, groups) are separate
  // rate buckets: read them side by side.
  const ssoAdminPart = async () => {
    const setArns = await collect(
      paginateListPermissionSets({ client }, { InstanceArn: instanceArn }),
      (p) => p.PermissionSets,
    );
    let done = 0;
    const permissionSets = await mapLimit(setArns, concurrency, async (arn) => {
      const set = await readPermissionSet(client, instanceArn, arn, gaps);
      progress({ phase: 'permission sets', done: ++done, total: setArns.length });
      return set;
    });
    // Provisioned pairs, and which of them are out of date.
    const pairs: Array<{ accountId: string; permissionSetArn: string }> = [];
    const stale = new Set<string>();
    await mapLimit(setArns, concurrency, async (arn) => {
      // SDK paginators write NextToken into their input: every listing gets its own input object.
      const base = () => ({ InstanceArn: instanceArn, PermissionSetArn: arn });
      for (const accountId of await collect(
        paginateListAccountsForProvisionedPermissionSet({ client }, base()),
        (p) => p.AccountIds,
      )) {
        pairs.push({ accountId, permissionSetArn: arn });
      }
      const outdated = await collect(
        paginateListAccountsForProvisionedPermissionSet(
          { client },
          { ...base(), ProvisioningStatus: 'LATEST_PERMISSION_SET_NOT_PROVISIONED' },
        ),
        (p) => p.AccountIds,
      );
      for (const accountId of outdated) stale.add(`${accountId}|${arn}`);
    });
    return { permissionSets, pairs, stale };
  };
  const identityStorePart = async () => {
    const users: SnapshotUser[] = (
      await collect(paginateListUsers({ client: ids }, { IdentityStoreId: identityStoreId }), (p) => p.Users)
    ).map((u) => ({
      id: u.UserId!,
      userName: u.UserName ?? '',
      displayName: u.DisplayName ?? null,
      email: u.Emails?.find((e) => e.Primary)?.Value ?? u.Emails?.[0]?.Value ?? null,
    }));
    const rawGroups = await collect(
      paginateListGroups({ client: ids }, { IdentityStoreId: identityStoreId }),
      (p) => p.Groups,
    );
    let done = 0;
    const groups: SnapshotGroup[] = await mapLimit(rawGroups, concurrency, async (g) => {
      const memberships = await collect(
        paginateListGroupMemberships(
          { client: ids },
          { IdentityStoreId: identityStoreId, GroupId: g.GroupId! },
        ),
        (p) => p.GroupMemberships,
      );
      progress({ phase: 'groups', done: ++done, total: rawGroups.length });
      return {
        id: g.GroupId!,
        displayName: g.DisplayName ?? '',
        description: g.Description ?? null,
        members: memberships
          .flatMap((m) =>
            m.MemberId && 'UserId' in m.MemberId && m.MemberId.UserId ? [m.MemberId.UserId] : [],
          )
          .sort(),
      };
    });
    return { users, groups };
  };
  const [{ permissionSets, pairs, stale }, { users, groups }] = await Promise.all([
    ssoAdminPart(),
    identityStorePart(),
  ]);

  const principals = users.length + groups.length;
  const chosen: AssignmentStrategy =
    context.callerIsManagementAccount && principals < pairs.length ? 'per-principal' : 'per-pair';
  const found: Array<Omit<SnapshotAssignment, 'permissionSetName' | 'principalName'>> = [];
  let done = 0;
  if (chosen === 'per-pair') {
    await mapLimit(pairs, concurrency, async ({ accountId, permissionSetArn }) => {
      const rows = await collect(
        paginateListAccountAssignments(
          { client },
          { InstanceArn: instanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn },
        ),
        (p) => p.AccountAssignments,
      );
      for (const row of rows) {
        if (row.PrincipalId && (row.PrincipalType === 'USER' || row.PrincipalType === 'GROUP')) {
          found.push({
            accountId,
            permissionSetArn,
            principalType: row.PrincipalType,
            principalId: row.PrincipalId,
          });
        }
      }
      progress({ phase: 'assignments', done: ++done, total: pairs.length });
    });
  } else {
    const all = [
      ...users.map((u) => ({ id: u.id, type: 'USER' as const })),
      ...groups.map((g) => ({ id: g.id, type: 'GROUP' as const })),
    ];
    await mapLimit(all, concurrency, async ({ id, type }) => {
      const rows = await collect(
        paginateListAccountAssignmentsForPrincipal(
          { client },
          { InstanceArn: instanceArn, PrincipalId: id, PrincipalType: type },
        ),
        (p) => p.AccountAssignments,
      );
      for (const row of rows) {
        if (row.AccountId && row.PermissionSetArn) {
          found.push({
            accountId: row.AccountId,
            permissionSetArn: row.PermissionSetArn,
            principalType: type,
            principalId: id,
          });
        }
      }
      progress({ phase: 'assignments', done: ++done, total: all.length });
    });
  }

  const setNames = new Map(permissionSets.map((s) => [s.arn, s.name]));
  const principalNames = new Map<string, string>([
    ...users.map((u) => [`USER|${u.id}`, u.userName] as const),
    ...groups.map((g) => [`GROUP|${g.id}`, g.displayName] as const),
  ]);
  const assignments: SnapshotAssignment[] = found
    .map((a) => ({
      ...a,
      permissionSetName: setNames.get(a.permissionSetArn) ?? a.permissionSetArn,
      principalName: principalNames.get(`${a.principalType}|${a.principalId}`) ?? null,
    }))
    .sort(
      (a, b) =>
        a.accountId.localeCompare(b.accountId) ||
        a.permissionSetName.localeCompare(b.permissionSetName) ||
        a.principalType.localeCompare(b.principalType) ||
        a.principalId.localeCompare(b.principalId),
    );

  return {
    identityCenter: {
      instanceArn,
      identityStoreId,
      permissionSets: permissionSets.sort((a, b) => a.name.localeCompare(b.name)),
      users: users.sort((a, b) => a.userName.localeCompare(b.userName)),
      groups: groups.sort((a, b) => a.displayName.localeCompare(b.displayName)),
      assignments,
      provisioning: pairs
        .map((p) => ({ ...p, current: !stale.has(`${p.accountId}|${p.permissionSetArn}`) }))
        .sort(
          (a, b) =>
            a.accountId.localeCompare(b.accountId) || a.permissionSetArn.localeCompare(b.permissionSetArn),
        ),
    },
    strategy: { chosen, pairs: pairs.length, principals },
  };
}
