import { describe, expect, it } from 'vitest';
import { checkCall, modelsAvailable } from './service-model.js';

describe.runIf(modelsAvailable())('the service-model check', () => {
  it('accepts an answer shaped like the model', () => {
    expect(
      checkCall({
        service: 'sts',
        operation: 'GetCallerIdentity',
        output: { UserId: 'u', Account: '1', Arn: 'a' },
      }),
    ).toEqual([]);
  });

  it('names unknown members, wrong types, bad enums, missing required members and foreign error codes', () => {
    expect(checkCall({ service: 'sts', operation: 'GetCallerIdentity', output: { Acount: '1' } })).toEqual([
      'sts.GetCallerIdentity.Acount: not a member of GetCallerIdentityResponse',
    ]);
    expect(
      checkCall({
        service: 'organizations',
        operation: 'DescribeOrganization',
        output: { Organization: { Id: 'o-1', FeatureSet: 'SOME', AvailablePolicyTypes: [{ Type: 1 }] } },
      }),
    ).toEqual([
      "organizations.DescribeOrganization.Organization.FeatureSet: 'SOME' is not in enum OrganizationFeatureSet",
      'organizations.DescribeOrganization.Organization.AvailablePolicyTypes[0].Type: expected a string (PolicyType), got number',
    ]);
    expect(
      checkCall({
        service: 'organizations',
        operation: 'DescribeCreateAccountStatus',
        output: { CreateAccountStatus: { RequestedTimestamp: '2026-01-01T00:00:00Z' } },
      }),
    ).toEqual([
      'organizations.DescribeCreateAccountStatus.CreateAccountStatus.RequestedTimestamp: expected a Date (Timestamp), got "2026-01-01T00:00:00Z"',
    ]);
    expect(
      checkCall({ service: 'iam', operation: 'GetUser', error: { code: 'NoSuchUserException' } }),
    ).toEqual(['iam.GetUser: error code NoSuchUserException is not defined by the iam model']);
    expect(checkCall({ service: 'iam', operation: 'GetUser', error: { code: 'NoSuchEntity' } })).toEqual([]);
  });
});
