/** Amazon RDS (awsQuery). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { rdsOperations, dbInstancesSeeder } from './operations.js';

export const rdsService: ServiceDefinition = {
  name: 'rds',
  signingName: 'rds',
  protocol: 'awsQuery',
  xmlNamespace: 'http://rds.amazonaws.com/doc/2014-10-31/',
  operations: rdsOperations,
  seeding: { regional: [dbInstancesSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('InvalidParameterValue', error.message),
    throttling: () => new AwsError('Throttling', 'Rate exceeded'),
    concurrentModification: () =>
      new AwsError('InvalidDBInstanceState', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () => new AwsError('InternalFailure', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredToken',
  },
};
