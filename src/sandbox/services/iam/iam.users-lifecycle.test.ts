/**
 * What a tool needs to inventory and delete IAM users in the IAM API's order: SSH public keys,
 * service-specific credentials, permissions boundaries, service last accessed data, and DeleteUser's
 * conflicts, through the SDK.
 */
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  EnableMFADeviceCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  GetSSHPublicKeyCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  ResetServiceSpecificCredentialCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSSHPublicKeyCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { WILDCARD_NAMESPACES } from './access-advisor.js';
import { sshRsaBlob } from './credentials.js';
import { recordServiceUse } from './state.js';
import { failure, seedWorld } from './testing.js';

const ACCOUNT = '123456789012';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBlifecyclecertificatebody01\n-----END CERTIFICATE-----';
const ALLOW = (...actions: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
  });

/** An `ssh-rsa` line for a random modulus of `bits` (structurally valid; IAM never uses the key). */
function sshKey(bits = 2048): string {
  const modulus = randomBytes(bits / 8);
  modulus[0]! |= 0x80;
  modulus[modulus.length - 1]! |= 1;
  return `ssh-rsa ${sshRsaBlob(Buffer.from([1, 0, 1]), modulus).toString('base64')} test@example`;
}

describe.each<TargetName>(['sandbox', 'sandbox-http'])('IAM user lifecycle over %s', (name) => {
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

  it('refuses DeleteUser at each stage, in the order of AWS deletion steps, until everything is removed', async () => {
    const UserName = 'dora';
    await iam.send(new CreateUserCommand({ UserName }));
    await iam.send(new CreateLoginProfileCommand({ UserName, Password: 'Secret-pass-1' }));
    const keys = [
      (await iam.send(new CreateAccessKeyCommand({ UserName }))).AccessKey!.AccessKeyId!,
      (await iam.send(new CreateAccessKeyCommand({ UserName }))).AccessKey!.AccessKeyId!,
    ];
    const { VirtualMFADevice } = await iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dora-mfa' }),
    );
    const serial = VirtualMFADevice!.SerialNumber!;
    await iam.send(
      new EnableMFADeviceCommand({
        UserName,
        SerialNumber: serial,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
    const cert = (await iam.send(new UploadSigningCertificateCommand({ UserName, CertificateBody: CERT })))
      .Certificate!.CertificateId!;
    const ssh = (await iam.send(new UploadSSHPublicKeyCommand({ UserName, SSHPublicKeyBody: sshKey() })))
      .SSHPublicKey!.SSHPublicKeyId!;
    const git = (
      await iam.send(
        new CreateServiceSpecificCredentialCommand({ UserName, ServiceName: 'codecommit.amazonaws.com' }),
      )
    ).ServiceSpecificCredential!.ServiceSpecificCredentialId!;
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName }));
    await iam.send(
      new PutUserPolicyCommand({ UserName, PolicyName: 'inline', PolicyDocument: ALLOW('s3:*') }),
    );
    await iam.send(
      new AttachUserPolicyCommand({ UserName, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    );
    await iam.send(
      new PutUserPermissionsBoundaryCommand({
        UserName,
        PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
      }),
    );

    const steps: Array<[string, () => Promise<unknown>]> = [
      ['must delete login profile first', () => iam.send(new DeleteLoginProfileCommand({ UserName }))],
      [
        'must delete access keys first',
        async () => {
          for (const AccessKeyId of keys)
            await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId }));
        },
      ],
      [
        'must delete signing certificates first',
        () => iam.send(new DeleteSigningCertificateCommand({ UserName, CertificateId: cert })),
      ],
      [
        'must delete SSH public keys first',
        () => iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: ssh })),
      ],
      [
        'must delete service specific credentials first',
        () =>
          iam.send(
            new DeleteServiceSpecificCredentialCommand({ UserName, ServiceSpecificCredentialId: git }),
          ),
      ],
      [
        'must delete MFA device first',
        async () => {
          await iam.send(new DeactivateMFADeviceCommand({ UserName, SerialNumber: serial }));
          await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
        },
      ],
      [
        'must delete policies first',
        () => iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName: 'inline' })),
      ],
      [
        'must detach all policies first',
        () =>
          iam.send(
            new DetachUserPolicyCommand({ UserName, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
          ),
      ],
      [
        'must remove users from group first',
        () => iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: 'devs' })),
      ],
    ];
    for (const [message, remove] of steps) {
      const error = await failure(iam.send(new DeleteUserCommand({ UserName })));
      expect(error).toMatchObject({ name: 'DeleteConflictException', status: 409 });
      expect(error.message).toBe(`Cannot delete entity, ${message}.`);
      await remove();
    }
    // The permissions boundary does not block deletion.
    expect((await iam.send(new GetUserCommand({ UserName }))).User?.PermissionsBoundary).toBeDefined();
    await iam.send(new DeleteUserCommand({ UserName }));
    expect((await failure(iam.send(new GetUserCommand({ UserName })))).name).toBe('NoSuchEntityException');
  });

  it('uploads, reads, lists, updates and deletes SSH public keys, at most five per user', async () => {
    const UserName = 'erin';
    await iam.send(new CreateUserCommand({ UserName }));
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const uploaded = (await iam.send(new UploadSSHPublicKeyCommand({ UserName, SSHPublicKeyBody: pem })))
      .SSHPublicKey!;
    expect(uploaded).toMatchObject({ UserName, Status: 'Active' });
    expect(uploaded.SSHPublicKeyId).toMatch(/^APKA[A-Z0-9]{16}$/);
    expect(uploaded.Fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const asSsh = await iam.send(
      new GetSSHPublicKeyCommand({ UserName, SSHPublicKeyId: uploaded.SSHPublicKeyId!, Encoding: 'SSH' }),
    );
    expect(asSsh.SSHPublicKey!.SSHPublicKeyBody).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E/);
    const asPem = await iam.send(
      new GetSSHPublicKeyCommand({ UserName, SSHPublicKeyId: uploaded.SSHPublicKeyId!, Encoding: 'PEM' }),
    );
    expect(createPublicKey(asPem.SSHPublicKey!.SSHPublicKeyBody!).equals(publicKey)).toBe(true);
    // The same key again, in the other encoding, is a duplicate.
    expect(
      await failure(
        iam.send(
          new UploadSSHPublicKeyCommand({
            UserName,
            SSHPublicKeyBody: asSsh.SSHPublicKey!.SSHPublicKeyBody!,
          }),
        ),
      ),
    ).toMatchObject({ name: 'DuplicateSSHPublicKeyException', status: 400 });

    for (let i = 0; i < 4; i++)
      await iam.send(new UploadSSHPublicKeyCommand({ UserName, SSHPublicKeyBody: sshKey() }));
    expect(
      await failure(iam.send(new UploadSSHPublicKeyCommand({ UserName, SSHPublicKeyBody: sshKey() }))),
    ).toMatchObject({ name: 'LimitExceededException', status: 409 });

    const first = await iam.send(new ListSSHPublicKeysCommand({ UserName, MaxItems: 3 }));
    expect(first.SSHPublicKeys).toHaveLength(3);
    expect(first.IsTruncated).toBe(true);
    const rest = await iam.send(new ListSSHPublicKeysCommand({ UserName, Marker: first.Marker }));
    expect(rest.SSHPublicKeys).toHaveLength(2);
    expect(rest.IsTruncated).toBe(false);
    expect(rest.Marker).toBeUndefined();
    // Without a user name the administrator acts on the root user, who has none.
    expect((await iam.send(new ListSSHPublicKeysCommand({}))).SSHPublicKeys).toEqual([]);

    const id = uploaded.SSHPublicKeyId!;
    await iam.send(new UpdateSSHPublicKeyCommand({ UserName, SSHPublicKeyId: id, Status: 'Inactive' }));
    expect(first.SSHPublicKeys![0]!.Status).toBe('Active');
    expect(
      (await iam.send(new ListSSHPublicKeysCommand({ UserName }))).SSHPublicKeys!.find(
        (k) => k.SSHPublicKeyId === id,
      )!.Status,
    ).toBe('Inactive');
    expect(
      await failure(
        iam.send(new UpdateSSHPublicKeyCommand({ UserName, SSHPublicKeyId: id, Status: 'Expired' })),
      ),
    ).toMatchObject({ name: 'InvalidInputException', status: 400 });
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: id }));
    expect(
      await failure(iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: id }))),
    ).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('refuses malformed and unsupported SSH keys as AWS does', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'fay' }));
    const upload = (SSHPublicKeyBody: string) =>
      failure(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'fay', SSHPublicKeyBody })));
    const { publicKey } = generateKeyPairSync('ed25519');
    const ed25519 = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(await upload('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBx5 me@host')).toMatchObject({
      name: 'UnrecognizedPublicKeyEncodingException',
      status: 400,
    });
    expect(await upload('not a key at all')).toMatchObject({
      name: 'UnrecognizedPublicKeyEncodingException',
    });
    expect(await upload(ed25519)).toMatchObject({ name: 'UnrecognizedPublicKeyEncodingException' });
    expect(await upload('ssh-rsa AAAAnotbase64!!')).toMatchObject({
      name: 'InvalidPublicKeyException',
      status: 400,
    });
    expect(await upload(sshKey(1024))).toMatchObject({ name: 'InvalidPublicKeyException' });
    expect(await upload('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toMatchObject({
      name: 'InvalidPublicKeyException',
    });
    expect(
      await failure(
        iam.send(new UploadSSHPublicKeyCommand({ UserName: 'nobody', SSHPublicKeyBody: sshKey() })),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('issues service-specific credentials, two per user and service', async () => {
    const UserName = 'gus';
    await iam.send(new CreateUserCommand({ UserName }));
    const create = (ServiceName: string) =>
      iam.send(new CreateServiceSpecificCredentialCommand({ UserName, ServiceName }));
    const a = (await create('codecommit.amazonaws.com')).ServiceSpecificCredential!;
    expect(a).toMatchObject({
      UserName,
      ServiceName: 'codecommit.amazonaws.com',
      ServiceUserName: `gus-at-${ACCOUNT}`,
      Status: 'Active',
    });
    expect(a.ServiceSpecificCredentialId).toMatch(/^ACCA[A-Z0-9]{16}$/);
    expect(a.ServicePassword).toBeTruthy();
    await create('codecommit.amazonaws.com');
    expect(await failure(create('codecommit.amazonaws.com'))).toMatchObject({
      name: 'LimitExceededException',
      status: 409,
    });
    await create('cassandra.amazonaws.com');
    expect(await failure(create('ec2.amazonaws.com'))).toMatchObject({
      name: 'ServiceNotSupportedException',
      status: 404,
    });

    const all = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName }));
    expect(all.ServiceSpecificCredentials).toHaveLength(3);
    expect(all.ServiceSpecificCredentials!.every((c) => !('ServicePassword' in c))).toBe(true);
    const keyspaces = await iam.send(
      new ListServiceSpecificCredentialsCommand({ UserName, ServiceName: 'cassandra.amazonaws.com' }),
    );
    expect(keyspaces.ServiceSpecificCredentials!.map((c) => c.ServiceName)).toEqual([
      'cassandra.amazonaws.com',
    ]);
    expect(
      (await iam.send(new ListServiceSpecificCredentialsCommand({}))).ServiceSpecificCredentials,
    ).toEqual([]);

    const id = a.ServiceSpecificCredentialId!;
    await iam.send(
      new UpdateServiceSpecificCredentialCommand({
        UserName,
        ServiceSpecificCredentialId: id,
        Status: 'Inactive',
      }),
    );
    const reset = await iam.send(
      new ResetServiceSpecificCredentialCommand({ UserName, ServiceSpecificCredentialId: id }),
    );
    expect(reset.ServiceSpecificCredential).toMatchObject({
      Status: 'Inactive',
      ServiceSpecificCredentialId: id,
    });
    expect(reset.ServiceSpecificCredential!.ServicePassword).not.toBe(a.ServicePassword);
    await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName, ServiceSpecificCredentialId: id }));
    expect(
      await failure(
        iam.send(new DeleteServiceSpecificCredentialCommand({ UserName, ServiceSpecificCredentialId: id })),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });

  it('sets and removes permissions boundaries; GetUser shows them, ListUsers does not', async () => {
    const UserName = 'hal';
    await iam.send(new CreateUserCommand({ UserName }));
    const put = (PermissionsBoundary: string) =>
      iam.send(new PutUserPermissionsBoundaryCommand({ UserName, PermissionsBoundary }));
    expect(await failure(put(`arn:aws:iam::${ACCOUNT}:policy/missing`))).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
    });
    expect(await failure(put('arn:aws:iam::aws:policy/NoSuchAwsPolicy'))).toMatchObject({
      name: 'NoSuchEntityException',
    });
    expect(await failure(put('arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials'))).toMatchObject(
      {
        name: 'PolicyNotAttachableException',
        status: 400,
      },
    );
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'limit', PolicyDocument: ALLOW('s3:*') }),
    );
    await put(Policy!.Arn!);
    expect((await iam.send(new GetUserCommand({ UserName }))).User!.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: Policy!.Arn,
    });
    expect((await iam.send(new ListUsersCommand({}))).Users![0]!.PermissionsBoundary).toBeUndefined();
    await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName }));
    expect((await iam.send(new GetUserCommand({ UserName }))).User!.PermissionsBoundary).toBeUndefined();
    expect(
      await failure(iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'nobody' }))),
    ).toMatchObject({ name: 'NoSuchEntityException' });
    expect(
      await failure(
        iam.send(
          new CreateUserCommand({ UserName: 'ivy', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/x` }),
        ),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('reports the services a user may call and the ones it called with its key', async () => {
    const UserName = 'jo';
    await iam.send(new CreateUserCommand({ UserName }));
    await iam.send(
      new PutUserPolicyCommand({ UserName, PolicyName: 'p', PolicyDocument: ALLOW('s3:Get*', 'iam:List*') }),
    );
    await iam.send(new CreateGroupCommand({ GroupName: 'queues' }));
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'queues',
        PolicyName: 'q',
        PolicyDocument: ALLOW('sqs:SendMessage'),
      }),
    );
    await iam.send(new AddUserToGroupCommand({ GroupName: 'queues', UserName }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
    const asJo = new IAMClient(
      target.config({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! }),
    );
    await asJo.send(new ListAccessKeysCommand({}));

    const arn = `arn:aws:iam::${ACCOUNT}:user/${UserName}`;
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn }));
    expect(JobId).toMatch(/^[0-9a-f-]{36}$/);
    const report = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    expect(report).toMatchObject({ JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', IsTruncated: false });
    expect(report.ServicesLastAccessed!.map((s) => s.ServiceNamespace)).toEqual(['iam', 's3', 'sqs']);
    const [iamRow, s3Row] = report.ServicesLastAccessed!;
    expect(iamRow).toMatchObject({
      ServiceName: 'AWS Identity and Access Management',
      LastAuthenticatedEntity: arn,
      LastAuthenticatedRegion: 'us-east-1',
      TotalAuthenticatedEntities: 1,
    });
    expect(iamRow!.LastAuthenticated).toBeInstanceOf(Date);
    expect(s3Row!.LastAuthenticated).toBeUndefined();
    expect(s3Row!.TotalAuthenticatedEntities).toBeUndefined();

    // The group's report: its own policies; its members' use.
    const group = await iam.send(
      new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:group/queues` }),
    );
    const groupReport = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: group.JobId }));
    expect(groupReport.ServicesLastAccessed!.map((s) => s.ServiceNamespace)).toEqual(['sqs']);

    // Action "*": the sandbox's served namespaces.
    await iam.send(
      new AttachUserPolicyCommand({ UserName, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    );
    const admin = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn }));
    const paged = await iam.send(
      new GetServiceLastAccessedDetailsCommand({ JobId: admin.JobId, MaxItems: 5 }),
    );
    expect(paged.ServicesLastAccessed).toHaveLength(5);
    expect(paged.IsTruncated).toBe(true);
    const rest = await iam.send(
      new GetServiceLastAccessedDetailsCommand({ JobId: admin.JobId, Marker: paged.Marker }),
    );
    expect(paged.ServicesLastAccessed!.length + rest.ServicesLastAccessed!.length).toBe(
      WILDCARD_NAMESPACES.length,
    );

    expect(
      await failure(
        iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: '00000000-0000-4000-8000-000000000000' })),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(
      await failure(
        iam.send(
          new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:user/nobody` }),
        ),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException' });
    expect(
      await failure(
        iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: 'arn:aws:s3:::some-bucket' })),
      ),
    ).toMatchObject({ name: 'InvalidInputException', status: 400 });
  });

  it('counts use recorded with recordServiceUse', async () => {
    if (!target.sandbox) return;
    await iam.send(new CreateUserCommand({ UserName: 'kim' }));
    await iam.send(
      new PutUserPolicyCommand({ UserName: 'kim', PolicyName: 'p', PolicyDocument: ALLOW('kms:*') }),
    );
    const account = target.sandbox.world.accounts[ACCOUNT]!;
    recordServiceUse(account, 'kim', 'kms', 'eu-west-1', new Date('2025-01-02T03:04:05Z'));
    recordServiceUse(account, 'kim', 'kms', 'us-east-1', new Date('2024-01-01T00:00:00Z'));
    recordServiceUse(account, 'nobody', 'kms', 'us-east-1', new Date());
    const { JobId } = await iam.send(
      new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:user/kim` }),
    );
    const { ServicesLastAccessed } = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    expect(ServicesLastAccessed).toEqual([
      expect.objectContaining({
        ServiceNamespace: 'kms',
        LastAuthenticated: new Date('2025-01-02T03:04:05Z'),
        LastAuthenticatedRegion: 'eu-west-1',
      }),
    ]);
  });

  it('seeds SSH keys, service credentials, policies, a boundary, tags, groups and service use', async () => {
    await iam.send(new CreatePolicyCommand({ PolicyName: 'team', PolicyDocument: ALLOW('sqs:*') }));
    await seedWorld(target, {
      accounts: {
        [ACCOUNT]: {
          iamUsers: {
            lee: {
              password: true,
              accessKeys: 1,
              sshPublicKeys: 2,
              serviceSpecificCredentials: ['codecommit.amazonaws.com', 'cassandra.amazonaws.com'],
              inlinePolicies: {
                reads: {
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
                },
              },
              managedPolicies: [
                'arn:aws:iam::aws:policy/SecurityAudit',
                `arn:aws:iam::${ACCOUNT}:policy/team`,
              ],
              permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
              servicesLastAccessed: { s3: 3 },
              tags: { team: 'platform' },
              groups: ['ops'],
            },
          },
        },
      },
    });
    const UserName = 'lee';
    expect((await iam.send(new ListSSHPublicKeysCommand({ UserName }))).SSHPublicKeys).toHaveLength(2);
    expect(
      (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName }))).ServiceSpecificCredentials,
    ).toHaveLength(2);
    expect((await iam.send(new ListUserPoliciesCommand({ UserName }))).PolicyNames).toEqual(['reads']);
    expect(
      (await iam.send(new ListAttachedUserPoliciesCommand({ UserName }))).AttachedPolicies!.map(
        (p) => p.PolicyName,
      ),
    ).toEqual(['SecurityAudit', 'team']);
    const { User } = await iam.send(new GetUserCommand({ UserName }));
    expect(User!.PermissionsBoundary?.PermissionsBoundaryArn).toBe('arn:aws:iam::aws:policy/PowerUserAccess');
    expect(User!.Tags).toEqual([{ Key: 'team', Value: 'platform' }]);
    expect(
      (await iam.send(new ListGroupsForUserCommand({ UserName }))).Groups!.map((g) => g.GroupName),
    ).toEqual(['ops']);
    expect((await iam.send(new ListMFADevicesCommand({ UserName }))).MFADevices).toEqual([]);
    expect((await iam.send(new ListSigningCertificatesCommand({ UserName }))).Certificates).toEqual([]);
    expect((await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata).toHaveLength(1);
    const { JobId } = await iam.send(
      new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${ACCOUNT}:user/${UserName}` }),
    );
    const s3 = (
      await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }))
    ).ServicesLastAccessed!.find((s) => s.ServiceNamespace === 's3');
    expect(s3?.LastAuthenticated).toBeInstanceOf(Date);

    await expect(
      seedWorld(target, {
        accounts: {
          [ACCOUNT]: { iamUsers: { max: { managedPolicies: [`arn:aws:iam::${ACCOUNT}:policy/none`] } } },
        },
      }),
    ).rejects.toThrow(/does not exist/);
    await expect(
      seedWorld(target, {
        accounts: { [ACCOUNT]: { iamUsers: { max: { serviceSpecificCredentials: ['ec2.amazonaws.com'] } } } },
      }),
    ).rejects.toThrow();
  });
});
