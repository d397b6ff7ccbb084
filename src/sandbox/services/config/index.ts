/** AWS Config (awsJson1_1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { configOperations } from './operations.js';
import { configSeeder } from './seed.js';

export const configService: ServiceDefinition = {
  name: 'config',
  signingName: 'config',
  protocol: 'awsJson1_1',
  targetPrefix: 'StarlingDoveService',
  operations: configOperations,
  seeding: { regional: [configSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('ValidationException', error.message),
    throttling: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    concurrentModification: () =>
      new AwsError('ResourceInUseException', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () => new AwsError('InternalFailure', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
