/**
 * An estate whose people live in an external identity provider: the `identityStore` member of world
 * documents seeds SCIM-provisioned users and groups (with ExternalIds) beside a local user, and the
 * Identity Store API an importer reads answers them as AWS does. Real SDK clients, answers checked
 * against AWS's service model.
 */
import {
  CreateUserCommand,
  DescribeGroupCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetUserIdCommand,
  IdentitystoreClient,
  ListGroupMembershipsCommand,
  ListGroupsCommand,
  ListUsersCommand,
  type AlternateIdentifier,
} from '@aws-sdk/client-identitystore';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { WorldDocumentError } from '../../seed.js';
import { defaultIssuer } from './seed.js';

const MANAGEMENT = '123456789012';
const MEMBER = '111122223333';
const OKTA = 'https://scim.aws.com/okta-tenant-1';

/** A management account with its organization and an Okta-provisioned estate, plus one local user. */
const estate = (identityStore: Record<string, unknown>) => ({
  accounts: {
    [MANAGEMENT]: {
      organization: { members: { [MEMBER]: {} } },
      identityStore,
    },
  },
});

const okta = {
  issuer: OKTA,
  users: {
    alice: {
      displayName: 'Alice Doe',
      email: 'alice@example.com',
      givenName: 'Alice',
      familyName: 'Doe',
      externalId: '00u1abc',
    },
    bob: { displayName: 'Bob Roe', email: 'bob@example.com', externalId: '00u2def' },
    carol: { displayName: 'Carol Local', email: 'carol@example.com' },
  },
  groups: {
    Platform: { description: 'Platform team', members: ['alice', 'bob'], externalId: '00g9xyz' },
  },
};

describe.each<TargetName>(['sandbox', 'sandbox-http'])('external identities on %s', (name) => {
  let target: Target;
  let ids: IdentitystoreClient;
  const load = (doc: unknown) => target.sandbox!.loadDocument(doc);
  /** The problems a document is refused with (the test fails when it is accepted). */
  const issuesOf = (doc: unknown): string[] => {
    try {
      load(doc);
    } catch (error) {
      expect(error).toBeInstanceOf(WorldDocumentError);
      return (error as WorldDocumentError).issues;
    }
    throw new Error('expected the document to be refused');
  };
  const storeId = async () =>
    (await new SSOAdminClient(target.config()).send(new ListInstancesCommand({}))).Instances![0]!
      .IdentityStoreId!;
  /** The SDK's exception a call fails with, with the members AWS's error carries (ResourceType, ...). */
  const rejection = async (call: Promise<unknown>) => {
    const error = (await call.then(
      () => undefined,
      (e: unknown) => e,
    )) as (Error & Record<string, unknown>) | undefined;
    if (!error) throw new Error('expected the call to fail');
    return error;
  };
  const userId = async (IdentityStoreId: string, AlternateIdentifier: AlternateIdentifier) =>
    (await ids.send(new GetUserIdCommand({ IdentityStoreId, AlternateIdentifier }))).UserId;

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    ids = new IdentitystoreClient(target.config());
  });

  it('seeds SCIM users and groups with ExternalIds, beside a local user, and reads them back', async () => {
    expect(load(estate(okta))).toEqual({ kind: 'merged', accounts: [MANAGEMENT] });
    const IdentityStoreId = await storeId();
    // The seeded instance is the one the API answers (and stored, as a first write stores it).
    expect(Object.keys(target.sandbox!.world.identityStores)).toEqual([IdentityStoreId]);

    const users = (await ids.send(new ListUsersCommand({ IdentityStoreId }))).Users!;
    const byName = Object.fromEntries(users.map((u) => [u.UserName, u]));
    expect(Object.keys(byName).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(byName.alice).toMatchObject({
      IdentityStoreId,
      DisplayName: 'Alice Doe',
      Name: { GivenName: 'Alice', FamilyName: 'Doe' },
      Emails: [{ Value: 'alice@example.com', Type: 'work', Primary: true }],
      ExternalIds: [{ Issuer: OKTA, Id: '00u1abc' }],
    });
    expect(byName.bob!.ExternalIds).toEqual([{ Issuer: OKTA, Id: '00u2def' }]);
    expect(byName.carol).not.toHaveProperty('ExternalIds');

    const aliceId = byName.alice!.UserId!;
    const described = await ids.send(new DescribeUserCommand({ IdentityStoreId, UserId: aliceId }));
    expect(described.ExternalIds).toEqual([{ Issuer: OKTA, Id: '00u1abc' }]);

    // GetUserId by the identity provider's id, by user name (path and value ignore case) and by email.
    expect(await userId(IdentityStoreId, { ExternalId: { Issuer: OKTA, Id: '00u1abc' } })).toBe(aliceId);
    expect(
      await userId(IdentityStoreId, {
        UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'alice' },
      }),
    ).toBe(aliceId);
    expect(
      await userId(IdentityStoreId, {
        UniqueAttribute: { AttributePath: 'UserName', AttributeValue: 'ALICE' },
      }),
    ).toBe(aliceId);
    expect(
      await userId(IdentityStoreId, {
        UniqueAttribute: { AttributePath: 'emails.value', AttributeValue: 'carol@example.com' },
      }),
    ).toBe(byName.carol!.UserId);

    const groups = (await ids.send(new ListGroupsCommand({ IdentityStoreId }))).Groups!;
    expect(groups).toHaveLength(1);
    const platform = groups[0]!;
    expect(platform).toMatchObject({
      DisplayName: 'Platform',
      Description: 'Platform team',
      ExternalIds: [{ Issuer: OKTA, Id: '00g9xyz' }],
    });
    const GroupId = platform.GroupId!;
    expect((await ids.send(new DescribeGroupCommand({ IdentityStoreId, GroupId }))).ExternalIds).toEqual([
      { Issuer: OKTA, Id: '00g9xyz' },
    ]);
    for (const AlternateIdentifier of [
      { ExternalId: { Issuer: OKTA, Id: '00g9xyz' } },
      { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'platform' } },
    ])
      expect((await ids.send(new GetGroupIdCommand({ IdentityStoreId, AlternateIdentifier }))).GroupId).toBe(
        GroupId,
      );

    const memberships = (await ids.send(new ListGroupMembershipsCommand({ IdentityStoreId, GroupId })))
      .GroupMemberships!;
    expect(memberships.map((m) => m.MemberId?.UserId).sort()).toEqual([aliceId, byName.bob!.UserId].sort());
    expect(memberships.every((m) => m.GroupId === GroupId && m.MembershipId)).toBe(true);
  });

  it('answers ResourceNotFoundException for an unknown alternate identifier, ValidationException for a bad one', async () => {
    load(estate(okta));
    const IdentityStoreId = await storeId();
    for (const AlternateIdentifier of [
      { ExternalId: { Issuer: OKTA, Id: 'nobody' } },
      { ExternalId: { Issuer: 'https://other.example', Id: '00u1abc' } },
      { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'mallory' } },
      { UniqueAttribute: { AttributePath: 'emails.value', AttributeValue: 'mallory@example.com' } },
    ]) {
      const error = await rejection(ids.send(new GetUserIdCommand({ IdentityStoreId, AlternateIdentifier })));
      expect(error).toMatchObject({
        name: 'ResourceNotFoundException',
        message: 'USER not found.',
        ResourceType: 'USER',
      });
      expect(error.RequestId).toEqual(expect.any(String));
    }
    const noGroup = await rejection(
      ids.send(
        new GetGroupIdCommand({
          IdentityStoreId,
          AlternateIdentifier: { ExternalId: { Issuer: OKTA, Id: '00u1abc' } },
        }),
      ),
    );
    expect(noGroup).toMatchObject({ name: 'ResourceNotFoundException', ResourceType: 'GROUP' });
    const badPath = await failure(
      ids.send(
        new GetUserIdCommand({
          IdentityStoreId,
          AlternateIdentifier: {
            UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'Alice Doe' },
          },
        }),
      ),
    );
    expect(badPath.name).toBe('ValidationException');
  });

  it('updates what the store already holds instead of duplicating it, and adds memberships', async () => {
    load({ accounts: { [MANAGEMENT]: { organization: {} } } });
    const IdentityStoreId = await storeId();
    // A user created through the API before the identity provider took over.
    await ids.send(new CreateUserCommand({ IdentityStoreId, UserName: 'Alice', DisplayName: 'A. Doe' }));
    load(estate(okta));
    load(
      estate({
        users: { dave: { displayName: 'Dave', email: 'dave@example.com', externalId: '00u4jkl' } },
        groups: { platform: { members: ['dave', 'alice'] } },
      }),
    );
    const users = (await ids.send(new ListUsersCommand({ IdentityStoreId }))).Users!;
    expect(users.map((u) => u.UserName).sort()).toEqual(['Alice', 'bob', 'carol', 'dave']);
    const alice = users.find((u) => u.UserName === 'Alice')!;
    expect(alice).toMatchObject({ DisplayName: 'Alice Doe', ExternalIds: [{ Issuer: OKTA, Id: '00u1abc' }] });
    // No issuer in the second document: the store's default SCIM issuer.
    const dave = users.find((u) => u.UserName === 'dave')!;
    expect(dave.ExternalIds).toEqual([{ Issuer: defaultIssuer(IdentityStoreId), Id: '00u4jkl' }]);
    expect(defaultIssuer(IdentityStoreId)).toMatch(/^https:\/\/scim\.aws\.com\/[0-9a-f-]{36}$/);

    const groups = (await ids.send(new ListGroupsCommand({ IdentityStoreId }))).Groups!;
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ DisplayName: 'Platform', Description: 'Platform team' });
    const members = (
      await ids.send(new ListGroupMembershipsCommand({ IdentityStoreId, GroupId: groups[0]!.GroupId! }))
    ).GroupMemberships!.map((m) => m.MemberId?.UserId);
    expect(members).toHaveLength(3);
    expect(new Set(members)).toEqual(
      new Set(users.filter((u) => u.UserName !== 'carol').map((u) => u.UserId)),
    );
  });

  it('refuses a document it cannot apply, naming where, and applies none of it', () => {
    const where = `accounts.${MANAGEMENT}.identityStore`;
    expect(issuesOf({ accounts: { [MANAGEMENT]: { identityStore: okta } } })).toEqual([
      expect.stringMatching(new RegExp(`^${where}: account ${MANAGEMENT} is in no organization`)),
    ]);
    load(estate(okta));
    const before = JSON.stringify(target.sandbox!.world.identityStores);
    expect(issuesOf({ accounts: { [MEMBER]: { identityStore: { users: {} } } } })[0]).toMatch(
      new RegExp(`^accounts\\.${MEMBER}\\.identityStore: .*management account ${MANAGEMENT}`),
    );
    const issues = issuesOf(
      estate({
        issuer: OKTA,
        users: {
          Administrator: { displayName: 'Admin', email: 'admin@example.com' },
          eve: { displayName: 'Eve', email: 'eve@example.com', externalId: '00u1abc' },
        },
        groups: { Ops: { members: ['mallory'] } },
      }),
    );
    expect(issues).toEqual([
      `${where}.users.Administrator: "Administrator" is a reserved name`,
      expect.stringContaining(`${where}.users.eve.externalId: user "alice"`),
      expect.stringContaining(`${where}.groups.Ops.members: "mallory" is neither in users nor`),
    ]);
    expect(JSON.stringify(target.sandbox!.world.identityStores)).toBe(before);
    expect(issuesOf(estate({ users: { alice: { displayName: 'A' } } }))[0]).toMatch(
      new RegExp(`^${where}\\.users\\.alice\\.email`),
    );
  });
});
