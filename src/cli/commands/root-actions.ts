/**
 * What the `orgward root` subcommands do, loaded only when one runs: each reads the organization, shows
 * its plan, asks, acts through src/root, and keeps the journal.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
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
import { appendJournal, type JournalEntry } from '../../root/journal.js';
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
import { liveState } from '../../api/snapshot.js';
import { terminalSink } from '../sink.js';

interface Live {
  snapshot: OrgSnapshot;
  factory: ClientFactory;
  callerAccountId: string;
}

async function live(global: GlobalOptions): Promise<Live> {
  const factory = new ClientFactory(awsTargetFrom(global));
  let state: Awaited<ReturnType<typeof liveState>>;
  const sink = terminalSink();
  try {
    state = await liveState(factory, sink).finally(() => sink.done());
  } catch (error) {
    if (!(error instanceof AwsCallError && /AccessDenied/.test(error.awsCode))) throw error;
    // A member account may describe its organization but not read it: say who may run root commands.
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

export interface StatusOptions {
  format: string;
  deep?: boolean;
  roleName: string;
  concurrency: number;
}

export async function rootStatus(options: StatusOptions, global: GlobalOptions): Promise<void> {
  if (options.format !== 'table' && options.format !== 'json')
    throw new UsageError(`--format ${options.format} is not one of table, json`);
  const { snapshot, factory } = await live(global);
  const status = await readRootStatus(factory, snapshot, {
    deep: Boolean(options.deep),
    roleName: options.roleName,
    concurrency: options.concurrency,
  });
  process.stdout.write(
    options.format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : renderRootStatus(status),
  );
}

export interface EnableOptions {
  delegate?: string;
  yes?: boolean;
  journal: string;
}

export async function rootEnable(options: EnableOptions, global: GlobalOptions): Promise<void> {
  const { snapshot, factory, callerAccountId } = await live(global);
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
}

export interface DeleteOptions {
  account?: string[];
  ou?: string;
  all?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  force?: boolean;
  recentDays: number;
  concurrency: number;
  journal: string;
}

/** The deletion plan for the selected members, after the deep read it needs. */
async function deletionPlan(options: DeleteOptions, state: Live) {
  const { snapshot, factory, callerAccountId } = state;
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
  return planDeletion({
    snapshot,
    features,
    callerAccountId,
    targets: read?.accounts ?? [],
    now: new Date(),
    recentDays: options.recentDays,
    force: Boolean(options.force),
  });
}

export async function rootDeleteCredentials(options: DeleteOptions, global: GlobalOptions): Promise<void> {
  const state = await live(global);
  const { factory } = state;
  const plan = await deletionPlan(options, state);
  console.log(renderDeletionPlan(plan, { dryRun: Boolean(options.dryRun) }).trimEnd());
  if (plan.blockers.length) refuse(plan.blockers, 'root delete-credentials refused');
  if (options.dryRun || !plan.accounts.length) return;
  const steps = plan.accounts.reduce((n, a) => n + a.steps.length, 0);
  const n = plan.accounts.length;
  const question = `Delete root credentials in ${n} account${n === 1 ? '' : 's'} (${steps} steps)? This cannot be undone.`;
  if (!(await agreed(options.yes, question))) return;
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
}

export type RootTaskName = 'unlock-bucket' | 'unlock-queue' | 'allow-password-recovery';

interface RootTask {
  prepare(factory: ClientFactory, accountId: string, options: Record<string, string>): Promise<TaskPlan>;
  run(factory: ClientFactory, plan: TaskPlan): Promise<void>;
}

const TASKS: Record<RootTaskName, RootTask> = {
  'unlock-bucket': {
    prepare: (factory, accountId, o) => prepareUnlockBucket(factory, accountId, o.bucket!),
    run: runUnlockBucket,
  },
  'unlock-queue': {
    prepare: (factory, accountId, o) => prepareUnlockQueue(factory, accountId, o.queue!),
    run: runUnlockQueue,
  },
  'allow-password-recovery': {
    prepare: (factory, accountId) => preparePasswordRecovery(factory, accountId),
    run: runPasswordRecovery,
  },
};

export async function rootTask(
  name: RootTaskName,
  options: Record<string, string> & { yes?: boolean; journal: string },
  global: GlobalOptions,
): Promise<void> {
  const { snapshot, factory } = await live(global);
  const features = featuresOf(snapshot);
  const account = findMember(snapshot, options.account!);
  const recovery = name === 'allow-password-recovery';
  if (!features.trustedAccess || !(recovery ? features.credentialsManagement : features.rootSessions))
    refuse(
      [{ message: `${recovery ? 'root credentials management' : 'root sessions'} is not enabled` }],
      `root ${name} refused`,
    );
  const plan = await TASKS[name].prepare(factory, account.id, options);
  console.log(renderTaskPlan(plan).trimEnd());
  if (plan.nothingToDo) return;
  if (!(await agreed(options.yes, 'Go ahead?'))) return;
  const who = await whoAmI(factory);
  const entry = { at: new Date().toISOString(), who, account: account.id, task: name };
  try {
    await TASKS[name].run(factory, plan);
  } catch (error) {
    await appendJournal(options.journal, [{ ...entry, result: 'failed', detail: (error as Error).message }]);
    throw error;
  }
  await appendJournal(options.journal, [
    { ...entry, result: 'ok', detail: `${plan.resource}: ${plan.change}` },
  ]);
  console.log(`✓ done: ${plan.change}`);
}
