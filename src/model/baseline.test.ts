/** The log bucket's policy orgward writes, and when a policy someone else wrote already does the job. */
import { describe, expect, it } from 'vitest';
import { bucketPolicy, policyCovers, type DesiredBucket } from './baseline.js';

const bucket: DesiredBucket = {
  name: 'org-logs',
  account: 'Log Archive',
  kmsKeyArn: undefined,
  expireAfterDays: undefined,
  accessLogsBucket: undefined,
  deliveries: ['cloudtrail', 'config'],
};
const ctx = {
  organizationId: 'o-abc',
  managementAccountId: '111111111111',
  partition: 'aws',
  trail: { region: 'us-east-1', name: 'org' },
};

describe('bucketPolicy', () => {
  it('refuses plain HTTP and lets the trail and Config write, scoped to the trail and the organization', () => {
    const policy = JSON.parse(bucketPolicy(bucket, ctx)) as { Statement: Array<Record<string, unknown>> };
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'CloudTrailAclCheck',
      'CloudTrailWrite',
      'CloudTrailOrganizationWrite',
      'ConfigAclCheck',
      'ConfigExistenceCheck',
      'ConfigWrite',
    ]);
    expect(policy.Statement[3]).toMatchObject({
      Resource: 'arn:aws:s3:::org-logs/AWSLogs/o-abc/*',
      Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org' } },
    });
    expect(policy.Statement[6]).toMatchObject({
      Condition: { StringEquals: { 'aws:SourceOrgID': 'o-abc' } },
    });
    expect(policyCovers(bucketPolicy(bucket, ctx), bucket.deliveries)).toBe(true);
  });

  it('leaves out what nobody delivers', () => {
    const policy = bucketPolicy({ ...bucket, deliveries: ['config'] }, ctx);
    expect(policy).not.toContain('cloudtrail.amazonaws.com');
  });
});

describe('policyCovers', () => {
  const deny = {
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: '*',
    Condition: { Bool: { 'aws:SecureTransport': false } },
  };
  const put = (service: string, action: string | string[] = 's3:PutObject') => ({
    Effect: 'Allow',
    Principal: { Service: service },
    Action: action,
    Resource: '*',
  });
  const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });

  it('accepts another wording that refuses HTTP and lets each service put objects', () => {
    expect(
      policyCovers(
        doc(
          deny,
          put('cloudtrail.amazonaws.com', ['s3:GetBucketAcl', 's3:PutObject']),
          put('config.amazonaws.com', 's3:*'),
        ),
        ['cloudtrail', 'config'],
      ),
    ).toBe(true);
  });

  it('refuses a policy without the TLS deny, one that leaves a service out, no policy, and nonsense', () => {
    expect(policyCovers(doc(put('cloudtrail.amazonaws.com')), ['cloudtrail'])).toBe(false);
    expect(policyCovers(doc(deny, put('cloudtrail.amazonaws.com')), ['cloudtrail', 'config'])).toBe(false);
    expect(policyCovers(null, ['config'])).toBe(false);
    expect(policyCovers('{not json', ['config'])).toBe(false);
  });
});
