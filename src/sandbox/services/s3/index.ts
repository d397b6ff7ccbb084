/** Amazon S3 (restXml): buckets, their configuration, and objects. Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { SandboxRequest } from '../../protocols/types.js';
import type { ServiceDefinition } from '../../service.js';
import { lifecycleOperations, lifecycleRoutes } from './lifecycle.js';
import { objectOperations, objectRoutes } from './objects.js';
import { s3Operations, s3Routes } from './operations.js';
import { bucketsSeeder } from './seed.js';

/**
 * `<bucket>.s3.<region>.amazonaws.com`, `<bucket>.s3.amazonaws.com`, `<bucket>.s3-<region>.amazonaws.com`,
 * `<bucket>.s3.dualstack.<region>.amazonaws.com`. S3 Control's `<account>.s3-control.<region>.amazonaws.com`
 * does not match (one label at most between `s3` and `amazonaws.com`, `-control` followed by the region).
 */
const VIRTUAL_HOST = /^(.+?)\.s3(?:\.dualstack)?(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?::\d+)?$/;

/** Virtual-hosted-style requests name the bucket in the Host header: move it into the path. */
export function normalizeS3Request(request: SandboxRequest): SandboxRequest {
  const host = (request.headers.host ?? '').toLowerCase();
  const bucket = VIRTUAL_HOST.exec(host)?.[1];
  if (!bucket) return request;
  return { ...request, path: `/${bucket}${request.path === '/' ? '' : request.path}` };
}

export const s3Service: ServiceDefinition = {
  name: 's3',
  signingName: 's3',
  protocol: 'restXml',
  routes: [...s3Routes, ...lifecycleRoutes, ...objectRoutes],
  operations: { ...s3Operations, ...lifecycleOperations, ...objectOperations },
  normalizeRequest: normalizeS3Request,
  isMutating: (operation) => !/^(Get|List|Head)[A-Z]/.test(operation),
  seeding: { account: [bucketsSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('InvalidArgument', error.message),
    throttling: () => new AwsError('SlowDown', 'Please reduce your request rate.', { status: 503 }),
    concurrentModification: () =>
      new AwsError(
        'OperationAborted',
        'A conflicting conditional operation is currently in progress against this resource. Please try again.',
        {
          status: 409,
        },
      ),
    internal: () =>
      new AwsError('InternalError', 'We encountered an internal error. Please try again.', { status: 500 }),
    expiredTokenCode: 'ExpiredToken',
  },
};
