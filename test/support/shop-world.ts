/**
 * A management account that still runs the shop: a VPC with two subnets, an application load balancer
 * forwarding to three web servers with encrypted volumes, a security-group chain (alb → web → db), an
 * encrypted PostgreSQL database, a jump host, a bucket, and last month's cost. Members: a service account.
 */
export const SHOP_MANAGEMENT = '111100000000';
export const SHOP_SERVICE = '111100000001';

function month(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

export function shopWorld() {
  return {
    accounts: {
      [SHOP_MANAGEMENT]: {
        name: 'Management',
        organization: { ous: ['Workloads'], members: { [SHOP_SERVICE]: { ou: 'Workloads' } } },
        costs: {
          [month(1)]: {
            'Amazon Elastic Compute Cloud - Compute': 310.5,
            'Amazon Relational Database Service': 120.25,
            'AWS CloudTrail': 3.1,
          },
        },
        buckets: [{ name: 'shop-assets' }],
        regions: {
          'us-east-1': {
            network: {
              vpcs: [
                {
                  name: 'shop',
                  cidr: '10.0.0.0/16',
                  subnets: [
                    { name: 'shop-a', cidr: '10.0.1.0/24', zone: 'a' },
                    { name: 'shop-b', cidr: '10.0.2.0/24', zone: 'b' },
                  ],
                },
              ],
              securityGroups: [
                { name: 'alb', vpc: 'shop', ingress: [{ port: 443, cidrs: ['0.0.0.0/0'] }] },
                { name: 'web', vpc: 'shop', ingress: [{ port: 80, groups: ['alb'] }] },
                { name: 'db', vpc: 'shop', ingress: [{ port: 5432, groups: ['web'] }] },
                { name: 'jump', vpc: 'shop', ingress: [{ port: 22, cidrs: ['203.0.113.0/24'] }] },
              ],
            },
            instances: [
              {
                name: 'web',
                count: 3,
                type: 't3.large',
                subnet: 'shop-a',
                securityGroups: ['web'],
                volumes: [{ sizeGiB: 20, kmsKey: 'alias/ebs-shop' }],
              },
              { name: 'jump', subnet: 'shop-b', securityGroups: ['jump'] },
            ],
            loadBalancers: [
              {
                name: 'shop-alb',
                vpc: 'shop',
                securityGroups: ['alb'],
                targetGroups: [
                  {
                    name: 'shop-web',
                    protocol: 'HTTP',
                    port: 80,
                    targetType: 'instance',
                    targets: ['web-1', 'web-2', 'web-3'],
                  },
                ],
                listeners: [{ protocol: 'HTTP', port: 80, targetGroup: 'shop-web' }],
              },
            ],
            dbInstances: [{ id: 'shop-db', engine: 'postgres', securityGroups: ['db'] }],
          },
        },
      },
      [SHOP_SERVICE]: { name: 'shop-service' },
    },
  };
}
