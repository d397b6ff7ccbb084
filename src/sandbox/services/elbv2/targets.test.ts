/** What sits behind a load balancer, through the SDK: listeners, target groups, target health. */
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { shopWorld, SHOP_MANAGEMENT } from '../../../../test/support/shop-world.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('ELBv2 targets over %s', (name) => {
  let target: Target;
  const config = () => ({
    ...target.config({ accessKeyId: SHOP_MANAGEMENT, region: 'us-east-1' }),
    maxAttempts: 1,
  });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(async () => {
    await target.close();
  });
  beforeEach(async () => {
    await target.reset();
    applyWorldDocument(target.sandbox!.world, shopWorld(), new Date());
  });

  it('answers the load balancer with its VPC and groups, its listener, target group and healthy targets', async () => {
    const elb = new ElasticLoadBalancingV2Client(config());
    const { LoadBalancers = [] } = await elb.send(new DescribeLoadBalancersCommand({}));
    const lb = LoadBalancers[0]!;
    expect(lb.SecurityGroups).toHaveLength(1);
    expect(lb.VpcId).toMatch(/^vpc-/);
    const { Listeners = [] } = await elb.send(
      new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
    );
    expect(Listeners.map((l) => [l.Protocol, l.Port])).toEqual([['HTTP', 80]]);
    const tgArn = Listeners[0]!.DefaultActions![0]!.TargetGroupArn!;
    const { TargetGroups = [] } = await elb.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
    );
    expect(TargetGroups.map((tg) => [tg.TargetGroupName, tg.TargetType, tg.LoadBalancerArns])).toEqual([
      ['shop-web', 'instance', [lb.LoadBalancerArn]],
    ]);
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
    expect(health.TargetHealthDescriptions!.map((d) => d.TargetHealth!.State)).toEqual([
      'healthy',
      'healthy',
      'healthy',
    ]);

    const victim = health.TargetHealthDescriptions![0]!.Target!.Id!;
    await new EC2Client(config()).send(new TerminateInstancesCommand({ InstanceIds: [victim] }));
    const after = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
    expect(after.TargetHealthDescriptions!.find((d) => d.Target!.Id === victim)!.TargetHealth).toMatchObject({
      State: 'unused',
      Reason: 'Target.InvalidState',
    });
  });

  it('refuses unknown target groups and listeners as ELBv2 does', async () => {
    const elb = new ElasticLoadBalancingV2Client(config());
    const arn = `arn:aws:elasticloadbalancing:us-east-1:${SHOP_MANAGEMENT}:targetgroup/nope/0123456789abcdef`;
    expect((await failure(elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })))).name).toBe(
      'TargetGroupNotFoundException',
    );
    expect((await failure(elb.send(new DescribeTargetGroupsCommand({ Names: ['nope'] })))).name).toBe(
      'TargetGroupNotFoundException',
    );
    expect((await failure(elb.send(new DescribeListenersCommand({})))).name).toBe('ValidationError');
  });
});
