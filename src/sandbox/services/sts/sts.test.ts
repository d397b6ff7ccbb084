/** STS AssumeRole, AssumeRoot and root sessions, through the SDK. */
import {
  CreateRoleCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  DeleteVirtualMFADeviceCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateAccessKeyCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListSigningCertificatesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  AssumeRootCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { advanceClock, failure, putTestOrganization, seedWorld } from '../iam/testing.js';
import { iamOf } from '../iam/state.js';

const SOURCE = '111111111111';
const TARGET = '222222222222';
const MEMBER = '333333333333';
const TASK = 'arn:aws:iam::aws:policy/root-task/';

function trust(principal: unknown, extra: object[] = []): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }, ...extra],
  });
}

describe.each<TargetName>(['sandbox', 'sandbox-http'])('STS over %s', (name) => {
  let target: Target;
  const config = (
    accessKeyId: string,
    creds?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string },
  ) => ({
    ...target.config(
      creds
        ? {
            accessKeyId: creds.AccessKeyId!,
            secretAccessKey: creds.SecretAccessKey!,
            sessionToken: creds.SessionToken!,
          }
        : { accessKeyId },
    ),
    maxAttempts: 1,
  });
  const sts = (accountId: string) => new STSClient(config(accountId));
  const iam = (accountId: string) => new IAMClient(config(accountId));
  const createRole = (accountId: string, roleName: string, document: string, maxSessionDuration?: number) =>
    iam(accountId).send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: document,
        MaxSessionDuration: maxSessionDuration,
      }),
    );

  beforeAll(async () => {
    target = await startTarget(name);
  });
  beforeEach(() => target.reset());
  afterAll(() => target.close());

  describe('AssumeRole', () => {
    it('assumes a role in another account whose trust policy names the caller account; the session acts there', async () => {
      const { Role } = await createRole(TARGET, 'audit', trust(`arn:aws:iam::${SOURCE}:root`), 7200);
      const answer = await sts(SOURCE).send(
        new AssumeRoleCommand({
          RoleArn: Role!.Arn!,
          RoleSessionName: 'alice@example.com',
          DurationSeconds: 7200,
        }),
      );
      expect(answer.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
      expect(answer.AssumedRoleUser).toEqual({
        AssumedRoleId: `${Role!.RoleId}:alice@example.com`,
        Arn: `arn:aws:sts::${TARGET}:assumed-role/audit/alice@example.com`,
      });
      expect(answer.Credentials!.Expiration!.getTime() - target.sandbox!.now().getTime()).toBeGreaterThan(
        7000_000,
      );
      const session = new STSClient(config('', answer.Credentials));
      expect(await session.send(new GetCallerIdentityCommand({}))).toMatchObject({
        Account: TARGET,
        Arn: answer.AssumedRoleUser!.Arn,
        UserId: answer.AssumedRoleUser!.AssumedRoleId,
      });
      await new IAMClient(config('', answer.Credentials)).send(
        new CreateUserCommand({ UserName: 'made-in-target' }),
      );
      expect((await iam(TARGET).send(new ListUsersCommand({}))).Users?.map((u) => u.UserName)).toEqual([
        'made-in-target',
      ]);
      expect(
        (await iam(TARGET).send(new GetRoleCommand({ RoleName: 'audit' }))).Role?.RoleLastUsed?.Region,
      ).toBe('us-east-1');
    });

    it('denies callers the trust policy does not name, and explicit denies win', async () => {
      const { Role } = await createRole(TARGET, 'narrow', trust(`arn:aws:iam::${SOURCE}:user/ci`));
      const denied = await failure(
        sts(SOURCE).send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 's1' })),
      );
      expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
      expect(denied.message).toBe(
        `User: arn:aws:iam::${SOURCE}:user/sandbox-admin is not authorized to perform: sts:AssumeRole on resource: ${Role!.Arn}`,
      );
      const { Role: denyRole } = await createRole(
        TARGET,
        'deny',
        trust('*', [{ Effect: 'Deny', Principal: { AWS: SOURCE }, Action: 'sts:*' }]),
      );
      expect(
        (
          await failure(
            sts(SOURCE).send(new AssumeRoleCommand({ RoleArn: denyRole!.Arn!, RoleSessionName: 's1' })),
          )
        ).name,
      ).toBe('AccessDenied');
      expect(
        (
          await failure(
            sts(SOURCE).send(
              new AssumeRoleCommand({
                RoleArn: `arn:aws:iam::${TARGET}:role/missing`,
                RoleSessionName: 's1',
              }),
            ),
          )
        ).status,
      ).toBe(403);
    });

    it('lets an IAM user named in the trust policy assume the role with its own key', async () => {
      await iam(SOURCE).send(new CreateUserCommand({ UserName: 'ci' }));
      const { AccessKey } = await iam(SOURCE).send(new CreateAccessKeyCommand({ UserName: 'ci' }));
      const { Role } = await createRole(TARGET, 'narrow', trust([`arn:aws:iam::${SOURCE}:user/ci`]));
      // Across accounts the user's own policy must allow it too.
      await iam(SOURCE).send(
        new PutUserPolicyCommand({
          UserName: 'ci',
          PolicyName: 'assume-narrow',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: Role!.Arn! }],
          }),
        }),
      );
      const asCi = new STSClient({
        ...target.config({
          accessKeyId: AccessKey!.AccessKeyId!,
          secretAccessKey: AccessKey!.SecretAccessKey!,
        }),
        maxAttempts: 1,
      });
      const answer = await asCi.send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'ci' }));
      expect(answer.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${TARGET}:assumed-role/narrow/ci`);
    });

    it('validates session names and durations, and limits role chaining to one hour', async () => {
      const { Role: first } = await createRole(TARGET, 'first', trust(SOURCE), 43200);
      // The chained hop crosses accounts: the first role's own policy must allow it.
      await iam(TARGET).send(
        new PutRolePolicyCommand({
          RoleName: 'first',
          PolicyName: 'hop',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
          }),
        }),
      );
      const { Role: second } = await createRole(
        MEMBER,
        'second',
        trust(`arn:aws:iam::${TARGET}:role/first`),
        43200,
      );
      for (const input of [
        { RoleSessionName: 'x' },
        { RoleSessionName: 'bad name' },
        { RoleSessionName: 'ok', DurationSeconds: 600 },
      ]) {
        expect(
          (await failure(sts(SOURCE).send(new AssumeRoleCommand({ RoleArn: first!.Arn!, ...input })))).name,
        ).toBe('ValidationError');
      }
      const { Role: short } = await createRole(TARGET, 'short', trust(SOURCE));
      expect(
        (
          await failure(
            sts(SOURCE).send(
              new AssumeRoleCommand({ RoleArn: short!.Arn!, RoleSessionName: 'ok', DurationSeconds: 7200 }),
            ),
          )
        ).message,
      ).toMatch(/MaxSessionDuration/);
      const hop = await sts(SOURCE).send(
        new AssumeRoleCommand({ RoleArn: first!.Arn!, RoleSessionName: 'hop', DurationSeconds: 43200 }),
      );
      const chained = new STSClient(config('', hop.Credentials));
      expect(
        (
          await failure(
            chained.send(
              new AssumeRoleCommand({
                RoleArn: second!.Arn!,
                RoleSessionName: 'hop2',
                DurationSeconds: 3601,
              }),
            ),
          )
        ).message,
      ).toMatch(/1 hour session limit/);
      const hop2 = await chained.send(
        new AssumeRoleCommand({ RoleArn: second!.Arn!, RoleSessionName: 'hop2' }),
      );
      expect(
        (await new STSClient(config('', hop2.Credentials)).send(new GetCallerIdentityCommand({}))).Account,
      ).toBe(MEMBER);
    });

    it('expires sessions on the sandbox clock', async () => {
      const { Role } = await createRole(TARGET, 'audit', trust(SOURCE));
      const answer = await sts(SOURCE).send(
        new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'session', DurationSeconds: 900 }),
      );
      const session = new STSClient(config('', answer.Credentials));
      await session.send(new GetCallerIdentityCommand({}));
      await advanceClock(target, 901);
      expect(await failure(session.send(new GetCallerIdentityCommand({})))).toMatchObject({
        name: 'ExpiredToken',
        status: 400,
      });
    });

    it('refuses root credentials', async () => {
      await seedWorld(target, { accounts: { [SOURCE]: { rootCredentials: { accessKeys: 1 } } } });
      const rootKey = iamOf(target.sandbox!.world.accounts[SOURCE]!).root.accessKeys[0]!;
      const { Role } = await createRole(TARGET, 'audit', trust(SOURCE));
      const asRoot = new STSClient({
        ...target.config({ accessKeyId: rootKey.accessKeyId, secretAccessKey: rootKey.secretAccessKey }),
        maxAttempts: 1,
      });
      expect((await asRoot.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${SOURCE}:root`);
      expect(
        (
          await failure(
            asRoot.send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'session' })),
          )
        ).message,
      ).toBe('Roles may not be assumed by root accounts.');
    });
  });

  describe('AssumeRoot', () => {
    const MANAGEMENT = SOURCE;
    const organize = (features: Array<'RootCredentialsManagement' | 'RootSessions'>) =>
      putTestOrganization(target.sandbox!.world, {
        managementAccountId: MANAGEMENT,
        memberAccountIds: [TARGET, MEMBER],
        trustedServices: ['iam.amazonaws.com'],
        delegatedAdmins: [{ accountId: TARGET, servicePrincipal: 'iam.amazonaws.com' }],
        iamFeatures: features,
      });
    const assumeRoot = (caller: string, targetPrincipal: string, task: string, durationSeconds?: number) =>
      sts(caller).send(
        new AssumeRootCommand({
          TargetPrincipal: targetPrincipal,
          TaskPolicyArn: { arn: TASK + task },
          DurationSeconds: durationSeconds,
        }),
      );

    it('deletes every root credential of a member in one IAMDeleteRootUserCredentials session', async () => {
      organize(['RootCredentialsManagement', 'RootSessions']);
      await seedWorld(target, {
        accounts: {
          [MEMBER]: {
            rootCredentials: { password: true, accessKeys: 2, signingCertificates: 1, mfa: 'virtual' },
          },
        },
      });
      const before = (await iam(MEMBER).send(new GetAccountSummaryCommand({}))).SummaryMap!;
      expect([
        before.AccountPasswordPresent,
        before.AccountAccessKeysPresent,
        before.AccountSigningCertificatesPresent,
        before.AccountMFAEnabled,
      ]).toEqual([1, 1, 1, 1]);

      const { Credentials } = await assumeRoot(MANAGEMENT, MEMBER, 'IAMDeleteRootUserCredentials');
      expect(Credentials!.Expiration!.getTime() - target.sandbox!.now().getTime()).toBeLessThanOrEqual(
        900_000,
      );
      expect(
        await new STSClient(config('', Credentials)).send(new GetCallerIdentityCommand({})),
      ).toMatchObject({
        Account: MEMBER,
        Arn: `arn:aws:iam::${MEMBER}:root`,
      });
      const root = new IAMClient(config('', Credentials));
      expect((await root.send(new GetUserCommand({}))).User?.Arn).toBe(`arn:aws:iam::${MEMBER}:root`);
      for (const key of (await root.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!)
        await root.send(new DeleteAccessKeyCommand({ AccessKeyId: key.AccessKeyId! }));
      for (const cert of (await root.send(new ListSigningCertificatesCommand({}))).Certificates!)
        await root.send(new DeleteSigningCertificateCommand({ CertificateId: cert.CertificateId! }));
      await root.send(new GetLoginProfileCommand({}));
      await root.send(new DeleteLoginProfileCommand({}));
      const devices = (await root.send(new ListMFADevicesCommand({}))).MFADevices!;
      expect(devices).toHaveLength(1);
      const serial = devices[0]!.SerialNumber!;
      expect(
        (await failure(root.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })))).name,
      ).toBe('DeleteConflictException');
      await root.send(new DeactivateMFADeviceCommand({ SerialNumber: serial }));
      await root.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));

      const after = (await iam(MEMBER).send(new GetAccountSummaryCommand({}))).SummaryMap!;
      expect([
        after.AccountPasswordPresent,
        after.AccountAccessKeysPresent,
        after.AccountSigningCertificatesPresent,
        after.AccountMFAEnabled,
      ]).toEqual([0, 0, 0, 0]);

      // Outside the task policy: AccessDenied.
      for (const attempt of [
        root.send(new GetAccountSummaryCommand({})),
        root.send(new CreateUserCommand({ UserName: 'x' })),
        root.send(new ListAccessKeysCommand({ UserName: 'someone' })),
        new STSClient(config('', Credentials)).send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/r`, RoleSessionName: 'session' }),
        ),
      ]) {
        expect(await failure(attempt)).toMatchObject({ name: 'AccessDenied', status: 403 });
      }
    });

    it('audits with IAMAuditRootUserCredentials and recovers the password with IAMCreateRootUserPassword', async () => {
      organize(['RootCredentialsManagement']);
      await seedWorld(target, { accounts: { [MEMBER]: { rootCredentials: { accessKeys: 1 } } } });
      const audit = new IAMClient(
        config(
          '',
          (await assumeRoot(MANAGEMENT, `arn:aws:iam::${MEMBER}:root`, 'IAMAuditRootUserCredentials', 60))
            .Credentials,
        ),
      );
      expect((await audit.send(new GetAccountSummaryCommand({}))).SummaryMap?.AccountAccessKeysPresent).toBe(
        1,
      );
      expect((await audit.send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toHaveLength(1);
      expect((await failure(audit.send(new GetLoginProfileCommand({})))).name).toBe('NoSuchEntityException');
      const key = (await audit.send(new ListAccessKeysCommand({}))).AccessKeyMetadata![0]!.AccessKeyId!;
      expect((await failure(audit.send(new DeleteAccessKeyCommand({ AccessKeyId: key })))).name).toBe(
        'AccessDenied',
      );

      const recovery = new IAMClient(
        config('', (await assumeRoot(TARGET, MEMBER, 'IAMCreateRootUserPassword')).Credentials),
      );
      await recovery.send(new CreateLoginProfileCommand({}));
      expect((await recovery.send(new GetLoginProfileCommand({}))).LoginProfile).toBeDefined();
      expect((await failure(recovery.send(new DeleteLoginProfileCommand({})))).name).toBe('AccessDenied');
    });

    it('issues S3 and SQS unlock sessions only with RootSessions enabled', async () => {
      organize(['RootCredentialsManagement']);
      for (const task of ['S3UnlockBucketPolicy', 'SQSUnlockQueuePolicy']) {
        expect((await failure(assumeRoot(MANAGEMENT, MEMBER, task))).name).toBe('AccessDenied');
      }
      target.sandbox!.world.organizations[
        Object.keys(target.sandbox!.world.organizations)[0]!
      ]!.iamFeatures.push('RootSessions');
      for (const task of ['S3UnlockBucketPolicy', 'SQSUnlockQueuePolicy']) {
        const session = new IAMClient(config('', (await assumeRoot(MANAGEMENT, MEMBER, task)).Credentials));
        expect((await failure(session.send(new ListAccessKeysCommand({})))).name).toBe('AccessDenied');
      }
    });

    it('refuses callers and targets outside the rules', async () => {
      organize([]);
      expect((await failure(assumeRoot(MANAGEMENT, MEMBER, 'IAMAuditRootUserCredentials'))).name).toBe(
        'AccessDenied',
      );
      target.sandbox!.world.organizations[
        Object.keys(target.sandbox!.world.organizations)[0]!
      ]!.iamFeatures.push('RootCredentialsManagement');
      expect((await failure(assumeRoot(MEMBER, TARGET, 'IAMAuditRootUserCredentials'))).name).toBe(
        'AccessDenied',
      );
      expect((await failure(assumeRoot(MANAGEMENT, MANAGEMENT, 'IAMAuditRootUserCredentials'))).name).toBe(
        'AccessDenied',
      );
      expect(
        (await failure(assumeRoot(MANAGEMENT, '999999999999', 'IAMAuditRootUserCredentials'))).name,
      ).toBe('AccessDenied');
      expect((await failure(assumeRoot(MANAGEMENT, MEMBER, 'AdministratorAccess'))).name).toBe(
        'ValidationError',
      );
      expect((await failure(assumeRoot(MANAGEMENT, MEMBER, 'IAMAuditRootUserCredentials', 901))).name).toBe(
        'ValidationError',
      );
      expect((await failure(assumeRoot('444444444444', MEMBER, 'IAMAuditRootUserCredentials'))).name).toBe(
        'AccessDenied',
      );
    });
  });
});
