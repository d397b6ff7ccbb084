/**
 * SSH public keys of IAM users (for CodeCommit): upload, read in SSH or PEM encoding, list, activate or
 * deactivate, delete. At most five per user. IAM accepts RSA keys of at least 2048 bits, as `ssh-rsa`
 * lines or PEM (`-----BEGIN PUBLIC KEY-----`, or `BEGIN RSA PUBLIC KEY`).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { AwsError } from '../../errors.js';
import { reqString } from '../../input.js';
import type { Handler } from '../../service.js';
import {
  date,
  iamPage,
  invalidInput,
  limitExceeded,
  noSuchEntity,
  reqName,
  userNameRules,
} from './common.js';
import { addSshPublicKey, sshFingerprint, sshRsaBlob } from './credentials.js';
import { subjectOf, type Subject } from './root-session.js';
import { sshKeysOf, type SshPublicKeyState, type UserState } from './state.js';

export const SSH_KEYS_PER_USER = 5;
const MIN_KEY_BITS = 2048;
// The model's pattern: tab, line feed, carriage return and U+0020–U+00FF.
const KEY_BODY_RULES = { min: 1, max: 16384, pattern: /^[\t\n\r\u0020-\u00FF]+$/ };
const KEY_ID_RULES = { min: 20, max: 128, pattern: /^\w+$/ };

const invalidPublicKey = (message: string) => new AwsError('InvalidPublicKey', message, { status: 400 });
const unrecognizedEncoding = () =>
  new AwsError(
    'UnrecognizedPublicKeyEncoding',
    'The public key encoding format is unsupported or unrecognized. Use ssh-rsa or PEM.',
    { status: 400 },
  );

interface ParsedKey {
  key: KeyObject;
  blob: Buffer;
}

/** Reads an OpenSSH `ssh-rsa` blob: string "ssh-rsa", mpint e, mpint n. */
function readSshRsaBlob(blob: Buffer): { e: Buffer; n: Buffer } | undefined {
  const fields: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length && fields.length < 3) {
    if (offset + 4 > blob.length) return undefined;
    const length = blob.readUInt32BE(offset);
    offset += 4;
    if (offset + length > blob.length) return undefined;
    fields.push(blob.subarray(offset, offset + length));
    offset += length;
  }
  if (fields.length !== 3 || offset !== blob.length || fields[0]!.toString('latin1') !== 'ssh-rsa')
    return undefined;
  const strip = (b: Buffer) => (b[0] === 0 ? b.subarray(1) : b);
  return { e: strip(fields[1]!), n: strip(fields[2]!) };
}

/** Parses an uploaded key: UnrecognizedPublicKeyEncoding for other formats, InvalidPublicKey for bad RSA keys. */
export function parsePublicKey(body: string): ParsedKey {
  const text = body.trim();
  let key: KeyObject;
  if (/^-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) {
    try {
      key = createPublicKey({ key: text, format: 'pem' });
    } catch {
      throw invalidPublicKey('The public key is malformed or otherwise invalid.');
    }
    if (key.asymmetricKeyType !== 'rsa') throw unrecognizedEncoding();
  } else if (/^ssh-rsa\s/.test(text)) {
    const encoded = text.split(/\s+/)[1] ?? '';
    const parts = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded)
      ? readSshRsaBlob(Buffer.from(encoded, 'base64'))
      : undefined;
    if (!parts || parts.n.length === 0 || parts.e.length === 0)
      throw invalidPublicKey('The public key is malformed or otherwise invalid.');
    try {
      key = createPublicKey({
        key: { kty: 'RSA', n: parts.n.toString('base64url'), e: parts.e.toString('base64url') },
        format: 'jwk',
      });
    } catch {
      throw invalidPublicKey('The public key is malformed or otherwise invalid.');
    }
  } else {
    throw unrecognizedEncoding();
  }
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_KEY_BITS)
    throw invalidPublicKey(`The public key must be at least ${MIN_KEY_BITS} bits long.`);
  const jwk = key.export({ format: 'jwk' });
  const blob = sshRsaBlob(Buffer.from(jwk.e!, 'base64url'), Buffer.from(jwk.n!, 'base64url'));
  return { key, blob };
}

/** The key in the encoding asked for: as uploaded when it was uploaded in that encoding. */
function encodedBody(stored: SshPublicKeyState, encoding: 'SSH' | 'PEM'): string {
  const uploadedAsSsh = /^ssh-rsa\s/.test(stored.body.trim());
  if ((encoding === 'SSH') === uploadedAsSsh) return stored.body;
  const { key, blob } = parsePublicKey(stored.body);
  return encoding === 'SSH'
    ? `ssh-rsa ${blob.toString('base64')}`
    : (key.export({ type: 'spki', format: 'pem' }) as string);
}

/** SSH keys belong to IAM users; the model requires `UserName` except on ListSSHPublicKeys. */
function userOf(subject: Subject): UserState | undefined {
  return subject.root ? undefined : subject.user;
}

function requireSshKey(subject: Subject, id: string): SshPublicKeyState {
  const user = userOf(subject);
  const key = user ? sshKeysOf(user).find((k) => k.sshPublicKeyId === id) : undefined;
  if (!key) throw noSuchEntity(`The Public Key with id ${id} cannot be found.`);
  return key;
}

function keyOutput(subject: Subject, key: SshPublicKeyState, encoding: 'SSH' | 'PEM') {
  return {
    UserName: subject.label,
    SSHPublicKeyId: key.sshPublicKeyId,
    Fingerprint: key.fingerprint,
    SSHPublicKeyBody: encodedBody(key, encoding),
    Status: key.status,
    UploadDate: date(key.uploadDate),
  };
}

/** The named user (`UserName` is required by these operations' model). */
function namedSubject(ctx: Parameters<Handler>[0], input: Parameters<Handler>[1]): Subject {
  reqName(input, 'UserName', userNameRules);
  return subjectOf(ctx, input);
}

const uploadSSHPublicKey: Handler = (ctx, input) => {
  const subject = namedSubject(ctx, input);
  const body = reqString(input, 'SSHPublicKeyBody', KEY_BODY_RULES);
  const user = userOf(subject)!;
  const { blob } = parsePublicKey(body);
  const fingerprint = sshFingerprint(blob);
  const keys = sshKeysOf(user);
  if (keys.some((k) => k.fingerprint === fingerprint))
    throw new AwsError(
      'DuplicateSSHPublicKey',
      'The SSH public key is already associated with the specified IAM user.',
      { status: 400 },
    );
  if (keys.length >= SSH_KEYS_PER_USER)
    throw limitExceeded(`Cannot exceed quota for SSHPublicKeysPerUser: ${SSH_KEYS_PER_USER}`);
  const key = addSshPublicKey(ctx.world, user, {
    uploadDate: ctx.now.toISOString(),
    body: body.trim(),
    fingerprint,
  });
  return { SSHPublicKey: keyOutput(subject, key, /^ssh-rsa\s/.test(key.body) ? 'SSH' : 'PEM') };
};

const getSSHPublicKey: Handler = (ctx, input) => {
  const subject = namedSubject(ctx, input);
  const id = reqString(input, 'SSHPublicKeyId', KEY_ID_RULES);
  const encoding = reqString(input, 'Encoding', { oneOf: ['SSH', 'PEM'] as const });
  return { SSHPublicKey: keyOutput(subject, requireSshKey(subject, id), encoding) };
};

const listSSHPublicKeys: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const user = userOf(subject);
  const keys = user ? sshKeysOf(user) : [];
  const page = iamPage(ctx, input, keys, `ListSSHPublicKeys:${subject.arn}`);
  return {
    SSHPublicKeys: page.items.map((k) => ({
      UserName: subject.label,
      SSHPublicKeyId: k.sshPublicKeyId,
      Status: k.status,
      UploadDate: date(k.uploadDate),
    })),
    ...page.meta,
  };
};

const updateSSHPublicKey: Handler = (ctx, input) => {
  const subject = namedSubject(ctx, input);
  const key = requireSshKey(subject, reqString(input, 'SSHPublicKeyId', KEY_ID_RULES));
  const status = reqString(input, 'Status', { oneOf: ['Active', 'Inactive', 'Expired'] as const });
  if (status === 'Expired') throw invalidInput('Status Expired cannot be set.');
  key.status = status;
  return {};
};

const deleteSSHPublicKey: Handler = (ctx, input) => {
  const subject = namedSubject(ctx, input);
  const key = requireSshKey(subject, reqString(input, 'SSHPublicKeyId', KEY_ID_RULES));
  const user = userOf(subject)!;
  user.sshPublicKeys = sshKeysOf(user).filter((k) => k !== key);
  return {};
};

export const sshKeyOperations: Record<string, Handler> = {
  UploadSSHPublicKey: uploadSSHPublicKey,
  GetSSHPublicKey: getSSHPublicKey,
  ListSSHPublicKeys: listSSHPublicKeys,
  UpdateSSHPublicKey: updateSSHPublicKey,
  DeleteSSHPublicKey: deleteSSHPublicKey,
};
