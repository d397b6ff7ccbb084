/** `orgward iam-users`: inventory every IAM user, propose the Identity Center side, retire them safely. */
import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import { collectList, parseIntegerOption } from '../options.js';
import type { InventoryCliOptions, PlanCliOptions, RetireCliOptions } from './iam-users-actions.js';

const collect = collectList;
/** A number of days, up to ten years. */
const DAYS = (flag: string) => parseIntegerOption(flag, 0, 3650);
const actions = () => import('./iam-users-actions.js');
const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();

function reading(command: Command): Command {
  return command
    .option('--accounts <list>', 'account ids or names (default: every active account)', collect, [])
    .option(
      '--dormant-days <n>',
      'days without use after which a user is dormant',
      DAYS('--dormant-days'),
      90,
    )
    .option('--member-role <name>', 'the role assumed in member accounts', 'OrganizationAccountAccessRole');
}

export function registerIamUsers(program: Command): void {
  const iamUsers = program
    .command('iam-users')
    .description('inventory IAM users in every account, move people to Identity Center, retire the users')
    .addHelpText(
      'after',
      `
From IAM users to Identity Center, in order:
  orgward iam-users inventory --format html --out iam-users.html    who has what, and what kind of user
  orgward iam-users plan --to-identity-center --merge org.yaml      the Identity Center side, merged into org.yaml
  orgward plan && orgward apply                                    people get their access through Identity Center
  orgward iam-users retire --phase deactivate --yes                 keys off, console passwords removed (tagged)
  orgward iam-users retire --phase delete --yes                     after the soak (--soak-days, 14): deleted in order
  orgward iam-users retire --phase rollback --user Shop/ci --yes    turn deactivated keys back on
Retire keeps a JSON-lines journal (--journal, default orgward-iam-users-journal.jsonl). See docs/iam-users.md.`,
    );
  reading(
    iamUsers
      .command('inventory')
      .description(
        'every IAM user with its credentials, their use, groups and policies, and its kind (changes nothing)',
      )
      .option('--last-accessed', 'also ask IAM which services each user called (two calls per user)')
      .option('--format <format>', 'table, json, csv or html', 'table')
      .option('--out <file>', 'write to this file'),
  ).action(async (options: InventoryCliOptions, command: Command) =>
    (await actions()).iamUsersInventory(options, globals(command)),
  );
  reading(
    iamUsers
      .command('plan')
      .description(
        'propose the Identity Center side of moving the people: users, groups, permission sets, assignments',
      )
      .requiredOption('--to-identity-center', 'the target (the only one today)')
      .option('--match <by>', 'match IAM users to Identity Center users by email or username', 'email')
      .option(
        '--config <file>',
        'your org.yaml: its identity source decides whether people are created or left to the provider',
      )
      .option('--merge <file>', 'merge the fragment into this org.yaml (comments kept; existing names kept)')
      .option('--out <file>', 'write the fragment to this file')
      .option('--format <format>', 'text or json', 'text'),
  ).action(async (options: PlanCliOptions, command: Command) =>
    (await actions()).iamUsersPlan(options, globals(command)),
  );
  iamUsers
    .command('retire')
    .description('deactivate IAM users, delete them after the soak period in the IAM API order, or roll back')
    .requiredOption('--phase <phase>', 'deactivate, delete or rollback')
    .option(
      '--user <user>',
      'a user: <name> or <account>/<name> (repeatable; needed for the management account)',
      collect,
      [],
    )
    .option('--account <account>', 'only users in this account (id or name, repeatable)', collect, [])
    .option('--dormant-days <n>', 'only users without use for this many days', DAYS('--dormant-days'))
    .option('--soak-days <n>', 'days between deactivate and delete', DAYS('--soak-days'), 14)
    .option('--match <by>', 'how Identity Center counterparts are found: email or username', 'email')
    .option('--force-unmatched', 'retire people without an Identity Center counterpart')
    .option('--member-role <name>', 'the role assumed in member accounts', 'OrganizationAccountAccessRole')
    .option('--journal <file>', 'the JSON-lines journal', 'orgward-iam-users-journal.jsonl')
    .option('--dry-run', 'show the plan, change nothing')
    .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
    .action(async (options: RetireCliOptions, command: Command) =>
      (await actions()).iamUsersRetire(options, globals(command)),
    );
}
