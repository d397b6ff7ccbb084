/** `orgward apply`: make the organization match org.yaml (or run a saved plan), after confirmation. */
import type { Command } from 'commander';
import { OrgwardError } from '../../errors/index.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { terminalSink } from '../sink.js';

interface ApplyOptions {
  config: string;
  root?: string;
  yes?: boolean;
}

export function registerApply(program: Command): void {
  program
    .command('apply')
    .description('make the organization match org.yaml, or run a plan saved with `plan --out`')
    .option('-c, --config <file>', 'org.yaml, or a saved plan (.json)', 'org.yaml')
    .option(
      '--root <dir>',
      'folder every file the config names must be in (default: the git work tree holding the config, else its folder)',
    )
    .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
    .action(async (options: ApplyOptions, command: Command) => {
      const [{ apply }, { ClientFactory }, { renderPlanText }] = await Promise.all([
        import('../../api/apply.js'),
        import('../../aws/clients.js'),
        import('../../render/plan.js'),
      ]);
      const factory = new ClientFactory(awsTargetFrom(command.optsWithGlobals<GlobalOptions>()));
      const sink = terminalSink();
      let started = Date.now();
      const run = await apply(
        {
          config: options.config,
          root: options.root,
          factory,
          confirmed: Boolean(options.yes),
          planned: (plan) => {
            sink.done();
            started = Date.now();
            console.log(renderPlanText(plan));
            if (plan.operations.length > 0 && options.yes) console.log('');
          },
        },
        {
          ...sink,
          ...(sink.confirm
            ? {
                confirm: async (request) => {
                  const yes = await sink.confirm!(request);
                  console.log(yes ? '' : 'Nothing applied.');
                  started = Date.now();
                  return yes;
                },
              }
            : {}),
        },
      ).finally(() => sink.done());
      if (!run.agreed || run.plan.operations.length === 0) return;
      console.log(
        `\n${run.done} done, ${run.failed} failed, ${run.skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s (${run.calls} AWS API calls, ${run.retried} retried).`,
      );
      if (run.failed > 0) {
        throw new OrgwardError('NOT_CLEAN', `${run.failed} operation${run.failed === 1 ? '' : 's'} failed`, {
          source: 'aws',
          hint: 'fix the cause named above and run apply again; finished work is not repeated',
        });
      }
    });
}
