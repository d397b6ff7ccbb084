/**
 * Client-side pacing: one token bucket per AWS throttle bucket, at about 90% of the rates AWS
 * documents (each bucket, its scope and rate: docs/aws-limits.md#pacing), so orgward stays under the
 * limit instead of leaning on server throttling. Unpublished rates are assumptions; the benchmark sweeps
 * them.
 */
export interface BucketRate {
  /** Bucket key: calls with the same key share the bucket. */
  key: string;
  ratePerSecond: number;
  burst: number;
}

export interface CallScope {
  service: string;
  operation: string;
  /** The account whose credentials sign the call ('self' before it is known). */
  account: string;
  region: string;
}

/** KMS's default request quotas (requests per second) for the operations orgward may call. */
const KMS_RATES: Readonly<Record<string, number>> = {
  CreateAlias: 5,
  CreateKey: 5,
  DescribeKey: 2000,
  GetKeyPolicy: 1000,
  ListAliases: 500,
  ListKeys: 500,
  PutKeyPolicy: 15,
  ScheduleKeyDeletion: 15,
};

/** SNS's API rates (requests per second) for the topic calls orgward makes. */
const SNS_RATES: Readonly<Record<string, number>> = {
  ListTopics: 30,
  GetTopicAttributes: 100,
  SetTopicAttributes: 30,
};

export function bucketFor(scope: CallScope): BucketRate | undefined {
  const { service, operation, account, region } = scope;
  switch (service) {
    case 'organizations':
      // Unpublished; assumed 5/s per operation after a burst of 10 (docs/aws-limits.md#organizations).
      // Paced at AWS's refill, with one token of its bucket kept back for the jitter between our clock
      // and AWS's: this bucket is what a small organization's read waits on.
      return { key: `organizations:${operation}`, ratePerSecond: 5, burst: 9 };
    case 'sso-admin':
      // All SSO Admin APIs share one 20 TPS bucket.
      return { key: `sso-admin:${account}`, ratePerSecond: 18, burst: 18 };
    case 'identitystore':
      return { key: `identitystore:${account}`, ratePerSecond: 18, burst: 18 };
    case 'iam':
      return { key: `iam:${account}:${operation}`, ratePerSecond: 18, burst: 36 };
    case 'sts':
      return operation === 'GetCallerIdentity'
        ? undefined
        : { key: `sts:${account}:${region}:${operation}`, ratePerSecond: 180, burst: 180 };
    case 'securityhub':
      // Documented default 10/s, burst 30, per account, region and operation
      // (docs/aws-limits.md#security-services).
      return { key: `securityhub:${account}:${region}:${operation}`, ratePerSecond: 9, burst: 27 };
    case 'cloudtrail':
      return operation === 'LookupEvents'
        ? { key: `cloudtrail:${account}:${region}:${operation}`, ratePerSecond: 1.8, burst: 2 }
        : { key: `cloudtrail:${account}:${region}:${operation}`, ratePerSecond: 9, burst: 18 };
    case 'account':
      return operation === 'ListRegions'
        ? { key: `account:${account}:${operation}`, ratePerSecond: 4.5, burst: 5 }
        : { key: `account:${account}:${operation}`, ratePerSecond: 9, burst: 15 };
    case 'ec2':
      // EC2 meters describe calls per account and region (token bucket 100, refill 20/s).
      return { key: `ec2:${account}:${region}`, ratePerSecond: 18, burst: 90 };
    case 'kms': {
      // Documented per account, region and operation, each its own quota (docs/aws-limits.md#pacing);
      // operations not listed are paced at 5/s, the lowest management quota.
      const rate = KMS_RATES[operation] ?? 5;
      return { key: `kms:${account}:${region}:${operation}`, ratePerSecond: rate * 0.9, burst: rate };
    }
    case 'sns': {
      // Per account, region and operation: ListTopics 30/s (documented), GetTopicAttributes 100/s and
      // SetTopicAttributes 30/s; topic creation and deletion unpaced (docs/aws-limits.md#pacing).
      const rate = SNS_RATES[operation];
      return rate === undefined
        ? undefined
        : { key: `sns:${account}:${region}:${operation}`, ratePerSecond: rate * 0.9, burst: rate };
    }
    case 'ce':
    case 'budgets':
      // Unpublished; assumed 5/s per account (docs/aws-limits.md#pacing). Cost Explorer bills each
      // request, so orgward asks for grouped pages rather than one call per account.
      return { key: `${service}:${account}`, ratePerSecond: 4.5, burst: 5 };
    case 'config':
    case 'guardduty':
      // Unpublished; assumed 10/s per account, region and operation.
      return { key: `${service}:${account}:${region}:${operation}`, ratePerSecond: 9, burst: 18 };
    default:
      return undefined;
  }
}
