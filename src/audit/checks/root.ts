/** Baseline item "Root users protected" (docs/audit.md#baseline-items). */
import { deniesRoot, exemptsAssumedRoot } from '../../model/policies.js';
import { defineCheck, valueOf, type CheckContext } from '../check.js';
import type { Got } from '../../model/evidence.js';
import { daysBetween, fail, listOf, notApplicable, pass, perAccount, warn } from './util.js';

const IAM_FEATURES = ['iam:ListOrganizationsFeatures'];
const WRONG_VANTAGE = 'AccountNotManagementOrDelegatedAdministratorException';
const FEATURE_OFF = ['ServiceAccessNotEnabledException', 'OrganizationNotInAllFeaturesModeException'];

function feature(ctx: CheckContext, name: string, onMessage: string, offMessage: string): void {
  const features = ctx.collection.central.rootFeatures;
  if (!features.ok) {
    if (FEATURE_OFF.includes(features.code)) ctx.report(fail(`${offMessage} (${features.code})`));
    else if (features.code === WRONG_VANTAGE)
      ctx.report({
        status: 'UNKNOWN',
        message: 'run from the management account or the IAM delegated administrator',
      });
    else ctx.unknownIf(features, {}, 'the organization root access features');
    return;
  }
  ctx.report(features.value.includes(name) ? pass(onMessage) : fail(offMessage));
}

/** Centralized root credentials management is on (ROOT-01), or unknown. */
export function centralizedRoot(ctx: CheckContext): boolean | undefined {
  const features = ctx.collection.central.rootFeatures;
  if (features.ok) return features.value.includes('RootCredentialsManagement');
  return FEATURE_OFF.includes(features.code) ? false : undefined;
}

const summaryOf = (ctx: CheckContext) => (id: string) => ctx.evidence(id)?.summary;

export const root01 = defineCheck(
  {
    id: 'ROOT-01',
    title: 'Centralized root credentials management on',
    item: 'root',
    severity: 'high',
    vantage: 'management',
    regional: false,
    why: 'With centralized root credentials management, member accounts need no root password, keys or MFA device: the management account removes them and runs the few root tasks centrally. Every new account then starts without root credentials.',
    remediation:
      'Run `orgward root enable` (or set `organization.rootAccess.credentialsManagement: true` in org.yaml and apply).',
    calls: ['organizations:DescribeOrganization', ...IAM_FEATURES],
    permissions: ['organizations:DescribeOrganization', 'iam:ListOrganizationsFeatures'],
    compliance: { cis: '— / 2.1.1', prowler: 'iam_root_credentials_management_enabled' },
  },
  (ctx) =>
    feature(
      ctx,
      'RootCredentialsManagement',
      'centralized root credentials management is on',
      'centralized root credentials management is off',
    ),
);

export const root02 = defineCheck(
  {
    id: 'ROOT-02',
    title: 'Privileged root sessions on',
    item: 'root',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'Root sessions let the management account unlock an S3 bucket or SQS queue whose policy denies everyone, and allow password recovery, without signing in as the member root user.',
    remediation:
      'Run `orgward root enable` (or set `organization.rootAccess.rootSessions: true` in org.yaml and apply).',
    calls: IAM_FEATURES,
    permissions: ['iam:ListOrganizationsFeatures'],
    compliance: { cis: '— / 2.1.1 (part)' },
  },
  (ctx) =>
    feature(ctx, 'RootSessions', 'privileged root sessions are on', 'privileged root sessions are off'),
);

export const root03 = defineCheck(
  {
    id: 'ROOT-03',
    title: 'IAM trusted access enabled',
    item: 'root',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'Centralized root access needs trusted access for iam.amazonaws.com; without it neither feature can be enabled.',
    remediation:
      'Run `orgward root enable`, or `aws organizations enable-aws-service-access --service-principal iam.amazonaws.com`.',
    calls: ['organizations:ListAWSServiceAccessForOrganization'],
    permissions: ['organizations:ListAWSServiceAccessForOrganization'],
    compliance: { cis: '— / 2.1.1 (audit step 3)' },
  },
  (ctx) => {
    const trusted = ctx.snapshot.organization.trustedAccess;
    if (!trusted) return void ctx.report(unreadOrg(ctx, 'organization.trustedAccess', 'trusted access'));
    ctx.report(
      trusted.some((t) => t.servicePrincipal === 'iam.amazonaws.com')
        ? pass('trusted access for iam.amazonaws.com is enabled')
        : fail('trusted access for iam.amazonaws.com is not enabled'),
    );
  },
);

/** UNKNOWN for a part of the snapshot that could not be read. */
export function unreadOrg(ctx: CheckContext, part: string, what: string) {
  const gap = ctx.snapshot.gaps.find((g) => g.part === part);
  return {
    status: 'UNKNOWN' as const,
    message: `${what} could not be read${gap ? `: ${gap.code}` : ''}`,
  };
}

export const root04 = defineCheck(
  {
    id: 'ROOT-04',
    title: 'Root access management delegated to the security account',
    item: 'root',
    severity: 'low',
    vantage: 'management',
    regional: false,
    why: 'Delegating root access management to the security tooling account keeps day-to-day root tasks out of the management account.',
    remediation:
      'Run `orgward root enable --delegate "<security tooling account>"` (or set `organization.delegatedAdministrators."iam.amazonaws.com"` in org.yaml).',
    calls: ['organizations:ListDelegatedAdministrators'],
    permissions: ['organizations:ListDelegatedAdministrators'],
    compliance: { cis: '— / 2.1.1 step 5, 2.1.6', prowler: 'organizations_delegated_administrators' },
  },
  (ctx) => {
    const admins = ctx.snapshot.organization.delegatedAdministrators;
    if (!admins)
      return void ctx.report(
        unreadOrg(ctx, 'organization.delegatedAdministrators', 'delegated administrators'),
      );
    const iam = admins.filter((a) => a.servicePrincipal === 'iam.amazonaws.com').map((a) => a.accountId);
    const expected = ctx.collection.roles.securityTooling;
    if (iam.length === 0)
      return void ctx.report(
        warn('no delegated administrator for IAM: the management account does all root work'),
      );
    const names = iam.map((id) => ctx.accountName(id));
    if (expected && !iam.includes(expected))
      return void ctx.report(
        fail(
          `IAM is delegated to ${listOf(names)}, not to the security tooling account ${ctx.accountName(expected)}`,
        ),
      );
    ctx.report(pass(`IAM is delegated to ${listOf(names)}`));
  },
);

export const root05 = defineCheck(
  {
    id: 'ROOT-05',
    title: 'No member root access keys',
    item: 'root',
    severity: 'critical',
    vantage: 'every-account',
    regional: false,
    why: 'A root access key is a permanent credential with every permission in the account that no policy can limit.',
    remediation:
      'Run `orgward root delete-credentials --account <account>`; an inactive key still counts and must be deleted.',
    calls: ['iam:GetAccountSummary'],
    permissions: ['iam:GetAccountSummary'],
    compliance: { cis: '1.4 / 2.4', securityHub: 'IAM.4', prowler: 'iam_no_root_access_key' },
  },
  (ctx) =>
    perAccount(ctx, 'members', summaryOf(ctx), 'the IAM account summary', (s) =>
      s.accessKeysPresent ? fail('the root user has an access key') : pass('the root user has no access key'),
    ),
);

export const root06 = defineCheck(
  {
    id: 'ROOT-06',
    title: 'No member root console password',
    item: 'root',
    severity: 'high',
    vantage: 'every-account',
    regional: false,
    why: 'Once root credentials are managed centrally, a remaining member root password is a credential nobody should need and someone must still guard.',
    remediation: 'Run `orgward root delete-credentials --account <account>`.',
    calls: ['iam:GetAccountSummary'],
    permissions: ['iam:GetAccountSummary'],
    compliance: { cis: '1.5 audit / 2.5', securityHub: 'IAM.9' },
  },
  (ctx) => {
    const central = centralizedRoot(ctx);
    perAccount(ctx, 'members', summaryOf(ctx), 'the IAM account summary', (s) => {
      if (!s.passwordPresent) return pass('the root user has no password');
      if (central === false) return notApplicable('centralized root management is off: graded by ROOT-09');
      return fail('the root user still has a password although root credentials are managed centrally');
    });
  },
);

export const root07 = defineCheck(
  {
    id: 'ROOT-07',
    title: 'No member root signing certificates',
    item: 'root',
    severity: 'medium',
    vantage: 'every-account',
    regional: false,
    why: 'A root signing certificate is a forgotten long-lived root credential; no other tool checks for it.',
    remediation: 'Run `orgward root delete-credentials --account <account>`.',
    calls: ['iam:GetAccountSummary'],
    permissions: ['iam:GetAccountSummary'],
    compliance: {},
  },
  (ctx) =>
    perAccount(ctx, 'members', summaryOf(ctx), 'the IAM account summary', (s) =>
      s.signingCertificatesPresent
        ? fail('the root user has a signing certificate')
        : pass('the root user has no signing certificate'),
    ),
);

export const root08 = defineCheck(
  {
    id: 'ROOT-08',
    title: 'Member root credentials fully removed',
    item: 'root',
    severity: 'high',
    vantage: 'every-account',
    regional: false,
    why: 'With centralized root management on, every member root credential (password, keys, certificates, MFA devices) should be gone; a leftover MFA device shows an incomplete deletion.',
    remediation:
      'Run `orgward root delete-credentials --account <account>`: it deletes keys, certificates, the password and MFA devices in the order AWS requires and proves the account clean.',
    calls: ['iam:GetAccountSummary', 'iam:ListVirtualMFADevices'],
    permissions: ['iam:GetAccountSummary', 'iam:ListVirtualMFADevices'],
    compliance: { cis: '— / 2.1.1 (intent)' },
  },
  (ctx) => {
    ctx.report(notApplicable('the management account root cannot be managed centrally'));
    const central = centralizedRoot(ctx);
    perAccount(ctx, 'members', summaryOf(ctx), 'the IAM account summary', (s, id) => {
      if (central === false) return notApplicable('centralized root management is off: graded by ROOT-09/10');
      const left = [
        s.passwordPresent && 'password',
        s.accessKeysPresent && 'access keys',
        s.signingCertificatesPresent && 'signing certificates',
      ].filter((x): x is string => Boolean(x));
      if (left.length) return fail(`root credentials remain: ${left.join(', ')}`);
      const mfa = s.mfaEnabled || valueOf(ctx.evidence(id)?.rootVirtualMfa) === true;
      if (mfa) return fail('only a root MFA device remains (incomplete deletion)', { severity: 'low' });
      return pass('no root credentials remain');
    });
  },
);

export const root09 = defineCheck(
  {
    id: 'ROOT-09',
    title: 'Root MFA wherever root credentials exist',
    item: 'root',
    severity: 'critical',
    vantage: 'every-account',
    regional: false,
    why: 'A root password or key without MFA is one phished secret away from full control of the account. Accounts without root credentials have nothing to protect.',
    remediation:
      'Delete member root credentials (`orgward root delete-credentials`); for the management account, sign in as root and assign a hardware or FIDO MFA device.',
    calls: ['iam:GetAccountSummary'],
    permissions: ['iam:GetAccountSummary'],
    compliance: { cis: '1.5 / 2.5', securityHub: 'IAM.9', prowler: 'iam_root_mfa_enabled' },
  },
  (ctx) =>
    perAccount(ctx, 'all', summaryOf(ctx), 'the IAM account summary', (s) => {
      if (!s.passwordPresent && !s.accessKeysPresent)
        return notApplicable('the root user has no password and no access key');
      return s.mfaEnabled ? pass('the root user has MFA') : fail('the root user has credentials and no MFA');
    }),
);

export const root10 = defineCheck(
  {
    id: 'ROOT-10',
    title: 'Root MFA is hardware or FIDO',
    item: 'root',
    severity: 'medium',
    vantage: 'every-account',
    regional: false,
    why: 'A virtual MFA device lives on a phone or laptop that can be copied; root deserves a hardware or FIDO key.',
    remediation:
      'Sign in as root, remove the virtual MFA device and assign a hardware or FIDO security key, or delete the member root credentials altogether.',
    calls: ['iam:GetAccountSummary', 'iam:ListVirtualMFADevices'],
    permissions: ['iam:GetAccountSummary', 'iam:ListVirtualMFADevices'],
    compliance: { cis: '1.6 / 2.6', securityHub: 'IAM.6', prowler: 'iam_root_hardware_mfa_enabled' },
  },
  (ctx) =>
    perAccount(ctx, 'all', summaryOf(ctx), 'the IAM account summary', (s, id) => {
      if (!s.passwordPresent && !s.accessKeysPresent)
        return notApplicable('the root user has no password and no access key');
      if (!s.mfaEnabled) return fail('the root user has no MFA');
      const virtual: Got<boolean> | undefined = ctx.evidence(id)?.rootVirtualMfa;
      if (!virtual?.ok)
        return {
          status: 'UNKNOWN',
          message: `virtual MFA devices could not be read${virtual ? `: ${virtual.reason}` : ''}`,
        };
      return virtual.value
        ? fail('the root MFA device is virtual')
        : pass('the root MFA device is hardware or FIDO');
    }),
);

export const root11 = defineCheck(
  {
    id: 'ROOT-11',
    title: 'Root unused within the window',
    item: 'root',
    severity: 'medium',
    vantage: 'every-account',
    regional: false,
    why: 'Root should not be used day to day; recent use means someone still signs in as root or a root key is in use.',
    remediation:
      'Find who used root (CloudTrail, userIdentity.type = Root, not assumedRoot), give them a role, then delete the root credentials.',
    calls: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
    permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
    compliance: { cis: '1.7 / 2.7', securityHub: 'CloudWatch.1', prowler: 'iam_avoid_root_usage' },
    limitations:
      'AssumeRoot sessions are excluded by construction: the credential report does not record them. The optional CloudTrail Lake query is not run.',
  },
  (ctx) => {
    const window = ctx.settings.root.usageWindowDays;
    perAccount(
      ctx,
      'all',
      (id) => ctx.evidence(id)?.credentialReport,
      'the credential report',
      (rows) => {
        const root = rows.find((r) => r.user === '<root_account>');
        if (!root) return { status: 'UNKNOWN', message: 'the credential report has no root row' };
        const uses = [root.passwordLastUsed, ...root.accessKeys.map((k) => k.lastUsed)].filter(
          (d): d is string => Boolean(d) && daysBetween(d!, ctx.now) <= window,
        );
        return uses.length
          ? fail(
              `root was used ${Math.floor(daysBetween(uses.sort().at(-1)!, ctx.now))} days ago (window ${window} days)`,
            )
          : pass(`root not used in the last ${window} days`);
      },
    );
  },
);

export const root12 = defineCheck(
  {
    id: 'ROOT-12',
    title: 'Root-denying SCPs exempt AssumeRoot sessions',
    item: 'root',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'An SCP that denies every root action without an aws:AssumedRoot exemption also blocks the centralized root tasks (credential deletion, bucket and queue unlock).',
    remediation:
      'Add `"Condition": {"BoolIfExists": {"aws:AssumedRoot": "false"}}` (or the Control Tower ExemptAssumeRoot pattern) to the deny statement.',
    calls: ['organizations:ListPoliciesForTarget', 'organizations:DescribePolicy'],
    permissions: [
      'organizations:ListPolicies',
      'organizations:DescribePolicy',
      'organizations:ListTargetsForPolicy',
    ],
    compliance: {},
    limitations:
      'Who may call sts:AssumeRoot (iam:GetAccountAuthorizationDetails) is not evaluated yet; only the SCP side is.',
  },
  (ctx) => {
    const blocking = new Set<string>();
    for (const account of ctx.members) {
      for (const s of ctx.policies.inheritedDenies(account.id, 'SERVICE_CONTROL_POLICY')) {
        if (deniesRoot(s) && !exemptsAssumedRoot(s)) blocking.add(s.policy);
      }
    }
    ctx.report(
      blocking.size
        ? fail(`SCPs deny root actions without an aws:AssumedRoot exemption: ${listOf([...blocking])}`)
        : pass('no SCP blocks AssumeRoot sessions'),
    );
  },
);

export const rootChecks = [
  root01,
  root02,
  root03,
  root04,
  root05,
  root06,
  root07,
  root08,
  root09,
  root10,
  root11,
  root12,
];
