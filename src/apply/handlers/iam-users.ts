/**
 * The steps of retiring an IAM user, inside its account. Each is idempotent (a key already gone, a
 * profile already removed is "already so"), so a run stopped half-way and started again converges.
 * The delete phase starts by proving nobody used the user since it was deactivated, and ends by
 * proving the user is gone.
 */
import {
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
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { OrgwardError } from '../../errors/index.js';
import {
  DEACTIVATED_AT_TAG,
  DEACTIVATED_KEYS_TAG,
  DEACTIVATED_PASSWORD_TAG,
  type RetireStep,
} from '../../model/iam-users.js';
import type { IamUserOperation } from '../../plan/operations.js';
import { isNoSuchEntity } from '../../aws/errors.js';
import { ignoring, type ApplyContext, type Handlers } from '../context.js';

type Answer = Promise<void | { note: string }>;
/** IAM's "no such entity", as the wire and the SDK name it. */
const GONE = ['NoSuchEntity', 'NoSuchEntityException'];

/** Proves no credential of the user was used after `since` and none was turned back on. */
async function checkUnused(iam: IAMClient, UserName: string, since: string): Answer {
  const t = Date.parse(since);
  const keys = (await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata ?? [];
  for (const key of keys) {
    if (key.Status === 'Active') throw inUse(UserName, `its access key ${key.AccessKeyId} is active again`);
    const used = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId! })))
      .AccessKeyLastUsed?.LastUsedDate;
    if (used && used.getTime() > t)
      throw inUse(
        UserName,
        `its access key ${key.AccessKeyId} was used on ${used.toISOString()}, after it was deactivated`,
      );
  }
  const user = (await iam.send(new GetUserCommand({ UserName }))).User;
  if (user?.PasswordLastUsed && user.PasswordLastUsed.getTime() > t)
    throw inUse(UserName, `its console password was used on ${user.PasswordLastUsed.toISOString()}`);
  try {
    await iam.send(new GetLoginProfileCommand({ UserName }));
    throw inUse(UserName, 'it has a console password again');
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
  }
  return { note: `no use since ${since.slice(0, 10)}` };
}

function inUse(userName: string, why: string): OrgwardError {
  return new OrgwardError('IAM_USER_IN_USE', `IAM user ${userName} is still in use: ${why}`, {
    source: 'user',
    hint: 'find who uses it and move them first; nothing more was done to this user (roll back with --phase rollback)',
  });
}

/** Deletes the user, then proves it is gone. */
async function deleteUser(iam: IAMClient, UserName: string): Answer {
  await ignoring(GONE, () => iam.send(new DeleteUserCommand({ UserName })));
  try {
    await iam.send(new GetUserCommand({ UserName }));
  } catch (error) {
    if (isNoSuchEntity(error)) return { note: 'gone: GetUser answers NoSuchEntity' };
    throw error;
  }
  throw new OrgwardError('AWS_BAD_ANSWER', `IAM user ${UserName} still exists after DeleteUser`, {
    source: 'aws',
  });
}

async function runStep(iam: IAMClient, UserName: string, step: RetireStep): Answer {
  switch (step.kind) {
    case 'deactivate-key':
      await iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId: step.keyId, Status: 'Inactive' }));
      return;
    case 'reactivate-key':
      await iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId: step.keyId, Status: 'Active' }));
      return;
    case 'delete-login-profile':
      return ignoring(GONE, () => iam.send(new DeleteLoginProfileCommand({ UserName })));
    case 'tag-deactivation':
      await iam.send(
        new TagUserCommand({
          UserName,
          Tags: [
            { Key: DEACTIVATED_AT_TAG, Value: step.at },
            { Key: DEACTIVATED_KEYS_TAG, Value: step.keys.join(' ') },
            { Key: DEACTIVATED_PASSWORD_TAG, Value: String(step.password) },
          ],
        }),
      );
      return;
    case 'untag-deactivation':
      await iam.send(
        new UntagUserCommand({
          UserName,
          TagKeys: [DEACTIVATED_AT_TAG, DEACTIVATED_KEYS_TAG, DEACTIVATED_PASSWORD_TAG],
        }),
      );
      return;
    case 'check-unused-since':
      return checkUnused(iam, UserName, step.since);
    case 'delete-key':
      return ignoring(GONE, () =>
        iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: step.keyId })),
      );
    case 'deactivate-mfa':
      await ignoring(GONE, () =>
        iam.send(new DeactivateMFADeviceCommand({ UserName, SerialNumber: step.serial })),
      );
      // Hardware and passkey devices are only deactivated; a virtual one is deleted too.
      if (step.virtual)
        await ignoring(GONE, () =>
          iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: step.serial })),
        );
      return;
    case 'delete-signing-certificate':
      return ignoring(GONE, () =>
        iam.send(new DeleteSigningCertificateCommand({ UserName, CertificateId: step.id })),
      );
    case 'delete-ssh-key':
      return ignoring(GONE, () =>
        iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: step.id })),
      );
    case 'delete-service-credential':
      return ignoring(GONE, () =>
        iam.send(
          new DeleteServiceSpecificCredentialCommand({ UserName, ServiceSpecificCredentialId: step.id }),
        ),
      );
    case 'remove-from-group':
      return ignoring(GONE, () =>
        iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: step.group })),
      );
    case 'delete-inline-policy':
      return ignoring(GONE, () => iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName: step.name })));
    case 'detach-policy':
      return ignoring(GONE, () => iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: step.arn })));
    case 'delete-boundary':
      return ignoring(GONE, () => iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName })));
    case 'delete-user':
      return deleteUser(iam, UserName);
  }
}

/** In the user's account: the caller's own, or the role's session (the factory keeps one per account). */
async function iamUserStep(op: IamUserOperation, ctx: ApplyContext): Answer {
  const session = op.via === 'caller' ? ctx.factory : ctx.factory.assumeRole(op.accountId, op.via.roleName);
  return runStep(session.iam(), op.userName, op.step);
}

export const iamUserHandlers: Handlers = { 'iam-user-step': iamUserStep };
