/** `orgward apply`: make the organization match org.yaml (or run a saved plan), after confirmation. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { applyOperations, type OperationOutcome } from '../../apply/executor.js';
import { loadConfigFile } from '../../config/load.js';
import { formatIssue } from '../../config/issues.js';
import { normalize } from '../../config/normalize.js';
import { OrgwardError, UsageError } from '../../errors/index.js';
import { isDestructive } from '../../plan/operations.js';
import { accountPolicyReads } from '../../plan/account-policies.js';
import { makePlan, stateFingerprint, type Plan } from '../../plan/plan.js';
import { readAccountPolicies } from '../../read/account-policies.js';
import { renderPlanText } from '../../render/plan.js';
import { canAsk, confirm } from '../confirm.js';
import type { GlobalOptions } from '../context.js';
import { liveSnapshot } from '../snapshot-source.js';

interface ApplyOptions {
  config: string;
  root?: string;
  yes?: boolean;
}

function describeFailure(error: unknown): string {
  if (error instanceof OrgwardError) return `${error.message}${error.hint ? ` (${error.hint})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

function report(outcome: OperationOutcome): void {
  switch (outcome.status) {
    case 'done':
      console.log(`  ✓ ${outcome.op.summary} (${outcome.ms} ms)${outcome.note ? `: ${outcome.note}` : ''}`);
      break;
    case 'failed':
      console.log(`  ✗ ${outcome.op.summary}: ${describeFailure(outcome.error)}`);
      break;
    case 'skipped':
      console.log(`  - skipped ${outcome.op.summary}: ${outcome.reason}`);
      break;
  }
}

/** A plan saved with `plan --out`, or a usage error that names the file and says what is wrong with it. */
async function readSavedPlan(path: string): Promise<Plan> {
  const hint = 'pass a plan saved with `orgward plan --out plan.json`';
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder, not a saved plan'
          : code
            ? `cannot be read (${code})`
            : 'is not an orgward plan: not valid JSON';
    throw new UsageError(`${path}: ${why}`, hint);
  }
  const candidate = parsed as Partial<Plan> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.version !== 1 ||
    !Array.isArray(candidate.operations)
  )
    throw new UsageError(`${path} is not an orgward plan (version 1 with a list of operations)`, hint);
  return candidate as Plan;
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
      const global = command.optsWithGlobals<GlobalOptions>();
      // A saved plan is read before AWS is: a bad file fails without a call.
      const saved = options.config.endsWith('.json') ? await readSavedPlan(options.config) : undefined;
      const { snapshot, factory, callerAccountId } = await liveSnapshot(global);
      let plan: Plan;
      if (saved) {
        plan = saved;
        if (plan.fingerprint !== stateFingerprint(snapshot)) {
          throw new OrgwardError(
            'PLAN_STALE',
            `${options.config} was made from a different state of the organization than it has now`,
            {
              source: 'user',
              hint: 'make a new plan (orgward plan --out plan.json) and review it again',
            },
          );
        }
      } else {
        const loaded = loadConfigFile(options.config, { root: options.root });
        for (const issue of loaded.issues) console.error(formatIssue(issue));
        if (!loaded.config)
          throw new OrgwardError('CONFIG_INVALID', `${options.config} has errors; nothing was applied`, {
            source: 'user',
            hint: 'run `orgward validate`',
          });
        const desired = normalize(loaded.config, loaded.readRelative);
        const now = new Date();
        plan = makePlan(desired, snapshot, now, {
          callerAccountId,
          accountPolicies: await readAccountPolicies(factory, accountPolicyReads(snapshot, desired, now)),
        });
      }
      console.log(renderPlanText(plan));
      if (plan.operations.length === 0) return;
      const destructive = plan.operations.filter(isDestructive).length;
      if (!options.yes) {
        if (!canAsk()) {
          throw new UsageError(
            'not on a terminal: refusing to apply without --yes',
            'review the plan above, then run again with --yes',
          );
        }
        const question = `Apply ${plan.operations.length} change${plan.operations.length === 1 ? '' : 's'}${destructive ? `, ${destructive} of them destructive` : ''}?`;
        if (!(await confirm(question))) {
          console.log('Nothing applied.');
          return;
        }
      }
      console.log('');
      const started = Date.now();
      const result = await applyOperations(plan.operations, {
        factory,
        ...(snapshot ? { rootId: snapshot.root.id } : {}),
        events: { finished: report },
      });
      const stats = factory.stats.snapshot();
      console.log(
        `\n${result.done} done, ${result.failed} failed, ${result.skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s (${stats.calls} AWS API calls, ${stats.retried} retried).`,
      );
      if (result.failed > 0) {
        throw new OrgwardError(
          'NOT_CLEAN',
          `${result.failed} operation${result.failed === 1 ? '' : 's'} failed`,
          {
            source: 'aws',
            hint: 'fix the cause named above and run apply again; finished work is not repeated',
          },
        );
      }
    });
}
