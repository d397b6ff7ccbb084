/**
 * Baseline item "Common settings and guardrails", its preventive controls: SCPs, RCPs, declarative
 * policies, block public access (docs/audit.md#baseline-items).
 */
import { defineCheck, type CheckContext } from '../check.js';
import type { PolicyType } from '../../model/snapshot.js';
import {
  appliesBroadly,
  conditionValues,
  coversAction,
  deniesRoot,
  exemptsAssumedRoot,
  undenied,
  type Statement,
} from '../../model/policies.js';
import { fail, listOf, pass, perAccount, perRegion } from './util.js';

const ORG_CALLS = [
  'organizations:ListRoots',
  'organizations:ListPolicies',
  'organizations:DescribePolicy',
  'organizations:ListTargetsForPolicy',
];
const ORG_PERMISSIONS = [
  'organizations:ListRoots',
  'organizations:ListPolicies',
  'organizations:DescribePolicy',
  'organizations:ListTargetsForPolicy',
];

function typeEnabled(ctx: CheckContext, type: PolicyType): boolean {
  return ctx.snapshot.organization.enabledPolicyTypes.includes(type);
}

/** Judges the deny statements of `type` reaching every member account. */
function perMemberDenies(
  ctx: CheckContext,
  type: PolicyType,
  judge: (denies: Statement[], accountId: string) => ReturnType<typeof pass> | ReturnType<typeof fail>,
): void {
  if (!typeEnabled(ctx, type)) {
    for (const m of ctx.members) ctx.report(fail(`${type} is not enabled on the root`, { account: m.id }));
    return;
  }
  for (const m of ctx.members)
    ctx.report({ ...judge(ctx.policies.inheritedDenies(m.id, type), m.id), account: m.id });
}

function denyCheck(actions: string[], what: string) {
  return (ctx: CheckContext) =>
    perMemberDenies(ctx, 'SERVICE_CONTROL_POLICY', (all) => {
      const denies = all.filter(appliesBroadly);
      const open = undenied(denies, actions);
      if (!open.length) {
        const by = [
          ...new Set(denies.filter((s) => actions.some((a) => coversAction(s, a))).map((s) => s.policy)),
        ];
        return pass(`${what} denied by ${listOf(by)}`);
      }
      return fail(`not denied: ${listOf(open)}`);
    });
}

export const scp01 = defineCheck(
  {
    id: 'SCP-01',
    title: 'SCP type enabled and custom SCPs attached',
    item: 'common',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'Service control policies are the guardrails no account administrator can remove; with only FullAWSAccess attached there are none.',
    remediation:
      'Enable SERVICE_CONTROL_POLICY on the root and attach the baseline SCPs (examples/policies) through org.yaml.',
    calls: ORG_CALLS,
    permissions: ORG_PERMISSIONS,
    compliance: { cis: '— / 2.1.2' },
  },
  (ctx) => {
    if (!typeEnabled(ctx, 'SERVICE_CONTROL_POLICY'))
      return void ctx.report(fail('SERVICE_CONTROL_POLICY is not enabled on the root'));
    const custom = ctx.snapshot.policies.filter(
      (p) => p.type === 'SERVICE_CONTROL_POLICY' && !p.awsManaged && p.targets.length > 0,
    );
    ctx.report(
      custom.length
        ? pass(`${custom.length} custom SCPs attached: ${listOf(custom.map((p) => p.name))}`)
        : fail('FullAWSAccess is the only SCP attached'),
    );
  },
);

export const scp02 = defineCheck(
  {
    id: 'SCP-02',
    title: 'Regions outside the allow-list denied',
    item: 'common',
    severity: 'high',
    vantage: 'management',
    regional: false,
    why: 'Denying unused regions shrinks where an intruder can run resources unseen and where baseline services must be kept on.',
    remediation:
      'Attach an SCP that denies `*` (NotAction for global services) when aws:RequestedRegion is not in the allow-list, exempting only break-glass and automation roles.',
    calls: [...ORG_CALLS, 'organizations:ListParents', 'organizations:ListPoliciesForTarget'],
    permissions: ORG_PERMISSIONS,
    compliance: { cis: '— / 2.1.2', prowler: 'organizations_scp_check_deny_regions' },
  },
  (ctx) =>
    perMemberDenies(ctx, 'SERVICE_CONTROL_POLICY', (_denies, accountId) => {
      const allowed = ctx.policies.allowedRegions(accountId);
      if (!allowed) return fail('no SCP denies regions outside an allow-list');
      const expected = ctx.settings.regions.allowed;
      const extra = expected ? allowed.filter((r) => !expected.includes(r)) : [];
      return extra.length
        ? fail(`allows regions outside the configured list: ${listOf(extra)}`)
        : pass(`only ${listOf(allowed, 8)} allowed`);
    }),
);

export const scp03 = defineCheck(
  {
    id: 'SCP-03',
    title: 'Leaving the organization denied',
    item: 'common',
    severity: 'high',
    vantage: 'management',
    regional: false,
    why: 'An account that leaves the organization drops every guardrail, the organization trail and central billing at once.',
    remediation: 'Attach examples/policies/deny-leave-organization.json to the root.',
    calls: ORG_CALLS,
    permissions: ORG_PERMISSIONS,
    compliance: { cis: '— / 2.1.2' },
  },
  denyCheck(['organizations:LeaveOrganization'], 'leaving the organization'),
);

export const scp04 = defineCheck(
  {
    id: 'SCP-04',
    title: 'CloudTrail tampering denied',
    item: 'common',
    severity: 'high',
    vantage: 'management',
    regional: false,
    why: 'Stopping or changing a trail is the first thing an intruder does to hide; an SCP makes it impossible even for account administrators.',
    remediation: 'Attach examples/policies/deny-disable-security-services.json to the root.',
    calls: ORG_CALLS,
    permissions: ORG_PERMISSIONS,
    compliance: { cis: '— / 2.1.2 (example)' },
  },
  denyCheck(
    [
      'cloudtrail:StopLogging',
      'cloudtrail:DeleteTrail',
      'cloudtrail:UpdateTrail',
      'cloudtrail:PutEventSelectors',
    ],
    'trail tampering',
  ),
);

export const scp05 = defineCheck(
  {
    id: 'SCP-05',
    title: 'Disabling Config, GuardDuty and Security Hub denied',
    item: 'common',
    severity: 'high',
    vantage: 'management',
    regional: false,
    why: 'Detective services only help while they run; an SCP keeps account administrators from switching them off.',
    remediation: 'Attach examples/policies/deny-disable-security-services.json to the root.',
    calls: ORG_CALLS,
    permissions: ORG_PERMISSIONS,
    compliance: { cis: '— / 2.1.2' },
  },
  denyCheck(
    [
      'config:StopConfigurationRecorder',
      'config:DeleteConfigurationRecorder',
      'config:DeleteDeliveryChannel',
      'config:PutConfigurationRecorder',
      'guardduty:DeleteDetector',
      'guardduty:DisassociateFromAdministratorAccount',
      'guardduty:UpdateDetector',
      'securityhub:DisableSecurityHub',
      'securityhub:DisassociateFromAdministratorAccount',
    ],
    'disabling detective services',
  ),
);

export const scp06 = defineCheck(
  {
    id: 'SCP-06',
    title: 'Member root actions denied, aws:AssumedRoot carved out',
    item: 'common',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'Denying every action to member root users stops anyone who still has a root password, while the exemption keeps centralized root tasks working.',
    remediation:
      'Attach an SCP denying `*` for aws:PrincipalArn arn:aws:iam::*:root with `BoolIfExists aws:AssumedRoot false`.',
    calls: ORG_CALLS,
    permissions: ORG_PERMISSIONS,
    compliance: {},
  },
  (ctx) =>
    perMemberDenies(ctx, 'SERVICE_CONTROL_POLICY', (denies) => {
      const rootDeny = denies.filter((s) => deniesRoot(s) && coversAction(s, 'iam:CreateUser'));
      if (!rootDeny.length) return fail('no SCP denies root actions');
      const exempt = rootDeny.find(exemptsAssumedRoot);
      return exempt
        ? pass(`root denied by ${exempt.policy}, AssumeRoot exempted`)
        : fail(`${rootDeny[0]!.policy} denies root without the aws:AssumedRoot exemption (ROOT-12)`);
    }),
);

const RCP_SERVICES = [
  's3:GetObject',
  'sts:AssumeRole',
  'kms:Decrypt',
  'sqs:SendMessage',
  'secretsmanager:GetSecretValue',
];

export const rcp01 = defineCheck(
  {
    id: 'RCP-01',
    title: 'Organization-only data perimeter RCP',
    item: 'common',
    severity: 'high',
    vantage: 'management',
    regional: false,
    why: 'A resource control policy that denies principals outside the organization stops a bucket, key, queue or secret from being shared out by a mistaken resource policy.',
    remediation:
      'Enable RESOURCE_CONTROL_POLICY and attach examples/policies/rcp-organization-perimeter.json to the root.',
    calls: ORG_CALLS,
    permissions: ORG_PERMISSIONS,
    compliance: { cis: '— / 2.1.2' },
  },
  (ctx) =>
    perMemberDenies(ctx, 'RESOURCE_CONTROL_POLICY', (denies) => {
      const orgId = ctx.snapshot.organization.id;
      const perimeter = denies.filter(
        (s) =>
          conditionValues(s, /^StringNotEquals(IfExists)?$/i, 'aws:PrincipalOrgID')?.includes(orgId) &&
          conditionValues(s, /^Bool(IfExists)?$/i, 'aws:PrincipalIsAWSService')?.includes('false'),
      );
      const open = RCP_SERVICES.filter((a) => !perimeter.some((s) => coversAction(s, a)));
      if (!perimeter.length) return fail('no RCP denies principals outside the organization');
      return open.length
        ? fail(`the perimeter does not cover ${listOf(open.map((a) => a.split(':')[0]!))}`)
        : pass(`perimeter by ${perimeter[0]!.policy}`);
    }),
);

export const rcp02 = defineCheck(
  {
    id: 'RCP-02',
    title: 'RCP enforces HTTPS',
    item: 'common',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'Denying requests without TLS across S3, KMS, SQS, STS and Secrets Manager protects data in transit for every resource at once.',
    remediation: 'Attach examples/policies/rcp-https-only.json to the root.',
    calls: ORG_CALLS,
    permissions: ORG_PERMISSIONS,
    compliance: { cis: '— / 2.1.2', securityHub: 'S3.5 (bucket level)' },
  },
  (ctx) =>
    perMemberDenies(ctx, 'RESOURCE_CONTROL_POLICY', (denies) => {
      const tls = denies.filter((s) =>
        conditionValues(s, /^Bool(IfExists)?$/i, 'aws:SecureTransport')?.includes('false'),
      );
      const open = RCP_SERVICES.filter((a) => !tls.some((s) => coversAction(s, a)));
      if (!tls.length) return fail('no RCP denies requests without TLS');
      return open.length
        ? fail(`HTTPS not enforced for ${listOf(open.map((a) => a.split(':')[0]!))}`)
        : pass(`HTTPS enforced by ${tls[0]!.policy}`);
    }),
);

// Declarative policies and block public access -----------------------------------------------------

/** A declarative policy value, whether shown effective (`"x"`) or with its operator (`{"@@assign": "x"}`). */
function declared(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && '@@assign' in value)
    return String((value as Record<string, unknown>)['@@assign']);
  return undefined;
}

function at(doc: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    doc,
  );
}

export const dp01 = defineCheck(
  {
    id: 'DP-01',
    title: 'EC2 declarative policy attached and effective',
    item: 'common',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'A declarative policy holds VPC, AMI and snapshot block public access on in every account and region, new ones included, and account administrators cannot turn it off.',
    remediation:
      'Enable DECLARATIVE_POLICY_EC2 and attach examples/policies/declarative-ec2-block-public-access.json to the root.',
    calls: ['organizations:ListRoots', 'organizations:ListPolicies', 'organizations:DescribeEffectivePolicy'],
    permissions: [
      'organizations:ListRoots',
      'organizations:ListPolicies',
      'organizations:DescribeEffectivePolicy',
    ],
    compliance: {},
  },
  (ctx) =>
    perAccount(
      ctx,
      'members',
      (id) => ctx.collection.central.declarativePolicies[id],
      'the effective declarative policy',
      (doc) => {
        if (!doc) return fail('no EC2 declarative policy applies');
        const attrs = at(doc, 'ec2_attributes') ?? doc;
        const vpc = declared(at(attrs, 'vpc_block_public_access', 'internet_gateway_block', 'mode'));
        const image = declared(at(attrs, 'image_block_public_access', 'state'));
        const snap = declared(at(attrs, 'snapshot_block_public_access', 'state'));
        const problems = [
          !vpc?.startsWith('block') && `VPC block public access ${vpc ?? 'unset'}`,
          image !== 'block_new_sharing' && `AMI block public access ${image ?? 'unset'}`,
          snap !== 'block_all_sharing' && `snapshot block public access ${snap ?? 'unset'}`,
        ].filter((x): x is string => Boolean(x));
        return problems.length
          ? fail(problems.join(', '))
          : pass('VPC, AMI and snapshot block public access held by declarative policy');
      },
    ),
);

export const dp02 = defineCheck(
  {
    id: 'DP-02',
    title: 'VPC Block Public Access on',
    item: 'common',
    severity: 'medium',
    vantage: 'every-account',
    regional: true,
    why: 'VPC block public access stops internet gateways from exposing any VPC in the region, whatever route tables and security groups say.',
    remediation:
      'Set it through the EC2 declarative policy (DP-01), or `aws ec2 modify-vpc-block-public-access-options --internet-gateway-block-mode block-ingress`.',
    calls: ['ec2:DescribeVpcBlockPublicAccessOptions'],
    permissions: ['ec2:DescribeVpcBlockPublicAccessOptions'],
    compliance: { securityHub: 'EC2.172' },
  },
  (ctx) =>
    perRegion(
      ctx,
      'all',
      (r) => r.blockPublicAccess.vpc,
      'the VPC block public access options',
      (v) =>
        v.mode === 'block-ingress' || v.mode === 'block-bidirectional'
          ? pass(
              `${v.mode}${v.managedBy === 'declarative-policy' ? ' (declarative policy)' : ' (set by the account)'}`,
            )
          : fail(`internet gateway block mode is ${v.mode}`),
    ),
);

export const dp03 = defineCheck(
  {
    id: 'DP-03',
    title: 'AMI Block Public Access on',
    item: 'common',
    severity: 'medium',
    vantage: 'every-account',
    regional: true,
    why: 'A public AMI can leak secrets baked into the image; block public access prevents new public sharing.',
    remediation:
      'Set it through the EC2 declarative policy (DP-01), or `aws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing`.',
    calls: ['ec2:GetImageBlockPublicAccessState'],
    permissions: ['ec2:GetImageBlockPublicAccessState'],
    compliance: { prowler: 'ec2_ami_account_block_public_access' },
  },
  (ctx) =>
    perRegion(
      ctx,
      'all',
      (r) => r.blockPublicAccess.image,
      'the AMI block public access state',
      (v) => (v.state === 'block-new-sharing' ? pass('block-new-sharing') : fail(`state is ${v.state}`)),
    ),
);

export const dp04 = defineCheck(
  {
    id: 'DP-04',
    title: 'EBS snapshot Block Public Access = block all',
    item: 'common',
    severity: 'high',
    vantage: 'every-account',
    regional: true,
    why: 'Public EBS snapshots are a classic data leak; block-all-sharing also hides snapshots that were made public before.',
    remediation:
      'Set it through the EC2 declarative policy (DP-01), or `aws ec2 enable-snapshot-block-public-access --state block-all-sharing`.',
    calls: ['ec2:GetSnapshotBlockPublicAccessState'],
    permissions: ['ec2:GetSnapshotBlockPublicAccessState'],
    compliance: { securityHub: 'EC2.182', prowler: 'ec2_ebs_snapshot_account_block_public_access' },
  },
  (ctx) =>
    perRegion(
      ctx,
      'all',
      (r) => r.blockPublicAccess.snapshot,
      'the snapshot block public access state',
      (v) => (v.state === 'block-all-sharing' ? pass('block-all-sharing') : fail(`state is ${v.state}`)),
    ),
);

export const dp05 = defineCheck(
  {
    id: 'DP-05',
    title: 'S3 account-level Block Public Access',
    item: 'common',
    severity: 'high',
    vantage: 'every-account',
    regional: false,
    why: 'Account-level block public access overrides any bucket policy or ACL that would make data public.',
    remediation:
      '`aws s3control put-public-access-block --account-id <id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.',
    calls: ['s3control:GetPublicAccessBlock'],
    permissions: ['s3:GetAccountPublicAccessBlock'],
    compliance: {
      cis: '2.1.4 / 3.1.4',
      securityHub: 'S3.1',
      prowler: 's3_account_level_public_access_blocks',
    },
  },
  (ctx) =>
    perAccount(
      ctx,
      'all',
      (id) => ctx.evidence(id)?.s3AccountBlock,
      'the S3 account public access block',
      (b) => {
        if (!b) return fail('no account-level public access block');
        const off = Object.entries(b)
          .filter(([, on]) => !on)
          .map(([k]) => k);
        return off.length ? fail(`off: ${off.join(', ')}`) : pass('all four settings on');
      },
    ),
);

export const guardrailChecks = [
  scp01,
  scp02,
  scp03,
  scp04,
  scp05,
  scp06,
  rcp01,
  rcp02,
  dp01,
  dp02,
  dp03,
  dp04,
  dp05,
];
