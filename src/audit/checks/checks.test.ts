/**
 * Data-driven cases for every check (ESLint-rule style): a well-run organization passes all 59; each
 * case changes one fact and expects one verdict for one subject.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../engine.js';
import { got, missing, type AuditCollection } from '../../model/evidence.js';
import { ALL_CHECKS } from '../registry.js';
import { auditSettingsSchema, type AuditSettingsInput } from '../../model/audit-settings.js';
import type { Status } from '../types.js';
import { goodCollection, IDS, NOW, type PolicyFiles } from './testing.js';

const dir = join(import.meta.dirname, '../../../examples/policies');
const FILES: PolicyFiles = Object.fromEntries(
  readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
);

interface Case {
  name: string;
  check: string;
  change: (c: AuditCollection) => void;
  settings?: AuditSettingsInput;
  account?: string;
  region?: string;
  status: Status;
  message?: RegExp;
}

const denied = missing<never>('AccessDenied', 'iam:GetAccountSummary AccessDenied');
const acct = (c: AuditCollection, id: string = IDS.prod) => c.accounts[id]!;
const region = (c: AuditCollection, id: string = IDS.prod, r = 'us-east-1') => acct(c, id).byRegion[r]!;
const summary = (
  c: AuditCollection,
  change: Partial<{
    mfaEnabled: boolean;
    passwordPresent: boolean;
    accessKeysPresent: boolean;
    signingCertificatesPresent: boolean;
  }>,
  id: string = IDS.prod,
) => {
  const s = acct(c, id).summary;
  if (s.ok) Object.assign(s.value, change);
};
const policyOff = (c: AuditCollection, name: string) =>
  (c.snapshot.policies = c.snapshot.policies.filter((p) => p.name !== name));
const orgTrail = (c: AuditCollection) => (c.central.trails.ok ? c.central.trails.value[0]! : undefined)!;
const recorder = (c: AuditCollection, id: string = IDS.prod) => {
  const cfg = region(c, id).config;
  return cfg.ok ? cfg.value.recorders[0]! : undefined!;
};
const users = (
  c: AuditCollection,
  id: string,
  rows: Array<{
    user: string;
    password?: boolean;
    mfa?: boolean;
    keyRotated?: string;
    keyUsed?: string | null;
  }>,
) => {
  const report = acct(c, id).credentialReport;
  if (!report.ok) return;
  for (const r of rows)
    report.value.push({
      user: r.user,
      arn: `arn:aws:iam::${id}:user/${r.user}`,
      passwordEnabled: r.password ?? false,
      passwordLastUsed: null,
      mfaActive: r.mfa ?? false,
      accessKeys: r.keyRotated
        ? [{ active: true, lastRotated: r.keyRotated, lastUsed: r.keyUsed ?? null }]
        : [],
    });
};

const CASES: Case[] = [
  {
    name: 'features off',
    check: 'ROOT-01',
    change: (c) => (c.central.rootFeatures = got([])),
    status: 'FAIL',
  },
  {
    name: 'trusted access off',
    check: 'ROOT-01',
    change: (c) => (c.central.rootFeatures = missing('ServiceAccessNotEnabledException', 'x')),
    status: 'FAIL',
  },
  {
    name: 'wrong vantage',
    check: 'ROOT-01',
    change: (c) =>
      (c.central.rootFeatures = missing('AccountNotManagementOrDelegatedAdministratorException', 'x')),
    status: 'UNKNOWN',
  },
  {
    name: 'denied',
    check: 'ROOT-01',
    change: (c) => (c.central.rootFeatures = missing('AccessDenied', 'x')),
    status: 'UNKNOWN',
  },
  {
    name: 'sessions off',
    check: 'ROOT-02',
    change: (c) => (c.central.rootFeatures = got(['RootCredentialsManagement'])),
    status: 'FAIL',
  },
  {
    name: 'no iam trusted access',
    check: 'ROOT-03',
    change: (c) => (c.snapshot.organization.trustedAccess = []),
    status: 'FAIL',
  },
  {
    name: 'trusted access unread',
    check: 'ROOT-03',
    change: (c) => (c.snapshot.organization.trustedAccess = null),
    status: 'UNKNOWN',
  },
  {
    name: 'no iam delegation',
    check: 'ROOT-04',
    change: (c) => (c.snapshot.organization.delegatedAdministrators = []),
    status: 'WARN',
  },
  {
    name: 'iam delegated to a workload account',
    check: 'ROOT-04',
    change: (c) =>
      (c.snapshot.organization.delegatedAdministrators = [
        { accountId: IDS.prod, servicePrincipal: 'iam.amazonaws.com', since: null },
      ]),
    status: 'FAIL',
  },
  {
    name: 'root key',
    check: 'ROOT-05',
    change: (c) => summary(c, { accessKeysPresent: true }),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'summary denied',
    check: 'ROOT-05',
    change: (c) => (acct(c).summary = denied),
    account: IDS.prod,
    status: 'UNKNOWN',
  },
  {
    name: 'password left with central management',
    check: 'ROOT-06',
    change: (c) => summary(c, { passwordPresent: true }),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'password without central management',
    check: 'ROOT-06',
    change: (c) => {
      summary(c, { passwordPresent: true });
      c.central.rootFeatures = got([]);
    },
    account: IDS.prod,
    status: 'NOT_APPLICABLE',
  },
  {
    name: 'certificate',
    check: 'ROOT-07',
    change: (c) => summary(c, { signingCertificatesPresent: true }),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'only an MFA device left',
    check: 'ROOT-08',
    change: (c) => summary(c, { mfaEnabled: true }),
    account: IDS.prod,
    status: 'FAIL',
    message: /incomplete/,
  },
  {
    name: 'management account',
    check: 'ROOT-08',
    change: () => undefined,
    account: IDS.mgmt,
    status: 'NOT_APPLICABLE',
  },
  {
    name: 'central management off',
    check: 'ROOT-08',
    change: (c) => (c.central.rootFeatures = got([])),
    account: IDS.prod,
    status: 'NOT_APPLICABLE',
  },
  {
    name: 'member without credentials',
    check: 'ROOT-09',
    change: () => undefined,
    account: IDS.prod,
    status: 'NOT_APPLICABLE',
  },
  {
    name: 'management root without MFA',
    check: 'ROOT-09',
    change: (c) => summary(c, { mfaEnabled: false }, IDS.mgmt),
    account: IDS.mgmt,
    status: 'FAIL',
  },
  {
    name: 'virtual root MFA',
    check: 'ROOT-10',
    change: (c) => (acct(c, IDS.mgmt).rootVirtualMfa = got(true)),
    account: IDS.mgmt,
    status: 'FAIL',
  },
  {
    name: 'virtual devices unread',
    check: 'ROOT-10',
    change: (c) => (acct(c, IDS.mgmt).rootVirtualMfa = denied),
    account: IDS.mgmt,
    status: 'UNKNOWN',
  },
  {
    name: 'no credentials',
    check: 'ROOT-10',
    change: () => undefined,
    account: IDS.prod,
    status: 'NOT_APPLICABLE',
  },
  {
    name: 'root used last week',
    check: 'ROOT-11',
    change: (c) => {
      const r = acct(c, IDS.mgmt).credentialReport;
      if (r.ok) r.value[0]!.passwordLastUsed = '2026-11-15T00:00:00Z';
    },
    account: IDS.mgmt,
    status: 'FAIL',
  },
  {
    name: 'report unread',
    check: 'ROOT-11',
    change: (c) => (acct(c).credentialReport = denied),
    account: IDS.prod,
    status: 'UNKNOWN',
  },
  {
    name: 'root deny without AssumedRoot exemption',
    check: 'ROOT-12',
    change: (c) =>
      (c.snapshot.policies.find((p) => p.name === 'DenyMemberRoot')!.content = FILES[
        'deny-member-root.json'
      ]!.replace(/,\s*"BoolIfExists": \{ "aws:AssumedRoot": "false" \}/, '')),
    status: 'FAIL',
  },
  { name: 'no org trail', check: 'LOG-01', change: (c) => (c.central.trails = got([])), status: 'FAIL' },
  { name: 'trails unread', check: 'LOG-01', change: (c) => (c.central.trails = denied), status: 'UNKNOWN' },
  {
    name: 'stopped',
    check: 'LOG-02',
    change: (c) => (orgTrail(c).isLogging = false),
    status: 'FAIL',
    message: /not logging/,
  },
  {
    name: 'write-only selectors',
    check: 'LOG-02',
    change: (c) => (orgTrail(c).managementEventsAll = false),
    status: 'FAIL',
  },
  {
    name: 'no validation',
    check: 'LOG-03',
    change: (c) => (orgTrail(c).logFileValidation = false),
    status: 'FAIL',
  },
  {
    name: 'bucket elsewhere',
    check: 'LOG-04',
    change: (c) => (orgTrail(c).s3BucketName = 'mgmt-bucket'),
    status: 'FAIL',
  },
  { name: 'no log archive', check: 'LOG-04', change: (c) => (c.roles.logArchive = null), status: 'UNKNOWN' },
  {
    name: 'public bucket',
    check: 'LOG-05',
    change: (c) =>
      c.central.logBucket.ok && c.central.logBucket.value && (c.central.logBucket.value.isPublic = true),
    account: IDS.logs,
    status: 'FAIL',
  },
  {
    name: 'unversioned bucket',
    check: 'LOG-05',
    change: (c) =>
      c.central.logBucket.ok &&
      c.central.logBucket.value &&
      Object.assign(c.central.logBucket.value, { versioning: false, objectLock: false }),
    account: IDS.logs,
    status: 'WARN',
  },
  { name: 'no kms', check: 'LOG-06', change: (c) => (orgTrail(c).kmsKeyId = null), status: 'FAIL' },
  {
    name: 'member sees no org trail',
    check: 'LOG-07',
    change: (c) => (acct(c).trails = got([])),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'recorder stopped',
    check: 'CFG-01',
    change: (c) => (recorder(c).recording = false),
    account: IDS.prod,
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'config unread',
    check: 'CFG-01',
    change: (c) => (region(c).config = denied),
    account: IDS.prod,
    region: 'us-east-1',
    status: 'UNKNOWN',
  },
  {
    name: 'region denied by SCP is unknown, never fail',
    check: 'CFG-01',
    change: (c) => (acct(c).scpDeniedRegions = ['ap-south-1']),
    account: IDS.prod,
    region: 'ap-south-1',
    status: 'UNKNOWN',
  },
  {
    name: 'partial recording',
    check: 'CFG-02',
    change: (c) => (recorder(c).allSupported = false),
    account: IDS.prod,
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'global types twice',
    check: 'CFG-02',
    change: (c) => {
      const cfg = region(c, IDS.prod, 'eu-west-1').config;
      if (cfg.ok) cfg.value.recorders[0]!.includeGlobalResourceTypes = true;
    },
    account: IDS.prod,
    status: 'WARN',
  },
  {
    name: 'local bucket',
    check: 'CFG-03',
    change: (c) => {
      const cfg = region(c).config;
      if (cfg.ok) cfg.value.channels[0]!.s3BucketName = 'local';
    },
    account: IDS.prod,
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'custom role',
    check: 'CFG-04',
    change: (c) => (recorder(c).roleArn = 'arn:aws:iam::444444444444:role/config'),
    account: IDS.prod,
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'config not delegated',
    check: 'DET-01',
    change: (c) => (c.snapshot.organization.delegatedAdministrators = []),
    status: 'FAIL',
  },
  {
    name: 'no aggregator',
    check: 'DET-02',
    change: (c) => (c.central.configAggregator = got(null)),
    account: IDS.security,
    status: 'FAIL',
  },
  {
    name: 'source failing',
    check: 'DET-02',
    change: (c) => {
      const a = c.central.configAggregator;
      if (a.ok && a.value) a.value.sources[0]!.status = 'FAILED';
    },
    account: IDS.security,
    status: 'FAIL',
    message: /1 account-regions/,
  },
  {
    name: 'no org packs or rules',
    check: 'DET-03',
    change: (c) => (c.central.organizationConformancePacks = got([])),
    account: IDS.security,
    status: 'FAIL',
  },
  {
    name: 'member not enabled',
    check: 'DET-04',
    change: (c) => {
      const h = c.central.securityHub['us-east-1'];
      if (h?.ok) delete h.value.members[IDS.prod];
    },
    account: IDS.prod,
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'no org analyzer',
    check: 'DET-05',
    change: (c) => (c.central.accessAnalyzers['eu-west-1'] = got([])),
    account: IDS.security,
    region: 'eu-west-1',
    status: 'FAIL',
  },
  {
    name: 'no GuardDuty admin',
    check: 'GD-01',
    change: (c) => (c.central.guardDutyAdmins['eu-west-1'] = got([])),
    region: 'eu-west-1',
    status: 'FAIL',
  },
  {
    name: 'admin is a workload account',
    check: 'GD-01',
    change: (c) => (c.central.guardDutyAdmins['eu-west-1'] = got([IDS.prod])),
    region: 'eu-west-1',
    status: 'FAIL',
  },
  {
    name: 'auto-enable NEW',
    check: 'GD-02',
    change: (c) => {
      const g = c.central.guardDuty['us-east-1'];
      if (g?.ok) g.value.autoEnable = 'NEW';
    },
    account: IDS.security,
    region: 'us-east-1',
    status: 'WARN',
  },
  {
    name: 'no admin in region',
    check: 'GD-02',
    change: (c) => (c.central.guardDuty['us-east-1'] = missing('NO_ADMIN', 'none')),
    account: IDS.security,
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'member suspended',
    check: 'GD-03',
    change: (c) => {
      const g = c.central.guardDuty['us-east-1'];
      if (g?.ok) g.value.members[IDS.prod] = 'Disabled';
    },
    account: IDS.prod,
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'fallback to the account read',
    check: 'GD-03',
    change: (c) => {
      c.central.guardDuty['us-east-1'] = missing('NO_ADMIN', 'none');
      region(c).guardDuty = got({ enabled: true });
    },
    account: IDS.prod,
    region: 'us-east-1',
    status: 'PASS',
  },
  {
    name: 'runtime monitoring off',
    check: 'GD-04',
    change: (c) => {
      const g = c.central.guardDuty['us-east-1'];
      if (g?.ok) g.value.features.RUNTIME_MONITORING = 'NEW';
    },
    account: IDS.security,
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'local configuration',
    check: 'SH-01',
    change: (c) => {
      const h = c.central.securityHub['us-east-1'];
      if (h?.ok) h.value.configurationType = 'LOCAL';
    },
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'member missing',
    check: 'SH-02',
    change: (c) => {
      const h = c.central.securityHub['eu-west-1'];
      if (h?.ok) delete h.value.members[IDS.logs];
    },
    account: IDS.logs,
    region: 'eu-west-1',
    status: 'FAIL',
  },
  {
    name: 'no auto-deployment',
    check: 'STK-01',
    change: (c) => {
      const s = c.central.stackSets;
      if (s.ok) s.value.stackSets[0]!.autoDeployment = false;
    },
    status: 'FAIL',
  },
  {
    name: 'trusted access off',
    check: 'STK-01',
    change: (c) => {
      const s = c.central.stackSets;
      if (s.ok) s.value.organizationsAccess = false;
    },
    status: 'FAIL',
  },
  {
    name: 'only FullAWSAccess',
    check: 'SCP-01',
    change: (c) =>
      (c.snapshot.policies = c.snapshot.policies.filter((p) => p.type !== 'SERVICE_CONTROL_POLICY')),
    status: 'FAIL',
  },
  {
    name: 'no region deny',
    check: 'SCP-02',
    change: (c) => policyOff(c, 'DenyRegions'),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'region outside the configured list',
    check: 'SCP-02',
    change: () => undefined,
    settings: { regions: { allowed: ['us-east-1'] } },
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'leaving allowed',
    check: 'SCP-03',
    change: (c) => policyOff(c, 'DenyLeave'),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'a root-only deny does not count',
    check: 'SCP-03',
    change: (c) => policyOff(c, 'DenyLeave'),
    account: IDS.logs,
    status: 'FAIL',
  },
  {
    name: 'trail tampering allowed',
    check: 'SCP-04',
    change: (c) => policyOff(c, 'DenyDisable'),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'disabling allowed',
    check: 'SCP-05',
    change: (c) => policyOff(c, 'DenyDisable'),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'root allowed',
    check: 'SCP-06',
    change: (c) => policyOff(c, 'DenyMemberRoot'),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'RCPs disabled',
    check: 'RCP-01',
    change: (c) => (c.snapshot.organization.enabledPolicyTypes = ['SERVICE_CONTROL_POLICY']),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'perimeter of another organization',
    check: 'RCP-01',
    change: (c) => (c.snapshot.organization.id = 'o-other'),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'no https RCP',
    check: 'RCP-02',
    change: (c) => policyOff(c, 'HttpsOnly'),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'no declarative policy',
    check: 'DP-01',
    change: (c) => (c.central.declarativePolicies[IDS.prod] = got(null)),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'vpc bpa off',
    check: 'DP-02',
    change: (c) =>
      (region(c).blockPublicAccess.vpc = got({ mode: 'off', managedBy: 'account', exclusionsAllowed: null })),
    account: IDS.prod,
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'ec2 endpoint lacks the operation',
    check: 'DP-02',
    change: (c) => (region(c).blockPublicAccess.vpc = missing('InvalidAction', 'x')),
    account: IDS.prod,
    region: 'us-east-1',
    status: 'UNKNOWN',
  },
  {
    name: 'ami sharing open',
    check: 'DP-03',
    change: (c) => (region(c).blockPublicAccess.image = got({ state: 'unblocked', managedBy: 'account' })),
    account: IDS.prod,
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'snapshots block-new only',
    check: 'DP-04',
    change: (c) =>
      (region(c).blockPublicAccess.snapshot = got({ state: 'block-new-sharing', managedBy: 'account' })),
    account: IDS.prod,
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'no account block',
    check: 'DP-05',
    change: (c) => (acct(c).s3AccountBlock = got(null)),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'no Identity Center',
    check: 'IDN-01',
    change: (c) => (c.snapshot.identityCenter = null),
    status: 'FAIL',
  },
  {
    name: 'Identity Center unread',
    check: 'IDN-01',
    change: (c) => {
      c.snapshot.identityCenter = null;
      c.snapshot.gaps.push({
        part: 'identityCenter',
        service: 'sso-admin',
        operation: 'ListInstances',
        code: 'AccessDeniedException',
        reason: 'x',
      });
    },
    status: 'UNKNOWN',
  },
  {
    name: 'account unreachable',
    check: 'IDN-02',
    change: (c) => (c.snapshot.identityCenter!.provisioning = []),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'console user',
    check: 'IDN-03',
    change: (c) => users(c, IDS.prod, [{ user: 'bob', password: true, mfa: true }]),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'console user with an Identity Center user of the same name: ready to retire',
    check: 'IDN-03',
    change: (c) => {
      users(c, IDS.prod, [{ user: 'carol', password: true, mfa: true }]);
      c.snapshot.identityCenter!.users.push({
        id: 'u-carol',
        userName: 'carol@example.com',
        displayName: 'Carol',
        email: 'carol@example.com',
      });
    },
    account: IDS.prod,
    status: 'FAIL',
    message: new RegExp(
      `^IAM user carol has a console password; ready to retire: Identity Center user carol@example.com exists \\(orgward iam-users retire --user ${IDS.prod}/carol --phase deactivate\\)$`,
    ),
  },
  {
    name: 'break-glass user allowed',
    check: 'IDN-03',
    change: (c) => users(c, IDS.prod, [{ user: 'bg', password: true, mfa: true }]),
    settings: { iam: { breakGlassUsers: ['bg'] } },
    account: IDS.prod,
    status: 'PASS',
  },
  {
    name: 'old key',
    check: 'IDN-04',
    change: (c) =>
      users(c, IDS.prod, [
        { user: 'ci', keyRotated: '2026-01-01T00:00:00Z', keyUsed: '2026-11-21T00:00:00Z' },
      ]),
    account: IDS.prod,
    status: 'FAIL',
    message: /days old/,
  },
  {
    name: 'unused key',
    check: 'IDN-04',
    change: (c) => users(c, IDS.prod, [{ user: 'ci', keyRotated: '2026-10-01T00:00:00Z', keyUsed: null }]),
    account: IDS.prod,
    status: 'FAIL',
    message: /unused/,
  },
  {
    name: 'console user without MFA',
    check: 'IDN-05',
    change: (c) => users(c, IDS.prod, [{ user: 'bob', password: true }]),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'no console users',
    check: 'IDN-05',
    change: () => undefined,
    account: IDS.prod,
    status: 'NOT_APPLICABLE',
  },
  {
    name: 'instance in management',
    check: 'MGMT-01',
    change: (c) => {
      const w = region(c, IDS.mgmt).workloads;
      if (w?.ok) w.value.instances.push('i-1');
    },
    region: 'us-east-1',
    status: 'FAIL',
  },
  {
    name: 'vpc in management',
    check: 'MGMT-01',
    change: (c) => {
      const w = region(c, IDS.mgmt).workloads;
      if (w?.ok) w.value.vpcs.push('vpc-1');
    },
    region: 'us-east-1',
    status: 'WARN',
  },
  {
    name: 'IAM user in management',
    check: 'MGMT-02',
    change: (c) => users(c, IDS.mgmt, [{ user: 'deploy' }]),
    status: 'FAIL',
  },
  {
    name: 'service used but not delegated',
    check: 'MGMT-03',
    change: (c) =>
      (c.snapshot.organization.delegatedAdministrators =
        c.snapshot.organization.delegatedAdministrators!.filter(
          (d) => d.servicePrincipal !== 'sso.amazonaws.com',
        )),
    status: 'FAIL',
  },
  {
    name: 'consolidated billing',
    check: 'ORG-01',
    change: (c) => (c.snapshot.organization.featureSet = 'CONSOLIDATED_BILLING'),
    status: 'FAIL',
  },
  {
    name: 'suspended account',
    check: 'ORG-01',
    change: (c) => (c.snapshot.accounts.find((a) => a.id === IDS.prod)!.state = 'SUSPENDED'),
    status: 'WARN',
  },
  {
    name: 'log archive outside the Security OU',
    check: 'ORG-02',
    change: (c) => (c.snapshot.accounts.find((a) => a.id === IDS.logs)!.parentId = 'ou-prod'),
    status: 'WARN',
  },
  {
    name: 'no security contact',
    check: 'ORG-03',
    change: (c) => (c.central.securityContacts[IDS.prod] = got(false)),
    account: IDS.prod,
    status: 'FAIL',
  },
  {
    name: 'contacts unread',
    check: 'ORG-03',
    change: (c) => (c.central.securityContacts[IDS.prod] = missing('AccessDeniedException', 'x')),
    account: IDS.prod,
    status: 'UNKNOWN',
  },
];

function audit(change: (c: AuditCollection) => void = () => undefined, settings: AuditSettingsInput = {}) {
  const collection = goodCollection(FILES);
  change(collection);
  return runAudit(collection, auditSettingsSchema.parse(settings), NOW);
}

describe('audit checks', () => {
  it('a well-run organization passes every one of the 59 checks', () => {
    const result = audit((c) => users(c, IDS.mgmt, [{ user: 'break-glass', password: true, mfa: true }]), {
      iam: { breakGlassUsers: ['break-glass'] },
    });
    expect(ALL_CHECKS).toHaveLength(59);
    const bad = result.findings.filter((f) => f.status !== 'PASS' && f.status !== 'NOT_APPLICABLE');
    expect(bad.map((f) => `${f.check} ${f.accountName} ${f.region}: ${f.message}`)).toEqual([]);
    const passing = new Set(result.findings.filter((f) => f.status === 'PASS').map((f) => f.check));
    expect(ALL_CHECKS.map((c) => c.meta.id).filter((id) => !passing.has(id))).toEqual([]);
    expect(result.summary.score).toBe(100);
  });

  it('every check has a failing case here', () => {
    const failing = new Set(
      CASES.filter((c) => c.status === 'FAIL' || c.status === 'WARN').map((c) => c.check),
    );
    expect(ALL_CHECKS.map((c) => c.meta.id).filter((id) => !failing.has(id))).toEqual([]);
  });

  it.each(CASES)('$check: $name → $status', (c) => {
    const result = audit(c.change, c.settings);
    const subject = result.findings.filter(
      (f) =>
        f.check === c.check && f.accountId === (c.account ?? IDS.mgmt) && f.region === (c.region ?? 'global'),
    );
    const match = subject.find((f) => f.status === c.status);
    expect(match, subject.map((f) => `${f.status}: ${f.message}`).join('\n') || 'no finding').toBeDefined();
    if (c.message) expect(match!.message).toMatch(c.message);
  });
});

describe('audit engine', () => {
  it('mutes findings that match a suppression, and lists expired ones', () => {
    const result = audit((c) => (acct(c).s3AccountBlock = got(null)), {
      suppressions: [
        { check: 'DP-05', ou: 'Workloads', reason: 'legacy public site', expires: '2027-01-01' },
        { check: 'LOG-06', reason: 'old exception', expires: '2026-01-01' },
      ],
    });
    const dp05 = result.findings.find((f) => f.check === 'DP-05' && f.accountId === IDS.prod)!;
    expect(dp05.status).toBe('MUTED');
    expect(dp05.suppressedBy?.reason).toBe('legacy public site');
    expect(result.expiredSuppressions).toEqual([
      { check: 'LOG-06', reason: 'old exception', expires: '2026-01-01' },
    ]);
    expect(result.summary.score).toBe(100);
  });

  it('scopes by account, OU, region and check family', () => {
    const collection = goodCollection(FILES);
    const settings = auditSettingsSchema.parse({});
    const byOu = runAudit(collection, settings, NOW, { ous: ['Workloads'], checks: ['CFG'] });
    expect(new Set(byOu.findings.map((f) => f.accountId))).toEqual(new Set([IDS.prod]));
    expect(new Set(byOu.findings.map((f) => f.check.split('-')[0]))).toEqual(new Set(['CFG']));
    const byRegion = runAudit(collection, settings, NOW, { regions: ['eu-west-1'], checks: ['DP-02'] });
    expect(new Set(byRegion.findings.map((f) => f.region))).toEqual(new Set(['eu-west-1']));
  });

  it('summarises per account and OU, worst first', () => {
    const result = audit((c) => summary(c, { accessKeysPresent: true }));
    expect(result.summary.byAccount[0]!.key).toBe(IDS.prod);
    expect(result.summary.byOu.map((o) => o.key)).toContain('Workloads/Prod');
    expect(result.summary.byOu[0]!.score).toBeLessThan(100);
  });
});
