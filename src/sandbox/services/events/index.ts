/** Amazon EventBridge (awsJson1_1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { eventsOperations } from './operations.js';

export const eventsService: ServiceDefinition = {
  name: 'events',
  signingName: 'events',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSEvents',
  operations: eventsOperations,
  errors: {
    validation: (error: InputError) => new AwsError('ValidationException', error.message),
    throttling: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    concurrentModification: () =>
      new AwsError('ConcurrentModificationException', 'There is concurrent modification on a rule.'),
    internal: () => new AwsError('InternalException', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
