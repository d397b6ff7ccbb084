/** docs/checks/<ID>.md, one page per audit check, generated from the check's metadata. */
import { BASELINE_FIXES } from '../audit/baseline-fixes.js';
import { BASELINE_ITEMS, type CheckMeta } from '../audit/types.js';

const VANTAGE: Record<CheckMeta['vantage'], string> = {
  management: 'the management account',
  'delegated-admin': 'the security tooling account (delegated administrator)',
  'log-archive': 'the log-archive account',
  'every-account': 'every ACTIVE account',
};

export function renderCheckDoc(meta: CheckMeta): string {
  const compliance = [
    meta.compliance.cis && `CIS AWS Foundations (v3–4 / v7): ${meta.compliance.cis}`,
    meta.compliance.securityHub && `Security Hub CSPM: ${meta.compliance.securityHub}`,
    meta.compliance.prowler && `Prowler: \`${meta.compliance.prowler}\``,
  ].filter(Boolean);
  return [
    `<!-- generated from src/audit/checks by \`npm run docs\`; do not edit -->`,
    `# ${meta.id}: ${meta.title}`,
    '',
    `| Baseline item | Severity | Read from | Scope |`,
    `|---|---|---|---|`,
    `| ${BASELINE_ITEMS[meta.item]} | ${meta.severity} | ${VANTAGE[meta.vantage]} | ${meta.regional ? 'every audited region' : 'once (global)'} |`,
    '',
    '## Why it matters',
    '',
    meta.why,
    '',
    '## How to fix',
    '',
    meta.remediation,
    '',
    ...(BASELINE_FIXES[meta.id]
      ? [
          `With orgward: \`${BASELINE_FIXES[meta.id]}\` in org.yaml ([the baseline](../config.md#baseline)); \`orgward audit --suggest\` prints the fragment for your organization.`,
          '',
        ]
      : []),
    '## Results',
    '',
    '- **PASS / FAIL / WARN** as the check message says; **NOT_APPLICABLE** where the check has no subject.',
    '- **UNKNOWN** when its evidence could not be read (access denied, throttled after retries, a region an SCP denies): never FAIL.',
    '',
    '## AWS calls',
    '',
    ...meta.calls.map((c) => `- \`${c}\``),
    '',
    '## Permissions',
    '',
    ...meta.permissions.map((p) => `- \`${p}\``),
    '',
    ...(compliance.length ? ['## Related controls', '', ...compliance.map((c) => `- ${c}`), ''] : []),
    ...(meta.limitations ? ['## Limitations', '', meta.limitations, ''] : []),
  ].join('\n');
}

export function renderChecksIndex(metas: readonly CheckMeta[]): string {
  return [
    `<!-- generated from src/audit/checks by \`npm run docs\`; do not edit -->`,
    '# Audit checks',
    '',
    `${metas.length} checks in ${new Set(metas.map((m) => m.id.split('-')[0])).size} families; the baseline items they cover are described in [audit.md](../audit.md#baseline-items).`,
    '',
    '| Check | Title | Baseline item | Severity |',
    '|---|---|---|---|',
    ...metas.map((m) => `| [${m.id}](${m.id}.md) | ${m.title} | ${BASELINE_ITEMS[m.item]} | ${m.severity} |`),
    '',
  ].join('\n');
}
