/**
 * Literal audit results for tests: {@link buildAuditResult} turns a few accounts, checks and findings into
 * a complete {@link AuditResult} (summary included, computed as the engine does); {@link sampleAuditResult}
 * is a small estate with every status, used by the renderer tests.
 */
import { score } from './engine.js';
import {
  type AuditResult,
  BASELINE_ITEMS,
  type BaselineItem,
  type CheckMeta,
  countStatuses,
  type Finding,
  type ScopeSummary,
  type Severity,
  type Status,
} from './types.js';

export interface AccountSpec {
  id: string;
  name: string;
  /** OU path (`Workloads/Prod`); `''` or absent for the root. */
  ou?: string;
}

/** A finding in short: `account` is an account id or name; everything else defaults from the check. */
export type FindingSpec = Partial<
  Omit<Finding, 'check' | 'status' | 'accountId' | 'accountName' | 'ouPath'>
> & {
  check: string;
  status: Status;
  account: string;
};

export interface ResultSpec {
  organizationId?: string;
  managementAccountId?: string;
  generatedAt?: string;
  regions?: string[];
  accounts: AccountSpec[];
  checks: CheckMeta[];
  findings: FindingSpec[];
  expiredSuppressions?: AuditResult['expiredSuppressions'];
  cost?: AuditResult['cost'];
}

const ITEM_OF_FAMILY: Record<string, BaselineItem> = {
  ROOT: 'root',
  LOG: 'logging',
  CFG: 'logging',
  DET: 'detection',
  GD: 'common',
  SH: 'common',
  STK: 'common',
  SCP: 'common',
  RCP: 'common',
  DP: 'common',
  IDN: 'federation',
  MGMT: 'management',
  ORG: 'management',
};

/** Check metadata with plausible defaults; the item follows the id's family. */
export function checkMeta(id: string, over: Partial<CheckMeta> = {}): CheckMeta {
  const item = ITEM_OF_FAMILY[id.split('-')[0] ?? ''] ?? 'common';
  return {
    id,
    title: `${id} title`,
    item,
    severity: 'medium',
    vantage: 'every-account',
    regional: false,
    why: `Why ${id} matters (${BASELINE_ITEMS[item]}).`,
    remediation: `How to fix ${id}.`,
    calls: [],
    permissions: [],
    compliance: {},
    ...over,
  };
}

export function buildAuditResult(spec: ResultSpec): AuditResult {
  const accounts = spec.accounts;
  const accountOf = (key: string) => {
    const found = accounts.find((a) => a.id === key || a.name === key);
    if (!found) throw new Error(`buildAuditResult: no account ${key}`);
    return found;
  };
  const metaOf = (id: string) => {
    const found = spec.checks.find((c) => c.id === id);
    if (!found) throw new Error(`buildAuditResult: no check ${id}`);
    return found;
  };
  const findings = spec.findings.map((f): Finding => {
    const { account: key, ...rest } = f;
    const account = accountOf(key);
    const meta = metaOf(f.check);
    const open = f.status !== 'PASS' && f.status !== 'NOT_APPLICABLE';
    return {
      severity: meta.severity,
      region: 'global',
      message: `${f.check} ${f.status.toLowerCase()} in ${account.name}`,
      ...(open ? { remediation: meta.remediation } : {}),
      ...(f.status === 'MUTED' ? { suppressedBy: { reason: 'accepted risk', expires: '2027-06-30' } } : {}),
      ...rest,
      accountId: account.id,
      accountName: account.name,
      ouPath: account.ou ?? '',
    };
  });
  return {
    version: 1,
    generatedAt: spec.generatedAt ?? '2026-11-22T12:00:00.000Z',
    organizationId: spec.organizationId ?? 'o-test',
    managementAccountId: spec.managementAccountId ?? accounts[0]?.id ?? '111111111111',
    regions: spec.regions ?? ['eu-west-1', 'us-east-1'],
    checks: spec.checks,
    findings,
    summary: summarise(findings, spec.checks, accounts),
    expiredSuppressions: spec.expiredSuppressions ?? [],
    ...(spec.cost ? { cost: spec.cost } : {}),
  };
}

function summarise(
  findings: Finding[],
  checks: CheckMeta[],
  accounts: AccountSpec[],
): AuditResult['summary'] {
  const scope = (key: string, name: string, of: Finding[]): ScopeSummary => ({
    key,
    name,
    counts: countStatuses(of),
    score: score(of),
  });
  const seen = accounts.filter((a) => findings.some((f) => f.accountId === a.id));
  const ouKeys = new Set<string>(['']);
  for (const a of seen) {
    const parts = (a.ou ?? '').split('/').filter(Boolean);
    parts.forEach((_, i) => ouKeys.add(parts.slice(0, i + 1).join('/')));
  }
  const under = (path: string, f: Finding) => !path || f.ouPath === path || f.ouPath.startsWith(`${path}/`);
  const worstFirst = (a: ScopeSummary, b: ScopeSummary) =>
    (a.score ?? 101) - (b.score ?? 101) || a.name.localeCompare(b.name);
  return {
    score: score(findings),
    counts: countStatuses(findings),
    byCheck: checks.map((c) => ({
      check: c.id,
      title: c.title,
      item: c.item,
      severity: c.severity,
      counts: countStatuses(findings.filter((f) => f.check === c.id)),
    })),
    byAccount: seen
      .map((a) =>
        scope(
          a.id,
          a.name,
          findings.filter((f) => f.accountId === a.id),
        ),
      )
      .sort(worstFirst),
    byOu: [...ouKeys]
      .map((path) =>
        scope(
          path,
          path || 'Root',
          findings.filter((f) => under(path, f)),
        ),
      )
      .sort(worstFirst),
  };
}

/** The accounts of {@link sampleAuditResult}. */
export const SAMPLE_ACCOUNTS = {
  mgmt: { id: '111111111111', name: 'Management' },
  security: { id: '222222222222', name: 'Security Tooling', ou: 'Security' },
  logs: { id: '333333333333', name: 'Log Archive', ou: 'Security' },
  prod: { id: '444444444444', name: 'Shop Prod', ou: 'Workloads/Prod' },
  dev: { id: '555555555555', name: 'Shop Dev', ou: 'Workloads/Dev' },
} as const satisfies Record<string, AccountSpec>;

const sev = (severity: Severity) => ({ severity });

/** Seven checks over all six baseline items, with catalogue-like metadata. */
export const SAMPLE_CHECKS: CheckMeta[] = [
  checkMeta('ROOT-01', {
    title: 'Centralized root credentials management on',
    ...sev('high'),
    vantage: 'management',
    why: 'Without it every member account keeps a root password that can take the account over.',
    remediation:
      'Enable centralized root access in IAM (aws iam enable-organizations-root-credentials-management).',
    compliance: { cis: '— / 2.1.1', prowler: 'iam_root_credentials_management_enabled' },
  }),
  checkMeta('ROOT-05', {
    title: 'No member root access keys',
    ...sev('critical'),
    why: 'A root access key cannot be limited by any policy and is the most valuable secret in an account.',
    remediation: 'Delete the root access keys with a privileged root session (sts:AssumeRoot).',
    compliance: { cis: '1.4 / 2.4', securityHub: 'IAM.4', prowler: 'iam_no_root_access_key' },
  }),
  checkMeta('LOG-01', {
    title: 'Organization trail exists',
    ...sev('high'),
    vantage: 'management',
    why: 'One organization trail records who did what in every account, including new ones.',
    remediation: 'Create a multi-region organization trail delivered to the log-archive account.',
  }),
  checkMeta('CFG-01', {
    title: 'AWS Config recording in every enabled region of every account',
    ...sev('high'),
    regional: true,
    why: 'Config records how resources change, the evidence behind every detective control.',
    remediation: 'Deploy a recorder in every enabled region, for example with a StackSet.',
    compliance: { cis: '3.3 / 4.3', securityHub: 'Config.1' },
  }),
  checkMeta('DET-05', {
    title: 'IAM Access Analyzer organization analyzer',
    ...sev('low'),
    vantage: 'delegated-admin',
    regional: true,
    why: 'An organization analyzer finds resources shared outside the organization.',
    remediation: 'Create an ORGANIZATION analyzer in the security tooling account in every region.',
  }),
  checkMeta('GD-03', {
    title: 'GuardDuty on for every account × region',
    ...sev('high'),
    vantage: 'delegated-admin',
    regional: true,
    why: 'GuardDuty detects compromised credentials and workloads; a gap is a blind spot.',
    remediation: 'Set GuardDuty auto-enable to ALL in the delegated administrator.',
  }),
  checkMeta('IDN-03', {
    title: 'No human IAM users with console passwords',
    ...sev('medium'),
    why: 'People should sign in through Identity Center, where access is granted and removed centrally.',
    remediation: 'Move the users to Identity Center and delete their login profiles.',
  }),
  checkMeta('MGMT-01', {
    title: 'No workload compute, data or networks in the management account',
    ...sev('medium'),
    vantage: 'management',
    regional: true,
    why: 'SCPs do not apply to the management account, so workloads there escape every guardrail.',
    remediation: 'Move the workloads to a member account.',
  }),
];

/**
 * Five accounts in Security, Workloads/Prod and Workloads/Dev (plus the management account at the root),
 * two regions, and findings with every status: Shop Dev fails most, Log Archive passes everything.
 */
export function sampleAuditResult(over: Partial<ResultSpec> = {}): AuditResult {
  return buildAuditResult({ ...sampleSpec(), ...over });
}

/** The spec behind {@link sampleAuditResult}, for tests that add accounts or findings to it. */
export function sampleSpec(): ResultSpec {
  const { mgmt, security, logs, prod, dev } = SAMPLE_ACCOUNTS;
  const all = [mgmt, security, logs, prod, dev];
  const regions = ['eu-west-1', 'us-east-1'];
  const findings: FindingSpec[] = [
    { check: 'ROOT-01', status: 'PASS', account: mgmt.id, message: 'RootCredentialsManagement is enabled' },
    {
      check: 'LOG-01',
      status: 'PASS',
      account: mgmt.id,
      resource: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/org',
    },
    { check: 'MGMT-01', status: 'PASS', account: mgmt.id, region: 'eu-west-1', message: 'no workloads' },
    {
      check: 'MGMT-01',
      status: 'WARN',
      account: mgmt.id,
      region: 'us-east-1',
      severity: 'low',
      resource: 'arn:aws:lambda:us-east-1:111111111111:function:billing-export',
      message: '1 Lambda function runs in the management account',
    },
    {
      check: 'IDN-03',
      status: 'FAIL',
      account: mgmt.id,
      resource: 'alice',
      message: 'IAM user alice has a console password',
    },
    ...all
      .filter((a) => a !== mgmt)
      .flatMap((a): FindingSpec[] => [
        a === dev
          ? {
              check: 'ROOT-05',
              status: 'FAIL',
              account: a.id,
              message: 'the root user has 1 access key (AccountAccessKeysPresent = 1)',
            }
          : { check: 'ROOT-05', status: 'PASS', account: a.id, message: 'no root access keys' },
        ...regions.map((region): FindingSpec =>
          a === dev && region === 'us-east-1'
            ? { check: 'CFG-01', status: 'FAIL', account: a.id, region, message: 'no configuration recorder' }
            : a === prod && region === 'us-east-1'
              ? {
                  check: 'CFG-01',
                  status: 'UNKNOWN',
                  account: a.id,
                  region,
                  message: 'recorders could not be read: AccessDenied (explicit deny in an SCP)',
                }
              : { check: 'CFG-01', status: 'PASS', account: a.id, region, message: 'recorder is recording' },
        ),
        ...regions.map((region): FindingSpec =>
          a === prod && region === 'eu-west-1'
            ? {
                check: 'GD-03',
                status: 'MUTED',
                account: a.id,
                region,
                message: 'GuardDuty is not enabled',
                suppressedBy: { reason: 'migration to the new detector in progress', expires: '2027-01-31' },
              }
            : { check: 'GD-03', status: 'PASS', account: a.id, region, message: 'member enabled' },
        ),
        a === dev
          ? {
              check: 'IDN-03',
              status: 'FAIL',
              account: a.id,
              resource: 'bob',
              message: 'IAM user bob has a console password',
            }
          : { check: 'IDN-03', status: 'PASS', account: a.id, message: 'no IAM users with passwords' },
      ]),
    ...regions.map((region): FindingSpec =>
      region === 'us-east-1'
        ? {
            check: 'DET-05',
            status: 'FAIL',
            account: security.id,
            region,
            message: 'no ORGANIZATION analyzer',
          }
        : { check: 'DET-05', status: 'PASS', account: security.id, region, message: 'analyzer ACTIVE' },
    ),
    {
      check: 'ROOT-01',
      status: 'NOT_APPLICABLE',
      account: logs.id,
      message: 'read from the management account',
    },
  ];
  return {
    organizationId: 'o-a1b2c3d4e5',
    managementAccountId: mgmt.id,
    regions,
    accounts: all,
    checks: SAMPLE_CHECKS,
    findings,
    expiredSuppressions: [
      { check: 'IDN-03', reason: 'break-glass user until SSO rollout', expires: '2026-10-01' },
    ],
    cost: { calls: 412, throttled: 3, retried: 5, wallMs: 4200 },
  };
}

/** Text that becomes markup or breaks out of a script when a renderer forgets to escape it. */
export const HOSTILE = {
  name: '<img src=x onerror=alert(1)>',
  message: 'access key found </script><script>alert(2)</script>',
  resource: `"'><b>bold</b>`,
} as const;

/** {@link sampleAuditResult} plus an account in OU Sandbox whose name, message and resource are {@link HOSTILE}. */
export function hostileAuditResult(): AuditResult {
  const spec = sampleSpec();
  const evil = { id: '777777777777', name: HOSTILE.name, ou: 'Sandbox' };
  return buildAuditResult({
    ...spec,
    accounts: [...spec.accounts, evil],
    findings: [
      ...spec.findings,
      { check: 'ROOT-05', status: 'FAIL', account: evil.id, message: HOSTILE.message },
      { check: 'IDN-03', status: 'PASS', account: evil.id, resource: HOSTILE.resource },
    ],
  });
}

const COMPARED_ACCOUNTS = [
  { id: '111111111111', name: 'Management' },
  { id: '444444444444', name: 'Shop Prod', ou: 'Workloads/Prod' },
  { id: '555555555555', name: 'Shop Dev', ou: 'Workloads/Dev' },
];

function compareRun(generatedAt: string, findings: FindingSpec[]) {
  return buildAuditResult({ generatedAt, accounts: COMPARED_ACCOUNTS, checks: SAMPLE_CHECKS, findings });
}

/**
 * Two runs to compare: before, Shop Dev fails ROOT-05, CFG-01 and IDN-03 (bob); after, those are fixed or
 * gone, IDN-03 fails for carol, and Shop Prod breaks ROOT-05 and CFG-01 (UNKNOWN → FAIL).
 */
export function comparedRuns(): { older: AuditResult; newer: AuditResult } {
  const older = compareRun('2026-11-01T08:00:00Z', [
    { check: 'ROOT-05', status: 'FAIL', account: 'Shop Dev' },
    { check: 'ROOT-05', status: 'PASS', account: 'Shop Prod' },
    { check: 'CFG-01', status: 'FAIL', account: 'Shop Dev', region: 'us-east-1' },
    { check: 'CFG-01', status: 'UNKNOWN', account: 'Shop Prod', region: 'us-east-1' },
    { check: 'IDN-03', status: 'FAIL', account: 'Shop Dev', resource: 'bob' },
    { check: 'MGMT-01', status: 'FAIL', account: 'Management', region: 'us-east-1' },
    { check: 'LOG-01', status: 'PASS', account: 'Management' },
  ]);
  const newer = compareRun('2026-11-22T12:00:00Z', [
    { check: 'ROOT-05', status: 'PASS', account: 'Shop Dev' },
    { check: 'ROOT-05', status: 'FAIL', account: 'Shop Prod', message: 'a root access key appeared' },
    { check: 'CFG-01', status: 'NOT_APPLICABLE', account: 'Shop Dev', region: 'us-east-1' },
    { check: 'CFG-01', status: 'FAIL', account: 'Shop Prod', region: 'us-east-1' },
    { check: 'IDN-03', status: 'FAIL', account: 'Shop Dev', resource: 'carol' },
    { check: 'MGMT-01', status: 'WARN', account: 'Management', region: 'us-east-1' },
    { check: 'LOG-01', status: 'PASS', account: 'Management' },
  ]);
  return { older, newer };
}
