/**
 * The access questions, answered from an {@link AccessIndex}: the matrix (who reaches which account with
 * which permission set or role), who-can (every principal and path allowed an action in some accounts),
 * can (one principal's paths and their decisions) and the per-path decision behind `explain`. Decisions
 * are cached per (account, permission set) and per role, so a who-can over thousands of accounts costs
 * one evaluation per distinct pair, not per person.
 */
import type { ContextValues } from './context.js';
import type { AccessIndex, AccessPath } from './effective.js';
import type { Decision, DecisionKind } from './evaluate.js';
import type { AccessIamRole, AccessModel } from './model.js';

export interface MatrixRow {
  /** The person (Identity Center user name, or `<hub account id>/<IAM user>`); a group without members: ''. */
  user: string;
  accountId: string;
  accountName: string;
  ouPath: string;
  kind: 'identity-center' | 'iam-role';
  /** Permission set name, or IAM role name. */
  role: string;
  /** `user`, `group:<name>`, or `iam-user:<hub account>/<name>`. */
  via: string;
  until?: string;
  origin?: string;
  /** For jump paths that depend on something (MFA, source IP): what. */
  dependsOn?: string[];
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareRows = (a: MatrixRow, b: MatrixRow) =>
  byCodeUnit(a.user, b.user) ||
  byCodeUnit(a.accountName, b.accountName) ||
  byCodeUnit(a.role, b.role) ||
  byCodeUnit(a.via, b.via);

type Assignment = NonNullable<AccessModel['identityCenter']>['assignments'][number];

/** One assignment's row fields, without the person (shared by every member of a group). */
function rowBase(index: AccessIndex, a: Assignment): Omit<MatrixRow, 'user'> {
  return {
    accountId: a.accountId,
    accountName: index.accountById.get(a.accountId)?.name ?? a.accountId,
    ouPath: index.ouPath(a.accountId),
    kind: 'identity-center',
    role: a.permissionSet,
    via: a.principalType === 'USER' ? 'user' : `group:${a.principalName}`,
    ...(a.until ? { until: a.until } : {}),
    ...(a.origin ? { origin: a.origin } : {}),
  };
}

/**
 * The Identity Center rows in order (person, account, role, via) without sorting a million rows: people
 * in order, each with the few rows their own assignments and their groups' give, sorted per person.
 */
function icRows(index: AccessIndex): MatrixRow[] {
  const direct = new Map<string, Array<Omit<MatrixRow, 'user'>>>();
  const byGroup = new Map<string, Array<Omit<MatrixRow, 'user'>>>();
  const empty: MatrixRow[] = [];
  for (const a of index.model.identityCenter?.assignments ?? []) {
    const base = rowBase(index, a);
    const map = a.principalType === 'USER' ? direct : byGroup;
    const list = map.get(a.principalName) ?? [];
    list.push(base);
    map.set(a.principalName, list);
    if (a.principalType === 'GROUP' && (index.membersOf.get(a.principalName) ?? []).length === 0)
      empty.push({ user: '', ...base });
  }
  const people = new Set([...direct.keys(), ...index.groupsOf.keys()]);
  const rows: MatrixRow[] = empty.sort(compareRows);
  for (const user of [...people].sort(byCodeUnit)) {
    const mine: MatrixRow[] = [];
    for (const base of direct.get(user) ?? []) mine.push({ user, ...base });
    for (const group of index.groupsOf.get(user) ?? [])
      for (const base of byGroup.get(group) ?? []) mine.push({ user, ...base });
    rows.push(...mine.sort(compareRows));
  }
  return rows;
}

/** Every person × account × permission set (groups expanded) and, with IAM read, every jump role. */
export function accessMatrix(index: AccessIndex, options: { iamRoles?: boolean } = {}): MatrixRow[] {
  const rows = icRows(index);
  if (options.iamRoles)
    for (const p of index.jumpPaths()) {
      const account = index.accountById.get(p.accountId);
      rows.push({
        user: `${p.sourceAccountId}/${p.sourceUserName}`,
        accountId: p.accountId,
        accountName: account?.name ?? p.accountId,
        ouPath: index.ouPath(p.accountId),
        kind: 'iam-role',
        role: p.roleName,
        via: `iam-user:${p.sourceAccountId}/${p.sourceUserName}`,
        ...(p.assume.decision === 'Depends' ? { dependsOn: p.assume.dependsOn } : {}),
      });
    }
  return rows.sort(compareRows);
}

export interface AccessRequest {
  action: string;
  /** ARN, or `*` for any resource in the account. */
  resource: string;
  context: ContextValues;
}

export interface PathDecision {
  path: AccessPath;
  accountName: string;
  decision: Decision;
}

/** The resource's own account when its ARN names one; else the account asked about. */
function resourceAccount(resource: string, accountId: string): string {
  const id = resource.split(':')[4];
  return id && /^\d{12}$/.test(id) ? id : accountId;
}

export class DecisionCache {
  private readonly byPair = new Map<string, Decision>();
  constructor(
    readonly index: AccessIndex,
    readonly request: AccessRequest,
  ) {}

  private req(accountId: string) {
    const resourceAccountId = resourceAccount(this.request.resource, accountId);
    return { ...this.request, ...(resourceAccountId !== accountId ? { resourceAccountId } : {}) };
  }

  permissionSet(accountId: string, permissionSet: string): Decision {
    const key = `${accountId}|${permissionSet}`;
    let d = this.byPair.get(key);
    if (!d) {
      d = this.index.decideIdentityCenter(accountId, permissionSet, this.req(accountId));
      this.byPair.set(key, d);
    }
    return d;
  }

  role(accountId: string, role: AccessIamRole): Decision {
    const key = `${accountId}|role|${role.roleName}`;
    let d = this.byPair.get(key);
    if (!d) {
      d = this.index.decideIamRole(accountId, role, this.req(accountId));
      this.byPair.set(key, d);
    }
    return d;
  }

  /** A path's decision: for a jump path, assuming the role and then acting as it must both allow. */
  path(path: AccessPath): Decision {
    if (path.kind === 'identity-center') return this.permissionSet(path.accountId, path.permissionSet);
    const role = this.index.model.iam[path.accountId]?.roles.find((r) => r.roleName === path.roleName);
    if (!role) return { decision: 'ImplicitDeny', dependsOn: [], statements: [], missingAllow: [] };
    return chainDecisions(path.assume, this.role(path.accountId, role));
  }
}

/** Two steps that must both allow (assume the role, then act as it). */
export function chainDecisions(first: Decision, second: Decision): Decision {
  const statements = [...first.statements, ...second.statements];
  const missingAllow = [...first.missingAllow, ...second.missingAllow];
  const kinds = [first.decision, second.decision];
  const pick = (decision: DecisionKind, dependsOn: string[] = []) => ({
    decision,
    dependsOn,
    statements,
    missingAllow,
  });
  if (kinds.includes('ExplicitDeny')) return pick('ExplicitDeny');
  if (kinds.includes('ImplicitDeny')) return pick('ImplicitDeny');
  if (kinds.includes('Depends'))
    return pick('Depends', [...new Set([...first.dependsOn, ...second.dependsOn])].sort());
  return pick('Allow');
}

/** Every person's path into the accounts, with the decision for the request (allowed and depends only). */
export function whoCan(
  index: AccessIndex,
  request: AccessRequest,
  accountIds: ReadonlySet<string>,
  options: { iamRoles?: boolean; includeDenied?: boolean } = {},
): PathDecision[] {
  const cache = new DecisionCache(index, request);
  const out: PathDecision[] = [];
  const keep = (d: Decision) => options.includeDenied || d.decision === 'Allow' || d.decision === 'Depends';
  const kept: Array<{ a: Assignment; decision: Decision; name: string }> = [];
  for (const a of index.model.identityCenter?.assignments ?? []) {
    if (!accountIds.has(a.accountId)) continue;
    const decision = cache.permissionSet(a.accountId, a.permissionSet);
    if (keep(decision)) kept.push({ a, decision, name: accountName(index, a.accountId) });
  }
  // In order of account, permission set, principal; members in order: no sort of every path.
  kept.sort(
    (x, y) =>
      byCodeUnit(x.name, y.name) ||
      byCodeUnit(x.a.permissionSet, y.a.permissionSet) ||
      byCodeUnit(x.a.principalType, y.a.principalType) ||
      byCodeUnit(x.a.principalName, y.a.principalName),
  );
  for (const { a, decision, name } of kept) {
    const users = a.principalType === 'USER' ? [a.principalName] : index.sortedMembers(a.principalName);
    for (const user of users) out.push({ path: index.icPath(a, user), accountName: name, decision });
  }
  if (options.iamRoles) {
    const jumps: PathDecision[] = [];
    for (const path of index.jumpPaths()) {
      if (!accountIds.has(path.accountId)) continue;
      const decision = cache.path(path);
      if (keep(decision)) jumps.push({ path, accountName: accountName(index, path.accountId), decision });
    }
    out.push(...jumps.sort((x, y) => byCodeUnit(pathLabel(x.path), pathLabel(y.path))));
  }
  return out;
}

const accountName = (index: AccessIndex, id: string) => index.accountById.get(id)?.name ?? id;

/** `alice → group:Developers → Developer → Shop Prod`, for tables and sorting. */
export function pathLabel(path: AccessPath): string {
  if (path.kind === 'identity-center')
    return `${path.userName} → ${path.via === 'user' ? 'assigned' : path.via} → ${path.permissionSet} → ${path.accountId}`;
  return `${path.sourceAccountId}/${path.sourceUserName} → role ${path.roleName} → ${path.accountId}`;
}

export type Subject =
  | { kind: 'user'; name: string }
  | { kind: 'group'; name: string }
  | { kind: 'iam-user'; accountId: string; name: string }
  | { kind: 'role'; name: string };

/** A subject's paths into the given accounts. */
export function pathsOf(
  index: AccessIndex,
  subject: Subject,
  accountIds: ReadonlySet<string>,
  options: { iamRoles?: boolean } = {},
): AccessPath[] {
  let paths: AccessPath[] = [];
  if (subject.kind === 'user') paths = index.identityCenterPaths(subject.name);
  else if (subject.kind === 'group') {
    const members = index.membersOf.get(subject.name) ?? [];
    paths = (index.model.identityCenter?.assignments ?? [])
      .filter((a) => a.principalType === 'GROUP' && a.principalName === subject.name)
      .map((a) => index.icPath(a, members[0] ?? ''));
  }
  if (options.iamRoles && subject.kind !== 'group')
    paths.push(
      ...index
        .jumpPaths()
        .filter((p) =>
          subject.kind === 'iam-user'
            ? p.sourceAccountId === subject.accountId && p.sourceUserName === subject.name
            : subject.kind === 'role'
              ? p.roleName === subject.name
              : p.sourceUserName === subject.name,
        ),
    );
  return paths.filter((p) => accountIds.has(p.accountId));
}

/** One subject's paths with their decisions for the request. */
export function can(
  index: AccessIndex,
  subject: Subject,
  request: AccessRequest,
  accountIds: ReadonlySet<string>,
  options: { iamRoles?: boolean } = {},
): PathDecision[] {
  const cache = new DecisionCache(index, request);
  return pathsOf(index, subject, accountIds, options).map((path) => ({
    path,
    accountName: accountName(index, path.accountId),
    decision: cache.path(path),
  }));
}

/** The overall answer over several paths: allowed if any path allows; else depends; else denied. */
export function overall(decisions: PathDecision[]): DecisionKind {
  const kinds = decisions.map((d) => d.decision.decision);
  if (kinds.includes('Allow')) return 'Allow';
  if (kinds.includes('Depends')) return 'Depends';
  if (kinds.includes('ExplicitDeny')) return 'ExplicitDeny';
  return 'ImplicitDeny';
}
