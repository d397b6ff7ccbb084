/** AWS Security Hub (restJson1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { securityHubOperations, securityHubRoutes } from './operations.js';

export const securityHubService: ServiceDefinition = {
  name: 'securityhub',
  signingName: 'securityhub',
  protocol: 'restJson1',
  routes: securityHubRoutes,
  operations: securityHubOperations,
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
