/**
 * `baseline:` validation: every problem located at file:line:col before anything reads AWS — unknown
 * regions, undeclared accounts, the management account as a delegated administrator, templates that
 * do not parse, and the root-MFA controls when root credentials are managed centrally.
 */
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../load.js';
import { normalize } from '../normalize.js';

const files: Record<string, string> = {
  'packs/ok.yaml': 'Resources:\n  R: { Type: AWS::Config::ConfigRule }\n',
  'packs/broken.yaml': 'Resources:\n  R: [unclosed\n',
  'packs/list.json': '[1, 2]',
};

const HEAD = `organization:
  featureSet: ALL
  managementAccount: Management
  rootAccess: { credentialsManagement: true, rootSessions: true }
accounts:
  Management: { email: root@example.com, id: "111111111111" }
  Log Archive: { email: logs@example.com }
  Security: { email: security@example.com }
`;

function issues(baseline: string): string[] {
  return loadConfigText('org.yaml', `${HEAD}baseline:\n${baseline}`, (p) => files[p]).issues.map(
    (i) => `${i.line}:${i.column} ${i.severity} ${i.rule}: ${i.message}`,
  );
}

const VALID = `  regions: [us-east-1, eu-west-1]
  cloudtrail:
    organizationTrail:
      name: org-trail
      bucket: { name: example-org-logs, account: Log Archive }
  config:
    delegatedAdministrator: Security
    conformancePacks: { rules: { file: packs/ok.yaml } }
  guardduty:
    delegatedAdministrator: Security
    suppressionRules: { root: { preset: root-access-sessions } }
  securityHub:
    delegatedAdministrator: Security
    configurationPolicies:
      baseline:
        standards: [aws-foundational-security-best-practices/v/1.0.0]
        disabledControls: [IAM.6, IAM.9]
        targets: [root]
`;

describe('baseline rules', () => {
  it('accepts a complete baseline and normalizes it', () => {
    const loaded = loadConfigText('org.yaml', `${HEAD}baseline:\n${VALID}`, (p) => files[p]);
    expect(loaded.issues).toEqual([]);
    const desired = normalize(loaded.config!, (p) => files[p]).baseline!;
    expect(desired.homeRegion).toBe('us-east-1');
    expect(desired.buckets).toEqual([
      {
        name: 'example-org-logs',
        account: 'Log Archive',
        kmsKeyArn: undefined,
        expireAfterDays: undefined,
        accessLogsBucket: 'example-org-logs-access-logs',
        deliveries: ['cloudtrail', 'config'],
      },
    ]);
    expect(desired.config).toMatchObject({ bucket: 'example-org-logs', globalResourcesRegion: 'us-east-1' });
    expect(desired.config!.conformancePacks[0]!.template).toBe(files['packs/ok.yaml']);
    expect(desired.guardDuty!.filters[0]!.criterion.type).toEqual({
      Equals: ['Policy:IAMUser/RootCredentialUsage'],
    });
    expect(desired.securityHub!.policies[0]!.standards).toEqual([
      'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
    ]);
  });

  it('locates an unknown region, a home region outside the list, and an undeclared account', () => {
    expect(
      issues(`  regions: [us-east-1, eu-westt-1]
  homeRegion: ap-south-1
  cloudtrail:
    organizationTrail:
      name: org-trail
      bucket: { name: example-org-logs, account: Log Archiv }
`),
    ).toEqual([
      "10:24 error baseline-region: unknown region 'eu-westt-1': use a Region code such as us-east-1",
      "11:15 error baseline-region: 'ap-south-1' is not one of baseline.regions (us-east-1, eu-westt-1)",
      "15:50 error baseline-reference: account 'Log Archiv' is not declared under accounts:; add it there or fix the name",
    ]);
  });

  it('refuses the management account as a delegated administrator', () => {
    expect(issues(`  regions: [us-east-1]\n  guardduty: { delegatedAdministrator: Management }\n`)).toEqual([
      "11:40 error baseline-delegated-admin: 'Management' is the management account: AWS does not let it be a delegated administrator; name a member account such as a security tooling account",
    ]);
  });

  it('says which template does not parse, and where', () => {
    const found = issues(`  regions: [us-east-1]
  cloudtrail:
    organizationTrail: { name: org-trail, bucket: { name: example-org-logs, account: Log Archive } }
  config:
    delegatedAdministrator: Security
    conformancePacks:
      a: { file: packs/broken.yaml }
      b: { file: packs/list.json }
      c: { file: packs/missing.yaml }
`);
    expect(found[0]).toMatch(
      /^16:18 error baseline-template: template packs\/broken.yaml is not valid YAML \(line 3, column 1\)/,
    );
    expect(found.slice(1)).toEqual([
      '17:18 error baseline-template: template packs/list.json is not a template (a mapping)',
      '18:18 error baseline-file: template packs/missing.yaml does not exist (paths are relative to the config file)',
    ]);
  });

  it('warns when root credentials are managed centrally and the root-MFA controls stay on', () => {
    expect(
      issues(`  regions: [us-east-1]
  securityHub:
    delegatedAdministrator: Security
    configurationPolicies:
      baseline: { standards: [cis-aws-foundations-benchmark/v/3.0.0], targets: [root] }
`),
    ).toEqual([
      '14:7 warning baseline-root-mfa-controls: root credentials are managed centrally (organization.rootAccess), so members without root credentials fail IAM.6 and IAM.9 (root MFA) falsely: add them to disabledControls',
    ]);
  });

  it('names an unknown standard', () => {
    expect(
      issues(`  regions: [us-east-1]
  securityHub:
    delegatedAdministrator: Security
    configurationPolicies:
      baseline: { standards: [cis/v/9], disabledControls: [IAM.6, IAM.9], targets: [root] }
`),
    ).toEqual([
      "14:31 error baseline-standard: unknown standard 'cis/v/9': use one of aws-foundational-security-best-practices/v/1.0.0, cis-aws-foundations-benchmark/v/1.2.0, cis-aws-foundations-benchmark/v/1.4.0, cis-aws-foundations-benchmark/v/3.0.0, nist-800-53/v/5.0.0, pci-dss/v/3.2.1, aws-resource-tagging-standard/v/1.0.0",
    ]);
  });

  it('names a bad control id (schema)', () => {
    const found = issues(`  regions: [us-east-1]
  securityHub:
    delegatedAdministrator: Security
    configurationPolicies:
      baseline: { standards: [], disabledControls: [iam-six], targets: [root] }
`);
    expect(found).toEqual([expect.stringMatching(/^14:\d+ error schema: .*a control id such as IAM\.6/)]);
  });

  it('checks stack sets: their template, their OU targets, their regions', () => {
    expect(
      issues(`  regions: [us-east-1]
  stackSets:
    notify:
      file: packs/broken.yaml
      targets: [root, ou:Nowhere]
      regions: [us-east-1, xx-north-9]
`),
    ).toEqual([
      '13:13 error baseline-template: template packs/broken.yaml is not valid YAML (line 3, column 1): BAD_INDENT',
      "14:23 error baseline-reference: no OU 'Nowhere' in ous:",
      "15:28 error baseline-region: unknown region 'xx-north-9': use a Region code such as us-east-1",
    ]);
  });
});
