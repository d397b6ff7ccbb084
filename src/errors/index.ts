/**
 * One base error with a stable `code`, a message that names the bad value and says what to do, and
 * a `source`: the user's input, AWS, or orgward itself. The CLI maps errors to exit codes.
 */
export const ExitCode = {
  /** Done and clean. */
  Ok: 0,
  /** Ran, but not clean: findings at or above --fail-on, pending changes with --exit-code, failed operations. */
  NotClean: 1,
  /** Could not run: usage, config, credentials, internal error. */
  CouldNotRun: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorSource = 'user' | 'aws' | 'internal';

/**
 * Every error code orgward raises, stable across releases (scripts may branch on them). The message
 * says what happened; the code says which kind of thing it was.
 */
export const ERROR_CODES = [
  /** Bad options or input files other than org.yaml's content. */
  'USAGE',
  /** org.yaml or audit.yaml has errors (each one was reported with file:line:col). */
  'CONFIG_INVALID',
  /** A saved plan was made from a different state of the organization. */
  'PLAN_STALE',
  /** The run finished but is not clean: pending changes, failed operations or findings. */
  'NOT_CLEAN',
  /** An AWS call failed after the retry layer gave up, or AWS refused it. */
  'AWS_CALL_FAILED',
  /** STS answered without credentials. */
  'AWS_NO_CREDENTIALS',
  /** AWS answered successfully but without what the call must return (an id, a status). */
  'AWS_BAD_ANSWER',
  /** A member account's role could not be assumed. */
  'ACCOUNT_UNREACHABLE',
  'ACCOUNT_CREATION_FAILED',
  'ACCOUNT_CREATION_TIMEOUT',
  /** An Identity Center asynchronous request (provisioning, assignment) ended FAILED. */
  'ASYNC_REQUEST_FAILED',
  'IDENTITY_CENTER_NOT_ENABLED',
  /** An operation refers to something an earlier operation should have created and did not. */
  'UNRESOLVED_REFERENCE',
  /** A root command's preflight found problems; nothing was changed. */
  'ROOT_REFUSED',
  'ROOT_TASK_REFUSED',
  /** An account the apply created is not covered by every part of the baseline after waiting for it. */
  'BASELINE_NOT_COVERED',
  /** A transfer step waits for a person (a gate to mark done, a confirmation, a one-time code). */
  'TRANSFER_WAITING',
  /** A transfer invitation expired, was declined or cancelled; a new one must be asked for. */
  'TRANSFER_HANDSHAKE_CLOSED',
  /**
   * A user or group the file leaves to an external identity provider is missing from Identity Center, or
   * the file manages one that such a provider provisioned.
   */
  'IDENTITY_NOT_PROVISIONED',
  /** An IAM user to be deleted was used after orgward deactivated it; nothing more was done to it. */
  'IAM_USER_IN_USE',
  /** `iam-users retire` refused users (named, with why); nothing was done to them. */
  'IAM_USERS_REFUSED',
  /** A bug in orgward. */
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class OrgwardError extends Error {
  readonly code: ErrorCode;
  readonly source: ErrorSource;
  /** What the user can do about it, printed after the message. */
  readonly hint: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { source: ErrorSource; hint?: string; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OrgwardError';
    this.code = code;
    this.source = options.source;
    this.hint = options.hint;
  }
}

export class UsageError extends OrgwardError {
  constructor(message: string, hint?: string) {
    super('USAGE', message, { source: 'user', ...(hint ? { hint } : {}) });
    this.name = 'UsageError';
  }
}

/** An AWS call that failed after the retry layer gave up or AWS refused it. */
export class AwsCallError extends OrgwardError {
  readonly service: string;
  readonly operation: string;
  readonly account: string | undefined;
  readonly region: string;
  readonly requestId: string | undefined;
  readonly awsCode: string;
  readonly endpoint: string | undefined;

  constructor(details: {
    service: string;
    operation: string;
    account?: string;
    region: string;
    requestId?: string;
    awsCode: string;
    message: string;
    /** The custom endpoint the call went to (a sandbox), when not AWS's own. */
    endpoint?: string;
    cause?: unknown;
  }) {
    const where = `${details.service}:${details.operation}${details.account ? ` in ${details.account}` : ''} (${details.region})`;
    const refused = details.awsCode === 'ECONNREFUSED' && details.endpoint;
    const message = refused
      ? `nothing answers at ${details.endpoint} (connection refused)`
      : `${details.awsCode}: ${details.message}`;
    super('AWS_CALL_FAILED', `${where} failed: ${message}`, {
      source: 'aws',
      hint: hintFor(details.awsCode, details.endpoint),
      cause: details.cause,
    });
    this.endpoint = details.endpoint;
    this.name = 'AwsCallError';
    this.service = details.service;
    this.operation = details.operation;
    this.account = details.account;
    this.region = details.region;
    this.requestId = details.requestId;
    this.awsCode = details.awsCode;
  }
}

function isLoopback(endpoint: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

function hintFor(code: string, endpoint: string | undefined): string | undefined {
  if (code === 'CredentialsProviderError')
    return endpoint
      ? `the endpoint ${endpoint} is set but no credentials are; an orgward sandbox takes any key: export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`
      : 'no AWS credentials were found: sign in (aws sso login --profile NAME, then --profile NAME) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
  if (code === 'ECONNREFUSED' && endpoint)
    return isLoopback(endpoint)
      ? `a sandbox is expected there: start one with \`orgward sandbox --port ${new URL(endpoint).port || '80'}\`, or unset AWS_ENDPOINT_URL / drop --endpoint-url to use AWS`
      : "check the endpoint URL (--endpoint-url, AWS_ENDPOINT_URL, or the profile's endpoint_url)";
  if (/AccessDenied/i.test(code))
    return 'check that the credentials in use may call this operation (see docs/permissions)';
  if (/ExpiredToken|InvalidClientTokenId|UnrecognizedClient/.test(code))
    return 'refresh your AWS credentials (aws sso login, or new environment credentials)';
  if (code === 'AWSOrganizationsNotInUseException')
    return 'this account is in no organization; create one first';
  return undefined;
}

export function exitCodeFor(error: unknown): ExitCode {
  return error instanceof OrgwardError && error.code === 'NOT_CLEAN'
    ? ExitCode.NotClean
    : ExitCode.CouldNotRun;
}

/**
 * Type guards for callers of the library. They also recognise errors from another copy of orgward in
 * the same process (two versions in node_modules), where `instanceof` alone says no.
 */
export function isOrgwardError(error: unknown): error is OrgwardError {
  if (error instanceof OrgwardError) return true;
  if (!(error instanceof Error)) return false;
  const { code, source } = error as Partial<OrgwardError>;
  return (ERROR_CODES as readonly unknown[]).includes(code) && ['user', 'aws', 'internal'].includes(source!);
}

export function isUsageError(error: unknown): error is UsageError {
  return isOrgwardError(error) && error.code === 'USAGE';
}

export function isAwsCallError(error: unknown): error is AwsCallError {
  return isOrgwardError(error) && error.code === 'AWS_CALL_FAILED';
}
