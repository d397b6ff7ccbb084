/**
 * `orgward access grant` and `orgward access diff`: the one extra permission written into org.yaml (never
 * into AWS: it goes through review and apply like every other change), and, for any change of the file,
 * who gains and who loses which effective actions.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { checkActionPattern, checkResource } from '../access/actions.js';
import { accessDiff, type ActionChange } from '../access/diff.js';
import { AccessIndex } from '../access/effective.js';
import { grantFragment, type GrantRequest } from '../access/grant.js';
import { mergeIdentityCenterFragment } from '../config/merge-fragment.js';
import { UsageError } from '../errors/index.js';
import type { Desired } from '../model/desired.js';
import { accessModelFromDesired } from '../plan/access-model.js';
import type { Plan } from '../plan/plan.js';
import { readDefaultVersion } from '../read/account-policies.js';
import {
  accessModelOf,
  loadActionCatalogue,
  modelOf,
  rcpServices,
  type AccessModelFile,
  type AccessSourceOptions,
} from './access.js';
import { loadDesired } from './config.js';
import type { EventSink } from './events.js';
import { plan } from './plan.js';

export interface AccessDiffOptions extends AccessSourceOptions {
  /** org.yaml as it will be. */
  config: string;
  /** org.yaml as it was (the base branch's copy); default: the organization as it is. */
  base?: string;
  now?: Date;
}

export interface AccessDiffResult {
  changes: ActionChange[];
  /** What "before" is: `the organization as read at …` or the base file. */
  before: string;
  after: string;
}

/** AWS-managed documents the file names that the model does not hold yet (read live where possible). */
async function completeDocuments(file: AccessModelFile, options: AccessSourceOptions, desired: Desired[]) {
  const missing = new Set<string>();
  for (const d of desired)
    for (const ps of d.identityCenter?.permissionSets ?? []) {
      for (const arn of ps.managedPolicies) if (!(arn in file.documents.awsManaged)) missing.add(arn);
      const b = ps.permissionsBoundary?.managedPolicyArn;
      if (b && !(b in file.documents.awsManaged)) missing.add(b);
    }
  if (!options.factory || missing.size === 0) return;
  const iam = options.factory.iam();
  for (const arn of missing) {
    const found = await readDefaultVersion(iam, arn);
    if (found) file.documents.awsManaged[arn] = found.document;
  }
}

async function diffOf(file: AccessModelFile, before: Desired | undefined, after: Desired, now: Date) {
  const catalogue = await loadActionCatalogue('all');
  const beforeModel = before
    ? accessModelFromDesired(file.snapshot, before, file.documents, now, file.iam)
    : modelOf(file);
  const afterModel = accessModelFromDesired(file.snapshot, after, file.documents, now, file.iam);
  const rcps = await rcpServices();
  return accessDiff(new AccessIndex(beforeModel, rcps), new AccessIndex(afterModel, rcps), catalogue);
}

/** Who gains and who loses which actions when the file is applied (or relative to `base`). */
export async function accessDiffOf(options: AccessDiffOptions, sink?: EventSink): Promise<AccessDiffResult> {
  const now = options.now ?? new Date();
  const after = loadDesired(options.config, {}, sink, 'nothing was compared');
  const before = options.base ? loadDesired(options.base, {}, sink, 'nothing was compared') : undefined;
  const file = await accessModelOf(options, sink);
  await completeDocuments(file, options, before ? [before, after] : [after]);
  return {
    changes: await diffOf(file, before, after, now),
    before: options.base ?? `the organization as read at ${file.takenAt}`,
    after: options.config,
  };
}

export interface AccessGrantOptions extends AccessSourceOptions {
  config: string;
  request: GrantRequest;
  /** Write the edited file (default); false: only show what would change. */
  write?: boolean;
  now?: Date;
}

export interface AccessGrantResult {
  permissionSet: string;
  creates: boolean;
  /** The file's new text. */
  text: string;
  written: boolean;
  /** The org plan of the edited file against the organization. */
  plan: Plan;
  changes: ActionChange[];
}

/** Edits org.yaml with the narrowest construct and shows its plan and its effect on access. */
export async function accessGrant(options: AccessGrantOptions, sink?: EventSink): Promise<AccessGrantResult> {
  const now = options.now ?? new Date();
  const { request } = options;
  if (request.actions) {
    const catalogue = await loadActionCatalogue(request.actions.map((a) => a.split(':')[0] ?? ''));
    for (const action of request.actions) checkActionPattern(action, catalogue);
  }
  for (const r of request.resources ?? []) checkResource(r);
  const before = loadDesired(options.config, {}, sink, 'nothing was granted');
  const file = await accessModelOf(options, sink);
  const names = new Set([
    ...before.accounts.map((a) => a.name),
    ...file.snapshot.accounts.map((a) => a.name),
  ]);
  const grant = grantFragment(before, request, names, now);
  const original = await readFile(options.config, 'utf8');
  const merged = mergeIdentityCenterFragment(options.config, original, grant.fragment);
  if (merged.added.length === 0)
    throw new UsageError(
      `${request.user} already has ${grant.permissionSet} in ${request.account} in ${options.config}`,
    );
  const written = options.write !== false;
  if (written) await writeFile(options.config, merged.text);
  const after = written
    ? loadDesired(options.config, {}, sink, 'nothing was planned')
    : await desiredFromText(options.config, merged.text, sink);
  await completeDocuments(file, options, [before, after]);
  const planned = await plan({ config: after, snapshot: file.snapshot, now }, sink);
  return {
    permissionSet: grant.permissionSet,
    creates: grant.creates,
    text: merged.text,
    written,
    plan: planned.plan,
    changes: await diffOf(file, before, after, now),
  };
}

/** The desired state of an edited text not yet written: through a temporary copy beside the file. */
async function desiredFromText(path: string, text: string, sink?: EventSink): Promise<Desired> {
  const temp = `${path}.orgward-grant.tmp`;
  await writeFile(temp, text);
  try {
    return loadDesired(temp, {}, sink, 'nothing was planned');
  } finally {
    await rm(temp, { force: true });
  }
}
