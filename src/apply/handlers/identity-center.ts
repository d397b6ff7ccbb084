/**
 * Identity Center operations: identity store users, groups and memberships; permission sets and their
 * policies; provisioning and account assignments, which AWS runs asynchronously (watched to the end).
 * Idempotent like the Organizations handlers: what already exists is found and recorded.
 */
import {
  CreateGroupMembershipCommand,
  DeleteGroupCommand,
  DeleteGroupMembershipCommand,
  DeleteUserCommand,
  GetGroupMembershipIdCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-identitystore';
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DeleteInlinePolicyFromPermissionSetCommand,
  DeletePermissionSetCommand,
  DeletePermissionsBoundaryFromPermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  DetachCustomerManagedPolicyReferenceFromPermissionSetCommand,
  DetachManagedPolicyFromPermissionSetCommand,
  paginateListAccountAssignmentCreationStatus,
  paginateListAccountAssignmentDeletionStatus,
  paginateListPermissionSetProvisioningStatus,
  paginateListPermissionSets,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  UpdatePermissionSetCommand,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { OrgwardError } from '../../errors/index.js';
import type { Operation } from '../../plan/operations.js';
import { ignoring, isAwsCode, watcher, type ApplyContext, type Handlers } from '../context.js';
import { StatusWatcher } from '../status-watcher.js';
import { instance } from './instance.js';
import { createOrAdopt, groupCreation, userCreation } from './principals.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

type AsyncStatus = { Status?: string; FailureReason?: string; RequestId?: string } | undefined;
type RequestKind = 'create-assignment' | 'delete-assignment' | 'provision';

/** Ids of the instance's requests of one kind still IN_PROGRESS. */
async function listInProgress(
  client: SSOAdminClient,
  kind: RequestKind,
  instanceArn: string,
): Promise<Set<string>> {
  const input = { InstanceArn: instanceArn, Filter: { Status: 'IN_PROGRESS' as const }, MaxResults: 100 };
  const open = new Set<string>();
  const add = (statuses: Array<{ RequestId?: string }> | undefined) => {
    for (const s of statuses ?? []) if (s.RequestId) open.add(s.RequestId);
  };
  if (kind === 'create-assignment')
    for await (const page of paginateListAccountAssignmentCreationStatus({ client }, input))
      add(page.AccountAssignmentsCreationStatus);
  else if (kind === 'delete-assignment')
    for await (const page of paginateListAccountAssignmentDeletionStatus({ client }, input))
      add(page.AccountAssignmentsDeletionStatus);
  else
    for await (const page of paginateListPermissionSetProvisioningStatus({ client }, input))
      add(page.PermissionSetsProvisioningStatus);
  return open;
}

async function describeRequest(
  client: SSOAdminClient,
  kind: RequestKind,
  instanceArn: string,
  id: string,
): Promise<AsyncStatus> {
  if (kind === 'create-assignment')
    return (
      await client.send(
        new DescribeAccountAssignmentCreationStatusCommand({
          InstanceArn: instanceArn,
          AccountAssignmentCreationRequestId: id,
        }),
      )
    ).AccountAssignmentCreationStatus;
  if (kind === 'delete-assignment')
    return (
      await client.send(
        new DescribeAccountAssignmentDeletionStatusCommand({
          InstanceArn: instanceArn,
          AccountAssignmentDeletionRequestId: id,
        }),
      )
    ).AccountAssignmentDeletionStatus;
  return (
    await client.send(
      new DescribePermissionSetProvisioningStatusCommand({
        InstanceArn: instanceArn,
        ProvisionPermissionSetRequestId: id,
      }),
    )
  ).PermissionSetProvisioningStatus;
}

/**
 * Waits for an asynchronous Identity Center request to settle, watched together with the run's other
 * requests of its kind; FAILED becomes an error with AWS's reason.
 */
async function settle(
  ctx: ApplyContext,
  kind: RequestKind,
  instanceArn: string,
  what: string,
  started: AsyncStatus,
): Promise<void> {
  let status = started;
  if (status?.Status === 'IN_PROGRESS' && status.RequestId) {
    const client = ctx.factory.ssoAdmin();
    const requests = watcher(
      ctx,
      `${kind} ${instanceArn}`,
      () =>
        new StatusWatcher(
          {
            listInProgress: () => listInProgress(client, kind, instanceArn),
            describe: async (id) => {
              const found = await describeRequest(client, kind, instanceArn, id);
              return {
                status: found?.Status ?? 'FAILED',
                ...(found?.FailureReason ? { failureReason: found.FailureReason } : {}),
              };
            },
          },
          ctx.sleep,
          ctx.poll.identityCenterMs,
        ),
    );
    const done = await requests.wait(status.RequestId);
    status = { Status: done.status, FailureReason: done.failureReason };
  }
  if (status?.Status === 'FAILED') {
    throw new OrgwardError(
      'ASYNC_REQUEST_FAILED',
      `${what} failed: ${status.FailureReason ?? 'no reason given'}`,
      {
        source: 'aws',
        hint: /policy/i.test(status.FailureReason ?? '')
          ? 'a customer-managed policy or boundary the permission set references must exist in the target account first'
          : undefined,
      },
    );
  }
}

async function findPermissionSet(
  ctx: ApplyContext,
  instanceArn: string,
  name: string,
): Promise<string | undefined> {
  const client = ctx.factory.ssoAdmin();
  for await (const page of paginateListPermissionSets({ client }, { InstanceArn: instanceArn })) {
    for (const arn of page.PermissionSets ?? []) {
      const described = (
        await client.send(
          new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }),
        )
      ).PermissionSet;
      if (described?.Name === name) return arn;
    }
  }
  return undefined;
}

export const identityCenterHandlers: Handlers = {
  'create-user': (op: Op<'create-user'>, ctx) => createOrAdopt(ctx, userCreation(op)),
  'update-user': async (op: Op<'update-user'>, ctx) => {
    const { identityStoreId } = await instance(ctx);
    await ctx.factory.identityStore().send(
      new UpdateUserCommand({
        IdentityStoreId: identityStoreId,
        UserId: ctx.resolver.principal(op.user),
        Operations: [
          { AttributePath: 'displayName', AttributeValue: op.displayName },
          ...(op.email
            ? [
                {
                  AttributePath: 'emails',
                  AttributeValue: [{ value: op.email, type: 'work', primary: true }],
                },
              ]
            : []),
        ],
      }),
    );
  },
  'delete-user': async (op: Op<'delete-user'>, ctx) => {
    const { identityStoreId } = await instance(ctx);
    await ignoring(['ResourceNotFoundException'], () =>
      ctx.factory.identityStore().send(
        new DeleteUserCommand({
          IdentityStoreId: identityStoreId,
          UserId: ctx.resolver.principal(op.user),
        }),
      ),
    );
  },
  'create-group': (op: Op<'create-group'>, ctx) => createOrAdopt(ctx, groupCreation(op)),
  'delete-group': async (op: Op<'delete-group'>, ctx) => {
    const { identityStoreId } = await instance(ctx);
    await ignoring(['ResourceNotFoundException'], () =>
      ctx.factory.identityStore().send(
        new DeleteGroupCommand({
          IdentityStoreId: identityStoreId,
          GroupId: ctx.resolver.principal(op.group),
        }),
      ),
    );
  },
  'add-group-member': async (op: Op<'add-group-member'>, ctx) => {
    const { identityStoreId } = await instance(ctx);
    await ignoring(['ConflictException'], () =>
      ctx.factory.identityStore().send(
        new CreateGroupMembershipCommand({
          IdentityStoreId: identityStoreId,
          GroupId: ctx.resolver.principal(op.group),
          MemberId: { UserId: ctx.resolver.principal(op.user) },
        }),
      ),
    );
  },
  'remove-group-member': async (op: Op<'remove-group-member'>, ctx) => {
    const { identityStoreId } = await instance(ctx);
    const ids = ctx.factory.identityStore();
    let membershipId: string | undefined;
    try {
      membershipId = (
        await ids.send(
          new GetGroupMembershipIdCommand({
            IdentityStoreId: identityStoreId,
            GroupId: ctx.resolver.principal(op.group),
            MemberId: { UserId: ctx.resolver.principal(op.user) },
          }),
        )
      ).MembershipId;
    } catch (error) {
      if (isAwsCode(error, 'ResourceNotFoundException')) return;
      throw error;
    }
    if (membershipId)
      await ignoring(['ResourceNotFoundException'], () =>
        ids.send(
          new DeleteGroupMembershipCommand({ IdentityStoreId: identityStoreId, MembershipId: membershipId }),
        ),
      );
  },
  'create-permission-set': async (op: Op<'create-permission-set'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    const tags = Object.entries(op.tags).map(([Key, Value]) => ({ Key, Value }));
    let arn: string | undefined;
    try {
      arn = (
        await ctx.factory.ssoAdmin().send(
          new CreatePermissionSetCommand({
            InstanceArn: instanceArn,
            Name: op.permissionSet.name,
            SessionDuration: op.sessionDuration,
            ...(op.description ? { Description: op.description } : {}),
            ...(op.relayState ? { RelayState: op.relayState } : {}),
            ...(tags.length ? { Tags: tags } : {}),
          }),
        )
      ).PermissionSet?.PermissionSetArn;
    } catch (error) {
      if (!isAwsCode(error, 'ConflictException')) throw error;
      // AWS's answer for a name that exists, and for a conflict that outlasted the retries: only the
      // first is an answer; the second stays the failure it is.
      arn = await findPermissionSet(ctx, instanceArn, op.permissionSet.name);
      if (!arn) throw error;
    }
    if (!arn)
      throw new OrgwardError('AWS_BAD_ANSWER', `permission set ${op.permissionSet.name} was not created`, {
        source: 'aws',
      });
    ctx.resolver.setPermissionSet(op.permissionSet.name, arn);
  },
  'update-permission-set': async (op: Op<'update-permission-set'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    await ctx.factory.ssoAdmin().send(
      new UpdatePermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
        SessionDuration: op.sessionDuration,
        ...(op.description ? { Description: op.description } : {}),
        ...(op.relayState ? { RelayState: op.relayState } : {}),
      }),
    );
  },
  'put-inline-policy': async (op: Op<'put-inline-policy'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    await ctx.factory.ssoAdmin().send(
      new PutInlinePolicyToPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
        InlinePolicy: op.document,
      }),
    );
  },
  'delete-inline-policy': async (op: Op<'delete-inline-policy'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    await ctx.factory.ssoAdmin().send(
      new DeleteInlinePolicyFromPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
      }),
    );
  },
  'attach-managed-policy': async (op: Op<'attach-managed-policy'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    await ignoring(['ConflictException'], () =>
      ctx.factory.ssoAdmin().send(
        new AttachManagedPolicyToPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
          ManagedPolicyArn: op.policyArn,
        }),
      ),
    );
  },
  'detach-managed-policy': async (op: Op<'detach-managed-policy'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    await ignoring(['ResourceNotFoundException'], () =>
      ctx.factory.ssoAdmin().send(
        new DetachManagedPolicyFromPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
          ManagedPolicyArn: op.policyArn,
        }),
      ),
    );
  },
  'attach-customer-managed-policy': async (op: Op<'attach-customer-managed-policy'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    await ignoring(['ConflictException'], () =>
      ctx.factory.ssoAdmin().send(
        new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
          CustomerManagedPolicyReference: { Name: op.name, Path: op.path },
        }),
      ),
    );
  },
  'detach-customer-managed-policy': async (op: Op<'detach-customer-managed-policy'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    await ignoring(['ResourceNotFoundException'], () =>
      ctx.factory.ssoAdmin().send(
        new DetachCustomerManagedPolicyReferenceFromPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
          CustomerManagedPolicyReference: { Name: op.name, Path: op.path },
        }),
      ),
    );
  },
  'put-permissions-boundary': async (op: Op<'put-permissions-boundary'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    await ctx.factory.ssoAdmin().send(
      new PutPermissionsBoundaryToPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
        PermissionsBoundary:
          'managedPolicyArn' in op.boundary
            ? { ManagedPolicyArn: op.boundary.managedPolicyArn }
            : {
                CustomerManagedPolicyReference: {
                  Name: op.boundary.customerManagedPolicy.name,
                  Path: op.boundary.customerManagedPolicy.path,
                },
              },
      }),
    );
  },
  'delete-permissions-boundary': async (op: Op<'delete-permissions-boundary'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    await ignoring(['ResourceNotFoundException'], () =>
      ctx.factory.ssoAdmin().send(
        new DeletePermissionsBoundaryFromPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
        }),
      ),
    );
  },
  'delete-permission-set': async (op: Op<'delete-permission-set'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    await ignoring(['ResourceNotFoundException'], () =>
      ctx.factory.ssoAdmin().send(
        new DeletePermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
        }),
      ),
    );
  },
  'provision-permission-set': async (op: Op<'provision-permission-set'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    const client = ctx.factory.ssoAdmin();
    const permissionSetArn = ctx.resolver.permissionSet(op.permissionSet);
    for (const account of op.accounts) {
      const started = (
        await client.send(
          new ProvisionPermissionSetCommand({
            InstanceArn: instanceArn,
            PermissionSetArn: permissionSetArn,
            TargetType: 'AWS_ACCOUNT',
            TargetId: ctx.resolver.account(account),
          }),
        )
      ).PermissionSetProvisioningStatus;
      await settle(
        ctx,
        'provision',
        instanceArn,
        `provisioning ${op.permissionSet.name} to ${account.name}`,
        started,
      );
    }
  },
  'create-assignment': async (op: Op<'create-assignment'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    const client = ctx.factory.ssoAdmin();
    const started = (
      await client.send(
        new CreateAccountAssignmentCommand({
          InstanceArn: instanceArn,
          TargetId: ctx.resolver.account(op.account),
          TargetType: 'AWS_ACCOUNT',
          PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
          PrincipalType: op.principal.type,
          PrincipalId: ctx.resolver.principal(op.principal),
        }),
      )
    ).AccountAssignmentCreationStatus;
    await settle(
      ctx,
      'create-assignment',
      instanceArn,
      `assigning ${op.permissionSet.name} to ${op.principal.name} on ${op.account.name}`,
      started,
    );
  },
  'delete-assignment': async (op: Op<'delete-assignment'>, ctx) => {
    const { instanceArn } = await instance(ctx);
    const client = ctx.factory.ssoAdmin();
    let started: AsyncStatus;
    try {
      started = (
        await client.send(
          new DeleteAccountAssignmentCommand({
            InstanceArn: instanceArn,
            TargetId: ctx.resolver.account(op.account),
            TargetType: 'AWS_ACCOUNT',
            PermissionSetArn: ctx.resolver.permissionSet(op.permissionSet),
            PrincipalType: op.principal.type,
            PrincipalId: ctx.resolver.principal(op.principal),
          }),
        )
      ).AccountAssignmentDeletionStatus;
    } catch (error) {
      if (isAwsCode(error, 'ResourceNotFoundException')) return;
      throw error;
    }
    await settle(
      ctx,
      'delete-assignment',
      instanceArn,
      `removing ${op.permissionSet.name} from ${op.principal.name} on ${op.account.name}`,
      started,
    );
  },
};
