/**
 * The sections of the Identity Center read ({@link readIdentityCenter} runs them): permission sets and
 * their provisioning (SSO Admin), users and groups (Identity Store), assignments by either strategy, and
 * the assembled, sorted result. Each section reads through one {@link IdentityCenterReadContext}.
 */
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  paginateListAccountAssignments,
  paginateListAccountAssignmentsForPrincipal,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListManagedPoliciesInPermissionSet,
  paginateListPermissionSets,
  paginateListTagsForResource,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import {
  paginateListGroupMemberships,
  paginateListGroups,
  paginateListUsers,
  type Group,
  type IdentitystoreClient,
  type User,
} from '@aws-sdk/client-identitystore';
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
import { readDetail } from './gaps.js';
import type { ReadProgress } from './options.js';

export type AssignmentStrategy = 'per-pair' | 'per-principal';

/** What every section of the Identity Center read shares, once the instance is known. */
export interface IdentityCenterReadContext {
  client: SSOAdminClient;
  ids: IdentitystoreClient;
  gaps: Gap[];
  concurrency: number;
  progress: (progress: ReadProgress) => void;
  instanceArn: string;
  identityStoreId: string;
}

/** A provisioned (account, permission set) pair. */
export interface ProvisionedPair {
  accountId: string;
  permissionSetArn: string;
}

/** An assignment as read, before the names are joined on. */
export type FoundAssignment = Omit<SnapshotAssignment, 'permissionSetName' | 'principalName'>;

export async function collect<T, P>(
  pages: AsyncIterable<P>,
  pick: (page: P) => T[] | undefined,
): Promise<T[]> {
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
  ctx: IdentityCenterReadContext,
  arn: string,
): Promise<SnapshotPermissionSet> {
  const { client, instanceArn, gaps } = ctx;
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

/** Every permission set with all its policies, in the order of `setArns`. */
function readPermissionSets(
  ctx: IdentityCenterReadContext,
  setArns: string[],
): Promise<SnapshotPermissionSet[]> {
  let done = 0;
  return mapLimit(setArns, ctx.concurrency, async (arn) => {
    const set = await readPermissionSet(ctx, arn);
    ctx.progress({ phase: 'permission sets', done: ++done, total: setArns.length });
    return set;
  });
}

/** Provisioned pairs, and which of them are out of date (`accountId|permissionSetArn`). */
async function readProvisioning(
  ctx: IdentityCenterReadContext,
  setArns: string[],
): Promise<{ pairs: ProvisionedPair[]; stale: Set<string> }> {
  const { client, instanceArn } = ctx;
  const pairs: ProvisionedPair[] = [];
  const stale = new Set<string>();
  await mapLimit(setArns, ctx.concurrency, async (arn) => {
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
  return { pairs, stale };
}

export interface SsoAdminPart {
  permissionSets: SnapshotPermissionSet[];
  pairs: ProvisionedPair[];
  stale: Set<string>;
}

/** The SSO Admin side: permission sets, then their provisioning. */
export async function readSsoAdminPart(ctx: IdentityCenterReadContext): Promise<SsoAdminPart> {
  const setArns = await collect(
    paginateListPermissionSets({ client: ctx.client }, { InstanceArn: ctx.instanceArn }),
    (p) => p.PermissionSets,
  );
  const permissionSets = await readPermissionSets(ctx, setArns);
  const { pairs, stale } = await readProvisioning(ctx, setArns);
  return { permissionSets, pairs, stale };
}

export function toSnapshotUser(u: User): SnapshotUser {
  return {
    id: u.UserId!,
    userName: u.UserName ?? '',
    displayName: u.DisplayName ?? null,
    email: u.Emails?.find((e) => e.Primary)?.Value ?? u.Emails?.[0]?.Value ?? null,
    ...(u.ExternalIds?.length ? { external: true as const } : {}),
  };
}

/** One group with its members (user ids, sorted); `onRead` once it is read. */
async function readGroup(
  ctx: IdentityCenterReadContext,
  g: Group,
  onRead: () => void,
): Promise<SnapshotGroup> {
  const memberships = await collect(
    paginateListGroupMemberships(
      { client: ctx.ids },
      { IdentityStoreId: ctx.identityStoreId, GroupId: g.GroupId! },
    ),
    (p) => p.GroupMemberships,
  );
  onRead();
  return {
    id: g.GroupId!,
    displayName: g.DisplayName ?? '',
    description: g.Description ?? null,
    members: memberships
      .flatMap((m) => (m.MemberId && 'UserId' in m.MemberId && m.MemberId.UserId ? [m.MemberId.UserId] : []))
      .sort(),
    ...(g.ExternalIds?.length ? { external: true as const } : {}),
  };
}

export interface IdentityStorePart {
  users: SnapshotUser[];
  groups: SnapshotGroup[];
}

/** The Identity Store side: users, then groups with their memberships. */
export async function readIdentityStorePart(ctx: IdentityCenterReadContext): Promise<IdentityStorePart> {
  const { ids, identityStoreId } = ctx;
  const users: SnapshotUser[] = (
    await collect(paginateListUsers({ client: ids }, { IdentityStoreId: identityStoreId }), (p) => p.Users)
  ).map(toSnapshotUser);
  const rawGroups = await collect(
    paginateListGroups({ client: ids }, { IdentityStoreId: identityStoreId }),
    (p) => p.Groups,
  );
  let done = 0;
  const groups = await mapLimit(rawGroups, ctx.concurrency, (g) =>
    readGroup(ctx, g, () => ctx.progress({ phase: 'groups', done: ++done, total: rawGroups.length })),
  );
  return { users, groups };
}

/**
 * Per principal (management account only) when there are fewer principals than provisioned pairs;
 * per pair otherwise.
 */
export function chooseStrategy(
  callerIsManagementAccount: boolean,
  principals: number,
  pairs: number,
): AssignmentStrategy {
  return callerIsManagementAccount && principals < pairs ? 'per-principal' : 'per-pair';
}

/** Assignments read with one `ListAccountAssignments` walk per provisioned pair. */
export async function readAssignmentsPerPair(
  ctx: IdentityCenterReadContext,
  pairs: ProvisionedPair[],
): Promise<FoundAssignment[]> {
  const found: FoundAssignment[] = [];
  let done = 0;
  await mapLimit(pairs, ctx.concurrency, async ({ accountId, permissionSetArn }) => {
    const rows = await collect(
      paginateListAccountAssignments(
        { client: ctx.client },
        { InstanceArn: ctx.instanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn },
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
    ctx.progress({ phase: 'assignments', done: ++done, total: pairs.length });
  });
  return found;
}

/** Assignments read with one `ListAccountAssignmentsForPrincipal` walk per user and group. */
export async function readAssignmentsPerPrincipal(
  ctx: IdentityCenterReadContext,
  { users, groups }: IdentityStorePart,
): Promise<FoundAssignment[]> {
  const found: FoundAssignment[] = [];
  let done = 0;
  const all = [
    ...users.map((u) => ({ id: u.id, type: 'USER' as const })),
    ...groups.map((g) => ({ id: g.id, type: 'GROUP' as const })),
  ];
  await mapLimit(all, ctx.concurrency, async ({ id, type }) => {
    const rows = await collect(
      paginateListAccountAssignmentsForPrincipal(
        { client: ctx.client },
        { InstanceArn: ctx.instanceArn, PrincipalId: id, PrincipalType: type },
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
    ctx.progress({ phase: 'assignments', done: ++done, total: all.length });
  });
  return found;
}

/** Assignments with the permission set's and the principal's names, in a stable order. */
export function nameAssignments(
  found: FoundAssignment[],
  { permissionSets }: Pick<SsoAdminPart, 'permissionSets'>,
  { users, groups }: IdentityStorePart,
): SnapshotAssignment[] {
  const setNames = new Map(permissionSets.map((s) => [s.arn, s.name]));
  const principalNames = new Map<string, string>([
    ...users.map((u) => [`USER|${u.id}`, u.userName] as const),
    ...groups.map((g) => [`GROUP|${g.id}`, g.displayName] as const),
  ]);
  return found
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
}

/** The read as the snapshot holds it: everything sorted, provisioning marked current or not. */
export function assembleIdentityCenter(
  ctx: Pick<IdentityCenterReadContext, 'instanceArn' | 'identityStoreId'>,
  ssoAdmin: SsoAdminPart,
  identityStore: IdentityStorePart,
  found: FoundAssignment[],
): SnapshotIdentityCenter {
  const { permissionSets, pairs, stale } = ssoAdmin;
  const { users, groups } = identityStore;
  const assignments = nameAssignments(found, ssoAdmin, identityStore);
  return {
    instanceArn: ctx.instanceArn,
    identityStoreId: ctx.identityStoreId,
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
  };
}
