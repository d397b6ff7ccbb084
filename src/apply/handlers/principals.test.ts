/**
 * The shared create-or-adopt of identity store users and groups, on the sandbox through the real SDK:
 * a new principal is created, one that already exists under the name is adopted (AWS answers the create
 * with ConflictException), and either way its id is recorded for later operations.
 */
import {
  CreateGroupCommand,
  CreateUserCommand,
  DescribeGroupCommand,
  DescribeUserCommand,
  IdentitystoreClient,
  ListGroupsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-identitystore';
import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessTarget, type Target } from '../../../test/support/targets.js';
import { ClientFactory } from '../../aws/clients.js';
import { AwsCallError, OrgwardError } from '../../errors/index.js';
import type { Operation } from '../../plan/operations.js';
import { DEFAULT_POLL, type ApplyContext } from '../context.js';
import { Resolver } from '../resolver.js';
import { identityCenterHandlers } from './identity-center.js';
import { createOrAdopt, groupCreation, userCreation } from './principals.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

const createUser: Op<'create-user'> = {
  id: 'user:create:alice',
  dependsOn: [],
  impact: 'create',
  summary: 'create user alice',
  kind: 'create-user',
  user: { type: 'USER', name: 'alice' },
  displayName: 'Alice Example',
  email: 'alice@example.com',
};
const createGroup: Op<'create-group'> = {
  id: 'group:create:Developers',
  dependsOn: [],
  impact: 'create',
  summary: 'create group Developers',
  kind: 'create-group',
  group: { type: 'GROUP', name: 'Developers' },
  description: 'the developers',
};

describe('createOrAdopt on the sandbox', () => {
  let target: Target;
  let factory: ClientFactory;
  let ctx: ApplyContext;
  let ids: IdentitystoreClient;
  let storeId: string;
  let waits: number[];

  beforeEach(async () => {
    target = inProcessTarget();
    await new OrganizationsClient(target.config()).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    storeId = (await new SSOAdminClient(target.config()).send(new ListInstancesCommand({}))).Instances![0]!
      .IdentityStoreId!;
    ids = new IdentitystoreClient(target.config());
    // The default retry policy: a uniqueness conflict is not retried (a concurrent modification would
    // be), so the handler sees it at once; every backoff the call layer takes is recorded in `waits`.
    waits = [];
    factory = new ClientFactory(target.config(), {
      sleep: (ms) => (waits.push(ms), Promise.resolve()),
      retry: { maxAttempts: 3 },
      rateScale: 1000,
    });
    ctx = {
      factory,
      resolver: new Resolver(),
      sleep: () => Promise.resolve(),
      poll: DEFAULT_POLL,
      watchers: new Map(),
    };
  });
  afterEach(() => target.close());

  const calls = () => factory.stats.snapshot().byOperation;
  const users = async () =>
    ((await ids.send(new ListUsersCommand({ IdentityStoreId: storeId }))).Users ?? []).map((u) => u.UserName);
  const groups = async () =>
    ((await ids.send(new ListGroupsCommand({ IdentityStoreId: storeId }))).Groups ?? []).map(
      (g) => g.DisplayName,
    );

  it('creates a user that does not exist, with its names and email, and records its id', async () => {
    await createOrAdopt(ctx, userCreation(createUser));
    const id = ctx.resolver.principal(createUser.user);
    const user = await ids.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: id }));
    expect(user).toMatchObject({
      UserName: 'alice',
      DisplayName: 'Alice Example',
      Name: { GivenName: 'Alice', FamilyName: 'Example' },
      Emails: [{ Value: 'alice@example.com', Type: 'work', Primary: true }],
    });
    expect(await users()).toEqual(['alice']);
    expect(calls()['identitystore:CreateUser']).toBe(1);
    expect(calls()['identitystore:GetUserId']).toBeUndefined();
  });

  it('adopts the user that already holds the name when the create conflicts', async () => {
    const existing = (
      await ids.send(
        new CreateUserCommand({
          IdentityStoreId: storeId,
          UserName: 'alice',
          DisplayName: 'Alice From Before',
          Name: { GivenName: 'Alice', FamilyName: 'Before' },
        }),
      )
    ).UserId!;
    await createOrAdopt(ctx, userCreation(createUser));
    expect(ctx.resolver.principal(createUser.user)).toBe(existing);
    expect(await users()).toEqual(['alice']);
    // Adopted as it is: the create did not go through.
    const user = await ids.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: existing }));
    expect(user.DisplayName).toBe('Alice From Before');
    expect(calls()['identitystore:CreateUser']).toBe(1);
    expect(calls()['identitystore:GetUserId']).toBe(1);
    expect(waits).toEqual([]); // the conflict was not retried
  });

  it('creates a group that does not exist, with its description, and records its id', async () => {
    await createOrAdopt(ctx, groupCreation(createGroup));
    const id = ctx.resolver.principal(createGroup.group);
    const group = await ids.send(new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId: id }));
    expect(group).toMatchObject({ DisplayName: 'Developers', Description: 'the developers' });
    expect(await groups()).toEqual(['Developers']);
    expect(calls()['identitystore:CreateGroup']).toBe(1);
    expect(calls()['identitystore:GetGroupId']).toBeUndefined();
  });

  it('adopts the group that already holds the name when the create conflicts', async () => {
    const existing = (
      await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Developers' }))
    ).GroupId!;
    await createOrAdopt(ctx, groupCreation(createGroup));
    expect(ctx.resolver.principal(createGroup.group)).toBe(existing);
    expect(await groups()).toEqual(['Developers']);
    expect(calls()['identitystore:CreateGroup']).toBe(1);
    expect(calls()['identitystore:GetGroupId']).toBe(1);
    expect(waits).toEqual([]); // the conflict was not retried
  });

  it('keeps users and groups apart: a group of the name does not make a user conflict', async () => {
    await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'alice' }));
    await createOrAdopt(ctx, userCreation(createUser));
    expect(await users()).toEqual(['alice']);
    expect(calls()['identitystore:GetUserId']).toBeUndefined();
  });

  it('passes on an error other than a conflict, without looking anything up', async () => {
    target.sandbox!.faults.configure({ seed: 1, internalError: 1, operations: ['CreateGroup'] });
    const error = await createOrAdopt(ctx, groupCreation(createGroup)).catch((e: unknown) => e);
    target.sandbox!.faults.configure({});
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).awsCode).toBe('InternalServerException');
    expect(calls()['identitystore:GetGroupId']).toBeUndefined();
    expect(() => ctx.resolver.principal(createGroup.group)).toThrow(OrgwardError);
    expect(await groups()).toEqual([]);
  });

  it('is what the create-user and create-group handlers do', async () => {
    const existing = (
      await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Developers' }))
    ).GroupId!;
    expect(await identityCenterHandlers['create-group']!(createGroup, ctx)).toBeUndefined();
    expect(await identityCenterHandlers['create-user']!(createUser, ctx)).toBeUndefined();
    expect(ctx.resolver.principal(createGroup.group)).toBe(existing);
    expect(await users()).toEqual(['alice']);
    expect(ctx.resolver.principal(createUser.user)).toMatch(/\S/);
  });
});
