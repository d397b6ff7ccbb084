/** AWS CloudTrail (awsJson1_1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { cloudTrailOperations } from './operations.js';
import { trailsSeeder } from './seed.js';

export const cloudTrailService: ServiceDefinition = {
  name: 'cloudtrail',
  signingName: 'cloudtrail',
  protocol: 'awsJson1_1',
  targetPrefix: 'CloudTrail_20131101',
  targetAliases: ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101'],
  operations: cloudTrailOperations,
  // AWS's documented rates, per account, region and operation: LookupEvents 2/s (burst 2), others 10/s
  // (burst 20).
  bucket: ({ operation, caller, region }) => ({
    key: `cloudtrail:${caller.accountId}:${region}:${operation}`,
    rate: operation === 'LookupEvents' ? 2 : 10,
    burst: operation === 'LookupEvents' ? 2 : 20,
    family: 'cloudtrail',
  }),
  seeding: { regional: [trailsSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('InvalidParameterException', error.message),
    throttling: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    concurrentModification: () =>
      new AwsError('ConflictException', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () => new AwsError('InternalFailure', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
