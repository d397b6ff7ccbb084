/** Every audit check, in catalogue order, ROOT first, ORG last (docs/checks/ is generated from this list). */
import type { Check } from './check.js';
import { detectionChecks } from './checks/detection.js';
import { guardrailChecks } from './checks/guardrails.js';
import { identityChecks } from './checks/identity.js';
import { loggingChecks } from './checks/logging.js';
import { rootChecks } from './checks/root.js';

const FAMILY_ORDER = [
  'ROOT',
  'LOG',
  'CFG',
  'DET',
  'GD',
  'SH',
  'STK',
  'SCP',
  'RCP',
  'DP',
  'IDN',
  'MGMT',
  'ORG',
];

export const ALL_CHECKS: readonly Check[] = [
  ...rootChecks,
  ...loggingChecks,
  ...detectionChecks,
  ...guardrailChecks,
  ...identityChecks,
].sort(
  (a, b) =>
    FAMILY_ORDER.indexOf(a.meta.id.split('-')[0]!) - FAMILY_ORDER.indexOf(b.meta.id.split('-')[0]!) ||
    a.meta.id.localeCompare(b.meta.id),
);

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.meta.id === id);
}
