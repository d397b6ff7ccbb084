/** `orgward audit`: every account and region against the multi-account baseline. */
import type { Command } from 'commander';
import type { AuditScope } from '../../audit/engine.js';
import { SEVERITIES, type Severity } from '../../audit/types.js';
import { OrgwardError, UsageError } from '../../errors/index.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { terminalSink } from '../sink.js';

export const AUDIT_FORMATS = ['table', 'json', 'markdown', 'html', 'sarif'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

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
  suggest?: boolean;
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
    .option(
      '--suggest',
      'instead of the report, print the baseline: fragment of org.yaml that fixes the failing checks it can',
    )
    .addHelpText(
      'after',
      `
Results: PASS, FAIL, WARN, NOT_APPLICABLE, UNKNOWN (could not be read: never FAIL), MUTED (suppressed).
Every check is documented in docs/checks/<ID>.md; the permissions it needs are docs/iam/audit-read-only.json.
Exit codes: 0 nothing at or above --fail-on failed, 1 something did, 2 the audit could not run.`,
    )
    .action((options: AuditOptions, command: Command) =>
      runAuditCommand(options, command.optsWithGlobals<GlobalOptions>()),
    );
}

/** The options checked before anything is read: a bad value is a usage error naming it. */
function checkedOptions(options: AuditOptions): { format: AuditFormat; concurrency: number } {
  const format = options.format as AuditFormat;
  if (!AUDIT_FORMATS.includes(format))
    throw new UsageError(`--format ${options.format} is not one of ${AUDIT_FORMATS.join(', ')}`);
  if (options.failOn !== 'none' && !SEVERITIES.includes(options.failOn as Severity))
    throw new UsageError(`--fail-on ${options.failOn} is not one of ${SEVERITIES.join(', ')}, none`);
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError(`--concurrency ${options.concurrency} is not a whole number from 1 to 64`);
  return { format, concurrency };
}

async function runAuditCommand(options: AuditOptions, global: GlobalOptions): Promise<void> {
  const { format, concurrency } = checkedOptions(options);
  const [api, { ClientFactory }, output, { renderCallStats }] = await Promise.all([
    import('../../api/audit.js'),
    import('../../aws/clients.js'),
    import('./audit-output.js'),
    import('../../render/call-stats.js'),
  ]);
  const sink = terminalSink({ deferWarnings: true });
  const settings = await api.loadAuditSettings(options.settings, sink);
  const scope: AuditScope = {
    ...(list(options.checks) ? { checks: list(options.checks)! } : {}),
    ...(list(options.accounts) ? { accounts: list(options.accounts)! } : {}),
    ...(list(options.ous) ? { ous: list(options.ous)! } : {}),
    ...(list(options.regions) ? { regions: list(options.regions)! } : {}),
  };
  const saved = options.snapshot ? await api.loadAuditInput(options.snapshot) : undefined;
  const factory = saved && 'central' in saved ? undefined : new ClientFactory(awsTargetFrom(global));
  const { result, collection } = await api
    .audit(
      { settings, scope, concurrency, ...(saved ? { saved } : {}), ...(factory ? { factory } : {}) },
      sink,
    )
    .finally(() => sink.done());
  if (options.saveCollection) {
    await output.writeChunks(output.compactJson(collection), options.saveCollection);
    console.error(`wrote ${options.saveCollection}`);
  }
  const color = Boolean(process.stdout.isTTY) && !options.out;
  const chunks: Iterable<string>[] = [
    options.suggest
      ? [
          (await import('../../render/suggest.js')).renderSuggestion(
            api.suggestBaseline(result, collection, settings),
          ),
        ]
      : output.renderAuditAs(result, format, { color }),
  ];
  if (options.compare && !options.suggest) {
    const earlier = await api.loadAuditReport(options.compare);
    const comparison = output.renderComparison(earlier, result, format, { color });
    if ('inReport' in comparison) chunks.push([comparison.inReport]);
    else process.stderr.write(comparison.onTerminal);
  }
  await output.writeChunks(
    (function* () {
      for (const part of chunks) yield* part;
    })(),
    options.out,
  );
  if (options.out) console.error(`wrote ${options.out}`);
  sink.flushWarnings();
  if (options.stats && factory)
    console.error(renderCallStats(factory.stats.snapshot(), collection.cost?.wallMs ?? 0));
  const failing = api.failingAtOrAbove(result, options.failOn as Severity | 'none');
  if (failing > 0)
    throw new OrgwardError('NOT_CLEAN', `${failing} findings at or above ${options.failOn} failed`, {
      source: 'user',
      hint: 'each finding names its fix; docs/checks/<ID>.md explains the check',
    });
}
