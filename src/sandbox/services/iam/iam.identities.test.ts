/** IAM users, credentials, MFA, groups, the account summary and the credential report, through the SDK. */
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListSigningCertificatesCommand,
  ListUserTagsCommand,
  ListVirtualMFADevicesCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
  UpdateSigningCertificateCommand,
  UpdateUserCommand,
  UploadSigningCertificateCommand,
  DeleteSigningCertificateCommand,
  UntagUserCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { advanceClock, failure, seedWorld } from './testing.js';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBsandboxcertificatebody0001\n-----END CERTIFICATE-----';
const CERT2 = '-----BEGIN CERTIFICATE-----\nMIIBsandboxcertificatebody0002\n-----END CERTIFICATE-----';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('IAM identities over %s', (name) => {
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

  it('creates, reads, renames, tags and deletes users', async () => {
    const created = await iam.send(
      new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'a' }] }),
    );
    expect(created.User).toMatchObject({
      UserName: 'alice',
      Path: '/eng/',
      Arn: 'arn:aws:iam::123456789012:user/eng/alice',
    });
    expect(created.User!.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'ALICE' })))).toMatchObject({
      name: 'EntityAlreadyExistsException',
      status: 409,
    });
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'env', Value: 'prod' }] }));
    await iam.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['team'] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'alice' }))).Tags).toEqual([
      { Key: 'env', Value: 'prod' },
    ]);
    await iam.send(new UpdateUserCommand({ UserName: 'alice', NewUserName: 'alicia' }));
    expect((await iam.send(new GetUserCommand({ UserName: 'alicia' }))).User?.Tags).toEqual([
      { Key: 'env', Value: 'prod' },
    ]);
    expect(await failure(iam.send(new GetUserCommand({ UserName: 'alice' })))).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
    });
    await iam.send(new DeleteUserCommand({ UserName: 'alicia' }));
    expect((await failure(iam.send(new DeleteUserCommand({ UserName: 'alicia' })))).name).toBe(
      'NoSuchEntityException',
    );
  });

  it('answers GetUser without a user name as the root user for the administrator', async () => {
    const { User } = await iam.send(new GetUserCommand({}));
    expect(User).toMatchObject({ Arn: 'arn:aws:iam::123456789012:root', UserId: '123456789012' });
  });

  it('pages 250 users by MaxItems with the SDK paginator, no Marker on the last page', async () => {
    for (let i = 0; i < 250; i++)
      await iam.send(new CreateUserCommand({ UserName: `u${String(i).padStart(3, '0')}` }));
    const pages: number[] = [];
    const names: string[] = [];
    for await (const page of paginateListUsers({ client: iam, pageSize: 100 }, {})) {
      pages.push(page.Users!.length);
      names.push(...page.Users!.map((u) => u.UserName!));
      if (page.Users!.length < 100) {
        expect(page.IsTruncated).toBe(false);
        expect(page.Marker).toBeUndefined();
      } else expect(page.IsTruncated).toBe(true);
    }
    expect(pages).toEqual([100, 100, 50]);
    expect(new Set(names).size).toBe(250);
  });

  it('issues at most two access keys that sign requests as the user; deletion blocks until they are gone', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    expect(AccessKey).toMatchObject({ UserName: 'bob', Status: 'Active' });
    expect(AccessKey!.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    expect(await failure(iam.send(new CreateAccessKeyCommand({ UserName: 'bob' })))).toMatchObject({
      name: 'LimitExceededException',
      status: 409,
    });

    const asBob = target.config({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    const identity = await new STSClient(asBob).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe('arn:aws:iam::123456789012:user/bob');
    // Without a user name, a user's own keys.
    const own = await new IAMClient(asBob).send(new ListAccessKeysCommand({}));
    expect(own.AccessKeyMetadata).toHaveLength(2);
    const lastUsed = await iam.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKey!.AccessKeyId! }),
    );
    expect(lastUsed.UserName).toBe('bob');
    expect(lastUsed.AccessKeyLastUsed).toMatchObject({ ServiceName: 'iam', Region: 'us-east-1' });

    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'bob',
        AccessKeyId: AccessKey!.AccessKeyId!,
        Status: 'Inactive',
      }),
    );
    expect((await failure(new STSClient(asBob).send(new GetCallerIdentityCommand({})))).status).toBe(403);
    expect(await failure(iam.send(new DeleteUserCommand({ UserName: 'bob' })))).toMatchObject({
      name: 'DeleteConflictException',
      status: 409,
    });
    for (const key of (await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata!)
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: key.AccessKeyId! }));
    await iam.send(new DeleteUserCommand({ UserName: 'bob' }));
  });

  it('manages login profiles', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    expect((await failure(iam.send(new GetLoginProfileCommand({ UserName: 'carol' })))).name).toBe(
      'NoSuchEntityException',
    );
    const created = await iam.send(
      new CreateLoginProfileCommand({
        UserName: 'carol',
        Password: 'Secret-123',
        PasswordResetRequired: true,
      }),
    );
    expect(created.LoginProfile).toMatchObject({ UserName: 'carol', PasswordResetRequired: true });
    expect(
      (await failure(iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'x1' })))).name,
    ).toBe('EntityAlreadyExistsException');
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'carol', PasswordResetRequired: false }));
    expect(
      (await iam.send(new GetLoginProfileCommand({ UserName: 'carol' }))).LoginProfile?.PasswordResetRequired,
    ).toBe(false);
    expect((await failure(iam.send(new DeleteUserCommand({ UserName: 'carol' })))).message).toMatch(
      /login profile/,
    );
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'carol' }));
    await iam.send(new DeleteUserCommand({ UserName: 'carol' }));
  });

  it('creates, enables, lists, deactivates and deletes virtual MFA devices; lists seeded hardware devices', async () => {
    await seedWorld(target, { accounts: { '123456789012': { iamUsers: { hw: { mfa: 'hardware' } } } } });
    await iam.send(new CreateUserCommand({ UserName: 'dave' }));
    const { VirtualMFADevice } = await iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dave-phone' }),
    );
    expect(VirtualMFADevice!.SerialNumber).toBe('arn:aws:iam::123456789012:mfa/dave-phone');
    expect(new TextDecoder().decode(VirtualMFADevice!.Base32StringSeed)).toMatch(/^[A-Z2-7]{64}$/);
    expect(Buffer.from(VirtualMFADevice!.QRCodePNG!).subarray(1, 4).toString()).toBe('PNG');
    const serial = VirtualMFADevice!.SerialNumber!;
    expect(
      (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' })))
        .VirtualMFADevices,
    ).toHaveLength(1);
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'dave',
        SerialNumber: serial,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
    const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    expect(assigned.VirtualMFADevices?.map((d) => d.User?.UserName)).toEqual(['dave']);
    expect(
      (await iam.send(new ListMFADevicesCommand({ UserName: 'dave' }))).MFADevices?.[0]?.SerialNumber,
    ).toBe(serial);
    const hardware = await iam.send(new ListMFADevicesCommand({ UserName: 'hw' }));
    expect(hardware.MFADevices?.[0]?.SerialNumber).toMatch(/^GAHT\d{8}$/);

    expect(
      await failure(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }))),
    ).toMatchObject({
      name: 'DeleteConflictException',
    });
    expect((await failure(iam.send(new DeleteUserCommand({ UserName: 'dave' })))).name).toBe(
      'DeleteConflictException',
    );
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'dave', SerialNumber: serial }));
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    expect((await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices).toEqual([]);
    await iam.send(new DeleteUserCommand({ UserName: 'dave' }));
  });

  it('uploads, updates and deletes signing certificates, two per user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    const { Certificate } = await iam.send(
      new UploadSigningCertificateCommand({ UserName: 'erin', CertificateBody: CERT }),
    );
    expect(Certificate).toMatchObject({ UserName: 'erin', Status: 'Active', CertificateBody: CERT });
    expect(
      (
        await failure(
          iam.send(new UploadSigningCertificateCommand({ UserName: 'erin', CertificateBody: CERT })),
        )
      ).name,
    ).toBe('DuplicateCertificateException');
    expect(
      (
        await failure(
          iam.send(new UploadSigningCertificateCommand({ UserName: 'erin', CertificateBody: 'nope' })),
        )
      ).name,
    ).toBe('MalformedCertificateException');
    await iam.send(new UploadSigningCertificateCommand({ UserName: 'erin', CertificateBody: CERT2 }));
    await iam.send(
      new UpdateSigningCertificateCommand({
        UserName: 'erin',
        CertificateId: Certificate!.CertificateId!,
        Status: 'Inactive',
      }),
    );
    const listed = await iam.send(new ListSigningCertificatesCommand({ UserName: 'erin' }));
    expect(listed.Certificates?.map((c) => c.Status)).toEqual(['Inactive', 'Active']);
    await iam.send(
      new DeleteSigningCertificateCommand({ UserName: 'erin', CertificateId: Certificate!.CertificateId! }),
    );
    expect(
      (await iam.send(new ListSigningCertificatesCommand({ UserName: 'erin' }))).Certificates,
    ).toHaveLength(1);
  });

  it('keeps group membership on both sides and refuses to delete a non-empty group', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'frank' }));
    const { Group } = await iam.send(new CreateGroupCommand({ GroupName: 'admins', Path: '/ops/' }));
    expect(Group).toMatchObject({ Arn: 'arn:aws:iam::123456789012:group/ops/admins' });
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'frank' }));
    expect(
      (await iam.send(new GetGroupCommand({ GroupName: 'admins' }))).Users?.map((u) => u.UserName),
    ).toEqual(['frank']);
    expect(
      (await iam.send(new ListGroupsForUserCommand({ UserName: 'frank' }))).Groups?.map((g) => g.GroupName),
    ).toEqual(['admins']);
    expect((await failure(iam.send(new DeleteGroupCommand({ GroupName: 'admins' })))).name).toBe(
      'DeleteConflictException',
    );
    expect((await failure(iam.send(new DeleteUserCommand({ UserName: 'frank' })))).name).toBe(
      'DeleteConflictException',
    );
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'admins', UserName: 'frank' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'admins' }));
    await iam.send(new DeleteUserCommand({ UserName: 'frank' }));
  });

  it('summarises the account, root credentials included', async () => {
    await seedWorld(target, {
      accounts: {
        '123456789012': {
          rootCredentials: { password: true, accessKeys: 1, signingCertificates: 1, mfa: 'virtual' },
          iamUsers: { gina: { accessKeys: 1 } },
        },
      },
    });
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap).toMatchObject({
      Users: 1,
      AccountMFAEnabled: 1,
      AccountAccessKeysPresent: 1,
      AccountPasswordPresent: 1,
      AccountSigningCertificatesPresent: 1,
      MFADevices: 1,
      MFADevicesInUse: 1,
      UsersQuota: 5000,
      AccessKeysPerUserQuota: 2,
    });
    const root = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    expect(root.VirtualMFADevices?.[0]?.User?.Arn).toBe('arn:aws:iam::123456789012:root');
  });

  it('reports credentials as CSV, root row first, as they were at generation time', async () => {
    await seedWorld(target, {
      accounts: {
        '123456789012': {
          rootCredentials: { accessKeys: 1, mfa: 'virtual' },
          iamUsers: { hank: { password: true } },
        },
      },
    });
    expect((await failure(iam.send(new GetCredentialReportCommand({})))).name).toBe(
      'CredentialReportNotPresentException',
    );
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    await iam.send(new CreateUserCommand({ UserName: 'later' }));
    const report = await iam.send(new GetCredentialReportCommand({}));
    expect(report.ReportFormat).toBe('text/csv');
    const lines = new TextDecoder().decode(report.Content).split('\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 9)).toEqual([
      'user',
      'arn',
      'user_creation_time',
      'password_enabled',
      'password_last_used',
      'password_last_changed',
      'password_next_rotation',
      'mfa_active',
      'access_key_1_active',
    ]);
    expect(header).toHaveLength(22);
    const row = (user: string) =>
      Object.fromEntries(
        header.map((h, i) => [h, lines.find((l) => l.startsWith(`${user},`))!.split(',')[i]]),
      );
    expect(row('<root_account>')).toMatchObject({
      mfa_active: 'true',
      access_key_1_active: 'true',
      access_key_2_active: 'false',
      password_enabled: 'not_supported',
    });
    expect(row('hank')).toMatchObject({
      password_enabled: 'true',
      password_last_used: 'no_information',
      mfa_active: 'false',
    });
    expect(lines).toHaveLength(3); // 'later' came after generation
    await advanceClock(target, 4 * 3600 + 1);
    expect((await failure(iam.send(new GetCredentialReportCommand({})))).name).toBe(
      'CredentialReportExpiredException',
    );
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
  });
});
