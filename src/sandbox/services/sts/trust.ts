/**
 * Does a role's trust policy let this caller assume it? Allow statements whose action covers
 * `sts:AssumeRole` and whose principal names the caller; an explicit Deny wins. Condition blocks are not
 * evaluated (SPEC.md): a statement with conditions applies as if they held.
 */
import type { Caller } from '../../principal.js';
import type { World } from '../../world.js';
import { iamArn } from '../iam/common.js';
import { asList, type PolicyStatement } from '../iam/policy-documents.js';

/** Who the caller is, as a trust policy can name it. */
export interface TrustPrincipal {
  accountId: string;
  /** Every ARN a policy may name the caller by (user ARN; role ARN and assumed-role session ARN). */
  arns: string[];
}

export function trustPrincipalOf(world: World, caller: Caller): TrustPrincipal {
  const iam = world.accounts[caller.accountId]?.iam;
  if (caller.kind === 'role' && caller.roleName !== undefined) {
    const path = iam?.roles[caller.roleName]?.path ?? '/';
    return {
      accountId: caller.accountId,
      arns: [iamArn(caller.accountId, 'role', path, caller.roleName), caller.arn],
    };
  }
  if (caller.kind === 'user' && caller.userName !== undefined) {
    const path = iam?.users[caller.userName]?.path ?? '/';
    return { accountId: caller.accountId, arns: [iamArn(caller.accountId, 'user', path, caller.userName)] };
  }
  return { accountId: caller.accountId, arns: [caller.arn] };
}

const globCache = new Map<string, RegExp>();

function glob(pattern: string): RegExp {
  let regex = globCache.get(pattern);
  if (!regex) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    regex = new RegExp(`^${source}$`, 'i');
    globCache.set(pattern, regex);
  }
  return regex;
}

function actionApplies(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) return asList(statement.Action).some((a) => glob(a).test(action));
  return !asList(statement.NotAction).some((a) => glob(a).test(action));
}

function names(principal: PolicyStatement['Principal'], who: TrustPrincipal): boolean {
  if (principal === undefined) return false;
  if (principal === '*') return true;
  return asList(principal.AWS).some(
    (p) =>
      p === '*' || p === who.accountId || p === `arn:aws:iam::${who.accountId}:root` || who.arns.includes(p),
  );
}

function principalApplies(statement: PolicyStatement, who: TrustPrincipal): boolean {
  if (statement.Principal !== undefined) return names(statement.Principal, who);
  return !names(statement.NotPrincipal, who);
}

export function trustAllows(document: string, who: TrustPrincipal, action = 'sts:AssumeRole'): boolean {
  let parsed: { Statement?: unknown };
  try {
    parsed = JSON.parse(document) as { Statement?: unknown };
  } catch {
    return false;
  }
  const statements = (
    Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]
  ) as PolicyStatement[];
  let allowed = false;
  for (const statement of statements) {
    if (!statement || !actionApplies(statement, action) || !principalApplies(statement, who)) continue;
    if (statement.Effect === 'Deny') return false;
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed;
}
