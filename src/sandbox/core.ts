/**
 * The sandbox core: routes a protocol-neutral request to a service operation, resolves the caller,
 * applies throttling, faults and latency, runs the handler and encodes the answer in the service's
 * own wire protocol. The HTTP server and the in-process SDK adapter both call
 * {@link SandboxCore.handle}.
 *
 * The core knows no service: it serves the list it is given, and each service brings its own hooks
 * (`advance`, `checkCall`, `prepareWorld`, `seeding`). `sandbox.ts` composes it with every service.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultConfig, mergeConfig, realMs, type ConfigPatch, type SandboxConfig } from './config.js';
import { handleControl } from './control.js';
import { AwsError, unknownOperation } from './errors.js';
import { FaultInjector } from './faults.js';
import { InputError, type Input } from './input.js';
import { encodeToken, paginate } from './paginate.js';
import { credentialOf, resolveCaller } from './principal.js';
import { awsJsonError, awsJsonSuccess, parseJsonBody } from './protocols/aws-json.js';
import { awsQueryError, awsQuerySuccess, ec2Error, ec2Success } from './protocols/aws-query.js';
import { parseQueryForm } from './protocols/query-input.js';
import {
  compileRoute,
  matchRoute,
  restJsonError,
  restJsonSuccess,
  restXmlError,
  restXmlSuccess,
  type CompiledRoute,
  type RestMatch,
} from './protocols/rest.js';
import type { ProtocolName, SandboxRequest, SandboxResponse } from './protocols/types.js';
import { seededStream } from './rng.js';
import { verifySignature } from './signature.js';
import { defaultIsMutating, type CallContext, type ServiceDefinition } from './service.js';
import { Stats } from './stats.js';
import { Throttler } from './throttle.js';
import { createWorld, prepareWorld, type World } from './world.js';
import { loadWorldDocument, type LoadResult } from './world-document.js';

/** Signing names of the REST services that speak XML (every other REST service speaks JSON). */
const REST_XML_SIGNING_NAMES = new Set(['s3', 'route53', 'cloudfront']);

/**
 * Reads a document given to `POST /_sandbox/world`: replaces the state (the core installs the world) or
 * merges into `world`.
 */
export type DocumentLoader = (
  world: World,
  doc: unknown,
  now: Date,
  services: readonly ServiceDefinition[],
) => LoadResult;

export interface SandboxCoreOptions {
  /** The services to serve. */
  services: readonly ServiceDefinition[];
  /** The state to start from (default: an empty world); the services' members are added where missing. */
  world?: World;
  config?: ConfigPatch;
  /** Real clock in milliseconds (tests may inject one). */
  nowMs?: () => number;
  /** Called after a request that may have changed state (persistence hooks here). */
  onChange?: () => void;
  /** Called with unexpected handler failures (sandbox bugs), which are answered as HTTP 500. */
  onInternalError?: (error: unknown, operation: string) => void;
  /** Observes every answered operation before encoding (the tests check them against AWS's models). */
  onCall?: (call: CallRecord) => void;
  /** Reads documents given to `POST /_sandbox/world` (default: saved states and world documents). */
  loadDocument?: DocumentLoader;
}

export interface CallRecord {
  service: string;
  operation: string;
  output?: unknown;
  error?: AwsError;
}

interface Routed {
  service: ServiceDefinition;
  operation: string;
  input: Input;
}

export class SandboxCore {
  world: World;
  config: SandboxConfig;
  readonly stats = new Stats();
  readonly faults = new FaultInjector();
  readonly services: readonly ServiceDefinition[];
  private readonly throttler: Throttler;
  private readonly realNowMs: () => number;
  /** Virtual offset added to the real clock (`POST /_sandbox/clock`). */
  private clockOffsetMs = 0;
  private readonly inFlight = new Map<string, number>();
  private readonly latencyRandom = seededStream(7);
  private readonly byTarget = new Map<string, ServiceDefinition>();
  private readonly restRoutes = new Map<ServiceDefinition, CompiledRoute[]>();

  constructor(private readonly options: SandboxCoreOptions) {
    this.services = options.services;
    this.world = options.world ? prepareWorld(options.world, this.services) : createWorld(this.services);
    this.config = mergeConfig(defaultConfig(), options.config ?? {});
    this.realNowMs = options.nowMs ?? Date.now;
    this.throttler = new Throttler(this.realNowMs);
    for (const service of this.services) {
      for (const prefix of [service.targetPrefix, ...(service.targetAliases ?? [])])
        if (prefix) this.byTarget.set(prefix, service);
      if (service.routes) this.restRoutes.set(service, service.routes.map(compileRoute));
    }
  }

  now(): Date {
    return new Date(this.realNowMs() + this.clockOffsetMs);
  }

  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  configure(patch: ConfigPatch): SandboxConfig {
    this.config = mergeConfig(this.config, patch);
    return this.config;
  }

  /** Replaces the state (default: an empty world with the same default account). */
  reset(world?: World): void {
    this.world = world
      ? prepareWorld(world, this.services)
      : createWorld(this.services, { defaultAccountId: this.world.defaultAccountId });
    this.throttler.reset();
    this.stats.reset();
    this.changed();
  }

  changed(): void {
    this.options.onChange?.();
  }

  /** Reads a document given to `POST /_sandbox/world`, with the members of the services served. */
  loadDocument(doc: unknown): LoadResult {
    const load = this.options.loadDocument ?? loadWorldDocument;
    return load(this.world, doc, this.now(), this.services);
  }

  async handle(request: SandboxRequest): Promise<SandboxResponse> {
    if (request.path.startsWith('/_sandbox/')) return handleControl(this, request);
    const requestId = randomUUID();
    let routed: Routed;
    try {
      routed = this.route(request);
    } catch (error) {
      // Not routed to a service: answer in the encoding the client's protocol expects.
      const protocol = requestProtocol(request, this.services);
      const failure = asAwsError(error);
      return this.encodeError(protocol, failure, requestId, request);
    }
    const { service, operation, input } = routed;
    let failure: AwsError;
    try {
      return await this.invoke(service, operation, input, request, requestId);
    } catch (error) {
      if (error instanceof AwsError) failure = error;
      else if (error instanceof InputError) failure = service.errors.validation(error);
      else {
        this.options.onInternalError?.(error, `${service.name}.${operation}`);
        failure = service.errors.internal();
      }
    }
    this.options.onCall?.({ service: service.name, operation, error: failure });
    return this.encodeError(service.protocol, failure, requestId, request, service.xmlNamespace);
  }

  private route(request: SandboxRequest): Routed {
    const target = request.headers['x-amz-target'];
    if (target) {
      const dot = target.lastIndexOf('.');
      const service = this.byTarget.get(target.slice(0, dot));
      if (!service) throw unknownOperation('awsJson1_1', `the target ${target}`);
      const input = parseJsonBody(request.body);
      if (!input) throw new AwsError('SerializationException', 'The request body is not a JSON object.');
      return { service, operation: target.slice(dot + 1), input };
    }
    if (isQueryForm(request)) {
      const input = parseQueryForm(request.body.toString('utf8'));
      const action = typeof input.Action === 'string' ? input.Action : '';
      delete input.Action;
      delete input.Version;
      const signing = credentialOf(request)?.service;
      const queryServices = this.services.filter(
        (s) => s.protocol === 'awsQuery' || s.protocol === 'ec2Query',
      );
      const service =
        queryServices.find((s) => s.signingName === signing) ??
        queryServices.find((s) => Object.hasOwn(s.operations, action));
      if (!service)
        throw unknownOperation(
          'awsQuery',
          `the action ${action || '(none)'}${signing ? ` of ${signing}` : ''}`,
        );
      return { service, operation: action, input };
    }
    const rest = this.routeRest(request);
    if (rest) return rest;
    throw unknownOperation(requestProtocol(request, this.services), `${request.method} ${request.path}`);
  }

  /** restJson1 / restXml: the service from the credential scope (any, when unsigned), then the best route. */
  private routeRest(request: SandboxRequest): Routed | undefined {
    const signing = credentialOf(request)?.service;
    let best: { service: ServiceDefinition; match: RestMatch; request: SandboxRequest } | undefined;
    for (const [service, routes] of this.restRoutes) {
      if (signing && service.signingName !== signing) continue;
      const normalized = service.normalizeRequest ? service.normalizeRequest(request) : request;
      for (const route of routes) {
        const match = matchRoute(
          route,
          normalized.method,
          normalized.path,
          normalized.query,
          normalized.headers,
        );
        if (match && (!best || match.score > best.match.score))
          best = { service, match, request: normalized };
      }
    }
    if (!best) return undefined;
    request = best.request;
    const input: Input = {};
    for (const [key, value] of Object.entries(request.query)) if (key !== '__proto__') input[key] = value;
    Object.assign(input, best.match.params);
    if (best.service.protocol === 'restJson1' && request.body.length > 0) {
      const body = parseJsonBody(request.body);
      if (!body) throw new AwsError('SerializationException', 'The request body is not a JSON object.');
      Object.assign(input, body);
    }
    input.$headers = request.headers;
    input.$query = request.query;
    input.$body = request.body.toString('utf8');
    input.$bytes = request.body;
    return { service: best.service, operation: best.match.operation, input };
  }

  private async invoke(
    service: ServiceDefinition,
    operation: string,
    input: Input,
    request: SandboxRequest,
    requestId: string,
  ): Promise<SandboxResponse> {
    const now = this.now();
    const credential = credentialOf(request);
    if (this.config.auth.verifySignatures)
      verifySignature(request, service, operation, this.world, now, this.config.auth);
    const caller = resolveCaller(this.world, credential, now, service.errors.expiredTokenCode);
    const region = credential?.region ?? 'us-east-1';
    for (const s of this.services) s.advance?.(this.world, now, this.config);
    this.stats.count(service.name, operation, caller.accountId);

    const handler = Object.hasOwn(service.operations, operation) ? service.operations[operation] : undefined;
    if (!handler) throw unknownOperation(service.protocol, `${service.name} ${operation}`);
    const mutating = (service.isMutating ?? defaultIsMutating)(operation);
    // Hooks services register for every call (IAM holds root sessions to their task policy, Organizations
    // holds member accounts to their SCPs).
    for (const s of this.services)
      s.checkCall?.({ service, operation, caller, world: this.world, region, now });

    const fault = this.faults.draw(service.name, operation, mutating);
    if (fault) {
      this.stats.fault(fault);
      if (fault === 'throttle') this.stats.throttled(service.name, operation);
      throw fault === 'throttle'
        ? service.errors.throttling()
        : fault === 'internalError'
          ? service.errors.internal()
          : service.errors.concurrentModification();
    }
    if (this.config.throttling.enabled && service.bucket) {
      const spec = service.bucket({ operation, caller, region, world: this.world });
      if (spec && !this.throttler.take(spec, this.config.throttling)) {
        this.stats.throttled(service.name, operation);
        throw service.errors.throttling();
      }
    }

    const exclusiveKey = service.exclusiveOperations?.includes(operation)
      ? `${service.name}.${operation}`
      : undefined;
    if (exclusiveKey) {
      if ((this.inFlight.get(exclusiveKey) ?? 0) > 0) {
        this.stats.throttled(service.name, operation);
        throw service.errors.throttling();
      }
      this.inFlight.set(exclusiveKey, 1);
    }
    try {
      if (this.config.latency.enabled) await sleep(realMs(this.sampleLatency(), this.config));
      const ctx = this.context(service, operation, caller, region, requestId, now, credential !== undefined);
      const output: unknown = await handler(ctx, input);
      if (mutating) this.changed();
      if (mutating && this.faults.lostResponse(service.name, operation)) {
        this.stats.fault('lostResponse');
        throw service.errors.internal();
      }
      this.options.onCall?.({ service: service.name, operation, output });
      return this.encodeSuccess(service, operation, output, requestId);
    } finally {
      if (exclusiveKey) this.inFlight.delete(exclusiveKey);
    }
  }

  private context(
    service: ServiceDefinition,
    operation: string,
    caller: CallContext['caller'],
    region: string,
    requestId: string,
    now: Date,
    signed: boolean,
  ): CallContext {
    const faults = this.faults;
    return {
      world: this.world,
      caller,
      region,
      service: service.name,
      operation,
      requestId,
      now,
      signed,
      config: this.config,
      notify: (event) => {
        for (const s of this.services) s.onWorldEvent?.(this.world, event, now);
      },
      page(items, token, size, scope, options) {
        const page = paginate(items, token, size, scope, options);
        if (page.nextToken !== undefined && faults.emptyPage(service.name, operation)) {
          // AWS may answer an empty page that still carries a token; the caller must keep going.
          return {
            items: [],
            nextToken: token !== undefined && token !== '' ? token : encodeToken(scope, 0),
          };
        }
        return page;
      },
    };
  }

  private sampleLatency(): number {
    const { p50Ms, p99Ms } = this.config.latency;
    // lognormal with median p50 and 99th percentile p99 (z99 = 2.326)
    const sigma = Math.log(Math.max(p99Ms, p50Ms + 1e-6) / p50Ms) / 2.326;
    const u1 = Math.max(this.latencyRandom(), 1e-12);
    const u2 = this.latencyRandom();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return p50Ms * Math.exp(sigma * z);
  }

  private encodeSuccess(
    service: ServiceDefinition,
    operation: string,
    output: unknown,
    requestId: string,
  ): SandboxResponse {
    const record = (output ?? {}) as Record<string, unknown>;
    switch (service.protocol) {
      case 'awsJson1_0':
        return awsJsonSuccess(record, '1.0', requestId);
      case 'awsJson1_1':
        return awsJsonSuccess(record, '1.1', requestId);
      case 'awsQuery':
        return awsQuerySuccess(operation, record, service.xmlNamespace ?? '', requestId);
      case 'ec2Query':
        return ec2Success(operation, record, service.xmlNamespace ?? '', requestId);
      case 'restJson1':
        return restJsonSuccess(record, requestId);
      case 'restXml':
        return restXmlSuccess(record, requestId);
    }
  }

  private encodeError(
    protocol: ProtocolName,
    error: AwsError,
    requestId: string,
    request: SandboxRequest,
    xmlNamespace = '',
  ): SandboxResponse {
    const answer = encodeProtocolError(protocol, error, requestId, xmlNamespace);
    // HTTP answers HEAD without a body (S3's HeadBucket): the SDK names the error by its status alone.
    return request.method === 'HEAD' ? { ...answer, body: '' } : answer;
  }
}

function encodeProtocolError(
  protocol: ProtocolName,
  error: AwsError,
  requestId: string,
  xmlNamespace: string,
): SandboxResponse {
  switch (protocol) {
    case 'awsJson1_0':
      return awsJsonError(error, '1.0', requestId);
    case 'awsJson1_1':
      return awsJsonError(error, '1.1', requestId);
    case 'awsQuery':
      return awsQueryError(error, xmlNamespace, requestId);
    case 'ec2Query':
      return ec2Error(error, requestId);
    case 'restJson1':
      return restJsonError(error, requestId);
    case 'restXml':
      return restXmlError(error, requestId);
  }
}

function isQueryForm(request: SandboxRequest): boolean {
  const contentType = request.headers['content-type'] ?? '';
  return request.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded');
}

/**
 * The protocol a request speaks, judged from the request alone (for answers when no service takes it):
 * `X-Amz-Target` is awsJson (1.0 or 1.1 from the content type); a form body is awsQuery, or ec2Query when
 * signed for ec2; a REST request signed for S3 (or a REST-XML service such as Route 53), or not signed
 * at all, is answered as S3 would, in restXml; any other REST request in restJson1.
 */
export function requestProtocol(
  request: SandboxRequest,
  services: readonly ServiceDefinition[],
): ProtocolName {
  if (request.headers['x-amz-target'])
    return (request.headers['content-type'] ?? '').includes('json-1.0') ? 'awsJson1_0' : 'awsJson1_1';
  const signing = credentialOf(request)?.service;
  if (isQueryForm(request)) return signing === 'ec2' ? 'ec2Query' : 'awsQuery';
  const served = services.find((s) => s.signingName === signing && s.routes);
  if (served) return served.protocol;
  return signing === undefined || REST_XML_SIGNING_NAMES.has(signing) ? 'restXml' : 'restJson1';
}

function asAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  return new AwsError('InternalFailure', error instanceof Error ? error.message : String(error), {
    status: 500,
  });
}
