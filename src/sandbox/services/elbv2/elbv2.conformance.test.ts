/**
 * ELBv2 on the sandbox and on moto_server: a load balancer in the default VPC (its subnets from each
 * target's own EC2, after an instance was run there), a target group with that instance, a listener
 * forwarding to it, and what both describe. Only what both agree on is compared: moto answers a forward
 * action as it was given (no `ForwardConfig` for a single target group), refuses DeleteTargetGroup of a
 * group that is gone, answers health without looking at listeners, and leaves `Scheme` out of
 * CreateLoadBalancer's answer when the request did not give it.
 */
import {
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('ELBv2 conformance on %s', (name) => {
  let target: Target;
  let elb: ElasticLoadBalancingV2Client;
  let ec2: EC2Client;

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
    const config = { ...target.config({ region: 'us-east-1' }), maxAttempts: 1 };
    elb = new ElasticLoadBalancingV2Client(config);
    ec2 = new EC2Client(config);
  });
  afterAll(async () => {
    expect(target.modelIssues()).toEqual([]);
    await target.close();
  });

  it('creates a load balancer, a target group and a listener, and describes them', async () => {
    const vpcs = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }),
    );
    const vpcId = vpcs.Vpcs![0]!.VpcId!;
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-0abcdef1234567890',
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
      }),
    );
    const instanceId = run.Instances![0]!.InstanceId!;
    const subnets = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    );
    const subnetIds = subnets.Subnets!.map((s) => s.SubnetId!);
    expect(subnetIds.length).toBeGreaterThan(0);

    const [lb] = (await elb.send(new CreateLoadBalancerCommand({ Name: 'conformance', Subnets: subnetIds })))
      .LoadBalancers!;
    expect(lb).toMatchObject({
      LoadBalancerName: 'conformance',
      VpcId: vpcId,
      Type: 'application',
    });
    const lbArn = lb!.LoadBalancerArn!;
    expect(lbArn).toMatch(
      /^arn:aws:elasticloadbalancing:us-east-1:\d{12}:loadbalancer\/app\/conformance\/[0-9a-f]+$/,
    );

    const [tg] = (
      await elb.send(
        new CreateTargetGroupCommand({ Name: 'conformance-web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }),
      )
    ).TargetGroups!;
    expect(tg).toMatchObject({
      TargetGroupName: 'conformance-web',
      Protocol: 'HTTP',
      Port: 80,
      VpcId: vpcId,
      TargetType: 'instance',
      HealthCheckPath: '/',
    });
    const tgArn = tg!.TargetGroupArn!;
    expect(tgArn).toMatch(
      /^arn:aws:elasticloadbalancing:us-east-1:\d{12}:targetgroup\/conformance-web\/[0-9a-f]+$/,
    );
    const duplicate = await failure(
      elb.send(
        new CreateTargetGroupCommand({ Name: 'conformance-web', Protocol: 'HTTP', Port: 81, VpcId: vpcId }),
      ),
    );
    expect(duplicate.name).toBe('DuplicateTargetGroupNameException');
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: instanceId }] }));

    const [listener] = (
      await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        }),
      )
    ).Listeners!;
    expect(listener).toMatchObject({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80 });
    expect(listener!.DefaultActions![0]).toMatchObject({ Type: 'forward', TargetGroupArn: tgArn });
    const listenerArn = listener!.ListenerArn!;
    expect(listenerArn.startsWith(lbArn.replace(':loadbalancer/', ':listener/') + '/')).toBe(true);

    const listeners = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }));
    expect(
      listeners.Listeners!.map((l) => [l.ListenerArn, l.Port, l.DefaultActions![0]!.TargetGroupArn]),
    ).toEqual([[listenerArn, 80, tgArn]]);
    const byLb = await elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lbArn }));
    expect(byLb.TargetGroups!.map((g) => [g.TargetGroupArn, g.LoadBalancerArns])).toEqual([[tgArn, [lbArn]]]);
    const byName = await elb.send(new DescribeTargetGroupsCommand({ Names: ['conformance-web'] }));
    expect(byName.TargetGroups!.map((g) => g.TargetGroupArn)).toEqual([tgArn]);
    expect((await failure(elb.send(new DescribeTargetGroupsCommand({ Names: ['ghost'] })))).name).toBe(
      'TargetGroupNotFoundException',
    );
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
    expect(
      health.TargetHealthDescriptions!.map((d) => [d.Target!.Id, d.Target!.Port, d.TargetHealth!.State]),
    ).toEqual([[instanceId, 80, 'healthy']]);

    expect((await failure(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn })))).name).toBe(
      'ResourceInUseException',
    );
    await elb.send(new DeleteListenerCommand({ ListenerArn: listenerArn }));
    expect(
      (await failure(elb.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] })))).name,
    ).toBe('ListenerNotFoundException');
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }));
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn }));
  });
});
