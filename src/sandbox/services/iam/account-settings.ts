/** Account aliases and the account password policy. */
import { AwsError } from '../../errors.js';
import { optBool, optInt, reqString } from '../../input.js';
import type { Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import { entityAlreadyExists, iamAccount, iamPage, noSuchEntity } from './common.js';
import { iamOf } from './state.js';

// ---- aliases (one per account, unique across the sandbox's universe) ----

const ALIAS_RULES = { min: 3, max: 63, pattern: /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/ };

const listAccountAliases: Handler = (ctx, input) => {
  const page = iamPage(ctx, input, iamOf(iamAccount(ctx)).accountAliases, 'ListAccountAliases');
  return { AccountAliases: page.items, ...page.meta };
};

const createAccountAlias: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const alias = reqString(input, 'AccountAlias', ALIAS_RULES);
  for (const other of Object.values(ctx.world.accounts)) {
    if (other.id !== account.id && iamOf(other).accountAliases.includes(alias))
      throw entityAlreadyExists(`The account alias ${alias} already exists.`);
  }
  // An account has at most one alias: creating another replaces it, as the console's "edit" does.
  iamOf(account).accountAliases = [alias];
  return {};
};

const deleteAccountAlias: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const alias = reqString(input, 'AccountAlias', ALIAS_RULES);
  if (!iamOf(account).accountAliases.includes(alias))
    throw noSuchEntity(`The account alias ${alias} cannot be found.`);
  iamOf(account).accountAliases = iamOf(account).accountAliases.filter((a) => a !== alias);
  return {};
};

// ---- password policy ----

interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

function passwordPolicy(account: AccountRecord): PasswordPolicy | undefined {
  return iamOf(account).passwordPolicy as PasswordPolicy | undefined;
}

const getAccountPasswordPolicy: Handler = (ctx) => {
  const policy = passwordPolicy(iamAccount(ctx));
  if (!policy)
    throw noSuchEntity(`The Password Policy with domain name ${ctx.caller.accountId} cannot be found.`);
  return { PasswordPolicy: policy };
};

const updateAccountPasswordPolicy: Handler = (ctx, input) => {
  const maxAge = optInt(input, 'MaxPasswordAge', { min: 1, max: 1095 });
  const reuse = optInt(input, 'PasswordReusePrevention', { min: 1, max: 24 });
  const hardExpiry = optBool(input, 'HardExpiry');
  const policy: PasswordPolicy = {
    MinimumPasswordLength: optInt(input, 'MinimumPasswordLength', { min: 6, max: 128 }) ?? 6,
    RequireSymbols: optBool(input, 'RequireSymbols') ?? false,
    RequireNumbers: optBool(input, 'RequireNumbers') ?? false,
    RequireUppercaseCharacters: optBool(input, 'RequireUppercaseCharacters') ?? false,
    RequireLowercaseCharacters: optBool(input, 'RequireLowercaseCharacters') ?? false,
    AllowUsersToChangePassword: optBool(input, 'AllowUsersToChangePassword') ?? false,
    ExpirePasswords: maxAge !== undefined,
    ...(maxAge !== undefined ? { MaxPasswordAge: maxAge } : {}),
    ...(reuse !== undefined ? { PasswordReusePrevention: reuse } : {}),
    ...(hardExpiry !== undefined ? { HardExpiry: hardExpiry } : {}),
  };
  iamOf(iamAccount(ctx)).passwordPolicy = { ...policy };
  return {};
};

const deleteAccountPasswordPolicy: Handler = (ctx) => {
  const account = iamAccount(ctx);
  if (!iamOf(account).passwordPolicy)
    throw noSuchEntity(`The account policy with name PasswordPolicy cannot be found.`);
  delete iamOf(account).passwordPolicy;
  return {};
};

/** PasswordPolicyViolation when a new password breaks the account's password policy (none: anything goes). */
export function checkPassword(account: AccountRecord, password: string): void {
  const policy = passwordPolicy(account);
  if (!policy) return;
  const broken: string[] = [];
  if (password.length < policy.MinimumPasswordLength)
    broken.push(`at least ${policy.MinimumPasswordLength} characters`);
  if (policy.RequireSymbols && !/[^A-Za-z0-9]/.test(password)) broken.push('a symbol');
  if (policy.RequireNumbers && !/\d/.test(password)) broken.push('a number');
  if (policy.RequireUppercaseCharacters && !/[A-Z]/.test(password)) broken.push('an uppercase letter');
  if (policy.RequireLowercaseCharacters && !/[a-z]/.test(password)) broken.push('a lowercase letter');
  if (broken.length > 0)
    throw new AwsError(
      'PasswordPolicyViolation',
      `Password should have ${broken.join(', ')}; it does not conform to the account password policy.`,
      { status: 400 },
    );
}

export const accountSettingsOperations: Record<string, Handler> = {
  ListAccountAliases: listAccountAliases,
  CreateAccountAlias: createAccountAlias,
  DeleteAccountAlias: deleteAccountAlias,
  GetAccountPasswordPolicy: getAccountPasswordPolicy,
  UpdateAccountPasswordPolicy: updateAccountPasswordPolicy,
  DeleteAccountPasswordPolicy: deleteAccountPasswordPolicy,
};
