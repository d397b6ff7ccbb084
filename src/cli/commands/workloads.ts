/** `orgward workloads`: what runs in an account (the management account by default), as applications. */
import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import { collectList } from '../options.js';
import type { WorkloadsInventoryCliOptions } from './workloads-actions.js';

export function registerWorkloads(program: Command): void {
  const workloads = program
    .command('workloads')
    .description('workloads in an account (the management account by default), grouped into applications')
    .addHelpText(
      'after',
      `
orgward workloads inventory                       what runs in the management account, as applications
orgward workloads inventory --account shop-prod   in a member account (through --member-role)
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
}
