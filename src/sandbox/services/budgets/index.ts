/** AWS Budgets (awsJson1_1). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { budgetsOperations } from './operations.js';

export const budgetsService: ServiceDefinition = {
  name: 'budgets',
  signingName: 'budgets',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSBudgetServiceGateway',
  operations: budgetsOperations,
  // Budgets publishes no request rate; the sandbox assumes 5 per second per account.
  bucket: ({ caller }) => ({ key: `budgets:${caller.accountId}`, rate: 5, burst: 10, family: 'budgets' }),
  errors: {
    validation: (error: InputError) => new AwsError('InvalidParameterException', error.message),
    throttling: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    concurrentModification: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    internal: () => new AwsError('InternalErrorException', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
};
