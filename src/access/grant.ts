/**
 * The one extra permission (the team-role dilemma): what `access grant` adds to org.yaml, the narrowest
 * construct that gives one person some actions in one account without widening anyone else's access.
 *
 * - `--permission-set`: a USER assignment of that (existing, narrow) permission set to that account.
 * - `--actions` (and `--resources`): a personal permission set whose inline policy allows exactly those
 *   actions on those resources — reused when the file already has one with the same policy — assigned to
 *   the user in that account.
 * - `--until`: the assignment ends then (the first apply after it removes it).
 *
 * Pure: the desired state in, an `identityCenter:` fragment out (merged into the file keeping its
 * comments by config/merge-fragment.ts), or a UsageError that says what is wrong.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors/index.js';
import type { Desired } from '../model/desired.js';

export interface GrantRequest {
  user: string;
  /** The account's name as org.yaml or the organization names it. */
  account: string;
  permissionSet?: string;
  actions?: string[];
  resources?: string[];
  until?: string;
  reason?: string;
}

export interface GrantFragment {
  /** The `identityCenter:` fragment to merge. */
  fragment: Record<string, unknown>;
  permissionSet: string;
  /** True when the grant creates a personal permission set. */
  creates: boolean;
}

const PS_NAME_MAX = 32;

/** `Extra-<user>-<6 hex>`: the personal set's name, ≤32 characters of IAM's permission-set alphabet. */
export function personalSetName(user: string, policy: string): string {
  const hash = createHash('sha256').update(policy).digest('hex').slice(0, 6);
  const safe = user.replace(/[^\w+=,.@-]/g, '-');
  const room = PS_NAME_MAX - 'Extra-'.length - hash.length - 1;
  return `Extra-${safe.slice(0, room)}-${hash}`;
}

function policyOf(actions: string[], resources: string[]): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: actions.length === 1 ? actions[0] : [...actions].sort(),
        Resource: resources.length === 1 ? resources[0] : [...resources].sort(),
      },
    ],
  };
}

function checkUntil(until: string | undefined, now: Date): void {
  if (until === undefined) return;
  const at = Date.parse(until);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(until) || Number.isNaN(at))
    throw new UsageError(`--until ${until} is not an ISO 8601 date-time`, 'for example 2026-12-31T00:00:00Z');
  if (at <= now.getTime()) throw new UsageError(`--until ${until} is in the past`, 'name a time to come');
}

export function grantFragment(
  desired: Desired,
  request: GrantRequest,
  accountNames: ReadonlySet<string>,
  now: Date,
): GrantFragment {
  const ic = desired.identityCenter;
  if (!ic)
    throw new UsageError('the file has no identityCenter section', 'grant edits Identity Center assignments');
  const known = new Set([...ic.users.map((u) => u.userName), ...ic.external.users]);
  if (!known.has(request.user))
    throw new UsageError(
      `no user '${request.user}' in the file's identityCenter`,
      `users: ${[...known].slice(0, 10).join(', ')}`,
    );
  if (!accountNames.has(request.account))
    throw new UsageError(
      `no account '${request.account}'`,
      'name the account as org.yaml or `orgward snapshot` shows it',
    );
  if ((request.permissionSet === undefined) === (request.actions === undefined))
    throw new UsageError('grant needs exactly one of --permission-set and --actions');
  checkUntil(request.until, now);
  const assignment = {
    user: request.user,
    permissionSet: '',
    targets: [`account:${request.account}`],
    ...(request.until ? { until: request.until } : {}),
  };
  if (request.permissionSet !== undefined) {
    if (!ic.permissionSets.some((ps) => ps.name === request.permissionSet))
      throw new UsageError(
        `no permission set '${request.permissionSet}' in the file`,
        `sets: ${ic.permissionSets.map((p) => p.name).join(', ')}`,
      );
    assignment.permissionSet = request.permissionSet;
    return { fragment: { assignments: [assignment] }, permissionSet: request.permissionSet, creates: false };
  }
  const policy = policyOf(request.actions!, request.resources?.length ? request.resources : ['*']);
  const text = JSON.stringify(policy);
  const existing = ic.permissionSets.find(
    (ps) =>
      ps.inlinePolicy !== undefined &&
      JSON.stringify(JSON.parse(ps.inlinePolicy)) === text &&
      ps.managedPolicies.length === 0 &&
      ps.customerManagedPolicies.length === 0 &&
      ps.permissionsBoundary === undefined,
  );
  const name = existing?.name ?? personalSetName(request.user, text);
  assignment.permissionSet = name;
  const description =
    `${request.user}: ${request.actions!.join(', ')}${request.reason ? ` (${request.reason})` : ''}`.slice(
      0,
      700,
    );
  return {
    fragment: {
      ...(existing
        ? {}
        : { permissionSets: { [name]: { description, sessionDuration: 'PT1H', inlinePolicy: policy } } }),
      assignments: [assignment],
    },
    permissionSet: name,
    creates: !existing,
  };
}
