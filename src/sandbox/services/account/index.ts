/** AWS Account Management (restJson1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { accountOperations, accountRoutes } from './operations.js';

export const accountService: ServiceDefinition = {
  name: 'account',
  signingName: 'account',
  protocol: 'restJson1',
  routes: accountRoutes,
  operations: accountOperations,
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
