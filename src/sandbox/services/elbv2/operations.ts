/** Elastic Load Balancing v2 (awsQuery): load balancers, regional per account. Differences: SPEC.md. */
import { z } from 'zod';
import { AwsError } from '../../errors.js';
import { optInt, optList, optString } from '../../input.js';
import { HEX, randomString } from '../../rng.js';
import type { Handler, Seeder } from '../../service.js';
import type { AccountRecord, World } from '../../world.js';
import { ensureAccount } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';

interface LoadBalancerState {
  name: string;
  arn: string;
  dnsName: string;
  type: 'application' | 'network' | 'gateway';
  scheme: 'internet-facing' | 'internal';
  createdAt: string;
}

const KEY = 'elbv2';
const lbState = (account: AccountRecord, region: string) =>
  regionalState<{ loadBalancers: Record<string, LoadBalancerState> }>(account, KEY, region, () => ({
    loadBalancers: {},
  }));

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

const describe = (lb: LoadBalancerState) => ({
  LoadBalancerArn: lb.arn,
  DNSName: lb.dnsName,
  LoadBalancerName: lb.name,
  Scheme: lb.scheme,
  Type: lb.type,
  CreatedTime: new Date(lb.createdAt),
  State: { Code: 'active' },
  IpAddressType: 'ipv4',
});

export const elbv2Operations: Record<string, Handler> = {
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
    return { LoadBalancers: [{ ...describe(lb), State: { Code: 'provisioning' } }] };
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
      LoadBalancers: page.items.map(describe),
      ...(page.nextToken ? { NextMarker: page.nextToken } : {}),
    };
  },
  DeleteLoadBalancer: (ctx, input) => {
    const account = ctx.world.accounts[ctx.caller.accountId];
    const state = account ? lbState(account, ctx.region) : undefined;
    const arn = optString(input, 'LoadBalancerArn') ?? '';
    if (!state?.loadBalancers[arn] && !/^arn:aws:elasticloadbalancing:/.test(arn))
      throw new AwsError('ValidationError', `'${arn}' is not a valid load balancer ARN`);
    if (state) delete state.loadBalancers[arn]; // deleting one that is gone succeeds, as on AWS
    return {};
  },
};

const lbSpec = z
  .object({
    name: z.string().regex(NAME),
    type: z.enum(['application', 'network', 'gateway']).default('application'),
    scheme: z.enum(['internet-facing', 'internal']).default('internet-facing'),
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
      state.loadBalancers[lb.arn] = lb;
    }
  },
};
