/** `orgward root`: centralized root access, from inventory to deleted member root credentials. */
import type { Command } from 'commander';
import { DEFAULT_JOURNAL } from '../../root/journal.js';
import type { GlobalOptions } from '../context.js';
import { parseIntegerOption } from '../options.js';
import type { DeleteOptions, EnableOptions, RootTaskName, StatusOptions } from './root-actions.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const actions = () => import('./root-actions.js');
const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();

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
  registerStatus(root);
  registerEnable(root);
  registerDeleteCredentials(root);
  registerTasks(root);
}

function registerStatus(root: Command): void {
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
    .action(async (options: StatusOptions, command: Command) =>
      (await actions()).rootStatus(options, globals(command)),
    );
}

function registerEnable(root: Command): void {
  root
    .command('enable')
    .description(
      'enable trusted access for IAM, root credentials management and root sessions (skips what is on)',
    )
    .option('--delegate <account>', 'also register this account (id or name) as IAM delegated administrator')
    .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--journal <file>', 'append what was done to this JSON-lines file', DEFAULT_JOURNAL)
    .action(async (options: EnableOptions, command: Command) =>
      (await actions()).rootEnable(options, globals(command)),
    );
}

function registerDeleteCredentials(root: Command): void {
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
    .action(async (options: DeleteOptions, command: Command) =>
      (await actions()).rootDeleteCredentials(options, globals(command)),
    );
}

const TASKS: Array<{ name: RootTaskName; description: string; extra: (c: Command) => Command }> = [
  {
    name: 'unlock-bucket',
    description:
      'remove a bucket policy that locks everyone out, as the member root user (needs root sessions)',
    extra: (c) => c.requiredOption('--bucket <name>', 'the bucket'),
  },
  {
    name: 'unlock-queue',
    description:
      'remove an SQS queue policy that locks everyone out, as the member root user (needs root sessions)',
    extra: (c) => c.requiredOption('--queue <url>', 'the queue URL'),
  },
  {
    name: 'allow-password-recovery',
    description:
      "let whoever holds the member's root email reset the root password (for the tasks that need a root sign-in)",
    extra: (c) => c,
  },
];

function registerTasks(root: Command): void {
  for (const { name, description, extra } of TASKS)
    extra(
      root
        .command(name)
        .description(description)
        .requiredOption('--account <account>', 'the member account (id or name)'),
    )
      .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
      .option('--journal <file>', 'append what was done to this JSON-lines file', DEFAULT_JOURNAL)
      .action(
        async (options: Record<string, string> & { yes?: boolean; journal: string }, command: Command) =>
          (await actions()).rootTask(name, options, globals(command)),
      );
}
