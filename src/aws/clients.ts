/**
 * The client factory: the only place in orgward that creates AWS SDK clients. Every client it makes
 * sends through one layer that paces calls per AWS throttle bucket, retries what is worth retrying,
 * counts every attempt, and turns final failures into {@link AwsCallError}s that name the call.
 *
 * A factory acts as one principal. {@link ClientFactory.assumeRole} and {@link ClientFactory.assumeRoot}
 * return factories for another account that share the parent's counters, limiter and retry policy, and
 * whose credentials come from STS through the parent's own (counted) STS client, cached until shortly
 * before they expire. Clients are cached per service × region, so a run makes one client per account
 * and region it touches, never one per call.
 */
import { createRequire } from 'node:module';
import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import type { AccountClient } from '@aws-sdk/client-account';
import type { BudgetsClient } from '@aws-sdk/client-budgets';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { GuardDutyClient } from '@aws-sdk/client-guardduty';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SupportClient } from '@aws-sdk/client-support';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import type { Credentials, STSClient } from '@aws-sdk/client-sts';
import type * as SdkAccessanalyzer from '@aws-sdk/client-accessanalyzer';
import type * as SdkAccount from '@aws-sdk/client-account';
import type * as SdkBudgets from '@aws-sdk/client-budgets';
import type * as SdkCostExplorer from '@aws-sdk/client-cost-explorer';
import type * as SdkCloudformation from '@aws-sdk/client-cloudformation';
import type * as SdkCloudtrail from '@aws-sdk/client-cloudtrail';
import type * as SdkConfigService from '@aws-sdk/client-config-service';
import type * as SdkEc2 from '@aws-sdk/client-ec2';
import type * as SdkElbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import type * as SdkGuardduty from '@aws-sdk/client-guardduty';
import type * as SdkIam from '@aws-sdk/client-iam';
import type * as SdkIdentitystore from '@aws-sdk/client-identitystore';
import type * as SdkKms from '@aws-sdk/client-kms';
import type * as SdkLambda from '@aws-sdk/client-lambda';
import type * as SdkOrganizations from '@aws-sdk/client-organizations';
import type * as SdkRds from '@aws-sdk/client-rds';
import type * as SdkS3 from '@aws-sdk/client-s3';
import type * as SdkS3Control from '@aws-sdk/client-s3-control';
import type * as SdkSecurityhub from '@aws-sdk/client-securityhub';
import type * as SdkSns from '@aws-sdk/client-sns';
import type * as SdkSqs from '@aws-sdk/client-sqs';
import type * as SdkSsoAdmin from '@aws-sdk/client-sso-admin';
import type * as SdkSts from '@aws-sdk/client-sts';
import type * as SdkSupport from '@aws-sdk/client-support';
import { AwsCallError, OrgwardError } from '../errors/index.js';
import { CallStats } from './call-stats.js';
import { endpointInputs, resolveEndpoints, SDK_SERVICE_IDS, type SdkService } from './endpoint.js';
import { bucketFor } from './limits.js';
import { RateLimiter, realSleep, type Sleep } from './rate-limiter.js';
import { backoffMs, classify, DEFAULT_RETRY, errorCode, retriesLeft, type RetryPolicy } from './retry.js';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Where calls go and as whom. */
export interface AwsTarget {
  region: string;
  /** An explicit endpoint for every service (`--endpoint-url`, the sandbox); wins over {@link endpoints}. */
  endpoint?: string;
  /**
   * Endpoints resolved from the environment and the shared config (SDK service id → URL, see
   * endpoint.ts); a service not listed goes to AWS. When neither this nor {@link endpoint} is given, the
   * factory resolves them itself from `process.env` and the shared config file.
   */
  endpoints?: Readonly<Record<string, string>>;
  /** Named profile from the shared AWS config. */
  profile?: string;
  credentials?: StaticCredentials | (() => Promise<StaticCredentials>);
  /** An SDK request handler, e.g. the sandbox's in-process adapter. */
  requestHandler?: unknown;
}

export interface ClientFactoryOptions {
  stats?: CallStats;
  limiter?: RateLimiter;
  retry?: Partial<RetryPolicy>;
  sleep?: Sleep;
  random?: () => number;
  /** Multiplies the client-side rates (to match a time-scaled sandbox); 1 against AWS. */
  rateScale?: number;
  /** Clock for credential expiry and the default rate limiter (tests: a virtual clock). */
  now?: () => number;
}

/** The task policies AWS offers for `sts:AssumeRoot` (docs/root.md#root-sessions-and-task-policies). */
export const ROOT_TASK_POLICIES = {
  auditRootUserCredentials: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials',
  createRootUserPassword: 'arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword',
  deleteRootUserCredentials: 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials',
  s3UnlockBucketPolicy: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy',
  sqsUnlockQueuePolicy: 'arn:aws:iam::aws:policy/root-task/SQSUnlockQueuePolicy',
} as const;
export type RootTaskPolicyArn = (typeof ROOT_TASK_POLICIES)[keyof typeof ROOT_TASK_POLICIES];

interface Instrumentable {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'initialize'; name: string; override?: boolean }): void;
  };
}

interface SdkError {
  message?: string;
  $metadata?: { requestId?: string };
}

export { SDK_SERVICE_IDS };
type Service = SdkService;

/**
 * The SDK packages load on first use, not when orgward starts: a command that never calls a service
 * never pays for loading its client (the largest take over half a second). They are CommonJS packages,
 * so `require` answers synchronously with the very module instances an `import` of the same package
 * gets (the commands orgward sends come from those imports).
 */
const sdk = createRequire(import.meta.url);
const load = <T>(name: string): T => sdk(name) as T;
/** Each SDK package, loaded the first time a client of it is made. */
const SDK = {
  accessanalyzer: () => load<typeof SdkAccessanalyzer>('@aws-sdk/client-accessanalyzer'),
  account: () => load<typeof SdkAccount>('@aws-sdk/client-account'),
  budgets: () => load<typeof SdkBudgets>('@aws-sdk/client-budgets'),
  costExplorer: () => load<typeof SdkCostExplorer>('@aws-sdk/client-cost-explorer'),
  cloudformation: () => load<typeof SdkCloudformation>('@aws-sdk/client-cloudformation'),
  cloudtrail: () => load<typeof SdkCloudtrail>('@aws-sdk/client-cloudtrail'),
  configService: () => load<typeof SdkConfigService>('@aws-sdk/client-config-service'),
  ec2: () => load<typeof SdkEc2>('@aws-sdk/client-ec2'),
  elasticLoadBalancingV2: () => load<typeof SdkElbv2>('@aws-sdk/client-elastic-load-balancing-v2'),
  guardduty: () => load<typeof SdkGuardduty>('@aws-sdk/client-guardduty'),
  iam: () => load<typeof SdkIam>('@aws-sdk/client-iam'),
  identitystore: () => load<typeof SdkIdentitystore>('@aws-sdk/client-identitystore'),
  kms: () => load<typeof SdkKms>('@aws-sdk/client-kms'),
  lambda: () => load<typeof SdkLambda>('@aws-sdk/client-lambda'),
  organizations: () => load<typeof SdkOrganizations>('@aws-sdk/client-organizations'),
  rds: () => load<typeof SdkRds>('@aws-sdk/client-rds'),
  s3: () => load<typeof SdkS3>('@aws-sdk/client-s3'),
  s3Control: () => load<typeof SdkS3Control>('@aws-sdk/client-s3-control'),
  securityhub: () => load<typeof SdkSecurityhub>('@aws-sdk/client-securityhub'),
  sns: () => load<typeof SdkSns>('@aws-sdk/client-sns'),
  support: () => load<typeof SdkSupport>('@aws-sdk/client-support'),
  sqs: () => load<typeof SdkSqs>('@aws-sdk/client-sqs'),
  ssoAdmin: () => load<typeof SdkSsoAdmin>('@aws-sdk/client-sso-admin'),
  sts: () => load<typeof SdkSts>('@aws-sdk/client-sts'),
};

/** Services whose endpoint is global (signed in us-east-1 whatever the factory's region). */
const GLOBAL_SERVICES = new Set<Service>(['organizations', 'iam', 'account', 'support', 'ce', 'budgets']);
/** Refresh assumed credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

interface Shared {
  stats: CallStats;
  limiter: RateLimiter;
  retry: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  now: () => number;
}

export class ClientFactory {
  readonly stats: CallStats;
  readonly limiter: RateLimiter;
  /** The account this factory acts in ('self' for the caller's own credentials). */
  readonly account: string;
  private readonly shared: Shared;
  /** SDK service id → endpoint, when {@link AwsTarget.endpoint} does not apply to all. */
  private readonly endpoints: Readonly<Record<string, string>>;
  private readonly cache = new Map<string, unknown>();
  private readonly children = new Map<string, ClientFactory>();

  constructor(target: AwsTarget, options?: ClientFactoryOptions);
  constructor(target: AwsTarget, options: ClientFactoryOptions, account: string, shared: Shared);
  constructor(
    readonly target: AwsTarget,
    options: ClientFactoryOptions = {},
    account = 'self',
    shared?: Shared,
  ) {
    const sleep = options.sleep ?? realSleep;
    this.shared = shared ?? {
      stats: options.stats ?? new CallStats(),
      sleep,
      limiter: options.limiter ?? new RateLimiter(sleep, options.now ?? Date.now, options.rateScale ?? 1),
      retry: { ...DEFAULT_RETRY, ...options.retry },
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
    };
    this.stats = this.shared.stats;
    this.limiter = this.shared.limiter;
    this.account = account;
    this.endpoints = target.endpoint
      ? {}
      : (target.endpoints ??
        resolveEndpoints(
          Object.values(SDK_SERVICE_IDS),
          endpointInputs(process.env, target.profile ? { profile: target.profile } : {}),
        ));
  }

  // Global services ---------------------------------------------------------------------------------

  organizations(): OrganizationsClient {
    return this.client('organizations', 'us-east-1', (c) => new (SDK.organizations().OrganizationsClient)(c));
  }

  iam(): IAMClient {
    return this.client('iam', 'us-east-1', (c) => new (SDK.iam().IAMClient)(c));
  }

  /** AWS Support (its endpoint is in us-east-1; Basic plans are refused every call). */
  support(): SupportClient {
    return this.client('support', 'us-east-1', (c) => new (SDK.support().SupportClient)(c));
  }

  /** Cost Explorer (one endpoint in us-east-1; each request, each page, is billed at $0.01). */
  costExplorer(): CostExplorerClient {
    return this.client('ce', 'us-east-1', (c) => new (SDK.costExplorer().CostExplorerClient)(c));
  }

  /** AWS Budgets (one endpoint, signed in us-east-1). */
  budgets(): BudgetsClient {
    return this.client('budgets', 'us-east-1', (c) => new (SDK.budgets().BudgetsClient)(c));
  }

  accountManagement(): AccountClient {
    return this.client('account', 'us-east-1', (c) => new (SDK.account().AccountClient)(c));
  }

  // Regional services (the factory's region by default) ----------------------------------------------

  sts(region?: string): STSClient {
    return this.client('sts', region, (c) => new (SDK.sts().STSClient)(c));
  }

  ssoAdmin(region?: string): SSOAdminClient {
    return this.client('sso-admin', region, (c) => new (SDK.ssoAdmin().SSOAdminClient)(c));
  }

  identityStore(region?: string): IdentitystoreClient {
    return this.client('identitystore', region, (c) => new (SDK.identitystore().IdentitystoreClient)(c));
  }

  cloudTrail(region?: string): CloudTrailClient {
    return this.client('cloudtrail', region, (c) => new (SDK.cloudtrail().CloudTrailClient)(c));
  }

  config(region?: string): ConfigServiceClient {
    return this.client('config', region, (c) => new (SDK.configService().ConfigServiceClient)(c));
  }

  guardDuty(region?: string): GuardDutyClient {
    return this.client('guardduty', region, (c) => new (SDK.guardduty().GuardDutyClient)(c));
  }

  securityHub(region?: string): SecurityHubClient {
    return this.client('securityhub', region, (c) => new (SDK.securityhub().SecurityHubClient)(c));
  }

  accessAnalyzer(region?: string): AccessAnalyzerClient {
    return this.client('access-analyzer', region, (c) => new (SDK.accessanalyzer().AccessAnalyzerClient)(c));
  }

  ec2(region?: string): EC2Client {
    return this.client('ec2', region, (c) => new (SDK.ec2().EC2Client)(c));
  }

  elbv2(region?: string): ElasticLoadBalancingV2Client {
    return this.client(
      'elasticloadbalancing',
      region,
      (c) => new (SDK.elasticLoadBalancingV2().ElasticLoadBalancingV2Client)(c),
    );
  }

  lambda(region?: string): LambdaClient {
    return this.client('lambda', region, (c) => new (SDK.lambda().LambdaClient)(c));
  }

  rds(region?: string): RDSClient {
    return this.client('rds', region, (c) => new (SDK.rds().RDSClient)(c));
  }

  s3(region?: string): S3Client {
    // Path-style requests work with any custom endpoint; AWS accepts them for every bucket name.
    return this.client('s3', region, (c) => new (SDK.s3().S3Client)({ ...c, forcePathStyle: !!c.endpoint }));
  }

  s3Control(region?: string): S3ControlClient {
    // S3 Control puts the account id in the host name (`<account>.s3-control.<region>.amazonaws.com`);
    // a custom endpoint (the sandbox) is used as given, the account travels in x-amz-account-id as always.
    return this.client('s3control', region, (c) => {
      const { endpoint } = c;
      return endpoint
        ? new (SDK.s3Control().S3ControlClient)({
            ...c,
            endpointProvider: () => ({ url: new URL(endpoint) }),
          })
        : new (SDK.s3Control().S3ControlClient)(c);
    });
  }

  sqs(region?: string): SQSClient {
    // SQS sends a call that names a QueueUrl to that URL's host unless the endpoint is custom: a custom
    // endpoint (the sandbox) gets every call, whatever host the queue URL names.
    return this.client(
      'sqs',
      region,
      (c) => new (SDK.sqs().SQSClient)({ ...c, ...(c.endpoint ? { useQueueUrlAsEndpoint: false } : {}) }),
    );
  }

  kms(region?: string): KMSClient {
    return this.client('kms', region, (c) => new (SDK.kms().KMSClient)(c));
  }

  sns(region?: string): SNSClient {
    return this.client('sns', region, (c) => new (SDK.sns().SNSClient)(c));
  }

  cloudFormation(region?: string): CloudFormationClient {
    return this.client('cloudformation', region, (c) => new (SDK.cloudformation().CloudFormationClient)(c));
  }

  // Other principals --------------------------------------------------------------------------------

  /**
   * A factory acting in `accountId` through `roleName` (for example `OrganizationAccountAccessRole`),
   * assumed once with this factory's STS client and refreshed before it expires.
   */
  assumeRole(accountId: string, roleName: string, sessionName = 'orgward'): ClientFactory {
    const roleArn = `arn:aws:iam::${accountId}:role/${roleName}`;
    return this.child(`role:${roleArn}`, accountId, async () => {
      const out = await this.sts().send(
        new (SDK.sts().AssumeRoleCommand)({
          RoleArn: roleArn,
          RoleSessionName: sessionName,
          DurationSeconds: 3600,
        }),
      );
      return credentialsOf(out.Credentials, `sts:AssumeRole ${roleArn}`);
    });
  }

  /**
   * A factory acting as the root user of member account `accountId`, limited to one task policy. AWS
   * caps these sessions at 15 minutes and requires a regional STS endpoint
   * (docs/root.md#root-sessions-and-task-policies); the session is refreshed like any other.
   */
  assumeRoot(accountId: string, taskPolicyArn: RootTaskPolicyArn): ClientFactory {
    return this.child(`root:${accountId}:${taskPolicyArn}`, accountId, async () => {
      const out = await this.sts().send(
        new (SDK.sts().AssumeRootCommand)({
          TargetPrincipal: accountId,
          TaskPolicyArn: { arn: taskPolicyArn },
          DurationSeconds: 900,
        }),
      );
      return credentialsOf(out.Credentials, `sts:AssumeRoot ${accountId}`);
    });
  }

  /**
   * Forgets the factory `assumeRole(accountId, roleName)` made, with its clients and credentials: a run
   * that visits each account once (the audit, an inventory) releases an account when it is done with
   * it, so memory stays flat however many accounts there are. The next `assumeRole` for it assumes the
   * role again.
   */
  releaseRole(accountId: string, roleName: string): void {
    const child = this.children.get(`role:arn:aws:iam::${accountId}:role/${roleName}`);
    if (!child) return;
    child.cache.clear();
    child.children.clear();
    this.children.delete(`role:arn:aws:iam::${accountId}:role/${roleName}`);
  }

  private child(key: string, accountId: string, fetch: () => Promise<StaticCredentials>): ClientFactory {
    const existing = this.children.get(key);
    if (existing) return existing;
    const { endpoint, requestHandler, region } = this.target;
    const factory = new ClientFactory(
      {
        region,
        ...(endpoint ? { endpoint } : { endpoints: this.endpoints }),
        ...(requestHandler ? { requestHandler } : {}),
        credentials: cachedCredentials(fetch, this.shared.now),
      },
      {},
      accountId,
      this.shared,
    );
    this.children.set(key, factory);
    return factory;
  }

  // Plumbing ----------------------------------------------------------------------------------------

  /** The endpoint for `service`: the target's explicit one, else the resolved one, else AWS's own. */
  endpointOf(service: Service): string | undefined {
    return this.target.endpoint ?? this.endpoints[SDK_SERVICE_IDS[service]];
  }

  private baseConfig(service: Service, region: string) {
    const { profile, credentials, requestHandler } = this.target;
    const endpoint = this.endpointOf(service);
    return {
      region,
      maxAttempts: 1,
      ...(endpoint ? { endpoint } : {}),
      // Resolved once in endpoint.ts; the SDK's own partial look-up of the same settings stays out.
      ignoreConfiguredEndpointUrls: true,
      ...(profile && !credentials ? { profile } : {}),
      ...(credentials ? { credentials } : {}),
      ...(requestHandler ? { requestHandler: requestHandler as never } : {}),
    };
  }

  private client<C extends Instrumentable>(
    service: Service,
    region: string | undefined,
    create: (config: ReturnType<ClientFactory['baseConfig']>) => C,
  ): C {
    const where = GLOBAL_SERVICES.has(service) ? 'us-east-1' : (region ?? this.target.region);
    const key = `${service}:${where}`;
    const cached = this.cache.get(key) as C | undefined;
    if (cached) return cached;
    const client = create(this.baseConfig(service, where));
    this.instrument(client, service, where);
    this.cache.set(key, client);
    return client;
  }

  private instrument(client: Instrumentable, service: Service, region: string): void {
    const { limiter, stats, retry, sleep, random } = this.shared;
    const account = this.account;
    const endpoint = this.endpointOf(service);
    const middleware =
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const bucket = bucketFor({ service, operation, account, region });
        let waited = 0;
        let transient = 0;
        for (let attempt = 1; ; attempt++) {
          await limiter.acquire(bucket);
          stats.call(service, operation, account);
          try {
            return await next(args);
          } catch (error) {
            if (error instanceof OrgwardError) throw error; // e.g. credentials that could not be assumed
            const kind = classify(error);
            transient = kind === 'transient' ? transient + 1 : 0;
            if (!kind || !retriesLeft(retry, kind, transient, waited)) {
              const sdk = error as SdkError;
              throw new AwsCallError({
                service,
                operation,
                ...(account !== 'self' ? { account } : {}),
                region,
                ...(sdk.$metadata?.requestId ? { requestId: sdk.$metadata.requestId } : {}),
                awsCode: errorCode(error),
                message: sdk.message ?? String(error),
                ...(endpoint ? { endpoint } : {}),
                cause: error,
              });
            }
            stats.retry(kind === 'throttling');
            const delay = backoffMs(retry, kind, attempt, random);
            waited += delay;
            await sleep(delay);
          }
        }
      };
    client.middlewareStack.add(middleware, { step: 'initialize', name: 'orgwardCallLayer', override: true });
  }
}

function credentialsOf(credentials: Credentials | undefined, what: string): StaticCredentials {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
    throw new OrgwardError('AWS_NO_CREDENTIALS', `${what} returned no credentials`, { source: 'aws' });
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
    ...(credentials.Expiration ? { expiration: new Date(credentials.Expiration) } : {}),
  };
}

/**
 * One fetch shared by every concurrent caller; refetched shortly before expiry. A failed fetch is
 * not cached, so the next call tries again.
 */
function cachedCredentials(
  fetch: () => Promise<StaticCredentials>,
  now: () => number,
): () => Promise<StaticCredentials> {
  let current: Promise<StaticCredentials> | undefined;
  let expiresAt = 0;
  return () => {
    if (current && now() < expiresAt - REFRESH_MARGIN_MS) return current;
    const pending = fetch().then(
      (credentials) => {
        expiresAt = credentials.expiration?.getTime() ?? now() + 3600_000;
        return credentials;
      },
      (error: unknown) => {
        if (current === pending) current = undefined;
        throw error;
      },
    );
    current = pending;
    expiresAt = Number.POSITIVE_INFINITY;
    return pending;
  };
}
