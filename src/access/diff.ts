/**
 * Who gains and who loses which effective actions between two access models (before and after a
 * change of org.yaml): "alice gains dynamodb:* in Shop Staging until 2026-12-31; nobody else changes".
 *
 * Per person and account, the permission sets they reach before and after are compared. Where they
 * differ, or a set they keep changed (its policies, or the customer-managed document in that account),
 * the candidate actions are those the added or changed sets allow (gains) and those the removed or
 * changed sets allowed (losses), expanded through the action catalogue; each is decided against every
 * path the person has into the account before and after (any resource, no request conditions known —
 * an action that only "depends" counts as reachable). Decisions are cached per account, permission set
 * and action, so a set used everywhere is evaluated once per account, not once per person.
 */
import { expandActionPattern, type ActionCatalogue } from './actions.js';
import type { AccessIndex } from './effective.js';
import type { Policy } from './policy.js';

export interface ActionChange {
  user: string;
  accountId: string;
  accountName: string;
  change: 'gains' | 'loses';
  /**
   * Actions, with a service written `service:*` when every action of it is allowed on the side that has
   * them (after a gain, before a loss); some of those may have been allowed on both sides.
   */
  actions: string[];
  /** How many actions change hands. */
  count: number;
  /** The permission sets that bring the change. */
  through: string[];
  /** When the gain ends (a time-bound assignment). */
  until?: string;
}

interface Reach {
  sets: Map<string, string | undefined>;
}

/** Per account, the permission sets the user reaches and until when (undefined: no end). */
function reachOf(index: AccessIndex, user: string): Map<string, Reach> {
  const out = new Map<string, Reach>();
  for (const p of index.identityCenterPaths(user)) {
    const reach = out.get(p.accountId) ?? { sets: new Map<string, string | undefined>() };
    const had = reach.sets.has(p.permissionSet);
    const previous = reach.sets.get(p.permissionSet);
    const unbounded = (had && previous === undefined) || p.until === undefined;
    const latest = [previous, p.until]
      .filter((u): u is string => !!u)
      .sort()
      .pop();
    reach.sets.set(p.permissionSet, unbounded ? undefined : latest);
    out.set(p.accountId, reach);
  }
  return out;
}

/** What a permission set is in an account: its definition and the documents it resolves to there. */
function signature(index: AccessIndex, permissionSet: string, accountId: string): string {
  const ps = index.permissionSets.get(permissionSet);
  const refs = [...(ps?.customerManagedPolicies ?? [])];
  if (ps?.boundary?.customerManagedPolicy) refs.push(ps.boundary.customerManagedPolicy);
  // A document never read and one known to be absent are different answers (depends vs nothing).
  const docs = refs.map((r) => {
    const key = `${accountId}|${r.name}`;
    return key in index.model.documents.customerManaged
      ? index.model.documents.customerManaged[key]
      : 'unread';
  });
  return JSON.stringify([ps ?? null, docs]);
}

function allowPatterns(policies: Policy[], catalogue: ActionCatalogue): string[] {
  const out = new Set<string>();
  for (const p of policies)
    for (const s of p.statements) {
      if (s.effect !== 'Allow') continue;
      if (s.action) for (const a of s.action) for (const x of expandActionPattern(a, catalogue)) out.add(x);
      if (s.notAction) {
        const excluded = new Set(s.notAction.flatMap((a) => expandActionPattern(a, catalogue)));
        for (const x of expandActionPattern('*', catalogue)) if (!excluded.has(x)) out.add(x);
      }
    }
  return [...out];
}

class Decider {
  private readonly cache = new Map<string, boolean>();
  constructor(readonly index: AccessIndex) {}
  reaches(accountId: string, permissionSet: string, action: string): boolean {
    const key = `${accountId}|${permissionSet}|${action}`;
    let hit = this.cache.get(key);
    if (hit === undefined) {
      const d = this.index.decideIdentityCenter(accountId, permissionSet, {
        action,
        resource: '*',
        context: {},
      });
      hit = d.decision === 'Allow' || d.decision === 'Depends';
      this.cache.set(key, hit);
    }
    return hit;
  }
  any(accountId: string, sets: Iterable<string>, action: string): boolean {
    for (const s of sets) if (this.reaches(accountId, s, action)) return true;
    return false;
  }
}

/**
 * `dynamodb:*` where the person can do every action of the service on the side that has them (after a
 * gain, before a loss) — some of them may have been there already; the others listed as they are.
 */
export function compressActions(
  actions: string[],
  catalogue: ActionCatalogue,
  coversService: (service: string) => boolean,
): string[] {
  const byService = new Map<string, string[]>();
  for (const a of actions) {
    const [service] = a.split(':');
    byService.set(service!, [...(byService.get(service!) ?? []), a]);
  }
  const out: string[] = [];
  for (const [service, list] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
    if (catalogue.actionsOf(service)?.length && coversService(service)) out.push(`${service}:*`);
    else out.push(...list.sort());
  }
  return out;
}

function changed(
  before: AccessIndex,
  after: AccessIndex,
  accountId: string,
  was: Reach | undefined,
  now: Reach | undefined,
) {
  const added: string[] = [];
  const removed: string[] = [];
  for (const s of now?.sets.keys() ?? [])
    if (!was?.sets.has(s) || signature(before, s, accountId) !== signature(after, s, accountId))
      added.push(s);
  for (const s of was?.sets.keys() ?? [])
    if (!now?.sets.has(s) || signature(before, s, accountId) !== signature(after, s, accountId))
      removed.push(s);
  return { added, removed };
}

function setPolicies(index: AccessIndex, sets: string[], accountId: string): Policy[] {
  return sets.flatMap((s) => index.permissionSetPolicies(s, accountId).identity);
}

export function accessDiff(
  before: AccessIndex,
  after: AccessIndex,
  catalogue: ActionCatalogue,
): ActionChange[] {
  const users = new Set([
    ...(before.model.identityCenter?.users ?? []).map((u) => u.userName),
    ...(after.model.identityCenter?.users ?? []).map((u) => u.userName),
  ]);
  const was = new Decider(before);
  const now = new Decider(after);
  const changes: ActionChange[] = [];
  for (const user of [...users].sort()) {
    const b = reachOf(before, user);
    const a = reachOf(after, user);
    for (const accountId of new Set([...b.keys(), ...a.keys()])) {
      const { added, removed } = changed(before, after, accountId, b.get(accountId), a.get(accountId));
      if (!added.length && !removed.length) continue;
      const setsBefore = [...(b.get(accountId)?.sets.keys() ?? [])];
      const setsAfter = [...(a.get(accountId)?.sets.keys() ?? [])];
      const accountName =
        (after.accountById.get(accountId) ?? before.accountById.get(accountId))?.name ?? accountId;
      const gains = allowPatterns(setPolicies(after, added, accountId), catalogue).filter(
        (x) => now.any(accountId, setsAfter, x) && !was.any(accountId, setsBefore, x),
      );
      const losses = allowPatterns(setPolicies(before, removed, accountId), catalogue).filter(
        (x) => was.any(accountId, setsBefore, x) && !now.any(accountId, setsAfter, x),
      );
      const untils = added.map((s) => a.get(accountId)?.sets.get(s)).filter((u): u is string => !!u);
      if (gains.length)
        changes.push({
          user,
          accountId,
          accountName,
          change: 'gains',
          actions: compressActions(gains, catalogue, (svc) =>
            (catalogue.actionsOf(svc) ?? []).every((x) => now.any(accountId, setsAfter, `${svc}:${x}`)),
          ),
          count: gains.length,
          through: added,
          ...(untils.length === added.length && untils.length
            ? { until: untils.sort()[untils.length - 1]! }
            : {}),
        });
      if (losses.length)
        changes.push({
          user,
          accountId,
          accountName,
          change: 'loses',
          actions: compressActions(losses, catalogue, (svc) =>
            (catalogue.actionsOf(svc) ?? []).every((x) => was.any(accountId, setsBefore, `${svc}:${x}`)),
          ),
          count: losses.length,
          through: removed,
        });
    }
  }
  return changes;
}
