/** `orgward cost`: cost per account, OU or tag from Cost Explorer, and the management account's share. */
import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import { parseIntegerOption } from '../options.js';
import type { CostCliOptions } from './cost-actions.js';

export function registerCost(program: Command): void {
  program
    .command('cost')
    .description(
      "cost per account, OU (rolled up through the tree) or tag, month by month, and the management account's share (changes nothing)",
    )
    .option('--months <n>', 'whole months, ending last month', parseIntegerOption('--months', 1, 13), 3)
    .option('--include-current', 'add the current month so far (Cost Explorer marks it estimated)')
    .option('--by <what>', 'account, ou, or tag:<key> (a cost allocation tag)', 'ou')
    .option(
      '--metric <name>',
      'UnblendedCost, AmortizedCost, NetUnblendedCost, NetAmortizedCost or BlendedCost',
      'UnblendedCost',
    )
    .option('--format <format>', 'table, csv, json or html', 'table')
    .option('--out <file>', 'write to this file')
    .addHelpText(
      'after',
      `
Run with the management account's credentials: Cost Explorer shows a member account only its own cost.
One GetCostAndUsage request grouped by linked account answers for every account (each page, and the
management account's cost per service, is one more request; AWS bills $0.01 per request).
Budgets per account or OU are planned and applied from org.yaml (budgets:). See docs/cost.md.`,
    )
    .action(async (options: CostCliOptions, command: Command) =>
      (await import('./cost-actions.js')).cost(options, command.optsWithGlobals<GlobalOptions>()),
    );
}
