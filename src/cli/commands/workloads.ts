/** `orgward workloads`: what runs in an account (the management account by default), as applications. */
import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import { collectList } from '../options.js';
import type { WorkloadsInventoryCliOptions, WorkloadsPlanCliOptions } from './workloads-actions.js';

export function registerWorkloads(program: Command): void {
  const workloads = program
    .command('workloads')
    .description('workloads in an account (the management account by default), grouped into applications')
    .addHelpText(
      'after',
      `
orgward workloads inventory                       what runs in the management account, as applications
orgward workloads inventory --account shop-prod   in a member account (through --member-role)
orgward workloads plan --app shop-alb --to shop-prod --out move.json
                                                  the staged move: network, security, images, data,
                                                  launch, traffic, cleanup (each with checks and rollback)
See docs/migrate-management-workloads.md.`,
    );
  workloads
    .command('inventory')
    .description(
      'instances, volumes and keys, load balancers with target groups and targets, security groups, subnets, VPCs, databases, functions, buckets; grouped by dependency (changes nothing)',
    )
    .option('--account <account>', 'management, or an account name or id of the organization', 'management')
    .option(
      '--regions <list>',
      'regions to read (default: every region the account has enabled)',
      collectList,
      [],
    )
    .option('--member-role <name>', 'the role assumed in a member account', 'OrganizationAccountAccessRole')
    .option('--format <format>', 'table, json or html', 'table')
    .option('--out <file>', 'write to this file')
    .action(async (options: WorkloadsInventoryCliOptions, command: Command) =>
      (await import('./workloads-actions.js')).inventory(options, command.optsWithGlobals<GlobalOptions>()),
    );
  workloads
    .command('plan')
    .description(
      'a staged plan to move one application into another account: each stage with its calls, checks, rollback and what a person decides (changes nothing)',
    )
    .requiredOption(
      '--app <name>',
      'the application (its load balancer name or ARN, or a standalone instance name)',
    )
    .requiredOption('--to <account>', 'the account it moves to (a name or id of the organization)')
    .option('--account <account>', 'where it runs now: management, or an account name or id', 'management')
    .option(
      '--regions <list>',
      'regions to look in (default: every region the account has enabled)',
      collectList,
      [],
    )
    .option('--cidr <cidr>', 'the new VPC block (default: the first free /16)')
    .option('--no-reboot', 'take the AMIs without rebooting (the images may not be consistent)')
    .option(
      '--kms-key <arn>',
      'a customer-managed key to copy AMIs and snapshots under, when theirs cannot be shared',
    )
    .option('--member-role <name>', 'the role assumed in member accounts', 'OrganizationAccountAccessRole')
    .option('--format <format>', 'text, markdown or json', 'text')
    .option('--out <file>', 'write to this file')
    .action(async (options: WorkloadsPlanCliOptions, command: Command) =>
      (await import('./workloads-actions.js')).plan(options, command.optsWithGlobals<GlobalOptions>()),
    );
}
