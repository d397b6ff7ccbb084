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

export class OrgwardError extends Error {
  readonly code: string;
  readonly source: ErrorSource;
  /** What the user can do about it, printed after the message. */
  readonly hint: string | undefined;

  constructor(
    code: string,
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

  constructor(details: {
    service: string;
    operation: string;
    account?: string;
    region: string;
    requestId?: string;
    awsCode: string;
    message: string;
    cause?: unknown;
  }) {
    const where = `${details.service}:${details.operation}${details.account ? ` in ${details.account}` : ''} (${details.region})`;
    super('AWS_CALL_FAILED', `${where} failed: ${details.awsCode}: ${details.message}`, {
      source: 'aws',
      hint: hintFor(details.awsCode),
      cause: details.cause,
    });
    this.name = 'AwsCallError';
    this.service = details.service;
    this.operation = details.operation;
    this.account = details.account;
    this.region = details.region;
    this.requestId = details.requestId;
    this.awsCode = details.awsCode;
  }
}

function hintFor(code: string): string | undefined {
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
