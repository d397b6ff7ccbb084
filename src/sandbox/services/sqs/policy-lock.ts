/**
 * The one rule the sandbox evaluates in queue policies: a statement that denies everyone —
 * `Effect: Deny`, `Principal: "*"` or `{"AWS": "*"}`, an `Action` that matches the call (`sqs:*`, `*`,
 * the action itself, case-insensitive, `*` wildcards allowed), any `Resource`, and no `Condition` —
 * locks every principal out, the account's own administrators and root user included. Only an
 * `sts:AssumeRoot` session with the SQSUnlockQueuePolicy task policy gets past it: unlocking a
 * queue policy is one of the tasks AWS lets a root session do (SPEC.md, "Policy lock and root unlock").
 *
 * Other statements are not evaluated, except that a cross-account caller needs an `Allow` naming its
 * account (or everyone) for the action.
 */

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Condition?: unknown;
}

export const UNLOCK_TASK_POLICY = 'arn:aws:iam::aws:policy/root-task/SQSUnlockQueuePolicy';

function statements(policy: string | undefined): Statement[] {
  if (!policy) return [];
  try {
    const parsed = JSON.parse(policy) as { Statement?: unknown };
    const list = Array.isArray(parsed.Statement)
      ? parsed.Statement
      : parsed.Statement
        ? [parsed.Statement]
        : [];
    return list.filter((s): s is Statement => typeof s === 'object' && s !== null);
  } catch {
    return [];
  }
}

const asList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

function actionMatches(patterns: unknown, action: string): boolean {
  return asList(patterns).some((pattern) => {
    const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
    return re.test(action);
  });
}

function principals(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (typeof principal === 'object' && principal !== null && 'AWS' in principal) return asList(principal.AWS);
  return [];
}

/** Whether the policy denies `action` (`sqs:GetQueueAttributes`) to everyone, unconditionally. */
export function locksEveryoneOut(policy: string | undefined, action: string): boolean {
  return statements(policy).some(
    (s) =>
      s.Effect === 'Deny' &&
      principals(s.Principal).includes('*') &&
      s.Condition === undefined &&
      s.NotAction === undefined &&
      actionMatches(s.Action, action),
  );
}

/** Whether the policy allows another account's principals to perform `action`. */
export function allowsAccount(policy: string | undefined, accountId: string, action: string): boolean {
  return statements(policy).some(
    (s) =>
      s.Effect === 'Allow' &&
      principals(s.Principal).some(
        (p) => p === '*' || p === accountId || p.startsWith(`arn:aws:iam::${accountId}:`),
      ) &&
      actionMatches(s.Action, action),
  );
}

/** Whether the policy allows `action` to anyone at all (`"Principal": "*"`, without conditions). */
export function allowsEveryone(policy: string | undefined, action: string): boolean {
  return statements(policy).some(
    (s) =>
      s.Effect === 'Allow' &&
      principals(s.Principal).includes('*') &&
      s.Condition === undefined &&
      actionMatches(s.Action, action),
  );
}

/** A policy that denies every SQS action to everyone (what the seeder's `lockedOut` writes). */
export function denyAllPolicy(queueArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: queueArn }],
  });
}
