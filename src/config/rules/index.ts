/** The validation rules, run in order over a schema-valid config. */
import type { ConfigIssue } from '../issues.js';
import { indexConfig, type Rule, type RuleContext } from './context.js';
import { baseline } from './baseline.js';
import { budgets } from './budgets.js';
import { identityCenter } from './identity-center.js';
import { identitySource } from './identity-source.js';
import { policies } from './policies.js';
import { references } from './references.js';
import { structure } from './structure.js';

export const RULES: readonly Rule[] = [
  references,
  structure,
  policies,
  identityCenter,
  identitySource,
  baseline,
  budgets,
];

export function runRules(ctx: RuleContext): ConfigIssue[] {
  const index = indexConfig(ctx.config);
  return RULES.flatMap((rule) => rule(ctx, index));
}
