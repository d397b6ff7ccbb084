import { reqString } from '../../input.js';
import type { Handler } from '../../service.js';
import { withTaskPolicy } from '../iam/root-session.js';
import { assumeRole } from './assume-role.js';
import { assumeRoot } from './assume-root.js';

/** Credentials the sandbox issued name their account; other keys are taken as the default account's. */
const getAccessKeyInfo: Handler = (ctx, input) => {
  const id = reqString(input, 'AccessKeyId', { min: 16, max: 128, pattern: /^\w*$/ });
  const record = ctx.world.credentials[id];
  return { Account: record?.accountId ?? (/^\d{12}$/.test(id) ? id : ctx.world.defaultAccountId) };
};

const handlers: Record<string, Handler> = {
  /** Always allowed, whatever the caller's permissions (as in AWS). */
  GetCallerIdentity: (ctx) => ({
    UserId: ctx.caller.userId,
    Account: ctx.caller.accountId,
    Arn: ctx.caller.arn,
  }),
  AssumeRole: assumeRole,
  AssumeRoot: assumeRoot,
  GetAccessKeyInfo: getAccessKeyInfo,
};

/** Root sessions may call only GetCallerIdentity here (their task policies name no STS action). */
export const stsOperations: Record<string, Handler> = Object.fromEntries(
  Object.entries(handlers).map(([op, handler]) => [
    op,
    withTaskPolicy('sts', op, handler, op === 'GetCallerIdentity'),
  ]),
);
