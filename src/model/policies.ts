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

/**
 * The same answers as {@link pathIds}, {@link inheritedPolicies}, {@link inheritedDenies} and
 * {@link allowedRegions}, from indexes built once over one snapshot and memoized per target: for a run
 * that asks for every account (the audit at 10,000 accounts asked several times per account, each time
 * scanning every account, OU and policy and parsing the inherited documents again). The snapshot must
 * not change while the index is in use.
 */
export class PolicyIndex {
  private readonly accountParent = new Map<string, string>();
  private readonly ouParent = new Map<string, string>();
  private readonly byTarget = new Map<string, SnapshotPolicy[]>();
  private readonly order = new Map<SnapshotPolicy, number>();
  private readonly statements = new Map<SnapshotPolicy, Statement[]>();
  private readonly denies = new Map<string, Statement[]>();
  private readonly regions = new Map<string, string[] | null>();

  constructor(readonly snapshot: OrgSnapshot) {
    for (const account of snapshot.accounts)
      if (!this.accountParent.has(account.id)) this.accountParent.set(account.id, account.parentId);
    for (const ou of snapshot.ous) this.ouParent.set(ou.id, ou.parentId);
    snapshot.policies.forEach((policy, i) => {
      this.order.set(policy, i);
      for (const target of policy.targets) {
        const list = this.byTarget.get(target) ?? [];
        list.push(policy);
        this.byTarget.set(target, list);
      }
    });
  }

  /** The root, OU and account ids from the root down to `accountId` ([] for an unknown account). */
  pathIds(accountId: string): string[] {
    const parent = this.accountParent.get(accountId);
    if (parent === undefined) return [];
    return [...this.ouChain(parent, [accountId])].reverse();
  }

  /** Policies of `type` attached anywhere from the root to `targetId`, in the snapshot's order. */
  inheritedPolicies(targetId: string, type: PolicyType): SnapshotPolicy[] {
    const path = /^\d{12}$/.test(targetId) ? this.pathIds(targetId) : this.ouChain(targetId, []);
    const found = new Set<SnapshotPolicy>();
    for (const id of path)
      for (const policy of this.byTarget.get(id) ?? []) if (policy.type === type) found.add(policy);
    return [...found].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }

  /** Deny statements of `type` reaching `targetId`. */
  inheritedDenies(targetId: string, type: PolicyType): Statement[] {
    const key = `${type}|${targetId}`;
    let denies = this.denies.get(key);
    if (!denies) {
      denies = this.inheritedPolicies(targetId, type)
        .flatMap((policy) => this.statementsOf(policy))
        .filter((s) => s.effect === 'Deny');
      this.denies.set(key, denies);
    }
    return denies;
  }

  /** See {@link allowedRegions}. */
  allowedRegions(accountId: string): string[] | null {
    if (!this.regions.has(accountId))
      this.regions.set(
        accountId,
        regionsAllowedBy(this.inheritedDenies(accountId, 'SERVICE_CONTROL_POLICY')),
      );
    return this.regions.get(accountId)!;
  }

  private statementsOf(policy: SnapshotPolicy): Statement[] {
    let statements = this.statements.get(policy);
    if (!statements) {
      statements = statementsOf(policy);
      this.statements.set(policy, statements);
    }
    return statements;
  }

  /**
   * `start` and the OUs above it up to the root, after `chain`, then the root. From an account's parent
   * an unknown id ends the walk before it; from an OU target it is kept and ends the walk after it.
   */
  private ouChain(start: string, chain: string[]): string[] {
    const fromAccount = chain.length > 0;
    let current: string | undefined = start;
    for (
      let steps = 0;
      current && current !== this.snapshot.root.id && steps <= this.ouParent.size;
      steps++
    ) {
      if (fromAccount && !this.ouParent.has(current)) break;
      chain.push(current);
      current = this.ouParent.get(current);
    }
    chain.push(this.snapshot.root.id);
    return chain;
  }
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
  return regionsAllowedBy(inheritedDenies(snapshot, accountId, 'SERVICE_CONTROL_POLICY'));
}

function regionsAllowedBy(denies: Statement[]): string[] | null {
  let allowed: string[] | null = null;
  for (const statement of denies) {
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
