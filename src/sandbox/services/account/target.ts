/**
 * The account a call acts on: the caller's own, or — with `AccountId` — a member of the caller's
 * organization, when the caller is its management account or Account Management's delegated
 * administrator and trusted access for account.amazonaws.com is on (as AWS requires).
 */
import { AwsError } from '../../errors.js';
import { optString, reqString, type Input } from '../../input.js';
import type { CallContext } from '../../service.js';
import { ensureAccount, type AccountRecord } from '../../world.js';
import { hasTrustedAccess, orgStanding } from '../../shared/org-access.js';

export const ACCOUNT_PRINCIPAL = 'account.amazonaws.com';

export const accessDenied = (message: string) =>
  new AwsError('AccessDeniedException', message, { status: 403, extras: { errorType: 'AccessDenied' } });

export function targetAccount(ctx: CallContext, input: object): AccountRecord {
  const id = optString(input as Input, 'AccountId', { pattern: /^\d{12}$/ });
  if (id === undefined || id === ctx.caller.accountId)
    return ensureAccount(ctx.world, ctx.caller.accountId, ctx.now);
  const standing = orgStanding(ctx.world, ctx.caller.accountId, ACCOUNT_PRINCIPAL);
  if (!standing || standing.role === 'member' || !standing.org.members[id])
    throw accessDenied(
      `User: ${ctx.caller.arn} is not authorized to perform: account:${ctx.operation} on resource: arn:aws:account::${ctx.caller.accountId}:account/${standing?.org.id ?? 'o-none'}/${id}`,
    );
  if (!hasTrustedAccess(standing.org, ACCOUNT_PRINCIPAL))
    throw accessDenied('Trusted access for AWS Account Management is not enabled in the organization.');
  return ensureAccount(ctx.world, id, ctx.now);
}

/**
 * The member account a primary-email call names (`AccountId`, required): the caller must be the
 * management account of an organization with all features, or Account Management's delegated
 * administrator in it, with trusted access for account.amazonaws.com on; the account must be another
 * member of that organization (the management account cannot name itself, nor be named). Refusals
 * are `AccessDeniedException`, as AWS answers them.
 */
export function memberAccount(ctx: CallContext, input: { AccountId: string }): AccountRecord {
  const id = reqString(input, 'AccountId', { pattern: /^\d{12}$/ });
  const standing = orgStanding(ctx.world, ctx.caller.accountId, ACCOUNT_PRINCIPAL);
  if (
    !standing ||
    standing.role === 'member' ||
    id === standing.org.managementAccountId ||
    !standing.org.members[id]
  )
    throw accessDenied(
      `User: ${ctx.caller.arn} is not authorized to perform: account:${ctx.operation} on resource: arn:aws:account::${standing?.org.managementAccountId ?? ctx.caller.accountId}:account/${standing?.org.id ?? 'o-none'}/${id}`,
    );
  if (standing.org.featureSet !== 'ALL')
    throw accessDenied('The organization must have all features enabled to manage member accounts.');
  if (!hasTrustedAccess(standing.org, ACCOUNT_PRINCIPAL))
    throw accessDenied('Trusted access for AWS Account Management is not enabled in the organization.');
  return ensureAccount(ctx.world, id, ctx.now);
}
