/**
 * What sits behind a load balancer: listeners forwarding to target groups (one, or several by weight),
 * target groups with their instance or IP targets, and each target's health. Read by DescribeListeners,
 * DescribeTargetGroups and DescribeTargetHealth; seeded with the load balancer. Behaviour: SPEC.md.
 */
import { AwsError } from '../../errors.js';
import { optInt, optList, optString } from '../../input.js';
import { HEX, randomString } from '../../rng.js';
import type { CallContext, Handler } from '../../service.js';
import type { World } from '../../world.js';
import { peekRegional } from '../../shared/regional.js';
import { settledState, ec2View } from '../ec2/state.js';

export interface TargetGroupState {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  targetType: 'instance' | 'ip';
  vpcId: string;
  healthCheckPath: string;
  targets: Array<{ id: string; port: number; availabilityZone?: string }>;
}

export interface ListenerState {
  arn: string;
  loadBalancerArn: string;
  protocol: string;
  port: number;
  /** Target groups forwarded to, with their weights (one group: weight 1). */
  forward: Array<{ targetGroupArn: string; weight: number }>;
}

/** The part of the region's ELBv2 state this module keeps (beside the load balancers). */
export interface TargetsState {
  targetGroups?: Record<string, TargetGroupState>;
  listeners?: Record<string, ListenerState>;
}

export const KEY = 'elbv2';

function view(ctx: CallContext): TargetsState {
  return peekRegional<TargetsState>(ctx.world.accounts[ctx.caller.accountId], KEY, ctx.region) ?? {};
}

export function newTargetGroupArn(world: World, region: string, account: string, name: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${name}/${randomString(world, HEX, 16)}`;
}

export function newListenerArn(world: World, lbArn: string): string {
  return `${lbArn.replace(':loadbalancer/', ':listener/')}/${randomString(world, HEX, 16)}`;
}

/**
 * Whether an IP target answers: a running instance with that private address in the account's region.
 * The one place that decides it, to be widened to instances reached over a peering.
 */
export function ipTargetReachable(world: World, accountId: string, region: string, ip: string): boolean {
  return Object.values(ec2View(world, accountId, region).instances).some(
    (i) => i.privateIp === ip && settledState(i.state) === 'running',
  );
}

function health(
  ctx: CallContext,
  tg: TargetGroupState,
  target: TargetGroupState['targets'][number],
  used: boolean,
) {
  if (!used)
    return {
      State: 'unused',
      Reason: 'Target.NotInUse',
      Description: 'Target group is not configured to receive traffic from the load balancer',
    };
  if (tg.targetType === 'instance') {
    const instance = ec2View(ctx.world, ctx.caller.accountId, ctx.region).instances[target.id];
    if (!instance || settledState(instance.state) !== 'running')
      return {
        State: 'unused',
        Reason: 'Target.InvalidState',
        Description: 'Target is in the stopped or terminated state',
      };
    return { State: 'healthy' };
  }
  return ipTargetReachable(ctx.world, ctx.caller.accountId, ctx.region, target.id)
    ? { State: 'healthy' }
    : { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' };
}

const tgNotFound = (what: string) => new AwsError('TargetGroupNotFound', `Target groups '${what}' not found`);

function targetGroupXml(state: TargetsState, tg: TargetGroupState) {
  const lbs = [
    ...new Set(
      Object.values(state.listeners ?? {})
        .filter((l) => l.forward.some((f) => f.targetGroupArn === tg.arn))
        .map((l) => l.loadBalancerArn),
    ),
  ];
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: tg.protocol,
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckPath: tg.healthCheckPath,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: lbs,
    TargetType: tg.targetType,
    IpAddressType: 'ipv4',
  };
}

function listenerXml(l: ListenerState) {
  const single = l.forward.length === 1 ? l.forward[0]! : undefined;
  return {
    ListenerArn: l.arn,
    LoadBalancerArn: l.loadBalancerArn,
    Port: l.port,
    Protocol: l.protocol,
    DefaultActions: [
      {
        Type: 'forward',
        ...(single ? { TargetGroupArn: single.targetGroupArn } : {}),
        ForwardConfig: {
          TargetGroups: l.forward.map((f) => ({ TargetGroupArn: f.targetGroupArn, Weight: f.weight })),
        },
      },
    ],
  };
}

export const targetOperations: Record<string, Handler> = {
  DescribeTargetGroups: (ctx, input) => {
    const state = view(ctx);
    const all = Object.values(state.targetGroups ?? {}).sort((a, b) => a.name.localeCompare(b.name));
    const lbArn = optString(input, 'LoadBalancerArn');
    const arns = optList(input, 'TargetGroupArns') as string[] | undefined;
    const names = optList(input, 'Names') as string[] | undefined;
    for (const arn of arns ?? []) if (!all.some((tg) => tg.arn === arn)) throw tgNotFound(arn);
    for (const name of names ?? []) if (!all.some((tg) => tg.name === name)) throw tgNotFound(name);
    const behind = lbArn
      ? new Set(
          Object.values(state.listeners ?? {})
            .filter((l) => l.loadBalancerArn === lbArn)
            .flatMap((l) => l.forward.map((f) => f.targetGroupArn)),
        )
      : undefined;
    const list = all.filter(
      (tg) =>
        (!arns?.length || arns.includes(tg.arn)) &&
        (!names?.length || names.includes(tg.name)) &&
        (!behind || behind.has(tg.arn)),
    );
    const page = ctx.page(
      list,
      optString(input, 'Marker'),
      optInt(input, 'PageSize', { min: 1, max: 400 }),
      `elbv2:tg:${ctx.caller.accountId}:${ctx.region}:${lbArn ?? ''}`,
      {
        defaultSize: 400,
        max: 400,
        invalidToken: () => new AwsError('ValidationError', 'The marker is not valid'),
      },
    );
    return {
      TargetGroups: page.items.map((tg) => targetGroupXml(state, tg)),
      ...(page.nextToken ? { NextMarker: page.nextToken } : {}),
    };
  },
  DescribeListeners: (ctx, input) => {
    const state = view(ctx);
    const lbArn = optString(input, 'LoadBalancerArn');
    const arns = optList(input, 'ListenerArns') as string[] | undefined;
    if (!lbArn && !arns?.length)
      throw new AwsError('ValidationError', 'You must specify either listener ARNs or a load balancer ARN');
    const all = Object.values(state.listeners ?? {}).sort(
      (a, b) => a.port - b.port || a.arn.localeCompare(b.arn),
    );
    for (const arn of arns ?? [])
      if (!all.some((l) => l.arn === arn))
        throw new AwsError('ListenerNotFound', `Listeners '[${arn}]' not found`);
    const list = all.filter(
      (l) => (!lbArn || l.loadBalancerArn === lbArn) && (!arns?.length || arns.includes(l.arn)),
    );
    const page = ctx.page(
      list,
      optString(input, 'Marker'),
      optInt(input, 'PageSize', { min: 1, max: 400 }),
      `elbv2:listeners:${ctx.caller.accountId}:${ctx.region}:${lbArn ?? ''}`,
      {
        defaultSize: 400,
        max: 400,
        invalidToken: () => new AwsError('ValidationError', 'The marker is not valid'),
      },
    );
    return {
      Listeners: page.items.map(listenerXml),
      ...(page.nextToken ? { NextMarker: page.nextToken } : {}),
    };
  },
  DescribeTargetHealth: (ctx, input) => {
    const state = view(ctx);
    const arn = optString(input, 'TargetGroupArn') ?? '';
    const tg = state.targetGroups?.[arn];
    if (!tg) throw tgNotFound(arn);
    const used = Object.values(state.listeners ?? {}).some((l) =>
      l.forward.some((f) => f.targetGroupArn === arn && f.weight > 0),
    );
    const asked = (optList(input, 'Targets') ?? []) as Array<{ Id?: string; Port?: number }>;
    const targets = asked.length
      ? asked.map((t) => tg.targets.find((x) => x.id === t.Id) ?? { id: t.Id ?? '', port: t.Port ?? tg.port })
      : tg.targets;
    return {
      TargetHealthDescriptions: targets.map((t) => {
        const registered = tg.targets.some((x) => x.id === t.id);
        return {
          Target: {
            Id: t.id,
            Port: t.port,
            ...(t.availabilityZone ? { AvailabilityZone: t.availabilityZone } : {}),
          },
          HealthCheckPort: String(t.port),
          TargetHealth: registered
            ? health(ctx, tg, t, used)
            : {
                State: 'unused',
                Reason: 'Target.NotRegistered',
                Description: 'Target is not registered to the target group',
              },
        };
      }),
    };
  },
};
