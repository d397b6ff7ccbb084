/**
 * Creating and removing IAM credentials, shared by the IAM handlers and world seeding. Access keys are
 * also indexed in `world.credentials`, so a request signed with one acts as its owner.
 */
import { createHash } from 'node:crypto';
import { BASE64ISH, DIGITS, HEX, UPPER_ALNUM, randomString } from '../../rng.js';
import type { AccountRecord, World } from '../../world.js';
import {
  iamOf,
  serviceCredentialsOf,
  sshKeysOf,
  type AccessKeyState,
  type MfaDeviceState,
  type ServiceSpecificCredentialState,
  type SigningCertificateState,
  type SshPublicKeyState,
  type UserState,
} from './state.js';

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

// ---- SSH public keys and service-specific credentials (IAM users only) ----

/** `APKA…` (SSH public keys) and `ACCA…` (service-specific credentials): the prefix and 16 characters. */
export function newCredentialId(world: World, prefix: 'APKA' | 'ACCA'): string {
  return prefix + randomString(world, UPPER_ALNUM, 16);
}

/** The OpenSSH wire form of an RSA key: string "ssh-rsa", mpint e, mpint n. */
export function sshRsaBlob(exponent: Buffer, modulus: Buffer): Buffer {
  const field = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const mpint = (bytes: Buffer) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    return field((trimmed[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
  };
  return Buffer.concat([field(Buffer.from('ssh-rsa')), mpint(exponent), mpint(modulus)]);
}

/** The MD5 fingerprint of an OpenSSH key blob, colon-separated hex (as IAM shows it). */
export function sshFingerprint(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

export function addSshPublicKey(
  world: World,
  user: UserState,
  options: { uploadDate: string; body: string; fingerprint: string; status?: 'Active' | 'Inactive' },
): SshPublicKeyState {
  const key: SshPublicKeyState = {
    sshPublicKeyId: newCredentialId(world, 'APKA'),
    body: options.body,
    fingerprint: options.fingerprint,
    status: options.status ?? 'Active',
    uploadDate: options.uploadDate,
  };
  sshKeysOf(user).push(key);
  return key;
}

/** A well-formed 2048-bit `ssh-rsa` key from the world's random stream (for seeding; not a usable key). */
export function syntheticSshKey(world: World, comment: string): { body: string; fingerprint: string } {
  const modulus = Buffer.from(randomString(world, HEX, 512), 'hex');
  modulus[0]! |= 0x80;
  modulus[255]! |= 0x01;
  const blob = sshRsaBlob(Buffer.from([0x01, 0x00, 0x01]), modulus);
  return { body: `ssh-rsa ${blob.toString('base64')} ${comment}`, fingerprint: sshFingerprint(blob) };
}

/** Services IAM issues service-specific credentials for; the API-key kinds have an alias and may expire. */
export const SERVICE_CREDENTIAL_SERVICES: Readonly<Record<string, 'password' | 'api-key'>> = {
  'codecommit.amazonaws.com': 'password',
  'cassandra.amazonaws.com': 'password',
  'bedrock.amazonaws.com': 'api-key',
  'logs.amazonaws.com': 'api-key',
};

/** Creates a credential; the answer carries the secret, which IAM shows only once. */
export function addServiceSpecificCredential(
  world: World,
  account: AccountRecord,
  user: UserState,
  options: { serviceName: string; createDate: string; ageDays?: number; status?: 'Active' | 'Inactive' },
): { credential: ServiceSpecificCredentialState; secret: string } {
  const id = newCredentialId(world, 'ACCA');
  const apiKey = SERVICE_CREDENTIAL_SERVICES[options.serviceName] === 'api-key';
  const credential: ServiceSpecificCredentialState = {
    serviceSpecificCredentialId: id,
    serviceName: options.serviceName,
    ...(apiKey
      ? { serviceCredentialAlias: `${user.userName}+${id.slice(-8).toLowerCase()}-at-${account.id}` }
      : { serviceUserName: `${user.userName}-at-${account.id}` }),
    status: options.status ?? 'Active',
    createDate: options.createDate,
    ...(apiKey && options.ageDays !== undefined
      ? {
          expirationDate: new Date(
            Date.parse(options.createDate) + options.ageDays * 86_400_000,
          ).toISOString(),
        }
      : {}),
  };
  serviceCredentialsOf(user).push(credential);
  return { credential, secret: newServiceSecret(world) };
}

export function newServiceSecret(world: World): string {
  return randomString(world, BASE64ISH, 44);
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
  if (!owner.root) {
    const user = state as UserState;
    user.sshPublicKeys = [];
    user.serviceSpecificCredentials = [];
  }
}
