/**
 * S3 Control, account-level Block Public Access: `GET|PUT|DELETE /v20180820/configuration/publicAccessBlock`
 * with the account in `x-amz-account-id`. A caller may only address its own account.
 */
import { AwsError } from '../../errors.js';
import type { Input } from '../../input.js';
import type { RestRoute } from '../../protocols/rest.js';
import type { CallContext, Handler } from '../../service.js';
import { ensureAccount, type AccountRecord } from '../../world.js';
import { noPublicAccessBlock, readPublicAccessBlock } from '../s3/operations.js';
import { KEY as S3_KEY, s3Account, type S3AccountState } from '../s3/state.js';

function target(ctx: CallContext, input: Input): AccountRecord {
  const accountId = (input.$headers as Record<string, string> | undefined)?.['x-amz-account-id'] ?? '';
  if (!/^\d{12}$/.test(accountId))
    throw new AwsError('InvalidRequest', 'The x-amz-account-id header must be a 12-digit AWS account id.');
  if (accountId !== ctx.caller.accountId)
    throw new AwsError(
      'AccessDenied',
      `User: ${ctx.caller.arn} is not authorized to access the public access block of account ${accountId}`,
      { status: 403 },
    );
  return ensureAccount(ctx.world, accountId, ctx.now);
}

/** Read-only: the account's S3 slot is not created by a read. */
const peekBlock = (account: AccountRecord) =>
  (account.services[S3_KEY] as S3AccountState | undefined)?.accountPublicAccessBlock;

export const s3ControlOperations: Record<string, Handler> = {
  GetPublicAccessBlock: (ctx, input) => {
    const block = peekBlock(target(ctx, input));
    if (!block) throw noPublicAccessBlock();
    return {
      $root: 'PublicAccessBlockConfiguration',
      $xmlns: 'http://awss3control.amazonaws.com/doc/2018-08-20/',
      ...block,
    };
  },
  PutPublicAccessBlock: (ctx, input) => {
    const account = target(ctx, input);
    const text = typeof input.$body === 'string' ? input.$body : '';
    s3Account(account).accountPublicAccessBlock = readPublicAccessBlock(text);
    return {};
  },
  DeletePublicAccessBlock: (ctx, input) => {
    delete s3Account(target(ctx, input)).accountPublicAccessBlock;
    return { $status: 204 };
  },
};

const PATH = '/v20180820/configuration/publicAccessBlock';
export const s3ControlRoutes: readonly RestRoute[] = [
  { method: 'GET', path: PATH, operation: 'GetPublicAccessBlock' },
  { method: 'PUT', path: PATH, operation: 'PutPublicAccessBlock' },
  { method: 'DELETE', path: PATH, operation: 'DeletePublicAccessBlock' },
];
