/**
 * Predicates over the errors of AWS calls (an {@link AwsCallError} names AWS's error code): which ones
 * mean "refused or not there" (a gap to report, not a failure), which mean the endpoint lacks the
 * operation, and the IAM codes callers branch on. Every layer that talks to AWS asks here.
 */
import { AwsCallError } from '../errors/index.js';

const PARTIAL = [
  /AccessDenied/,
  /NotAuthorized/,
  /UnauthorizedOperation/,
  /UnknownOperation/,
  /InvalidAction/,
  /NotEnabled/,
  /ServiceAccessNotEnabled/,
  /AccountNotManagementOrDelegatedAdministrator/,
  /OrganizationNotInAllFeaturesMode/,
  /UnsupportedAPIEndpoint/,
];

export function isPartialAccess(error: unknown): error is AwsCallError {
  return error instanceof AwsCallError && PARTIAL.some((pattern) => pattern.test(error.awsCode));
}

/**
 * An endpoint that does not have the operation at all: an emulator answering with a web page instead of
 * an AWS error (the SDK cannot parse it), or naming the operation unknown.
 */
export function isUnsupported(error: unknown): error is AwsCallError {
  return (
    error instanceof AwsCallError && /^(SyntaxError|UnknownOperation|NotImplemented)/.test(error.awsCode)
  );
}

export function isAwsCode(error: unknown, code: string): boolean {
  return error instanceof AwsCallError && error.awsCode === code;
}

/** IAM's "no such entity" (`NoSuchEntity` on the wire, `NoSuchEntityException` in the SDK). */
export function isNoSuchEntity(error: unknown): boolean {
  return isAwsCode(error, 'NoSuchEntity') || isAwsCode(error, 'NoSuchEntityException');
}

/** IAM's "already exists", as the wire and the SDK name it. */
export function isEntityAlreadyExists(error: unknown): boolean {
  return isAwsCode(error, 'EntityAlreadyExists') || isAwsCode(error, 'EntityAlreadyExistsException');
}
