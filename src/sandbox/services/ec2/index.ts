/** Amazon EC2 (ec2 query). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { ec2Operations } from './operations.js';
import { networkSeeder } from './network.js';
import { ec2SettingsSeeder, instancesSeeder } from './seed.js';

export const ec2Service: ServiceDefinition = {
  name: 'ec2',
  signingName: 'ec2',
  protocol: 'ec2Query',
  xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  operations: ec2Operations,
  // `network` before `instances`: instances name its subnets and groups.
  seeding: { regional: [networkSeeder, ec2SettingsSeeder, instancesSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('InvalidParameterValue', error.message),
    throttling: () => new AwsError('RequestLimitExceeded', 'Rate exceeded', { status: 503 }),
    concurrentModification: () =>
      new AwsError('IncorrectState', 'The resource is being modified by another request.', { status: 409 }),
    internal: () => new AwsError('InternalError', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredToken',
  },
};
