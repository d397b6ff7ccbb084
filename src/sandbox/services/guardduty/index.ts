/** Amazon GuardDuty (restJson1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { guardDutyOperations, guardDutyRoutes } from './operations.js';
import { guardDutySeeder } from './seed.js';
import { disassociateLeaver } from './state.js';

export const guardDutyService: ServiceDefinition = {
  name: 'guardduty',
  signingName: 'guardduty',
  protocol: 'restJson1',
  routes: guardDutyRoutes,
  operations: guardDutyOperations,
  seeding: { regional: [guardDutySeeder] },
  onWorldEvent: (world, event) => disassociateLeaver(world, event.accountId),
  errors: {
    validation: (error: InputError) => new AwsError('BadRequestException', error.message),
    throttling: () => new AwsError('TooManyRequestsException', 'Rate exceeded', { status: 429 }),
    concurrentModification: () =>
      new AwsError('ConflictException', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () =>
      new AwsError('InternalServerErrorException', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
