/** AWS Account Management (restJson1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { accountOperations, accountRoutes } from './operations.js';
import { alternateContactsSeeder, contactInformationSeeder } from './seed.js';

export const accountService: ServiceDefinition = {
  name: 'account',
  signingName: 'account',
  protocol: 'restJson1',
  routes: accountRoutes,
  operations: accountOperations,
  // AWS's documented rates, per calling account and operation: ListRegions 5/s, GetAlternateContact
  // 10/s (burst 15); the other operations are not throttled here.
  bucket: ({ operation, caller }) => {
    const limits: Record<string, [number, number]> = { ListRegions: [5, 5], GetAlternateContact: [10, 15] };
    const limit = limits[operation];
    return limit
      ? {
          key: `account:${caller.accountId}:${operation}`,
          rate: limit[0],
          burst: limit[1],
          family: 'account',
        }
      : undefined;
  },
  seeding: { account: [alternateContactsSeeder, contactInformationSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('ValidationException', error.message),
    throttling: () => new AwsError('TooManyRequestsException', 'Rate exceeded', { status: 429 }),
    concurrentModification: () =>
      new AwsError('ConflictException', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () => new AwsError('InternalServerException', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
