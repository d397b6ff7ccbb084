/** AWS Key Management Service (awsJson1_1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { kmsOperations } from './operations.js';
import { kmsKeysSeeder } from './seed.js';

/**
 * AWS's default request quotas for the operations served, per account, region and operation (each
 * operation has its own quota). Operations not listed here are not served.
 */
export const KMS_RATES: Readonly<Record<string, number>> = {
  CreateAlias: 5,
  CreateKey: 5,
  DescribeKey: 2000,
  GetKeyPolicy: 1000,
  ListAliases: 500,
  ListKeys: 500,
  PutKeyPolicy: 15,
  ScheduleKeyDeletion: 15,
};

export const kmsService: ServiceDefinition = {
  name: 'kms',
  signingName: 'kms',
  protocol: 'awsJson1_1',
  targetPrefix: 'TrentService',
  operations: kmsOperations,
  bucket: ({ operation, caller, region }) => {
    const rate = KMS_RATES[operation] ?? 5;
    return { key: `kms:${caller.accountId}:${region}:${operation}`, rate, burst: rate, family: 'kms' };
  },
  seeding: { regional: [kmsKeysSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('ValidationException', error.message),
    throttling: () =>
      new AwsError(
        'ThrottlingException',
        'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.',
      ),
    concurrentModification: () =>
      new AwsError('ConflictException', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () => new AwsError('KMSInternalException', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
