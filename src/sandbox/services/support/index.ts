/** AWS Support (awsJson1_1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { supportOperations } from './operations.js';

export const supportService: ServiceDefinition = {
  name: 'support',
  signingName: 'support',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSSupport_20130415',
  operations: supportOperations,
  errors: {
    validation: (error: InputError) => new AwsError('InternalServerError', error.message),
    throttling: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    concurrentModification: () =>
      new AwsError('ThrottlingException', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () => new AwsError('InternalServerError', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
