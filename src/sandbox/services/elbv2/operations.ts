/** Elastic Load Balancing v2 (awsQuery): load balancers, regional per account. Differences: SPEC.md. */
import { z } from 'zod';
import { AwsError } from '../../errors.js';
import { optInt, optList, optString } from '../../input.js';
import { HEX, randomString } from '../../rng.js';
import type { Handler, Seeder } from '../../service.js';
import type { AccountRecord, World } from '../../world.js';
import { ensureAccount } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';
import { groupNamed, vpcNamed } from '../ec2/network.js';
import { ec2View } from '../ec2/state.js';
import {
  newListenerArn,
  newTargetGroupArn,
  targetOperations,
  type TargetGroupState,
  type TargetsState,
} from './targets.js';

interface LoadBalancerState {
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

type Elbv2State = { loadBalancers: Record<string, LoadBalancerState> } & TargetsState;

const KEY = 'elbv2';
const lbState = (account: AccountRecord, region: string) =>
  regionalState<Elbv2State>(account, KEY, region, () => ({
    loadBalancers: {},
  }));

const defaultVpcOf = (world: World, account: string, region: string) =>
  Object.values(ec2View(world, account, region).vpcs).find((v) => v.isDefault)?.id ?? '';

export const peekLoadBalancers = (account: AccountRecord | undefined, region: string) =>
  peekRegional<{ loadBalancers: Record<string, LoadBalancerState> }>(account, KEY, region);

function newLoadBalancer(
  world: World,
  account: AccountRecord,
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
    arn: `arn:aws:elasticloadbalancing:${region}:${account.id}:loadbalancer/${short}/${name}/${id}`,
    dnsName: `${scheme === 'internal' ? 'internal-' : ''}${name}-${id.slice(0, 10)}.${region}.elb.amazonaws.com`,
    type,
    scheme,
    createdAt: now.toISOString(),
  };
}

const NAME = /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

const describe = (lb: LoadBalancerState, vpcId: string) => ({
  LoadBalancerArn: lb.arn,
  VpcId: lb.vpcId ?? vpcId,
  SecurityGroups: lb.securityGroups ?? [],
  DNSName: lb.dnsName,
  LoadBalancerName: lb.name,
  Scheme: lb.scheme,
  Type: lb.type,
  CreatedTime: new Date(lb.createdAt),
  State: { Code: 'active' },
  IpAddressType: 'ipv4',
});

export const elbv2Operations: Record<string, Handler> = {
  ...targetOperations,
  CreateLoadBalancer: (ctx, input) => {
    const account = ensureAccount(ctx.world, ctx.caller.accountId, ctx.now);
    const state = lbState(account, ctx.region);
    const name = optString(input, 'Name') ?? '';
    if (!NAME.test(name))
      throw new AwsError(
        'ValidationError',
        `The load balancer name '${name}' is not valid: up to 32 letters, digits and hyphens, not beginning or ending with a hyphen`,
      );
    if (Object.values(state.loadBalancers).some((lb) => lb.name === name))
      throw new AwsError('DuplicateLoadBalancerName', 'A load balancer with the same name already exists');
    const type = (optString(input, 'Type') ?? 'application') as LoadBalancerState['type'];
    const scheme = (optString(input, 'Scheme') ?? 'internet-facing') as LoadBalancerState['scheme'];
    const lb = newLoadBalancer(ctx.world, account, ctx.region, name, type, scheme, ctx.now);
    state.loadBalancers[lb.arn] = lb;
    const groups = (optList(input, 'SecurityGroups') ?? []) as string[];
    if (groups.length) lb.securityGroups = groups;
    return {
      LoadBalancers: [
        { ...describe(lb, defaultVpcOf(ctx.world, account.id, ctx.region)), State: { Code: 'provisioning' } },
      ],
    };
  },
  DescribeLoadBalancers: (ctx, input) => {
    const account = ctx.world.accounts[ctx.caller.accountId];
    const all = Object.values(peekLoadBalancers(account, ctx.region)?.loadBalancers ?? {}).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const names = optList(input, 'Names') as string[] | undefined;
    const arns = optList(input, 'LoadBalancerArns') as string[] | undefined;
    for (const n of names ?? [])
      if (!all.some((lb) => lb.name === n))
        throw new AwsError('LoadBalancerNotFound', `Load balancers '[${n}]' not found`);
    for (const a of arns ?? [])
      if (!all.some((lb) => lb.arn === a))
        throw new AwsError('LoadBalancerNotFound', `Load balancers '[${a}]' not found`);
    const list = all.filter(
      (lb) => (!names?.length || names.includes(lb.name)) && (!arns?.length || arns.includes(lb.arn)),
    );
    const size = optInt(input, 'PageSize', { min: 1, max: 400 });
    const page = ctx.page(
      list,
      optString(input, 'Marker'),
      size,
      `elbv2:${ctx.caller.accountId}:${ctx.region}`,
      {
        defaultSize: 400,
        max: 400,
        invalidToken: () => new AwsError('ValidationError', 'The marker is not valid'),
      },
    );
    return {
      LoadBalancers: page.items.map((lb) =>
        describe(lb, defaultVpcOf(ctx.world, ctx.caller.accountId, ctx.region)),
      ),
      ...(page.nextToken ? { NextMarker: page.nextToken } : {}),
    };
  },
  DeleteLoadBalancer: (ctx, input) => {
    const account = ctx.world.accounts[ctx.caller.accountId];
    const state = account ? lbState(account, ctx.region) : undefined;
    const arn = optString(input, 'LoadBalancerArn') ?? '';
    if (!state?.loadBalancers[arn] && !/^arn:aws:elasticloadbalancing:/.test(arn))
      throw new AwsError('ValidationError', `'${arn}' is not a valid load balancer ARN`);
    if (state) {
      delete state.loadBalancers[arn]; // deleting one that is gone succeeds, as on AWS
      for (const [id, listener] of Object.entries(state.listeners ?? {}))
        if (listener.loadBalancerArn === arn) delete state.listeners![id];
    }
    return {};
  },
};

const lbSpec = z
  .object({
    name: z.string().regex(NAME),
    type: z.enum(['application', 'network', 'gateway']).default('application'),
    scheme: z.enum(['internet-facing', 'internal']).default('internet-facing'),
    /** A VPC of the region's EC2 `network` member by name (default: the default VPC). */
    vpc: z.string().min(1).optional(),
    /** Security groups of the region's `network` member, by name or id. */
    securityGroups: z.array(z.string().min(1)).default([]),
    targetGroups: z
      .array(
        z
          .object({
            name: z.string().regex(NAME),
            protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP']).default('HTTP'),
            port: z.number().int().min(1).max(65535).default(80),
            targetType: z.enum(['instance', 'ip']).default('instance'),
            /** Instance ids, instance Name tags of the region, or private IPs (ip target groups). */
            targets: z.array(z.string().min(1)).default([]),
            healthCheckPath: z.string().default('/'),
          })
          .strict(),
      )
      .default([]),
    listeners: z
      .array(
        z
          .object({
            protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP']).default('HTTP'),
            port: z.number().int().min(1).max(65535),
            /** A target group of this load balancer by name. */
            targetGroup: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export const loadBalancersSeeder: Seeder<Array<z.infer<typeof lbSpec>>> = {
  key: 'loadBalancers',
  schema: z.array(lbSpec),
  apply(ctx, specs) {
    const state = lbState(ctx.account, ctx.region!);
    for (const spec of specs) {
      const lb = newLoadBalancer(
        ctx.world,
        ctx.account,
        ctx.region!,
        spec.name,
        spec.type,
        spec.scheme,
        ctx.now,
      );
      const region = ctx.region!;
      const ec2 = ec2View(ctx.world, ctx.account.id, region);
      const vpcId = spec.vpc ? vpcNamed(ec2, spec.vpc).id : defaultVpcOf(ctx.world, ctx.account.id, region);
      lb.vpcId = vpcId;
      lb.securityGroups = spec.securityGroups.map((name) => groupNamed(ec2, name).id);
      state.loadBalancers[lb.arn] = lb;
      const groups = new Map<string, TargetGroupState>();
      for (const g of spec.targetGroups) {
        const tg: TargetGroupState = {
          arn: newTargetGroupArn(ctx.world, region, ctx.account.id, g.name),
          name: g.name,
          protocol: g.protocol,
          port: g.port,
          targetType: g.targetType,
          vpcId,
          healthCheckPath: g.healthCheckPath,
          targets: g.targets.map((t) => {
            if (g.targetType === 'ip') return { id: t, port: g.port };
            const instance = Object.values(ec2.instances).find((i) => i.id === t || i.tags.Name === t);
            if (!instance) throw new Error(`target group ${g.name}: no instance named '${t}' in ${region}`);
            return { id: instance.id, port: g.port };
          }),
        };
        (state.targetGroups ??= {})[tg.arn] = tg;
        groups.set(g.name, tg);
      }
      for (const l of spec.listeners) {
        const tg = groups.get(l.targetGroup);
        if (!tg)
          throw new Error(`listener ${l.port}: no target group named '${l.targetGroup}' on ${spec.name}`);
        const arn = newListenerArn(ctx.world, lb.arn);
        (state.listeners ??= {})[arn] = {
          arn,
          loadBalancerArn: lb.arn,
          protocol: l.protocol,
          port: l.port,
          forward: [{ targetGroupArn: tg.arn, weight: 1 }],
        };
      }
    }
  },
};
