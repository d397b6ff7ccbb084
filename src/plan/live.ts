/**
 * The live organization as the planner needs it: lookups by path, id, email and name, the match of each
 * configured account to a live one, and where every account will sit once the plan has run (so an
 * `ou:` target expands to the accounts that will be under it, nested OUs included).
 */
import type { Desired, DesiredAccount, TargetRef as DesiredTarget } from '../model/desired.js';
import type { OrgSnapshot, SnapshotAccount, SnapshotOu, SnapshotPolicy } from '../model/snapshot.js';
import type { AccountRef, OuRef, TargetRef } from './operations.js';

export interface PlannedAccount {
  ref: AccountRef;
  /** Configured name, or the live name for accounts the file does not manage. */
  name: string;
  /** OU path where the account sits after the plan ('' = root). */
  path: string;
  live: SnapshotAccount | undefined;
  desired: DesiredAccount | undefined;
  active: boolean;
  isManagement: boolean;
}

export class LiveView {
  readonly ouByPath = new Map<string, SnapshotOu>();
  readonly ouPathById = new Map<string, string>();
  readonly accountById = new Map<string, SnapshotAccount>();
  readonly accountByEmail = new Map<string, SnapshotAccount>();
  readonly policyByKey = new Map<string, SnapshotPolicy>();
  /** Configured account name → live account (matched by id, else by email). */
  readonly matched = new Map<string, SnapshotAccount>();
  /** Every account after the plan, configured or not. */
  readonly planned: PlannedAccount[] = [];
  readonly rootId: string | undefined;
  /** Indexes over `planned` (the first account of a name or live id wins, as a scan would find). */
  private readonly plannedByName = new Map<string, PlannedAccount>();
  private readonly plannedByLiveId = new Map<string, PlannedAccount>();
  /** OU path ('' = root) → the accounts an OU target reaches, computed once per path. */
  private readonly reachByPath = new Map<string, readonly PlannedAccount[]>();

  constructor(
    readonly snapshot: OrgSnapshot | null,
    readonly desired: Desired,
    /** With no organization yet, the caller's account becomes its management account. */
    readonly callerAccountId?: string,
  ) {
    this.rootId = snapshot?.root.id;
    for (const ou of snapshot?.ous ?? []) {
      this.ouByPath.set(ou.path, ou);
      this.ouPathById.set(ou.id, ou.path);
    }
    if (this.rootId) this.ouPathById.set(this.rootId, '');
    for (const account of snapshot?.accounts ?? []) {
      this.accountById.set(account.id, account);
      this.accountByEmail.set(account.email.toLowerCase(), account);
    }
    for (const policy of snapshot?.policies ?? []) {
      if (!policy.awsManaged) this.policyByKey.set(`${policy.type}|${policy.name}`, policy);
    }
    const claimed = new Set<string>();
    for (const account of desired.accounts) {
      const live = account.id
        ? this.accountById.get(account.id)
        : this.accountByEmail.get(account.email.toLowerCase());
      if (live && !claimed.has(live.id)) {
        this.matched.set(account.name, live);
        claimed.add(live.id);
      }
    }
    const management = snapshot ? snapshot.organization.managementAccountId : callerAccountId;
    for (const account of desired.accounts) {
      const live = this.matched.get(account.name);
      const id = live?.id ?? account.id;
      this.planned.push({
        ref: { name: account.name, ...(id ? { id } : {}) },
        name: account.name,
        path: account.parentPath,
        live,
        desired: account,
        active: !account.close && (live ? live.state === 'ACTIVE' : true),
        isManagement: id !== undefined && id === management,
      });
    }
    for (const live of snapshot?.accounts ?? []) {
      if (claimed.has(live.id)) continue;
      this.planned.push({
        ref: { name: live.name, id: live.id },
        name: live.name,
        path: this.ouPathById.get(live.parentId) ?? '',
        live,
        desired: undefined,
        active: live.state === 'ACTIVE',
        isManagement: live.id === management,
      });
    }
    for (const p of this.planned) {
      if (!this.plannedByName.has(p.name)) this.plannedByName.set(p.name, p);
      if (p.live && !this.plannedByLiveId.has(p.live.id)) this.plannedByLiveId.set(p.live.id, p);
    }
  }

  /** The planned account of a configured (or, unmanaged, live) name. */
  byName(name: string): PlannedAccount | undefined {
    return this.plannedByName.get(name);
  }

  /** The planned account that is the live account with this id. */
  byLiveId(id: string): PlannedAccount | undefined {
    return this.plannedByLiveId.get(id);
  }

  ouRef(path: string): OuRef {
    if (path === '') return { path: '', ...(this.rootId ? { id: this.rootId } : {}) };
    const live = this.ouByPath.get(path);
    return { path, ...(live ? { id: live.id } : {}) };
  }

  accountRef(name: string): AccountRef {
    return this.plannedByName.get(name)?.ref ?? { name };
  }

  targetRef(target: DesiredTarget): TargetRef {
    if (target.kind === 'root') return { kind: 'root', ...(this.rootId ? { id: this.rootId } : {}) };
    if (target.kind === 'ou') return { kind: 'ou', ...this.ouRef(target.path) };
    return { kind: 'account', ...this.accountRef(target.name) };
  }

  /** The live target an attached policy points at, as a ref with a readable name. */
  liveTargetRef(targetId: string): TargetRef {
    if (targetId === this.rootId) return { kind: 'root', id: targetId };
    const path = this.ouPathById.get(targetId);
    if (path !== undefined) return { kind: 'ou', path, id: targetId };
    const account = this.plannedByLiveId.get(targetId);
    return { kind: 'account', name: account?.name ?? targetId, id: targetId };
  }

  /**
   * The accounts a target reaches after the plan. OU targets include nested OUs and skip the
   * management account and accounts that are not ACTIVE; a named account is always included.
   */
  expand(target: DesiredTarget): readonly PlannedAccount[] {
    if (target.kind === 'account') {
      const found = this.plannedByName.get(target.name);
      return found ? [found] : [];
    }
    const prefix = target.kind === 'root' ? '' : target.path;
    let reached = this.reachByPath.get(prefix);
    if (!reached) {
      reached = this.planned.filter(
        (p) =>
          p.active &&
          !p.isManagement &&
          (prefix === '' || p.path === prefix || p.path.startsWith(`${prefix}/`)),
      );
      this.reachByPath.set(prefix, reached);
    }
    return reached;
  }
}

export function targetLabel(target: TargetRef | { kind: 'policy'; name: string }): string {
  switch (target.kind) {
    case 'root':
      return 'root';
    case 'ou':
      return `ou:${target.path}`;
    case 'account':
      return `account:${target.name}`;
    case 'policy':
      return `policy:${target.name}`;
  }
}
