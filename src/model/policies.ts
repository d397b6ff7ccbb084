/**
 * Reading organization policies the way the audit needs: which policies of a type reach an account
 * (attached to it, to any OU above it, or to the root; `DescribeEffectivePolicy` does not cover SCPs and
 * RCPs, so coverage is this parent walk), and what their Deny statements say.
 */
import type { OrgSnapshot, PolicyType, SnapshotPolicy } from './snapshot.js';

export interface Statement {
  effect: 'Allow' | 'Deny';
  actions: string[] | null;
  notActions: string[] | null;
  resources: string[] | null;
  condition: Record<string, Record<string, string[]>>;
  /** The policy it came from. */
  policy: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const list = (value: unknown): string[] | null =>
  value === undefined ? null : Array.isArray(value) ? value.map(text) : [text(value)];

export function statementsOf(policy: Pick<SnapshotPolicy, 'name' | 'content'>): Statement[] {
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policy.content) as { Statement?: unknown };
  } catch {
    return [];
  }
  const raw = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return raw.map((s: Record<string, unknown>) => {
    const condition: Statement['condition'] = {};
    for (const [operator, entries] of Object.entries((s.Condition ?? {}) as Record<string, unknown>)) {
      condition[operator] = {};
      for (const [key, value] of Object.entries((entries ?? {}) as Record<string, unknown>)) {
        condition[operator][key.toLowerCase()] = list(value) ?? [];
      }
    }
    return {
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: list(s.Action),
      notActions: list(s.NotAction),
      resources: list(s.Resource),
      condition,
      policy: policy.name,
    };
  });
}

/** The root, OU and account ids from the root down to `accountId`. */
export function pathIds(snapshot: OrgSnapshot, accountId: string): string[] {
  const account = snapshot.accounts.find((a) => a.id === accountId);
  if (!account) return [];
  const ous = new Map(snapshot.ous.map((ou) => [ou.id, ou]));
  const chain: string[] = [accountId];
  let parent = account.parentId;
  while (parent !== snapshot.root.id) {
    const ou = ous.get(parent);
    if (!ou) break;
    chain.push(ou.id);
    parent = ou.parentId;
  }
  chain.push(snapshot.root.id);
  return chain.reverse();
}

/** Policies of `type` attached anywhere on the path from the root to `targetId` (account or OU). */
export function inheritedPolicies(
  snapshot: OrgSnapshot,
  targetId: string,
  type: PolicyType,
): SnapshotPolicy[] {
  const path = new Set(
    /^\d{12}$/.test(targetId) ? pathIds(snapshot, targetId) : ouPathIds(snapshot, targetId),
  );
  return snapshot.policies.filter((p) => p.type === type && p.targets.some((t) => path.has(t)));
}

function ouPathIds(snapshot: OrgSnapshot, ouId: string): string[] {
  const ous = new Map(snapshot.ous.map((ou) => [ou.id, ou]));
  const chain: string[] = [];
  let current: string | undefined = ouId;
  while (current && current !== snapshot.root.id) {
    chain.push(current);
    current = ous.get(current)?.parentId;
  }
  chain.push(snapshot.root.id);
  return chain;
}

/** IAM action pattern match (`*` and `?` wildcards, case-insensitive). */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(action);
}

/** True when the statement's action set covers `action`. */
export function coversAction(statement: Statement, action: string): boolean {
  if (statement.actions) return statement.actions.some((p) => actionMatches(p, action));
  if (statement.notActions) return !statement.notActions.some((p) => actionMatches(p, action));
  return false;
}

/** Values of a condition key under any operator matching `operator` (a regex over operator names). */
export function conditionValues(statement: Statement, operator: RegExp, key: string): string[] | null {
  for (const [op, entries] of Object.entries(statement.condition)) {
    if (!operator.test(op)) continue;
    const values = entries[key.toLowerCase()];
    if (values) return values;
  }
  return null;
}

/** Deny statements of `type` reaching `targetId`. */
export function inheritedDenies(snapshot: OrgSnapshot, targetId: string, type: PolicyType): Statement[] {
  return inheritedPolicies(snapshot, targetId, type)
    .flatMap(statementsOf)
    .filter((s) => s.effect === 'Deny');
}

/**
 * The region allow-list an account's SCPs enforce: the intersection of every inherited Deny on
 * `StringNotEquals aws:RequestedRegion`. Null when no such deny reaches the account.
 */
export function allowedRegions(snapshot: OrgSnapshot, accountId: string): string[] | null {
  let allowed: string[] | null = null;
  for (const statement of inheritedDenies(snapshot, accountId, 'SERVICE_CONTROL_POLICY')) {
    const regions = conditionValues(statement, /^StringNotEquals(IfExists)?$/i, 'aws:RequestedRegion');
    if (!regions) continue;
    allowed = allowed ? allowed.filter((r) => regions.includes(r)) : [...regions];
  }
  return allowed;
}

/** True when some inherited SCP Deny covers every one of `actions`. */
export function deniesAll(statements: Statement[], actions: string[]): Statement | undefined {
  return statements.find((s) => actions.every((a) => coversAction(s, a)));
}

/** Actions of `actions` that no statement denies. */
export function undenied(statements: Statement[], actions: string[]): string[] {
  return actions.filter((a) => !statements.some((s) => coversAction(s, a)));
}

/**
 * True when a Deny applies to everyone but exempted principals: its only conditions are principal
 * exemptions (`ArnNotLike aws:PrincipalArn` ...). A deny limited to root, to some regions or to tagged
 * resources does not make an action denied for the organization.
 */
export function appliesBroadly(statement: Statement): boolean {
  return Object.entries(statement.condition).every(
    ([operator, entries]) =>
      /Not/i.test(operator) && Object.keys(entries).every((key) => key.startsWith('aws:principal')),
  );
}

/** A Deny aimed at the root principal (`aws:PrincipalArn` like `arn:aws:iam::*:root`). */
export function deniesRoot(s: Statement): boolean {
  const arns = conditionValues(
    s,
    /^(ArnLike|StringLike|ArnEquals|StringEquals)(IfExists)?$/i,
    'aws:PrincipalArn',
  );
  return Boolean(arns?.some((arn) => /:root$/.test(arn)));
}

export function exemptsAssumedRoot(s: Statement): boolean {
  return Object.values(s.condition).some((entries) => 'aws:assumedroot' in entries);
}
