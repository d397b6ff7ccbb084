/**
 * `orgward import`: a snapshot → org.yaml and policies/*.json, laid out the way a person would write
 * them (stable order, policy documents in files, comments where a choice was made), such that
 * `orgward plan` on the result right after import reports no changes. Pure: answers the files' text.
 */
import type { DesiredBaseline } from '../model/baseline.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { emitBaseline } from './emit-baseline.js';
import {
  accountsByParent,
  emitAccounts,
  emitContext,
  emitIdentityCenter,
  emitOrganization,
  emitOus,
  emitPolicies,
  noteGaps,
  renderOrgYaml,
} from './emit-sections.js';

export interface ImportedFiles {
  /** Path (relative to the output folder) → content. `org.yaml` first. */
  files: Map<string, string>;
  /** Choices made that the user should know about. */
  notes: string[];
}

/**
 * `baseline`: the organization's baseline as read by `importBaseline` (read/baseline), written as
 * `baseline:`; the notes that came with it are passed on.
 */
export function snapshotToConfig(
  snapshot: OrgSnapshot,
  baseline?: { baseline: DesiredBaseline | undefined; notes: string[] },
): ImportedFiles {
  const ctx = emitContext(snapshot);
  const placed = accountsByParent(ctx);
  const organization = emitOrganization(ctx);
  const accounts = emitAccounts(ctx);
  const policies = emitPolicies(ctx);
  const identityCenter = emitIdentityCenter(ctx);

  const body: Record<string, unknown> = { organization };
  const ous = emitOus(ctx, placed, snapshot.root.id);
  if (ous) body.ous = ous;
  body.accounts = accounts;
  if (Object.keys(policies).length) body.policies = policies;
  if (identityCenter) body.identityCenter = identityCenter;
  if (baseline?.baseline) {
    const byName = new Map(snapshot.accounts.map((a) => [a.name, ctx.names.get(a.id) ?? a.name]));
    body.baseline = emitBaseline(baseline.baseline, (n) => byName.get(n) ?? n, ctx.files);
  }
  ctx.notes.push(...(baseline?.notes ?? []).map((n) => `baseline: ${n}`));
  body.prune = [];

  const orgYaml = renderOrgYaml(ctx, body, (placed.get(snapshot.root.id) ?? []).sort());
  noteGaps(ctx);
  return {
    files: new Map([['org.yaml', orgYaml], ...[...ctx.files].sort(([a], [b]) => a.localeCompare(b))]),
    notes: ctx.notes,
  };
}
