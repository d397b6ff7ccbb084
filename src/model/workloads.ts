/**
 * The workloads of one account, as `orgward workloads inventory` reads them: every resource in the
 * regions read, and the applications they form (a load balancer, its target groups, the instances behind
 * them, their volumes, security groups, subnets and VPCs, and the databases those groups reach).
 */

export const WORKLOADS_INVENTORY_VERSION = 1;

export interface WlInstance {
  id: string;
  name: string;
  state: string;
  type: string;
  imageId: string;
  vpcId: string | undefined;
  subnetId: string | undefined;
  privateIp: string | undefined;
  securityGroupIds: string[];
  volumeIds: string[];
}

export interface WlVolume {
  id: string;
  sizeGiB: number;
  encrypted: boolean;
  kmsKeyId: string | undefined;
  instanceId: string | undefined;
}

export interface WlSecurityGroup {
  id: string;
  name: string;
  vpcId: string;
  /** Groups its ingress rules admit, with their owner account. */
  admits: Array<{ groupId: string; accountId: string }>;
  /** CIDRs its ingress rules admit. */
  cidrs: string[];
}

export interface WlTargetGroup {
  arn: string;
  name: string;
  targetType: string;
  protocol: string | undefined;
  port: number | undefined;
  vpcId: string | undefined;
  targets: Array<{ id: string; port: number | undefined; health: string }>;
}

export interface WlLoadBalancer {
  arn: string;
  name: string;
  type: string;
  scheme: string;
  dnsName: string;
  vpcId: string | undefined;
  securityGroupIds: string[];
  listeners: Array<{
    arn: string;
    protocol: string | undefined;
    port: number | undefined;
    targetGroupArns: string[];
  }>;
}

export interface WlDatabase {
  id: string;
  engine: string;
  instanceClass: string;
  encrypted: boolean;
  kmsKeyId: string | undefined;
  securityGroupIds: string[];
}

export interface WlNetwork {
  vpcs: Array<{ id: string; cidr: string; isDefault: boolean; name: string }>;
  subnets: Array<{ id: string; vpcId: string; cidr: string; zone: string; name: string }>;
}

/** One region's resources. */
export interface WlRegion {
  region: string;
  instances: WlInstance[];
  volumes: WlVolume[];
  securityGroups: WlSecurityGroup[];
  loadBalancers: WlLoadBalancer[];
  targetGroups: WlTargetGroup[];
  databases: WlDatabase[];
  functions: Array<{ name: string; runtime: string | undefined }>;
  network: WlNetwork;
  /** Parts not read, with why (a service not answering, access denied). */
  unread: string[];
}

/** A group of resources that serve together, found from the dependency graph. */
export interface WlApplication {
  /** The load balancer's name, or the instance's Name tag for one not behind a load balancer. */
  name: string;
  region: string;
  kind: 'load-balanced' | 'standalone';
  loadBalancerArn: string | undefined;
  targetGroupArns: string[];
  instanceIds: string[];
  volumeIds: string[];
  /** KMS keys the volumes and databases are encrypted with (they must be shared to move them). */
  kmsKeyIds: string[];
  securityGroupIds: string[];
  subnetIds: string[];
  vpcIds: string[];
  databaseIds: string[];
  /** Security-group references into other accounts (they only work across a peering in one region). */
  crossAccountGroups: Array<{ groupId: string; accountId: string }>;
}

export interface WorkloadsInventory {
  version: typeof WORKLOADS_INVENTORY_VERSION;
  generatedAt: string;
  accountId: string;
  accountName: string;
  management: boolean;
  regions: WlRegion[];
  applications: WlApplication[];
  /** S3 buckets of the account (global). */
  buckets: string[];
  /** Last month's cost of the account per service, where Cost Explorer answered. */
  cost: { month: string; total: number; services: Array<{ service: string; amount: number }> } | undefined;
  calls: number;
}
