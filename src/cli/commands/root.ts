/** `orgward root`: centralized root access, from inventory to deleted member root credentials. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Command } from 'commander';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { ClientFactory } from '../../aws/clients.js';
import { AwsCallError, OrgwardError, UsageError } from '../../errors/index.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import {
  renderDeletionPlan,
  renderDeletionResult,
  renderDeletionSummary,
  renderEnablePlan,
  renderRootStatus,
  renderTaskPlan,
  stepText,
} from '../../render/root.js';
import { deleteRootCredentials } from '../../root/delete.js';
import { describeEnableStep, planEnable, runEnable } from '../../root/enable.js';
import { appendJournal, DEFAULT_JOURNAL, type JournalEntry } from '../../root/journal.js';
import { planDeletion } from '../../root/plan.js';
import { readRootStatus } from '../../root/read.js';
import { featuresOf, findMember, selectMembers } from '../../root/targets.js';
import {
  preparePasswordRecovery,
  prepareUnlockBucket,
  prepareUnlockQueue,
  runPasswordRecovery,
  runUnlockBucket,
  runUnlockQueue,
  type TaskPlan,
} from '../../root/tasks.js';
import { canAsk, confirm } from '../confirm.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { parseIntegerOption } from '../options.js';
import { liveSnapshot } from '../snapshot-source.js';

interface Live {
  snapshot: OrgSnapshot;
  factory: ClientFactory;
  callerAccountId: string;
}

async function live(command: Command): Promise<Live> {
  const global = command.optsWithGlobals<GlobalOptions>();
  let state: Awaited<ReturnType<typeof liveSnapshot>>;
  try {
    state = await liveSnapshot(global);
  } catch (error) {
    if (!(error instanceof AwsCallError && /AccessDenied/.test(error.awsCode))) throw error;
    // A member account may describe its organization but not read it: say who may run root commands.
    const factory = new ClientFactory(awsTargetFrom(global));
    const org = await factory
      .organizations()
      .send(new DescribeOrganizationCommand({}))
      .catch(() => undefined);
    const caller = await factory
      .sts()
      .send(new GetCallerIdentityCommand({}))
      .catch(() => undefined);
    const management = org?.Organization?.MasterAccountId;
    if (!management || !caller?.Account || caller.Account === management) throw error;
    throw new UsageError(
      `account ${caller.Account} is not the management account (${management}) and may not read the organization`,
      'run orgward root with credentials of the management account (or of the IAM delegated administrator, where it may read the organization)',
    );
  }
  if (!state.snapshot)
    throw new UsageError(
      `account ${state.callerAccountId} is in no organization`,
      'centralized root access is for the members of an organization: run from its management account',
    );
  return { snapshot: state.snapshot, factory: state.factory, callerAccountId: state.callerAccountId };
}

async function whoAmI(factory: ClientFactory): Promise<string> {
  return (await factory.sts().send(new GetCallerIdentityCommand({}))).Arn ?? 'unknown';
}

/** Asks, unless --yes; refuses without a terminal. Returns whether to go ahead. */
async function agreed(yes: boolean | undefined, question: string): Promise<boolean> {
  if (yes) return true;
  if (!canAsk())
    throw new UsageError(
      'not on a terminal: refusing without --yes',
      'review what is shown above, then run again with --yes',
    );
  const ok = await confirm(question);
  if (!ok) console.log('Nothing done.');
  return ok;
}

function refuse(blockers: readonly { message: string }[], what: string): never {
  throw new OrgwardError(
    'ROOT_REFUSED',
    `${what}: ${blockers.length} problem${blockers.length === 1 ? '' : 's'} shown above`,
    {
      source: 'user',
      hint: 'fix them (or leave those accounts out) and run again; nothing was changed',
    },
  );
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerRoot(program: Command): void {
  const root = program
    .command('root')
    .description(
      'centralized root access: member root credentials, the features, and the privileged root tasks',
    )
    .addHelpText(
      'after',
      `
From "every member account has a root password" to "no member account has root credentials":
  orgward root status                                   what each member's root user has
  orgward root enable --yes                             trusted access for IAM and both features
  orgward root delete-credentials --all --dry-run       see exactly what will be deleted, and what to do first
  orgward root delete-credentials --all                 delete it (asks; --yes without a terminal)
Every root action is appended to a journal (JSON lines, --journal FILE, default ${DEFAULT_JOURNAL}).
See docs/root.md.`,
    );

  root
    .command('status')
    .description("whether centralized root access is on, and every member account's root credentials")
    .option('--format <format>', 'table or json', 'table')
    .option(
      '--deep',
      'read through sts:AssumeRoot audit sessions: every key with its last use (shows in CloudTrail as root)',
    )
    .option(
      '--role-name <name>',
      'the role the summary read assumes in each member',
      'OrganizationAccountAccessRole',
    )
    .option('--concurrency <n>', 'accounts read at once', parseIntegerOption('--concurrency', 1, 32), 8)
    .action(
      async (
        options: { format: string; deep?: boolean; roleName: string; concurrency: number },
        command: Command,
      ) => {
        if (options.format !== 'table' && options.format !== 'json')
          throw new UsageError(`--format ${options.format} is not one of table, json`);
        const { snapshot, factory } = await live(command);
        const status = await readRootStatus(factory, snapshot, {
          deep: Boolean(options.deep),
          roleName: options.roleName,
          concurrency: options.concurrency,
        });
        process.stdout.write(
          options.format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : renderRootStatus(status),
        );
      },
    );

  root
    .command('enable')
    .description(
      'enable trusted access for IAM, root credentials management and root sessions (skips what is on)',
    )
    .option('--delegate <account>', 'also register this account (id or name) as IAM delegated administrator')
    .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--journal <file>', 'append what was done to this JSON-lines file', DEFAULT_JOURNAL)
    .action(async (options: { delegate?: string; yes?: boolean; journal: string }, command: Command) => {
      const { snapshot, factory, callerAccountId } = await live(command);
      const plan = planEnable({
        snapshot,
        features: featuresOf(snapshot),
        callerAccountId,
        ...(options.delegate ? { delegate: findMember(snapshot, options.delegate) } : {}),
      });
      console.log(renderEnablePlan(plan).trimEnd());
      if (plan.blockers.length) refuse(plan.blockers, 'root enable refused');
      if (!plan.steps.length) return;
      if (!(await agreed(options.yes, `Run ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}?`)))
        return;
      const who = await whoAmI(factory);
      const entries: JournalEntry[] = [];
      try {
        const features = await runEnable(factory, plan.steps, (step) => {
          console.log(`  ✓ ${describeEnableStep(step)}`);
          entries.push({
            at: new Date().toISOString(),
            who,
            account: snapshot.organization.managementAccountId,
            task: `enable:${step.kind}${step.kind === 'enable-feature' ? `:${step.feature}` : ''}`,
            result: 'ok',
          });
        });
        console.log(`IAM reports: ${features.join(', ') || 'no features'} enabled.`);
      } finally {
        await appendJournal(options.journal, entries);
      }
    });

  root
    .command('delete-credentials')
    .description("delete member root users' passwords, access keys, signing certificates and MFA devices")
    .option('--account <account>', 'an account id or name (repeatable)', collect)
    .option('--ou <path>', 'every account under this OU path (nested OUs included)')
    .option('--all', 'every member account')
    .option('--dry-run', 'show the plan and the preflight, delete nothing')
    .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--force', 'delete root access keys even if they were used recently')
    .option(
      '--recent-days <n>',
      'a root key used this many days ago or less blocks the run',
      parseIntegerOption('--recent-days', 0, 3650),
      30,
    )
    .option(
      '--concurrency <n>',
      'accounts at once (AssumeRoot is rate limited)',
      parseIntegerOption('--concurrency', 1, 16),
      4,
    )
    .option('--journal <file>', 'append what was done to this JSON-lines file', DEFAULT_JOURNAL)
    .action(
      async (
        options: {
          account?: string[];
          ou?: string;
          all?: boolean;
          dryRun?: boolean;
          yes?: boolean;
          force?: boolean;
          recentDays: number;
          concurrency: number;
          journal: string;
        },
        command: Command,
      ) => {
        const { snapshot, factory, callerAccountId } = await live(command);
        const targets = selectMembers(snapshot, {
          ...(options.account ? { accounts: options.account } : {}),
          ...(options.ou ? { ou: options.ou } : {}),
          ...(options.all ? { all: true } : {}),
        });
        if (!targets.length) throw new UsageError('the selection names no member accounts');
        const features = featuresOf(snapshot);
        const read = features.credentialsManagement
          ? await readRootStatus(factory, snapshot, {
              deep: true,
              roleName: 'OrganizationAccountAccessRole',
              accounts: targets,
              concurrency: options.concurrency,
            })
          : null;
        const plan = planDeletion({
          snapshot,
          features,
          callerAccountId,
          targets: read?.accounts ?? [],
          now: new Date(),
          recentDays: options.recentDays,
          force: Boolean(options.force),
        });
        console.log(renderDeletionPlan(plan, { dryRun: Boolean(options.dryRun) }).trimEnd());
        if (plan.blockers.length) refuse(plan.blockers, 'root delete-credentials refused');
        if (options.dryRun || !plan.accounts.length) return;
        const steps = plan.accounts.reduce((n, a) => n + a.steps.length, 0);
        if (
          !(await agreed(
            options.yes,
            `Delete root credentials in ${plan.accounts.length} account${plan.accounts.length === 1 ? '' : 's'} (${steps} steps)? This cannot be undone.`,
          ))
        )
          return;
        console.log('');
        const who = await whoAmI(factory);
        const results = await deleteRootCredentials(factory, plan.accounts, {
          concurrency: options.concurrency,
          onAccount: (result) => console.log(renderDeletionResult(result)),
        });
        await appendJournal(
          options.journal,
          results.map((r) => ({
            at: new Date().toISOString(),
            who,
            account: r.accountId,
            task: 'delete-root-credentials',
            result: r.outcome === 'cleaned' ? 'ok' : 'failed',
            detail: [...r.done.map(stepText), ...(r.error ? [`failed: ${r.error}`] : [])].join('; '),
          })),
        );
        process.stdout.write(renderDeletionSummary(results));
        const failed = results.filter((r) => r.outcome === 'failed').length;
        if (failed)
          throw new OrgwardError('NOT_CLEAN', `${failed} account${failed === 1 ? '' : 's'} not cleaned`, {
            source: 'aws',
            hint: 'fix the causes named above and run again; what is already deleted is not touched again',
          });
      },
    );

  const task = (
    name: string,
    description: string,
    extra: (c: Command) => Command,
    prepare: (
      factory: ClientFactory,
      accountId: string,
      options: Record<string, string>,
    ) => Promise<TaskPlan>,
    run: (factory: ClientFactory, plan: TaskPlan) => Promise<void>,
  ) =>
    extra(
      root
        .command(name)
        .description(description)
        .requiredOption('--account <account>', 'the member account (id or name)'),
    )
      .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
      .option('--journal <file>', 'append what was done to this JSON-lines file', DEFAULT_JOURNAL)
      .action(
        async (options: Record<string, string> & { yes?: boolean; journal: string }, command: Command) => {
          const { snapshot, factory } = await live(command);
          const features = featuresOf(snapshot);
          const account = findMember(snapshot, options.account!);
          const needed =
            name === 'allow-password-recovery' ? features.credentialsManagement : features.rootSessions;
          if (!features.trustedAccess || !needed)
            refuse(
              [
                {
                  message: `${name === 'allow-password-recovery' ? 'root credentials management' : 'root sessions'} is not enabled`,
                },
              ],
              `root ${name} refused`,
            );
          const plan = await prepare(factory, account.id, options);
          console.log(renderTaskPlan(plan).trimEnd());
          if (plan.nothingToDo) return;
          if (!(await agreed(options.yes, 'Go ahead?'))) return;
          const who = await whoAmI(factory);
          const entry = { at: new Date().toISOString(), who, account: account.id, task: name };
          try {
            await run(factory, plan);
          } catch (error) {
            await appendJournal(options.journal, [
              { ...entry, result: 'failed', detail: (error as Error).message },
            ]);
            throw error;
          }
          await appendJournal(options.journal, [
            { ...entry, result: 'ok', detail: `${plan.resource}: ${plan.change}` },
          ]);
          console.log(`✓ done: ${plan.change}`);
        },
      );

  task(
    'unlock-bucket',
    'remove a bucket policy that locks everyone out, as the member root user (needs root sessions)',
    (c) => c.requiredOption('--bucket <name>', 'the bucket'),
    (factory, accountId, o) => prepareUnlockBucket(factory, accountId, o.bucket!),
    runUnlockBucket,
  );
  task(
    'unlock-queue',
    'remove an SQS queue policy that locks everyone out, as the member root user (needs root sessions)',
    (c) => c.requiredOption('--queue <url>', 'the queue URL'),
    (factory, accountId, o) => prepareUnlockQueue(factory, accountId, o.queue!),
    runUnlockQueue,
  );
  task(
    'allow-password-recovery',
    "let whoever holds the member's root email reset the root password (for the tasks that need a root sign-in)",
    (c) => c,
    (factory, accountId) => preparePasswordRecovery(factory, accountId),
    runPasswordRecovery,
  );
}
