/** What an audit reads: which accounts (filters by id, name and OU path) and which of their regions. */
import { PolicyIndex } from '../../model/policies.js';
import type { OrgSnapshot, SnapshotAccount } from '../../model/snapshot.js';

export interface AuditScopeOptions {
  /** Read only these regions (default: every enabled region). */
  regions?: string[] | undefined;
  /** Read only these accounts (ids or names) and those under these OU paths; the management account is always read. */
  accounts?: string[] | undefined;
  ous?: string[] | undefined;
}

/** The regions of `regions` in scope, in their order: all of them without a region filter. */
export function regionsInScope(options: AuditScopeOptions, regions: string[]): string[] {
  return options.regions?.length ? regions.filter((r) => options.regions!.includes(r)) : regions;
}

/**
 * The ACTIVE accounts to read, in snapshot order: the management account always; any other when it
 * passes the account filter (id or name) and sits at or under one of the OU paths.
 */
export function accountsInScope(snapshot: OrgSnapshot, options: AuditScopeOptions): SnapshotAccount[] {
  const managementId = snapshot.organization.managementAccountId;
  const ouPaths = new Map(snapshot.ous.map((o) => [o.id, o.path]));
  const wanted = (a: SnapshotAccount) => {
    if (a.id === managementId) return true;
    if (options.accounts?.length && !options.accounts.includes(a.id) && !options.accounts.includes(a.name))
      return false;
    const path = ouPaths.get(a.parentId) ?? '';
    return !options.ous?.length || options.ous.some((ou) => path === ou || path.startsWith(`${ou}/`));
  };
  return snapshot.accounts.filter((a) => a.state === 'ACTIVE' && wanted(a));
}

/**
 * How an account's enabled regions split: those in scope that its SCPs allow are scanned, those in
 * scope that they deny are reported as denied. The management account is never restricted by SCPs.
 */
export function regionFilterFor(
  snapshot: OrgSnapshot,
  options: AuditScopeOptions,
  accountId: string,
  /** Built once for a run over many accounts (else one is built for this call). */
  policies: PolicyIndex = new PolicyIndex(snapshot),
): (enabled: string[]) => { scan: string[]; denied: string[] } {
  const isMember = accountId !== snapshot.organization.managementAccountId;
  const allowed = isMember ? policies.allowedRegions(accountId) : null;
  return (enabled) => {
    const wanted = regionsInScope(options, enabled);
    return {
      scan: wanted.filter((r) => !allowed || allowed.includes(r)),
      denied: allowed ? wanted.filter((r) => !allowed.includes(r)) : [],
    };
  };
}
