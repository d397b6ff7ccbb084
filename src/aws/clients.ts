/**
 * The client factory: the only place in orgward that creates AWS SDK clients. Every client it makes
 * sends through one layer that paces calls per AWS throttle bucket, retries what is worth retrying,
 * counts every attempt, and turns final failures into {@link AwsCallError}s that name the call.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { STSClient } from '@aws-sdk/client-sts';
import { AwsCallError } from '../errors/index.js';
import { CallStats } from './call-stats.js';
import { bucketFor } from './limits.js';
import { RateLimiter, realSleep, type Sleep } from './rate-limiter.js';
import { backoffMs, classify, DEFAULT_RETRY, errorCode, type RetryPolicy } from './retry.js';

export interface AwsTarget {
  region: string;
  /** Custom endpoint (the sandbox); otherwise the SDK's own resolution, AWS_ENDPOINT_URL included. */
  endpoint?: string;
  /** Named profile from the shared AWS config. */
  profile?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
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
}

interface Instrumentable {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'initialize'; name: string; override?: boolean }): void;
  };
}

interface SdkError {
  message?: string;
  $metadata?: { requestId?: string };
}

export class ClientFactory {
  readonly stats: CallStats;
  readonly limiter: RateLimiter;
  private readonly retry: RetryPolicy;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly cache = new Map<string, unknown>();

  constructor(
    readonly target: AwsTarget,
    options: ClientFactoryOptions = {},
  ) {
    this.stats = options.stats ?? new CallStats();
    this.sleep = options.sleep ?? realSleep;
    this.limiter = options.limiter ?? new RateLimiter(this.sleep, Date.now, options.rateScale ?? 1);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.random = options.random ?? Math.random;
  }

  organizations(): OrganizationsClient {
    // Organizations is global; its endpoint lives in us-east-1.
    return this.client(
      'organizations',
      'self',
      (config) => new OrganizationsClient({ ...config, region: 'us-east-1' }),
    );
  }

  iam(account = 'self'): IAMClient {
    return this.client('iam', account, (config) => new IAMClient({ ...config, region: 'us-east-1' }));
  }

  ssoAdmin(): SSOAdminClient {
    return this.client('sso-admin', 'self', (config) => new SSOAdminClient(config));
  }

  identityStore(): IdentitystoreClient {
    return this.client('identitystore', 'self', (config) => new IdentitystoreClient(config));
  }

  sts(account = 'self'): STSClient {
    return this.client('sts', account, (config) => new STSClient(config));
  }

  private baseConfig() {
    const { region, endpoint, profile, credentials, requestHandler } = this.target;
    return {
      region,
      maxAttempts: 1,
      ...(endpoint ? { endpoint } : {}),
      ...(profile ? { profile } : {}),
      ...(credentials ? { credentials } : {}),
      ...(requestHandler ? { requestHandler: requestHandler as never } : {}),
    };
  }

  private client<C extends Instrumentable>(
    service: string,
    account: string,
    create: (config: ReturnType<ClientFactory['baseConfig']>) => C,
  ): C {
    const key = `${service}:${account}`;
    const cached = this.cache.get(key) as C | undefined;
    if (cached) return cached;
    const client = create(this.baseConfig());
    this.instrument(client, service, account);
    this.cache.set(key, client);
    return client;
  }

  private instrument(client: Instrumentable, service: string, account: string): void {
    const region = service === 'organizations' || service === 'iam' ? 'us-east-1' : this.target.region;
    const middleware =
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const bucket = bucketFor({ service, operation, account, region });
        for (let attempt = 1; ; attempt++) {
          await this.limiter.acquire(bucket);
          this.stats.call(service, operation, account);
          try {
            return await next(args);
          } catch (error) {
            const kind = classify(error);
            if (!kind || attempt >= this.retry.maxAttempts) {
              const sdk = error as SdkError;
              throw new AwsCallError({
                service,
                operation,
                ...(account !== 'self' ? { account } : {}),
                region,
                ...(sdk.$metadata?.requestId ? { requestId: sdk.$metadata.requestId } : {}),
                awsCode: errorCode(error),
                message: sdk.message ?? String(error),
                cause: error,
              });
            }
            this.stats.retry(kind === 'throttling');
            await this.sleep(backoffMs(this.retry, kind, attempt, this.random));
          }
        }
      };
    client.middlewareStack.add(middleware, { step: 'initialize', name: 'orgwardCallLayer', override: true });
  }
}
