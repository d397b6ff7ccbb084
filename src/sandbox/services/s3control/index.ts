/** Amazon S3 Control (restXml). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { accountPublicAccessBlockSeeder } from '../s3/seed.js';
import { s3ControlOperations, s3ControlRoutes } from './operations.js';

export const s3ControlService: ServiceDefinition = {
  name: 's3control',
  signingName: 's3',
  protocol: 'restXml',
  routes: s3ControlRoutes,
  operations: s3ControlOperations,
  seeding: { account: [accountPublicAccessBlockSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('InvalidRequest', error.message),
    throttling: () => new AwsError('SlowDown', 'Rate exceeded', { status: 503 }),
    concurrentModification: () =>
      new AwsError('OperationAborted', 'The resource is being modified by another request.', { status: 409 }),
    internal: () => new AwsError('InternalError', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredToken',
  },
};
