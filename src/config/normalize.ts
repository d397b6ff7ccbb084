/** org.yaml (validated) → Desired: paths resolved, documents read and minified, defaults applied. */
import type { Desired } from '../model/desired.js';
import type { ReadRelative } from './files.js';
import {
  parseTarget,
  normalizeAccounts,
  normalizeIdentityCenter,
  normalizeOrganization,
  normalizeOus,
  normalizePolicies,
  type NormalizeContext,
} from './normalize-sections.js';
import type { OrgConfig } from './schema.js';
import { normalizeBaseline } from './normalize-baseline.js';
import { canonicalAmount } from '../model/budgets.js';

export { parseTarget };

function normalizeBudgets(config: OrgConfig): Desired['budgets'] {
  if (!config.budgets) return undefined;
  return Object.entries(config.budgets).map(([name, budget]) => ({
    name,
    target: parseTarget(budget.target),
    amount: canonicalAmount(budget.amount),
    alerts: (budget.alerts ?? []).map((alert) => ({
      type: alert.when === 'forecasted' ? ('FORECASTED' as const) : ('ACTUAL' as const),
      threshold: alert.at,
      emails: [...new Set(alert.emails)].sort(),
      snsTopicArn: alert.snsTopic,
    })),
  }));
}

export function normalize(config: OrgConfig, readRelative: ReadRelative): Desired {
  const ctx: NormalizeContext = { config, readRelative };
  const { ous, parentOf } = normalizeOus(ctx);
  return {
    organization: normalizeOrganization(ctx),
    ous,
    accounts: normalizeAccounts(ctx, parentOf),
    policies: normalizePolicies(ctx),
    identityCenter: normalizeIdentityCenter(ctx),
    baseline: normalizeBaseline(config.baseline, readRelative),
    budgets: normalizeBudgets(config),
    prune: new Set(config.prune ?? []),
  };
}
