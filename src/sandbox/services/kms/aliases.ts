/** CreateAlias and ListAliases. */
import { AwsError } from '../../errors.js';
import { optInt, optString, reqString } from '../../input.js';
import type { CallContext } from '../../service.js';
import { ensureAccount } from '../../world.js';
import { findKey, invalidState } from './access.js';
import type { CreateAliasRequest, ListAliasesRequest } from './shapes.generated.js';
import { aliasArn, keyArn, kmsState, liveAliases, peekKms } from './state.js';

const invalidAlias = (message: string) => new AwsError('InvalidAliasNameException', message);

/** An alias name a customer may create: `alias/<name>`, not under the reserved `alias/aws/`. */
export function checkAliasName(name: string): void {
  if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(name))
    throw invalidAlias(
      `Alias ${name} must begin with "alias/" followed by letters, digits, slashes, underscores or hyphens.`,
    );
  if (name.startsWith('alias/aws/'))
    throw invalidAlias(`Alias ${name} begins with the reserved prefix "alias/aws/".`);
}

export function createAlias(ctx: CallContext, input: CreateAliasRequest) {
  const name = reqString(input, 'AliasName', { min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ });
  checkAliasName(name);
  // the target is a key id or key ARN in the caller's account, never another alias
  const target = findKey(ctx, reqString(input, 'TargetKeyId', { min: 1, max: 2048 }), {
    alias: false,
    crossAccount: false,
  });
  if (target.state === 'PendingDeletion') throw invalidState(`${keyArn(target)} is pending deletion.`);
  const state = kmsState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region, ctx.now);
  if (state.aliases[name])
    throw new AwsError(
      'AlreadyExistsException',
      `An alias with the name ${aliasArn(ctx.region, ctx.caller.accountId, name)} already exists`,
    );
  const at = ctx.now.toISOString();
  state.aliases[name] = { name, targetKeyId: target.id, createdAt: at, updatedAt: at };
  return {};
}

export function listAliases(ctx: CallContext, input: ListAliasesRequest) {
  const limit = optInt(input, 'Limit', { min: 1, max: 1000 });
  const keyId = optString(input, 'KeyId', { min: 1, max: 2048 });
  const key = keyId === undefined ? undefined : findKey(ctx, keyId, { alias: false, crossAccount: false });
  const aliases = liveAliases(peekKms(ctx.world.accounts[ctx.caller.accountId], ctx.region), ctx.now).filter(
    (alias) => !key || alias.targetKeyId === key.id,
  );
  // AWS serves at most 100 aliases a page, whatever Limit asks for
  const size = limit === undefined ? undefined : Math.min(limit, 100);
  const page = ctx.page(
    aliases,
    optString(input, 'Marker'),
    size,
    `kms:ListAliases:${ctx.region}:${key?.id ?? ''}`,
    {
      max: 100,
      defaultSize: 50,
      invalidToken: () => new AwsError('InvalidMarkerException', 'The marker is not valid.'),
    },
  );
  return {
    Aliases: page.items.map((alias) => ({
      AliasName: alias.name,
      AliasArn: aliasArn(ctx.region, ctx.caller.accountId, alias.name),
      TargetKeyId: alias.targetKeyId,
      CreationDate: new Date(alias.createdAt),
      LastUpdatedDate: new Date(alias.updatedAt),
    })),
    Truncated: page.nextToken !== undefined,
    ...(page.nextToken !== undefined ? { NextMarker: page.nextToken } : {}),
  };
}
