/**
 * Account assignments and provisioning, asynchronous as in AWS: a request answers IN_PROGRESS and
 * settles once it has been polled `settle.identityCenterPolls` times and `settle.identityCenterMs`
 * (virtual) have passed. Settling applies the effect in the member account: the role
 * `AWSReservedSSO_<PermissionSet>_<16 hex>` under `/aws-reserved/sso.amazonaws.com/` with the permission
 * set's policies, removed with the account's last assignment of that permission set.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../errors.js';
import { realMs, type SandboxConfig } from '../../config.js';
import { optRecord, optString, reqString, type Input } from '../../input.js';
import { randomUuid } from '../../rng.js';
import type { CallContext, Handler } from '../../service.js';
import type { World } from '../../world.js';
import { putServiceRole } from '../iam/roles.js';
import {
  type AssignmentState,
  type AsyncRequestState,
  identityStoresOf,
  type InstanceState,
  type PermissionSetState,
  ssoInstancesOf,
} from './state.js';
import { accessDenied, conflict, notFound, page, validation } from './access.js';
import { instanceOf, permissionSetOf } from './permission-sets.js';
import { iamOf } from '../iam/state.js';
import { organizationsOf } from '../organizations/state.js';

/** AWS allows 15 outstanding CreateAccountAssignment requests and 3 concurrent provisionings. */
const MAX_OUTSTANDING_ASSIGNMENTS = 15;
const MAX_CONCURRENT_PROVISIONING = 3;
const ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';

const throttled = (message: string) => new AwsError('ThrottlingException', message);

// --- indexes: ListAccountAssignments for one (account, permission set) must not scan every assignment ---

interface Index {
  byPair: Map<string, AssignmentState[]>;
  byPrincipal: Map<string, AssignmentState[]>;
  size: number;
}
const indexes = new WeakMap<InstanceState, Index>();

function pairKey(accountId: string, permissionSetArn: string): string {
  return `${accountId}|${permissionSetArn}`;
}

function indexOf(instance: InstanceState): Index {
  let index = indexes.get(instance);
  if (!index || index.size !== instance.assignments.length) {
    index = { byPair: new Map(), byPrincipal: new Map(), size: instance.assignments.length };
    for (const a of instance.assignments) {
      const pair = pairKey(a.accountId, a.permissionSetArn);
      index.byPair.set(pair, [...(index.byPair.get(pair) ?? []), a]);
      index.byPrincipal.set(a.principalId, [...(index.byPrincipal.get(a.principalId) ?? []), a]);
    }
    indexes.set(instance, index);
  }
  return index;
}

function findAssignment(instance: InstanceState, a: AssignmentState): AssignmentState | undefined {
  return indexOf(instance)
    .byPair.get(pairKey(a.accountId, a.permissionSetArn))
    ?.find((x) => x.principalId === a.principalId && x.principalType === a.principalType);
}

function addAssignment(instance: InstanceState, a: AssignmentState): void {
  instance.assignments.push(a);
  indexes.delete(instance);
}

function removeAssignment(instance: InstanceState, a: AssignmentState): void {
  instance.assignments = instance.assignments.filter(
    (x) =>
      !(
        x.accountId === a.accountId &&
        x.permissionSetArn === a.permissionSetArn &&
        x.principalId === a.principalId &&
        x.principalType === a.principalType
      ),
  );
  indexes.delete(instance);
}

// --- member-account effects ---

export function roleName(ps: PermissionSetState): string {
  return `AWSReservedSSO_${ps.name}_${createHash('sha256').update(ps.arn).digest('hex').slice(0, 16)}`;
}

/** Writes the permission set's current policies into its role in the account; answers a failure reason or undefined. */
function provisionRole(
  world: World,
  instance: InstanceState,
  ps: PermissionSetState,
  accountId: string,
  now: Date,
): string | undefined {
  const account = world.accounts[accountId];
  if (!account) return `Account ${accountId} does not exist`;
  const cmpArn = (ref: { name: string; path: string }) =>
    `arn:aws:iam::${accountId}:policy${ref.path}${ref.name}`;
  for (const ref of ps.customerManagedPolicies) {
    if (!iamOf(account).policies[cmpArn(ref)])
      return `Received a 404 status error: Not supported policy ${cmpArn(ref)}.`;
  }
  const boundaryRef = ps.permissionsBoundary?.customerManagedPolicyReference;
  if (boundaryRef && !iamOf(account).policies[cmpArn(boundaryRef)])
    return `Received a 404 status error: Not supported policy ${cmpArn(boundaryRef)}.`;
  const name = roleName(ps);
  const attachedPolicies = [...ps.managedPolicies, ...ps.customerManagedPolicies.map(cmpArn)];
  const inlinePolicies: Record<string, string> = ps.inlinePolicy
    ? { AwsSSOInlinePolicy: ps.inlinePolicy }
    : {};
  const boundary =
    ps.permissionsBoundary?.managedPolicyArn ?? (boundaryRef ? cmpArn(boundaryRef) : undefined);
  const existing = iamOf(account).roles[name];
  // Provisioning again updates the role in place (same RoleId), as AWS does.
  const role =
    existing ??
    putServiceRole(world, account, {
      roleName: name,
      path: ROLE_PATH,
      assumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: {
              Federated: `arn:aws:iam::${accountId}:saml-provider/AWSSSO_${createHash('sha256').update(instance.instanceArn).digest('hex').slice(0, 16)}_DO_NOT_DELETE`,
            },
            Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
            Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
          },
        ],
      }),
      description: `Identity Center permission set ${ps.name}`,
      protected: true,
      createDate: now.toISOString(),
    });
  role.attachedPolicies = attachedPolicies;
  role.inlinePolicies = inlinePolicies;
  if (boundary) role.permissionsBoundary = boundary;
  else delete role.permissionsBoundary;
  (instance.provisioned[accountId] ??= {})[ps.arn] = ps.version;
  return undefined;
}

function unprovisionIfUnused(world: World, instance: InstanceState, psArn: string, accountId: string): void {
  if (indexOf(instance).byPair.get(pairKey(accountId, psArn))?.length) return;
  const ps = instance.permissionSets[psArn];
  const account = world.accounts[accountId];
  if (ps && account) delete iamOf(account).roles[roleName(ps)];
  delete instance.provisioned[accountId]?.[psArn];
}

// --- the asynchronous requests ---

function settle(world: World, instance: InstanceState, request: AsyncRequestState, now: Date): void {
  const ps = instance.permissionSets[request.permissionSetArn];
  let failure: string | undefined;
  if (!ps) failure = 'The permission set no longer exists.';
  else if (request.kind === 'create-assignment') {
    const a = request.assignment!;
    failure = provisionRole(world, instance, ps, a.accountId, now);
    if (!failure && !findAssignment(instance, a)) addAssignment(instance, a);
  } else if (request.kind === 'delete-assignment') {
    const a = request.assignment!;
    const existing = findAssignment(instance, a);
    if (existing) removeAssignment(instance, existing);
    unprovisionIfUnused(world, instance, a.permissionSetArn, a.accountId);
  } else {
    const accounts = request.accountId
      ? [request.accountId]
      : Object.keys(instance.provisioned).filter((id) => instance.provisioned[id]?.[ps.arn] !== undefined);
    for (const accountId of accounts) failure ??= provisionRole(world, instance, ps, accountId, now);
  }
  request.status = failure ? 'FAILED' : 'SUCCEEDED';
  if (failure) request.failureReason = failure;
}

function ready(request: AsyncRequestState, now: Date, config: SandboxConfig): boolean {
  return (
    request.polls >= config.settle.identityCenterPolls &&
    now.getTime() - Date.parse(request.createdDate) >= realMs(config.settle.identityCenterMs, config)
  );
}

/** Before every request: settle Identity Center requests whose time has come. */
export function advanceIdentityCenter(world: World, now: Date, config: SandboxConfig): void {
  for (const instance of Object.values(ssoInstancesOf(world))) {
    for (const request of open(instance)) {
      if (ready(request, now, config)) settle(world, instance, request, now);
    }
  }
}

function poll(ctx: CallContext, instance: InstanceState, request: AsyncRequestState): void {
  if (request.status !== 'IN_PROGRESS') return;
  if (ready(request, ctx.now, ctx.config)) settle(ctx.world, instance, request, ctx.now);
  else request.polls++;
}

/** The requests still IN_PROGRESS (the index is rebuilt for worlds saved without it, and pruned here). */
function open(instance: InstanceState): AsyncRequestState[] {
  const ids = (instance.inProgressRequests ??= Object.values(instance.requests)
    .filter((r) => r.status === 'IN_PROGRESS')
    .map((r) => r.requestId));
  const requests = ids.map((id) => instance.requests[id]).filter((r) => r?.status === 'IN_PROGRESS');
  if (requests.length !== ids.length) instance.inProgressRequests = requests.map((r) => r!.requestId);
  return requests as AsyncRequestState[];
}

function inProgress(
  instance: InstanceState,
  kind: AsyncRequestState['kind'] | 'assignment',
): AsyncRequestState[] {
  return open(instance).filter((r) => (kind === 'assignment' ? r.kind !== 'provision' : r.kind === kind));
}

/** One permission-set role per account is updated at a time (AWS answers ConflictException). */
function checkAccountFree(instance: InstanceState, accountId: string, psArn: string): void {
  const busy = open(instance).some(
    (r) =>
      r.status === 'IN_PROGRESS' &&
      (r.assignment?.accountId ?? r.accountId) === accountId &&
      r.permissionSetArn !== psArn,
  );
  if (busy) {
    throw conflict(
      'Occurs when a conflict with a previous successful write is detected. This generally occurs when the previous write did not have time to propagate to the host serving the current request. A retry (with appropriate backoff logic) is the recommended response to this exception.',
    );
  }
}

function assignmentStatusShape(r: AsyncRequestState) {
  const a = r.assignment!;
  return {
    Status: r.status,
    RequestId: r.requestId,
    ...(r.failureReason ? { FailureReason: r.failureReason } : {}),
    TargetId: a.accountId,
    TargetType: 'AWS_ACCOUNT',
    PermissionSetArn: a.permissionSetArn,
    PrincipalType: a.principalType,
    PrincipalId: a.principalId,
    CreatedDate: new Date(r.createdDate),
  };
}

function provisioningStatusShape(r: AsyncRequestState) {
  return {
    Status: r.status,
    RequestId: r.requestId,
    ...(r.accountId ? { AccountId: r.accountId } : {}),
    PermissionSetArn: r.permissionSetArn,
    ...(r.failureReason ? { FailureReason: r.failureReason } : {}),
    CreatedDate: new Date(r.createdDate),
  };
}

function assignmentInput(ctx: CallContext, instance: InstanceState, input: Input): AssignmentState {
  const ps = permissionSetOf(instance, input);
  reqString(input, 'TargetType', { oneOf: ['AWS_ACCOUNT'] });
  const accountId = reqString(input, 'TargetId', { pattern: /^\d{12}$/ });
  const principalType = reqString(input, 'PrincipalType', { oneOf: ['USER', 'GROUP'] });
  const principalId = reqString(input, 'PrincipalId', { min: 1, max: 47 });
  const org = organizationsOf(ctx.world)[instance.organizationId];
  const member = org?.members[accountId];
  if (!member || member.state !== 'ACTIVE')
    throw validation(`The target ${accountId} is not an active account of the organization.`);
  if (org && accountId === org.managementAccountId && ctx.caller.accountId !== org.managementAccountId) {
    throw accessDenied('A delegated administrator cannot manage assignments in the management account.');
  }
  const store = identityStoresOf(ctx.world)[instance.identityStoreId];
  const exists = principalType === 'USER' ? store?.users[principalId] : store?.groups[principalId];
  if (!exists)
    throw notFound(`The ${principalType.toLowerCase()} ${principalId} does not exist in the identity store.`);
  return { accountId, permissionSetArn: ps.arn, principalType, principalId };
}

function newRequest(
  ctx: CallContext,
  instance: InstanceState,
  request: Omit<AsyncRequestState, 'requestId' | 'status' | 'createdDate' | 'polls'>,
): AsyncRequestState {
  const full: AsyncRequestState = {
    ...request,
    requestId: randomUuid(ctx.world),
    status: 'IN_PROGRESS',
    createdDate: ctx.now.toISOString(),
    polls: 0,
  };
  instance.requests[full.requestId] = full;
  open(instance);
  instance.inProgressRequests!.push(full.requestId);
  return full;
}

function createAssignment(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const assignment = assignmentInput(ctx, instance, input);
  if (inProgress(instance, 'create-assignment').length >= MAX_OUTSTANDING_ASSIGNMENTS) {
    throw throttled(`At most ${MAX_OUTSTANDING_ASSIGNMENTS} account assignment requests can be in progress.`);
  }
  checkAccountFree(instance, assignment.accountId, assignment.permissionSetArn);
  const request = newRequest(ctx, instance, {
    kind: 'create-assignment',
    assignment,
    permissionSetArn: assignment.permissionSetArn,
  });
  return { AccountAssignmentCreationStatus: assignmentStatusShape(request) };
}

function deleteAssignment(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const assignment = assignmentInput(ctx, instance, input);
  if (!findAssignment(instance, assignment)) throw notFound('The account assignment does not exist.');
  checkAccountFree(instance, assignment.accountId, assignment.permissionSetArn);
  const request = newRequest(ctx, instance, {
    kind: 'delete-assignment',
    assignment,
    permissionSetArn: assignment.permissionSetArn,
  });
  return { AccountAssignmentDeletionStatus: assignmentStatusShape(request) };
}

function requestOf(
  instance: InstanceState,
  input: Input,
  member: string,
  kind: AsyncRequestState['kind'],
): AsyncRequestState {
  const id = reqString(input, member);
  const request = instance.requests[id];
  if (!request || request.kind !== kind) throw notFound(`Request ${id} not found.`);
  return request;
}

function describeCreation(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const request = requestOf(instance, input, 'AccountAssignmentCreationRequestId', 'create-assignment');
  poll(ctx, instance, request);
  return { AccountAssignmentCreationStatus: assignmentStatusShape(request) };
}

function describeDeletion(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const request = requestOf(instance, input, 'AccountAssignmentDeletionRequestId', 'delete-assignment');
  poll(ctx, instance, request);
  return { AccountAssignmentDeletionStatus: assignmentStatusShape(request) };
}

function statusFilter(input: Input): string | undefined {
  const filter = optRecord(input, 'Filter');
  return filter ? optString(filter, 'Status', { oneOf: ['IN_PROGRESS', 'FAILED', 'SUCCEEDED'] }) : undefined;
}

function listStatus(kind: AsyncRequestState['kind']) {
  return (ctx: CallContext, input: Input) => {
    const instance = instanceOf(ctx, input);
    const status = statusFilter(input);
    const candidates = status === 'IN_PROGRESS' ? open(instance) : Object.values(instance.requests);
    const requests = candidates.filter((r) => r.kind === kind && (!status || r.status === status));
    const p = page(ctx, requests, input, `List:${kind}:${status ?? ''}`);
    // A listing that shows a request still in progress counts as a poll of it, as a Describe does.
    for (const r of p.items) if (r.status === 'IN_PROGRESS') r.polls++;
    const items = p.items.map((r) => ({
      Status: r.status,
      RequestId: r.requestId,
      CreatedDate: new Date(r.createdDate),
    }));
    const key =
      kind === 'provision'
        ? 'PermissionSetsProvisioningStatus'
        : kind === 'create-assignment'
          ? 'AccountAssignmentsCreationStatus'
          : 'AccountAssignmentsDeletionStatus';
    return { [key]: items, NextToken: p.nextToken };
  };
}

function provision(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const ps = permissionSetOf(instance, input);
  const targetType = reqString(input, 'TargetType', { oneOf: ['AWS_ACCOUNT', 'ALL_PROVISIONED_ACCOUNTS'] });
  const accountId =
    targetType === 'AWS_ACCOUNT' ? reqString(input, 'TargetId', { pattern: /^\d{12}$/ }) : undefined;
  if (inProgress(instance, 'provision').length >= MAX_CONCURRENT_PROVISIONING) {
    throw throttled(
      `At most ${MAX_CONCURRENT_PROVISIONING} ProvisionPermissionSet requests can run at once.`,
    );
  }
  if (accountId) checkAccountFree(instance, accountId, ps.arn);
  const request = newRequest(ctx, instance, {
    kind: 'provision',
    permissionSetArn: ps.arn,
    ...(accountId ? { accountId } : {}),
  });
  return { PermissionSetProvisioningStatus: provisioningStatusShape(request) };
}

function describeProvisioning(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const request = requestOf(instance, input, 'ProvisionPermissionSetRequestId', 'provision');
  poll(ctx, instance, request);
  return { PermissionSetProvisioningStatus: provisioningStatusShape(request) };
}

// --- listings ---

const assignmentShape = (a: AssignmentState) => ({
  AccountId: a.accountId,
  PermissionSetArn: a.permissionSetArn,
  PrincipalType: a.principalType,
  PrincipalId: a.principalId,
});

function listAssignments(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const accountId = reqString(input, 'AccountId', { pattern: /^\d{12}$/ });
  const ps = permissionSetOf(instance, input);
  const list = indexOf(instance).byPair.get(pairKey(accountId, ps.arn)) ?? [];
  const p = page(ctx, list, input, `ListAccountAssignments:${accountId}:${ps.arn}`);
  return { AccountAssignments: p.items.map(assignmentShape), NextToken: p.nextToken };
}

function listAssignmentsForPrincipal(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const org = organizationsOf(ctx.world)[instance.organizationId];
  if (org?.managementAccountId !== ctx.caller.accountId)
    throw accessDenied('ListAccountAssignmentsForPrincipal must be called from the management account.');
  const principalId = reqString(input, 'PrincipalId');
  const principalType = reqString(input, 'PrincipalType', { oneOf: ['USER', 'GROUP'] });
  const filter = optRecord(input, 'Filter');
  const accountId = filter ? optString(filter, 'AccountId') : undefined;
  const list = (indexOf(instance).byPrincipal.get(principalId) ?? []).filter(
    (a) => a.principalType === principalType && (!accountId || a.accountId === accountId),
  );
  const p = page(ctx, list, input, `ListAccountAssignmentsForPrincipal:${principalId}:${accountId ?? ''}`);
  return { AccountAssignments: p.items.map(assignmentShape), NextToken: p.nextToken };
}

function provisioningStatus(input: Input): string | undefined {
  return optString(input, 'ProvisioningStatus', {
    oneOf: ['LATEST_PERMISSION_SET_PROVISIONED', 'LATEST_PERMISSION_SET_NOT_PROVISIONED'],
  });
}

function matchesStatus(
  instance: InstanceState,
  accountId: string,
  psArn: string,
  status: string | undefined,
): boolean {
  const version = instance.provisioned[accountId]?.[psArn];
  if (version === undefined) return false;
  const current = version === instance.permissionSets[psArn]?.version;
  return status === undefined || (status === 'LATEST_PERMISSION_SET_PROVISIONED') === current;
}

function listPermissionSetsProvisionedToAccount(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const accountId = reqString(input, 'AccountId', { pattern: /^\d{12}$/ });
  const status = provisioningStatus(input);
  const arns = Object.keys(instance.provisioned[accountId] ?? {}).filter((arn) =>
    matchesStatus(instance, accountId, arn, status),
  );
  const p = page(ctx, arns, input, `ListPermissionSetsProvisionedToAccount:${accountId}:${status ?? ''}`);
  return { PermissionSets: p.items, NextToken: p.nextToken };
}

function listAccountsForProvisionedPermissionSet(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const ps = permissionSetOf(instance, input);
  const status = provisioningStatus(input);
  const accounts = Object.keys(instance.provisioned).filter((id) =>
    matchesStatus(instance, id, ps.arn, status),
  );
  const p = page(ctx, accounts, input, `ListAccountsForProvisionedPermissionSet:${ps.arn}:${status ?? ''}`);
  return { AccountIds: p.items, NextToken: p.nextToken };
}

export const assignmentOperations: Record<string, Handler> = {
  CreateAccountAssignment: createAssignment,
  DeleteAccountAssignment: deleteAssignment,
  DescribeAccountAssignmentCreationStatus: describeCreation,
  DescribeAccountAssignmentDeletionStatus: describeDeletion,
  ListAccountAssignmentCreationStatus: listStatus('create-assignment'),
  ListAccountAssignmentDeletionStatus: listStatus('delete-assignment'),
  ProvisionPermissionSet: provision,
  DescribePermissionSetProvisioningStatus: describeProvisioning,
  ListPermissionSetProvisioningStatus: listStatus('provision'),
  ListAccountAssignments: listAssignments,
  ListAccountAssignmentsForPrincipal: listAssignmentsForPrincipal,
  ListPermissionSetsProvisionedToAccount: listPermissionSetsProvisionedToAccount,
  ListAccountsForProvisionedPermissionSet: listAccountsForProvisionedPermissionSet,
};
