/** `import` through the API: the live organization (baseline included) or a saved snapshot → files. */
import type { ClientFactory } from '../aws/clients.js';
import { UsageError } from '../errors/index.js';
import { snapshotToConfig, type ImportedFiles } from '../config/emit.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import { importBaseline } from '../read/baseline/imported.js';
import type { EventSink } from './events.js';
import { liveState } from './snapshot.js';

export interface ImportOptions {
  /** Read the organization live (its baseline included) ... */
  factory?: ClientFactory;
  /** ... or import a saved snapshot (which holds no baseline). */
  snapshot?: OrgSnapshot;
  /** The role read in member accounts for the baseline; default OrganizationAccountAccessRole. */
  memberRoleName?: string;
}

export interface ImportResult extends ImportedFiles {
  snapshot: OrgSnapshot;
}

/** org.yaml (and its policy files) that describe the organization as it is: plan on it is empty. */
export async function importOrganization(options: ImportOptions, sink?: EventSink): Promise<ImportResult> {
  if (options.snapshot) {
    const files = snapshotToConfig(options.snapshot);
    files.notes.push(
      'baseline: not imported from a snapshot file (import from the live organization to get it)',
    );
    return { ...files, snapshot: options.snapshot };
  }
  if (!options.factory) throw new UsageError('import needs a client factory or a snapshot');
  const live = await liveState(options.factory, sink);
  if (!live.snapshot)
    throw new UsageError('there is no organization to import: these credentials are not in one');
  const baseline = await importBaseline(
    options.factory,
    live.snapshot,
    live.callerAccountId,
    options.memberRoleName,
  );
  return { ...snapshotToConfig(live.snapshot, baseline), snapshot: live.snapshot };
}
