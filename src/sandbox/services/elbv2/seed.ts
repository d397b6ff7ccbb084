/**
 * The regional `loadBalancers` member of world documents: load balancers with what sits behind them.
 *
 * ```json
 * "regions": { "us-east-1": { "loadBalancers": [ {
 *   "name": "shop-alb", "vpc": "shop", "securityGroups": ["alb"],
 *   "targetGroups": [ { "name": "shop-web", "protocol": "HTTP", "port": 80, "targetType": "instance",
 *                       "targets": ["web-1", "web-2", "i-0123456789abcdef0"] },
 *                     { "name": "shop-api", "targetType": "ip", "targets": ["10.0.1.20"] } ],
 *   "listeners": [ { "protocol": "HTTP", "port": 80, "targetGroup": "shop-web" } ] } ] } }
 * ```
 * `vpc` names a VPC of the region's EC2 `network` member (or `default`), `vpcId` gives one by id; the
 * default VPC when neither. `securityGroups` are group names of the `network` member or ids. Instance
 * targets are instance ids or Name tags of the region's instances (seeded by the `instances` member);
 * IP targets private IPv4 addresses. A listener forwards to one of the load balancer's target groups by
 * name. Unknown target groups, instances, VPCs and groups are refused, and nothing of the member is
 * applied then.
 */
import { z } from 'zod';
import type { Seeder } from '../../service.js';
import { WorldDocumentError } from '../../world-document.js';
import { groupNamed, vpcNamed } from '../ec2/network.js';
import { inCidr } from '../../../util/cidr.js';
import { ec2View, type InstanceState } from '../ec2/state.js';
import {
  defaultVpcOf,
  elbv2State,
  elbv2View,
  LB_NAME,
  NAME,
  newListenerArn,
  newLoadBalancer,
  newTargetGroupArn,
  targetGroupsOf,
  type TargetGroupState,
} from './state.js';
import { isPrivateIpv4 } from './target-groups.js';

const PROTOCOL = z.enum(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP']);
const PROTOCOLS_OF = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'],
  gateway: [],
} as const satisfies Record<string, readonly string[]>;

const targetGroupSpec = z
  .object({
    name: z.string().regex(NAME, 'up to 32 letters, digits and hyphens, no hyphen at either end'),
    protocol: PROTOCOL.default('HTTP'),
    port: z.number().int().min(1).max(65535).default(80),
    targetType: z.enum(['instance', 'ip']).default('instance'),
    /** Instance ids, instance Name tags of the region, or private IPs (ip target groups). */
    targets: z.array(z.string().min(1)).default([]),
    healthCheckPath: z.string().startsWith('/').max(1024).default('/'),
  })
  .strict();

const listenerSpec = z
  .object({
    protocol: PROTOCOL.default('HTTP'),
    port: z.number().int().min(1).max(65535),
    /** A target group of this load balancer by name. */
    targetGroup: z.string().min(1),
    /** HTTPS and TLS listeners: the certificate's ARN. */
    certificateArn: z.string().startsWith('arn:').optional(),
  })
  .strict();

const lbSpec = z
  .object({
    name: z.string().regex(LB_NAME),
    type: z.enum(['application', 'network', 'gateway']).default('application'),
    scheme: z.enum(['internet-facing', 'internal']).default('internet-facing'),
    /** A VPC of the region's EC2 `network` member by name, or `default`. */
    vpc: z.string().min(1).optional(),
    /** A VPC of the region by id. */
    vpcId: z
      .string()
      .regex(/^vpc-[0-9a-f]{8,17}$/)
      .optional(),
    /** Security groups of the region's `network` member, by name or id. */
    securityGroups: z.array(z.string().min(1)).default([]),
    targetGroups: z.array(targetGroupSpec).default([]),
    listeners: z.array(listenerSpec).default([]),
  })
  .strict()
  .superRefine((spec, ctx) => {
    // refused while the document is checked, so that a bad load balancer applies nothing
    if (spec.vpc !== undefined && spec.vpcId !== undefined)
      ctx.addIssue({ code: 'custom', path: ['vpcId'], message: 'give `vpc` (a name) or `vpcId`, not both' });
    const names = spec.targetGroups.map((g) => g.name);
    spec.targetGroups.forEach((g, i) => {
      if (names.indexOf(g.name) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['targetGroups', i, 'name'],
          message: `target group '${g.name}' is named twice`,
        });
      if (!(PROTOCOLS_OF[spec.type] as readonly string[]).includes(g.protocol))
        ctx.addIssue({
          code: 'custom',
          path: ['targetGroups', i, 'protocol'],
          message: `a ${spec.type} load balancer forwards to ${PROTOCOLS_OF[spec.type].join(', ') || 'no'} target groups, not ${g.protocol}`,
        });
      if (g.targetType === 'ip')
        g.targets.forEach((t, j) => {
          if (!isPrivateIpv4(t))
            ctx.addIssue({
              code: 'custom',
              path: ['targetGroups', i, 'targets', j],
              message: `'${t}' is not a private IPv4 address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)`,
            });
        });
    });
    const ports = spec.listeners.map((l) => l.port);
    spec.listeners.forEach((l, i) => {
      if (!names.includes(l.targetGroup))
        ctx.addIssue({
          code: 'custom',
          path: ['listeners', i, 'targetGroup'],
          message: `no target group named '${l.targetGroup}' on load balancer ${spec.name} (its target groups: ${names.join(', ') || 'none'})`,
        });
      if (ports.indexOf(l.port) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['listeners', i, 'port'],
          message: `port ${l.port} has two listeners`,
        });
      if (!(PROTOCOLS_OF[spec.type] as readonly string[]).includes(l.protocol))
        ctx.addIssue({
          code: 'custom',
          path: ['listeners', i, 'protocol'],
          message: `a ${spec.type} load balancer has ${PROTOCOLS_OF[spec.type].join(', ') || 'no'} listeners, not ${l.protocol}`,
        });
      if ((l.protocol === 'HTTPS' || l.protocol === 'TLS') && !l.certificateArn)
        ctx.addIssue({
          code: 'custom',
          path: ['listeners', i, 'certificateArn'],
          message: `a ${l.protocol} listener needs a certificateArn`,
        });
    });
  });

const loadBalancersSpec = z.array(lbSpec).superRefine((specs, ctx) => {
  const seen = new Set<string>();
  specs.forEach((spec, i) =>
    spec.targetGroups.forEach((g, j) => {
      if (seen.has(g.name))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'targetGroups', j, 'name'],
          message: `target group '${g.name}' is named twice in the region (names are unique per account and region)`,
        });
      seen.add(g.name);
    }),
  );
});

export type LoadBalancerSpec = z.infer<typeof lbSpec>;

/** `fn`'s result, or its error's message added to `issues`. */
function attempt<T>(issues: string[], where: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    issues.push(`${where}: ${(error as Error).message}`);
    return undefined;
  }
}

export const loadBalancersSeeder: Seeder<LoadBalancerSpec[]> = {
  key: 'loadBalancers',
  schema: loadBalancersSpec,
  apply(ctx, specs) {
    const region = ctx.region!;
    const accountId = ctx.account.id;
    const where = `accounts.${accountId}.regions.${region}.loadBalancers`;
    const ec2 = ec2View(ctx.world, accountId, region);
    const existing = new Set(
      Object.values(targetGroupsOf(elbv2View(ctx.world, accountId, region))).map((g) => g.name),
    );
    const issues: string[] = [];
    // Everything is resolved before anything is stored.
    const plans = specs.map((spec, i) => {
      const at = `${where}.${i}`;
      const vpcId =
        spec.vpcId !== undefined
          ? ec2.vpcs[spec.vpcId]
            ? spec.vpcId
            : attempt(issues, `${at}.vpcId`, () => {
                throw new Error(`no VPC '${spec.vpcId}' in ${region}`);
              })
          : spec.vpc !== undefined
            ? attempt(issues, `${at}.vpc`, () => vpcNamed(ec2, spec.vpc!).id)
            : defaultVpcOf(ctx.world, accountId, region);
      const securityGroups = spec.securityGroups.map(
        (name, k) => attempt(issues, `${at}.securityGroups.${k}`, () => groupNamed(ec2, name).id) ?? '',
      );
      const targetGroups = spec.targetGroups.map((g, j) => {
        if (existing.has(g.name))
          issues.push(
            `${at}.targetGroups.${j}.name: a target group named '${g.name}' exists in ${region} already`,
          );
        const targets = g.targets.map((t, k) => {
          if (g.targetType === 'ip') return t;
          const found = attempt(issues, `${at}.targetGroups.${j}.targets.${k}`, () =>
            instanceNamed(ec2.instances, t, region),
          );
          if (found && vpcId !== undefined && found.vpcId !== vpcId)
            issues.push(
              `${at}.targetGroups.${j}.targets.${k}: instance '${t}' (${found.id}) is in VPC ${found.vpcId}, not in the load balancer's VPC ${vpcId}`,
            );
          return found?.id ?? '';
        });
        return { spec: g, targets };
      });
      return { spec, vpcId: vpcId ?? '', securityGroups, targetGroups };
    });
    if (issues.length > 0) throw new WorldDocumentError(issues);

    const state = elbv2State(ctx.account, region);
    for (const { spec, vpcId, securityGroups, targetGroups } of plans) {
      const lb = newLoadBalancer(ctx.world, accountId, region, spec.name, spec.type, spec.scheme, ctx.now);
      lb.vpcId = vpcId;
      lb.securityGroups = securityGroups;
      state.loadBalancers[lb.arn] = lb;
      const vpc = ec2.vpcs[vpcId];
      const byName = new Map<string, TargetGroupState>();
      for (const { spec: g, targets } of targetGroups) {
        const tg: TargetGroupState = {
          arn: newTargetGroupArn(ctx.world, region, accountId, g.name),
          name: g.name,
          protocol: g.protocol,
          port: g.port,
          targetType: g.targetType,
          vpcId,
          healthCheckPath: g.healthCheckPath,
          // a seeded address outside the VPC is registered as a client must register it: in zone `all`
          targets: targets.map((id) =>
            g.targetType === 'ip' && !(vpc && inCidr(id, vpc.cidr))
              ? { id, port: g.port, availabilityZone: 'all' }
              : { id, port: g.port },
          ),
        };
        state.targetGroups![tg.arn] = tg;
        byName.set(g.name, tg);
      }
      for (const l of spec.listeners) {
        const arn = newListenerArn(ctx.world, lb.arn);
        state.listeners![arn] = {
          arn,
          loadBalancerArn: lb.arn,
          protocol: l.protocol,
          port: l.port,
          defaultActions: [{ Type: 'forward', TargetGroupArn: byName.get(l.targetGroup)!.arn }],
          ...(l.certificateArn
            ? { certificates: [l.certificateArn], sslPolicy: 'ELBSecurityPolicy-2016-08' }
            : {}),
        };
      }
    }
  },
};

/** An instance of the region by id, or by Name tag (refused when no instance or several have it). */
function instanceNamed(
  instances: Record<string, InstanceState>,
  name: string,
  region: string,
): InstanceState {
  const byId = instances[name];
  if (byId) return byId;
  const named = Object.values(instances).filter((i) => i.tags.Name === name);
  if (named.length === 0) throw new Error(`no instance with the id or Name tag '${name}' in ${region}`);
  if (named.length > 1)
    throw new Error(
      `${named.length} instances have the Name tag '${name}' in ${region} (${named.map((i) => i.id).join(', ')}): give an instance id`,
    );
  return named[0]!;
}
