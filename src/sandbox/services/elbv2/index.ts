/** Elastic Load Balancing v2 (awsQuery). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { elbv2Operations } from './operations.js';
import { loadBalancersSeeder } from './seed.js';

export const elbv2Service: ServiceDefinition = {
  name: 'elbv2',
  signingName: 'elasticloadbalancing',
  protocol: 'awsQuery',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  operations: elbv2Operations,
  seeding: { regional: [loadBalancersSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('ValidationError', error.message),
    throttling: () => new AwsError('Throttling', 'Rate exceeded'),
    concurrentModification: () =>
      new AwsError('ResourceInUse', 'The resource is being modified by another request.', { status: 409 }),
    internal: () => new AwsError('InternalFailure', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredToken',
  },
};
