/**
 * ELBv2 through the real AWS SDK client, in process and over HTTP (every answer model-checked): what sits
 * behind a load balancer — listeners, target groups, targets and their health — seeded and changed.
 */
import { DescribeInstancesCommand, EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { shopWorld, SHOP_MANAGEMENT } from '../../../../test/support/shop-world.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';

const OWNER = '123456789012';
const REGION = 'us-east-1';

/** One VPC with a subnet, two web servers and a jump host; a load balancer forwarding to the web servers. */
function appWorld(loadBalancers: unknown[] = [defaultBalancer()]) {
  return {
    accounts: {
      [OWNER]: {
        regions: {
          [REGION]: {
            network: {
              vpcs: [{ name: 'app', cidr: '10.1.0.0/16', subnets: [{ name: 'app-a', cidr: '10.1.1.0/24' }] }],
              securityGroups: [{ name: 'alb', vpc: 'app', ingress: [{ port: 80, cidrs: ['0.0.0.0/0'] }] }],
            },
            instances: [
              { name: 'web', count: 2, subnet: 'app-a' },
              { name: 'jump', subnet: 'app-a' },
              { name: 'elsewhere' },
            ],
            loadBalancers,
          },
        },
      },
    },
  };
}

function defaultBalancer() {
  return {
    name: 'app',
    vpc: 'app',
    securityGroups: ['alb'],
    targetGroups: [{ name: 'web', protocol: 'HTTP', port: 80, targets: ['web-1', 'web-2'] }],
    listeners: [{ protocol: 'HTTP', port: 80, targetGroup: 'web' }],
  };
}

describe.each<TargetName>(['sandbox', 'sandbox-http'])('ELBv2 over %s', (name) => {
  let target: Target;
  const config = (account = OWNER) => ({
    ...target.config({ accessKeyId: account, region: REGION }),
    maxAttempts: 1,
  });
  const elb = (account = OWNER) => new ElasticLoadBalancingV2Client(config(account));
  const ec2 = (account = OWNER) => new EC2Client(config(account));

  /** The seeded load balancer, its listener and target group, and the instances by Name tag. */
  async function seeded() {
    const client = elb();
    const lb = (await client.send(new DescribeLoadBalancersCommand({ Names: ['app'] }))).LoadBalancers![0]!;
    const listener = (
      await client.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))
    ).Listeners![0]!;
    const web = (await client.send(new DescribeTargetGroupsCommand({ Names: ['web'] }))).TargetGroups![0]!;
    const reservations = (await ec2().send(new DescribeInstancesCommand({}))).Reservations ?? [];
    const instances = new Map(
      reservations
        .flatMap((r) => r.Instances ?? [])
        .map((i) => [i.Tags?.find((t) => t.Key === 'Name')?.Value ?? '', i] as const),
    );
    return { client, lb, listener, web, instances };
  }

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(async () => {
    expect(target.modelIssues()).toEqual([]);
    await target.close();
  });
  beforeEach(() => target.reset());

  it('answers the seeded shop: load balancer in its VPC with its groups, listener, target group, healthy targets', async () => {
    applyWorldDocument(target.sandbox!.world, shopWorld(), new Date());
    const client = elb(SHOP_MANAGEMENT);
    const { LoadBalancers = [] } = await client.send(new DescribeLoadBalancersCommand({}));
    const lb = LoadBalancers[0]!;
    expect(lb.SecurityGroups).toHaveLength(1);
    expect(lb.VpcId).toMatch(/^vpc-/);
    const { Listeners = [] } = await client.send(
      new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
    );
    expect(Listeners.map((l) => [l.Protocol, l.Port])).toEqual([['HTTP', 80]]);
    const tgArn = Listeners[0]!.DefaultActions![0]!.TargetGroupArn!;
    const { TargetGroups = [] } = await client.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
    );
    expect(
      TargetGroups.map((tg) => [tg.TargetGroupName, tg.TargetType, tg.VpcId, tg.LoadBalancerArns]),
    ).toEqual([['shop-web', 'instance', lb.VpcId, [lb.LoadBalancerArn]]]);
    const health = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
    expect(health.TargetHealthDescriptions!.map((d) => d.TargetHealth!.State)).toEqual([
      'healthy',
      'healthy',
      'healthy',
    ]);
  });

  it('seeds listener → target group → instances by Name tag; a terminated instance is unused', async () => {
    applyWorldDocument(target.sandbox!.world, appWorld(), new Date());
    const { client, lb, listener, web, instances } = await seeded();
    const vpcId = instances.get('web-1')!.VpcId;
    expect(lb).toMatchObject({ VpcId: vpcId, SecurityGroups: [expect.stringMatching(/^sg-/)] });
    expect(listener.DefaultActions).toEqual([
      {
        Type: 'forward',
        TargetGroupArn: web.TargetGroupArn,
        ForwardConfig: {
          TargetGroups: [{ TargetGroupArn: web.TargetGroupArn, Weight: 1 }],
          TargetGroupStickinessConfig: { Enabled: false },
        },
      },
    ]);
    expect(web).toMatchObject({
      Protocol: 'HTTP',
      Port: 80,
      VpcId: vpcId,
      HealthCheckPath: '/',
      HealthCheckProtocol: 'HTTP',
      LoadBalancerArns: [lb.LoadBalancerArn],
    });
    const health = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: web.TargetGroupArn }));
    expect(
      health.TargetHealthDescriptions!.map((d) => [d.Target!.Id, d.HealthCheckPort, d.TargetHealth]),
    ).toEqual([
      [instances.get('web-1')!.InstanceId, '80', { State: 'healthy' }],
      [instances.get('web-2')!.InstanceId, '80', { State: 'healthy' }],
    ]);

    const victim = instances.get('web-1')!.InstanceId!;
    await ec2().send(new TerminateInstancesCommand({ InstanceIds: [victim] }));
    const after = await client.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: web.TargetGroupArn, Targets: [{ Id: victim }] }),
    );
    expect(after.TargetHealthDescriptions).toEqual([
      {
        Target: { Id: victim, Port: 80 },
        HealthCheckPort: '80',
        TargetHealth: {
          State: 'unused',
          Reason: 'Target.InvalidState',
          Description: 'Target is in the stopped or terminated state',
        },
      },
    ]);
    // a terminated instance cannot be registered again, nor one of another VPC
    const again = await failure(
      client.send(
        new RegisterTargetsCommand({ TargetGroupArn: web.TargetGroupArn, Targets: [{ Id: victim }] }),
      ),
    );
    expect(again.name).toBe('InvalidTargetException');
    expect(again.message).toContain('not in a running state');
    const other = instances.get('elsewhere')!.InstanceId!;
    const elsewhere = await failure(
      client.send(
        new RegisterTargetsCommand({ TargetGroupArn: web.TargetGroupArn, Targets: [{ Id: other }] }),
      ),
    );
    expect(elsewhere).toMatchObject({ name: 'InvalidTargetException' });
    expect(elsewhere.message).toContain(`not in the target group VPC '${vpcId}'`);
    expect(
      (
        await failure(
          client.send(
            new RegisterTargetsCommand({
              TargetGroupArn: web.TargetGroupArn,
              Targets: [{ Id: 'i-0123456789abcdef0' }],
            }),
          ),
        )
      ).name,
    ).toBe('InvalidTargetException');

    // register the jump host on another port, deregister web-2
    const jump = instances.get('jump')!.InstanceId!;
    const web2 = instances.get('web-2')!.InstanceId!;
    await client.send(
      new RegisterTargetsCommand({ TargetGroupArn: web.TargetGroupArn, Targets: [{ Id: jump, Port: 8080 }] }),
    );
    await client.send(
      new DeregisterTargetsCommand({ TargetGroupArn: web.TargetGroupArn, Targets: [{ Id: web2 }] }),
    );
    const now = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: web.TargetGroupArn }));
    expect(
      now.TargetHealthDescriptions!.map((d) => [d.Target!.Id, d.Target!.Port, d.TargetHealth!.State]),
    ).toEqual([
      [victim, 80, 'unused'],
      [jump, 8080, 'healthy'],
    ]);
    const asked = await client.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: web.TargetGroupArn, Targets: [{ Id: web2 }] }),
    );
    expect(asked.TargetHealthDescriptions![0]!.TargetHealth).toMatchObject({
      State: 'unused',
      Reason: 'Target.NotRegistered',
    });
  });

  it('registers IP targets: private addresses only, outside the VPC in zone all; healthy where an instance answers', async () => {
    applyWorldDocument(target.sandbox!.world, appWorld(), new Date());
    const { client, lb, listener, web, instances } = await seeded();
    const vpcId = lb.VpcId!;
    const created = await client.send(
      new CreateTargetGroupCommand({
        Name: 'web-ip',
        Protocol: 'HTTP',
        Port: 8080,
        TargetType: 'ip',
        VpcId: vpcId,
        HealthCheckPath: '/health',
      }),
    );
    const tg = created.TargetGroups![0]!;
    expect(tg).toMatchObject({
      TargetGroupName: 'web-ip',
      TargetType: 'ip',
      VpcId: vpcId,
      HealthCheckPath: '/health',
      LoadBalancerArns: [],
    });
    expect(tg.TargetGroupArn).toMatch(
      new RegExp(`^arn:aws:elasticloadbalancing:${REGION}:${OWNER}:targetgroup/web-ip/[0-9a-f]{16}$`),
    );
    const register = (Targets: Array<{ Id: string; Port?: number; AvailabilityZone?: string }>) =>
      client.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets }));

    const publicIp = await failure(register([{ Id: '8.8.8.8' }]));
    expect(publicIp.name).toBe('InvalidTargetException');
    expect(publicIp.message).toContain("'8.8.8.8'");
    expect((await failure(register([{ Id: 'web-1' }]))).name).toBe('InvalidTargetException');
    const outside = await failure(register([{ Id: '192.168.7.9' }]));
    expect(outside.name).toBe('ValidationError');
    expect(outside.message).toContain("Availability Zone 'all'");
    await register([{ Id: '192.168.7.9', AvailabilityZone: 'all' }]);
    const web1Ip = instances.get('web-1')!.PrivateIpAddress!;
    expect(web1Ip).toMatch(/^10\.1\.1\./);
    await register([{ Id: web1Ip }, { Id: '10.1.1.200' }]);

    // no listener forwards to the group yet
    const idle = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn }));
    expect(new Set(idle.TargetHealthDescriptions!.map((d) => d.TargetHealth!.Reason))).toEqual(
      new Set(['Target.NotInUse']),
    );

    // shift a fifth of the traffic to the IP group
    const modified = await client.send(
      new ModifyListenerCommand({
        ListenerArn: listener.ListenerArn,
        DefaultActions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: web.TargetGroupArn, Weight: 80 },
                { TargetGroupArn: tg.TargetGroupArn, Weight: 20 },
              ],
            },
          },
        ],
      }),
    );
    expect(modified.Listeners![0]!.Port).toBe(80);
    const { Listeners = [] } = await client.send(
      new DescribeListenersCommand({ ListenerArns: [listener.ListenerArn!] }),
    );
    expect(Listeners[0]!.DefaultActions).toEqual([
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: web.TargetGroupArn, Weight: 80 },
            { TargetGroupArn: tg.TargetGroupArn, Weight: 20 },
          ],
          TargetGroupStickinessConfig: { Enabled: false },
        },
      },
    ]);
    const behind = await client.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
    );
    expect(behind.TargetGroups!.map((g) => [g.TargetGroupName, g.LoadBalancerArns])).toEqual([
      ['web', [lb.LoadBalancerArn]],
      ['web-ip', [lb.LoadBalancerArn]],
    ]);
    const health = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn }));
    expect(
      health.TargetHealthDescriptions!.map((d) => [
        d.Target!.Id,
        d.Target!.AvailabilityZone,
        d.TargetHealth!.State,
        d.TargetHealth!.Reason,
      ]),
    ).toEqual([
      ['192.168.7.9', 'all', 'unhealthy', 'Target.Timeout'],
      [web1Ip, undefined, 'healthy', undefined],
      ['10.1.1.200', undefined, 'unhealthy', 'Target.Timeout'],
    ]);

    // the IP group cannot go while the listener forwards to it, even at weight 0
    await client.send(
      new ModifyListenerCommand({
        ListenerArn: listener.ListenerArn,
        DefaultActions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: web.TargetGroupArn, Weight: 1 },
                { TargetGroupArn: tg.TargetGroupArn, Weight: 0 },
              ],
            },
          },
        ],
      }),
    );
    const inUse = await failure(
      client.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn })),
    );
    expect(inUse.name).toBe('ResourceInUseException');
    await client.send(
      new ModifyListenerCommand({
        ListenerArn: listener.ListenerArn,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: web.TargetGroupArn }],
      }),
    );
    await client.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn }));
    await client.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn })); // gone: still fine
    expect(
      (await failure(client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tg.TargetGroupArn!] }))))
        .name,
    ).toBe('TargetGroupNotFoundException');
  });

  it('creates load balancer, target group and listener; refuses what AWS refuses', async () => {
    const client = elb();
    const [lb] = (await client.send(new CreateLoadBalancerCommand({ Name: 'api', Subnets: ['subnet-1'] })))
      .LoadBalancers!;
    expect(lb!.VpcId).toMatch(/^vpc-/); // the default VPC
    const tgInput = { Name: 'api', Protocol: 'HTTP' as const, Port: 80, VpcId: lb!.VpcId };
    expect(
      (await failure(client.send(new CreateTargetGroupCommand({ ...tgInput, VpcId: undefined })))).message,
    ).toBe('A VPC ID must be specified');
    expect(
      (
        await failure(
          client.send(new CreateTargetGroupCommand({ ...tgInput, VpcId: 'vpc-0123456789abcdef0' })),
        )
      ).message,
    ).toBe("The VPC ID 'vpc-0123456789abcdef0' is not found");
    expect(
      (await failure(client.send(new CreateTargetGroupCommand({ ...tgInput, Name: '-api' })))).name,
    ).toBe('ValidationError');
    expect(
      (await failure(client.send(new CreateTargetGroupCommand({ ...tgInput, Name: 'a'.repeat(33) })))).name,
    ).toBe('ValidationError');
    const tg = (await client.send(new CreateTargetGroupCommand(tgInput))).TargetGroups![0]!;
    expect(tg).toMatchObject({
      TargetType: 'instance',
      HealthCheckPort: 'traffic-port',
      Matcher: { HttpCode: '200' },
    });
    const same = (await client.send(new CreateTargetGroupCommand(tgInput))).TargetGroups![0]!;
    expect(same.TargetGroupArn, 'the same settings answer the same group').toBe(tg.TargetGroupArn);
    expect((await failure(client.send(new CreateTargetGroupCommand({ ...tgInput, Port: 81 })))).name).toBe(
      'DuplicateTargetGroupNameException',
    );
    const tcp = (
      await client.send(new CreateTargetGroupCommand({ ...tgInput, Name: 'api-tcp', Protocol: 'TCP' }))
    ).TargetGroups![0]!;
    expect(tcp).toMatchObject({ HealthCheckProtocol: 'TCP' });
    expect(tcp.HealthCheckPath).toBeUndefined();

    const forward = (arn: string) => [{ Type: 'forward' as const, TargetGroupArn: arn }];
    const create = (extra: Record<string, unknown> = {}) =>
      client.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb!.LoadBalancerArn,
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: forward(tg.TargetGroupArn!),
          ...extra,
        }),
      );
    const listener = (await create()).Listeners![0]!;
    expect(listener.ListenerArn).toMatch(/:listener\/app\/api\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    expect((await create()).Listeners![0]!.ListenerArn, 'idempotent').toBe(listener.ListenerArn);
    const spare = (await client.send(new CreateTargetGroupCommand({ ...tgInput, Name: 'api-b' })))
      .TargetGroups![0]!;
    expect((await failure(create({ DefaultActions: forward(spare.TargetGroupArn!) }))).name).toBe(
      'DuplicateListenerException',
    );
    expect((await failure(create({ Port: 81, DefaultActions: forward(tcp.TargetGroupArn!) }))).name).toBe(
      'IncompatibleProtocolsException',
    );
    expect((await failure(create({ Port: 81, Protocol: 'TCP' }))).name).toBe('ValidationError');
    expect((await failure(create({ Port: 443, Protocol: 'HTTPS' }))).message).toContain('certificate');
    const ghost = `arn:aws:elasticloadbalancing:${REGION}:${OWNER}:targetgroup/ghost/0123456789abcdef`;
    expect((await failure(create({ Port: 81, DefaultActions: forward(ghost) }))).name).toBe(
      'TargetGroupNotFoundException',
    );
    const heavy = await failure(
      create({
        Port: 81,
        DefaultActions: [
          {
            Type: 'forward',
            ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg.TargetGroupArn, Weight: 1000 }] },
          },
        ],
      }),
    );
    expect(heavy.name).toBe('ValidationError');
    expect((await failure(create({ Port: 81, DefaultActions: [{ Type: 'fixed-response' }] }))).name).toBe(
      'ValidationError',
    );

    // a target group serves one load balancer
    const [other] = (await client.send(new CreateLoadBalancerCommand({ Name: 'other' }))).LoadBalancers!;
    expect(
      (
        await failure(
          client.send(
            new CreateListenerCommand({
              LoadBalancerArn: other!.LoadBalancerArn,
              Protocol: 'HTTP',
              Port: 80,
              DefaultActions: forward(tg.TargetGroupArn!),
            }),
          ),
        )
      ).name,
    ).toBe('TargetGroupAssociationLimitException');

    const moved = await client.send(
      new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, Port: 8080 }),
    );
    expect(moved.Listeners![0]).toMatchObject({ Port: 8080, Protocol: 'HTTP' });
    expect(moved.Listeners![0]!.DefaultActions![0]!.TargetGroupArn).toBe(tg.TargetGroupArn);

    await client.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn }));
    expect(
      (await failure(client.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn })))).name,
    ).toBe('ListenerNotFoundException');
    const second = (await create()).Listeners![0]!;
    await client.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb!.LoadBalancerArn }));
    expect(
      (await failure(client.send(new DescribeListenersCommand({ ListenerArns: [second.ListenerArn!] }))))
        .name,
      'the listeners go with their load balancer',
    ).toBe('ListenerNotFoundException');
    expect(
      (await failure(client.send(new DescribeListenersCommand({ LoadBalancerArn: lb!.LoadBalancerArn }))))
        .name,
    ).toBe('LoadBalancerNotFoundException');
    const left = await client.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [tg.TargetGroupArn!] }),
    );
    expect(left.TargetGroups![0]!.LoadBalancerArns).toEqual([]);
  });

  it('pages target groups and listeners, and stores nothing when read', async () => {
    const client = elb('210987654321');
    expect((await client.send(new DescribeTargetGroupsCommand({}))).TargetGroups).toEqual([]);
    expect(target.sandbox!.world.accounts['210987654321']?.services.elbv2).toBeUndefined();
    const vpcId = (await client.send(new CreateLoadBalancerCommand({ Name: 'paged' }))).LoadBalancers![0]!
      .VpcId;
    for (const n of ['c', 'a', 'b'])
      await client.send(new CreateTargetGroupCommand({ Name: n, Protocol: 'HTTP', Port: 80, VpcId: vpcId }));
    const first = await client.send(new DescribeTargetGroupsCommand({ PageSize: 2 }));
    expect(first.TargetGroups!.map((g) => g.TargetGroupName)).toEqual(['a', 'b']);
    const rest = await client.send(
      new DescribeTargetGroupsCommand({ PageSize: 2, Marker: first.NextMarker }),
    );
    expect(rest.TargetGroups!.map((g) => g.TargetGroupName)).toEqual(['c']);
    expect(rest.NextMarker).toBeUndefined();
    expect((await failure(client.send(new DescribeTargetGroupsCommand({ PageSize: 401 })))).name).toBe(
      'ValidationError',
    );
  });

  it('refuses unknown target groups and listeners as ELBv2 does', async () => {
    const client = elb();
    const arn = `arn:aws:elasticloadbalancing:${REGION}:${OWNER}:targetgroup/nope/0123456789abcdef`;
    expect((await failure(client.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })))).name).toBe(
      'TargetGroupNotFoundException',
    );
    expect((await failure(client.send(new DescribeTargetGroupsCommand({ Names: ['nope'] })))).name).toBe(
      'TargetGroupNotFoundException',
    );
    expect(
      (
        await failure(
          client.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.0.0.1' }] })),
        )
      ).name,
    ).toBe('TargetGroupNotFoundException');
    expect(
      (await failure(client.send(new DescribeTargetHealthCommand({ TargetGroupArn: 'nope' })))).name,
    ).toBe('ValidationError');
    expect((await failure(client.send(new DescribeListenersCommand({})))).name).toBe('ValidationError');
  });

  it('refuses seeded listeners of unknown target groups and targets of unknown instances', async () => {
    const apply = (lb: Record<string, unknown>) => () =>
      applyWorldDocument(target.sandbox!.world, appWorld([{ ...defaultBalancer(), ...lb }]), new Date());
    expect(apply({ listeners: [{ port: 80, targetGroup: 'api' }] })).toThrow(
      /listeners\.0\.targetGroup: no target group named 'api' on load balancer app \(its target groups: web\)/,
    );
    expect(apply({ targetGroups: [{ name: 'web', targets: ['web-9'] }] })).toThrow(
      /targetGroups\.0\.targets\.0: no instance with the id or Name tag 'web-9' in us-east-1/,
    );
    expect(apply({ targetGroups: [{ name: 'web', targetType: 'ip', targets: ['8.8.8.8'] }] })).toThrow(
      /'8\.8\.8\.8' is not a private IPv4 address/,
    );
    expect(target.sandbox!.world.accounts[OWNER]?.services.elbv2, 'nothing applied').toBeUndefined();
    await target.reset();
    apply({ vpc: undefined, vpcId: undefined, targetGroups: [{ name: 'web', targets: ['elsewhere'] }] })();
    const state = target.sandbox!.world.accounts[OWNER]!.services.elbv2 as Record<
      string,
      { loadBalancers: object }
    >;
    expect(Object.keys(state[REGION]!.loadBalancers)).toHaveLength(1);
  });
});
