/**
 * Finding the key a call names, as KMS reads its `KeyId` (and `TargetKeyId`) members: a key id, a key
 * ARN, and where the operation allows them an alias name (`alias/<name>`) or alias ARN. An ARN in
 * another account reaches that account's key only for operations AWS lets other accounts call
 * (DescribeKey), and only when the key policy grants it (shared/resource-policy.ts).
 */
import { AwsError } from '../../errors.js';
import type { CallContext } from '../../service.js';
import { grantsCrossAccount } from '../../shared/resource-policy.js';
import { aliasArn, isLive, keyArn, peekKms, type KmsKeyState } from './state.js';

export interface KeyReference {
  /** Alias names and alias ARNs are accepted (DescribeKey). */
  alias: boolean;
  /** A key ARN (or alias ARN) in another account is accepted (DescribeKey). */
  crossAccount: boolean;
}

export const notFound = (message: string) => new AwsError('NotFoundException', message);
export const invalidState = (message: string) => new AwsError('KMSInvalidStateException', message);

const ARN_RE = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

function denied(ctx: CallContext, resource: string, why: string): AwsError {
  const action = `kms:${ctx.operation}`;
  return new AwsError(
    'AccessDeniedException',
    `User: ${ctx.caller.arn} is not authorized to perform: ${action} on resource: ${resource} ${why}`,
  );
}

function keyIn(ctx: CallContext, accountId: string, id: string): KmsKeyState {
  const key = peekKms(ctx.world.accounts[accountId], ctx.region)?.keys[id];
  if (!key || !isLive(key, ctx.now))
    throw notFound(`Key '${keyArn({ region: ctx.region, accountId, id })}' does not exist`);
  return key;
}

function aliasIn(ctx: CallContext, accountId: string, name: string): KmsKeyState {
  const state = peekKms(ctx.world.accounts[accountId], ctx.region);
  const alias = state?.aliases[name];
  const key = alias ? state?.keys[alias.targetKeyId] : undefined;
  if (!key || !isLive(key, ctx.now))
    throw notFound(`Alias ${aliasArn(ctx.region, accountId, name)} is not found.`);
  return key;
}

/** The key `keyId` names, or KMS's error for it. */
export function findKey(ctx: CallContext, keyId: string, allowed: KeyReference): KmsKeyState {
  const own = ctx.caller.accountId;
  if (keyId.startsWith('alias/')) {
    if (!allowed.alias) throw notFound(`Invalid keyId ${keyId}`);
    return aliasIn(ctx, own, keyId);
  }
  if (!keyId.startsWith('arn:')) return keyIn(ctx, own, keyId);

  const match = ARN_RE.exec(keyId);
  if (!match) throw new AwsError('InvalidArnException', `Invalid arn ${keyId}`);
  const [, region, accountId, kind, rest] = match as unknown as [string, string, string, string, string];
  if (kind === 'alias' && !allowed.alias) throw notFound(`Invalid keyId ${keyId}`);
  if (region !== ctx.region) throw notFound(`Invalid arn ${region}`);
  if (accountId !== own && !allowed.crossAccount)
    throw denied(ctx, keyId, 'because the operation cannot be called on a key in another account');
  const key = kind === 'alias' ? aliasIn(ctx, accountId, `alias/${rest}`) : keyIn(ctx, accountId, rest);
  if (accountId !== own) {
    const caller = {
      accountId: own,
      organizationId: ctx.world.accounts[own]?.organizationId,
    };
    if (!grantsCrossAccount(key.policy, caller, `kms:${ctx.operation}`))
      throw denied(ctx, keyArn(key), 'because no resource-based policy allows the action');
  }
  return key;
}
