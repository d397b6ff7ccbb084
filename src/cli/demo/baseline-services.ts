/**
 * What a landing-zone pipeline sets up beside org.yaml, done here through the AWS SDK so the demo's
 * second audit has something to find: the log-archive bucket and the organization trail, GuardDuty and
 * Security Hub run from the security tooling account, an organization analyzer, security contacts.
 * AWS Config in every account and region, and S3 Block Public Access on every account. Security Hub central
 * configuration and the workloads in the management account are deliberately left for the reader (the
 * audit says what is left).
 */
import { CreateAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import { PutAlternateContactCommand } from '@aws-sdk/client-account';
import { CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import {
  EnableOrganizationAdminAccountCommand as EnableGuardDutyAdminCommand,
  ListDetectorsCommand,
  UpdateOrganizationConfigurationCommand as UpdateGuardDutyOrgCommand,
} from '@aws-sdk/client-guardduty';
import {
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { CreateBucketCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import {
  EnableOrganizationAdminAccountCommand as EnableHubAdminCommand,
  UpdateOrganizationConfigurationCommand as UpdateHubOrgCommand,
} from '@aws-sdk/client-securityhub';
import type { ClientFactory } from '../../aws/clients.js';
import { mapLimit } from '../../util/pool.js';
import type { DemoStep } from './build-organization.js';

export interface BaselineInput {
  factory: ClientFactory;
  organizationId: string;
  managementId: string;
  securityTooling: string;
  logArchive: string;
  accountIds: string[];
  regions: string[];
  homeRegion: string;
}

/** What every step uses: the input, the reporter, sessions in the security and log-archive accounts. */
interface Baseline {
  input: BaselineInput;
  step: (s: DemoStep) => void;
  factory: ClientFactory;
  security: ClientFactory;
  logs: ClientFactory;
  bucket: string;
  regions: string[];
  homeRegion: string;
  inAccount: (id: string) => ClientFactory;
}

/** The log-archive bucket, private. */
async function createLogArchiveBucket(b: Baseline): Promise<void> {
  const { step, logs, bucket, homeRegion } = b;
  step({
    title: 'Log-archive bucket, private',
    command: `aws s3api create-bucket --bucket ${bucket}   # in Log Archive`,
  });
  await logs.s3(homeRegion).send(new CreateBucketCommand({ Bucket: bucket }));
  await logs.s3(homeRegion).send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
}

/** The organization trail, logging. */
async function createOrganizationTrail(b: Baseline): Promise<void> {
  const { input, step, factory, bucket, homeRegion } = b;
  step({
    title: 'Organization trail: every account, every region, validated, encrypted',
    command: `aws cloudtrail create-trail --name org-trail --s3-bucket-name ${bucket} --is-organization-trail --is-multi-region-trail --enable-log-file-validation --kms-key-id <key>`,
  });
  const trail = await factory.cloudTrail(homeRegion).send(
    new CreateTrailCommand({
      Name: 'org-trail',
      S3BucketName: bucket,
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KmsKeyId: `arn:aws:kms:${homeRegion}:${input.securityTooling}:key/org-trail`,
    }),
  );
  await factory.cloudTrail(homeRegion).send(new StartLoggingCommand({ Name: trail.TrailARN! }));
}

/** GuardDuty and Security Hub run from the security tooling account, members enrolled. */
async function delegateDetection(b: Baseline): Promise<void> {
  const { input, step, factory, security, regions } = b;
  step({
    title: `GuardDuty and Security Hub administered by Security Tooling in ${regions.join(', ')}`,
    command:
      'aws guardduty enable-organization-admin-account --admin-account-id <security>; aws securityhub enable-organization-admin-account ...',
  });
  for (const region of regions) {
    await factory
      .guardDuty(region)
      .send(new EnableGuardDutyAdminCommand({ AdminAccountId: input.securityTooling }));
    const detectorId = (await security.guardDuty(region).send(new ListDetectorsCommand({}))).DetectorIds?.[0];
    if (detectorId)
      await security
        .guardDuty(region)
        .send(
          new UpdateGuardDutyOrgCommand({ DetectorId: detectorId, AutoEnableOrganizationMembers: 'ALL' }),
        );
    await factory
      .securityHub(region)
      .send(new EnableHubAdminCommand({ AdminAccountId: input.securityTooling }));
    await security
      .securityHub(region)
      .send(new UpdateHubOrgCommand({ AutoEnable: true, AutoEnableStandards: 'DEFAULT' }));
  }
}

/** An organization analyzer in every region. */
async function createOrganizationAnalyzer(b: Baseline): Promise<void> {
  const { step, security, regions } = b;
  step({
    title: 'IAM Access Analyzer organization analyzer',
    command: 'aws accessanalyzer create-analyzer --analyzer-name org --type ORGANIZATION',
  });
  for (const region of regions)
    await security
      .accessAnalyzer(region)
      .send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }));
}

/** A security contact on every account. */
async function addSecurityContacts(b: Baseline): Promise<void> {
  const { input, step, factory } = b;
  step({
    title: 'A security contact on every account',
    command: 'aws account put-alternate-contact --account-id <id> --alternate-contact-type SECURITY ...',
  });
  await mapLimit(input.accountIds, 4, (id) =>
    factory.accountManagement().send(
      new PutAlternateContactCommand({
        ...(id === input.managementId ? {} : { AccountId: id }),
        AlternateContactType: 'SECURITY',
        Name: 'Security Team',
        Title: 'Security',
        EmailAddress: 'security@example.com',
        PhoneNumber: '+1 555 0100',
      }),
    ),
  );
}

/** AWS Config recording in every account and region. */
async function recordConfigEverywhere(b: Baseline): Promise<void> {
  const { input, step, bucket, inAccount, regions, homeRegion } = b;
  step({
    title: 'AWS Config recording everything in every account and region, delivered to the log archive',
    command: `aws configservice put-configuration-recorder ...; put-delivery-channel --delivery-channel s3BucketName=${bucket}; start-configuration-recorder`,
  });
  await mapLimit(input.accountIds, 4, async (id) => {
    for (const region of regions) {
      const config = inAccount(id).config(region);
      await config.send(
        new PutConfigurationRecorderCommand({
          ConfigurationRecorder: {
            name: 'default',
            roleARN: `arn:aws:iam::${id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === homeRegion },
          },
        }),
      );
      await config.send(
        new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: bucket } }),
      );
      await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    }
  });
}

/** S3 Block Public Access on every account. */
async function blockPublicAccessEverywhere(b: Baseline): Promise<void> {
  const { input, step, inAccount, homeRegion } = b;
  step({
    title: 'S3 Block Public Access on every account',
    command:
      'aws s3control put-public-access-block --account-id <id> --public-access-block-configuration ...',
  });
  await mapLimit(input.accountIds, 4, (id) =>
    inAccount(id)
      .s3Control(homeRegion)
      .send(
        new PutAccountPublicAccessBlockCommand({
          AccountId: id,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        }),
      ),
  );
}

export async function setUpBaselineServices(
  input: BaselineInput,
  step: (s: DemoStep) => void,
): Promise<void> {
  const { factory } = input;
  const b: Baseline = {
    input,
    step,
    factory,
    security: factory.assumeRole(input.securityTooling, 'OrganizationAccountAccessRole'),
    logs: factory.assumeRole(input.logArchive, 'OrganizationAccountAccessRole'),
    bucket: `org-trail-logs-${input.organizationId.slice(2)}`,
    regions: input.regions,
    homeRegion: input.homeRegion,
    inAccount: (id) =>
      id === input.managementId ? factory : factory.assumeRole(id, 'OrganizationAccountAccessRole'),
  };
  for (const run of [
    createLogArchiveBucket,
    createOrganizationTrail,
    delegateDetection,
    createOrganizationAnalyzer,
    addSecurityContacts,
    recordConfigEverywhere,
    blockPublicAccessEverywhere,
  ])
    await run(b);
}
