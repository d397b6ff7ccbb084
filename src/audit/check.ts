/**
 * A check is metadata plus a pure function that reports, the way ESLint rules are built
 * (docs/architecture.md). The function reads the collected evidence through a {@link CheckContext} and
 * calls `report` once per subject (the organization, an account, an account × region, a resource).
 */
import type { OrgSnapshot, SnapshotAccount } from '../model/snapshot.js';
import type { AccountEvidence, AuditCollection, Got } from '../model/evidence.js';
import type { AuditSettings } from '../model/audit-settings.js';
import type { PolicyIndex } from '../model/policies.js';
import type { CheckMeta, Severity, Status } from './types.js';

export interface Report {
  status: Exclude<Status, 'MUTED'>;
  /** Account id; the management account when omitted (organization-level checks). */
  account?: string;
  /** `global` when omitted. */
  region?: string;
  resource?: string;
  message: string;
  /** Lower than the check's severity for partial results (the catalogue's LOW). */
  severity?: Severity;
}

export interface CheckContext {
  collection: AuditCollection;
  snapshot: OrgSnapshot;
  settings: AuditSettings;
  /** The run's clock (evidence ages are measured against it). */
  now: Date;
  management: SnapshotAccount;
  /** Which policies reach each account, from indexes over the snapshot built once per run. */
  policies: PolicyIndex;
  /** ACTIVE accounts in scope, management account included. */
  accounts: SnapshotAccount[];
  /** ACTIVE member accounts in scope. */
  members: SnapshotAccount[];
  /** Evidence read in the account; undefined when the account was not read. */
  evidence(accountId: string): AccountEvidence | undefined;
  /** Regions audited in the account (empty when they could not be read). */
  regionsOf(accountId: string): string[];
  accountName(accountId: string): string;
  report(report: Report): void;
  /** Reports UNKNOWN for an unread piece of evidence; returns true when it did. */
  unknownIf(got: Got<unknown> | undefined, where: Omit<Report, 'status' | 'message'>, what: string): boolean;
}

export interface Check {
  meta: CheckMeta;
  run(ctx: CheckContext): void;
}

export function defineCheck(meta: CheckMeta, run: (ctx: CheckContext) => void): Check {
  return { meta, run };
}

/** Narrowing helper: the value of a read piece of evidence. */
export function valueOf<T>(got: Got<T> | undefined): T | undefined {
  return got?.ok ? got.value : undefined;
}
