/** AWS Config through the SDK: recorders, delivery channels, aggregators, rules, packs, organization views, seeding. */
import {
  ConfigServiceClient,
  DeleteConfigRuleCommand,
  DeleteConfigurationAggregatorCommand,
  DeleteConfigurationRecorderCommand,
  DeleteConformancePackCommand,
  DeleteDeliveryChannelCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConformancePacksCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
  DescribeOrganizationConfigRulesCommand,
  DescribeOrganizationConformancePacksCommand,
  PutConfigRuleCommand,
  PutConfigurationAggregatorCommand,
  PutConfigurationRecorderCommand,
  PutConformancePackCommand,
  PutDeliveryChannelCommand,
  PutOrganizationConfigRuleCommand,
  PutOrganizationConformancePackCommand,
  StartConfigurationRecorderCommand,
  StopConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';
import { makeOrganization } from '../../shared/testing.js';

const MGMT = '111111111111';
const MEMBER = '222222222222';
const SECURITY = '333333333333';
const ROLE = (id: string) =>
  `arn:aws:iam::${id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;

describe.each<TargetName>(['sandbox', 'sandbox-http'])('Config over %s', (name) => {
  let target: Target;
  const client = (accessKeyId: string, region = 'us-east-1') =>
    new ConfigServiceClient({ ...target.config({ accessKeyId, region }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    makeOrganization(target.sandbox!.world, {
      managementAccountId: MGMT,
      memberIds: [MEMBER, SECURITY],
      trustedServices: ['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com'],
      delegatedAdmins: [
        { accountId: SECURITY, servicePrincipal: 'config.amazonaws.com' },
        { accountId: SECURITY, servicePrincipal: 'config-multiaccountsetup.amazonaws.com' },
      ],
    });
  });

  it('records only with a delivery channel; one recorder and one channel per region', async () => {
    const config = client(MEMBER);
    expect((await config.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders).toEqual(
      [],
    );
    expect(
      (await failure(config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { s3BucketName: 'b' } }))))
        .name,
    ).toBe('NoAvailableConfigurationRecorderException');
    await config.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: 'default',
          roleARN: ROLE(MEMBER),
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        },
      }),
    );
    expect(
      (
        await failure(
          config.send(
            new PutConfigurationRecorderCommand({
              ConfigurationRecorder: { name: 'second', roleARN: ROLE(MEMBER) },
            }),
          ),
        )
      ).name,
    ).toBe('MaxNumberOfConfigurationRecordersExceededException');
    expect(
      (
        await failure(
          config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' })),
        )
      ).name,
    ).toBe('NoAvailableDeliveryChannelException');
    await config.send(
      new PutDeliveryChannelCommand({
        DeliveryChannel: { name: 'default', s3BucketName: 'log-archive-config' },
      }),
    );
    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));

    const [recorder] = (await config.send(new DescribeConfigurationRecordersCommand({})))
      .ConfigurationRecorders!;
    expect(recorder).toMatchObject({
      name: 'default',
      roleARN: ROLE(MEMBER),
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    const [status] = (await config.send(new DescribeConfigurationRecorderStatusCommand({})))
      .ConfigurationRecordersStatus!;
    expect(status).toMatchObject({ name: 'default', recording: true, lastStatus: 'Success' });
    expect(status!.lastStartTime).toBeInstanceOf(Date);
    expect((await config.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels).toEqual([
      { name: 'default', s3BucketName: 'log-archive-config' },
    ]);
    const [channel] = (await config.send(new DescribeDeliveryChannelStatusCommand({})))
      .DeliveryChannelsStatus!;
    expect(channel!.configHistoryDeliveryInfo!.lastStatus).toBe('Success');

    expect(
      (await failure(config.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: 'default' })))).name,
    ).toBe('LastDeliveryChannelDeleteFailedException');
    await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    await config.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: 'default' }));
    await config.send(new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    expect(
      (
        await failure(
          config.send(new DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: ['default'] })),
        )
      ).name,
    ).toBe('NoSuchConfigurationRecorderException');
    // state is per region
    expect(
      (await client(MEMBER, 'eu-west-1').send(new DescribeConfigurationRecordersCommand({})))
        .ConfigurationRecorders,
    ).toEqual([]);
  });

  it('keeps account aggregators; organization aggregators only for the management account or delegated admin', async () => {
    const member = client(MEMBER);
    await member.send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: 'mine',
        AccountAggregationSources: [{ AccountIds: [MEMBER], AllAwsRegions: true }],
      }),
    );
    const refused = await failure(
      member.send(
        new PutConfigurationAggregatorCommand({
          ConfigurationAggregatorName: 'org',
          OrganizationAggregationSource: { RoleArn: `arn:aws:iam::${MEMBER}:role/agg`, AllAwsRegions: true },
        }),
      ),
    );
    expect(refused.name).toBe('OrganizationAccessDeniedException');

    const security = client(SECURITY);
    const created = await security.send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: 'org',
        OrganizationAggregationSource: {
          RoleArn: `arn:aws:iam::${SECURITY}:role/agg`,
          AwsRegions: ['us-east-1'],
        },
      }),
    );
    expect(created.ConfigurationAggregator!.ConfigurationAggregatorArn).toMatch(
      new RegExp(`^arn:aws:config:us-east-1:${SECURITY}:config-aggregator/config-aggregator-`),
    );
    const listed = (await security.send(new DescribeConfigurationAggregatorsCommand({})))
      .ConfigurationAggregators!;
    expect(listed.map((a) => a.ConfigurationAggregatorName)).toEqual(['org']);

    // the member records in us-east-1, the others do not
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [MEMBER]: {
            regions: { 'us-east-1': { config: { recorder: {}, deliveryChannel: { s3BucketName: 'b' } } } },
          },
        },
      },
      new Date(),
    );
    const sources = (
      await security.send(
        new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'org' }),
      )
    ).AggregatedSourceStatusList!;
    expect(sources.map((s) => [s.SourceId, s.AwsRegion, s.LastUpdateStatus])).toEqual([
      [MGMT, 'us-east-1', 'FAILED'],
      [MEMBER, 'us-east-1', 'SUCCEEDED'],
      [SECURITY, 'us-east-1', 'FAILED'],
    ]);
    await security.send(new DeleteConfigurationAggregatorCommand({ ConfigurationAggregatorName: 'org' }));
    expect(
      (
        await failure(
          security.send(
            new DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: ['org'] }),
          ),
        )
      ).name,
    ).toBe('NoSuchConfigurationAggregatorException');
  });

  it('keeps config rules and conformance packs', async () => {
    const config = client(MEMBER);
    expect(
      (
        await failure(
          config.send(
            new PutConfigRuleCommand({
              ConfigRule: {
                ConfigRuleName: 'mfa',
                Source: { Owner: 'AWS', SourceIdentifier: 'ROOT_ACCOUNT_MFA_ENABLED' },
              },
            }),
          ),
        )
      ).name,
    ).toBe('NoAvailableConfigurationRecorderException');
    await config.send(
      new PutConfigurationRecorderCommand({ ConfigurationRecorder: { roleARN: ROLE(MEMBER) } }),
    );
    await config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: 'mfa',
          Source: { Owner: 'AWS', SourceIdentifier: 'ROOT_ACCOUNT_MFA_ENABLED' },
        },
      }),
    );
    const [rule] = (await config.send(new DescribeConfigRulesCommand({}))).ConfigRules!;
    expect(rule).toMatchObject({
      ConfigRuleName: 'mfa',
      ConfigRuleState: 'ACTIVE',
      Source: { Owner: 'AWS' },
    });
    await config.send(new DeleteConfigRuleCommand({ ConfigRuleName: 'mfa' }));
    expect(
      (await failure(config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['mfa'] })))).name,
    ).toBe('NoSuchConfigRuleException');

    expect(
      (await failure(config.send(new PutConformancePackCommand({ ConformancePackName: 'baseline' })))).name,
    ).toBe('ConformancePackTemplateValidationException');
    const { ConformancePackArn } = await config.send(
      new PutConformancePackCommand({ ConformancePackName: 'baseline', TemplateBody: 'Resources: {}' }),
    );
    const [pack] = (await config.send(new DescribeConformancePacksCommand({}))).ConformancePackDetails!;
    expect(pack).toMatchObject({ ConformancePackName: 'baseline', ConformancePackArn });
    await config.send(new DeleteConformancePackCommand({ ConformancePackName: 'baseline' }));
    expect((await config.send(new DescribeConformancePacksCommand({}))).ConformancePackDetails).toEqual([]);
  });

  it('keeps organization rules and packs for the organization, refused to plain members', async () => {
    const pack = { OrganizationConformancePackName: 'org-baseline', TemplateBody: 'Resources: {}' };
    expect((await failure(client(MEMBER).send(new PutOrganizationConformancePackCommand(pack)))).name).toBe(
      'OrganizationAccessDeniedException',
    );
    const { OrganizationConformancePackArn } = await client(SECURITY).send(
      new PutOrganizationConformancePackCommand(pack),
    );
    expect(OrganizationConformancePackArn).toMatch(
      new RegExp(`:${MGMT}:organization-conformance-pack/org-baseline-`),
    );
    await client(MGMT).send(
      new PutOrganizationConfigRuleCommand({
        OrganizationConfigRuleName: 'org-mfa',
        OrganizationManagedRuleMetadata: { RuleIdentifier: 'ROOT_ACCOUNT_MFA_ENABLED' },
      }),
    );
    const packs = (await client(MGMT).send(new DescribeOrganizationConformancePacksCommand({})))
      .OrganizationConformancePacks!;
    expect(packs.map((p) => p.OrganizationConformancePackName)).toEqual(['org-baseline']);
    const rules = (await client(SECURITY).send(new DescribeOrganizationConfigRulesCommand({})))
      .OrganizationConfigRules!;
    expect(rules).toMatchObject([
      {
        OrganizationConfigRuleName: 'org-mfa',
        OrganizationManagedRuleMetadata: { RuleIdentifier: 'ROOT_ACCOUNT_MFA_ENABLED' },
      },
    ]);
    expect((await failure(client(MEMBER).send(new DescribeOrganizationConfigRulesCommand({})))).name).toBe(
      'OrganizationAccessDeniedException',
    );
  });

  it('reads organization rules and packs without turning trusted access on; a put from the management account does', async () => {
    const world = target.sandbox!.world;
    const org = Object.values(world.organizations)[0]!;
    delete org.trustedServices['config-multiaccountsetup.amazonaws.com'];
    const before = JSON.stringify([org.trustedServices, world.accounts[MGMT]!.services.config]);
    for (const account of [MGMT, SECURITY, MEMBER]) {
      const config = client(account);
      expect((await failure(config.send(new DescribeOrganizationConfigRulesCommand({})))).name).toBe(
        'OrganizationAccessDeniedException',
      );
      expect((await failure(config.send(new DescribeOrganizationConformancePacksCommand({})))).name).toBe(
        'OrganizationAccessDeniedException',
      );
    }
    expect(JSON.stringify([org.trustedServices, world.accounts[MGMT]!.services.config])).toBe(before);
    // A delegated administrator cannot write before trusted access is on; the management account turns it on.
    const rule = {
      OrganizationConfigRuleName: 'org-mfa',
      OrganizationManagedRuleMetadata: { RuleIdentifier: 'ROOT_ACCOUNT_MFA_ENABLED' },
    };
    expect((await failure(client(SECURITY).send(new PutOrganizationConfigRuleCommand(rule)))).name).toBe(
      'OrganizationAccessDeniedException',
    );
    await client(MGMT).send(new PutOrganizationConfigRuleCommand(rule));
    expect(org.trustedServices['config-multiaccountsetup.amazonaws.com']).toBeDefined();
    const rules = (await client(SECURITY).send(new DescribeOrganizationConfigRulesCommand({})))
      .OrganizationConfigRules!;
    expect(rules.map((r) => r.OrganizationConfigRuleName)).toEqual(['org-mfa']);
  });

  it('a seeded organization aggregator in the management account has trusted access, as its put would', async () => {
    const org = Object.values(target.sandbox!.world.organizations)[0]!;
    delete org.trustedServices['config.amazonaws.com'];
    applyWorldDocument(
      target.sandbox!.world,
      { accounts: { [MGMT]: { regions: { 'us-east-1': { config: { organizationAggregator: 'org' } } } } } },
      new Date(),
    );
    expect(org.trustedServices['config.amazonaws.com']).toBeDefined();
    const { AggregatedSourceStatusList } = await client(MGMT).send(
      new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: 'org' }),
    );
    expect(AggregatedSourceStatusList!.length).toBeGreaterThan(0);
  });

  it('seeds recorders, channels, rules and packs', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [MEMBER]: {
            regions: {
              'eu-west-1': {
                config: {
                  recorder: { recording: false, includeGlobalResourceTypes: true },
                  deliveryChannel: { s3BucketName: 'log-archive-config', lastStatus: 'Failure' },
                  rules: ['root-account-mfa-enabled'],
                  conformancePacks: ['baseline'],
                },
              },
            },
          },
        },
      },
      new Date(),
    );
    const config = client(MEMBER, 'eu-west-1');
    const [status] = (await config.send(new DescribeConfigurationRecorderStatusCommand({})))
      .ConfigurationRecordersStatus!;
    expect(status).toMatchObject({ name: 'default', recording: false });
    const [recorder] = (await config.send(new DescribeConfigurationRecordersCommand({})))
      .ConfigurationRecorders!;
    expect(recorder!.roleARN).toBe(ROLE(MEMBER));
    expect(
      (await config.send(new DescribeConfigRulesCommand({}))).ConfigRules!.map((r) => r.ConfigRuleName),
    ).toEqual(['root-account-mfa-enabled']);
    expect((await config.send(new DescribeConformancePacksCommand({}))).ConformancePackDetails!.length).toBe(
      1,
    );
  });
});
