/**
 * Which `baseline:` key in org.yaml fixes which check, and `audit --suggest`: from an audit's failing
 * checks, the fragment of org.yaml that would fix the ones the baseline can, with the organization's own
 * security tooling and log-archive accounts and audited regions filled in.
 */
import type { AuditCollection } from '../model/evidence.js';
import type { AuditSettings } from '../model/audit-settings.js';
import type { AuditResult } from './types.js';

/** Check id → the baseline key that fixes it (docs/config.md#baseline). */
export const BASELINE_FIXES: Readonly<Record<string, string>> = {
  'LOG-01': 'baseline.cloudtrail.organizationTrail',
  'LOG-02': 'baseline.cloudtrail.organizationTrail',
  'LOG-03': 'baseline.cloudtrail.organizationTrail.logFileValidation',
  'LOG-04': 'baseline.cloudtrail.organizationTrail.bucket.account',
  'LOG-05': 'baseline.cloudtrail.organizationTrail.bucket',
  'LOG-06': 'baseline.cloudtrail.organizationTrail.kmsKeyArn',
  'LOG-07': 'baseline.cloudtrail.organizationTrail',
  'CFG-01': 'baseline.config',
  'CFG-02': 'baseline.config.globalResourcesRegion',
  'CFG-03': 'baseline.config.bucket',
  'CFG-04': 'baseline.config',
  'DET-01': 'baseline.config.delegatedAdministrator',
  'DET-02': 'baseline.config.aggregator',
  'DET-03': 'baseline.config.conformancePacks',
  'DET-04': 'baseline.securityHub.configurationPolicies',
  'DET-05': 'baseline.accessAnalyzer',
  'GD-01': 'baseline.guardduty.delegatedAdministrator',
  'GD-02': 'baseline.guardduty.autoEnable',
  'GD-03': 'baseline.guardduty.autoEnable',
  'GD-04': 'baseline.guardduty.features',
  'SH-01': 'baseline.securityHub',
  'SH-02': 'baseline.securityHub.configurationPolicies',
  'DP-05': 'baseline.accounts.s3BlockPublicAccess',
  'ORG-03': 'baseline.accounts.alternateContacts.security',
};

export interface BaselineSuggestion {
  /** `{ baseline: {...} }`, only the parts that fix a failing check; empty when none. */
  fragment: Record<string, unknown>;
  /** What the fragment leaves for the user to fill in (a KMS key, a contact, a pack template). */
  todo: string[];
  /** The failing checks it fixes. */
  fixes: string[];
}

interface Names {
  security: string;
  logArchive: string;
  regions: string[];
  organizationId: string;
}

function namesOf(result: AuditResult, collection: AuditCollection): Names {
  const name = (id: string | null, fallback: string) =>
    (id && collection.snapshot.accounts.find((a) => a.id === id)?.name) || fallback;
  const home = collection.homeRegion;
  return {
    security: name(collection.roles.securityTooling, 'Security Tooling'),
    logArchive: name(collection.roles.logArchive, 'Log Archive'),
    regions: [home, ...result.regions.filter((r) => r !== home && r !== 'global')],
    organizationId: result.organizationId,
  };
}

type Section = (n: Names, s: AuditSettings, failing: Set<string>, todo: string[]) => [string, unknown];

const SECTIONS: Array<{ prefix: RegExp; section: Section }> = [
  {
    prefix: /^LOG-/,
    section: (n, _s, failing, todo) => {
      if (failing.has('LOG-06'))
        todo.push('LOG-06: set cloudtrail.organizationTrail.kmsKeyArn to a KMS key the trail may use');
      return [
        'cloudtrail',
        {
          organizationTrail: {
            name: 'organization-trail',
            bucket: { name: `org-logs-${n.organizationId.slice(2)}`, account: n.logArchive },
          },
        },
      ];
    },
  },
  {
    prefix: /^(CFG-|DET-0[123])/,
    section: (n, _s, failing, todo) => {
      if (failing.has('DET-03'))
        todo.push('DET-03: add config.conformancePacks: { <name>: { file: <template.yaml> } }');
      // Config delivers to the trail's bucket when the fragment has one; else to its own.
      const trail = [...failing].some((id) => id.startsWith('LOG-'));
      const bucket = trail
        ? {}
        : { bucket: { name: `org-config-${n.organizationId.slice(2)}`, account: n.logArchive } };
      return [
        'config',
        { delegatedAdministrator: n.security, ...bucket, aggregator: { name: 'organization' } },
      ];
    },
  },
  {
    prefix: /^GD-/,
    section: (n, s) => [
      'guardduty',
      {
        delegatedAdministrator: n.security,
        autoEnable: 'ALL',
        features: Object.fromEntries(s.guardDuty.features.map((f) => [f, 'ALL'])),
      },
    ],
  },
  {
    prefix: /^(SH-|DET-04)/,
    section: (n) => [
      'securityHub',
      {
        delegatedAdministrator: n.security,
        configurationPolicies: {
          'organization-baseline': {
            standards: ['aws-foundational-security-best-practices/v/1.0.0'],
            disabledControls: ['IAM.6', 'IAM.9'],
            targets: ['root'],
          },
        },
      },
    ],
  },
  {
    prefix: /^DET-05/,
    section: (n) => ['accessAnalyzer', { account: n.security, analyzers: { organization: 'ORGANIZATION' } }],
  },
  {
    prefix: /^(DP-05|ORG-03)/,
    section: (_n, _s, failing, todo) => {
      if (failing.has('ORG-03'))
        todo.push(
          'ORG-03: add accounts.alternateContacts.security with your security team (name, title, email, phone)',
        );
      return ['accounts', { s3BlockPublicAccess: true }];
    },
  },
];

/** The org.yaml fragment that fixes what the baseline can of this audit's failures. */
export function suggestBaseline(
  result: AuditResult,
  collection: AuditCollection,
  settings: AuditSettings,
): BaselineSuggestion {
  const failing = new Set(
    result.findings.filter((f) => f.status === 'FAIL' && BASELINE_FIXES[f.check]).map((f) => f.check),
  );
  if (!failing.size) return { fragment: {}, todo: [], fixes: [] };
  const n = namesOf(result, collection);
  const todo: string[] = [];
  const baseline: Record<string, unknown> = { regions: n.regions };
  for (const { prefix, section } of SECTIONS) {
    if (![...failing].some((id) => prefix.test(id))) continue;
    const [key, value] = section(n, settings, failing, todo);
    baseline[key] = value;
  }
  return { fragment: { baseline }, todo, fixes: [...failing].sort() };
}
