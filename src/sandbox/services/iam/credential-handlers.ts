/**
 * Login profiles, access keys and signing certificates of IAM users and of the root user. Each call acts
 * on {@link subjectOf}: the named user, or without `UserName` the caller (root for root sessions).
 */
import { AwsError } from '../../errors.js';
import { optBool, optString, reqString, type Input } from '../../input.js';
import type { Handler } from '../../service.js';
import { checkPassword } from './account-settings.js';
import { date, entityAlreadyExists, iamPage, invalidInput, limitExceeded, noSuchEntity } from './common.js';
import { addAccessKey, addSigningCertificate, removeAccessKey } from './credentials.js';
import { denied, subjectOf, type Subject } from './root-session.js';
import type { AccessKeyState, SigningCertificateState } from './state.js';

const ACCESS_KEYS_PER_USER = 2;
const CERTIFICATES_PER_USER = 2;

function status(input: Input): 'Active' | 'Inactive' {
  const value = reqString(input, 'Status', { oneOf: ['Active', 'Inactive', 'Expired'] });
  if (value !== 'Active' && value !== 'Inactive') throw invalidInput('Status Expired cannot be set.');
  return value;
}

// ---- login profiles ----

function requireLoginProfile(subject: Subject) {
  const profile = subject.state.loginProfile;
  if (!profile) throw noSuchEntity(`Login Profile for User ${subject.label} cannot be found.`);
  return profile;
}

function loginProfileOutput(subject: Subject) {
  const profile = requireLoginProfile(subject);
  return {
    UserName: subject.label,
    CreateDate: date(profile.createDate),
    PasswordResetRequired: profile.passwordResetRequired,
  };
}

const PASSWORD_RULES = { min: 1, max: 128 };

const createLoginProfile: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const password = optString(input, 'Password', PASSWORD_RULES);
  // Root password recovery (IAMCreateRootUserPassword) sends no password: the email owner resets it.
  if (password === undefined && !subject.root) throw invalidInput('Password is required for IAM users.');
  if (subject.state.loginProfile)
    throw entityAlreadyExists(`Login Profile for user ${subject.label} already exists.`);
  if (password !== undefined) checkPassword(subject.account, password);
  subject.state.loginProfile = {
    createDate: ctx.now.toISOString(),
    passwordResetRequired: optBool(input, 'PasswordResetRequired') ?? false,
  };
  return { LoginProfile: loginProfileOutput(subject) };
};

const getLoginProfile: Handler = (ctx, input) => ({
  LoginProfile: loginProfileOutput(subjectOf(ctx, input)),
});

const updateLoginProfile: Handler = (ctx, input) => {
  reqString(input, 'UserName');
  const subject = subjectOf(ctx, input);
  const profile = requireLoginProfile(subject);
  const password = optString(input, 'Password', PASSWORD_RULES);
  if (password !== undefined) checkPassword(subject.account, password);
  const reset = optBool(input, 'PasswordResetRequired');
  if (reset !== undefined) profile.passwordResetRequired = reset;
  return {};
};

const deleteLoginProfile: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  requireLoginProfile(subject);
  delete subject.state.loginProfile;
  return {};
};

// ---- access keys ----

const ACCESS_KEY_ID = { min: 16, max: 128, pattern: /^\w+$/ };

function requireKey(subject: Subject, accessKeyId: string): AccessKeyState {
  const key = subject.state.accessKeys.find((k) => k.accessKeyId === accessKeyId);
  if (!key) throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
  return key;
}

const createAccessKey: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  if (subject.state.accessKeys.length >= ACCESS_KEYS_PER_USER)
    throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
  const key = addAccessKey(ctx.world, subject.account, subject.owner, { createDate: ctx.now.toISOString() });
  return {
    AccessKey: {
      UserName: subject.label,
      AccessKeyId: key.accessKeyId,
      Status: key.status,
      SecretAccessKey: key.secretAccessKey,
      CreateDate: date(key.createDate),
    },
  };
};

const listAccessKeys: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const page = iamPage(ctx, input, subject.state.accessKeys, `ListAccessKeys:${subject.arn}`);
  return {
    AccessKeyMetadata: page.items.map((k) => ({
      UserName: subject.root ? undefined : subject.label,
      AccessKeyId: k.accessKeyId,
      Status: k.status,
      CreateDate: date(k.createDate),
    })),
    ...page.meta,
  };
};

const updateAccessKey: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  requireKey(subject, reqString(input, 'AccessKeyId', ACCESS_KEY_ID)).status = status(input);
  return {};
};

const deleteAccessKey: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const id = reqString(input, 'AccessKeyId', ACCESS_KEY_ID);
  requireKey(subject, id);
  removeAccessKey(ctx.world, subject.account, subject.owner, id);
  return {};
};

const getAccessKeyLastUsed: Handler = (ctx, input) => {
  const id = reqString(input, 'AccessKeyId', ACCESS_KEY_ID);
  const record = ctx.world.credentials[id];
  const accountId = ctx.caller.accountId;
  const owned =
    record && record.accountId === accountId && (record.kind === 'user' || record.kind === 'root')
      ? record
      : undefined;
  // A root session may only read the root user's keys (its task policy denies other resources).
  if (!owned || (ctx.caller.kind === 'root-session' && owned.kind !== 'root')) {
    throw denied(ctx.caller, 'iam:GetAccessKeyLastUsed', `arn:aws:iam::${accountId}:user/*`);
  }
  const iam = ctx.world.accounts[accountId]!.iam;
  const keys = owned.kind === 'root' ? iam.root.accessKeys : (iam.users[owned.userName]?.accessKeys ?? []);
  const lastUsed = keys.find((k) => k.accessKeyId === id)?.lastUsed;
  return {
    UserName: owned.kind === 'user' ? owned.userName : undefined,
    AccessKeyLastUsed: lastUsed
      ? { LastUsedDate: date(lastUsed.date), ServiceName: lastUsed.serviceName, Region: lastUsed.region }
      : { ServiceName: 'N/A', Region: 'N/A' },
  };
};

// ---- signing certificates ----

const CERTIFICATE_ID = { min: 24, max: 128, pattern: /^\w+$/ };

function certificateOutput(subject: Subject, cert: SigningCertificateState) {
  return {
    UserName: subject.label,
    CertificateId: cert.certificateId,
    CertificateBody: cert.certificateBody,
    Status: cert.status,
    UploadDate: date(cert.uploadDate),
  };
}

function requireCertificate(subject: Subject, id: string): SigningCertificateState {
  const cert = subject.state.signingCertificates.find((c) => c.certificateId === id);
  if (!cert) throw noSuchEntity(`The Certificate with id ${id} cannot be found.`);
  return cert;
}

const uploadSigningCertificate: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const body = reqString(input, 'CertificateBody', { min: 1, max: 16384 }).trim();
  if (!/^-----BEGIN CERTIFICATE-----\s[\s\S]+\s-----END CERTIFICATE-----$/.test(body))
    throw new AwsError('MalformedCertificate', 'Certificate body is invalid.', { status: 400 });
  const existing = subject.state.signingCertificates.find((c) => c.certificateBody === body);
  if (existing)
    throw new AwsError(
      'DuplicateCertificate',
      `The Certificate with id ${existing.certificateId} already exists.`,
      {
        status: 409,
      },
    );
  if (subject.state.signingCertificates.length >= CERTIFICATES_PER_USER)
    throw limitExceeded(`Cannot exceed quota for CertificatesPerUser: ${CERTIFICATES_PER_USER}`);
  const cert = addSigningCertificate(ctx.world, subject.account, subject.owner, {
    uploadDate: ctx.now.toISOString(),
    body,
  });
  return { Certificate: certificateOutput(subject, cert) };
};

const listSigningCertificates: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const page = iamPage(
    ctx,
    input,
    subject.state.signingCertificates,
    `ListSigningCertificates:${subject.arn}`,
  );
  return { Certificates: page.items.map((c) => certificateOutput(subject, c)), ...page.meta };
};

const updateSigningCertificate: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  requireCertificate(subject, reqString(input, 'CertificateId', CERTIFICATE_ID)).status = status(input);
  return {};
};

const deleteSigningCertificate: Handler = (ctx, input) => {
  const subject = subjectOf(ctx, input);
  const cert = requireCertificate(subject, reqString(input, 'CertificateId', CERTIFICATE_ID));
  subject.state.signingCertificates = subject.state.signingCertificates.filter((c) => c !== cert);
  return {};
};

export const credentialOperations: Record<string, Handler> = {
  CreateLoginProfile: createLoginProfile,
  GetLoginProfile: getLoginProfile,
  UpdateLoginProfile: updateLoginProfile,
  DeleteLoginProfile: deleteLoginProfile,
  CreateAccessKey: createAccessKey,
  ListAccessKeys: listAccessKeys,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  UploadSigningCertificate: uploadSigningCertificate,
  ListSigningCertificates: listSigningCertificates,
  UpdateSigningCertificate: updateSigningCertificate,
  DeleteSigningCertificate: deleteSigningCertificate,
};
