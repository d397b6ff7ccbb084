/** Amazon SQS (awsJson1_0). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { sqsOperations } from './operations.js';
import { queuesSeeder } from './seed.js';

export const sqsService: ServiceDefinition = {
  name: 'sqs',
  signingName: 'sqs',
  protocol: 'awsJson1_0',
  targetPrefix: 'AmazonSQS',
  operations: sqsOperations,
  seeding: { regional: [queuesSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('InvalidAttributeValue', error.message),
    throttling: () => new AwsError('RequestThrottled', 'Rate exceeded'),
    concurrentModification: () =>
      new AwsError('InvalidAttributeValue', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () => new AwsError('InternalFailure', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
