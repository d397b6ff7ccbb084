/** EC2, ELBv2 and RDS through the real AWS SDK clients, in process and over HTTP (model-checked). */
import {
  CreateVpcCommand,
  DeleteVpcCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EnableImageBlockPublicAccessCommand,
  GetEbsEncryptionByDefaultCommand,
  EnableEbsEncryptionByDefaultCommand,
  GetImageBlockPublicAccessStateCommand,
  GetSnapshotBlockPublicAccessStateCommand,
  ModifyVpcBlockPublicAccessOptionsCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AttachPolicyCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  CreateDBInstanceCommand,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';

const OWNER = '123456789012';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('EC2, ELBv2 and RDS over %s', (name) => {
  let target: Target;
  const config = (region = 'us-east-1') => ({
    ...target.config({ accessKeyId: OWNER, region }),
    maxAttempts: 1,
  });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  it('runs, describes (filters, pages) and terminates instances, with a default VPC in every region', async () => {
    const ec2 = new EC2Client(config());
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    expect(vpcs).toMatchObject([{ IsDefault: true, CidrBlock: '172.31.0.0/16', State: 'available' }]);
    expect(target.sandbox!.world.accounts[OWNER]?.services.ec2, 'a describe stores nothing').toBeUndefined();
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-0abcdef1234567890',
        InstanceType: 't3.micro',
        MinCount: 7,
        MaxCount: 7,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'shop' }] }],
      }),
    );
    expect(run.Instances).toHaveLength(7);
    expect(run.Instances?.[0]?.State?.Name).toBe('pending');
    expect(run.Instances?.[0]?.VpcId, 'the default VPC described before the first write').toBe(
      vpcs[0]?.VpcId,
    );
    const first = await ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    const ids = (first.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    expect(ids).toHaveLength(5);
    expect(ids[0]?.State?.Name).toBe('running');
    const second = await ec2.send(
      new DescribeInstancesCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect((second.Reservations ?? []).flatMap((r) => r.Instances ?? [])).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    const victim = ids[0]!.InstanceId!;
    const terminated = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [victim] }));
    expect(terminated.TerminatingInstances?.[0]?.CurrentState?.Name).toBe('shutting-down');
    const running = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'instance-state-name', Values: ['running'] },
          { Name: 'tag:team', Values: ['shop'] },
        ],
      }),
    );
    expect((running.Reservations ?? []).flatMap((r) => r.Instances ?? [])).toHaveLength(6);
    const gone = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [victim] }));
    expect(gone.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('terminated');
    expect(
      (await failure(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })))).name,
    ).toBe('InvalidInstanceID.NotFound');
    expect((await failure(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['nope'] })))).name).toBe(
      'InvalidInstanceID.Malformed',
    );
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!;
    expect(
      (
        await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['false'] }] }))
      ).Vpcs?.map((v) => v.VpcId),
    ).toEqual([vpc.VpcId]);
    await ec2.send(new DeleteVpcCommand({ VpcId: vpc.VpcId! }));
    const regions = (await ec2.send(new DescribeRegionsCommand({}))).Regions ?? [];
    expect(regions.map((r) => r.RegionName)).toContain('eu-west-1');
    expect(regions.every((r) => r.OptInStatus === 'opt-in-not-required')).toBe(true);
    expect(
      (await ec2.send(new DescribeRegionsCommand({ AllRegions: true }))).Regions?.some(
        (r) => r.OptInStatus === 'not-opted-in',
      ),
    ).toBe(true);
  });

  it('keeps a deleted default VPC deleted until RunInstances makes a new one', async () => {
    const ec2 = new EC2Client(config('eu-west-1'));
    const deleted = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    await ec2.send(new DeleteVpcCommand({ VpcId: deleted }));
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).toEqual([]);
    const run = new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', MinCount: 1, MaxCount: 1 });
    const vpcId = (await ec2.send(run)).Instances![0]!.VpcId!;
    expect(vpcId).not.toBe(deleted);
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs).toMatchObject([
      { VpcId: vpcId, IsDefault: true },
    ]);
  });

  it('keeps block public access settings and EBS default encryption, overridden by an EC2 declarative policy', async () => {
    const ec2 = new EC2Client(config());
    expect(
      (await ec2.send(new DescribeVpcBlockPublicAccessOptionsCommand({}))).VpcBlockPublicAccessOptions
        ?.InternetGatewayBlockMode,
    ).toBe('off');
    expect((await ec2.send(new GetImageBlockPublicAccessStateCommand({}))).ImageBlockPublicAccessState).toBe(
      'unblocked',
    );
    await ec2.send(
      new ModifyVpcBlockPublicAccessOptionsCommand({ InternetGatewayBlockMode: 'block-bidirectional' }),
    );
    await ec2.send(
      new EnableImageBlockPublicAccessCommand({ ImageBlockPublicAccessState: 'block-new-sharing' }),
    );
    expect(
      (await ec2.send(new DescribeVpcBlockPublicAccessOptionsCommand({}))).VpcBlockPublicAccessOptions,
    ).toMatchObject({
      InternetGatewayBlockMode: 'block-bidirectional',
      ManagedBy: 'account',
    });
    expect(await ec2.send(new GetImageBlockPublicAccessStateCommand({}))).toMatchObject({
      ImageBlockPublicAccessState: 'block-new-sharing',
    });
    expect((await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(false);
    await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
    expect((await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
    // the settings are regional
    const other = new EC2Client(config('eu-west-1'));
    expect((await other.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(false);

    const orgs = new OrganizationsClient(config());
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'DECLARATIVE_POLICY_EC2' }));
    const policy = await orgs.send(
      new CreatePolicyCommand({
        Name: 'ec2-bpa',
        Description: 'block public access',
        Type: 'DECLARATIVE_POLICY_EC2',
        Content: JSON.stringify({
          ec2_attributes: {
            vpc_block_public_access: { internet_gateway_block: { mode: { '@@assign': 'block_ingress' } } },
            snapshot_block_public_access: { state: { '@@assign': 'block_all_sharing' } },
          },
        }),
      }),
    );
    await orgs.send(
      new AttachPolicyCommand({ PolicyId: policy.Policy!.PolicySummary!.Id!, TargetId: rootId }),
    );
    expect(
      (await other.send(new DescribeVpcBlockPublicAccessOptionsCommand({}))).VpcBlockPublicAccessOptions,
    ).toMatchObject({
      InternetGatewayBlockMode: 'block-ingress',
      ManagedBy: 'declarative-policy',
    });
    expect(await other.send(new GetSnapshotBlockPublicAccessStateCommand({}))).toMatchObject({
      State: 'block-all-sharing',
      ManagedBy: 'declarative-policy',
    });
  });

  it('creates, pages and deletes load balancers', async () => {
    const elb = new ElasticLoadBalancingV2Client(config());
    for (const n of ['api', 'web', 'admin'])
      await elb.send(new CreateLoadBalancerCommand({ Name: n, Subnets: ['subnet-1', 'subnet-2'] }));
    expect(
      (await failure(elb.send(new CreateLoadBalancerCommand({ Name: 'api', Subnets: ['subnet-1'] })))).name,
    ).toBe('DuplicateLoadBalancerNameException');
    expect(
      (await failure(elb.send(new CreateLoadBalancerCommand({ Name: '-bad-', Subnets: ['subnet-1'] })))).name,
    ).toBe('ValidationError');
    const page = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 2 }));
    expect(page.LoadBalancers?.map((l) => l.LoadBalancerName)).toEqual(['admin', 'api']);
    const rest = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 2, Marker: page.NextMarker }));
    expect(rest.LoadBalancers?.map((l) => l.LoadBalancerName)).toEqual(['web']);
    expect((await failure(elb.send(new DescribeLoadBalancersCommand({ Names: ['ghost'] })))).name).toBe(
      'LoadBalancerNotFoundException',
    );
    await elb.send(
      new DeleteLoadBalancerCommand({ LoadBalancerArn: page.LoadBalancers![0]!.LoadBalancerArn! }),
    );
    expect((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers).toHaveLength(2);
  });

  it('creates, describes and deletes DB instances through their states', async () => {
    const rds = new RDSClient(config());
    const created = await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'Orders',
        Engine: 'postgres',
        DBInstanceClass: 'db.t3.micro',
        StorageEncrypted: true,
      }),
    );
    expect(created.DBInstance).toMatchObject({
      DBInstanceIdentifier: 'orders',
      DBInstanceStatus: 'creating',
    });
    expect(
      (
        await failure(
          rds.send(
            new CreateDBInstanceCommand({
              DBInstanceIdentifier: 'orders',
              Engine: 'postgres',
              DBInstanceClass: 'db.t3.micro',
            }),
          ),
        )
      ).name,
    ).toBe('DBInstanceAlreadyExistsFault');
    expect(
      (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders' }))).DBInstances?.[0]
        ?.DBInstanceStatus,
    ).toBe('available');
    expect(
      (await failure(rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'orders' })))).name,
    ).toBe('InvalidParameterCombination');
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'orders', SkipFinalSnapshot: true }));
    expect((await rds.send(new DescribeDBInstancesCommand({}))).DBInstances).toEqual([]);
    expect(
      (await failure(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders' })))).name,
    ).toBe('DBInstanceNotFoundFault');
  });

  it('seeds instances, settings, load balancers and DB instances from a world document', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [OWNER]: {
            regions: {
              'eu-west-1': {
                instances: [
                  { name: 'web', count: 2 },
                  { name: 'old', state: 'terminated' },
                ],
                ec2Settings: { ebsEncryptionByDefault: true },
                loadBalancers: [{ name: 'shop' }],
                dbInstances: [{ id: 'shop-db' }],
              },
            },
          },
        },
      },
      new Date(),
    );
    const region = config('eu-west-1');
    const instances = (
      (await new EC2Client(region).send(new DescribeInstancesCommand({}))).Reservations ?? []
    ).flatMap((r) => r.Instances ?? []);
    expect(
      instances.map((i) => `${i.Tags?.find((t) => t.Key === 'Name')?.Value}:${i.State?.Name}`).sort(),
    ).toEqual(['old:terminated', 'web-1:running', 'web-2:running']);
    expect(
      (await new EC2Client(region).send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault,
    ).toBe(true);
    expect(
      (await new ElasticLoadBalancingV2Client(region).send(new DescribeLoadBalancersCommand({})))
        .LoadBalancers?.[0]?.LoadBalancerName,
    ).toBe('shop');
    expect(
      (await new RDSClient(region).send(new DescribeDBInstancesCommand({}))).DBInstances?.[0]
        ?.StorageEncrypted,
    ).toBe(true);
  });
});
