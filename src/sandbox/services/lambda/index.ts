/** AWS Lambda (restJson1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { lambdaOperations, lambdaRoutes } from './operations.js';
import { functionsSeeder } from './state.js';

export const lambdaService: ServiceDefinition = {
  name: 'lambda',
  signingName: 'lambda',
  protocol: 'restJson1',
  routes: lambdaRoutes,
  operations: lambdaOperations,
  seeding: { regional: [functionsSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('InvalidParameterValueException', error.message),
    throttling: () => new AwsError('TooManyRequestsException', 'Rate exceeded', { status: 429 }),
    concurrentModification: () =>
      new AwsError('ResourceConflictException', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () => new AwsError('ServiceException', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
