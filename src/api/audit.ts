/**
 * The audit through the API: collect evidence (live through a factory, around a saved snapshot, or a
 * saved collection) and judge it with the check catalogue. Data back; nothing printed.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { runAudit, type AuditScope } from '../audit/engine.js';
import { SEVERITIES, type AuditResult, type Severity } from '../audit/types.js';
import type { ClientFactory } from '../aws/clients.js';
import { loadAuditSettingsText } from '../config/audit-settings.js';
import { OrgwardError, UsageError } from '../errors/index.js';
import { defaultSettings, type AuditSettings } from '../model/audit-settings.js';
import { COLLECTION_VERSION, type AuditCollection } from '../model/evidence.js';
import { snapshotSchema, type OrgSnapshot } from '../model/snapshot.js';
import { collectAudit } from '../read/audit/collect.js';
import { readJsonFile } from './files.js';
import { progressOf, type EventSink } from './events.js';

export interface AuditOptions {
  /** Where the evidence comes from: a factory (read live), and/or a saved collection or snapshot. */
  factory?: ClientFactory;
  /** A saved collection (audited offline) or an organization snapshot (accounts read live around it). */
  saved?: AuditCollection | OrgSnapshot;
  settings?: AuditSettings;
  scope?: AuditScope;
  /** Accounts read at once (default 16). */
  concurrency?: number;
  now?: Date;
}

export interface AuditRun {
  result: AuditResult;
  /** Everything read, to audit again offline later (`--save-collection`). */
  collection: AuditCollection;
}

/** Audits every account and region in scope against the baseline. Reads only. */
export async function audit(options: AuditOptions, sink?: EventSink): Promise<AuditRun> {
  const settings = options.settings ?? defaultSettings();
  const scope = options.scope ?? {};
  const saved = options.saved;
  let collection: AuditCollection;
  if (saved && 'central' in saved) collection = saved;
  else {
    if (!options.factory)
      throw new UsageError('an audit needs a client factory or a saved collection to read from');
    const onProgress = progressOf(sink);
    collection = await collectAudit(options.factory, {
      settings,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(saved ? { snapshot: saved } : {}),
      ...(scope.regions ? { regions: scope.regions } : {}),
      ...(scope.accounts ? { accounts: scope.accounts } : {}),
      ...(scope.ous ? { ous: scope.ous } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  }
  const result = runAudit(collection, settings, options.now ?? new Date(), scope);
  for (const expired of result.expiredSuppressions)
    sink?.emit?.({
      type: 'warning',
      message: `the suppression of ${expired.check} ("${expired.reason}") expired on ${expired.expires} and no longer applies`,
    });
  return { result, collection };
}

/** Failed findings at or above `failOn` (a severity, or `none` for never). */
export function failingAtOrAbove(result: AuditResult, failOn: Severity | 'none'): number {
  if (failOn === 'none') return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  return result.findings.filter((f) => f.status === 'FAIL' && SEVERITIES.indexOf(f.severity) <= threshold)
    .length;
}

/**
 * Audit settings from `file`, or `./audit.yaml` when present, else the defaults. Problems go to the
 * sink with file:line:col, then a `CONFIG_INVALID` error.
 */
export async function loadAuditSettings(file: string | undefined, sink?: EventSink): Promise<AuditSettings> {
  const path = file ?? (existsSync('audit.yaml') ? 'audit.yaml' : undefined);
  if (!path) return defaultSettings();
  if (!existsSync(path)) throw new UsageError(`--settings ${path}: no such file`);
  const loaded = loadAuditSettingsText(path, await readFile(path, 'utf8'));
  if (!loaded.settings) {
    for (const issue of loaded.issues) sink?.emit?.({ type: 'issue', issue });
    throw new OrgwardError('CONFIG_INVALID', `${path} has ${loaded.issues.length} problems`, {
      source: 'user',
      hint: 'fix the lines above; docs/audit.md describes audit.yaml',
    });
  }
  return loaded.settings;
}

/** A saved collection, or an organization snapshot to read the accounts around. */
export async function loadAuditInput(path: string): Promise<AuditCollection | OrgSnapshot> {
  const raw = await readJsonFile(
    path,
    '--snapshot',
    'pass a file written by `orgward audit --save-collection FILE` or `orgward snapshot --out FILE`',
  );
  if (raw && typeof raw === 'object' && 'central' in raw) {
    const c = raw as AuditCollection;
    const snapshot = snapshotSchema.safeParse(c.snapshot);
    if (c.version !== COLLECTION_VERSION || !snapshot.success || typeof c.accounts !== 'object')
      throw new UsageError(
        `--snapshot ${path} is not an orgward audit collection (version ${COLLECTION_VERSION})`,
      );
    return c;
  }
  const snapshot = snapshotSchema.safeParse(raw);
  if (!snapshot.success)
    throw new UsageError(`--snapshot ${path} is neither an audit collection nor an organization snapshot`);
  return snapshot.data;
}

/** An earlier `--format json` report, to compare with. */
export async function loadAuditReport(path: string): Promise<AuditResult> {
  const raw = await readJsonFile(path, '--compare', 'pass a report written by `orgward audit --format json`');
  if (
    !raw ||
    typeof raw !== 'object' ||
    (raw as AuditResult).version !== 1 ||
    !Array.isArray((raw as AuditResult).findings)
  )
    throw new UsageError(`--compare ${path} is not an orgward audit report (--format json, version 1)`);
  return raw as AuditResult;
}

export { suggestBaseline, type BaselineSuggestion } from '../audit/baseline-fixes.js';
