/** `orgward transfer`: move accounts between organizations (plan, execute, verify), or hand over billing. */
import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import { collectList } from '../options.js';
import type {
  BillingCliOptions,
  ExecuteCliOptions,
  PlanCliOptions,
  VerifyCliOptions,
} from './transfer-actions.js';

const collect = collectList;
const actions = () => import('./transfer-actions.js');
const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();

function sides(command: Command): Command {
  return command
    .option('--from-profile <profile>', "the source management account's profile (default: --profile)")
    .option(
      '--to-profile <profile>',
      "the destination management account's profile (execute and verify need it; plan reads the destination live with it)",
    )
    .option(
      '--account-profile <profile>',
      'a profile acting inside the moving account (default: the source assumes --member-role in it)',
    )
    .option(
      '--member-role <name>',
      'the role the source assumes in its accounts',
      'OrganizationAccountAccessRole',
    );
}

export function registerTransfer(program: Command): void {
  const transfer = program
    .command('transfer')
    .description(
      'move accounts between organizations (direct transfer), or hand an organization’s billing to another payer',
    )
    .addHelpText(
      'after',
      `
A reseller's customer moves its account to its own organization:
  orgward transfer plan --account "Acme Prod" --to customer/org.yaml --to-profile customer \\
      --ou Workloads/Prod --format json --out plan.json        what breaks, the blockers, the runbook
  orgward transfer execute plan.json --to-profile customer     runs the steps, stops at each human gate
  orgward transfer verify plan.json --to-profile customer      what is left (old access roles, bucket policies)
Execute keeps a JSON-lines journal (--journal, default orgward-transfer-journal.jsonl) and resumes.
See docs/transfer.md.`,
    );
  registerPlan(transfer);
  registerExecute(transfer);
  registerVerify(transfer);
  registerBilling(transfer);
}

function registerPlan(transfer: Command): void {
  sides(
    transfer
      .command('plan')
      .description(
        'plan moving accounts: path, blockers, what changes at acceptance, the runbook (changes nothing)',
      )
      .option(
        '--account <account>',
        'an account id or name in the source organization (repeatable)',
        collect,
        [],
      )
      .requiredOption(
        '--to <destination>',
        'the destination: its org.yaml, a snapshot (.json), or a profile name',
      )
      .option('--ou <path>', 'the destination OU the accounts go to (default: the root)')
      .option(
        '--standalone',
        'the classic path: remove, standalone, then invite (only to make an account standalone)',
      )
      .option(
        '--billing-only',
        'billing transfer: the organization keeps its accounts, the destination pays its bill',
      )
      .option('--billing-start <date>', 'a billing transfer’s start (the first of a month, UTC)')
      .option('--root-email <email>', 'change the root e-mail after the move (one account)')
      .option(
        '--regions <list>',
        'regions read for coverage and resource policies (default: --region)',
        collect,
      )
      .option(
        '--scan <where>',
        'search resource policies naming the source in: organization, accounts, none',
        'organization',
      )
      .option('--format <format>', 'text, md, json or html', 'text')
      .option('--out <file>', 'write the plan to this file (JSON plans are what execute takes)'),
  ).action(async (options: PlanCliOptions, command: Command) =>
    (await actions()).transferPlan(options, globals(command)),
  );
}

function registerExecute(transfer: Command): void {
  sides(
    transfer
      .command('execute')
      .description('run a saved plan’s steps: invite, accept, place, assign; stop at each human step')
      .argument('<plan>', 'a plan saved with `transfer plan --format json --out`')
      .option('--done <step>', 'a human step that is done (its id, repeatable)', collect, [])
      .option('--deregister', 'deregister the account as delegated administrator (some services delete data)')
      .option('--otp <code>', 'the one-time code sent to the new root e-mail')
      .option('--reinvite', 'send a new invitation where the last one expired or was declined')
      .option('--journal <file>', 'the JSON-lines journal', 'orgward-transfer-journal.jsonl')
      .option('--yes', 'do not ask for confirmation (needed when not on a terminal)'),
  ).action(async (plan: string, options: ExecuteCliOptions, command: Command) =>
    (await actions()).transferExecute(plan, options, globals(command)),
  );
}

function registerVerify(transfer: Command): void {
  sides(
    transfer
      .command('verify')
      .description(
        're-read both organizations and list what is left from the plan (exit 1 when something is)',
      )
      .argument('<plan>', 'a plan saved with `transfer plan --format json --out`'),
  ).action(async (plan: string, options: VerifyCliOptions, command: Command) =>
    (await actions()).transferVerify(plan, options, globals(command)),
  );
}

function registerBilling(transfer: Command): void {
  transfer
    .command('billing')
    .description('list the organization’s billing transfers (paying and paid for), or end one')
    .option('--end-transfer <id>', 'end this billing transfer (at the end of the month)')
    .option('--end <date>', 'with --end-transfer: the last day (the end of a month)')
    .option('--format <format>', 'text or json', 'text')
    .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
    .action(async (options: BillingCliOptions, command: Command) =>
      (await actions()).transferBilling(options, globals(command)),
    );
}
