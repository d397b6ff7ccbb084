/**
 * Reads one account's workloads for `orgward workloads inventory`, region by region: EC2 instances,
 * volumes, security groups, subnets and VPCs; load balancers with their listeners, target groups and
 * targets' health; RDS instances; Lambda functions; and (once) S3 buckets. A part that does not answer
 * is named in the region's `unread`, never silently empty. Per region about 8 calls plus one per load
 * balancer and one per target group.
 */
import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type { ClientFactory } from '../aws/clients.js';
import { AwsCallError } from '../errors/index.js';
import type { WlLoadBalancer, WlRegion, WlTargetGroup } from '../model/workloads.js';
import { mapLimit } from '../util/pool.js';

const nameTag = (tags: Array<{ Key?: string; Value?: string }> | undefined) =>
  tags?.find((t) => t.Key === 'Name')?.Value ?? '';

/** Runs `read`; an AWS refusal is recorded in `unread` and answers `fallback`. */
async function part<T>(unread: string[], what: string, fallback: T, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    unread.push(`${what}: ${error.awsCode}`);
    return fallback;
  }
}

export async function readWorkloadRegion(factory: ClientFactory, region: string): Promise<WlRegion> {
  const unread: string[] = [];
  const ec2 = factory.ec2(region);
  const elb = factory.elbv2(region);

  const instances = part(unread, 'EC2 instances', [] as WlRegion['instances'], async () => {
    const out: WlRegion['instances'] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeInstancesCommand({ MaxResults: 1000, ...(token ? { NextToken: token } : {}) }),
      );
      for (const r of page.Reservations ?? [])
        for (const i of r.Instances ?? [])
          out.push({
            id: i.InstanceId ?? '',
            name: nameTag(i.Tags),
            state: i.State?.Name ?? 'unknown',
            type: i.InstanceType ?? '',
            imageId: i.ImageId ?? '',
            vpcId: i.VpcId,
            subnetId: i.SubnetId,
            privateIp: i.PrivateIpAddress,
            securityGroupIds: (i.SecurityGroups ?? []).map((g) => g.GroupId ?? '').filter(Boolean),
            volumeIds: (i.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId ?? '').filter(Boolean),
          });
      token = page.NextToken;
    } while (token);
    return out;
  });
  const volumes = part(unread, 'EBS volumes', [] as WlRegion['volumes'], async () =>
    ((await ec2.send(new DescribeVolumesCommand({}))).Volumes ?? []).map((v) => ({
      id: v.VolumeId ?? '',
      sizeGiB: v.Size ?? 0,
      encrypted: v.Encrypted ?? false,
      kmsKeyId: v.KmsKeyId,
      instanceId: v.Attachments?.[0]?.InstanceId,
    })),
  );
  const groups = part(unread, 'security groups', [] as WlRegion['securityGroups'], async () =>
    ((await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? []).map((g) => ({
      id: g.GroupId ?? '',
      name: g.GroupName ?? '',
      vpcId: g.VpcId ?? '',
      admits: (g.IpPermissions ?? []).flatMap((p) =>
        (p.UserIdGroupPairs ?? []).map((pair) => ({
          groupId: pair.GroupId ?? '',
          accountId: pair.UserId ?? '',
        })),
      ),
      cidrs: [
        ...new Set((g.IpPermissions ?? []).flatMap((p) => (p.IpRanges ?? []).map((r) => r.CidrIp ?? ''))),
      ],
    })),
  );
  const network = part(unread, 'VPCs and subnets', { vpcs: [], subnets: [] }, async () => {
    const [vpcs, subnets] = await Promise.all([
      ec2.send(new DescribeVpcsCommand({})),
      ec2.send(new DescribeSubnetsCommand({})),
    ]);
    return {
      vpcs: (vpcs.Vpcs ?? []).map((v) => ({
        id: v.VpcId ?? '',
        cidr: v.CidrBlock ?? '',
        isDefault: v.IsDefault ?? false,
        name: nameTag(v.Tags),
      })),
      subnets: (subnets.Subnets ?? []).map((s) => ({
        id: s.SubnetId ?? '',
        vpcId: s.VpcId ?? '',
        cidr: s.CidrBlock ?? '',
        zone: s.AvailabilityZone ?? '',
        name: nameTag(s.Tags),
      })),
    };
  });
  const balancing = part(
    unread,
    'load balancers',
    { loadBalancers: [] as WlLoadBalancer[], targetGroups: [] as WlTargetGroup[] },
    async () => {
      const lbs: WlLoadBalancer[] = [];
      let marker: string | undefined;
      do {
        const page = await elb.send(
          new DescribeLoadBalancersCommand({ ...(marker ? { Marker: marker } : {}) }),
        );
        for (const lb of page.LoadBalancers ?? [])
          lbs.push({
            arn: lb.LoadBalancerArn ?? '',
            name: lb.LoadBalancerName ?? '',
            type: lb.Type ?? 'application',
            scheme: lb.Scheme ?? '',
            dnsName: lb.DNSName ?? '',
            vpcId: lb.VpcId,
            securityGroupIds: lb.SecurityGroups ?? [],
            listeners: [],
          });
        marker = page.NextMarker;
      } while (marker);
      await mapLimit(lbs, 4, async (lb) => {
        const { Listeners = [] } = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.arn }));
        lb.listeners = Listeners.map((l) => ({
          arn: l.ListenerArn ?? '',
          protocol: l.Protocol,
          port: l.Port,
          targetGroupArns: [
            ...new Set(
              (l.DefaultActions ?? []).flatMap((a) => [
                ...(a.TargetGroupArn ? [a.TargetGroupArn] : []),
                ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn ?? ''),
              ]),
            ),
          ].filter(Boolean),
        }));
      });
      const targetGroups: WlTargetGroup[] = [];
      let tgMarker: string | undefined;
      do {
        const page = await elb.send(
          new DescribeTargetGroupsCommand({ ...(tgMarker ? { Marker: tgMarker } : {}) }),
        );
        for (const tg of page.TargetGroups ?? [])
          targetGroups.push({
            arn: tg.TargetGroupArn ?? '',
            name: tg.TargetGroupName ?? '',
            targetType: tg.TargetType ?? 'instance',
            protocol: tg.Protocol,
            port: tg.Port,
            vpcId: tg.VpcId,
            targets: [],
          });
        tgMarker = page.NextMarker;
      } while (tgMarker);
      await mapLimit(targetGroups, 4, async (tg) => {
        const { TargetHealthDescriptions = [] } = await elb.send(
          new DescribeTargetHealthCommand({ TargetGroupArn: tg.arn }),
        );
        tg.targets = TargetHealthDescriptions.map((d) => ({
          id: d.Target?.Id ?? '',
          port: d.Target?.Port,
          health: d.TargetHealth?.State ?? 'unknown',
        }));
      });
      return { loadBalancers: lbs, targetGroups };
    },
  );
  const databases = part(unread, 'RDS instances', [] as WlRegion['databases'], async () =>
    ((await factory.rds(region).send(new DescribeDBInstancesCommand({}))).DBInstances ?? []).map((d) => ({
      id: d.DBInstanceIdentifier ?? '',
      engine: d.Engine ?? '',
      instanceClass: d.DBInstanceClass ?? '',
      encrypted: d.StorageEncrypted ?? false,
      kmsKeyId: d.KmsKeyId,
      securityGroupIds: (d.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId ?? '').filter(Boolean),
    })),
  );
  const functions = part(unread, 'Lambda functions', [] as WlRegion['functions'], async () =>
    ((await factory.lambda(region).send(new ListFunctionsCommand({}))).Functions ?? []).map((f) => ({
      name: f.FunctionName ?? '',
      runtime: f.Runtime,
    })),
  );

  const [i, v, g, n, b, d, f] = await Promise.all([
    instances,
    volumes,
    groups,
    network,
    balancing,
    databases,
    functions,
  ]);
  return {
    region,
    instances: i,
    volumes: v,
    securityGroups: g,
    loadBalancers: b.loadBalancers,
    targetGroups: b.targetGroups,
    databases: d,
    functions: f,
    network: n,
    unread,
  };
}

export async function readBuckets(factory: ClientFactory, unread: string[]): Promise<string[]> {
  return part(unread, 'S3 buckets', [] as string[], async () =>
    ((await factory.s3().send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name ?? '').sort(),
  );
}
