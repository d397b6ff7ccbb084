/** Security Hub's errors (restJson1), with the `Code` member AWS fills in. */
import { AwsError } from '../../errors.js';

const error = (code: string, status: number, message: string) =>
  new AwsError(code, message, { status, extras: { Code: code } });

export const invalidInput = (message: string) => error('InvalidInputException', 400, message);
export const invalidAccess = (message: string) => error('InvalidAccessException', 401, message);
export const accessDenied = (message: string) => error('AccessDeniedException', 403, message);
export const notFound = (message: string) => error('ResourceNotFoundException', 404, message);
export const limitExceeded = (message: string) => error('LimitExceededException', 429, message);
export const conflict = (message: string) => error('ResourceConflictException', 409, message);

export const notSubscribed = (accountId: string) =>
  invalidAccess(`Account ${accountId} is not subscribed to AWS Security Hub`);
