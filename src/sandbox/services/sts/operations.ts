import type { Handler } from '../../service.js';

export const stsOperations: Record<string, Handler> = {
  /** Always allowed, whatever the caller's permissions (as in AWS). */
  GetCallerIdentity: (ctx) => ({
    UserId: ctx.caller.userId,
    Account: ctx.caller.accountId,
    Arn: ctx.caller.arn,
  }),
};
