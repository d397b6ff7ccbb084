/**
 * The reference scan: resource policies and role trusts, in the accounts of the source organization, that
 * name the organization (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:ResourceOrgID`, ...). They
 * stop granting access to an account that leaves. Read per account through the member role: S3 bucket
 * policies and IAM role trusts once per account, SQS queue, SNS topic, Lambda function and KMS key
 * policies per region. Only documents that name the organization are kept (the caller's `match` says).
 */
import { GetKeyPolicyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetPolicyCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { GetBucketPolicyCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, ListTopicsCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import type { ClientFactory } from '../../aws/clients.js';
import type { OrgReference } from '../../model/transfer.js';
import { mapLimit } from '../../util/pool.js';
import { allPages, answered, tryRead } from './shared.js';

/** A policy document found, before matching. */
interface Found {
  service: OrgReference['service'];
  region: string;
  resource: string;
  document: string;
}

const NO_POLICY = /^(NoSuchBucketPolicy|ResourceNotFoundException|NotFoundException|NotFound)$/;

/** The document, or null when the resource has no policy. */
async function policyOrNull(fn: () => Promise<string | undefined>): Promise<string | null> {
  try {
    return (await fn()) ?? null;
  } catch (error) {
    if (answered(error, NO_POLICY)) return null;
    throw error;
  }
}

async function globalPolicies(session: ClientFactory, accountId: string, region: string): Promise<Found[]> {
  const s3 = session.s3(region);
  const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
  const bucketPolicies = await mapLimit(buckets, 4, async (bucket) => {
    const name = bucket.Name ?? '';
    const bucketRegion = bucket.BucketRegion ?? region;
    const document = await policyOrNull(
      async () => (await session.s3(bucketRegion).send(new GetBucketPolicyCommand({ Bucket: name }))).Policy,
    );
    return document
      ? [{ service: 's3' as const, region: bucketRegion, resource: `arn:aws:s3:::${name}`, document }]
      : [];
  });
  const iam = session.iam();
  const roles = await allPages(
    (Marker) => iam.send(new ListRolesCommand({ ...(Marker ? { Marker } : {}) })),
    (p) => p.Roles,
    (p) => (p.IsTruncated ? p.Marker : undefined),
  );
  const trusts = roles.map((r) => ({
    service: 'iam' as const,
    region: 'global',
    resource: r.Arn ?? `arn:aws:iam::${accountId}:role/${r.RoleName}`,
    document: decodeURIComponent(r.AssumeRolePolicyDocument ?? ''),
  }));
  return [...bucketPolicies.flat(), ...trusts];
}

async function queuePolicies(session: ClientFactory, region: string): Promise<Found[]> {
  const sqs = session.sqs(region);
  const urls = await allPages(
    (NextToken) => sqs.send(new ListQueuesCommand({ MaxResults: 1000, ...(NextToken ? { NextToken } : {}) })),
    (p) => p.QueueUrls,
    (p) => p.NextToken,
  );
  const found = await mapLimit(urls, 4, async (QueueUrl) => {
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy', 'QueueArn'] }),
    );
    const document = attributes.Attributes?.Policy;
    return document
      ? [{ service: 'sqs' as const, region, resource: attributes.Attributes?.QueueArn ?? QueueUrl, document }]
      : [];
  });
  return found.flat();
}

async function topicPolicies(session: ClientFactory, region: string): Promise<Found[]> {
  const sns = session.sns(region);
  const topics = await allPages(
    (NextToken) => sns.send(new ListTopicsCommand({ ...(NextToken ? { NextToken } : {}) })),
    (p) => p.Topics,
    (p) => p.NextToken,
  );
  const found = await mapLimit(topics, 4, async (topic) => {
    const TopicArn = topic.TopicArn ?? '';
    const document = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.Policy;
    return document ? [{ service: 'sns' as const, region, resource: TopicArn, document }] : [];
  });
  return found.flat();
}

async function functionPolicies(session: ClientFactory, region: string): Promise<Found[]> {
  const lambda = session.lambda(region);
  const functions = await allPages(
    (Marker) => lambda.send(new ListFunctionsCommand({ ...(Marker ? { Marker } : {}) })),
    (p) => p.Functions,
    (p) => p.NextMarker,
  );
  const found = await mapLimit(functions, 4, async (fn) => {
    const FunctionName = fn.FunctionArn ?? fn.FunctionName ?? '';
    const document = await policyOrNull(
      async () => (await lambda.send(new GetPolicyCommand({ FunctionName }))).Policy,
    );
    return document ? [{ service: 'lambda' as const, region, resource: FunctionName, document }] : [];
  });
  return found.flat();
}

async function keyPolicies(session: ClientFactory, region: string): Promise<Found[]> {
  const kms = session.kms(region);
  const keys = await allPages(
    (Marker) => kms.send(new ListKeysCommand({ ...(Marker ? { Marker } : {}) })),
    (p) => p.Keys,
    (p) => (p.Truncated ? p.NextMarker : undefined),
  );
  const found = await mapLimit(keys, 4, async (key) => {
    const KeyId = key.KeyArn ?? key.KeyId ?? '';
    const document = await policyOrNull(
      async () => (await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }))).Policy,
    );
    return document ? [{ service: 'kms' as const, region, resource: KeyId, document }] : [];
  });
  return found.flat();
}

const REGIONAL: Array<[string, (session: ClientFactory, region: string) => Promise<Found[]>]> = [
  ['SQS queue policies', queuePolicies],
  ['SNS topic policies', topicPolicies],
  ['Lambda function policies', functionPolicies],
  ['KMS key policies', keyPolicies],
];

export interface ReferenceScanOptions {
  accounts: readonly string[];
  regions: readonly string[];
  /** A session in an account of the organization. */
  inAccount: (accountId: string) => ClientFactory;
  /** What a document names of the organization (empty: nothing). */
  match: (document: string) => OrgReference['matches'];
  /** Accounts scanned side by side. */
  concurrency?: number;
}

/** Scans the accounts (see the module comment); refused reads are gaps, not failures. */
export async function scanReferences(
  options: ReferenceScanOptions,
): Promise<{ references: OrgReference[]; gaps: string[] }> {
  const gaps: string[] = [];
  const perAccount = await mapLimit(options.accounts, options.concurrency ?? 8, async (accountId) => {
    const session = options.inAccount(accountId);
    const home = options.regions[0] ?? 'us-east-1';
    const parts = await Promise.all([
      tryRead(gaps, `${accountId} bucket policies and role trusts`, () =>
        globalPolicies(session, accountId, home),
      ),
      ...options.regions.flatMap((region) =>
        REGIONAL.map(([label, read]) =>
          tryRead(gaps, `${accountId} ${label} (${region})`, () => read(session, region)),
        ),
      ),
    ]);
    const references: OrgReference[] = [];
    for (const found of parts.flat()) {
      if (!found) continue;
      const matches = options.match(found.document);
      if (matches.length > 0)
        references.push({
          accountId,
          service: found.service,
          region: found.region,
          resource: found.resource,
          matches,
        });
    }
    return references;
  });
  return { references: perAccount.flat(), gaps };
}
