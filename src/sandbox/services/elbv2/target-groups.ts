/**
 * Target groups: created in a VPC for instance or IP targets, registered and deregistered targets,
 * their health (health.ts), deleted once no listener forwards to them. Behaviour: SPEC.md.
 */
import { AwsError } from '../../errors.js';
import { optInt, optList, optRecord, optString, reqString, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { inCidr } from '../../../util/cidr.js';
import { ec2View, settledState } from '../ec2/state.js';
import { NOT_REGISTERED, targetHealth } from './health.js';
import {
  checkArn,
  healthCheckProtocolOf,
  listenersOf,
  loadBalancersOf,
  newTargetGroupArn,
  PAGES,
  readState,
  targetGroupArnsOf,
  targetGroupsOf,
  writeState,
  type Elbv2RegionState,
  type HealthCheckSettings,
  type TargetGroupState,
  type TargetState,
} from './state.js';

export const PROTOCOLS = [
  'HTTP',
  'HTTPS',
  'TCP',
  'TLS',
  'UDP',
  'TCP_UDP',
  'GENEVE',
  'QUIC',
  'TCP_QUIC',
] as const;
const TARGET_TYPES = ['instance', 'ip', 'lambda', 'alb'] as const;
/** AWS's default quota of targets per target group. */
const MAX_TARGETS = 1000;

const validation = (message: string) => new AwsError('ValidationError', message);
const invalidTarget = (message: string) => new AwsError('InvalidTarget', message);
const quoted = (ids: string[]) => ids.map((id) => `'${id}'`).join(', ');

/** `TargetGroupNotFound` as the write and health operations word it. */
export const tgNotFound = (arn: string) =>
  new AwsError('TargetGroupNotFound', `Target groups '${arn}' not found`);

const isHttp = (protocol: string) => protocol === 'HTTP' || protocol === 'HTTPS';

export function targetGroupXml(state: Elbv2RegionState, tg: TargetGroupState) {
  const hc = tg.healthCheck ?? {};
  const hcProtocol = healthCheckProtocolOf(tg);
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: hcProtocol,
    HealthCheckPort: hc.port ?? 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: hc.intervalSeconds ?? 30,
    HealthCheckTimeoutSeconds: hc.timeoutSeconds ?? (isHttp(hcProtocol) ? 5 : 10),
    HealthyThresholdCount: hc.healthyThreshold ?? 5,
    UnhealthyThresholdCount: hc.unhealthyThreshold ?? 2,
    ...(isHttp(hcProtocol)
      ? { HealthCheckPath: tg.healthCheckPath, Matcher: { HttpCode: hc.httpCode ?? '200' } }
      : {}),
    LoadBalancerArns: loadBalancersOf(state, tg.arn),
    TargetType: tg.targetType,
    ...(isHttp(tg.protocol) ? { ProtocolVersion: 'HTTP1' } : {}),
    IpAddressType: 'ipv4',
  };
}

function checkTargetGroupName(name: string): void {
  if (name.length > 32) throw validation(`Target group name '${name}' cannot be longer than '32' characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name))
    throw validation(
      `Target group name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`,
    );
  if (name.startsWith('-') || name.endsWith('-'))
    throw validation(`Target group name '${name}' cannot begin or end with '-'`);
}

// ---------------------------------------------------------------------------------------------------
// Targets

/** An IPv4 address in dotted form, or undefined. */
function ipv4(text: string): number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  const parts = match?.slice(1).map(Number);
  return parts?.every((p) => p <= 255) ? parts : undefined;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** Whether an IP target's address may be registered: a private IPv4 address. */
export const isPrivateIpv4 = (ip: string) =>
  ipv4(ip) !== undefined && PRIVATE_RANGES.some((range) => inCidr(ip, range));

interface TargetInput {
  Id: string;
  Port?: number;
  AvailabilityZone?: string;
}

function targetsIn(input: Input): TargetInput[] {
  const list = optList(input, 'Targets');
  if (list === undefined)
    throw validation(
      "1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null",
    );
  return list.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw validation(`Targets.member.${index + 1} must be a target description`);
    const t = item as Input;
    const port = optInt(t, 'Port', { min: 1, max: 65535 });
    const zone = optString(t, 'AvailabilityZone');
    return {
      Id: reqString(t, 'Id'),
      ...(port !== undefined ? { Port: port } : {}),
      ...(zone !== undefined ? { AvailabilityZone: zone } : {}),
    };
  });
}

/**
 * Refuses targets that cannot be registered in `tg`: instance targets that are not running instances of
 * the account and region in the group's VPC; IP targets that are not private IPv4 addresses, or that lie
 * outside the group's VPC without `AvailabilityZone` `all`.
 */
function checkRegistrable(ctx: CallContext, tg: TargetGroupState, targets: TargetInput[]): void {
  const ec2 = ec2View(ctx.world, ctx.caller.accountId, ctx.region);
  if (tg.targetType === 'instance') {
    const zoned = targets.filter((t) => t.AvailabilityZone !== undefined);
    if (zoned.length)
      throw validation(`An Availability Zone cannot be specified for targets of type 'instance'`);
    const unknown = targets.filter((t) => !ec2.instances[t.Id]).map((t) => t.Id);
    if (unknown.length)
      throw invalidTarget(`The following targets are not valid instances: ${quoted(unknown)}`);
    const stopped = targets
      .filter((t) => settledState(ec2.instances[t.Id]!.state) !== 'running')
      .map((t) => t.Id);
    if (stopped.length)
      throw invalidTarget(
        `The following targets are not in a running state and cannot be registered: ${quoted(stopped)}`,
      );
    const elsewhere = targets.filter((t) => ec2.instances[t.Id]!.vpcId !== tg.vpcId).map((t) => t.Id);
    if (elsewhere.length)
      throw invalidTarget(
        `The following targets are not in the target group VPC '${tg.vpcId}': ${quoted(elsewhere)}`,
      );
    return;
  }
  const notIp = targets.filter((t) => !ipv4(t.Id)).map((t) => t.Id);
  if (notIp.length)
    throw invalidTarget(`The following targets are not valid IPv4 addresses: ${quoted(notIp)}`);
  const routable = targets.filter((t) => !isPrivateIpv4(t.Id)).map((t) => t.Id);
  if (routable.length)
    throw invalidTarget(
      `The following IP addresses are not in a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10) and cannot be registered: ${quoted(routable)}`,
    );
  const isZone = (z: string) => z.startsWith(ctx.region) && /^[a-z]$/.test(z.slice(ctx.region.length));
  const badZone = targets.find(
    (t) => t.AvailabilityZone !== undefined && t.AvailabilityZone !== 'all' && !isZone(t.AvailabilityZone),
  );
  if (badZone)
    throw validation(`The Availability Zone '${badZone.AvailabilityZone}' is not valid in ${ctx.region}`);
  const vpc = ec2.vpcs[tg.vpcId];
  const outside = targets
    .filter((t) => !vpc || !inCidr(t.Id, vpc.cidr))
    .filter((t) => t.AvailabilityZone !== 'all')
    .map((t) => t.Id);
  if (outside.length)
    throw validation(
      `The following targets are outside the target group VPC '${tg.vpcId}'${vpc ? ` (${vpc.cidr})` : ''} and must be registered with the Availability Zone 'all': ${quoted(outside)}`,
    );
}

/** Refuses targets that cannot be deregistered: ids that are no instance, or no IPv4 address. */
function checkDeregistrable(ctx: CallContext, tg: TargetGroupState, targets: TargetInput[]): void {
  if (tg.targetType === 'instance') {
    const instances = ec2View(ctx.world, ctx.caller.accountId, ctx.region).instances;
    const unknown = targets.filter((t) => !instances[t.Id] && !tg.targets.some((x) => x.id === t.Id));
    if (unknown.length)
      throw invalidTarget(
        `The following targets are not valid instances: ${quoted(unknown.map((t) => t.Id))}`,
      );
    return;
  }
  const notIp = targets.filter((t) => !ipv4(t.Id)).map((t) => t.Id);
  if (notIp.length)
    throw invalidTarget(`The following targets are not valid IPv4 addresses: ${quoted(notIp)}`);
}

const samePlace = (tg: TargetGroupState, registered: TargetState, asked: TargetInput) =>
  registered.id === asked.Id && registered.port === (asked.Port ?? tg.port);

/** A target group of the caller's region by ARN (the ARN checked first), for a write. */
function groupForWrite(ctx: CallContext, input: Input): { state: Elbv2RegionState; tg: TargetGroupState } {
  const arn = checkArn('target group', reqString(input, 'TargetGroupArn'));
  if (!targetGroupsOf(readState(ctx))[arn]) throw tgNotFound(arn);
  const state = writeState(ctx);
  return { state, tg: state.targetGroups![arn]! };
}

// ---------------------------------------------------------------------------------------------------
// Operations

export const targetGroupOperations: Record<string, Handler> = {
  CreateTargetGroup: (ctx, input) => {
    const name = reqString(input, 'Name');
    checkTargetGroupName(name);
    const targetType = optString(input, 'TargetType', { oneOf: TARGET_TYPES }) ?? 'instance';
    if (targetType !== 'instance' && targetType !== 'ip')
      throw validation(
        `Target groups of type '${targetType}' are not served by the sandbox (instance and ip are)`,
      );
    const protocol = optString(input, 'Protocol', { oneOf: PROTOCOLS });
    const port = optInt(input, 'Port', { min: 1, max: 65535 });
    const vpcId = optString(input, 'VpcId');
    if (!protocol) throw validation('A protocol must be specified');
    if (port === undefined) throw validation('A port must be specified');
    if (!vpcId) throw validation('A VPC ID must be specified');
    if (!ec2View(ctx.world, ctx.caller.accountId, ctx.region).vpcs[vpcId])
      throw validation(`The VPC ID '${vpcId}' is not found`);
    const healthCheckProtocol = optString(input, 'HealthCheckProtocol', { oneOf: PROTOCOLS });
    const healthCheckPath = optString(input, 'HealthCheckPath', { min: 1, max: 1024 });
    if (healthCheckPath !== undefined && !healthCheckPath.startsWith('/'))
      throw validation(`Health check path '${healthCheckPath}' must begin with '/'`);
    const healthCheckPort = optString(input, 'HealthCheckPort');
    if (healthCheckPort !== undefined && healthCheckPort !== 'traffic-port') {
      const n = Number(healthCheckPort);
      if (!Number.isInteger(n) || n < 1 || n > 65535)
        throw validation(
          `Health check port '${healthCheckPort}' must be 'traffic-port' or a port from 1 to 65535`,
        );
    }
    const httpCode = optString(optRecord(input, 'Matcher') ?? {}, 'HttpCode');
    const setting = (key: keyof HealthCheckSettings, member: string, min: number, max: number) => {
      const value = optInt(input, member, { min, max });
      return value === undefined ? {} : { [key]: value };
    };
    const healthCheck: HealthCheckSettings = {
      ...(healthCheckPort !== undefined ? { port: healthCheckPort } : {}),
      ...setting('intervalSeconds', 'HealthCheckIntervalSeconds', 5, 300),
      ...setting('timeoutSeconds', 'HealthCheckTimeoutSeconds', 2, 120),
      ...setting('healthyThreshold', 'HealthyThresholdCount', 2, 10),
      ...setting('unhealthyThreshold', 'UnhealthyThresholdCount', 2, 10),
      ...(httpCode !== undefined ? { httpCode } : {}),
    };
    const wanted: TargetGroupState = {
      arn: '',
      name,
      protocol,
      port,
      targetType,
      vpcId,
      healthCheckPath: healthCheckPath ?? '/',
      ...(healthCheckProtocol ? { healthCheckProtocol } : {}),
      targets: [],
      ...(Object.keys(healthCheck).length ? { healthCheck } : {}),
    };
    const existing = Object.values(targetGroupsOf(readState(ctx))).find((tg) => tg.name === name);
    if (existing) {
      // idempotent, as AWS is: the same settings answer the group that has them
      const settings = (tg: TargetGroupState) =>
        JSON.stringify([
          tg.protocol,
          tg.port,
          tg.targetType,
          tg.vpcId,
          tg.healthCheckPath,
          healthCheckProtocolOf(tg),
          tg.healthCheck ?? {},
        ]);
      if (settings(existing) !== settings(wanted))
        throw new AwsError(
          'DuplicateTargetGroupName',
          `A target group with the same name '${name}' exists, but with different settings`,
        );
      return { TargetGroups: [targetGroupXml(readState(ctx), existing)] };
    }
    const state = writeState(ctx);
    const tg: TargetGroupState = {
      ...wanted,
      arn: newTargetGroupArn(ctx.world, ctx.region, ctx.caller.accountId, name),
    };
    state.targetGroups![tg.arn] = tg;
    return { TargetGroups: [targetGroupXml(state, tg)] };
  },

  DescribeTargetGroups: (ctx, input) => {
    const state = readState(ctx);
    const all = Object.values(targetGroupsOf(state)).sort((a, b) => a.name.localeCompare(b.name));
    const lbArn = optString(input, 'LoadBalancerArn');
    const arns = optList(input, 'TargetGroupArns') as string[] | undefined;
    const names = optList(input, 'Names') as string[] | undefined;
    if ([lbArn, arns?.length, names?.length].filter(Boolean).length > 1)
      throw validation(
        'Target group names, target group ARNs, and a load balancer ARN cannot be specified at the same time',
      );
    for (const arn of arns ?? []) checkArn('target group', arn);
    if (lbArn !== undefined && !state.loadBalancers[checkArn('load balancer', lbArn)])
      throw new AwsError('LoadBalancerNotFound', `Load balancers '[${lbArn}]' not found`);
    const missing = [
      ...(arns ?? []).filter((arn) => !all.some((tg) => tg.arn === arn)),
      ...(names ?? []).filter((name) => !all.some((tg) => tg.name === name)),
    ];
    if (missing.length) throw new AwsError('TargetGroupNotFound', 'One or more target groups not found');
    const behind = lbArn
      ? new Set(
          Object.values(listenersOf(state))
            .filter((l) => l.loadBalancerArn === lbArn)
            .flatMap(targetGroupArnsOf),
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
      PAGES,
    );
    return {
      TargetGroups: page.items.map((tg) => targetGroupXml(state, tg)),
      ...(page.nextToken ? { NextMarker: page.nextToken } : {}),
    };
  },

  DeleteTargetGroup: (ctx, input) => {
    const arn = checkArn('target group', reqString(input, 'TargetGroupArn'));
    const state = readState(ctx);
    // deleting a group that is gone succeeds, as on AWS
    if (!targetGroupsOf(state)[arn]) return {};
    if (Object.values(listenersOf(state)).some((l) => targetGroupArnsOf(l).includes(arn)))
      throw new AwsError(
        'ResourceInUse',
        `Target group '${arn}' is currently in use by a listener or a rule`,
      );
    delete writeState(ctx).targetGroups![arn];
    return {};
  },

  RegisterTargets: (ctx, input) => {
    const targets = targetsIn(input);
    const { tg } = groupForWrite(ctx, input);
    checkRegistrable(ctx, tg, targets);
    const added = targets.filter((t) => !tg.targets.some((x) => samePlace(tg, x, t)));
    if (tg.targets.length + added.length > MAX_TARGETS)
      throw new AwsError(
        'TooManyTargets',
        `You have reached the limit on the number of targets per target group (${MAX_TARGETS})`,
      );
    for (const t of targets) {
      const zone = t.AvailabilityZone;
      const registered = tg.targets.find((x) => samePlace(tg, x, t));
      if (registered) {
        if (zone !== undefined) registered.availabilityZone = zone;
        else delete registered.availabilityZone;
      } else
        tg.targets.push({ id: t.Id, port: t.Port ?? tg.port, ...(zone ? { availabilityZone: zone } : {}) });
    }
    return {};
  },

  DeregisterTargets: (ctx, input) => {
    const targets = targetsIn(input);
    const { tg } = groupForWrite(ctx, input);
    checkDeregistrable(ctx, tg, targets);
    tg.targets = tg.targets.filter((x) => !targets.some((t) => samePlace(tg, x, t)));
    return {};
  },

  DescribeTargetHealth: (ctx, input) => {
    const state = readState(ctx);
    const arn = checkArn('target group', reqString(input, 'TargetGroupArn'));
    const tg: TargetGroupState | undefined = targetGroupsOf(state)[arn];
    if (!tg) throw tgNotFound(arn);
    const used = loadBalancersOf(state, arn).length > 0;
    // an empty list (awsQuery's `Targets=`) asks for every target, as no list does
    const asked = optList(input, 'Targets')?.length ? targetsIn(input) : undefined;
    const rows = asked
      ? asked.map((t) => {
          const registered = tg.targets.find((x) =>
            t.Port === undefined ? x.id === t.Id : samePlace(tg, x, t),
          );
          return registered
            ? { target: registered, registered: true }
            : {
                target: {
                  id: t.Id,
                  port: t.Port ?? tg.port,
                  ...(t.AvailabilityZone ? { availabilityZone: t.AvailabilityZone } : {}),
                },
                registered: false,
              };
        })
      : tg.targets.map((target) => ({ target, registered: true }));
    const hcPort = tg.healthCheck?.port;
    return {
      TargetHealthDescriptions: rows.map(({ target, registered }) => ({
        Target: {
          Id: target.id,
          Port: target.port,
          ...(target.availabilityZone ? { AvailabilityZone: target.availabilityZone } : {}),
        },
        HealthCheckPort: hcPort && hcPort !== 'traffic-port' ? hcPort : String(target.port),
        TargetHealth: registered
          ? targetHealth(ctx.world, ctx.caller.accountId, ctx.region, tg, target, used)
          : NOT_REGISTERED,
      })),
    };
  },
};
