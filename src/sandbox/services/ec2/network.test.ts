/** EC2's network and storage through the SDK: subnets, security groups with group references, volumes. */
import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';
import { cidrsOverlap, inCidr } from '../../../util/cidr.js';

const OWNER = '111122223333';
const PEER = '444455556666';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('EC2 network over %s', (name) => {
  let target: Target;
  const ec2 = () =>
    new EC2Client({ ...target.config({ accessKeyId: OWNER, region: 'us-east-1' }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(async () => {
    await target.close();
  });
  beforeEach(async () => {
    await target.reset();
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [OWNER]: {
            regions: {
              'us-east-1': {
                network: {
                  vpcs: [
                    {
                      name: 'shop',
                      cidr: '10.0.0.0/16',
                      subnets: [
                        { name: 'shop-a', cidr: '10.0.1.0/24' },
                        { name: 'shop-b', cidr: '10.0.2.0/24', zone: 'b' },
                      ],
                    },
                  ],
                  securityGroups: [
                    { name: 'alb', vpc: 'shop', ingress: [{ port: 443, cidrs: ['0.0.0.0/0'] }] },
                    {
                      name: 'web',
                      vpc: 'shop',
                      ingress: [{ port: 80, groups: ['alb', `${PEER}/sg-0aaaabbbbccccdddd`] }],
                    },
                  ],
                },
                instances: [
                  {
                    name: 'web',
                    count: 2,
                    subnet: 'shop-a',
                    securityGroups: ['web'],
                    volumes: [{ sizeGiB: 20, kmsKey: 'alias/ebs-shop' }, { sizeGiB: 100 }],
                  },
                ],
              },
            },
          },
        },
      },
      new Date(),
    );
  });

  it('answers instances in their subnet, with addresses, groups and volumes', async () => {
    const client = ec2();
    const { Reservations = [] } = await client.send(new DescribeInstancesCommand({}));
    const instances = Reservations.flatMap((r) => r.Instances ?? []);
    expect(instances.map((i) => i.PrivateIpAddress).sort()).toEqual(['10.0.1.4', '10.0.1.5']);
    const { Subnets = [] } = await client.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['shop-a'] }] }),
    );
    expect(instances.every((i) => i.SubnetId === Subnets[0]!.SubnetId)).toBe(true);
    expect(Subnets[0]).toMatchObject({
      CidrBlock: '10.0.1.0/24',
      AvailabilityZone: 'us-east-1a',
      AvailableIpAddressCount: 251,
    });
    expect(instances[0]!.SecurityGroups!.map((g) => g.GroupName)).toEqual(['web']);
    expect(instances[0]!.BlockDeviceMappings!.map((b) => b.DeviceName)).toEqual(['/dev/xvda', '/dev/xvdb']);

    const { SecurityGroups = [] } = await client.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['web'] }] }),
    );
    const alb = (
      await client.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['alb'] }] }),
      )
    ).SecurityGroups![0]!;
    expect(SecurityGroups[0]!.IpPermissions).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 80,
        ToPort: 80,
        UserIdGroupPairs: [
          { GroupId: alb.GroupId, UserId: OWNER },
          { GroupId: 'sg-0aaaabbbbccccdddd', UserId: PEER },
        ],
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
      },
    ]);

    const root = instances[0]!.BlockDeviceMappings![0]!.Ebs!.VolumeId!;
    const { Volumes = [] } = await client.send(new DescribeVolumesCommand({ VolumeIds: [root] }));
    expect(Volumes[0]).toMatchObject({
      Size: 20,
      Encrypted: true,
      KmsKeyId: `arn:aws:kms:us-east-1:${OWNER}:alias/ebs-shop`,
      State: 'in-use',
    });
    const data = await client.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'encrypted', Values: ['false'] }] }),
    );
    expect(data.Volumes!.map((v) => v.Size)).toEqual([100, 100]);
  });

  it('runs an instance into a named subnet with its groups, and refuses a group of another VPC', async () => {
    const client = ec2();
    const subnet = (
      await client.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['shop-b'] }] }))
    ).Subnets![0]!;
    const web = (
      await client.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['web'] }] }),
      )
    ).SecurityGroups![0]!;
    const run = await client.send(
      new RunInstancesCommand({
        ImageId: 'ami-0abcdef1234567890',
        MinCount: 1,
        MaxCount: 1,
        SubnetId: subnet.SubnetId,
        SecurityGroupIds: [web.GroupId!],
      }),
    );
    expect(run.Instances![0]).toMatchObject({
      SubnetId: subnet.SubnetId,
      PrivateIpAddress: '10.0.2.4',
      VpcId: subnet.VpcId,
    });
    const other = await failure(
      client.send(
        new RunInstancesCommand({
          ImageId: 'ami-0abcdef1234567890',
          MinCount: 1,
          MaxCount: 1,
          SecurityGroupIds: [web.GroupId!],
        }),
      ),
    );
    expect(other.name).toBe('InvalidParameter');
    const missing = await failure(
      client.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0123456789abcdef0'] })),
    );
    expect(missing.name).toBe('InvalidSubnetID.NotFound');
  });
});

describe('CIDR arithmetic', () => {
  it('knows containment and overlap', () => {
    expect(inCidr('10.0.1.7', '10.0.0.0/16')).toBe(true);
    expect(inCidr('10.1.0.1', '10.0.0.0/16')).toBe(false);
    expect(cidrsOverlap('10.0.0.0/16', '10.0.128.0/17')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/16', '10.1.0.0/16')).toBe(false);
    expect(cidrsOverlap('172.31.0.0/16', '172.16.0.0/12')).toBe(true);
  });
});
