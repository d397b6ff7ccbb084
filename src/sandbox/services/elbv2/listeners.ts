/**
 * Listeners: a load balancer's protocol and port, with a default action that forwards to one target
 * group or to several by weight (ModifyListener shifts the weights). Behaviour: SPEC.md.
 */
import { AwsError } from '../../errors.js';
import { optInt, optList, optRecord, optString, reqString, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { PROTOCOLS } from './target-groups.js';
import {
  actionsOf,
  checkArn,
  forwardsOf,
  listenersOf,
  loadBalancersOf,
  newListenerArn,
  PAGES,
  readState,
  targetGroupsOf,
  vpcOfLoadBalancer,
  writeState,
  type Elbv2RegionState,
  type ForwardAction,
  type ListenerState,
  type LoadBalancerState,
} from './state.js';

const ACTION_TYPES = [
  'forward',
  'authenticate-oidc',
  'authenticate-cognito',
  'redirect',
  'fixed-response',
  'jwt-validation',
] as const;

/** The protocols of each kind of load balancer: its listeners', and the target groups' it forwards to. */
const PROTOCOLS_OF: Record<LoadBalancerState['type'], readonly string[]> = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'TLS', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC'],
  gateway: ['GENEVE'],
};
const MAX_LISTENERS = 50;
const MAX_WEIGHTED_GROUPS = 5;
const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

const validation = (message: string) => new AwsError('ValidationError', message);
const listenerNotFound = (arn: string) => new AwsError('ListenerNotFound', `Listeners '[${arn}]' not found`);
const needsCertificate = (protocol: string) => protocol === 'HTTPS' || protocol === 'TLS';

export function listenerXml(l: ListenerState) {
  return {
    ListenerArn: l.arn,
    LoadBalancerArn: l.loadBalancerArn,
    Port: l.port,
    Protocol: l.protocol,
    ...(l.certificates?.length
      ? { Certificates: l.certificates.map((arn) => ({ CertificateArn: arn })) }
      : {}),
    ...(l.sslPolicy ? { SslPolicy: l.sslPolicy } : {}),
    DefaultActions: actionsOf(l).map((action) => {
      const forwards = forwardsOf(action);
      return {
        Type: 'forward',
        // AWS names the group itself when there is one, and always answers the forward config
        ...(forwards.length === 1 ? { TargetGroupArn: forwards[0]!.targetGroupArn } : {}),
        ForwardConfig: {
          TargetGroups: forwards.map((f) => ({ TargetGroupArn: f.targetGroupArn, Weight: f.weight })),
          TargetGroupStickinessConfig: { Enabled: false },
        },
      };
    }),
  };
}

function record(value: unknown, where: string): Input {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw validation(`${where} must be a structure`);
  return value as Input;
}

/**
 * The default actions of a listener of `lb`, checked: one forward action, to target groups that exist,
 * are in the load balancer's VPC, speak a protocol it forwards, and are not another load balancer's.
 */
function parseActions(
  ctx: CallContext,
  state: Elbv2RegionState,
  lb: LoadBalancerState,
  input: Input,
): ForwardAction[] {
  const list = optList(input, 'DefaultActions');
  if (list === undefined)
    throw validation(
      "1 validation error detected: Value null at 'defaultActions' failed to satisfy constraint: Member must not be null",
    );
  if (list.length !== 1)
    throw validation('A listener must have exactly one default action (the sandbox serves forward actions)');
  const raw = record(list[0], 'DefaultActions.member.1');
  const type = reqString(raw, 'Type', { oneOf: ACTION_TYPES });
  if (type !== 'forward')
    throw validation(`Actions of type '${type}' are not served by the sandbox (forward actions are)`);
  optInt(raw, 'Order', { min: 1, max: 50000 });
  const single = optString(raw, 'TargetGroupArn');
  const config = optRecord(raw, 'ForwardConfig');
  const tuples = (config ? (optList(config, 'TargetGroups') ?? []) : []).map((item, index) => {
    const tuple = record(item, `ForwardConfig.TargetGroups.member.${index + 1}`);
    return {
      TargetGroupArn: reqString(tuple, 'TargetGroupArn'),
      Weight: optInt(tuple, 'Weight', { min: 0, max: 999 }) ?? 1,
    };
  });
  if (!single && tuples.length === 0)
    throw validation(
      'A forward action must specify a target group ARN or a forward config with target groups',
    );
  if (single && tuples.length > 0 && (tuples.length > 1 || tuples[0]!.TargetGroupArn !== single))
    throw validation(
      'With both a target group ARN and a forward config, the forward config must name that one target group only',
    );
  if (tuples.length > MAX_WEIGHTED_GROUPS)
    throw validation(
      `A forward action can distribute traffic to at most ${MAX_WEIGHTED_GROUPS} target groups`,
    );
  if (new Set(tuples.map((t) => t.TargetGroupArn)).size !== tuples.length)
    throw validation('A forward config cannot name the same target group twice');
  const action: ForwardAction = {
    Type: 'forward',
    ...(single ? { TargetGroupArn: single } : {}),
    ...(tuples.length ? { ForwardConfig: { TargetGroups: tuples } } : {}),
  };
  const lbVpc = vpcOfLoadBalancer(ctx.world, ctx.caller.accountId, ctx.region, lb);
  for (const { targetGroupArn } of forwardsOf(action)) {
    checkArn('target group', targetGroupArn);
    const tg = targetGroupsOf(state)[targetGroupArn];
    if (!tg) throw new AwsError('TargetGroupNotFound', `Target group '${targetGroupArn}' not found`);
    if (tg.vpcId !== lbVpc)
      throw validation(
        `Target group '${targetGroupArn}' is in VPC '${tg.vpcId}', not in the load balancer's VPC '${lbVpc}'`,
      );
    if (!PROTOCOLS_OF[lb.type].includes(tg.protocol))
      throw new AwsError(
        'IncompatibleProtocols',
        `Target group '${targetGroupArn}' has protocol ${tg.protocol}, which a ${lb.type} load balancer cannot forward to`,
      );
    if (loadBalancersOf(state, targetGroupArn).some((arn) => arn !== lb.arn))
      throw new AwsError(
        'TargetGroupAssociationLimit',
        `The following target groups cannot be associated with more than one load balancer: ${targetGroupArn}`,
      );
  }
  return [action];
}

/** The protocol and port a listener of `lb` may have. */
function checkProtocolAndPort(lb: LoadBalancerState, protocol: string | undefined, port: number | undefined) {
  if (lb.type === 'gateway') {
    if (port !== undefined) throw validation('A port cannot be specified for gateway listeners');
    if (protocol !== undefined) throw validation('A protocol cannot be specified for gateway listeners');
    return { protocol: 'GENEVE', port: 6081 };
  }
  if (port === undefined) throw validation('A listener port must be specified');
  if (protocol === undefined) throw validation('A listener protocol must be specified');
  const allowed = PROTOCOLS_OF[lb.type];
  if (!allowed.includes(protocol))
    throw validation(`Listener protocol '${protocol}' must be one of '${allowed.join(', ')}'`);
  return { protocol, port };
}

/** The certificates a listener of `protocol` has: those given, else `current`; HTTPS and TLS need one. */
function certificatesFor(input: Input, protocol: string, current?: string[]): string[] | undefined {
  const given = optList(input, 'Certificates')?.map((item, index) =>
    reqString(record(item, `Certificates.member.${index + 1}`), 'CertificateArn'),
  );
  if (!needsCertificate(protocol)) return undefined;
  const certificates = given ?? current ?? [];
  if (certificates.length === 0)
    throw validation(`A certificate must be specified for ${protocol} listeners`);
  return certificates;
}

function loadBalancerOf(state: Elbv2RegionState, arn: string): LoadBalancerState {
  const lb = state.loadBalancers[checkArn('load balancer', arn)];
  if (!lb) throw new AwsError('LoadBalancerNotFound', `Load balancers '[${arn}]' not found`);
  return lb;
}

export const listenerOperations: Record<string, Handler> = {
  CreateListener: (ctx, input) => {
    const view = readState(ctx);
    const lb = loadBalancerOf(view, reqString(input, 'LoadBalancerArn'));
    const { protocol, port } = checkProtocolAndPort(
      lb,
      optString(input, 'Protocol', { oneOf: PROTOCOLS }),
      optInt(input, 'Port', { min: 1, max: 65535 }),
    );
    const defaultActions = parseActions(ctx, view, lb, input);
    const certificates = certificatesFor(input, protocol);
    const sslPolicy = needsCertificate(protocol)
      ? (optString(input, 'SslPolicy') ?? DEFAULT_SSL_POLICY)
      : undefined;
    const wanted: Omit<ListenerState, 'arn'> = {
      loadBalancerArn: lb.arn,
      protocol,
      port,
      defaultActions,
      ...(certificates ? { certificates } : {}),
      ...(sslPolicy ? { sslPolicy } : {}),
    };
    const mine = Object.values(listenersOf(view)).filter((l) => l.loadBalancerArn === lb.arn);
    const onPort = mine.find((l) => l.port === port);
    if (onPort) {
      // idempotent, as AWS is: the same settings answer the listener that has them
      const settings = (l: Omit<ListenerState, 'arn'>) =>
        JSON.stringify([l.protocol, listenerXml({ ...l, arn: '' }).DefaultActions, l.certificates ?? []]);
      if (settings(onPort) !== settings(wanted))
        throw new AwsError(
          'DuplicateListener',
          'A listener already exists on this port for this load balancer',
        );
      return { Listeners: [listenerXml(onPort)] };
    }
    if (mine.length >= MAX_LISTENERS)
      throw new AwsError(
        'TooManyListeners',
        `You have reached the limit on the number of listeners per load balancer (${MAX_LISTENERS})`,
      );
    const listener: ListenerState = { arn: newListenerArn(ctx.world, lb.arn), ...wanted };
    writeState(ctx).listeners![listener.arn] = listener;
    return { Listeners: [listenerXml(listener)] };
  },

  DescribeListeners: (ctx, input) => {
    const state = readState(ctx);
    const lbArn = optString(input, 'LoadBalancerArn');
    const arns = optList(input, 'ListenerArns') as string[] | undefined;
    if (!lbArn && !arns?.length)
      throw validation('You must specify either listener ARNs or a load balancer ARN');
    if (lbArn !== undefined) loadBalancerOf(state, lbArn);
    const all = Object.values(listenersOf(state)).sort(
      (a, b) => a.port - b.port || a.arn.localeCompare(b.arn),
    );
    for (const arn of arns ?? []) checkArn('listener', arn);
    for (const arn of arns ?? []) if (!all.some((l) => l.arn === arn)) throw listenerNotFound(arn);
    const list = all.filter(
      (l) => (!lbArn || l.loadBalancerArn === lbArn) && (!arns?.length || arns.includes(l.arn)),
    );
    const page = ctx.page(
      list,
      optString(input, 'Marker'),
      optInt(input, 'PageSize', { min: 1, max: 400 }),
      `elbv2:listeners:${ctx.caller.accountId}:${ctx.region}:${lbArn ?? ''}`,
      PAGES,
    );
    return {
      Listeners: page.items.map(listenerXml),
      ...(page.nextToken ? { NextMarker: page.nextToken } : {}),
    };
  },

  ModifyListener: (ctx, input) => {
    const view = readState(ctx);
    const arn = checkArn('listener', reqString(input, 'ListenerArn'));
    const current = listenersOf(view)[arn];
    if (!current) throw listenerNotFound(arn);
    const lb = loadBalancerOf(view, current.loadBalancerArn);
    const givenProtocol = optString(input, 'Protocol', { oneOf: PROTOCOLS });
    const givenPort = optInt(input, 'Port', { min: 1, max: 65535 });
    const { protocol, port } =
      lb.type === 'gateway'
        ? checkProtocolAndPort(lb, givenProtocol, givenPort)
        : checkProtocolAndPort(lb, givenProtocol ?? current.protocol, givenPort ?? current.port);
    if (
      Object.values(listenersOf(view)).some(
        (l) => l.arn !== arn && l.loadBalancerArn === lb.arn && l.port === port,
      )
    )
      throw new AwsError(
        'DuplicateListener',
        'A listener already exists on this port for this load balancer',
      );
    const defaultActions =
      optList(input, 'DefaultActions') === undefined
        ? actionsOf(current)
        : parseActions(ctx, view, lb, input);
    const certificates = certificatesFor(input, protocol, current.certificates);
    const listener = writeState(ctx).listeners![arn]!;
    listener.protocol = protocol;
    listener.port = port;
    listener.defaultActions = defaultActions;
    delete listener.forward;
    if (certificates) {
      listener.certificates = certificates;
      listener.sslPolicy = optString(input, 'SslPolicy') ?? listener.sslPolicy ?? DEFAULT_SSL_POLICY;
    } else {
      delete listener.certificates;
      delete listener.sslPolicy;
    }
    return { Listeners: [listenerXml(listener)] };
  },

  DeleteListener: (ctx, input) => {
    const arn = checkArn('listener', reqString(input, 'ListenerArn'));
    if (!listenersOf(readState(ctx))[arn]) throw listenerNotFound(arn);
    delete writeState(ctx).listeners![arn];
    return {};
  },
};
