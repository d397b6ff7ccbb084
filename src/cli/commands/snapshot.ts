/** `orgward snapshot`: read the live organization into a versioned JSON snapshot. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../../errors/index.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { terminalSink } from '../sink.js';

interface SnapshotOptions {
  out?: string;
  format: string;
  stats?: boolean;
}

export function registerSnapshot(program: Command): void {
  program
    .command('snapshot')
    .description('read the live organization (OUs, accounts, policies, Identity Center) into a JSON snapshot')
    .option('--out <file>', 'write the snapshot to this file instead of standard output')
    .option(
      '--format <format>',
      'json (the snapshot) or summary (counts and the OU tree, for a person)',
      'json',
    )
    .option(
      '--stats',
      'report the AWS API calls the read made, retries, throttling and wall time (on stderr)',
    )
    .addHelpText(
      'after',
      `
Reading changes nothing and needs only read permissions (docs/iam/snapshot-read-only.json).
Parts that cannot be read (access denied, wrong account) are recorded in "gaps", not fatal.
The format is described by docs/snapshot.schema.json.`,
    )
    .action(async (options: SnapshotOptions, command: Command) => {
      if (!['json', 'summary'].includes(options.format)) {
        throw new UsageError(`--format ${options.format} is not one of json, summary`);
      }
      const [api, { ClientFactory }, { renderCallStats }, { renderSnapshotSummary }] = await Promise.all([
        import('../../api/snapshot.js'),
        import('../../aws/clients.js'),
        import('../../render/call-stats.js'),
        import('../../render/snapshot-summary.js'),
      ]);
      const factory = new ClientFactory(awsTargetFrom(command.optsWithGlobals<GlobalOptions>()));
      const started = Date.now();
      const sink = terminalSink({ deferWarnings: true });
      const { snapshot, assignmentStrategy } = await api
        .snapshot(factory, {}, sink)
        .finally(() => sink.done());
      const text =
        options.format === 'json'
          ? `${JSON.stringify(snapshot, null, 2)}\n`
          : `${renderSnapshotSummary(snapshot)}\n`;
      if (options.out) {
        await writeFile(options.out, text);
        console.error(`wrote ${options.out}`);
      } else {
        process.stdout.write(text);
      }
      sink.flushWarnings();
      if (options.stats) {
        console.error(renderCallStats(factory.stats.snapshot(), Date.now() - started));
        if (assignmentStrategy) {
          console.error(
            `  assignments read ${assignmentStrategy.chosen} (${assignmentStrategy.pairs} provisioned pairs vs ${assignmentStrategy.principals} users and groups)`,
          );
        }
      }
    });
}
