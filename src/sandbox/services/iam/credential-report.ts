/**
 * The credential report: one CSV row for the root user (`<root_account>`) and one per IAM user, in AWS's
 * column order. GenerateCredentialReport snapshots the state (STARTED); until the report is four hours
 * old it answers COMPLETE and keeps it, as AWS does.
 */
import { AwsError } from '../../errors.js';
import type { Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import { iamAccount, rootArn, userArn } from './common.js';
import { ROOT_USER_LABEL } from './root-session.js';
import { iamOf, type AccessKeyState, type LoginProfileState, type SigningCertificateState } from './state.js';

const REPORT_LIFETIME_MS = 4 * 3600_000;

export const REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  ...[1, 2].flatMap((n) => [
    `access_key_${n}_active`,
    `access_key_${n}_last_rotated`,
    `access_key_${n}_last_used_date`,
    `access_key_${n}_last_used_region`,
    `access_key_${n}_last_used_service`,
  ]),
  ...[1, 2].flatMap((n) => [`cert_${n}_active`, `cert_${n}_last_rotated`]),
];

/** AWS's report timestamps: ISO-8601 to the second with `+00:00`. */
function stamp(iso: string | undefined): string {
  return iso === undefined ? 'N/A' : `${iso.slice(0, 19)}+00:00`;
}

function keyColumns(key: AccessKeyState | undefined): string[] {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    String(key.status === 'Active'),
    stamp(key.createDate),
    stamp(key.lastUsed?.date),
    key.lastUsed?.region ?? 'N/A',
    key.lastUsed?.serviceName ?? 'N/A',
  ];
}

function certColumns(cert: SigningCertificateState | undefined): string[] {
  return cert ? [String(cert.status === 'Active'), stamp(cert.uploadDate)] : ['false', 'N/A'];
}

interface Credentials {
  accessKeys: AccessKeyState[];
  signingCertificates: SigningCertificateState[];
  mfaSerials: string[];
}

function credentialColumns(state: Credentials): string[] {
  return [
    String(state.mfaSerials.length > 0),
    ...keyColumns(state.accessKeys[0]),
    ...keyColumns(state.accessKeys[1]),
    ...certColumns(state.signingCertificates[0]),
    ...certColumns(state.signingCertificates[1]),
  ];
}

function passwordLastUsed(profile: LoginProfileState | undefined): string {
  if (!profile) return 'N/A';
  return profile.passwordLastUsed ? stamp(profile.passwordLastUsed) : 'no_information';
}

export function credentialReportCsv(account: AccountRecord): string {
  const { root } = account.iam;
  const rows: string[][] = [
    [
      ROOT_USER_LABEL,
      rootArn(account.id),
      stamp(account.createdAt),
      'not_supported',
      root.loginProfile ? passwordLastUsed(root.loginProfile) : 'no_information',
      'not_supported',
      'not_supported',
      ...credentialColumns(root),
    ],
  ];
  const maxAgeDays = (iamOf(account).passwordPolicy as { MaxPasswordAge?: number } | undefined)
    ?.MaxPasswordAge;
  for (const user of Object.values(iamOf(account).users)) {
    const profile = user.loginProfile;
    const nextRotation =
      profile && maxAgeDays !== undefined
        ? stamp(new Date(Date.parse(profile.createDate) + maxAgeDays * 86_400_000).toISOString())
        : 'N/A';
    rows.push([
      user.userName,
      userArn(account.id, user),
      stamp(user.createDate),
      String(profile !== undefined),
      passwordLastUsed(profile),
      profile ? stamp(profile.createDate) : 'N/A',
      nextRotation,
      ...credentialColumns(user),
    ]);
  }
  return [REPORT_COLUMNS, ...rows].map((row) => row.join(',')).join('\n');
}

function isFresh(generatedAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(generatedAt) < REPORT_LIFETIME_MS;
}

const generateCredentialReport: Handler = (ctx) => {
  const account = iamAccount(ctx);
  const report = iamOf(account).credentialReport;
  if (report && isFresh(report.generatedAt, ctx.now)) return { State: 'COMPLETE' };
  iamOf(account).credentialReport = { generatedAt: ctx.now.toISOString(), csv: credentialReportCsv(account) };
  return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
};

const getCredentialReport: Handler = (ctx) => {
  const report = iamOf(iamAccount(ctx)).credentialReport;
  if (!report) throw new AwsError('ReportNotPresent', 'Credential report not present', { status: 410 });
  if (!isFresh(report.generatedAt, ctx.now))
    throw new AwsError(
      'ReportExpired',
      'The credential report has expired. Call GenerateCredentialReport to create a new one.',
      { status: 410 },
    );
  return {
    Content: Buffer.from(report.csv).toString('base64'),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date(report.generatedAt),
  };
};

export const credentialReportOperations: Record<string, Handler> = {
  GenerateCredentialReport: generateCredentialReport,
  GetCredentialReport: getCredentialReport,
};
