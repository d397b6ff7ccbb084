/**
 * A member account's primary (root user) email: GetPrimaryEmail, StartPrimaryEmailUpdate,
 * AcceptPrimaryEmailUpdate. Only the organization's management account or Account Management's
 * delegated administrator may call them, for another member account (`memberAccount`). The address is
 * the world's `accounts[id].email`, the one Organizations' DescribeAccount shows.
 *
 * AWS mails a one-time password to the new address and accepts it for 24 hours. The sandbox sends no
 * mail: the pending update, OTP included, is kept in the account's state, where a tester reads it.
 */
import { AwsError } from '../../errors.js';
import { reqString } from '../../input.js';
import { DIGITS, randomString } from '../../rng.js';
import { typedOperations, type CallContext } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import type { Operations } from './shapes.generated.js';
import { accountState, peekAccountState } from './state.js';
import { memberAccount } from './target.js';

/** How long AWS accepts the one-time password after StartPrimaryEmailUpdate sends it. */
export const OTP_VALIDITY_MS = 24 * 3600 * 1000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function newEmail(input: { PrimaryEmail: string }): string {
  return reqString(input, 'PrimaryEmail', { min: 5, max: 64, pattern: EMAIL });
}

/** The address must not be any account's primary email already (AWS's root emails are unique). */
function checkUnused(ctx: CallContext, email: string): void {
  const lower = email.toLowerCase();
  if (Object.values(ctx.world.accounts).some((a) => a.email.toLowerCase() === lower))
    throw new AwsError(
      'ConflictException',
      `The email address ${email} is already in use by an AWS account.`,
      {
        status: 409,
        extras: { errorType: 'Conflict' },
      },
    );
}

const otpInvalid = (message: string) =>
  new AwsError('ValidationException', message, {
    extras: { reason: 'fieldValidationFailed', fieldList: [{ name: 'Otp', message }] },
  });

const noPendingUpdate = (account: AccountRecord) =>
  new AwsError(
    'ResourceNotFoundException',
    `No primary email update to this address was started for account ${account.id}.`,
    { status: 404, extras: { errorType: 'ResourceNotFound' } },
  );

export const primaryEmailOperations = typedOperations<Operations>()({
  GetPrimaryEmail: (ctx, input) => ({ PrimaryEmail: memberAccount(ctx, input).email }),

  StartPrimaryEmailUpdate(ctx, input) {
    const email = newEmail(input);
    const account = memberAccount(ctx, input);
    checkUnused(ctx, email);
    // A new start replaces the update pending before it, and its password.
    accountState(account).primaryEmailUpdate = {
      email,
      otp: randomString(ctx.world, DIGITS, 6),
      startedAt: ctx.now.toISOString(),
      expiresAt: new Date(ctx.now.getTime() + OTP_VALIDITY_MS).toISOString(),
    };
    return { Status: 'PENDING' };
  },

  AcceptPrimaryEmailUpdate(ctx, input) {
    const email = newEmail(input);
    const otp = reqString(input, 'Otp', { pattern: /^[a-zA-Z0-9]{6}$/ });
    const account = memberAccount(ctx, input);
    const pending = peekAccountState(account).primaryEmailUpdate;
    if (!pending || pending.email.toLowerCase() !== email.toLowerCase()) throw noPendingUpdate(account);
    // A refused call changes nothing: an expired update stays until the next start replaces it, and a
    // wrong password leaves the update pending (the right one is accepted until it expires).
    if (ctx.now.getTime() >= Date.parse(pending.expiresAt))
      throw otpInvalid('The one-time password has expired. Start the primary email update again.');
    if (otp !== pending.otp) throw otpInvalid('The one-time password is not valid.');
    checkUnused(ctx, pending.email);
    account.email = pending.email;
    delete accountState(account).primaryEmailUpdate;
    return { Status: 'ACCEPTED' };
  },
});
