/** GetAccountAuthorizationDetails through the SDK: one listing of users, groups, roles and policies. */
import {
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  paginateGetAccountAuthorizationDetails,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { failure, seedWorld } from './testing.js';

const ACCOUNT = '123456789012';
const ALLOW_S3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

describe.each<TargetName>(['sandbox', 'sandbox-http'])('GetAccountAuthorizationDetails over %s', (name) => {
  let target: Target;
  let iam: IAMClient;
  beforeAll(async () => {
    target = await startTarget(name);
  });
  beforeEach(async () => {
    await target.reset();
    iam = new IAMClient({ ...target.config(), maxAttempts: 1 });
    await seedWorld(target, {
      accounts: {
        [ACCOUNT]: {
          iamUsers: {
            alice: {
              password: true,
              groups: ['Developers'],
              inlinePolicies: { s3: ALLOW_S3 },
              managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
              permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
              tags: { email: 'alice@example.com' },
            },
            ci: { accessKeys: 1 },
          },
        },
      },
    });
  });
  afterAll(() => target.close());

  it('lists each user with its groups, policies (documents URL-encoded), boundary and tags, and its groups', async () => {
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group'] }));
    expect(out.IsTruncated).toBe(false);
    expect(out.RoleDetailList).toEqual([]);
    const alice = out.UserDetailList!.find((u) => u.UserName === 'alice')!;
    expect(alice).toMatchObject({
      GroupList: ['Developers'],
      AttachedManagedPolicies: [
        { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      ],
      PermissionsBoundary: {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
      },
      Tags: [{ Key: 'email', Value: 'alice@example.com' }],
    });
    expect(JSON.parse(decodeURIComponent(alice.UserPolicyList![0]!.PolicyDocument!))).toEqual(ALLOW_S3);
    expect(out.UserDetailList!.map((u) => u.UserName)).toEqual(['alice', 'ci']);
    expect(out.GroupDetailList!.map((g) => g.GroupName)).toEqual(['Developers']);
  });

  it('pages through every entity with Marker/MaxItems, and lists AWS-managed policies in use', async () => {
    const pages = [];
    for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 1 }, {}))
      pages.push(page);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const policies = pages.flatMap((p) => p.Policies ?? []);
    expect(policies.map((p) => p.Arn)).toEqual(
      expect.arrayContaining(['arn:aws:iam::aws:policy/ReadOnlyAccess']),
    );
    expect(policies.find((p) => p.Arn?.endsWith('/ReadOnlyAccess'))!.PolicyVersionList![0]).toMatchObject({
      IsDefaultVersion: true,
    });
  });

  it('refuses an unknown filter as ValidationError', async () => {
    expect(
      await failure(iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Users' as 'User'] }))),
    ).toMatchObject({ name: 'ValidationError' });
  });
});
