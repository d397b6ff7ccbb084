/** AWS Cost Explorer (awsJson1_1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { Handler, ServiceDefinition } from '../../service.js';
import { costsSeeder } from './seed.js';
import { getCostAndUsage } from './usage.js';

export const ceOperations: Record<string, Handler> = { GetCostAndUsage: getCostAndUsage };

export const ceService: ServiceDefinition = {
  name: 'ce',
  signingName: 'ce',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSInsightsIndexService',
  operations: ceOperations,
  // Cost Explorer publishes no request rate; the sandbox assumes 5 per second per account.
  bucket: ({ caller }) => ({ key: `ce:${caller.accountId}`, rate: 5, burst: 5, family: 'ce' }),
  seeding: { account: [costsSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('ValidationException', error.message),
    throttling: () => new AwsError('LimitExceededException', 'You have exceeded the rate limit.'),
    concurrentModification: () => new AwsError('LimitExceededException', 'You have exceeded the rate limit.'),
    internal: () => new AwsError('InternalServerException', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
