/** AWS Organizations (awsJson1_1, `AWSOrganizationsV20161128`). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError, InputRule } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { organizationOf, prepareOrganizationsWorld } from './state.js';
import { advanceOrganizations } from './accounts.js';
import { organizationsOperations } from './operations.js';
import { enforceServiceControlPolicies } from './scp-enforcement.js';
import { organizationSeeder } from './seed.js';

const REASON_BY_RULE: Record<InputRule, string> = {
  required: 'INPUT_REQUIRED',
  type: 'INVALID_INPUT',
  'min-length': 'MIN_LENGTH_EXCEEDED',
  'max-length': 'MAX_LENGTH_EXCEEDED',
  pattern: 'INVALID_PATTERN',
  enum: 'INVALID_ENUM',
  'min-value': 'MIN_VALUE_EXCEEDED',
  'max-value': 'MAX_VALUE_EXCEEDED',
};

export function invalidInput(reason: string, message: string): AwsError {
  return new AwsError('InvalidInputException', message, { extras: { Reason: reason } });
}

export const organizationsService: ServiceDefinition = {
  name: 'organizations',
  signingName: 'organizations',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSOrganizationsV20161128',
  operations: organizationsOperations,
  errors: {
    validation: (error: InputError) => invalidInput(REASON_BY_RULE[error.rule], error.message),
    throttling: () =>
      new AwsError(
        'TooManyRequestsException',
        "AWS Organizations can't complete your request because another request is already in progress. Try again later.",
        {
          extras: { Type: 'organizations' },
        },
      ),
    concurrentModification: () =>
      new AwsError(
        'ConcurrentModificationException',
        "AWS Organizations can't complete your request because it conflicts with another attempt to modify the same entity. Try again later.",
      ),
    internal: () =>
      new AwsError(
        'ServiceException',
        "AWS Organizations can't complete your request because of an internal service error. Try again later.",
        { status: 500 },
      ),
    expiredTokenCode: 'ExpiredTokenException',
  },
  // AWS's documented rate: 5 requests a second, burst 10, per organization and operation.
  bucket: ({ operation, caller, world }) => {
    const scope = organizationOf(world, caller.accountId)?.id ?? caller.accountId;
    return { key: `organizations:${scope}:${operation}`, rate: 5, burst: 10, family: 'organizations' };
  },
  exclusiveOperations: ['DescribeAccount', 'ListParents', 'ListRoots'],
  advance: advanceOrganizations,
  // Member accounts are held to their SCP chain on every call to any service (scp-enforcement.ts).
  checkCall: enforceServiceControlPolicies,
  prepareWorld: prepareOrganizationsWorld,
  seeding: { account: [organizationSeeder] },
};
