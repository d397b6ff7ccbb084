/**
 * Budgets as org.yaml states them (`budgets:`) and as AWS Budgets holds them in the management account.
 * A budget covers an account, an OU (every account below it) or the whole organization, per month, in
 * US dollars, with alerts by e-mail (and an SNS topic) at a share of the amount.
 */
import type { TargetRef } from './desired.js';

export interface DesiredBudgetAlert {
  /** ACTUAL: spend so far; FORECASTED: what the month is forecast to cost. */
  type: 'ACTUAL' | 'FORECASTED';
  /** Percent of the budget's amount. */
  threshold: number;
  emails: string[];
  snsTopicArn: string | undefined;
}

export interface DesiredBudget {
  name: string;
  target: TargetRef;
  /** Monthly amount in USD, as a decimal string without trailing zeros (`500`, `1250.5`). */
  amount: string;
  alerts: DesiredBudgetAlert[];
}

export interface LiveBudgetNotification {
  type: 'ACTUAL' | 'FORECASTED';
  comparison: string;
  threshold: number;
  thresholdType: 'PERCENTAGE' | 'ABSOLUTE_VALUE';
  subscribers: Array<{ type: 'EMAIL' | 'SNS'; address: string }>;
}

/** A budget as AWS Budgets answers it, with its notifications and their subscribers. */
export interface LiveBudget {
  name: string;
  budgetType: string;
  timeUnit: string;
  amount: string | undefined;
  unit: string | undefined;
  costFilters: Record<string, string[]>;
  notifications: LiveBudgetNotification[];
}

/** What the budgets reader found in the management account. */
export interface BudgetsState {
  accountId: string;
  budgets: LiveBudget[];
}

/** A decimal amount in its shortest form: `500.00` → `500`, `0.50` → `0.5`. */
export function canonicalAmount(amount: string | number): string {
  const value = typeof amount === 'number' ? amount : Number(amount);
  return String(Math.round(value * 100) / 100);
}
