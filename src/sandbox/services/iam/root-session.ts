/**
 * Who an IAM call acts on, and what a root session (`sts:AssumeRoot`) may do.
 *
 * - {@link subjectOf}: the one resolver for "the user this call acts on". With `UserName`, that IAM user.
 *   Without it, the caller itself: an IAM user acts on itself; the root user, a root session and the
 *   sandbox administrator act on the account's root user; a role session must name a user (AWS's
 *   "Must specify userName when calling with non-User credentials").
 * - {@link withTaskPolicy}: wraps every IAM and STS handler; a root session may only perform the actions
 *   its task policy lists (the five AWS-managed root task policies, `task-policies.ts`), on the root
 *   user. Anything else is `AccessDenied` (403).
 * - {@link holdRootSessionsToTaskPolicy}: the IAM service's `checkCall` hook, which the core runs before
 *   every call to any service: the same rule for the other services' operations.
 */
import type { Caller } from '../../principal.js';
import type { CallContext, CheckedCall, Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import { optString, type Input } from '../../input.js';
import {
  accessDenied,
  iamAccount,
  iamArn,
  lookupNameRules,
  requireUser,
  rootArn,
  userArn,
  validationError,
} from './common.js';
import { ROOT, userOwner, type CredentialOwner } from './credentials.js';
import { iamOf, type RootUserState, type UserState } from './state.js';
import { taskPolicyAllows } from './task-policies.js';

/** The user name IAM shows for the root user where its model requires one (credential report: `<root_account>`). */
export const ROOT_USER_LABEL = '<root_account>';

interface SubjectBase {
  account: AccountRecord;
  owner: CredentialOwner;
  arn: string;
  /** `UserName` in outputs that require one. */
  label: string;
}

export type Subject =
  | (SubjectBase & { root: true; state: RootUserState })
  | (SubjectBase & { root: false; state: UserState; user: UserState });

export function rootSubject(account: AccountRecord): Subject {
  return {
    root: true,
    account,
    owner: ROOT,
    arn: rootArn(account.id),
    label: ROOT_USER_LABEL,
    state: iamOf(account).root,
  };
}

export function userSubject(account: AccountRecord, user: UserState): Subject {
  return {
    root: false,
    account,
    owner: userOwner(user.userName),
    arn: userArn(account.id, user),
    label: user.userName,
    state: user,
    user,
  };
}

/** Whether the caller acts as the account's root user when it names no user. */
export function actsAsRoot(caller: Caller): boolean {
  return caller.kind === 'root' || caller.kind === 'root-session' || caller.kind === 'admin';
}

/** The user the call acts on: `UserName` when given, else the caller (see the module comment). */
export function subjectOf(ctx: CallContext, input: Input, member = 'UserName'): Subject {
  const account = iamAccount(ctx);
  const userName = optString(input, member, lookupNameRules);
  if (userName !== undefined) {
    if (ctx.caller.kind === 'root-session') {
      throw denied(ctx.caller, `iam:${ctx.operation}`, iamArn(account.id, 'user', '/', userName));
    }
    return userSubject(account, requireUser(account, userName));
  }
  if (actsAsRoot(ctx.caller)) return rootSubject(account);
  if (ctx.caller.kind === 'user' && ctx.caller.userName !== undefined) {
    return userSubject(account, requireUser(account, ctx.caller.userName));
  }
  throw validationError('Must specify userName when calling with non-User credentials');
}

export function denied(caller: Caller, action: string, resource: string) {
  return accessDenied(
    `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource} ` +
      `because no session policy allows the ${action} action`,
  );
}

/** Refuses an action a root session's task policy does not allow; other callers pass (no IAM policy evaluation). */
export function requireTaskPolicy(caller: Caller, action: string, resource: string): void {
  if (caller.kind !== 'root-session') return;
  if (!taskPolicyAllows(caller.taskPolicyArn ?? '', action)) throw denied(caller, action, resource);
}

/** IAM action names that differ from the operation name. */
const ACTION_ALIASES: Record<string, string> = { 's3:ListBuckets': 's3:ListAllMyBuckets' };

/**
 * Refuses a root session's call to any service that its task policy does not allow, as
 * `<signing name>:<Operation>` on the root user (`sts:GetCallerIdentity` always passes). The IAM
 * service registers it as its `checkCall` hook.
 */
export function holdRootSessionsToTaskPolicy({ service, operation, caller }: CheckedCall): void {
  if (caller.kind !== 'root-session') return;
  if (service.name === 'sts' && operation === 'GetCallerIdentity') return;
  const action = `${service.signingName}:${operation}`;
  requireTaskPolicy(caller, ACTION_ALIASES[action] ?? action, `arn:aws:iam::${caller.accountId}:root`);
}

/** The resource an action names, for AccessDenied messages (the root user when it names none). */
function resourceOf(accountId: string, input: Input): string {
  const name = (member: string) => (typeof input[member] === 'string' ? input[member] : undefined);
  const user = name('UserName');
  if (user) return iamArn(accountId, 'user', '/', user);
  const role = name('RoleName');
  if (role) return iamArn(accountId, 'role', '/', role);
  const group = name('GroupName');
  if (group) return iamArn(accountId, 'group', '/', group);
  return name('PolicyArn') ?? rootArn(accountId);
}

/** Wraps a handler so that root sessions are held to their task policy (`<prefix>:<Operation>`). */
export function withTaskPolicy(prefix: string, operation: string, handler: Handler, exempt = false): Handler {
  if (exempt) return handler;
  const action = `${prefix}:${operation}`;
  return (ctx, input) => {
    requireTaskPolicy(ctx.caller, action, resourceOf(ctx.caller.accountId, input));
    return handler(ctx, input);
  };
}
