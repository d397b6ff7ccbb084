/** IAM (awsQuery, 2010-05-08), one IAM per account. Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { iamOperations } from './operations.js';
import { holdRootSessionsToTaskPolicy } from './root-session.js';
import { iamUsersSeeder, rootCredentialsSeeder } from './seed.js';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

export const iamService: ServiceDefinition = {
  name: 'iam',
  signingName: 'iam',
  protocol: 'awsQuery',
  xmlNamespace: IAM_NAMESPACE,
  operations: iamOperations,
  errors: {
    validation: (error: InputError) => new AwsError('ValidationError', error.message),
    throttling: () => new AwsError('Throttling', 'Rate exceeded'),
    concurrentModification: () =>
      new AwsError(
        'ConcurrentModification',
        'The request was rejected because multiple requests to change this object were submitted simultaneously.',
        { status: 409 },
      ),
    internal: () =>
      new AwsError('ServiceFailure', 'The request processing has failed because of an unknown error.', {
        status: 500,
      }),
    expiredTokenCode: 'ExpiredToken',
  },
  // AWS publishes no per-API rates for IAM; the sandbox assumes 20/s, burst 40, per account and operation.
  bucket: ({ operation, caller }) => ({
    key: `iam:${caller.accountId}:${operation}`,
    rate: 20,
    burst: 40,
    family: 'iam',
  }),
  // A root session (sts:AssumeRoot) may do only what its task policy allows, in every service.
  checkCall: holdRootSessionsToTaskPolicy,
  seeding: { account: [rootCredentialsSeeder, iamUsersSeeder] },
};
