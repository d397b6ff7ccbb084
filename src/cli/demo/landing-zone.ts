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
