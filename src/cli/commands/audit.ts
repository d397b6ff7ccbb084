/** `orgward audit`: every account and region against the multi-account baseline. */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { runAudit, type AuditScope } from '../../audit/engine.js';
import { COLLECTION_VERSION, type AuditCollection } from '../../model/evidence.js';
import { defaultSettings, type AuditSettings } from '../../model/audit-settings.js';
import { SEVERITIES, type AuditResult, type Severity } from '../../audit/types.js';
import { ClientFactory } from '../../aws/clients.js';
import { loadAuditSettingsText } from '../../config/audit-settings.js';
import { formatIssue } from '../../config/issues.js';
import { OrgwardError, UsageError } from '../../errors/index.js';
import { snapshotSchema, type OrgSnapshot } from '../../model/snapshot.js';
import { collectAudit } from '../../read/audit/collect.js';
import { renderCallStats } from '../../render/call-stats.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { progressReporter } from '../progress.js';
import { AUDIT_FORMATS, renderAuditAs, renderComparison, type AuditFormat } from './audit-output.js';

interface AuditOptions {
  format: string;
  out?: string;
  failOn: string;
  accounts?: string;
  ous?: string;
  regions?: string;
  checks?: string;
  settings?: string;
  snapshot?: string;
  saveCollection?: string;
  compare?: string;
  stats?: boolean;
  concurrency: string;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('audit every account and region against the multi-account security baseline (59 checks)')
    .option('--format <format>', `output: ${AUDIT_FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option(
      '--fail-on <severity>',
      `exit 1 when a finding at or above this severity fails: ${SEVERITIES.join(', ')}, none`,
      'high',
    )
    .option('--accounts <list>', 'only these accounts (ids or names, comma-separated)')
    .option('--ous <list>', 'only accounts under these OU paths (Workloads/Prod), nested OUs included')
    .option('--regions <list>', 'only these regions (default: every enabled region of each account)')
    .option('--checks <list>', 'only these checks or families (ROOT, GD-03, ...)')
    .option('--settings <file>', 'audit settings and suppressions (default: ./audit.yaml when present)')
    .option(
      '--snapshot <file>',
      'audit offline from a collection saved with --save-collection (or read accounts live around a saved organization snapshot)',
    )
    .option('--save-collection <file>', 'also write everything read, to audit again offline later')
    .option('--compare <file>', 'compare with an earlier `--format json` report: what got better or worse')
    .option(
      '--stats',
      'report the AWS API calls the read made, retries, throttling and wall time (on stderr)',
    )
    .option('--concurrency <n>', 'accounts read at once', '16')
    .addHelpText(
      'after',
      `
Results: PASS, FAIL, WARN, NOT_APPLICABLE, UNKNOWN (could not be read: never FAIL), MUTED (suppressed).
Every check is documented in docs/checks/<ID>.md; the permissions it needs are docs/iam/audit-read-only.json.
Exit codes: 0 nothing at or above --fail-on failed, 1 something did, 2 the audit could not run.`,
    )
    .action(async (options: AuditOptions, command: Command) => {
      const format = options.format as AuditFormat;
      if (!AUDIT_FORMATS.includes(format))
        throw new UsageError(`--format ${options.format} is not one of ${AUDIT_FORMATS.join(', ')}`);
      if (options.failOn !== 'none' && !SEVERITIES.includes(options.failOn as Severity))
        throw new UsageError(`--fail-on ${options.failOn} is not one of ${SEVERITIES.join(', ')}, none`);
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
        throw new UsageError(`--concurrency ${options.concurrency} is not a whole number from 1 to 64`);
      const settings = await loadSettings(options.settings);
      const scope: AuditScope = {
        ...(list(options.checks) ? { checks: list(options.checks)! } : {}),
        ...(list(options.accounts) ? { accounts: list(options.accounts)! } : {}),
        ...(list(options.ous) ? { ous: list(options.ous)! } : {}),
        ...(list(options.regions) ? { regions: list(options.regions)! } : {}),
      };
      const global = command.optsWithGlobals<GlobalOptions>();
      const saved = options.snapshot ? await loadSaved(options.snapshot) : undefined;
      let collection: AuditCollection;
      let factory: ClientFactory | undefined;
      if (saved && 'central' in saved) {
        collection = saved;
      } else {
        factory = new ClientFactory(awsTargetFrom(global));
        const progress = progressReporter();
        try {
          collection = await collectAudit(factory, {
            settings,
            concurrency,
            ...(saved ? { snapshot: saved } : {}),
            ...(scope.regions ? { regions: scope.regions } : {}),
            ...(scope.accounts ? { accounts: scope.accounts } : {}),
            ...(scope.ous ? { ous: scope.ous } : {}),
            onProgress: progress.onProgress,
          });
        } finally {
          progress.done();
        }
      }
      if (options.saveCollection) {
        await writeFile(options.saveCollection, `${JSON.stringify(collection)}\n`);
        console.error(`wrote ${options.saveCollection}`);
      }
      const result = runAudit(collection, settings, new Date(), scope);
      const color = Boolean(process.stdout.isTTY) && !options.out;
      let text = renderAuditAs(result, format, { color });
      if (options.compare) {
        const comparison = renderComparison(await loadResult(options.compare), result, format, { color });
        if ('inReport' in comparison) text += comparison.inReport;
        else process.stderr.write(comparison.onTerminal);
      }
      if (options.out) {
        await writeFile(options.out, text);
        console.error(`wrote ${options.out}`);
      } else process.stdout.write(text);
      for (const expired of result.expiredSuppressions)
        console.error(
          `note: the suppression of ${expired.check} ("${expired.reason}") expired on ${expired.expires} and no longer applies`,
        );
      if (options.stats && factory)
        console.error(renderCallStats(factory.stats.snapshot(), collection.cost?.wallMs ?? 0));
      const failing = failingAtOrAbove(result, options.failOn);
      if (failing > 0)
        throw new OrgwardError('NOT_CLEAN', `${failing} findings at or above ${options.failOn} failed`, {
          source: 'user',
          hint: 'each finding names its fix; docs/checks/<ID>.md explains the check',
        });
    });
}

function failingAtOrAbove(result: AuditResult, failOn: string): number {
  if (failOn === 'none') return 0;
  const threshold = SEVERITIES.indexOf(failOn as Severity);
  return result.findings.filter((f) => f.status === 'FAIL' && SEVERITIES.indexOf(f.severity) <= threshold)
    .length;
}

async function loadSettings(file: string | undefined): Promise<AuditSettings> {
  const path = file ?? (existsSync('audit.yaml') ? 'audit.yaml' : undefined);
  if (!path) return defaultSettings();
  if (!existsSync(path)) throw new UsageError(`--settings ${path}: no such file`);
  const loaded = loadAuditSettingsText(path, await readFile(path, 'utf8'));
  if (!loaded.settings) {
    for (const issue of loaded.issues) console.error(formatIssue(issue));
    throw new OrgwardError('CONFIG_INVALID', `${path} has ${loaded.issues.length} problems`, {
      source: 'user',
      hint: 'fix the lines above; docs/audit.md describes audit.yaml',
    });
  }
  return loaded.settings;
}

async function loadJson(path: string, flag: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${flag} ${path}: ${(error as Error).message}`, what);
  }
}

/** A saved collection, or an organization snapshot to read the accounts around. */
async function loadSaved(path: string): Promise<AuditCollection | OrgSnapshot> {
  const raw = await loadJson(
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

async function loadResult(path: string): Promise<AuditResult> {
  const raw = await loadJson(path, '--compare', 'pass a report written by `orgward audit --format json`');
  if (
    !raw ||
    typeof raw !== 'object' ||
    (raw as AuditResult).version !== 1 ||
    !Array.isArray((raw as AuditResult).findings)
  )
    throw new UsageError(`--compare ${path} is not an orgward audit report (--format json, version 1)`);
  return raw as AuditResult;
}
