/**
 * Import of a baseline someone built by hand through the AWS SDK (not through orgward): the file
 * `orgward import` writes declares it, and plan on that file right away is empty.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import { PutAlternateContactCommand } from '@aws-sdk/client-account';
import {
  ActivateOrganizationsAccessCommand,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import {
  PutConfigurationAggregatorCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { EnableEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import {
  CreateDetectorCommand,
  CreateFilterCommand,
  EnableOrganizationAdminAccountCommand as GdEnableAdmin,
  UpdateOrganizationConfigurationCommand as GdUpdateOrg,
} from '@aws-sdk/client-guardduty';
import {
  EnableAWSServiceAccessCommand,
  ListRootsCommand,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountBlock } from '@aws-sdk/client-s3-control';
import {
  CreateConfigurationPolicyCommand,
  CreateFindingAggregatorCommand,
  EnableOrganizationAdminAccountCommand as HubEnableAdmin,
  StartConfigurationPolicyAssociationCommand,
  UpdateOrganizationConfigurationCommand as HubUpdateOrg,
} from '@aws-sdk/client-securityhub';
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, importOrganization, plan } from '../../src/index.js';
import { inProcessFactory, Sandbox } from '../../src/api/sandbox.js';
import type { ClientFactory } from '../../src/aws/clients.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const BUCKET = 'hand-built-org-logs';
const ORG_YAML = `
organization: { featureSet: ALL }
ous:
  Security: { accounts: [Log Archive, Security Tooling] }
  Workloads: { accounts: [App] }
accounts:
  Log Archive: { email: aws+logs@example.com }
  Security Tooling: { email: aws+security@example.com }
  App: { email: aws+app@example.com }
`;

const ALL = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** The log bucket, worded differently from orgward's but doing the same. */
async function logBucket(logs: ClientFactory): Promise<void> {
  const s3 = logs.s3('us-east-1');
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: BUCKET, PublicAccessBlockConfiguration: ALL }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: BUCKET,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    }),
  );
  const arn = `arn:aws:s3:::${BUCKET}`;
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'NoPlainHttp',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'Trail',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:PutObject'],
        Resource: [arn, `${arn}/*`],
      },
      {
        Sid: 'Config',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:ListBucket', 's3:PutObject'],
        Resource: [arn, `${arn}/*`],
      },
    ],
  };
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(policy) }));
}

async function detection(
  management: ClientFactory,
  security: ClientFactory,
  securityId: string,
  rootId: string,
): Promise<void> {
  for (const region of REGIONS) {
    await management.guardDuty(region).send(new GdEnableAdmin({ AdminAccountId: securityId }));
    const gd = security.guardDuty(region);
    const DetectorId = (await gd.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!;
    await gd.send(new GdUpdateOrg({ DetectorId, AutoEnableOrganizationMembers: 'ALL' }));
    await gd.send(
      new CreateFilterCommand({
        DetectorId,
        Name: 'quiet-scanners',
        Action: 'ARCHIVE',
        FindingCriteria: {
          Criterion: {
            type: { Equals: ['Recon:EC2/PortProbeUnprotectedPort'] },
            severity: { GreaterThanOrEqual: 2 },
          },
        },
      }),
    );
    await management.securityHub(region).send(new HubEnableAdmin({ AdminAccountId: securityId }));
    await security
      .accessAnalyzer(region)
      .send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }));
  }
  const hub = security.securityHub('us-east-1');
  await hub.send(
    new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-west-1'] }),
  );
  await hub.send(
    new HubUpdateOrg({
      AutoEnable: false,
      AutoEnableStandards: 'NONE',
      OrganizationConfiguration: { ConfigurationType: 'CENTRAL' },
    }),
  );
  const policy = await hub.send(
    new CreateConfigurationPolicyCommand({
      Name: 'everyone',
      Description: 'FSBP',
      ConfigurationPolicy: {
        SecurityHub: {
          ServiceEnabled: true,
          EnabledStandardIdentifiers: [
            'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
          ],
          SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: ['IAM.6'] },
        },
      },
    }),
  );
  await hub.send(
    new StartConfigurationPolicyAssociationCommand({
      ConfigurationPolicyIdentifier: policy.Id!,
      Target: { RootId: rootId },
    }),
  );
}

async function everyAccount(factory: ClientFactory, id: string, own: boolean): Promise<void> {
  for (const region of REGIONS) {
    const config = factory.config(region);
    await config.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: 'recorder',
          roleARN: `arn:aws:iam::${id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === 'us-east-1' },
        },
      }),
    );
    await config.send(
      new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'channel', s3BucketName: BUCKET } }),
    );
    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'recorder' }));
    await factory.ec2(region).send(new EnableEbsEncryptionByDefaultCommand({}));
  }
  await factory
    .s3Control('us-east-1')
    .send(new PutAccountBlock({ AccountId: id, PublicAccessBlockConfiguration: ALL }));
  void own;
}

async function handBuilt(
  management: ClientFactory,
  accounts: Record<string, string>,
  callerId: string,
): Promise<void> {
  const orgs = management.organizations();
  for (const p of ['cloudtrail', 'config', 'config-multiaccountsetup', 'access-analyzer', 'account'])
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: `${p}.amazonaws.com` }));
  const securityId = accounts['Security Tooling']!;
  for (const p of ['config', 'config-multiaccountsetup', 'access-analyzer'])
    await orgs.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: securityId,
        ServicePrincipal: `${p}.amazonaws.com`,
      }),
    );
  const member = (id: string) =>
    id === callerId ? management : management.assumeRole(id, 'OrganizationAccountAccessRole');
  await logBucket(member(accounts['Log Archive']!));
  const trail = management.cloudTrail('us-east-1');
  await trail.send(
    new CreateTrailCommand({
      Name: 'org',
      S3BucketName: BUCKET,
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
    }),
  );
  await trail.send(new StartLoggingCommand({ Name: 'org' }));
  const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  await detection(management, member(securityId), securityId, rootId);
  const cfn = management.cloudFormation('us-east-1');
  await cfn.send(new ActivateOrganizationsAccessCommand({}));
  await cfn.send(
    new CreateStackSetCommand({
      StackSetName: 'alerts',
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      TemplateBody: 'Resources:\n  Alerts:\n    Type: AWS::SNS::Topic\n',
    }),
  );
  await cfn.send(
    new CreateStackInstancesCommand({
      StackSetName: 'alerts',
      DeploymentTargets: { OrganizationalUnitIds: [rootId] },
      Regions: REGIONS,
    }),
  );
  await member(securityId)
    .config('us-east-1')
    .send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: 'everything',
        OrganizationAggregationSource: {
          RoleArn: `arn:aws:iam::${securityId}:role/aggregator`,
          AllAwsRegions: true,
        },
      }),
    );
  for (const id of [callerId, ...Object.values(accounts)]) {
    await everyAccount(member(id), id, id === callerId);
    await management.accountManagement().send(
      new PutAlternateContactCommand({
        ...(id === callerId ? {} : { AccountId: id }),
        AlternateContactType: 'SECURITY',
        Name: 'Sec Ops',
        Title: 'Security',
        EmailAddress: 'secops@example.com',
        PhoneNumber: '+1 555 0199',
      }),
    );
  }
}

describe('import of a baseline built by hand', () => {
  const factory = inProcessFactory(new Sandbox());
  const dir = mkdtempSync(join(tmpdir(), 'orgward-baseline-import-'));

  beforeAll(async () => {
    writeFileSync(join(dir, 'base.yaml'), ORG_YAML);
    const made = await plan({ config: join(dir, 'base.yaml'), factory });
    await apply({ config: made.plan, factory, confirmed: true, poll: { accountsMs: 10 } });
    const { snapshot, callerAccountId } = await plan({ config: join(dir, 'base.yaml'), factory });
    const ids = Object.fromEntries(snapshot!.accounts.map((a) => [a.name, a.id]));
    await handBuilt(factory, ids, callerAccountId!);
  }, 120_000);

  it('writes baseline: so that plan right after is empty', async () => {
    const imported = await importOrganization({ factory });
    const out = join(dir, 'imported');
    for (const [path, content] of imported.files) {
      await mkdir(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), content);
    }
    const yaml = imported.files.get('org.yaml')!;
    if (process.env.SHOW_IMPORT) console.log(yaml, imported.notes);
    expect(yaml).toContain('baseline:');
    expect(yaml).toMatch(/organizationTrail:\n\s+name: org\n/);
    expect(yaml).toContain('quiet-scanners');
    expect(yaml).toContain('configurationPolicies:');
    expect(yaml).toMatch(/stackSets:\n\s+alerts:\n\s+file: stacksets\/alerts.yaml\n\s+targets: \[ root \]/);
    expect(imported.files.get('stacksets/alerts.yaml')).toBe(
      'Resources:\n  Alerts:\n    Type: AWS::SNS::Topic\n',
    );
    const again = await plan({ config: join(out, 'org.yaml'), factory });
    expect(again.plan.operations.map((o) => o.summary)).toEqual([]);
    expect(again.plan.notes).toEqual([]);
  }, 120_000);
});
