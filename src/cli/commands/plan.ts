/** `orgward plan`: what applying org.yaml would change, for a person, a pull request, or a machine. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfigFile } from '../../config/load.js';
import { formatIssue } from '../../config/issues.js';
import { normalize } from '../../config/normalize.js';
import { OrgwardError, UsageError } from '../../errors/index.js';
import { accountPolicyReads } from '../../plan/account-policies.js';
import { makePlan } from '../../plan/plan.js';
import { readAccountPolicies } from '../../read/account-policies.js';
import { renderPlanMarkdown, renderPlanText } from '../../render/plan.js';
import type { GlobalOptions } from '../context.js';
import { liveSnapshot, loadSnapshotFile } from '../snapshot-source.js';

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
      const loaded = loadConfigFile(options.config, { root: options.root });
      for (const issue of loaded.issues) console.error(formatIssue(issue));
      if (!loaded.config) {
        throw new OrgwardError('CONFIG_INVALID', `${options.config} has errors; nothing was planned`, {
          source: 'user',
          hint: 'run `orgward validate` and fix what it lists',
        });
      }
      const desired = normalize(loaded.config, loaded.readRelative);
      const now = new Date();
      const state = options.snapshot
        ? {
            snapshot: await loadSnapshotFile(options.snapshot),
            callerAccountId: undefined,
            factory: undefined,
          }
        : await liveSnapshot(command.optsWithGlobals<GlobalOptions>());
      const plan = makePlan(desired, state.snapshot, now, {
        ...(state.callerAccountId ? { callerAccountId: state.callerAccountId } : {}),
        ...(state.factory
          ? {
              accountPolicies: await readAccountPolicies(
                state.factory,
                accountPolicyReads(state.snapshot, desired, now),
              ),
            }
          : {}),
      });
      const json = `${JSON.stringify(plan, null, 2)}\n`;
      if (options.out) await writeFile(options.out, json);
      process.stdout.write(
        options.format === 'json'
          ? json
          : `${options.format === 'markdown' ? renderPlanMarkdown(plan) : renderPlanText(plan)}\n`,
      );
      if (options.exitCode && plan.summary.total > 0) {
        throw new OrgwardError(
          'NOT_CLEAN',
          `${plan.summary.total} change${plan.summary.total === 1 ? '' : 's'} pending`,
          { source: 'user' },
        );
      }
    });
}
