/** The orgward command line: parses arguments, runs a command, prints, and picks the exit code. */
import { Command, Option } from 'commander';
import { ExitCode } from '../errors/index.js';
import { registerAccess } from './commands/access.js';
import { registerCost } from './commands/cost.js';
import { registerDemo } from './commands/demo.js';
import { registerApply } from './commands/apply.js';
import { registerAudit } from './commands/audit.js';
import { registerIamUsers } from './commands/iam-users.js';
import { registerImport } from './commands/import.js';
import { registerPlan } from './commands/plan.js';
import { registerRoot } from './commands/root.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerTransfer } from './commands/transfer.js';
import { registerWorkloads } from './commands/workloads.js';
import { registerValidate } from './commands/validate.js';
import type { GlobalOptions } from './context.js';
import { reportFailure } from './errors.js';
import { packageVersion } from './version.js';

export function buildProgram(): Command {
  const program = new Command('orgward')
    .description(
      'Govern an AWS Organization as code: plan/apply, audit, root access, and a local AWS sandbox.',
    )
    .version(packageVersion(), '--version', 'print the orgward version')
    .option('--endpoint-url <url>', 'send AWS calls to this endpoint (e.g. an orgward sandbox)')
    .option('--region <region>', 'AWS region for regional calls (default: AWS_REGION or us-east-1)')
    .option('--profile <name>', 'named profile from the shared AWS config files')
    .addOption(new Option('--debug', 'print stack traces with errors'))
    // every command's help lists the global options too (set before the commands, which copy it)
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerDemo(program);
  registerValidate(program);
  registerPlan(program);
  registerApply(program);
  registerSnapshot(program);
  registerImport(program);
  registerAudit(program);
  registerRoot(program);
  registerTransfer(program);
  registerAccess(program);
  registerIamUsers(program);
  registerCost(program);
  registerWorkloads(program);
  registerSandbox(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<ExitCode> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return ExitCode.Ok;
  } catch (error) {
    return reportFailure(error, Boolean(program.opts<GlobalOptions>().debug));
  }
}
