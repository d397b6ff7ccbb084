/** Amazon S3 (restXml). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { s3Operations, s3Routes } from './operations.js';

export const s3Service: ServiceDefinition = {
  name: 's3',
  signingName: 's3',
  protocol: 'restXml',
  routes: s3Routes,
  operations: s3Operations,
  errors: {
    validation: (error: InputError) => new AwsError('InvalidArgument', error.message),
    throttling: () => new AwsError('SlowDown', 'Rate exceeded', { status: 503 }),
    concurrentModification: () =>
      new AwsError('OperationAborted', 'The resource is being modified by another request.', { status: 409 }),
    internal: () => new AwsError('InternalError', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredToken',
  },
};
