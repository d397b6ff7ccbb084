/**
 * The part of a resource policy (a KMS key policy, an SNS topic policy) the sandbox evaluates for a
 * caller from another account. A statement grants that caller an action when it:
 *
 * - has `Effect: Allow`;
 * - names the caller's account as principal: `"*"`, `{"AWS": "*"}`, the account id, or an ARN in the
 *   account (`arn:aws:iam::<id>:root`, a role, a user);
 * - lists the action (`Action`, case-insensitive, `*` and `?` wildcards);
 * - has no `Condition`, or only conditions on who is calling that the sandbox can answer:
 *   `StringEquals` / `StringLike` (and their `IgnoreCase` form) on `aws:PrincipalOrgID` (the caller's
 *   organization) or `aws:PrincipalAccount`. A statement with any other condition does not grant.
 *
 * Deny statements and `NotAction` / `NotPrincipal` are not evaluated; callers in the owning account are
 * not checked against the policy at all (the services decide that).
 */

export interface PolicyCaller {
  accountId: string;
  /** The organization the caller's account belongs to, if any. */
  organizationId?: string;
}

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
  Condition?: unknown;
}

/** The statements of a policy document; none when the text is not a JSON policy. */
export function policyStatements(policy: string | undefined): Statement[] {
  if (!policy) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const raw = (parsed as { Statement?: unknown }).Statement;
  const list: unknown[] = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.filter((s): s is Statement => typeof s === 'object' && s !== null && !Array.isArray(s));
}

const asList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

/** IAM's string wildcards: `*` any run of characters, `?` one character. */
function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function actionMatches(actions: unknown, action: string): boolean {
  return asList(actions).some((pattern) => wildcard(pattern, action, true));
}

function principalMatches(principal: unknown, accountId: string): boolean {
  const names =
    principal === '*'
      ? ['*']
      : typeof principal === 'object' && principal !== null && 'AWS' in principal
        ? asList(principal.AWS)
        : [];
  return names.some(
    (p) => p === '*' || p === accountId || /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(p)?.[1] === accountId,
  );
}

const OPERATORS: Record<string, { like: boolean; ignoreCase: boolean }> = {
  stringequals: { like: false, ignoreCase: false },
  stringequalsignorecase: { like: false, ignoreCase: true },
  stringlike: { like: true, ignoreCase: false },
};

/** Whether every condition holds for the caller; false for a condition the sandbox cannot answer. */
function conditionHolds(condition: unknown, caller: PolicyCaller): boolean {
  if (condition === undefined) return true;
  if (typeof condition !== 'object' || condition === null) return false;
  for (const [operator, tests] of Object.entries(condition as Record<string, unknown>)) {
    const rule = OPERATORS[operator.toLowerCase()];
    if (!rule || typeof tests !== 'object' || tests === null) return false;
    for (const [key, expected] of Object.entries(tests)) {
      const name = key.toLowerCase();
      const actual =
        name === 'aws:principalorgid'
          ? caller.organizationId
          : name === 'aws:principalaccount'
            ? caller.accountId
            : null;
      // an unknown key, or an account outside any organization: the condition does not hold
      if (actual === null || actual === undefined) return false;
      const matches = asList(expected).some((value) =>
        rule.like
          ? wildcard(value, actual, rule.ignoreCase)
          : rule.ignoreCase
            ? value.toLowerCase() === actual.toLowerCase()
            : value === actual,
      );
      if (!matches) return false;
    }
  }
  return true;
}

/** Whether the policy lets a caller from another account perform `action` (`kms:DescribeKey`). */
export function grantsCrossAccount(
  policy: string | undefined,
  caller: PolicyCaller,
  action: string,
): boolean {
  return policyStatements(policy).some(
    (s) =>
      s.Effect === 'Allow' &&
      principalMatches(s.Principal, caller.accountId) &&
      actionMatches(s.Action, action) &&
      conditionHolds(s.Condition, caller),
  );
}
