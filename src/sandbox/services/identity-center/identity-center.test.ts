import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
  GetUserIdCommand,
  IdentitystoreClient,
  ListUsersCommand,
  paginateListUsers,
} from '@aws-sdk/client-identitystore';
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribeInstanceCommand,
  DescribePermissionSetProvisioningStatusCommand,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ProvisionPermissionSetCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';
import { iamOf } from '../iam/state.js';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('Identity Center on %s', (name) => {
  let target: Target;
  let sso: SSOAdminClient;
  let ids: IdentitystoreClient;
  let instanceArn: string;
  let storeId: string;
  const member = '210000000001';

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    await new OrganizationsClient(target.config()).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    // a member account, joined directly in state so this test does not depend on account creation
    const world = target.sandbox!.world;
    applyWorldDocument(world, { accounts: { [member]: { name: 'Member' } } }, new Date());
    const org = Object.values(world.organizations)[0]!;
    org.members[member] = {
      accountId: member,
      parentId: org.root.id,
      joinedMethod: 'CREATED',
      joinedTimestamp: new Date().toISOString(),
      state: 'ACTIVE',
      tags: [],
    };
    world.accounts[member]!.organizationId = org.id;
    sso = new SSOAdminClient(target.config());
    ids = new IdentitystoreClient(target.config());
    const instance = (await sso.send(new ListInstancesCommand({}))).Instances![0]!;
    instanceArn = instance.InstanceArn!;
    storeId = instance.IdentityStoreId!;
  });

  const poll = async <T extends { Status?: string }>(
    describe: () => Promise<T | undefined>,
    first: T,
  ): Promise<T> => {
    let status = first;
    for (let i = 0; i < 5 && status.Status === 'IN_PROGRESS'; i++) status = (await describe())!;
    return status;
  };

  it('answers the enabled instance before any write, storing it (same ARN and store) on the first write', async () => {
    const world = target.sandbox!.world;
    expect(instanceArn).toMatch(/^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
    expect(storeId).toMatch(/^d-[0-9a-f]{10}$/);
    const unread = JSON.stringify(world);
    expect((await ids.send(new ListUsersCommand({ IdentityStoreId: storeId }))).Users).toEqual([]);
    expect(await sso.send(new DescribeInstanceCommand({ InstanceArn: instanceArn }))).toMatchObject({
      InstanceArn: instanceArn,
      IdentityStoreId: storeId,
      Status: 'ACTIVE',
    });
    expect(JSON.stringify(world), 'reads store nothing').toBe(unread);
    expect(world.ssoInstances).toEqual({});
    await sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'Admin' }));
    expect(Object.keys(world.ssoInstances)).toEqual([instanceArn]);
    expect(Object.keys(world.identityStores)).toEqual([storeId]);
    expect((await sso.send(new ListInstancesCommand({}))).Instances?.map((i) => i.InstanceArn)).toEqual([
      instanceArn,
    ]);
    // A member account that does not administer Identity Center sees no instance, and may not use it.
    const memberSso = new SSOAdminClient(target.config({ accessKeyId: member }));
    expect((await memberSso.send(new ListInstancesCommand({}))).Instances).toEqual([]);
  });

  it('keeps user names and group names unique, finds users by name, and pages users at 100', async () => {
    for (let i = 0; i < 230; i++)
      await ids.send(
        new CreateUserCommand({ IdentityStoreId: storeId, UserName: `user${i}`, DisplayName: `User ${i}` }),
      );
    const dup = await failure(
      ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'USER1', DisplayName: 'x' })),
    );
    expect(dup).toMatchObject({ name: 'ConflictException', Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' });
    const found = await ids.send(
      new GetUserIdCommand({
        IdentityStoreId: storeId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'user42' } },
      }),
    );
    expect(found.UserId).toBeDefined();
    let pages = 0;
    let users = 0;
    for await (const page of paginateListUsers({ client: ids }, { IdentityStoreId: storeId })) {
      pages++;
      users += page.Users!.length;
    }
    expect([pages, users]).toEqual([3, 230]);
    await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Devs' }));
    expect(
      (await failure(ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'devs' }))))
        .name,
    ).toBe('ConflictException');
  });

  it('assigns asynchronously, creates the protected AWSReservedSSO role, and removes it with the last assignment', async () => {
    const userId = (
      await ids.send(
        new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'alice', DisplayName: 'Alice' }),
      )
    ).UserId!;
    const groupId = (
      await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Devs' }))
    ).GroupId!;
    await ids.send(
      new CreateGroupMembershipCommand({
        IdentityStoreId: storeId,
        GroupId: groupId,
        MemberId: { UserId: userId },
      }),
    );
    const ps = (
      await sso.send(
        new CreatePermissionSetCommand({
          InstanceArn: instanceArn,
          Name: 'Developer',
          SessionDuration: 'PT4H',
        }),
      )
    ).PermissionSet!;
    expect(
      (
        await failure(
          sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'Developer' })),
        )
      ).name,
    ).toBe('ConflictException');
    await sso.send(
      new AttachManagedPolicyToPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: ps.PermissionSetArn!,
        ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
      }),
    );
    const input = {
      InstanceArn: instanceArn,
      TargetId: member,
      TargetType: 'AWS_ACCOUNT' as const,
      PermissionSetArn: ps.PermissionSetArn!,
      PrincipalType: 'GROUP' as const,
      PrincipalId: groupId,
    };
    const started = (await sso.send(new CreateAccountAssignmentCommand(input)))
      .AccountAssignmentCreationStatus!;
    expect(started.Status).toBe('IN_PROGRESS');
    const done = await poll(
      async () =>
        (
          await sso.send(
            new DescribeAccountAssignmentCreationStatusCommand({
              InstanceArn: instanceArn,
              AccountAssignmentCreationRequestId: started.RequestId!,
            }),
          )
        ).AccountAssignmentCreationStatus,
      started,
    );
    expect(done.Status).toBe('SUCCEEDED');
    const listed = await sso.send(
      new ListAccountAssignmentsCommand({
        InstanceArn: instanceArn,
        AccountId: member,
        PermissionSetArn: ps.PermissionSetArn!,
      }),
    );
    expect(listed.AccountAssignments).toEqual([
      {
        AccountId: member,
        PermissionSetArn: ps.PermissionSetArn,
        PrincipalType: 'GROUP',
        PrincipalId: groupId,
      },
    ]);
    const roles = iamOf(target.sandbox!.world.accounts[member]!).roles;
    const role = Object.values(roles).find((r) => r.roleName.startsWith('AWSReservedSSO_Developer_'))!;
    expect(role.roleName).toMatch(/^AWSReservedSSO_Developer_[0-9a-f]{16}$/);
    expect(role).toMatchObject({
      path: '/aws-reserved/sso.amazonaws.com/',
      protected: true,
      attachedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'],
    });

    // an edit leaves the account out of date until provisioned
    await sso.send(
      new AttachManagedPolicyToPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: ps.PermissionSetArn!,
        ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
    );
    const stale = await sso.send(
      new ListPermissionSetsProvisionedToAccountCommand({
        InstanceArn: instanceArn,
        AccountId: member,
        ProvisioningStatus: 'LATEST_PERMISSION_SET_NOT_PROVISIONED',
      }),
    );
    expect(stale.PermissionSets).toEqual([ps.PermissionSetArn]);
    const provisioning = (
      await sso.send(
        new ProvisionPermissionSetCommand({
          InstanceArn: instanceArn,
          PermissionSetArn: ps.PermissionSetArn!,
          TargetType: 'AWS_ACCOUNT',
          TargetId: member,
        }),
      )
    ).PermissionSetProvisioningStatus!;
    await poll(
      async () =>
        (
          await sso.send(
            new DescribePermissionSetProvisioningStatusCommand({
              InstanceArn: instanceArn,
              ProvisionPermissionSetRequestId: provisioning.RequestId!,
            }),
          )
        ).PermissionSetProvisioningStatus,
      provisioning,
    );
    expect(role.attachedPolicies).toEqual([
      'arn:aws:iam::aws:policy/PowerUserAccess',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);

    const removal = (await sso.send(new DeleteAccountAssignmentCommand(input)))
      .AccountAssignmentDeletionStatus!;
    await poll(
      async () =>
        (
          await sso.send(
            new DescribeAccountAssignmentDeletionStatusCommand({
              InstanceArn: instanceArn,
              AccountAssignmentDeletionRequestId: removal.RequestId!,
            }),
          )
        ).AccountAssignmentDeletionStatus,
      removal,
    );
    expect(Object.keys(roles).some((n) => n.startsWith('AWSReservedSSO_Developer_'))).toBe(false);
  });

  it('fails an assignment whose customer-managed policy is missing in the account, and refuses concurrent updates to one account', async () => {
    const userId = (
      await ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'bob', DisplayName: 'Bob' }))
    ).UserId!;
    const needsPolicy = (
      await sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'Extras' }))
    ).PermissionSet!;
    await sso.send(
      new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({
        InstanceArn: instanceArn,
        PermissionSetArn: needsPolicy.PermissionSetArn!,
        CustomerManagedPolicyReference: { Name: 'extras', Path: '/' },
      }),
    );
    const other = (
      await sso.send(new CreatePermissionSetCommand({ InstanceArn: instanceArn, Name: 'Other' }))
    ).PermissionSet!;
    const assign = (arn: string) =>
      sso.send(
        new CreateAccountAssignmentCommand({
          InstanceArn: instanceArn,
          TargetId: member,
          TargetType: 'AWS_ACCOUNT',
          PermissionSetArn: arn,
          PrincipalType: 'USER',
          PrincipalId: userId,
        }),
      );
    const started = (await assign(needsPolicy.PermissionSetArn!)).AccountAssignmentCreationStatus!;
    expect((await failure(assign(other.PermissionSetArn!))).name).toBe('ConflictException');
    const done = await poll(
      async () =>
        (
          await sso.send(
            new DescribeAccountAssignmentCreationStatusCommand({
              InstanceArn: instanceArn,
              AccountAssignmentCreationRequestId: started.RequestId!,
            }),
          )
        ).AccountAssignmentCreationStatus,
      started,
    );
    expect(done.Status).toBe('FAILED');
    expect(done.FailureReason).toContain(`arn:aws:iam::${member}:policy/extras`);
  });
});
