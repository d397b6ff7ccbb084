/** IAM roles, managed and inline policies and their attachments, through the SDK. */
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { putServiceRole, trustAccountPolicy } from './roles.js';
import { failure } from './testing.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' },
  ],
});
const READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }],
});
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('IAM roles and policies over %s', (name) => {
  let target: Target;
  let iam: IAMClient;
  beforeAll(async () => {
    target = await startTarget(name);
  });
  beforeEach(async () => {
    await target.reset();
    iam = new IAMClient({ ...target.config(), maxAttempts: 1 });
  });
  afterAll(() => target.close());

  it('creates roles with validated trust policies and answers documents URL-encoded', async () => {
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'deploy',
        Path: '/ci/',
        AssumeRolePolicyDocument: TRUST,
        MaxSessionDuration: 7200,
      }),
    );
    expect(Role).toMatchObject({ Arn: 'arn:aws:iam::123456789012:role/ci/deploy', MaxSessionDuration: 7200 });
    expect(Role!.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    const got = await iam.send(new GetRoleCommand({ RoleName: 'deploy' }));
    expect(got.Role!.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(TRUST));
    expect(
      (
        await failure(
          iam.send(new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: TRUST })),
        )
      ).name,
    ).toBe('EntityAlreadyExistsException');
    expect(
      (
        await failure(
          iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: '{not json' })),
        )
      ).name,
    ).toBe('MalformedPolicyDocumentException');
    expect(
      (
        await failure(
          iam.send(
            new CreateRoleCommand({
              RoleName: 'bad',
              AssumeRolePolicyDocument: TRUST,
              MaxSessionDuration: 100,
            }),
          ),
        )
      ).name,
    ).toBe('ValidationError');
    await iam.send(
      new UpdateRoleCommand({ RoleName: 'deploy', Description: 'CI', MaxSessionDuration: 3600 }),
    );
    await iam.send(new TagRoleCommand({ RoleName: 'deploy', Tags: [{ Key: 'k', Value: 'v' }] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'deploy' }))).Tags).toEqual([
      { Key: 'k', Value: 'v' },
    ]);
    const newTrust = TRUST.replace('111111111111', '222222222222');
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'deploy', PolicyDocument: newTrust }));
    const listed = await iam.send(new ListRolesCommand({ PathPrefix: '/ci/' }));
    expect(
      listed.Roles?.map((r) => [r.RoleName, r.Description, decodeURIComponent(r.AssumeRolePolicyDocument!)]),
    ).toEqual([['deploy', 'CI', newTrust]]);
  });

  it('refuses changes to protected roles', async () => {
    const sandbox = target.sandbox!;
    const account =
      sandbox.world.accounts['123456789012'] ??
      (await iam.send(new ListRolesCommand({})), sandbox.world.accounts['123456789012']!);
    putServiceRole(sandbox.world, account, {
      roleName: 'AWSReservedSSO_Admin_0123456789abcdef',
      path: '/aws-reserved/sso.amazonaws.com/',
      assumeRolePolicyDocument: trustAccountPolicy('123456789012'),
      protected: true,
      createDate: new Date().toISOString(),
    });
    const roleName = 'AWSReservedSSO_Admin_0123456789abcdef';
    for (const attempt of [
      iam.send(new DeleteRoleCommand({ RoleName: roleName })),
      iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: ADMIN })),
      iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'p', PolicyDocument: READ })),
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: TRUST })),
    ]) {
      const error = await failure(attempt);
      expect(error).toMatchObject({ name: 'UnmodifiableEntityException', status: 400 });
      expect(error.message).toBe(
        `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`,
      );
    }
  });

  it('manages customer policies and their versions', async () => {
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'read', Path: '/app/', PolicyDocument: READ }),
    );
    const arn = Policy!.Arn!;
    expect(arn).toBe('arn:aws:iam::123456789012:policy/app/read');
    expect(Policy).toMatchObject({ DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true });
    for (const bad of [
      'nope',
      '{"Version":"2012-10-17"}',
      JSON.stringify({ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }),
    ]) {
      expect(
        (await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'x', PolicyDocument: bad })))).name,
      ).toBe('MalformedPolicyDocumentException');
    }
    const big = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`),
        },
      ],
    });
    expect(
      (await failure(iam.send(new CreatePolicyCommand({ PolicyName: 'big', PolicyDocument: big })))).name,
    ).toBe('LimitExceededException');
    for (let i = 2; i <= 5; i++)
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: READ }));
    expect(
      (await failure(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: READ }))))
        .name,
    ).toBe('LimitExceededException');
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    expect(
      (await failure(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })))).name,
    ).toBe('DeleteConflictException');
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    expect(versions.Versions?.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId)).toEqual(['v3']);
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!))).toEqual(JSON.parse(READ));
    expect((await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).name).toBe(
      'DeleteConflictException',
    );
    for (const v of ['v1', 'v2', 'v4', 'v5'])
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    expect((await failure(iam.send(new GetPolicyCommand({ PolicyArn: arn })))).name).toBe(
      'NoSuchEntityException',
    );
  });

  it('attaches managed policies to users, groups and roles, ten at most, and lists who uses them', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ivy' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'ivy', PolicyArn: ADMIN }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: ADMIN }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: ADMIN }));
    expect(
      (
        await failure(
          iam.send(
            new AttachRolePolicyCommand({
              RoleName: 'app',
              PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy',
            }),
          ),
        )
      ).name,
    ).toBe('NoSuchEntityException');
    expect(
      (
        await failure(
          iam.send(
            new AttachRolePolicyCommand({
              RoleName: 'app',
              PolicyArn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials',
            }),
          ),
        )
      ).name,
    ).toBe('PolicyNotAttachableException');
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: ADMIN }));
    expect([
      entities.PolicyUsers?.[0]?.UserName,
      entities.PolicyGroups?.[0]?.GroupName,
      entities.PolicyRoles?.[0]?.RoleName,
    ]).toEqual(['ivy', 'ops', 'app']);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy?.AttachmentCount).toBe(3);
    const attached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
    expect(attached.Policies?.map((p) => p.Arn)).toEqual([ADMIN]);
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/root-task/' }));
    expect(aws.Policies).toHaveLength(5);

    for (let i = 0; i < 9; i++) {
      const { Policy } = await iam.send(
        new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: READ }),
      );
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn! }));
    }
    const { Policy: eleventh } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'p10', PolicyDocument: READ }),
    );
    expect(
      (await failure(iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: eleventh!.Arn! }))))
        .name,
    ).toBe('LimitExceededException');
    const page = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app', MaxItems: 4 }));
    expect(page).toMatchObject({ IsTruncated: true });
    expect(page.AttachedPolicies?.[0]).toEqual({ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN });
    expect((await failure(iam.send(new DeleteRoleCommand({ RoleName: 'app' })))).name).toBe(
      'DeleteConflictException',
    );
    await iam.send(new DetachUserPolicyCommand({ UserName: 'ivy', PolicyArn: ADMIN }));
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: ADMIN }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: ADMIN }));
    expect(
      (await failure(iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: ADMIN })))).name,
    ).toBe('NoSuchEntityException');
  });

  it('stores inline policies within size limits and answers them URL-encoded', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'jo' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'svc', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'svc', PolicyName: 'read', PolicyDocument: READ }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'svc', PolicyName: 'read' }));
    expect(got).toMatchObject({
      RoleName: 'svc',
      PolicyName: 'read',
      PolicyDocument: encodeURIComponent(READ),
    });
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'svc' }))).PolicyNames).toEqual(['read']);
    expect(
      (
        await failure(
          iam.send(new PutRolePolicyCommand({ RoleName: 'svc', PolicyName: 'p', PolicyDocument: TRUST })),
        )
      ).name,
    ).toBe('MalformedPolicyDocumentException');
    const large = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: Array.from({ length: 120 }, (_, i) => `arn:aws:s3:::b-${i}/*`),
        },
      ],
    });
    expect(
      (
        await failure(
          iam.send(new PutUserPolicyCommand({ UserName: 'jo', PolicyName: 'big', PolicyDocument: large })),
        )
      ).name,
    ).toBe('LimitExceededException');
    expect(
      (await failure(iam.send(new GetUserPolicyCommand({ UserName: 'jo', PolicyName: 'big' })))).name,
    ).toBe('NoSuchEntityException');
    expect((await failure(iam.send(new DeleteRoleCommand({ RoleName: 'svc' })))).message).toMatch(
      /delete policies first/,
    );
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'svc', PolicyName: 'read' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'svc' }));
  });
});
