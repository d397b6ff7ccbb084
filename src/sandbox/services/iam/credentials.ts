/**
 * Creating and removing IAM credentials, shared by the IAM handlers and world seeding. Access keys are
 * also indexed in `world.credentials`, so a request signed with one acts as its owner.
 */
import { BASE64ISH, DIGITS, UPPER_ALNUM, randomString } from '../../rng.js';
import type { AccountRecord, World } from '../../world.js';
import { iamOf, type AccessKeyState, type MfaDeviceState, type SigningCertificateState } from './state.js';

/** `root` is the root user; any other value names an IAM user. */
export type CredentialOwner = { root: true } | { root: false; userName: string };

export const ROOT: CredentialOwner = { root: true };

export function userOwner(userName: string): CredentialOwner {
  return { root: false, userName };
}

function ownerState(account: AccountRecord, owner: CredentialOwner) {
  if (owner.root) return iamOf(account).root;
  const user = iamOf(account).users[owner.userName];
  if (!user) throw new Error(`no IAM user ${owner.userName} in ${account.id}`);
  return user;
}

export function newAccessKeyId(world: World, prefix: 'AKIA' | 'ASIA'): string {
  for (;;) {
    const id = prefix + randomString(world, UPPER_ALNUM, 16);
    if (!world.credentials[id]) return id;
  }
}

export function newSecret(world: World): string {
  return randomString(world, BASE64ISH, 40);
}

export function addAccessKey(
  world: World,
  account: AccountRecord,
  owner: CredentialOwner,
  options: { createDate: string; status?: 'Active' | 'Inactive'; lastUsed?: AccessKeyState['lastUsed'] },
): AccessKeyState {
  const key: AccessKeyState = {
    accessKeyId: newAccessKeyId(world, 'AKIA'),
    secretAccessKey: newSecret(world),
    status: options.status ?? 'Active',
    createDate: options.createDate,
    ...(options.lastUsed ? { lastUsed: options.lastUsed } : {}),
  };
  ownerState(account, owner).accessKeys.push(key);
  world.credentials[key.accessKeyId] = owner.root
    ? { kind: 'root', accountId: account.id, secretAccessKey: key.secretAccessKey }
    : { kind: 'user', accountId: account.id, userName: owner.userName, secretAccessKey: key.secretAccessKey };
  return key;
}

export function removeAccessKey(
  world: World,
  account: AccountRecord,
  owner: CredentialOwner,
  accessKeyId: string,
): boolean {
  const state = ownerState(account, owner);
  const before = state.accessKeys.length;
  state.accessKeys = state.accessKeys.filter((k) => k.accessKeyId !== accessKeyId);
  delete world.credentials[accessKeyId];
  return state.accessKeys.length !== before;
}

export function addSigningCertificate(
  world: World,
  account: AccountRecord,
  owner: CredentialOwner,
  options: { uploadDate: string; body?: string; status?: 'Active' | 'Inactive' },
): SigningCertificateState {
  const cert: SigningCertificateState = {
    certificateId: randomString(world, UPPER_ALNUM, 32),
    certificateBody:
      options.body ??
      `-----BEGIN CERTIFICATE-----\n${randomString(world, BASE64ISH, 64)}\n-----END CERTIFICATE-----`,
    status: options.status ?? 'Active',
    uploadDate: options.uploadDate,
  };
  ownerState(account, owner).signingCertificates.push(cert);
  return cert;
}

/** Creates an MFA device (virtual: `arn:aws:iam::<id>:mfa/<name>`; hardware: a serial) and enables it for the owner. */
export function addEnabledMfaDevice(
  world: World,
  account: AccountRecord,
  owner: CredentialOwner,
  kind: 'virtual' | 'hardware',
  enableDate: string,
): MfaDeviceState {
  const userLabel = owner.root ? 'root' : owner.userName;
  const serialNumber =
    kind === 'virtual'
      ? `arn:aws:iam::${account.id}:mfa/${owner.root ? 'root-account-mfa-device' : owner.userName}`
      : `GAHT${randomString(world, DIGITS, 8)}`;
  const device: MfaDeviceState = { serialNumber, kind, user: userLabel, enableDate, tags: [] };
  iamOf(account).mfaDevices[serialNumber] = device;
  const state = ownerState(account, owner);
  if (!state.mfaSerials.includes(serialNumber)) state.mfaSerials.push(serialNumber);
  return device;
}

/** Removes every credential of the owner (used when seeding replaces the root user's credentials). */
export function clearCredentials(world: World, account: AccountRecord, owner: CredentialOwner): void {
  const state = ownerState(account, owner);
  for (const key of state.accessKeys) delete world.credentials[key.accessKeyId];
  state.accessKeys = [];
  state.signingCertificates = [];
  for (const serial of state.mfaSerials) delete iamOf(account).mfaDevices[serial];
  state.mfaSerials = [];
  delete state.loginProfile;
}
