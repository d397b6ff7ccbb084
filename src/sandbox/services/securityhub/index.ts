/** AWS Security Hub (restJson1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { securityHubOperations, securityHubRoutes } from './operations.js';
import { securityHubSeeder } from './seed.js';

export const securityHubService: ServiceDefinition = {
  name: 'securityhub',
  signingName: 'securityhub',
  protocol: 'restJson1',
  routes: securityHubRoutes,
  operations: securityHubOperations,
  // AWS's documented rates, per account, region and operation: GetFindings 3/s (burst 6),
  // BatchEnableStandards 1/s, everything else 10/s (burst 30).
  bucket: ({ operation, caller, region }) => {
    const [rate, burst] =
      operation === 'GetFindings' ? [3, 6] : operation === 'BatchEnableStandards' ? [1, 1] : [10, 30];
    return {
      key: `securityhub:${caller.accountId}:${region}:${operation}`,
      rate,
      burst,
      family: 'securityhub',
    };
  },
  seeding: { regional: [securityHubSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('InvalidInputException', error.message),
    throttling: () => new AwsError('TooManyRequestsException', 'Rate exceeded', { status: 429 }),
    concurrentModification: () =>
      new AwsError('ResourceConflictException', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () => new AwsError('InternalException', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
