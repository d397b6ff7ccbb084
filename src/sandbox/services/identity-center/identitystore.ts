/** Identity Store (awsJson1_1, `AWSIdentityStore`). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { identityStoreOperations } from './operations.js';
import { identityStoreSeeder } from './seed.js';
import { identityStoresOf } from './state.js';

export const identityStoreService: ServiceDefinition = {
  name: 'identitystore',
  signingName: 'identitystore',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSIdentityStore',
  operations: identityStoreOperations,
  // World documents' `identityStore` member (seed.ts).
  seeding: { account: [identityStoreSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('ValidationException', error.message),
    throttling: () =>
      new AwsError('ThrottlingException', 'Rate exceeded', { extras: { RetryAfterSeconds: 1 } }),
    concurrentModification: () =>
      new AwsError('ConflictException', 'Conflict', { extras: { Reason: 'CONCURRENT_MODIFICATION' } }),
    internal: () => new AwsError('InternalServerException', 'Internal error', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
  // Identity Store has its own bucket of 20 requests a second for all its APIs (AWS's documented quota).
  bucket: ({ caller }) => ({
    key: `identitystore:${caller.accountId}`,
    rate: 20,
    burst: 20,
    family: 'identitystore',
  }),
  prepareWorld: (world) => {
    identityStoresOf(world);
  },
};
