/** Amazon SNS (awsQuery, 2010-03-31). Behaviour and differences: SPEC.md. */
import { AwsError } from '../../errors.js';
import type { InputError } from '../../input.js';
import type { ServiceDefinition } from '../../service.js';
import { snsOperations } from './operations.js';
import { snsTopicsSeeder } from './seed.js';

/**
 * AWS's API rates for the topic reads and writes orgward makes, per account, region and operation;
 * the other operations served are not throttled.
 */
export const SNS_RATES: Readonly<Record<string, number>> = {
  ListTopics: 30,
  GetTopicAttributes: 100,
  SetTopicAttributes: 30,
};

export const snsService: ServiceDefinition = {
  name: 'sns',
  signingName: 'sns',
  protocol: 'awsQuery',
  xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
  operations: snsOperations,
  bucket: ({ operation, caller, region }) => {
    const rate = SNS_RATES[operation];
    return rate === undefined
      ? undefined
      : { key: `sns:${caller.accountId}:${region}:${operation}`, rate, burst: rate, family: 'sns' };
  },
  seeding: { regional: [snsTopicsSeeder] },
  errors: {
    // a missing member is the query protocol's ValidationError; any other bad value is InvalidParameter
    validation: (error: InputError) =>
      error.rule === 'required' || !error.member
        ? new AwsError('ValidationError', error.message)
        : new AwsError('InvalidParameter', `Invalid parameter: ${error.member}`),
    throttling: () => new AwsError('Throttling', 'Rate exceeded'),
    concurrentModification: () =>
      new AwsError('ConcurrentAccess', 'Another operation is in progress on this topic.'),
    internal: () => new AwsError('InternalError', 'An internal error occurred.', { status: 500 }),
    expiredTokenCode: 'ExpiredToken',
  },
};
