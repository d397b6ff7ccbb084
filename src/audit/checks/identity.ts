/**
 * Baseline items "People sign in through federation" (IDN) and "Management account kept clean" (MGMT,
 * ORG) (docs/audit.md#baseline-items).
 */
import { defineCheck, type CheckContext } from '../check.js';
import type { CredentialReportRow } from '../../model/evidence.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import { unreadOrg } from './root.js';
import { daysBetween, fail, listOf, notApplicable, pass, perAccount, perRegion, warn } from './util.js';

const REPORT_CALLS = ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'];
const users = (rows: CredentialReportRow[]) => rows.filter((r) => r.user !== '<root_account>');
const reportOf = (ctx: CheckContext) => (id: string) => ctx.evidence(id)?.credentialReport;

export const idn01 = defineCheck(
  {
    id: 'IDN-01',
    title: 'IAM Identity Center organization instance active',
    item: 'federation',
    severity: 'high',
    vantage: 'management',
    regional: false,
    why: 'Identity Center gives people one sign-in (or your IdP) for every account, with access granted by group and removed in one place.',
    remediation:
      'Enable IAM Identity Center in the management account (organization instance), connect your identity provider, and manage access with org.yaml `identityCenter`.',
    calls: ['sso-admin:ListInstances', 'organizations:ListDelegatedAdministrators'],
    permissions: ['sso:ListInstances', 'organizations:ListDelegatedAdministrators'],
    compliance: { cis: '1.21 / 2.19', prowler: 'iam_check_saml_providers_sts' },
  },
  (ctx) => {
    if (ctx.snapshot.identityCenter)
      return void ctx.report(
        pass('the organization instance is active', { resource: ctx.snapshot.identityCenter.instanceArn }),
      );
    const gap = ctx.snapshot.gaps.find((g) => g.part.startsWith('identityCenter'));
    ctx.report(
      gap ? unreadOrg(ctx, gap.part, 'Identity Center') : fail('IAM Identity Center is not enabled'),
    );
  },
);

export const idn02 = defineCheck(
  {
    id: 'IDN-02',
    title: 'Every account reachable through federation',
    item: 'federation',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'An account no permission set reaches can only be entered with IAM users or root, the credentials the baseline removes.',
    remediation:
      'Assign at least one group and permission set to the account, best through an OU-level assignment in org.yaml so new accounts get it too.',
    calls: ['sso-admin:ListPermissionSetsProvisionedToAccount'],
    permissions: ['sso:ListPermissionSetsProvisionedToAccount'],
    compliance: { cis: '1.21 / 2.19', prowler: 'iam_check_saml_providers_sts' },
    limitations:
      'Reads Identity Center from the snapshot; SAML providers for other identity providers (iam:ListSAMLProviders) are not read yet.',
  },
  (ctx) => {
    const ic = ctx.snapshot.identityCenter;
    // Permission sets per account, grouped once (filtering every assignment per account was quadratic).
    const setsOf = new Map<string, Set<string>>();
    for (const { accountId, permissionSetArn } of [...(ic?.provisioning ?? []), ...(ic?.assignments ?? [])]) {
      const sets = setsOf.get(accountId) ?? new Set<string>();
      sets.add(permissionSetArn);
      setsOf.set(accountId, sets);
    }
    for (const account of ctx.accounts) {
      if (!ic) {
        ctx.report({
          status: 'UNKNOWN',
          account: account.id,
          message: 'Identity Center is not enabled or could not be read (IDN-01)',
        });
        continue;
      }
      const sets = setsOf.get(account.id) ?? new Set<string>();
      ctx.report(
        sets.size
          ? pass(`${sets.size} permission sets provisioned`, { account: account.id })
          : fail('no permission set is provisioned to the account', { account: account.id }),
      );
    }
  },
);

/**
 * `, ready to retire: …` when the organization's Identity Center has a user of the same name (or whose
 * e-mail address starts with it): the person can move, and the IAM user can go.
 */
function readiness(ctx: { snapshot: OrgSnapshot }, iamUser: string, account: string): string {
  const match = identityCenterUsersByName(ctx.snapshot).get(iamUser.toLowerCase());
  return match
    ? `; ready to retire: Identity Center user ${match.userName} exists (orgward iam-users retire --user ${account}/${iamUser} --phase deactivate)`
    : '';
}

type IdentityCenterUser = NonNullable<OrgSnapshot['identityCenter']>['users'][number];

const usersByName = new WeakMap<OrgSnapshot, Map<string, IdentityCenterUser>>();

/**
 * Identity Center users by lower-case user name, user name before `@` and e-mail address before `@`;
 * the first user (in snapshot order) wins a name, as a scan would find. Built once per snapshot.
 */
function identityCenterUsersByName(snapshot: OrgSnapshot): Map<string, IdentityCenterUser> {
  let index = usersByName.get(snapshot);
  if (!index) {
    index = new Map();
    for (const user of snapshot.identityCenter?.users ?? []) {
      const userName = user.userName.toLowerCase();
      for (const key of [userName, userName.split('@')[0]!, (user.email ?? '').toLowerCase().split('@')[0]!])
        if (!index.has(key)) index.set(key, user);
    }
    usersByName.set(snapshot, index);
  }
  return index;
}

export const idn03 = defineCheck(
  {
    id: 'IDN-03',
    title: 'No human IAM users with console passwords',
    item: 'federation',
    severity: 'high',
    vantage: 'every-account',
    regional: false,
    why: 'Per-account IAM users with passwords are credentials nobody rotates and nobody removes when people leave.',
    remediation:
      'Give the person an Identity Center user and assignment (`orgward iam-users plan --to-identity-center --merge org.yaml`, then plan and apply), then retire the IAM user (`orgward iam-users retire --phase deactivate`, later `--phase delete`); list true break-glass users in audit.yaml `iam.breakGlassUsers`. A finding that says "ready to retire" has its Identity Center user already.',
    calls: REPORT_CALLS,
    permissions: REPORT_CALLS,
    compliance: { cis: '1.21 / 2.19', prowler: 'iam_user_console_access_unused' },
  },
  (ctx) => {
    const breakGlass = new Set(ctx.settings.iam.breakGlassUsers);
    perAccount(ctx, 'all', reportOf(ctx), 'the credential report', (rows) => {
      const humans = users(rows).filter((u) => u.passwordEnabled && !breakGlass.has(u.user));
      return humans.length
        ? humans.map((u) =>
            fail(
              `IAM user ${u.user} has a console password${readiness(ctx, u.user, u.arn.split(':')[4] ?? '')}`,
              {
                resource: u.arn,
              },
            ),
          )
        : pass('no IAM user has a console password (break-glass users excepted)');
    });
  },
);

export const idn04 = defineCheck(
  {
    id: 'IDN-04',
    title: 'No stale or long-lived IAM user access keys',
    item: 'federation',
    severity: 'medium',
    vantage: 'every-account',
    regional: false,
    why: 'Old and unused access keys are how leaked credentials keep working for years.',
    remediation:
      'Replace the key with a role (Identity Center for people, IAM roles for workloads); otherwise rotate it and delete unused keys. `orgward iam-users inventory` shows which users are machines and where their keys were last used; `orgward iam-users retire --dormant-days 90 --phase deactivate` retires unused ones.',
    calls: REPORT_CALLS,
    permissions: REPORT_CALLS,
    compliance: {
      cis: '1.12, 1.14 / 2.11, 2.12',
      securityHub: 'IAM.3, IAM.22, IAM.8',
      prowler: 'iam_rotate_access_key_90_days',
    },
  },
  (ctx) => {
    const { accessKeyMaxAgeDays: maxAge, accessKeyUnusedDays: unused } = ctx.settings.iam;
    perAccount(ctx, 'all', reportOf(ctx), 'the credential report', (rows) => {
      const stale = users(rows).flatMap((u) =>
        u.accessKeys
          .filter((k) => k.active)
          .map((k) => {
            const age = k.lastRotated ? daysBetween(k.lastRotated, ctx.now) : 0;
            const idle = k.lastUsed ? daysBetween(k.lastUsed, ctx.now) : age;
            if (age > maxAge)
              return fail(`IAM user ${u.user} has an access key ${Math.floor(age)} days old`, {
                resource: u.arn,
              });
            if (idle > unused)
              return fail(`IAM user ${u.user} has an access key unused for ${Math.floor(idle)} days`, {
                resource: u.arn,
              });
            return undefined;
          })
          .filter((r) => r !== undefined),
      );
      return stale.length
        ? stale
        : pass(`no active key older than ${maxAge} days or unused for ${unused} days`);
    });
  },
);

export const idn05 = defineCheck(
  {
    id: 'IDN-05',
    title: 'Remaining console IAM users have MFA',
    item: 'federation',
    severity: 'high',
    vantage: 'every-account',
    regional: false,
    why: 'A console password without MFA is one phished secret away from the account.',
    remediation:
      'Assign an MFA device to the user, or better move the person to Identity Center and retire the user (`orgward iam-users plan --to-identity-center`, then `orgward iam-users retire`).',
    calls: REPORT_CALLS,
    permissions: REPORT_CALLS,
    compliance: { cis: '1.10 / 2.10', securityHub: 'IAM.5', prowler: 'iam_user_mfa_enabled_console_access' },
  },
  (ctx) =>
    perAccount(ctx, 'all', reportOf(ctx), 'the credential report', (rows) => {
      const console = users(rows).filter((u) => u.passwordEnabled);
      if (!console.length) return notApplicable('no IAM user has a console password');
      const without = console.filter((u) => !u.mfaActive);
      return without.length
        ? without.map((u) => fail(`IAM user ${u.user} has a password and no MFA`, { resource: u.arn }))
        : pass('every console user has MFA');
    }),
);

export const mgmt01 = defineCheck(
  {
    id: 'MGMT-01',
    title: 'No workloads in the management account',
    item: 'management',
    severity: 'high',
    vantage: 'management',
    regional: true,
    why: 'SCPs do not apply to the management account; whoever compromises a workload there holds the whole organization.',
    remediation:
      'Move the workloads to a member account (see docs/migrate-management-workloads.md); keep only governance resources in the management account.',
    calls: [
      'ec2:DescribeInstances',
      'elasticloadbalancing:DescribeLoadBalancers',
      'lambda:ListFunctions',
      'rds:DescribeDBInstances',
      'ec2:DescribeVpcs',
      's3:ListBuckets',
    ],
    permissions: [
      'ec2:DescribeInstances',
      'elasticloadbalancing:DescribeLoadBalancers',
      'lambda:ListFunctions',
      'rds:DescribeDBInstances',
      'ec2:DescribeVpcs',
      's3:ListAllMyBuckets',
    ],
    compliance: { cis: '— / 2.1.3' },
    limitations: 'ECS, EKS and DynamoDB are not listed yet.',
  },
  (ctx) => {
    const mgmt = ctx.management.id;
    const onlyManagement: CheckContext = { ...ctx, accounts: [ctx.management] };
    perRegion(
      onlyManagement,
      'all',
      (r) => r.workloads,
      'the workloads',
      (w) => {
        const found = [
          ...w.instances.map((i) => `instance ${i}`),
          ...w.loadBalancers.map((l) => `load balancer ${l}`),
          ...w.functions.map((f) => `function ${f}`),
          ...w.dbInstances.map((d) => `database ${d}`),
        ];
        if (found.length) return fail(`${found.length} workload resources: ${listOf(found)}`);
        if (w.vpcs.length) return warn(`non-default VPCs: ${listOf(w.vpcs)}`);
        return pass('no workload resources');
      },
    );
    const buckets = ctx.evidence(mgmt)?.buckets;
    if (buckets?.ok) {
      const other = buckets.value.filter(
        (b) => !/cloudtrail|config|controltower|aws-sam|cdk-|cur|sra-|orgward|logs?\b/i.test(b),
      );
      if (other.length) ctx.report(warn(`non-governance buckets: ${listOf(other)}`));
    }
  },
);

export const mgmt02 = defineCheck(
  {
    id: 'MGMT-02',
    title: 'No IAM users in the management account beyond break-glass',
    item: 'management',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'IAM users in the management account are standing credentials to the most powerful account of the organization.',
    remediation:
      'Move people to Identity Center (`orgward iam-users plan --to-identity-center`) and workloads to roles; retire the users (`orgward iam-users retire --user <name> --phase deactivate`: the management account is only touched for users named); keep only the break-glass users listed in audit.yaml.',
    calls: REPORT_CALLS,
    permissions: REPORT_CALLS,
    compliance: { cis: '— / 2.19' },
  },
  (ctx) => {
    const breakGlass = new Set(ctx.settings.iam.breakGlassUsers);
    const got = ctx.evidence(ctx.management.id)?.credentialReport;
    if (ctx.unknownIf(got, {}, 'the credential report') || !got?.ok) return;
    const extra = users(got.value).filter((u) => !breakGlass.has(u.user));
    ctx.report(
      extra.length
        ? fail(`${extra.length} IAM users: ${listOf(extra.map((u) => u.user))}`)
        : pass('no IAM users beyond break-glass'),
    );
  },
);

/** Delegable services and the account that should administer them. */
const DELEGABLE: Record<string, 'securityTooling' | 'logArchive'> = {
  'guardduty.amazonaws.com': 'securityTooling',
  'securityhub.amazonaws.com': 'securityTooling',
  'config.amazonaws.com': 'securityTooling',
  'config-multiaccountsetup.amazonaws.com': 'securityTooling',
  'access-analyzer.amazonaws.com': 'securityTooling',
  'cloudtrail.amazonaws.com': 'securityTooling',
  'iam.amazonaws.com': 'securityTooling',
  'sso.amazonaws.com': 'securityTooling',
  'member.org.stacksets.cloudformation.amazonaws.com': 'securityTooling',
  'inspector2.amazonaws.com': 'securityTooling',
  'macie.amazonaws.com': 'securityTooling',
  'detective.amazonaws.com': 'securityTooling',
  'fms.amazonaws.com': 'securityTooling',
  'securitylake.amazonaws.com': 'logArchive',
};

export const mgmt03 = defineCheck(
  {
    id: 'MGMT-03',
    title: 'Delegable services delegated to the right accounts',
    item: 'management',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'Every service administered from the management account is one more reason for people to work there.',
    remediation:
      'Register the security tooling account (log archive for Security Lake) as delegated administrator of each service in org.yaml `organization.delegatedAdministrators`.',
    calls: ['organizations:ListAWSServiceAccessForOrganization', 'organizations:ListDelegatedAdministrators'],
    permissions: [
      'organizations:ListAWSServiceAccessForOrganization',
      'organizations:ListDelegatedAdministrators',
    ],
    compliance: { cis: '— / 2.1.5, 2.1.6', prowler: 'organizations_delegated_administrators' },
  },
  (ctx) => {
    const { trustedAccess, delegatedAdministrators } = ctx.snapshot.organization;
    if (!trustedAccess || !delegatedAdministrators)
      return void ctx.report(
        unreadOrg(
          ctx,
          trustedAccess ? 'organization.delegatedAdministrators' : 'organization.trustedAccess',
          'trusted access and delegation',
        ),
      );
    const inUse = trustedAccess.map((t) => t.servicePrincipal).filter((s) => s in DELEGABLE);
    if (!inUse.length) return void ctx.report(notApplicable('no delegable service has trusted access'));
    for (const service of inUse) {
      const expected = ctx.collection.roles[DELEGABLE[service]!];
      const admins = delegatedAdministrators
        .filter((d) => d.servicePrincipal === service)
        .map((d) => d.accountId);
      if (!admins.length) ctx.report(fail(`${service} is used but not delegated`, { resource: service }));
      else if (expected && !admins.includes(expected))
        ctx.report(
          fail(`${service} is delegated to ${listOf(admins.map((a) => ctx.accountName(a)))}`, {
            resource: service,
          }),
        );
      else
        ctx.report(pass(`${service} is delegated to ${ctx.accountName(admins[0]!)}`, { resource: service }));
    }
  },
);

export const org01 = defineCheck(
  {
    id: 'ORG-01',
    title: 'All features on; every account an ACTIVE member',
    item: 'management',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'Without all features there are no SCPs, RCPs or delegated administrators; suspended and closing accounts should not linger.',
    remediation:
      'Enable all features (`aws organizations enable-all-features`); remove or reopen accounts that are not ACTIVE.',
    calls: ['organizations:DescribeOrganization', 'organizations:ListAccounts'],
    permissions: ['organizations:DescribeOrganization', 'organizations:ListAccounts'],
    compliance: { securityHub: 'Account.2', prowler: 'organizations_account_part_of_organizations' },
  },
  (ctx) => {
    if (ctx.snapshot.organization.featureSet !== 'ALL')
      return void ctx.report(fail('the organization is in CONSOLIDATED_BILLING mode'));
    const inactive = ctx.snapshot.accounts.filter((a) => a.state !== 'ACTIVE');
    ctx.report(
      inactive.length
        ? warn(
            `all features on; accounts not ACTIVE: ${listOf(inactive.map((a) => `${a.name} (${a.state})`))}`,
          )
        : pass('all features on; every account ACTIVE'),
    );
  },
);

export const org02 = defineCheck(
  {
    id: 'ORG-02',
    title: 'Security OU holds security tooling and log archive',
    item: 'management',
    severity: 'low',
    vantage: 'management',
    regional: false,
    why: 'Keeping the security accounts in their own OU lets them get their own, stricter guardrails, apart from workloads.',
    remediation:
      'Create a Security OU and move the security tooling and log-archive accounts into it (`ous.Security.accounts` in org.yaml).',
    calls: [
      'organizations:ListRoots',
      'organizations:ListOrganizationalUnitsForParent',
      'organizations:ListAccountsForParent',
    ],
    permissions: [
      'organizations:ListRoots',
      'organizations:ListOrganizationalUnitsForParent',
      'organizations:ListAccountsForParent',
    ],
    compliance: { cis: '— / 2.1.4' },
  },
  (ctx) => {
    const { securityTooling, logArchive } = ctx.collection.roles;
    if (!securityTooling || !logArchive)
      return void ctx.report(
        warn('no security tooling or log-archive account recognised (set accounts in audit.yaml)'),
      );
    const parent = (id: string) => ctx.snapshot.accounts.find((a) => a.id === id)?.parentId;
    const p1 = parent(securityTooling);
    const p2 = parent(logArchive);
    const ou = ctx.snapshot.ous.find((o) => o.id === p1);
    ctx.report(
      p1 === p2 && ou
        ? pass(`both sit in OU ${ou.path}`)
        : warn('the security tooling and log-archive accounts are not together in a dedicated OU'),
    );
  },
);

export const org03 = defineCheck(
  {
    id: 'ORG-03',
    title: 'Security alternate contact set on every account',
    item: 'management',
    severity: 'medium',
    vantage: 'management',
    regional: false,
    why: 'AWS sends security notices (abuse reports, exposed keys) to the security contact; without one they go to whoever opened the account.',
    remediation:
      '`aws account put-alternate-contact --account-id <id> --alternate-contact-type SECURITY ...` from the management account.',
    calls: ['account:GetAlternateContact'],
    permissions: ['account:GetAlternateContact'],
    compliance: {
      cis: '1.2 / 2.3',
      securityHub: 'Account.1',
      prowler: 'account_security_contact_information_is_registered',
    },
  },
  (ctx) =>
    perAccount(
      ctx,
      'all',
      (id) => ctx.collection.central.securityContacts[id],
      'the alternate contacts',
      (set) => (set ? pass('a security contact is set') : fail('no security contact')),
    ),
);

export const identityChecks = [
  idn01,
  idn02,
  idn03,
  idn04,
  idn05,
  mgmt01,
  mgmt02,
  mgmt03,
  org01,
  org02,
  org03,
];
