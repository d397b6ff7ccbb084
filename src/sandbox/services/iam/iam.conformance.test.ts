/**
 * IAM conformance: the same scripts on the sandbox (in process and over HTTP) and on moto_server where
 * installed. Where moto differs from AWS the assertion is skipped for moto with the difference named
 * (SPEC.md lists them).
 */
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  GetAccountSummaryCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conformanceTargets, startTarget, type Target } from '../../../../test/support/targets.js';
import { failure } from './testing.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
  ],
});
const READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});

describe.each(conformanceTargets)('IAM conformance on %s', (name) => {
  let target: Target;
  let iam: IAMClient;
  const moto = name === 'moto';
  beforeAll(async () => {
    target = await startTarget(name);
  }, 60_000);
  beforeEach(async () => {
    await target.reset();
    iam = new IAMClient({ ...target.config(), maxAttempts: 1 });
  });
  afterAll(() => target.close());

  it('creates users, refuses duplicates and pages with MaxItems', async () => {
    const { User } = await iam.send(new CreateUserCommand({ UserName: 'u1', Path: '/team/' }));
    expect(User).toMatchObject({
      UserName: 'u1',
      Path: '/team/',
      Arn: 'arn:aws:iam::123456789012:user/team/u1',
    });
    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'u1' })))).toMatchObject({
      name: 'EntityAlreadyExistsException',
      status: 409,
    });
    await iam.send(new CreateUserCommand({ UserName: 'u2' }));
    await iam.send(new CreateUserCommand({ UserName: 'u3' }));
    const first = await iam.send(new ListUsersCommand({ MaxItems: 2 }));
    // moto ignores MaxItems on ListUsers and answers every user at once.
    if (moto) return;
    expect(first.Users).toHaveLength(2);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListUsersCommand({ MaxItems: 2, Marker: first.Marker }));
    expect(second.Users).toHaveLength(1);
    expect(second.Marker).toBeUndefined();
  });

  it('answers NoSuchEntity for an unknown user', async () => {
    expect(await failure(iam.send(new GetUserCommand({ UserName: 'nobody' })))).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
    });
  });

  it('limits access keys to two per user and refuses to delete a user holding keys', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'keys' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'keys' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'keys' }));
    expect((await failure(iam.send(new CreateAccessKeyCommand({ UserName: 'keys' })))).name).toBe(
      'LimitExceededException',
    );
    const deletion = iam.send(new DeleteUserCommand({ UserName: 'keys' }));
    // moto deletes a user that still holds access keys (it only checks policies).
    if (moto) await deletion;
    else expect((await failure(deletion)).name).toBe('DeleteConflictException');
  });

  it('answers trust and policy documents URL-encoded', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'r' }));
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(TRUST));
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'read', PolicyDocument: READ }));
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: Policy!.Arn!, VersionId: 'v1' }),
    );
    expect(JSON.parse(decodeURIComponent(PolicyVersion!.Document!))).toEqual(JSON.parse(READ));
  });

  it('attaches policies to roles and refuses to delete a role with attachments', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'read', PolicyDocument: READ }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: Policy!.Arn! }));
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'r' }))).AttachedPolicies).toEqual(
      [{ PolicyName: 'read', PolicyArn: Policy!.Arn }],
    );
    expect((await failure(iam.send(new DeleteRoleCommand({ RoleName: 'r' })))).name).toBe(
      'DeleteConflictException',
    );
    expect(
      (
        await failure(
          iam.send(
            new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' }),
          ),
        )
      ).name,
    ).toBe('NoSuchEntityException');
  });

  it('summarises the account', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'u1' }));
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap?.Users).toBe(1);
    expect(SummaryMap?.AccountMFAEnabled).toBe(0);
    if (!moto) expect(SummaryMap?.AccessKeysPerUserQuota).toBe(2);
  });
});
