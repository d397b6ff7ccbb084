/**
 * `budgets:` × the management account's budgets → operations. A budget covers an account, an OU's
 * accounts as they will sit after the plan (nested OUs included; accounts this plan creates join once
 * created), or the whole organization. Budgets the file does not name are left alone and reported,
 * and deleted only under `prune: [budgets]`.
 */
import type { BudgetsState, DesiredBudget, DesiredBudgetAlert, LiveBudget } from '../model/budgets.js';
import type { Desired } from '../model/desired.js';
import type { PlanBuilder } from './builder.js';
import { accountOpId } from './diff-organization.js';
import { targetLabel, type LiveView } from './live.js';
import type { AccountRef } from './operations.js';

export const budgetOpId = (name: string) => `budget:${name}`;

const alertKey = (type: string, threshold: number) => `${type.toLowerCase()} ${threshold}%`;

function subscribersOf(alert: DesiredBudgetAlert): string[] {
  return [...alert.emails, ...(alert.snsTopicArn ? [alert.snsTopicArn] : [])].sort();
}

/** What differs between the live budget and the wanted one, in words; empty when nothing does. */
function changesOf(have: LiveBudget, want: DesiredBudget, accountIds: string[] | undefined): string[] {
  const changes: string[] = [];
  if (have.budgetType !== 'COST' || have.timeUnit !== 'MONTHLY')
    changes.push(
      `a ${have.timeUnit.toLowerCase()} ${have.budgetType.toLowerCase()} budget becomes monthly cost`,
    );
  if (have.amount !== want.amount || have.unit !== 'USD')
    changes.push(
      `amount ${have.amount ?? 'none'} ${have.unit ?? ''} → ${want.amount} USD`.replace('  ', ' '),
    );
  const filters = Object.keys(have.costFilters).filter((k) => k !== 'LinkedAccount');
  if (filters.length > 0) changes.push(`filters ${filters.join(', ')} removed`);
  const haveAccounts = have.costFilters.LinkedAccount ?? [];
  const wantAccounts = accountIds ?? [];
  const added = wantAccounts.filter((id) => !haveAccounts.includes(id));
  const removed = haveAccounts.filter((id) => !wantAccounts.includes(id));
  if (accountIds === undefined && haveAccounts.length > 0) changes.push('covers the whole organization');
  else {
    if (added.length > 0) changes.push(`accounts added: ${added.join(', ')}`);
    if (removed.length > 0) changes.push(`accounts removed: ${removed.join(', ')}`);
  }
  const haveAlerts = new Map(
    have.notifications.map((n) => [
      alertKey(n.type, n.threshold) +
        (n.thresholdType === 'PERCENTAGE' && n.comparison === 'GREATER_THAN' ? '' : ' (other)'),
      n.subscribers.map((s) => s.address).sort(),
    ]),
  );
  const wantAlerts = new Map(want.alerts.map((a) => [alertKey(a.type, a.threshold), subscribersOf(a)]));
  for (const [key, subscribers] of wantAlerts) {
    const live = haveAlerts.get(key);
    if (!live) changes.push(`alert at ${key} added`);
    else if (live.join(',') !== subscribers.join(',')) changes.push(`alert at ${key}: subscribers changed`);
  }
  for (const key of haveAlerts.keys()) if (!wantAlerts.has(key)) changes.push(`alert at ${key} removed`);
  return changes;
}

export function diffBudgets(
  b: PlanBuilder,
  desired: Desired,
  live: LiveView,
  state: BudgetsState | undefined,
): void {
  if (!desired.budgets || !state) return;
  const wanted = new Set(desired.budgets.map((budget) => budget.name));
  for (const want of desired.budgets) {
    let accounts: AccountRef[] | undefined;
    const deps: Array<string | undefined> = [];
    if (want.target.kind !== 'root') {
      const reached = live.expand(want.target);
      if (reached.length === 0) {
        b.note(
          `budget ${want.name}: ${targetLabel(live.targetRef(want.target))} holds no active account yet; not planned`,
        );
        continue;
      }
      accounts = reached.map((p) => p.ref).sort((x, y) => (x.id ?? x.name).localeCompare(y.id ?? y.name));
      for (const ref of accounts)
        if (!ref.id && b.has(accountOpId(ref.name))) deps.push(accountOpId(ref.name));
    }
    const have = state.budgets.find((budget) => budget.name === want.name);
    const spec = { name: want.name, amount: want.amount, accounts, alerts: want.alerts };
    const scope =
      want.target.kind === 'root'
        ? 'the whole organization'
        : `${targetLabel(live.targetRef(want.target))} (${accounts!.length} account${accounts!.length === 1 ? '' : 's'})`;
    if (!have) {
      const alerts = want.alerts.map((a) => alertKey(a.type, a.threshold)).join(', ');
      b.add(
        budgetOpId(want.name),
        {
          kind: 'put-budget',
          impact: 'create',
          accountId: state.accountId,
          budget: spec,
          changes: [],
          summary: `create budget ${want.name}: ${want.amount} USD a month for ${scope}${alerts ? `, alerts at ${alerts}` : ''}`,
        },
        deps,
      );
      continue;
    }
    const known = accounts?.flatMap((ref) => (ref.id ? [ref.id] : [])).sort();
    const changes = changesOf(have, want, known);
    if (accounts?.some((ref) => !ref.id)) changes.push('accounts this plan creates added');
    if (changes.length === 0) continue;
    b.add(
      budgetOpId(want.name),
      {
        kind: 'put-budget',
        impact: 'update',
        accountId: state.accountId,
        budget: spec,
        changes,
        summary: `update budget ${want.name} (${scope}): ${changes.join('; ')}`,
      },
      deps,
    );
  }
  const unmanaged = state.budgets.filter((budget) => !wanted.has(budget.name));
  if (desired.prune.has('budgets')) {
    for (const budget of unmanaged)
      b.add(budgetOpId(budget.name), {
        kind: 'delete-budget',
        impact: 'delete',
        accountId: state.accountId,
        name: budget.name,
        summary: `delete budget ${budget.name} (not in the file; prune: [budgets])`,
      });
  } else if (unmanaged.length > 0) {
    b.note(
      `budgets not in the file, left as they are: ${unmanaged.map((budget) => budget.name).join(', ')} (add prune: [budgets] to delete them)`,
    );
  }
}
