/** Where baseline operations act: sessions in accounts (the caller's own, or through the member role). */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../../aws/clients.js';
import { AwsCallError, OrgwardError } from '../../errors/index.js';
import type { BaselineSite } from '../../plan/operations.js';
import type { ApplyContext } from '../context.js';

/** Block Public Access, all four settings on (a bucket's, or an account's). */
export const ALL_BLOCKED = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

const callers = new WeakMap<ApplyContext, Promise<string>>();

/** The caller's account (asked of STS once per run). */
export function callerAccount(ctx: ApplyContext): Promise<string> {
  let found = callers.get(ctx);
  if (!found) {
    found = ctx.factory
      .sts()
      .send(new GetCallerIdentityCommand({}))
      .then((r) => r.Account ?? '');
    callers.set(ctx, found);
  }
  return found;
}

/** The account's id and a factory acting in it. */
export async function sessionAt(
  ctx: ApplyContext,
  site: BaselineSite,
): Promise<{ accountId: string; factory: ClientFactory }> {
  const accountId = ctx.resolver.account(site.account);
  const own = accountId === (await callerAccount(ctx));
  return { accountId, factory: own ? ctx.factory : ctx.factory.assumeRole(accountId, site.roleName) };
}

/** A new account's role can take a little while to be assumable; waits between tries, in ms. */
const NEW_ACCOUNT_WAITS = [2_000, 4_000, 8_000, 16_000];

/**
 * Runs `work`; for an account this plan created (no id in the plan) a refused AssumeRole is tried again
 * after a pause, and a role that stays unassumable is explained.
 */
export async function inAccount<T>(
  ctx: ApplyContext,
  site: BaselineSite,
  work: (factory: ClientFactory, accountId: string) => Promise<T>,
): Promise<T> {
  const waits = site.account.id ? [] : NEW_ACCOUNT_WAITS;
  for (let attempt = 0; ; attempt++) {
    const { accountId, factory } = await sessionAt(ctx, site);
    try {
      return await work(factory, accountId);
    } catch (error) {
      const assume = error instanceof AwsCallError && error.operation === 'AssumeRole';
      const wait = waits[attempt];
      if (assume && wait !== undefined) {
        await ctx.sleep(wait);
        continue;
      }
      if (!assume) throw error;
      throw new OrgwardError('ACCOUNT_UNREACHABLE', error.message, {
        source: 'aws',
        hint: `orgward sets up the baseline in ${site.account.name} (${accountId}) through the role ${site.roleName}: make sure it exists there and trusts the caller, or set baseline.memberRoleName`,
        cause: error,
      });
    }
  }
}
