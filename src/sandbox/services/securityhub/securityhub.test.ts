/** Security Hub through the SDK: the hub, standards, the delegated administrator, members, aggregators, seeding. */
import {
  BatchDisableStandardsCommand,
  BatchEnableStandardsCommand,
  CreateFindingAggregatorCommand,
  CreateMembersCommand,
  DeleteFindingAggregatorCommand,
  DescribeHubCommand,
  DescribeOrganizationConfigurationCommand,
  DescribeStandardsCommand,
  DisableSecurityHubCommand,
  EnableOrganizationAdminAccountCommand,
  EnableSecurityHubCommand,
  GetEnabledStandardsCommand,
  GetFindingAggregatorCommand,
  GetMembersCommand,
  ListFindingAggregatorsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  SecurityHubClient,
  UpdateOrganizationConfigurationCommand,
} from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';
import { makeOrganization } from '../../shared/testing.js';

const MGMT = '111111111111';
const SECURITY = '333333333333';
const MEMBER = '222222222222';
const FSBP = 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0';
const CIS3 = 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0';

describe.each<TargetName>(['sandbox', 'sandbox-http'])('Security Hub over %s', (name) => {
  let target: Target;
  const client = (accessKeyId: string, region = 'us-east-1') =>
    new SecurityHubClient({ ...target.config({ accessKeyId, region }), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    makeOrganization(target.sandbox!.world, { managementAccountId: MGMT, memberIds: [SECURITY, MEMBER] });
  });

  it('answers InvalidAccessException until the hub is enabled, then manages standards', async () => {
    const sh = client(MEMBER);
    expect((await failure(sh.send(new DescribeHubCommand({})))).name).toBe('InvalidAccessException');
    expect((await failure(sh.send(new GetEnabledStandardsCommand({})))).name).toBe('InvalidAccessException');
    await sh.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    expect((await failure(sh.send(new EnableSecurityHubCommand({})))).name).toBe('ResourceConflictException');
    const hub = await sh.send(new DescribeHubCommand({}));
    expect(hub.HubArn).toBe(`arn:aws:securityhub:us-east-1:${MEMBER}:hub/default`);
    expect((await sh.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions).toEqual([]);

    const catalogue = (await sh.send(new DescribeStandardsCommand({}))).Standards!;
    expect(catalogue.map((s) => s.StandardsArn)).toContain(CIS3);
    const enabled = await sh.send(
      new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS3 }] }),
    );
    const sub = enabled.StandardsSubscriptions![0]!;
    expect(sub).toMatchObject({ StandardsArn: CIS3, StandardsStatus: 'READY' });
    expect(sub.StandardsSubscriptionArn).toBe(
      `arn:aws:securityhub:us-east-1:${MEMBER}:subscription/cis-aws-foundations-benchmark/v/3.0.0`,
    );
    await sh.send(
      new BatchDisableStandardsCommand({ StandardsSubscriptionArns: [sub.StandardsSubscriptionArn!] }),
    );
    expect((await sh.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions).toEqual([]);
    await sh.send(new DisableSecurityHubCommand({}));
    expect((await failure(sh.send(new DescribeHubCommand({})))).name).toBe('InvalidAccessException');
  });

  it('enables the default standards by default', async () => {
    const sh = client(MEMBER);
    await sh.send(new EnableSecurityHubCommand({}));
    const arns = (await sh.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions!.map(
      (s) => s.StandardsArn,
    );
    expect(arns).toEqual([FSBP, 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0']);
  });

  it('designates the administrator, which configures the organization and adds members', async () => {
    expect(
      (
        await failure(
          client(MEMBER).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY })),
        )
      ).name,
    ).toBe('AccessDeniedException');
    await client(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }));
    expect((await client(MGMT).send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts).toEqual([
      { AccountId: SECURITY, Status: 'ENABLED' },
    ]);
    const admin = client(SECURITY);
    expect(await admin.send(new DescribeOrganizationConfigurationCommand({}))).toMatchObject({
      AutoEnable: false,
      OrganizationConfiguration: { ConfigurationType: 'LOCAL', Status: 'ENABLED' },
    });
    expect((await failure(client(MGMT).send(new DescribeOrganizationConfigurationCommand({})))).name).toBe(
      'InvalidAccessException',
    );

    await admin.send(new CreateMembersCommand({ AccountDetails: [{ AccountId: MEMBER }] }));
    const members = (await admin.send(new ListMembersCommand({}))).Members!;
    expect(members).toMatchObject([
      { AccountId: MEMBER, MemberStatus: 'Enabled', AdministratorId: SECURITY },
    ]);
    expect(members[0]!.UpdatedAt).toBeInstanceOf(Date);
    // the member's own hub is on
    expect((await client(MEMBER).send(new DescribeHubCommand({}))).HubArn).toContain(MEMBER);
    const got = await admin.send(new GetMembersCommand({ AccountIds: [MEMBER, '999999999999'] }));
    expect(got.Members!.map((m) => m.AccountId)).toEqual([MEMBER]);
    expect(got.UnprocessedAccounts!.map((u) => u.AccountId)).toEqual(['999999999999']);

    // AutoEnable enrols accounts that join afterwards
    await admin.send(new UpdateOrganizationConfigurationCommand({ AutoEnable: true }));
    const world = target.sandbox!.world;
    const org = Object.values(world.organizations)[0]!;
    const joined = new Date(Date.now() + 1000).toISOString();
    org.members['555555555555'] = {
      ...org.members[MEMBER]!,
      accountId: '555555555555',
      joinedTimestamp: joined,
    };
    world.accounts['555555555555'] = { ...world.accounts[MEMBER]!, id: '555555555555', services: {} };
    const after = (await admin.send(new ListMembersCommand({}))).Members!.map((m) => m.AccountId);
    expect(after).toEqual([MEMBER, '555555555555']);

    // central configuration needs a finding aggregator and no auto-enable
    const central = {
      AutoEnable: false,
      AutoEnableStandards: 'NONE' as const,
      OrganizationConfiguration: { ConfigurationType: 'CENTRAL' as const },
    };
    expect((await failure(admin.send(new UpdateOrganizationConfigurationCommand(central)))).name).toBe(
      'InvalidInputException',
    );
    await admin.send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }));
    await admin.send(new UpdateOrganizationConfigurationCommand(central));
    expect(
      (await admin.send(new DescribeOrganizationConfigurationCommand({}))).OrganizationConfiguration!
        .ConfigurationType,
    ).toBe('CENTRAL');
  });

  it('keeps one finding aggregator per account', async () => {
    const sh = client(SECURITY);
    await sh.send(new EnableSecurityHubCommand({}));
    const created = await sh.send(
      new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-west-1'] }),
    );
    expect(created).toMatchObject({
      FindingAggregationRegion: 'us-east-1',
      RegionLinkingMode: 'SPECIFIED_REGIONS',
      Regions: ['eu-west-1'],
    });
    expect(
      (await failure(sh.send(new CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' })))).name,
    ).toBe('InvalidInputException');
    const arn = created.FindingAggregatorArn!;
    expect((await sh.send(new ListFindingAggregatorsCommand({}))).FindingAggregators).toEqual([
      { FindingAggregatorArn: arn },
    ]);
    expect(
      (await sh.send(new GetFindingAggregatorCommand({ FindingAggregatorArn: arn }))).RegionLinkingMode,
    ).toBe('SPECIFIED_REGIONS');
    await sh.send(new DeleteFindingAggregatorCommand({ FindingAggregatorArn: arn }));
    expect(
      (await failure(sh.send(new GetFindingAggregatorCommand({ FindingAggregatorArn: arn })))).name,
    ).toBe('ResourceNotFoundException');
  });

  it('seeds hubs, standards and the administrator', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [MGMT]: {
            regions: { 'us-east-1': { securityHub: { enabled: false, organizationAdmin: SECURITY } } },
          },
          [MEMBER]: {
            regions: {
              'us-east-1': { securityHub: { standards: ['cis-aws-foundations-benchmark/v/3.0.0'] } },
            },
          },
        },
      },
      new Date(),
    );
    expect(
      (await client(MGMT).send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts![0]!.AccountId,
    ).toBe(SECURITY);
    const standards = (await client(MEMBER).send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions!;
    expect(standards.map((s) => s.StandardsArn)).toEqual([CIS3]);
  });
});
