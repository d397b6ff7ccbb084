/**
 * The demo's landing zone: the imported organization, reorganised the way a well-run estate looks.
 * Security OU with new log-archive and security-tooling accounts, workloads under Workloads/Prod and
 * Workloads/Dev, the baseline policies from examples/policies on the root, Identity Center groups and
 * permission sets assigned to whole OUs, and centralized root access. Pure: snapshot in, files out.
 */
import { OrgwardError } from '../../errors/index.js';
import type { OrgSnapshot } from '../../model/snapshot.js';

export interface LandingZoneInput {
  snapshot: OrgSnapshot;
  /** examples/policies file name → content. */
  policies: Record<string, string>;
  /** Where each existing workload account goes: account name → OU path under Workloads or Sandbox. */
  placement: Record<string, string>;
}

const POLICIES: Array<{ name: string; type: string; file: string; description: string }> = [
  {
    name: 'DenyLeaveOrganization',
    type: 'SERVICE_CONTROL_POLICY',
    file: 'deny-leave-organization.json',
    description: 'member accounts cannot leave the organization',
  },
  {
    name: 'ProtectSecurityServices',
    type: 'SERVICE_CONTROL_POLICY',
    file: 'deny-disable-security-services.json',
    description: 'nobody but the baseline role turns off CloudTrail, Config, GuardDuty or Security Hub',
  },
  {
    name: 'DenyMemberRoot',
    type: 'SERVICE_CONTROL_POLICY',
    file: 'deny-member-root.json',
    description: 'member root users can do nothing; centralized root tasks still work',
  },
  {
    name: 'OrganizationPerimeter',
    type: 'RESOURCE_CONTROL_POLICY',
    file: 'rcp-organization-perimeter.json',
    description: 'resources accept principals of this organization only',
  },
  {
    name: 'HttpsOnly',
    type: 'RESOURCE_CONTROL_POLICY',
    file: 'rcp-https-only.json',
    description: 'S3, SQS, KMS, Secrets Manager and STS only over TLS',
  },
  {
    name: 'Ec2BlockPublicAccess',
    type: 'DECLARATIVE_POLICY_EC2',
    file: 'declarative-ec2-block-public-access.json',
    description: 'VPC, AMI and snapshot block public access everywhere',
  },
];

const q = (s: string) => (/^[\w .@+-]+$/.test(s) && !/^\d+$/.test(s) ? s : JSON.stringify(s));

/** The organization conformance pack the demo's baseline deploys. */
const CONFORMANCE_PACK = `Resources:
  CloudTrailEnabled:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: cloudtrail-enabled
      Source: { Owner: AWS, SourceIdentifier: CLOUD_TRAIL_ENABLED }
  S3AccountLevelPublicAccessBlocks:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: s3-account-level-public-access-blocks-periodic
      Source: { Owner: AWS, SourceIdentifier: S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC }
`;

/**
 * The security baseline added to the landing zone's org.yaml (chapter 4): the organization trail into
 * Log Archive, Config everywhere with an aggregator and a pack, GuardDuty and Security Hub central
 * configuration from Security Tooling, an organization analyzer, account guards and a security contact.
 */
export function baselineFiles(
  orgYaml: string,
  snapshot: OrgSnapshot,
  regions: string[],
): Map<string, string> {
  const mgmt = snapshot.accounts.find((a) => a.id === snapshot.organization.managementAccountId)!;
  const domain = mgmt.email.split('@')[1] ?? 'example.com';
  const lines = [
    'baseline:',
    `  regions: [${regions.join(', ')}]`,
    '  cloudtrail:',
    '    organizationTrail:',
    '      name: organization-trail',
    `      bucket: { name: org-logs-${snapshot.organization.id.slice(2)}, account: Log Archive, expireAfterDays: 400 }`,
    `      kmsKeyArn: arn:aws:kms:${regions[0]}:${mgmt.id}:alias/organization-trail`,
    '  config:',
    '    delegatedAdministrator: Security Tooling',
    '    conformancePacks: { baseline-rules: { file: conformance-packs/baseline-rules.yaml } }',
    '  guardduty:',
    '    delegatedAdministrator: Security Tooling',
    '    autoEnable: ALL',
    '    features: { S3_DATA_EVENTS: ALL, EBS_MALWARE_PROTECTION: ALL, RUNTIME_MONITORING: ALL }',
    '    suppressionRules: { centralized-root-access: { preset: root-access-sessions } }',
    '  securityHub:',
    '    delegatedAdministrator: Security Tooling',
    '    configurationPolicies:',
    '      organization-baseline:',
    '        standards: [aws-foundational-security-best-practices/v/1.0.0, cis-aws-foundations-benchmark/v/3.0.0]',
    '        disabledControls: [IAM.6, IAM.9]',
    '        targets: [root]',
    '  accessAnalyzer: { account: Security Tooling, analyzers: { organization: ORGANIZATION } }',
    '  accounts:',
    '    alternateContacts:',
    `      security: { name: Security Team, title: Security, email: security@${domain}, phone: +1 555 0100 }`,
  ];
  const withBaseline = orgYaml.replace(/^prune:/m, `${lines.join('\n')}\nprune:`);
  return new Map([
    ['org.yaml', withBaseline],
    ['conformance-packs/baseline-rules.yaml', CONFORMANCE_PACK],
  ]);
}

export function landingZoneFiles(input: LandingZoneInput): Map<string, string> {
  const { snapshot, placement } = input;
  const mgmt = snapshot.accounts.find((a) => a.id === snapshot.organization.managementAccountId)!;
  const domain = mgmt.email.split('@')[1] ?? 'example.com';
  const byOu = new Map<string, string[]>();
  for (const [name, path] of Object.entries(placement)) byOu.set(path, [...(byOu.get(path) ?? []), name]);
  const list = (names: string[] | undefined) => `[${(names ?? []).map(q).join(', ')}]`;
  const workloadOus = [...byOu.keys()].filter((p) => p.startsWith('Workloads/')).map((p) => p.split('/')[1]!);
  const lines = [
    '# A landing zone for this organization (written by `orgward demo`; edit it like any org.yaml).',
    'organization:',
    '  featureSet: ALL',
    '  policyTypes: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, DECLARATIVE_POLICY_EC2]',
    '  trustedAccess: [sso.amazonaws.com, iam.amazonaws.com, cloudtrail.amazonaws.com, account.amazonaws.com, guardduty.amazonaws.com, securityhub.amazonaws.com, config.amazonaws.com, access-analyzer.amazonaws.com]',
    '  delegatedAdministrators:',
    ...['iam', 'guardduty', 'securityhub', 'config', 'access-analyzer'].map(
      (s) => `    ${s}.amazonaws.com: Security Tooling`,
    ),
    '  rootAccess: { credentialsManagement: true, rootSessions: true }',
    'ous:',
    '  Security:',
    '    accounts: [Log Archive, Security Tooling]',
    '  Workloads:',
    '    ous:',
    ...workloadOus.map((ou) => `      ${ou}: { accounts: ${list(byOu.get(`Workloads/${ou}`))} }`),
    ...(byOu.has('Sandbox') ? ['  Sandbox:', `    accounts: ${list(byOu.get('Sandbox'))}`] : []),
    'accounts:',
    `  ${q(mgmt.name)}: { email: ${mgmt.email}, id: "${mgmt.id}" }`,
    `  Log Archive: { email: aws+log-archive@${domain} }`,
    `  Security Tooling: { email: aws+security-tooling@${domain} }`,
    ...snapshot.accounts
      .filter((a) => a.id !== mgmt.id && placement[a.name])
      .map((a) => `  ${q(a.name)}: { email: ${a.email}, id: "${a.id}" }`),
    'policies:',
    ...POLICIES.flatMap((p) => [
      `  ${p.name}:`,
      `    type: ${p.type}`,
      `    description: ${p.description}`,
      `    file: policies/${p.file}`,
      '    attach: [root]',
    ]),
    'identityCenter:',
    '  users:',
    `    alice: { displayName: Alice Example, email: alice@${domain} }`,
    `    bob: { displayName: Bob Example, email: bob@${domain} }`,
    `    carol: { displayName: Carol Example, email: carol@${domain} }`,
    '  groups:',
    '    Platform: { members: [alice] }',
    '    Developers: { members: [bob, carol] }',
    '    Security: { members: [alice] }',
    '  permissionSets:',
    '    Administrator: { sessionDuration: PT1H, managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess] }',
    '    Developer: { sessionDuration: PT4H, managedPolicies: [arn:aws:iam::aws:policy/PowerUserAccess] }',
    '    ReadOnly: { sessionDuration: PT8H, managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] }',
    '  assignments:',
    '    - { group: Platform, permissionSet: Administrator, targets: [root] }',
    '    - { group: Security, permissionSet: ReadOnly, targets: [root] }',
    '    - { group: Developers, permissionSet: Developer, targets: [ou:Workloads] }',
    'prune: [policies, permissionSets, assignments]',
    '',
  ];
  const files = new Map<string, string>([['org.yaml', lines.join('\n')]]);
  for (const p of POLICIES) {
    const text = input.policies[p.file];
    if (text === undefined)
      throw new OrgwardError('INTERNAL', `examples/policies/${p.file} is missing`, { source: 'internal' });
    files.set(`policies/${p.file}`, text.replace('o-exampleorgid', snapshot.organization.id));
  }
  return files;
}
