/** IAM Identity Center admin API (awsJson1_1, `SWBExternalService`). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { advanceIdentityCenter, ssoAdminOperations } from './operations.js';
import { forgetAccount, ssoInstancesOf } from './state.js';

export function validationException(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

export const ssoAdminService: ServiceDefinition = {
  name: 'sso-admin',
  signingName: 'sso',
  protocol: 'awsJson1_1',
  targetPrefix: 'SWBExternalService',
  operations: ssoAdminOperations,
  onWorldEvent: (world, event) => forgetAccount(world, event.accountId, event.organizationId),
  errors: {
    validation: (error: InputError) => validationException(error.message),
    throttling: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    concurrentModification: () =>
      new AwsError(
        'ConflictException',
        'Occurs when a conflict with a previous successful write is detected. This generally occurs when the previous write did not have time to propagate to the host serving the current request. A retry (with appropriate backoff logic) is the recommended response to this exception.',
      ),
    internal: () =>
      new AwsError(
        'InternalServerException',
        'The request processing has failed because of an unknown error.',
        {
          status: 500,
        },
      ),
    expiredTokenCode: 'ExpiredTokenException',
  },
  // All SSO Admin APIs share one bucket of 20 requests a second (AWS's documented quota), per calling account.
  bucket: ({ caller }) => ({
    key: `sso-admin:${caller.accountId}`,
    rate: 20,
    burst: 20,
    family: 'sso-admin',
  }),
  advance: advanceIdentityCenter,
  prepareWorld: (world) => {
    ssoInstancesOf(world);
  },
};
