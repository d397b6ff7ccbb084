/**
 * GetAccountAuthorizationDetails: the account's users, groups, roles and managed policies with
 * everything attached to them, in one paginated listing (the way inventories read IAM cheaply).
 */
import { optString } from '../../input.js';
import type { Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import { date, groupArn, iamAccount, iamPage, tagsOrUndefined, userArn, validationError } from './common.js';
import { encodeDocument } from './policy-documents.js';
import { attachmentCounts, findPolicy, policyNameOf, policyOutput, versionOutput } from './policies.js';
import { roleOutput } from './role-handlers.js';
import { iamOf, type GroupState, type RoleState, type UserState } from './state.js';
import { permissionsBoundary } from './users.js';

const FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type Filter = (typeof FILTERS)[number];

type Entry =
  | { kind: 'User'; user: UserState }
  | { kind: 'Group'; group: GroupState }
  | { kind: 'Role'; role: RoleState }
  | { kind: 'Policy'; arn: string };

const attached = (arns: readonly string[]) =>
  arns.map((arn) => ({ PolicyName: policyNameOf(arn), PolicyArn: arn }));
const inline = (policies: Record<string, string>) =>
  Object.entries(policies).map(([PolicyName, doc]) => ({ PolicyName, PolicyDocument: encodeDocument(doc) }));

function filtersOf(input: Record<string, unknown>): Set<Filter> {
  const raw = input['Filter'];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  for (const f of list)
    if (!FILTERS.includes(f as Filter))
      throw validationError(
        `1 validation error detected: Value '[${String(f)}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${FILTERS.join(', ')}]]`,
      );
  return new Set((list.length ? list : FILTERS) as Filter[]);
}

/** Every entity the filters ask for, in AWS's order: users, groups, roles, then managed policies. */
function entries(account: AccountRecord, filters: Set<Filter>): Entry[] {
  const iam = iamOf(account);
  const byName = <T>(record: Record<string, T>) =>
    Object.keys(record)
      .sort()
      .map((k) => record[k]!);
  const out: Entry[] = [];
  if (filters.has('User')) out.push(...byName(iam.users).map((user) => ({ kind: 'User' as const, user })));
  if (filters.has('Group'))
    out.push(...byName(iam.groups).map((group) => ({ kind: 'Group' as const, group })));
  if (filters.has('Role')) out.push(...byName(iam.roles).map((role) => ({ kind: 'Role' as const, role })));
  const counts = attachmentCounts(account);
  if (filters.has('LocalManagedPolicy'))
    out.push(
      ...Object.keys(iam.policies)
        .sort()
        .map((arn) => ({ kind: 'Policy' as const, arn })),
    );
  // AWS-managed policies: those in use in the account.
  if (filters.has('AWSManagedPolicy'))
    out.push(
      ...[...counts.keys()]
        .filter((arn) => arn.startsWith('arn:aws:iam::aws:policy/'))
        .sort()
        .map((arn) => ({ kind: 'Policy' as const, arn })),
    );
  return out;
}

const getAccountAuthorizationDetails: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const filters = filtersOf(input);
  optString(input, 'Marker', { min: 1, max: 320 });
  const all = entries(account, filters);
  const page = iamPage(ctx, input, all, `GetAccountAuthorizationDetails:${[...filters].sort().join(',')}`);
  const counts = attachmentCounts(account);
  const groupsOf = (user: UserState) => user.groups;
  return {
    UserDetailList: page.items.flatMap((e) =>
      e.kind === 'User'
        ? [
            {
              Path: e.user.path,
              UserName: e.user.userName,
              UserId: e.user.userId,
              Arn: userArn(account.id, e.user),
              CreateDate: date(e.user.createDate),
              UserPolicyList: inline(e.user.inlinePolicies),
              GroupList: groupsOf(e.user),
              AttachedManagedPolicies: attached(e.user.attachedPolicies),
              PermissionsBoundary: permissionsBoundary(e.user.permissionsBoundary),
              Tags: tagsOrUndefined(e.user.tags),
            },
          ]
        : [],
    ),
    GroupDetailList: page.items.flatMap((e) =>
      e.kind === 'Group'
        ? [
            {
              Path: e.group.path,
              GroupName: e.group.groupName,
              GroupId: e.group.groupId,
              Arn: groupArn(account.id, e.group),
              CreateDate: date(e.group.createDate),
              GroupPolicyList: inline(e.group.inlinePolicies),
              AttachedManagedPolicies: attached(e.group.attachedPolicies),
            },
          ]
        : [],
    ),
    RoleDetailList: page.items.flatMap((e) => {
      if (e.kind !== 'Role') return [];
      const out = roleOutput(account, e.role, true);
      return [
        {
          Path: out.Path,
          RoleName: out.RoleName,
          RoleId: out.RoleId,
          Arn: out.Arn,
          CreateDate: out.CreateDate,
          AssumeRolePolicyDocument: out.AssumeRolePolicyDocument,
          // The sandbox has no instance profiles.
          InstanceProfileList: [],
          RolePolicyList: inline(e.role.inlinePolicies),
          AttachedManagedPolicies: attached(e.role.attachedPolicies),
          PermissionsBoundary: out.PermissionsBoundary,
          Tags: out.Tags,
          RoleLastUsed: out.RoleLastUsed,
        },
      ];
    }),
    Policies: page.items.flatMap((e) => {
      if (e.kind !== 'Policy') return [];
      const found = findPolicy(account, e.arn);
      if (!found) return [];
      const {
        Tags: _tags,
        Description: _description,
        ...policy
      } = policyOutput(found, counts.get(e.arn) ?? 0);
      return [{ ...policy, PolicyVersionList: found.state.versions.map((v) => versionOutput(v, true)) }];
    }),
    ...page.meta,
  };
};

export const authorizationDetailsOperations: Record<string, Handler> = {
  GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
};
