import { describe, expect, it } from 'vitest';
import type { WlRegion } from '../model/workloads.js';
import { applicationsOf, findApplication } from './inventory.js';

const ACCOUNT = '111100000000';
const instance = (
  id: string,
  name: string,
  ip: string,
  groups: string[],
  volumes: string[],
  state = 'running',
) => ({
  id,
  name,
  state,
  type: 't3.large',
  imageId: 'ami-0abcdef1234567890',
  vpcId: 'vpc-shop',
  subnetId: 'subnet-a',
  privateIp: ip,
  securityGroupIds: groups,
  volumeIds: volumes,
});

const region: WlRegion = {
  region: 'us-east-1',
  instances: [
    instance('i-1', 'web-1', '10.0.1.4', ['sg-web'], ['vol-1']),
    instance('i-2', 'web-2', '10.0.1.5', ['sg-web'], ['vol-2']),
    instance('i-3', 'jump', '10.0.1.6', ['sg-jump'], ['vol-3']),
    instance('i-4', 'old', '10.0.1.7', ['sg-jump'], [], 'terminated'),
  ],
  volumes: [
    {
      id: 'vol-1',
      sizeGiB: 20,
      encrypted: true,
      kmsKeyId: 'arn:aws:kms:us-east-1:1:alias/ebs-shop',
      instanceId: 'i-1',
    },
    {
      id: 'vol-2',
      sizeGiB: 20,
      encrypted: true,
      kmsKeyId: 'arn:aws:kms:us-east-1:1:alias/ebs-shop',
      instanceId: 'i-2',
    },
    { id: 'vol-3', sizeGiB: 8, encrypted: false, kmsKeyId: undefined, instanceId: 'i-3' },
  ],
  securityGroups: [
    { id: 'sg-alb', name: 'alb', vpcId: 'vpc-shop', admits: [], cidrs: ['0.0.0.0/0'] },
    {
      id: 'sg-web',
      name: 'web',
      vpcId: 'vpc-shop',
      admits: [{ groupId: 'sg-alb', accountId: ACCOUNT }],
      cidrs: [],
    },
    {
      id: 'sg-db',
      name: 'db',
      vpcId: 'vpc-shop',
      admits: [
        { groupId: 'sg-web', accountId: ACCOUNT },
        { groupId: 'sg-x', accountId: '222200000000' },
      ],
      cidrs: [],
    },
    { id: 'sg-jump', name: 'jump', vpcId: 'vpc-shop', admits: [], cidrs: ['203.0.113.0/24'] },
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
      listeners: [
        { arn: 'arn:l', protocol: 'HTTPS', port: 443, targetGroupArns: ['arn:tg/web', 'arn:tg/ip'] },
      ],
    },
  ],
  targetGroups: [
    {
      arn: 'arn:tg/web',
      name: 'web',
      targetType: 'instance',
      protocol: 'HTTP',
      port: 80,
      vpcId: 'vpc-shop',
      targets: [{ id: 'i-1', port: 80, health: 'healthy' }],
    },
    {
      arn: 'arn:tg/ip',
      name: 'web-ip',
      targetType: 'ip',
      protocol: 'HTTP',
      port: 80,
      vpcId: 'vpc-shop',
      targets: [{ id: '10.0.1.5', port: 80, health: 'healthy' }],
    },
  ],
  databases: [
    {
      id: 'shop-db',
      engine: 'postgres',
      instanceClass: 'db.t3.micro',
      encrypted: true,
      kmsKeyId: 'arn:aws:kms:us-east-1:1:key/db',
      securityGroupIds: ['sg-db'],
    },
    {
      id: 'other-db',
      engine: 'mysql',
      instanceClass: 'db.t3.micro',
      encrypted: false,
      kmsKeyId: undefined,
      securityGroupIds: [],
    },
  ],
  functions: [],
  network: { vpcs: [], subnets: [] },
  unread: [],
};

describe('applicationsOf', () => {
  const apps = applicationsOf(region, ACCOUNT);

  it('follows load balancer → target groups (instance and IP targets) → instances → volumes, groups, databases', () => {
    const shop = findApplication(apps, 'shop-alb')!;
    expect(shop).toMatchObject({
      kind: 'load-balanced',
      instanceIds: ['i-1', 'i-2'],
      volumeIds: ['vol-1', 'vol-2'],
      securityGroupIds: ['sg-alb', 'sg-db', 'sg-web'],
      databaseIds: ['shop-db'],
      kmsKeyIds: ['arn:aws:kms:us-east-1:1:alias/ebs-shop', 'arn:aws:kms:us-east-1:1:key/db'],
      subnetIds: ['subnet-a'],
      vpcIds: ['vpc-shop'],
      crossAccountGroups: [{ groupId: 'sg-x', accountId: '222200000000' }],
    });
    expect(findApplication(apps, 'arn:lb/shop')).toBe(shop);
  });

  it('makes an instance behind no load balancer its own application; terminated ones are left out', () => {
    expect(apps.map((a) => [a.name, a.kind])).toEqual([
      ['shop-alb', 'load-balanced'],
      ['jump', 'standalone'],
    ]);
    expect(findApplication(apps, 'nope')).toBeUndefined();
  });
});
