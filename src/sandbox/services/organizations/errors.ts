/** Organizations' errors, as AWS names them (codes and messages from the service model and API reference). */
import { AwsError } from '../../errors.js';

export const orgError = (code: string, message: string, extras: Record<string, unknown> = {}) =>
  new AwsError(code, message, { extras });

export const notInUse = () =>
  orgError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
export const accessDenied = (what = 'this operation') =>
  orgError(
    'AccessDeniedException',
    `You don't have permissions to access ${what}. Only the management account (or, for reads, a delegated administrator) can perform it.`,
  );
export const constraint = (reason: string, message: string) =>
  orgError('ConstraintViolationException', message, { Reason: reason });
export const invalidInput = (reason: string, message: string) =>
  orgError('InvalidInputException', message, { Reason: reason });
export const accountNotFound = (id: string) =>
  orgError('AccountNotFoundException', `You specified an account that doesn't exist: ${id}.`);
export const ouNotFound = (id: string) =>
  orgError(
    'OrganizationalUnitNotFoundException',
    `You specified an organizational unit that doesn't exist: ${id}.`,
  );
export const policyNotFound = (id: string) =>
  orgError('PolicyNotFoundException', `We can't find a policy with the PolicyId that you specified: ${id}.`);
export const targetNotFound = (id: string) =>
  orgError(
    'TargetNotFoundException',
    `We can't find a root, OU, account, or email target with the ID that you specified: ${id}.`,
  );
export const parentNotFound = (id: string) =>
  orgError(
    'ParentNotFoundException',
    `We can't find a root or OU with the ParentId that you specified: ${id}.`,
  );
export const childNotFound = (id: string) =>
  orgError(
    'ChildNotFoundException',
    `We can't find an OU or account with the ChildId that you specified: ${id}.`,
  );
export const rootNotFound = (id: string) =>
  orgError('RootNotFoundException', `We can't find a root with the RootId that you specified: ${id}.`);
