/** AWS CloudFormation (awsQuery). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { cloudFormationOperations } from './operations.js';
import { stackSetsSeeder } from './seed.js';

export const cloudFormationService: ServiceDefinition = {
  name: 'cloudformation',
  signingName: 'cloudformation',
  protocol: 'awsQuery',
  xmlNamespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  operations: cloudFormationOperations,
  seeding: { regional: [stackSetsSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('ValidationError', error.message),
    throttling: () => new AwsError('Throttling', 'Rate exceeded'),
    concurrentModification: () =>
      new AwsError('OperationInProgressException', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () => new AwsError('InternalFailure', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredToken',
  },
};
