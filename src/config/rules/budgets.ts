/** `budgets:`: each target names an account or OU of the file, and each alert reaches someone. */
import type { ConfigIssue } from '../issues.js';
import type { ConfigIndex, RuleContext } from './context.js';
import { checkTarget } from './references.js';

export function budgets(ctx: RuleContext, index: ConfigIndex): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, budget] of Object.entries(ctx.config.budgets ?? {})) {
    const target = checkTarget(ctx, index, budget.target, ['budgets', name, 'target']);
    if (target) issues.push(target);
    const seen = new Set<string>();
    (budget.alerts ?? []).forEach((alert, i) => {
      if (alert.emails.length === 0 && alert.snsTopic === undefined)
        issues.push(
          ctx.source.issue(
            ['budgets', name, 'alerts', i],
            `budget '${name}': alert ${i + 1} has no one to tell; give emails (up to 10) or snsTopic`,
            'budget-alert',
          ),
        );
      const key = `${alert.when}:${alert.at}`;
      if (seen.has(key))
        issues.push(
          ctx.source.issue(
            ['budgets', name, 'alerts', i, 'at'],
            `budget '${name}': two ${alert.when} alerts at ${alert.at}%; AWS Budgets keeps one per threshold (merge their emails)`,
            'budget-alert',
          ),
        );
      seen.add(key);
    });
  }
  return issues;
}
