/**
 * A literal, well-run organization for check tests: every one of the 59 checks passes on it. A test
 * changes one thing and expects one verdict.
 *
 * Management 111111111111; Security OU: Security Tooling 222222222222 (delegated administrator) and Log
 * Archive 333333333333; Workloads/Prod: Shop Prod 444444444444. Two regions.
 */
import { account, MGMT, ou, ROOT, snapshot } from '../../plan/testing/builders.js';
import type { OrgSnapshot, PolicyType, SnapshotPolicy } from '../../model/snapshot.js';
import {
  got,
  type AccountEvidence,
  type AuditCollection,
  type RegionEvidence,
  type Trail,
} from '../../model/evidence.js';

export const IDS = {
  mgmt: MGMT,
  security: '222222222222',
  logs: '333333333333',
  prod: '444444444444',
} as const;
export const REGIONS = ['eu-west-1', 'us-east-1'];
export const NOW = new Date('2026-11-22T12:00:00Z');
const ORG = 'o-x';
const TRAIL_BUCKET = 'org-trail-logs';
const CONFIG_BUCKET = 'org-config-logs';

/** Baseline policy documents by file name (examples/policies), passed in by the test. */
export type PolicyFiles = Record<string, string>;

function policy(id: string, type: PolicyType, name: string, content: string): SnapshotPolicy {
  return {
    id,
    arn: `arn:p/${id}`,
    name,
    type,
    description: '',
    awsManaged: false,
    content,
    targets: [ROOT],
    tags: {},
  };
}

function goodSnapshot(files: PolicyFiles): OrgSnapshot {
  const file = (name: string) => {
    const text = files[name];
    if (!text) throw new Error(`missing policy file ${name}`);
    return text.replace('o-exampleorgid', ORG);
  };
  const delegated = (service: string, accountId: string = IDS.security) => ({
    accountId,
    servicePrincipal: service,
    since: null,
  });
  const services = [
    'guardduty.amazonaws.com',
    'securityhub.amazonaws.com',
    'config.amazonaws.com',
    'config-multiaccountsetup.amazonaws.com',
    'access-analyzer.amazonaws.com',
    'iam.amazonaws.com',
    'sso.amazonaws.com',
  ];
  return snapshot({
    organization: {
      id: ORG,
      arn: `arn:aws:organizations::${MGMT}:organization/${ORG}`,
      featureSet: 'ALL',
      managementAccountId: MGMT,
      managementAccountEmail: 'mgmt@example.com',
      enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'DECLARATIVE_POLICY_EC2'],
      trustedAccess: [
        ...services,
        'account.amazonaws.com',
        'member.org.stacksets.cloudformation.amazonaws.com',
      ].map((servicePrincipal) => ({ servicePrincipal, enabledAt: null })),
      delegatedAdministrators: [
        ...services.map((s) => delegated(s)),
        delegated('member.org.stacksets.cloudformation.amazonaws.com'),
      ],
      rootAccess: { credentialsManagement: true, rootSessions: true },
    },
    ous: [
      ou('Security', 'ou-sec', ROOT),
      ou('Workloads', 'ou-wl', ROOT),
      ou('Workloads/Prod', 'ou-prod', 'ou-wl'),
    ],
    accounts: [
      account(MGMT, 'Management', 'mgmt@example.com'),
      account(IDS.security, 'Security Tooling', 'sec@example.com', 'ou-sec'),
      account(IDS.logs, 'Log Archive', 'logs@example.com', 'ou-sec'),
      account(IDS.prod, 'Shop Prod', 'prod@example.com', 'ou-prod'),
    ],
    policies: [
      policy('p-leave', 'SERVICE_CONTROL_POLICY', 'DenyLeave', file('deny-leave-organization.json')),
      policy(
        'p-disable',
        'SERVICE_CONTROL_POLICY',
        'DenyDisable',
        file('deny-disable-security-services.json'),
      ),
      policy(
        'p-regions',
        'SERVICE_CONTROL_POLICY',
        'DenyRegions',
        file('deny-regions-outside-allow-list.json'),
      ),
      policy('p-root', 'SERVICE_CONTROL_POLICY', 'DenyMemberRoot', file('deny-member-root.json')),
      policy('p-perimeter', 'RESOURCE_CONTROL_POLICY', 'Perimeter', file('rcp-organization-perimeter.json')),
      policy('p-https', 'RESOURCE_CONTROL_POLICY', 'HttpsOnly', file('rcp-https-only.json')),
      policy('p-ec2', 'DECLARATIVE_POLICY_EC2', 'Ec2Bpa', file('declarative-ec2-block-public-access.json')),
    ],
    identityCenter: {
      instanceArn: 'arn:aws:sso:::instance/ssoins-1',
      identityStoreId: 'd-1',
      permissionSets: [],
      users: [],
      groups: [],
      assignments: [],
      provisioning: [IDS.mgmt, IDS.security, IDS.logs, IDS.prod].map((accountId) => ({
        accountId,
        permissionSetArn: 'arn:ps/admin',
        current: true,
      })),
    },
  });
}

function goodRegion(accountId: string, region: string, isManagement: boolean): RegionEvidence {
  return {
    config: got({
      recorders: [
        {
          name: 'default',
          roleArn: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
          allSupported: true,
          includeGlobalResourceTypes: region === 'us-east-1',
          servicePrincipal: null,
          recording: true,
          lastStatus: 'SUCCESS',
        },
      ],
      channels: [
        { name: 'default', s3BucketName: CONFIG_BUCKET, historyStatus: 'Success', snapshotStatus: 'Success' },
      ],
    }),
    blockPublicAccess: {
      vpc: got({ mode: 'block-ingress', managedBy: 'declarative-policy', exclusionsAllowed: 'allowed' }),
      image: got({ state: 'block-new-sharing', managedBy: 'declarative-policy' }),
      snapshot: got({ state: 'block-all-sharing', managedBy: 'declarative-policy' }),
    },
    ...(isManagement
      ? { workloads: got({ instances: [], loadBalancers: [], functions: [], dbInstances: [], vpcs: [] }) }
      : {}),
  };
}

const ORG_TRAIL: Trail = {
  arn: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org-trail`,
  name: 'org-trail',
  homeRegion: 'us-east-1',
  isOrganizationTrail: true,
  isMultiRegion: true,
  includeGlobalServiceEvents: true,
  logFileValidation: true,
  kmsKeyId: 'arn:aws:kms:us-east-1:222222222222:key/k',
  s3BucketName: TRAIL_BUCKET,
};

function goodAccount(accountId: string): AccountEvidence {
  const isManagement = accountId === MGMT;
  return {
    regions: got(REGIONS),
    scpDeniedRegions: [],
    summary: got({
      mfaEnabled: isManagement,
      passwordPresent: isManagement,
      accessKeysPresent: false,
      signingCertificatesPresent: false,
      users: 0,
    }),
    rootVirtualMfa: got(false),
    credentialReport: got([
      {
        user: '<root_account>',
        arn: `arn:aws:iam::${accountId}:root`,
        passwordEnabled: isManagement,
        passwordLastUsed: null,
        mfaActive: isManagement,
        accessKeys: [],
      },
    ]),
    s3AccountBlock: got({
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    }),
    buckets: got(accountId === IDS.logs ? [TRAIL_BUCKET, CONFIG_BUCKET] : []),
    trails: got([ORG_TRAIL]),
    byRegion: Object.fromEntries(REGIONS.map((r) => [r, goodRegion(accountId, r, isManagement)])),
  };
}

export function goodCollection(files: PolicyFiles): AuditCollection {
  const snap = goodSnapshot(files);
  const members = Object.fromEntries(
    [IDS.mgmt, IDS.security, IDS.logs, IDS.prod].map((id) => [id, 'Enabled']),
  );
  delete members[IDS.security];
  const perRegion = <T>(value: T) => Object.fromEntries(REGIONS.map((r) => [r, got(value)]));
  return {
    version: 1,
    collectedAt: NOW.toISOString(),
    homeRegion: 'us-east-1',
    regions: REGIONS,
    snapshot: snap,
    roles: { securityTooling: IDS.security, logArchive: IDS.logs, notes: [] },
    central: {
      rootFeatures: got(['RootCredentialsManagement', 'RootSessions']),
      trails: got([{ ...ORG_TRAIL, isLogging: true, latestDeliveryError: null, managementEventsAll: true }]),
      guardDutyAdmins: perRegion([IDS.security]),
      securityHubAdmins: perRegion([IDS.security]),
      guardDuty: perRegion({
        autoEnable: 'ALL' as const,
        features: { S3_DATA_EVENTS: 'ALL', RUNTIME_MONITORING: 'ALL', EBS_MALWARE_PROTECTION: 'ALL' },
        members,
        adminDetectorEnabled: true,
      }),
      securityHub: perRegion({
        configurationType: 'CENTRAL',
        status: 'ENABLED',
        autoEnable: false,
        autoEnableStandards: true,
        members,
        adminHubEnabled: true,
        adminStandards: [
          'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
        ],
        aggregator: { region: 'us-east-1', mode: 'ALL_REGIONS', regions: [] },
      }),
      configAggregator: got({
        name: 'org',
        region: 'us-east-1',
        allRegions: true,
        regions: [],
        sources: [IDS.mgmt, IDS.security, IDS.logs, IDS.prod].flatMap((accountId) =>
          REGIONS.map((region) => ({ accountId, region, status: 'SUCCEEDED' })),
        ),
      }),
      organizationConformancePacks: got(['cis-baseline']),
      organizationConfigRules: got([]),
      accessAnalyzers: perRegion([{ name: 'org', type: 'ORGANIZATION', status: 'ACTIVE' }]),
      stackSets: got({
        organizationsAccess: true,
        stackSets: [
          {
            name: 'baseline',
            permissionModel: 'SERVICE_MANAGED',
            autoDeployment: true,
            targets: [ROOT],
            instances: [
              { accountId: IDS.prod, region: 'us-east-1', status: 'CURRENT', detailedStatus: 'SUCCEEDED' },
            ],
          },
        ],
      }),
      securityContacts: Object.fromEntries(
        [IDS.mgmt, IDS.security, IDS.logs, IDS.prod].map((id) => [id, got(true)]),
      ),
      declarativePolicies: Object.fromEntries(
        [IDS.security, IDS.logs, IDS.prod].map((id) => [
          id,
          got(JSON.parse(files['declarative-ec2-block-public-access.json']!) as Record<string, unknown>),
        ]),
      ),
      logBucket: got({
        name: TRAIL_BUCKET,
        publicAccessBlock: true,
        isPublic: false,
        tlsOnly: true,
        versioning: true,
        objectLock: true,
        logging: true,
      }),
    },
    accounts: Object.fromEntries(
      [IDS.mgmt, IDS.security, IDS.logs, IDS.prod].map((id) => [id, goodAccount(id)]),
    ),
  };
}
