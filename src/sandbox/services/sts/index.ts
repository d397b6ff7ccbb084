/** STS (awsQuery, 2011-06-15). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { stsOperations } from './operations.js';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export const stsService: ServiceDefinition = {
  name: 'sts',
  signingName: 'sts',
  protocol: 'awsQuery',
  xmlNamespace: STS_NAMESPACE,
  operations: stsOperations,
  errors: {
    validation: (error: InputError) => new AwsError('ValidationError', error.message),
    throttling: () => new AwsError('Throttling', 'Rate exceeded'),
    concurrentModification: () => new AwsError('Throttling', 'Rate exceeded'),
    internal: () => new AwsError('InternalFailure', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredToken',
  },
  // AWS's documented rate: 200 requests a second per calling account, region and operation (a figure AWS
  // gives for AssumeRole that the sandbox has not measured). GetCallerIdentity is not throttled.
  bucket: ({ operation, caller, region }) =>
    operation === 'GetCallerIdentity'
      ? undefined
      : { key: `sts:${caller.accountId}:${region}:${operation}`, rate: 200, burst: 200, family: 'sts' },
};
