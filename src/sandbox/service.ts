/** What a sandbox service is: its wire protocol, its operations, and how it spells its standard errors. */
import type { AwsError } from './errors.js';
import type { Input, InputError } from './input.js';
import type { Page, PageOptions } from './paginate.js';
import type { Caller } from './principal.js';
import type { RestRoute } from './protocols/rest.js';
import type { ProtocolName, SandboxRequest } from './protocols/types.js';
import type { BucketSpec } from './throttle.js';
import type { z } from 'zod';
import type { AccountRecord, World } from './world.js';
import type { SandboxConfig } from './config.js';

export interface CallContext {
  world: World;
  caller: Caller;
  region: string;
  service: string;
  operation: string;
  requestId: string;
  now: Date;
  /**
   * Whether the request carried a signature (header or presigned URL). Unsigned requests act as the
   * default administrator everywhere except where a service decides anonymous access (S3 objects).
   */
  signed: boolean;
  config: SandboxConfig;
  /** Tells every service of the sandbox what happened ({@link ServiceDefinition.onWorldEvent}). */
  notify(event: WorldEvent): void;
  /** Paginates like {@link paginate}, and applies the empty-page fault where configured. */
  page<T>(
    items: readonly T[],
    token: string | undefined,
    size: number | undefined,
    scope: string,
    options: PageOptions,
  ): Page<T>;
}

export type Handler = (ctx: CallContext, input: Input) => unknown;

/**
 * Something one service did that other services react to, as AWS's own services do: an account that
 * leaves its organization (removed, left, or moved to another by an accepted invitation) loses its
 * Identity Center assignments, its service-managed stack instances and its security-service membership.
 */
export interface AccountLeftOrganization {
  kind: 'account-left-organization';
  accountId: string;
  organizationId: string;
  managementAccountId: string;
}
export type WorldEvent = AccountLeftOrganization;

/** One operation's types: an entry of a service's generated `Operations` map (`shapes.generated.ts`). */
export interface OperationTypes {
  input: object;
  output: unknown;
}

/**
 * A handler typed by its operation: `input` is the request shape, the result is checked against the
 * response shape. The input type is what the model promises, not what arrived: read members through the
 * accessors in input.ts (`reqString(input, 'Email', ...)`), which check their names against the shape at
 * compile time and their values at run time.
 */
export type TypedHandler<Op extends OperationTypes> = (ctx: CallContext, input: Op['input']) => Op['output'];

/**
 * Handlers typed by a service's generated `Operations` map, as plain {@link Handler}s:
 *
 * ```ts
 * import type { Operations } from './shapes.generated.js';
 * export const accountOperations = typedOperations<Operations>()({
 *   DescribeAccount(ctx, input) { ... }, // input: DescribeAccountRequest; returns DescribeAccountResponse
 * });
 * ```
 *
 * Only the operations named are served; each name must be one of the map's.
 */
export function typedOperations<Ops extends { [K in keyof Ops]: OperationTypes }>() {
  // The dispatcher passes the input as it arrived; the accessors validate it.
  return <K extends keyof Ops & string>(handlers: { [P in K]: TypedHandler<Ops[P]> }): Record<K, Handler> =>
    handlers;
}

export interface ServiceErrors {
  /** The service's input-validation error (`ValidationException`, `InvalidInputException`, IAM `ValidationError`). */
  validation(error: InputError): AwsError;
  throttling(): AwsError;
  concurrentModification(): AwsError;
  internal(): AwsError;
  /** The error for an expired session token, in this protocol's spelling. */
  expiredTokenCode: string;
}

export interface ThrottleCall {
  operation: string;
  caller: Caller;
  region: string;
  world: World;
}

/** A call about to run, as a {@link ServiceDefinition.checkCall} hook sees it. */
export interface CheckedCall {
  service: ServiceDefinition;
  operation: string;
  caller: Caller;
  world: World;
  /** The region of the request's credential scope (`us-east-1` when unsigned). */
  region: string;
  /** The sandbox clock's time of the call. */
  now: Date;
}

export interface ServiceDefinition {
  /** Name used in stats, faults and docs: `organizations`, `iam`, `sts`, `sso-admin`, ... */
  name: string;
  /** The SigV4 signing name that appears in the credential scope. */
  signingName: string;
  protocol: ProtocolName;
  /** awsJson: the `X-Amz-Target` prefix before the dot, as the AWS SDK for JavaScript sends it. */
  targetPrefix?: string;
  /**
   * awsJson: other prefixes clients send for the same service (botocore's models spell some of them
   * differently, e.g. CloudTrail's `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`).
   */
  targetAliases?: readonly string[];
  /** awsQuery / ec2: the response XML namespace. */
  xmlNamespace?: string;
  operations: Record<string, Handler>;
  /** restJson1 / restXml: the HTTP binding of each operation. */
  routes?: readonly RestRoute[];
  /**
   * restJson1 / restXml: rewrite a request before its routes are matched (S3 moves a virtual-hosted
   * bucket from the Host header into the path).
   */
  normalizeRequest?(request: SandboxRequest): SandboxRequest;
  errors: ServiceErrors;
  /** The AWS throttle bucket a call draws from; undefined when the call is not throttled. */
  bucket?(call: ThrottleCall): BucketSpec | undefined;
  /** Operations AWS runs one at a time ("another request is already in progress"). */
  exclusiveOperations?: readonly string[];
  /** Progress asynchronous work (settle requests whose time has come) before a request is served. */
  advance?(world: World, now: Date, config: SandboxConfig): void;
  /**
   * Runs before every call to any service the sandbox serves, once the caller is known and the operation
   * exists (before faults and throttling); throws to refuse the call. IAM holds root sessions to their
   * task policy here.
   */
  checkCall?(call: CheckedCall): void;
  /**
   * Adds the members this service keeps at the top of the world (`organizations`, `ssoInstances`, ...),
   * empty, where a world lacks them: the core runs it for every world it creates or installs (see
   * world.ts). Services that keep their state in `services` slots need none.
   */
  prepareWorld?(world: World): void;
  /** Reacts to what another service did ({@link WorldEvent}), in the same request. */
  onWorldEvent?(world: World, event: WorldEvent, now: Date): void;
  /** The service's part of world documents (see {@link Seeder}). */
  seeding?: ServiceSeeding;
  /** Whether an operation changes state; by default anything not named Describe*, Get* or List*. */
  isMutating?(operation: string): boolean;
}

export function defaultIsMutating(operation: string): boolean {
  return !/^(Describe|Get|List|Is)[A-Z]/.test(operation);
}

export interface SeedContext {
  world: World;
  account: AccountRecord;
  now: Date;
  /** Set for regional seeders: the region the spec describes. */
  region?: string;
}

/**
 * A service's part of the world document: a member of an account's entry (`account` seeders) or of
 * one of its `regions.<region>` entries (`regional` seeders), validated by `schema` and applied to the
 * service's own state. world-document.ts composes the seeders of the services served into one document
 * schema.
 */
export interface Seeder<T = unknown> {
  key: string;
  schema: z.ZodType<T>;
  apply(ctx: SeedContext, spec: T): void;
}

export interface ServiceSeeding {
  // Each seeder has its own spec type; the list holds them side by side.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  account?: Seeder<any>[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  regional?: Seeder<any>[];
}
