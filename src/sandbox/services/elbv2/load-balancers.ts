/** Load balancers: created in a VPC with security groups, described, deleted with their listeners. */
import { AwsError } from '../../errors.js';
import { optInt, optList, optString, type Input } from '../../input.js';
import type { Handler } from '../../service.js';
import { ec2View } from '../ec2/state.js';
import { subnetsOf } from '../ec2/network.js';
import {
  checkArn,
  defaultVpcOf,
  elbv2State,
  LB_NAME,
  listenersOf,
  newLoadBalancer,
  PAGES,
  peekLoadBalancers,
  readState,
  vpcOfLoadBalancer,
  writeState,
  type LoadBalancerState,
} from './state.js';

const describe = (lb: LoadBalancerState, vpcId: string) => ({
  LoadBalancerArn: lb.arn,
  VpcId: vpcId,
  SecurityGroups: lb.securityGroups ?? [],
  DNSName: lb.dnsName,
  LoadBalancerName: lb.name,
  Scheme: lb.scheme,
  Type: lb.type,
  CreatedTime: new Date(lb.createdAt),
  State: { Code: 'active' },
  IpAddressType: 'ipv4',
});

/** The subnet ids of `Subnets` and `SubnetMappings`. */
function subnetIds(input: Input): string[] {
  const mapped = (optList(input, 'SubnetMappings') ?? []).map((m) =>
    typeof m === 'object' && m !== null ? optString(m as Input, 'SubnetId') : undefined,
  );
  return [...(optList(input, 'Subnets') ?? []), ...mapped].filter((s): s is string => typeof s === 'string');
}

export const loadBalancerOperations: Record<string, Handler> = {
  CreateLoadBalancer: (ctx, input) => {
    const name = optString(input, 'Name') ?? '';
    if (!LB_NAME.test(name))
      throw new AwsError(
        'ValidationError',
        `The load balancer name '${name}' is not valid: up to 32 letters, digits and hyphens, not beginning or ending with a hyphen`,
      );
    if (Object.values(readState(ctx).loadBalancers).some((lb) => lb.name === name))
      throw new AwsError('DuplicateLoadBalancerName', 'A load balancer with the same name already exists');
    const type = optString(input, 'Type', { oneOf: ['application', 'network', 'gateway'] }) ?? 'application';
    const scheme =
      optString(input, 'Scheme', { oneOf: ['internet-facing', 'internal'] }) ?? 'internet-facing';
    // The VPC of the first subnet EC2 knows; subnets it does not know are not refused (default VPC then).
    const subnets = subnetsOf(ec2View(ctx.world, ctx.caller.accountId, ctx.region));
    const known = subnetIds(input).find((id) => subnets[id]);
    const vpcId = known ? subnets[known]!.vpcId : defaultVpcOf(ctx.world, ctx.caller.accountId, ctx.region);
    const state = writeState(ctx);
    const lb = newLoadBalancer(ctx.world, ctx.caller.accountId, ctx.region, name, type, scheme, ctx.now);
    lb.vpcId = vpcId;
    const groups = (optList(input, 'SecurityGroups') ?? []) as string[];
    if (groups.length) lb.securityGroups = groups;
    state.loadBalancers[lb.arn] = lb;
    return { LoadBalancers: [{ ...describe(lb, vpcId), State: { Code: 'provisioning' } }] };
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
    const page = ctx.page(
      list,
      optString(input, 'Marker'),
      optInt(input, 'PageSize', { min: 1, max: 400 }),
      `elbv2:${ctx.caller.accountId}:${ctx.region}`,
      PAGES,
    );
    return {
      LoadBalancers: page.items.map((lb) =>
        describe(lb, vpcOfLoadBalancer(ctx.world, ctx.caller.accountId, ctx.region, lb)),
      ),
      ...(page.nextToken ? { NextMarker: page.nextToken } : {}),
    };
  },

  DeleteLoadBalancer: (ctx, input) => {
    const account = ctx.world.accounts[ctx.caller.accountId];
    const arn = optString(input, 'LoadBalancerArn') ?? '';
    const present = account ? peekLoadBalancers(account, ctx.region)?.loadBalancers[arn] : undefined;
    if (!present) {
      checkArn('load balancer', arn);
      return {}; // deleting one that is gone succeeds, as on AWS
    }
    const state = elbv2State(account!, ctx.region);
    delete state.loadBalancers[arn];
    for (const listener of Object.values(listenersOf(state)))
      if (listener.loadBalancerArn === arn) delete state.listeners![listener.arn];
    return {};
  },
};
