/**
 * ELBv2 state per account and region: `account.services.elbv2[region]` — load balancers, target groups
 * and listeners, each by ARN. A target group's load balancers are not stored: they are the load
 * balancers of the listeners that forward to it.
 *
 * Reads use {@link elbv2View}, which stores nothing; writes use {@link elbv2State}, which stores the
 * region's (empty) state on first use.
 */
import { AwsError } from '../../errors.js';
import { HEX, randomString } from '../../rng.js';
import type { CallContext } from '../../service.js';
import { ensureAccount, type AccountRecord, type World } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';
import { ec2View } from '../ec2/state.js';

export const KEY = 'elbv2';

export interface LoadBalancerState {
  name: string;
  arn: string;
  dnsName: string;
  type: 'application' | 'network' | 'gateway';
  scheme: 'internet-facing' | 'internal';
  createdAt: string;
  /** Absent on load balancers stored before they were modelled: the default VPC then. */
  vpcId?: string;
  securityGroups?: string[];
}

export interface TargetState {
  /** An instance id or an IPv4 address. */
  id: string;
  port: number;
  /** Only for IP targets: `all` for an address outside the target group's VPC. */
  availabilityZone?: string;
}

export interface TargetGroupState {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  targetType: 'instance' | 'ip';
  vpcId: string;
  healthCheckPath: string;
  /** Absent on groups stored before it was modelled: {@link healthCheckProtocolOf} decides. */
  healthCheckProtocol?: string;
  /** Health-check settings given at creation; AWS's defaults for the others. */
  healthCheck?: HealthCheckSettings;
  targets: TargetState[];
}

export interface HealthCheckSettings {
  /** `traffic-port` or a port number. */
  port?: string;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  healthyThreshold?: number;
  unhealthyThreshold?: number;
  httpCode?: string;
}

/** A listener's default action as AWS takes it: forward to one target group, or to several by weight. */
export interface ForwardAction {
  Type: 'forward';
  TargetGroupArn?: string;
  ForwardConfig?: { TargetGroups: Array<{ TargetGroupArn: string; Weight: number }> };
}

export interface ListenerState {
  arn: string;
  loadBalancerArn: string;
  protocol: string;
  port: number;
  /** Absent on listeners stored before listener writes were served: `forward` holds them then. */
  defaultActions?: ForwardAction[];
  /** The older form of the default action: the target groups forwarded to, with their weights. */
  forward?: Array<{ targetGroupArn: string; weight: number }>;
  /** HTTPS and TLS listeners: certificate ARNs (the first is the default) and the security policy. */
  certificates?: string[];
  sslPolicy?: string;
}

export interface Elbv2RegionState {
  loadBalancers: Record<string, LoadBalancerState>;
  /** Absent in worlds stored before they were modelled (read as empty). */
  targetGroups?: Record<string, TargetGroupState>;
  listeners?: Record<string, ListenerState>;
}

/** For writes: the region's state, stored on first use. */
export function elbv2State(account: AccountRecord, region: string): Elbv2RegionState {
  const state = regionalState<Elbv2RegionState>(account, KEY, region, () => ({
    loadBalancers: {},
    targetGroups: {},
    listeners: {},
  }));
  state.targetGroups ??= {};
  state.listeners ??= {};
  return state;
}

/** For reads: the region's stored state, or an empty one; stores nothing. */
export function elbv2View(world: World, accountId: string, region: string): Elbv2RegionState {
  return peekRegional<Elbv2RegionState>(world.accounts[accountId], KEY, region) ?? { loadBalancers: {} };
}

/** The caller's state in the call's region, for a write. */
export const writeState = (ctx: CallContext) =>
  elbv2State(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);

/** The caller's state in the call's region, for a read (stores nothing). */
export const readState = (ctx: CallContext) => elbv2View(ctx.world, ctx.caller.accountId, ctx.region);

/** How Describe operations page: `PageSize` 1–400, `Marker` / `NextMarker`. */
export const PAGES = {
  defaultSize: 400,
  max: 400,
  invalidToken: () => new AwsError('ValidationError', 'The marker is not valid'),
};

export const peekLoadBalancers = (account: AccountRecord | undefined, region: string) =>
  peekRegional<{ loadBalancers: Record<string, LoadBalancerState> }>(account, KEY, region);

export const targetGroupsOf = (state: Elbv2RegionState) => state.targetGroups ?? {};
export const listenersOf = (state: Elbv2RegionState) => state.listeners ?? {};

/** The region's default VPC id (as EC2 answers it, also before any EC2 write), or '' when deleted. */
export const defaultVpcOf = (world: World, account: string, region: string): string =>
  Object.values(ec2View(world, account, region).vpcs).find((v) => v.isDefault)?.id ?? '';

/** The VPC a load balancer is in. */
export const vpcOfLoadBalancer = (world: World, account: string, region: string, lb: LoadBalancerState) =>
  lb.vpcId ?? defaultVpcOf(world, account, region);

/** A listener's default actions, also for listeners stored in the older form. */
export function actionsOf(listener: ListenerState): ForwardAction[] {
  if (listener.defaultActions) return listener.defaultActions;
  const forward = listener.forward ?? [];
  if (forward.length === 1) return [{ Type: 'forward', TargetGroupArn: forward[0]!.targetGroupArn }];
  return [
    {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: forward.map((f) => ({ TargetGroupArn: f.targetGroupArn, Weight: f.weight })),
      },
    },
  ];
}

/** The target groups a forward action sends to, with their weights (one group alone: weight 1). */
export function forwardsOf(action: ForwardAction): Array<{ targetGroupArn: string; weight: number }> {
  const tuples = action.ForwardConfig?.TargetGroups ?? [];
  if (tuples.length > 0) return tuples.map((t) => ({ targetGroupArn: t.TargetGroupArn, weight: t.Weight }));
  return action.TargetGroupArn ? [{ targetGroupArn: action.TargetGroupArn, weight: 1 }] : [];
}

/** The target group ARNs a listener forwards to (weight 0 included: the group stays associated). */
export function targetGroupArnsOf(listener: ListenerState): string[] {
  return [...new Set(actionsOf(listener).flatMap((a) => forwardsOf(a).map((f) => f.targetGroupArn)))];
}

/** The load balancers whose listeners forward to a target group. */
export function loadBalancersOf(state: Elbv2RegionState, tgArn: string): string[] {
  return [
    ...new Set(
      Object.values(listenersOf(state))
        .filter((l) => targetGroupArnsOf(l).includes(tgArn))
        .map((l) => l.loadBalancerArn),
    ),
  ];
}

/** The health-check protocol: as given, else the group's protocol for HTTP(S), TCP for the others. */
export function healthCheckProtocolOf(tg: TargetGroupState): string {
  return tg.healthCheckProtocol ?? (tg.protocol === 'HTTP' || tg.protocol === 'HTTPS' ? tg.protocol : 'TCP');
}

/** Load balancer names (and target group names): 1–32 letters, digits and hyphens, no hyphen at the ends. */
export const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
/** Load balancer names may not begin with `internal-` either. */
export const LB_NAME = /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

export function newLoadBalancer(
  world: World,
  accountId: string,
  region: string,
  name: string,
  type: LoadBalancerState['type'],
  scheme: LoadBalancerState['scheme'],
  now: Date,
): LoadBalancerState {
  const id = randomString(world, HEX, 16);
  const short = type === 'application' ? 'app' : type === 'network' ? 'net' : 'gwy';
  return {
    name,
    arn: `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/${short}/${name}/${id}`,
    dnsName: `${scheme === 'internal' ? 'internal-' : ''}${name}-${id.slice(0, 10)}.${region}.elb.amazonaws.com`,
    type,
    scheme,
    createdAt: now.toISOString(),
  };
}

export function newTargetGroupArn(world: World, region: string, account: string, name: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${name}/${randomString(world, HEX, 16)}`;
}

export function newListenerArn(world: World, lbArn: string): string {
  return `${lbArn.replace(':loadbalancer/', ':listener/')}/${randomString(world, HEX, 16)}`;
}

const ARN_FORMS = {
  'load balancer':
    /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app|net|gwy)\/[^/]+\/[0-9a-f]+$/,
  'target group': /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[^/]+\/[0-9a-f]+$/,
  listener:
    /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(app|net|gwy)\/[^/]+\/[0-9a-f]+\/[0-9a-f]+$/,
} as const;

/** Refuses an ARN that is not of the kind asked for, as ELBv2 does (`ValidationError`). */
export function checkArn(kind: keyof typeof ARN_FORMS, arn: string): string {
  if (!ARN_FORMS[kind].test(arn))
    throw new AwsError('ValidationError', `'${arn}' is not a valid ${kind} ARN`);
  return arn;
}
