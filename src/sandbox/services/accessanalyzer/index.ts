/** IAM Access Analyzer (restJson1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { accessAnalyzerOperations, accessAnalyzerRoutes } from './operations.js';
import { analyzersSeeder } from './seed.js';

export const accessAnalyzerService: ServiceDefinition = {
  name: 'accessanalyzer',
  signingName: 'access-analyzer',
  protocol: 'restJson1',
  routes: accessAnalyzerRoutes,
  operations: accessAnalyzerOperations,
  seeding: { regional: [analyzersSeeder] },
  errors: {
    validation: (error: InputError) => new AwsError('ValidationException', error.message),
    throttling: () => new AwsError('ThrottlingException', 'Rate exceeded', { status: 429 }),
    concurrentModification: () =>
      new AwsError('ConflictException', 'The resource is being modified by another request.', {
        status: 409,
      }),
    internal: () => new AwsError('InternalServerException', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
