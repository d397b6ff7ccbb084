/**
 * AWS Budgets state per account: `account.services.budgets`, the account's budgets by name, each with
 * its notifications and their subscribers.
 */
import { serviceState, type AccountRecord } from '../../world.js';

export const KEY = 'budgets';

export interface SpendRecord {
  Amount: string;
  Unit: string;
}

export interface NotificationRecord {
  NotificationType: 'ACTUAL' | 'FORECASTED';
  ComparisonOperator: 'GREATER_THAN' | 'LESS_THAN' | 'EQUAL_TO';
  Threshold: number;
  ThresholdType: 'PERCENTAGE' | 'ABSOLUTE_VALUE';
  NotificationState: 'OK' | 'ALARM';
}

export interface SubscriberRecord {
  SubscriptionType: 'EMAIL' | 'SNS';
  Address: string;
}

export interface BudgetRecord {
  name: string;
  limit?: SpendRecord;
  costFilters: Record<string, string[]>;
  costTypes: Record<string, boolean>;
  timeUnit: string;
  budgetType: string;
  /** ISO timestamps. */
  start: string;
  end: string;
  lastUpdated: string;
  notifications: Array<{ notification: NotificationRecord; subscribers: SubscriberRecord[] }>;
}

export interface BudgetsAccountState {
  budgets: Record<string, BudgetRecord>;
}

export function budgetsState(account: AccountRecord): BudgetsAccountState {
  return serviceState<BudgetsAccountState>(account, KEY, () => ({ budgets: {} }));
}

export function peekBudgets(account: AccountRecord | undefined): Record<string, BudgetRecord> {
  return (account?.services[KEY] as BudgetsAccountState | undefined)?.budgets ?? {};
}
