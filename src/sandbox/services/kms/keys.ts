/** CreateKey, DescribeKey, ListKeys, GetKeyPolicy, PutKeyPolicy, ScheduleKeyDeletion. */
import { AwsError } from '../../errors.js';
import { optBool, optInt, optList, optString, reqString, type Input } from '../../input.js';
import { HEX, randomString, randomUuid } from '../../rng.js';
import type { CallContext } from '../../service.js';
import { ensureAccount } from '../../world.js';
import { findKey, invalidState, notFound } from './access.js';
import type {
  CreateKeyRequest,
  CustomerMasterKeySpec,
  DescribeKeyRequest,
  GetKeyPolicyRequest,
  KeyMetadata,
  KeySpec,
  KeyUsageType,
  ListKeysRequest,
  PutKeyPolicyRequest,
  ScheduleKeyDeletionRequest,
  Tag,
} from './shapes.generated.js';
import { defaultKeyPolicy, keyArn, kmsState, liveKeys, peekKms, type KmsKeyState } from './state.js';

const KEY_SPECS: readonly KeySpec[] = [
  'SYMMETRIC_DEFAULT',
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'ECC_NIST_EDWARDS25519',
  'HMAC_224',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'SM2',
  'ML_DSA_44',
  'ML_DSA_65',
  'ML_DSA_87',
];
/** The specs the deprecated `CustomerMasterKeySpec` member can name (and answers with). */
const CMK_SPECS: readonly string[] = KEY_SPECS.filter((s) => !/^ML_DSA|EDWARDS/.test(s));
const KEY_USAGES: readonly KeyUsageType[] = [
  'ENCRYPT_DECRYPT',
  'SIGN_VERIFY',
  'GENERATE_VERIFY_MAC',
  'KEY_AGREEMENT',
];

/** The key usages each kind of key spec supports. */
function usagesOf(spec: KeySpec): readonly KeyUsageType[] {
  if (spec === 'SYMMETRIC_DEFAULT') return ['ENCRYPT_DECRYPT'];
  if (spec.startsWith('HMAC_')) return ['GENERATE_VERIFY_MAC'];
  if (spec.startsWith('RSA_')) return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'];
  if (spec === 'SM2') return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'];
  if (spec === 'ECC_NIST_EDWARDS25519' || spec.startsWith('ML_DSA_')) return ['SIGN_VERIFY'];
  return ['SIGN_VERIFY', 'KEY_AGREEMENT'];
}

export const malformedPolicy = (message: string) => new AwsError('MalformedPolicyDocumentException', message);

/**
 * Checks a key policy as far as its form: JSON text of at most 32 KB, an object with at least one
 * statement, each with an `Effect` of Allow or Deny, a `Principal` and an `Action` (or `NotAction`).
 */
export function checkKeyPolicy(policy: string): void {
  if (Buffer.byteLength(policy, 'utf8') > 32_768)
    throw new AwsError('LimitExceededException', 'The key policy exceeds the maximum size of 32768 bytes.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    throw malformedPolicy('The key policy is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw malformedPolicy('The key policy must be a JSON object.');
  const raw = (parsed as { Statement?: unknown }).Statement;
  const statements: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (statements.length === 0) throw malformedPolicy('The key policy has no statement.');
  for (const statement of statements) {
    if (typeof statement !== 'object' || statement === null)
      throw malformedPolicy('A statement of the key policy is not an object.');
    const s = statement as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
      throw malformedPolicy('A statement of the key policy has no valid Effect (Allow or Deny).');
    if (s.Principal === undefined && s.NotPrincipal === undefined)
      throw malformedPolicy('A statement of the key policy has no Principal.');
    if (s.Action === undefined && s.NotAction === undefined)
      throw malformedPolicy('A statement of the key policy has no Action.');
  }
}

/** The `Policy` member, checked (CreateKey, PutKeyPolicy). */
function readPolicy(input: CreateKeyRequest | PutKeyPolicyRequest, required: boolean): string | undefined {
  const rules = { min: 1, max: 131_072, pattern: /^[\t\n\r\u0020-\u00FF]+$/ };
  const policy = required ? reqString(input, 'Policy', rules) : optString(input, 'Policy', rules);
  if (policy !== undefined) checkKeyPolicy(policy);
  return policy;
}

/** KMS has one key policy per key, named `default`. */
function readPolicyName(input: GetKeyPolicyRequest | PutKeyPolicyRequest): void {
  const name = optString(input, 'PolicyName', { min: 1, max: 128, pattern: /^[\w]+$/ }) ?? 'default';
  if (name !== 'default') throw notFound(`No such policy exists: ${name}`);
}

function readTags(input: CreateKeyRequest): Tag[] {
  const tags = (optList(input, 'Tags') ?? []).map((raw, index) => {
    if (typeof raw !== 'object' || raw === null)
      throw new AwsError('TagException', `Tag ${index + 1} is not a tag.`);
    const tag = raw as Input;
    return {
      TagKey: reqString(tag, 'TagKey', { min: 1, max: 128 }),
      TagValue: reqString(tag, 'TagValue', { max: 256 }),
    };
  });
  if (tags.length > 50) throw new AwsError('TagException', 'A KMS key can have at most 50 tags.');
  return tags;
}

export function keyMetadata(key: KmsKeyState): KeyMetadata {
  const arn = keyArn(key);
  const pending = key.state === 'PendingDeletion';
  return {
    AWSAccountId: key.accountId,
    KeyId: key.id,
    Arn: arn,
    CreationDate: new Date(key.createdAt),
    Enabled: !pending,
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    ...(pending && key.deletionDate ? { DeletionDate: new Date(key.deletionDate) } : {}),
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    ...(CMK_SPECS.includes(key.keySpec)
      ? { CustomerMasterKeySpec: key.keySpec as CustomerMasterKeySpec }
      : {}),
    KeySpec: key.keySpec,
    ...(key.keyUsage === 'ENCRYPT_DECRYPT' && key.keySpec === 'SYMMETRIC_DEFAULT'
      ? { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT' as const] }
      : {}),
    ...(key.keyUsage === 'GENERATE_VERIFY_MAC'
      ? { MacAlgorithms: [`HMAC_SHA_${key.keySpec.slice('HMAC_'.length)}` as 'HMAC_SHA_256'] }
      : {}),
    MultiRegion: key.multiRegion,
    ...(key.multiRegion
      ? {
          MultiRegionConfiguration: {
            MultiRegionKeyType: 'PRIMARY' as const,
            PrimaryKey: { Arn: arn, Region: key.region },
            ReplicaKeys: [],
          },
        }
      : {}),
    ...(pending ? { PendingDeletionWindowInDays: key.pendingWindowInDays } : {}),
  };
}

/** A new key's fields, for CreateKey and the seeder. */
export function newKey(
  world: CallContext['world'],
  accountId: string,
  region: string,
  at: Date,
  fields: Partial<Pick<KmsKeyState, 'id' | 'description' | 'keyUsage' | 'keySpec' | 'policy' | 'tags'>> & {
    multiRegion?: boolean;
  } = {},
): KmsKeyState {
  const multiRegion = fields.multiRegion ?? false;
  return {
    id: fields.id ?? (multiRegion ? `mrk-${randomString(world, HEX, 32)}` : randomUuid(world)),
    accountId,
    region,
    description: fields.description ?? '',
    keyUsage: fields.keyUsage ?? 'ENCRYPT_DECRYPT',
    keySpec: fields.keySpec ?? 'SYMMETRIC_DEFAULT',
    multiRegion,
    policy: fields.policy ?? defaultKeyPolicy(accountId),
    state: 'Enabled',
    createdAt: at.toISOString(),
    tags: fields.tags ?? [],
  };
}

export function createKey(ctx: CallContext, input: CreateKeyRequest) {
  const policy = readPolicy(input, false);
  const description = optString(input, 'Description', { max: 8192 }) ?? '';
  const keySpec =
    optString(input, 'KeySpec', { oneOf: KEY_SPECS }) ??
    optString(input, 'CustomerMasterKeySpec', { oneOf: KEY_SPECS }) ??
    'SYMMETRIC_DEFAULT';
  const keyUsage = optString(input, 'KeyUsage', { oneOf: KEY_USAGES }) ?? 'ENCRYPT_DECRYPT';
  if (!usagesOf(keySpec).includes(keyUsage))
    throw new AwsError(
      'ValidationException',
      `KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}.`,
    );
  const origin = optString(input, 'Origin') ?? 'AWS_KMS';
  if (origin !== 'AWS_KMS' || optString(input, 'CustomKeyStoreId') !== undefined)
    throw new AwsError(
      'UnsupportedOperationException',
      'The sandbox creates keys with key material from AWS KMS only (Origin AWS_KMS, no custom key store).',
    );
  optBool(input, 'BypassPolicyLockoutSafetyCheck');
  const tags = readTags(input);
  const account = ensureAccount(ctx.world, ctx.caller.accountId, ctx.now);
  const state = kmsState(account, ctx.region, ctx.now);
  const key = newKey(ctx.world, account.id, ctx.region, ctx.now, {
    description,
    keySpec,
    keyUsage,
    tags,
    multiRegion: optBool(input, 'MultiRegion') ?? false,
    ...(policy !== undefined ? { policy } : {}),
  });
  state.keys[key.id] = key;
  return { KeyMetadata: keyMetadata(key) };
}

export function describeKey(ctx: CallContext, input: DescribeKeyRequest) {
  const key = findKey(ctx, reqString(input, 'KeyId', { min: 1, max: 2048 }), {
    alias: true,
    crossAccount: true,
  });
  return { KeyMetadata: keyMetadata(key) };
}

export function listKeys(ctx: CallContext, input: ListKeysRequest) {
  const limit = optInt(input, 'Limit', { min: 1, max: 1000 });
  const keys = liveKeys(peekKms(ctx.world.accounts[ctx.caller.accountId], ctx.region), ctx.now);
  const page = ctx.page(keys, optString(input, 'Marker'), limit, `kms:ListKeys:${ctx.region}`, {
    max: 1000,
    defaultSize: 100,
    invalidToken: () => new AwsError('InvalidMarkerException', 'The marker is not valid.'),
  });
  return {
    Keys: page.items.map((key) => ({ KeyId: key.id, KeyArn: keyArn(key) })),
    Truncated: page.nextToken !== undefined,
    ...(page.nextToken !== undefined ? { NextMarker: page.nextToken } : {}),
  };
}

/** Key ids and key ARNs, in the caller's account (GetKeyPolicy, PutKeyPolicy, ScheduleKeyDeletion). */
const OWN_KEY = { alias: false, crossAccount: false };

export function getKeyPolicy(ctx: CallContext, input: GetKeyPolicyRequest) {
  const key = findKey(ctx, reqString(input, 'KeyId', { min: 1, max: 2048 }), OWN_KEY);
  readPolicyName(input);
  return { Policy: key.policy, PolicyName: 'default' };
}

export function putKeyPolicy(ctx: CallContext, input: PutKeyPolicyRequest) {
  const found = findKey(ctx, reqString(input, 'KeyId', { min: 1, max: 2048 }), OWN_KEY);
  readPolicyName(input);
  const policy = readPolicy(input, true)!;
  optBool(input, 'BypassPolicyLockoutSafetyCheck');
  const state = kmsState(ensureAccount(ctx.world, found.accountId, ctx.now), ctx.region, ctx.now);
  state.keys[found.id]!.policy = policy;
  return {};
}

export function scheduleKeyDeletion(ctx: CallContext, input: ScheduleKeyDeletionRequest) {
  const found = findKey(ctx, reqString(input, 'KeyId', { min: 1, max: 2048 }), OWN_KEY);
  const days = optInt(input, 'PendingWindowInDays', { min: 7, max: 30 }) ?? 30;
  if (found.state === 'PendingDeletion') throw invalidState(`${keyArn(found)} is pending deletion.`);
  const key = kmsState(ensureAccount(ctx.world, found.accountId, ctx.now), ctx.region, ctx.now).keys[
    found.id
  ]!;
  const deletionDate = new Date(ctx.now.getTime() + days * 86_400_000);
  key.state = 'PendingDeletion';
  key.deletionDate = deletionDate.toISOString();
  key.pendingWindowInDays = days;
  return {
    KeyId: keyArn(key),
    DeletionDate: deletionDate,
    KeyState: 'PendingDeletion' as const,
    PendingWindowInDays: days,
  };
}
