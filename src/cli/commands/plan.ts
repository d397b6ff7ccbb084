/** `orgward plan`: what applying org.yaml would change, for a person, a pull request, or a machine. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { OrgwardError, UsageError } from '../../errors/index.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { terminalSink } from '../sink.js';

interface PlanOptions {
  config: string;
  root?: string;
  format: string;
  out?: string;
  exitCode?: boolean;
  snapshot?: string;
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('show what applying org.yaml would change (reads the live organization; changes nothing)')
    .option('-c, --config <file>', 'the organization file', 'org.yaml')
    .option(
      '--root <dir>',
      'folder every file the config names must be in (default: the git work tree holding the config, else its folder)',
    )
    .option('--format <format>', 'text, markdown (for a pull-request comment) or json', 'text')
    .option('--out <file>', 'also save the plan as JSON, for `orgward apply plan.json`')
    .option('--snapshot <file>', 'plan against a saved snapshot instead of reading AWS')
    .option('--exit-code', 'exit 1 when the plan has changes, 0 when it has none')
    .action(async (options: PlanOptions, command: Command) => {
      if (!['text', 'markdown', 'json'].includes(options.format)) {
        throw new UsageError(`--format ${options.format} is not one of text, markdown, json`);
      }
      const [{ plan }, { loadSnapshotFile }, { ClientFactory }, render] = await Promise.all([
        import('../../api/plan.js'),
        import('../../api/snapshot.js'),
        import('../../aws/clients.js'),
        import('../../render/plan.js'),
      ]);
      const sink = terminalSink();
      const source = options.snapshot
        ? { snapshot: await loadSnapshotFile(options.snapshot) }
        : { factory: new ClientFactory(awsTargetFrom(command.optsWithGlobals<GlobalOptions>())) };
      const result = await plan({ config: options.config, root: options.root, ...source }, sink).finally(() =>
        sink.done(),
      );
      const json = `${JSON.stringify(result.plan, null, 2)}\n`;
      if (options.out) await writeFile(options.out, json);
      process.stdout.write(
        options.format === 'json'
          ? json
          : `${options.format === 'markdown' ? render.renderPlanMarkdown(result.plan) : render.renderPlanText(result.plan)}\n`,
      );
      const total = result.plan.summary.total;
      if (options.exitCode && total > 0) {
        throw new OrgwardError('NOT_CLEAN', `${total} change${total === 1 ? '' : 's'} pending`, {
          source: 'user',
        });
      }
    });
}
