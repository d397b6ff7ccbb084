/** `orgward access`: who reaches which account with what, why, and how to get there. */
import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import { collectList } from '../options.js';
import type * as AccessActions from './access-actions.js';

/** A repeatable option taken whole (a condition value may hold commas). */
const repeat = (value: string, previous: string[] = []) => [...previous, value];
const actions = () => import('./access-actions.js');
/** The options a subcommand's action takes. */
type Opts<K extends keyof typeof AccessActions, I extends number = 0> = Parameters<
  (typeof AccessActions)[K]
>[I];
const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();

/** Where the answers come from: a live read, or a saved model. */
function source(command: Command): Command {
  return command
    .option('--model <file>', 'answer from a model written by `orgward access model --out` (no AWS calls)')
    .option('--iam-roles', 'also read IAM users, groups and roles in every account (jump-account roles)')
    .option('--member-role <name>', 'the role assumed in member accounts', 'OrganizationAccountAccessRole')
    .option(
      '--start-url <url>',
      'the access portal URL (default https://<identity store id>.awsapps.com/start)',
    );
}

/** What the request carries: the region, condition keys, the resource. */
function request(command: Command): Command {
  return command
    .option('--config <file>', "org.yaml: show assignments' ends (until) and the targets they come from")
    .option(
      '--account <account>',
      'account name or id, or ou:<path> (repeatable; default every account)',
      collectList,
      [],
    )
    .option('--resource <arn>', 'the resource ARN (default: any resource in the account)')
    .option('--in-region <region>', 'the region the request is made in (aws:RequestedRegion)')
    .option(
      '--context <key=value>',
      'a condition key the request carries, e.g. aws:SourceIp=203.0.113.7 (repeatable)',
      repeat,
      [],
    )
    .option('--format <format>', 'table or json', 'table');
}

export function registerAccess(program: Command): void {
  const access = program
    .command('access')
    .description('who can reach which account with what, why, and how to get there (changes nothing in AWS)')
    .addHelpText(
      'after',
      `
Answers from the organization, Identity Center and the policies (docs/access.md):
  orgward access matrix --format html --out access.html          every person × account × permission set
  orgward access who-can dynamodb:DeleteTable --account ou:Prod  who may, through what, deciding statements
  orgward access can alice s3:GetObject --account "Shop Prod"    one person's paths and their decisions
  orgward access explain alice ec2:RunInstances --account Dev --in-region us-east-1
  orgward access profiles --user alice --out ~/.aws/config       an sso-session and a profile per account × role
  orgward access links --user alice --format html --out links.html
  orgward access grant --user alice --account Staging --actions 'dynamodb:*' --until 2026-12-31T00:00:00Z --config org.yaml
  orgward access diff --config org.yaml                          who gains and who loses what when it is applied
A condition on a key orgward cannot know (aws:SourceIp, MFA) makes the answer "depends on <key>".`,
    );
  registerQuestions(access);
  registerChanges(access);
}

/** model, matrix, who-can, can, explain: the answers. */
function registerQuestions(access: Command): void {
  source(access.command('model').description('read the access model once and save it for offline answers'))
    .requiredOption('--out <file>', 'write the model to this file')
    .action(async (options: Opts<'modelCommand', 0>, command: Command) =>
      (await actions()).modelCommand(options, globals(command)),
    );
  source(access.command('matrix').description('every principal × account × permission set or role'))
    .option('--account <account>', 'account name or id, or ou:<path> (repeatable)', collectList, [])
    .option('--config <file>', "org.yaml: show assignments' ends (until) and the targets they come from")
    .option('--format <format>', 'table, csv, json, markdown or html', 'table')
    .option('--out <file>', 'write to this file')
    .action(async (options: Opts<'matrixCommand', 0>, command: Command) =>
      (await actions()).matrixCommand(options, globals(command)),
    );
  source(
    request(
      access
        .command('who-can')
        .description('every person and path allowed an action')
        .argument('<action>', 'service:Action'),
    ),
  )
    .option('--all', 'also list the paths that are denied')
    .action(async (action: string, options: Opts<'whoCanCommand', 1>, command: Command) =>
      (await actions()).whoCanCommand(action, options, globals(command)),
    );
  source(
    request(
      access
        .command('can')
        .description(
          "one principal's paths into the accounts and whether each allows the action (exit 1 when none does)",
        )
        .argument('<principal>', 'user name, group:<name>, role:<name> or <account id>/<IAM user>')
        .argument('<action>', 'service:Action'),
    ),
  ).action(async (principal: string, action: string, options: Opts<'canCommand', 2>, command: Command) =>
    (await actions()).canCommand(principal, action, options, globals(command)),
  );
  source(
    request(
      access
        .command('explain')
        .description('the whole chain of one decision: SCP levels, identity policies, boundary, who denies')
        .argument('<principal>', 'user name, group:<name>, role:<name> or <account id>/<IAM user>')
        .argument('<action>', 'service:Action'),
    ),
  )
    .option('--permission-set <name>', 'explain only the path through this permission set or role')
    .action(async (principal: string, action: string, options: Opts<'explainCommand', 2>, command: Command) =>
      (await actions()).explainCommand(principal, action, options, globals(command)),
    );
}

/** profiles, links (how to get there); grant and diff (changes to org.yaml). */
function registerChanges(access: Command): void {
  source(
    access
      .command('profiles')
      .description('~/.aws/config profiles for every account × role a person can use'),
  )
    .option('--user <user>', 'the person (default: the caller)')
    .option('--out <file>', 'merge into this config file (only between orgward markers); default: print')
    .option(
      '--template <template>',
      'profile names: {account} {accountId} {permissionSet} {role} {ou}',
      '{account}-{permissionSet}',
    )
    .option('--session-name <name>', 'the sso-session section name', 'orgward')
    .option('--profile-region <region>', 'the region the profiles use (default the Identity Center region)')
    .option('--source-profile <name>', 'for jump roles: the profile holding the hub IAM user keys')
    .action(async (options: Opts<'profilesCommand', 0>, command: Command) =>
      (await actions()).profilesCommand(options, globals(command)),
    );
  source(
    access
      .command('grant')
      .description(
        'one person, one account, some actions: the narrowest change written into org.yaml, with its plan',
      ),
  )
    .requiredOption('--config <file>', 'the org.yaml to edit (comments and layout kept)')
    .requiredOption('--user <user>', 'the Identity Center user')
    .requiredOption('--account <account>', 'the account, by name')
    .option('--permission-set <name>', 'assign this existing (narrow) permission set')
    .option(
      '--actions <list>',
      'or allow these actions (service:Action or service:*), in a personal set',
      collectList,
    )
    .option('--resources <list>', 'the resources those actions are allowed on (default *)', collectList)
    .option('--until <time>', 'the assignment ends then (ISO 8601, e.g. 2026-12-31T00:00:00Z)')
    .option('--reason <text>', 'why, kept in the permission set description')
    .option('--dry-run', 'show the change, the plan and who gains what without writing the file')
    .action(async (options: Opts<'grantCommand'>, command: Command) =>
      (await actions()).grantCommand(options, globals(command)),
    );
  source(access.command('diff').description('who gains and who loses which actions when org.yaml is applied'))
    .requiredOption('--config <file>', 'org.yaml as it will be')
    .option(
      '--base <file>',
      "org.yaml as it was (e.g. the base branch's copy); default: the organization as it is",
    )
    .option('--format <format>', 'text, markdown or json', 'text')
    .option('--exit-code', 'exit 1 when anyone gains or loses access')
    .action(async (options: Opts<'diffCommand'>, command: Command) =>
      (await actions()).diffCommand(options, globals(command)),
    );
  source(access.command('links').description('portal and switch-role sign-in links, grouped by OU'))
    .option('--user <user>', 'the person (default: the caller)')
    .option('--format <format>', 'markdown or html', 'markdown')
    .option('--out <file>', 'write to this file')
    .action(async (options: Opts<'linksCommand', 0>, command: Command) =>
      (await actions()).linksCommand(options, globals(command)),
    );
}
