import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import type { WlRegion, WorkloadsInventory } from '../model/workloads.js';
import { applicationsOf } from './inventory.js';
import { freeCidr, isAwsManagedKey, overlaps, planMove } from './move-plan.js';

const MGMT = '111100000000';
const SVC = { accountId: '111100000001', accountName: 'shop-service' };
const KEY = `arn:aws:kms:us-east-1:${MGMT}:alias/ebs-shop`;

function region(volumeKey = KEY): WlRegion {
  const instance = (id: string, name: string, ip: string) => ({
    id,
    name,
    state: 'running',
    type: 't3.large',
    imageId: 'ami-0abcdef1234567890',
    vpcId: 'vpc-shop',
    subnetId: 'subnet-a',
    privateIp: ip,
    securityGroupIds: ['sg-web'],
    volumeIds: [`vol-${id}`],
  });
  return {
    region: 'us-east-1',
    instances: [instance('i-1', 'web-1', '10.0.1.4'), instance('i-2', 'web-2', '10.0.1.5')],
    volumes: ['i-1', 'i-2'].map((id) => ({
      id: `vol-${id}`,
      sizeGiB: 20,
      encrypted: true,
      kmsKeyId: volumeKey,
      instanceId: id,
    })),
    securityGroups: [
      { id: 'sg-alb', name: 'alb', vpcId: 'vpc-shop', admits: [], cidrs: ['0.0.0.0/0'] },
      {
        id: 'sg-web',
        name: 'web',
        vpcId: 'vpc-shop',
        admits: [{ groupId: 'sg-alb', accountId: MGMT }],
        cidrs: [],
      },
    ],
    loadBalancers: [
      {
        arn: 'arn:lb/shop',
        name: 'shop-alb',
        type: 'application',
        scheme: 'internet-facing',
        dnsName: 'shop.example',
        vpcId: 'vpc-shop',
        securityGroupIds: ['sg-alb'],
        listeners: [{ arn: 'arn:l', protocol: 'HTTP', port: 80, targetGroupArns: ['arn:tg'] }],
      },
    ],
    targetGroups: [
      {
        arn: 'arn:tg',
        name: 'shop-web',
        targetType: 'instance',
        protocol: 'HTTP',
        port: 80,
        vpcId: 'vpc-shop',
        targets: [
          { id: 'i-1', port: 80, health: 'healthy' },
          { id: 'i-2', port: 80, health: 'healthy' },
        ],
      },
    ],
    databases: [],
    functions: [],
    network: {
      vpcs: [
        { id: 'vpc-shop', cidr: '10.0.0.0/16', isDefault: false, name: 'shop' },
        { id: 'vpc-default', cidr: '172.31.0.0/16', isDefault: true, name: '' },
      ],
      subnets: [
        { id: 'subnet-a', vpcId: 'vpc-shop', cidr: '10.0.1.0/24', zone: 'us-east-1a', name: 'shop-a' },
      ],
    },
    unread: [],
  };
}

function inventory(r = region()): WorkloadsInventory {
  return {
    version: 1,
    generatedAt: '2026-12-08T00:00:00.000Z',
    accountId: MGMT,
    accountName: 'Management',
    management: true,
    regions: [r],
    applications: applicationsOf(r, MGMT),
    buckets: [],
    cost: undefined,
    calls: 0,
  };
}

describe('planMove', () => {
  it('stages the move with a CIDR free of both accounts, the key grants, and the traffic shift', () => {
    const plan = planMove({
      inventory: inventory(),
      app: 'shop-alb',
      target: SVC,
      targetCidrs: ['10.1.0.0/16'],
    });
    expect(plan.target.cidr).toBe('10.2.0.0/16');
    expect(plan.stages.map((s) => s.name)).toEqual([
      'network',
      'security',
      'images',
      'data',
      'launch',
      'traffic',
      'cleanup',
    ]);
    const calls = (name: string) =>
      plan.stages.find((s) => s.name === name)!.steps.map((s) => `${s.in} ${s.call}`);
    expect(calls('network')).toContain('source ec2:CreateVpcPeeringConnection');
    expect(calls('network')).toContain('target ec2:AcceptVpcPeeringConnection');
    expect(calls('images')).toEqual([
      'source ec2:CreateImage',
      'source ec2:CreateImage',
      'source ec2:ModifyImageAttribute',
      'source kms:CreateGrant',
      'target ec2:CopyImage',
    ]);
    expect(plan.stages.find((s) => s.name === 'security')!.steps[0]!.detail).toContain(`${MGMT}/sg-alb`);
    expect(calls('traffic')).toEqual([
      'source elasticloadbalancing:CreateTargetGroup',
      'source elasticloadbalancing:RegisterTargets',
      'source elasticloadbalancing:ModifyListener',
    ]);
    expect(plan.stages.every((s) => s.decision.length > 0)).toBe(true);
    expect(plan.noReboot).toBe(false);
    expect(plan.warnings).toEqual([]);
  });

  it('states the risk of NoReboot', () => {
    const plan = planMove({
      inventory: inventory(),
      app: 'arn:lb/shop',
      target: SVC,
      targetCidrs: [],
      noReboot: true,
    });
    expect(plan.warnings[0]).toMatch(/^NoReboot: .*not be consistent/);
    expect(plan.stages.find((s) => s.name === 'images')!.steps[0]!.detail).toContain('NoReboot=true');
  });

  it('refuses before planning: unknown app, the same account, an overlapping or malformed CIDR, keys that cannot move', () => {
    const refused = (request: Partial<Parameters<typeof planMove>[0]>, message: RegExp) => {
      const call = () =>
        planMove({
          inventory: inventory(),
          app: 'shop-alb',
          target: SVC,
          targetCidrs: ['10.1.0.0/16'],
          ...request,
        });
      expect(call).toThrow(UsageError);
      expect(call).toThrow(message);
    };
    refused({ app: 'nope' }, /--app nope is not an application of Management .* one of: shop-alb/);
    refused(
      { target: { accountId: MGMT, accountName: 'Management' } },
      /is the account the application runs in/,
    );
    refused({ cidr: '10.0.128.0/17' }, /--cidr 10.0.128.0\/17 overlaps 10.0.0.0\/16 \(a VPC of Management\)/);
    refused({ cidr: '10.1.0.0/24' }, /overlaps 10.1.0.0\/16 \(a VPC of shop-service\)/);
    refused({ cidr: '10.9.0.0/8' }, /not a VPC CIDR block from \/16 to \/28/);
    const awsKey = `arn:aws:kms:us-east-1:${MGMT}:alias/aws/ebs`;
    expect(() =>
      planMove({ inventory: inventory(region(awsKey)), app: 'shop-alb', target: SVC, targetCidrs: [] }),
    ).toThrow(/alias\/aws\/ebs is an AWS-managed key: .* pass --kms-key/);
    refused({ kmsKey: awsKey }, /--kms-key .* cannot be used by another account/);
    const copied = planMove({
      inventory: inventory(region(awsKey)),
      app: 'shop-alb',
      target: SVC,
      targetCidrs: [],
      kmsKey: KEY,
    });
    expect(copied.stages.find((s) => s.name === 'images')!.steps.map((s) => s.call)).toContain(
      'ec2:CopyImage',
    );
  });
});

describe('CIDRs and keys', () => {
  it('finds the first free /16 and knows AWS-managed keys', () => {
    expect(freeCidr(['10.0.0.0/16', '10.1.0.0/16', '172.31.0.0/16'])).toBe('10.2.0.0/16');
    expect(overlaps('10.0.0.0/8', '10.200.0.0/16')).toBe(true);
    expect(isAwsManagedKey('arn:aws:kms:us-east-1:1:alias/aws/rds')).toBe(true);
    expect(isAwsManagedKey(KEY)).toBe(false);
  });
});
