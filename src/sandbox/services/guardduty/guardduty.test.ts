/** GuardDuty through the SDK: detectors, the delegated administrator, auto-enable, members, seeding. */
import {
  CreateDetectorCommand,
  CreateMembersCommand,
  DeleteDetectorCommand,
  DeleteMembersCommand,
  DescribeOrganizationConfigurationCommand,
  DisableOrganizationAdminAccountCommand,
  DisassociateMembersCommand,
  EnableOrganizationAdminAccountCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GetMemberDetectorsCommand,
  GetMembersCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListMembersCommand,
  ListOrganizationAdminAccountsCommand,
  UpdateDetectorCommand,
  UpdateOrganizationConfigurationCommand,
} from '@aws-sdk/client-guardduty';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { applyWorldDocument } from '../../seed.js';
import { makeOrganization } from '../../shared/testing.js';

const MGMT = '111111111111';
const SECURITY = '333333333333';
const MEMBERS = ['222222222222', '444444444444', '555555555555'];

describe.each<TargetName>(['sandbox', 'sandbox-http'])('GuardDuty over %s', (name) => {
  let target: Target;
  const client = (accessKeyId: string, region = 'us-east-1') =>
    new GuardDutyClient({ ...target.config({ accessKeyId, region }), maxAttempts: 1 });
  const detectorOf = async (id: string, region = 'us-east-1') =>
    (await client(id, region).send(new ListDetectorsCommand({}))).DetectorIds![0];

  beforeAll(async () => {
    target = await startTarget(name);
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    makeOrganization(target.sandbox!.world, { managementAccountId: MGMT, memberIds: [SECURITY, ...MEMBERS] });
  });

  it('keeps one detector per account and region', async () => {
    const gd = client(MEMBERS[0]!);
    expect((await gd.send(new ListDetectorsCommand({}))).DetectorIds).toEqual([]);
    const { DetectorId } = await gd.send(new CreateDetectorCommand({ Enable: true }));
    expect(DetectorId).toMatch(/^[0-9a-f]{32}$/);
    expect((await failure(gd.send(new CreateDetectorCommand({ Enable: true })))).name).toBe(
      'BadRequestException',
    );
    const detector = await gd.send(new GetDetectorCommand({ DetectorId }));
    expect(detector).toMatchObject({ Status: 'ENABLED', FindingPublishingFrequency: 'SIX_HOURS' });
    expect(detector.ServiceRole).toContain('AWSServiceRoleForAmazonGuardDuty');
    expect(Date.parse(detector.CreatedAt!)).not.toBeNaN();
    expect(detector.Features!.find((f) => f.Name === 'S3_DATA_EVENTS')!.Status).toBe('ENABLED');
    await gd.send(
      new UpdateDetectorCommand({
        DetectorId,
        Enable: false,
        Features: [{ Name: 'RUNTIME_MONITORING', Status: 'ENABLED' }],
      }),
    );
    const updated = await gd.send(new GetDetectorCommand({ DetectorId }));
    expect(updated.Status).toBe('DISABLED');
    expect(updated.Features!.find((f) => f.Name === 'RUNTIME_MONITORING')!.Status).toBe('ENABLED');
    expect((await client(MEMBERS[0]!, 'eu-west-1').send(new ListDetectorsCommand({}))).DetectorIds).toEqual(
      [],
    );
    await gd.send(new DeleteDetectorCommand({ DetectorId }));
    expect((await failure(gd.send(new GetDetectorCommand({ DetectorId })))).name).toBe('BadRequestException');
  });

  it('designates the delegated administrator from the management account only', async () => {
    expect(
      (
        await failure(
          client(SECURITY).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY })),
        )
      ).name,
    ).toBe('BadRequestException');
    await client(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }));
    expect((await client(MGMT).send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts).toEqual([
      { AdminAccountId: SECURITY, AdminStatus: 'ENABLED' },
    ]);
    const org = Object.values(target.sandbox!.world.organizations)[0]!;
    expect(org.delegatedAdmins.map((d) => [d.accountId, d.servicePrincipal])).toEqual([
      [SECURITY, 'guardduty.amazonaws.com'],
    ]);
    expect(org.trustedServices['guardduty.amazonaws.com']).toBeDefined();
    expect(
      (await client(MGMT, 'eu-west-1').send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts,
    ).toEqual([]);
    await client(MGMT).send(new DisableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }));
    expect((await client(MGMT).send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts).toEqual([]);
    expect(org.delegatedAdmins).toEqual([]);
  });

  it('auto-enables every organization account with ALL and lists them as enabled members', async () => {
    await client(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }));
    const admin = client(SECURITY);
    const { DetectorId } = await admin.send(new CreateDetectorCommand({ Enable: true }));
    expect(
      (await failure(client(MEMBERS[0]!).send(new DescribeOrganizationConfigurationCommand({ DetectorId }))))
        .name,
    ).toBe('BadRequestException');
    await admin.send(
      new UpdateOrganizationConfigurationCommand({
        DetectorId,
        AutoEnableOrganizationMembers: 'ALL',
        Features: [{ Name: 'S3_DATA_EVENTS', AutoEnable: 'ALL' }],
      }),
    );
    const config = await admin.send(new DescribeOrganizationConfigurationCommand({ DetectorId }));
    expect(config).toMatchObject({
      AutoEnable: true,
      AutoEnableOrganizationMembers: 'ALL',
      MemberAccountLimitReached: false,
    });
    expect(config.Features!.find((f) => f.Name === 'S3_DATA_EVENTS')!.AutoEnable).toBe('ALL');

    const members = (await admin.send(new ListMembersCommand({ DetectorId, OnlyAssociated: 'false' })))
      .Members!;
    expect(members.map((m) => m.AccountId).sort()).toEqual([MGMT, ...MEMBERS].sort());
    expect(new Set(members.map((m) => m.RelationshipStatus))).toEqual(new Set(['Enabled']));
    // every member has an enabled detector of its own and knows its administrator
    const memberDetector = await detectorOf(MEMBERS[1]!);
    const own = await client(MEMBERS[1]!).send(new GetDetectorCommand({ DetectorId: memberDetector }));
    expect(own.Status).toBe('ENABLED');
    const administrator = await client(MEMBERS[1]!).send(
      new GetAdministratorAccountCommand({ DetectorId: memberDetector }),
    );
    expect(administrator.Administrator).toMatchObject({ AccountId: SECURITY, RelationshipStatus: 'Enabled' });

    const detectors = await admin.send(
      new GetMemberDetectorsCommand({ DetectorId, AccountIds: [MEMBERS[0]!, '999999999999'] }),
    );
    expect(detectors.MemberDataSourceConfigurations!.map((m) => m.AccountId)).toEqual([MEMBERS[0]]);
    expect(detectors.UnprocessedAccounts!.map((u) => u.AccountId)).toEqual(['999999999999']);
    const tooMany = Array.from({ length: 51 }, (_, i) => String(100000000000 + i));
    expect(
      (await failure(admin.send(new GetMemberDetectorsCommand({ DetectorId, AccountIds: tooMany })))).name,
    ).toBe('BadRequestException');

    await admin.send(new DisassociateMembersCommand({ DetectorId, AccountIds: [MEMBERS[2]!] }));
    expect((await admin.send(new ListMembersCommand({ DetectorId }))).Members!.length).toBe(3);
    await admin.send(new DeleteMembersCommand({ DetectorId, AccountIds: [MEMBERS[2]!] }));
    const got = await admin.send(
      new GetMembersCommand({ DetectorId, AccountIds: [MEMBERS[0]!, MEMBERS[2]!] }),
    );
    expect(got.Members!.map((m) => m.AccountId)).toEqual([MEMBERS[0]]);
    expect(got.UnprocessedAccounts!.map((u) => u.AccountId)).toEqual([MEMBERS[2]]);
  });

  it('with NEW enrols only accounts that join afterwards', async () => {
    await client(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }));
    const admin = client(SECURITY);
    const { DetectorId } = await admin.send(new CreateDetectorCommand({ Enable: true }));
    await admin.send(
      new UpdateOrganizationConfigurationCommand({ DetectorId, AutoEnableOrganizationMembers: 'NEW' }),
    );
    expect(
      (await admin.send(new ListMembersCommand({ DetectorId, OnlyAssociated: 'false' }))).Members,
    ).toEqual([]);
    // an account joins the organization later
    const world = target.sandbox!.world;
    const org = Object.values(world.organizations)[0]!;
    const joined = new Date(Date.now() + 1000).toISOString();
    org.members['666666666666'] = {
      accountId: '666666666666',
      parentId: org.root.id,
      joinedMethod: 'INVITED',
      joinedTimestamp: joined,
      state: 'ACTIVE',
      tags: [],
    };
    world.accounts['666666666666'] = {
      ...world.accounts[MEMBERS[0]!]!,
      id: '666666666666',
      services: {},
      organizationId: org.id,
    };
    const members = (await admin.send(new ListMembersCommand({ DetectorId }))).Members!;
    expect(members.map((m) => [m.AccountId, m.RelationshipStatus])).toEqual([['666666666666', 'Enabled']]);
  });

  it('adds organization accounts as enabled members with CreateMembers', async () => {
    await client(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }));
    const admin = client(SECURITY);
    const { DetectorId } = await admin.send(new CreateDetectorCommand({ Enable: true }));
    const result = await admin.send(
      new CreateMembersCommand({
        DetectorId,
        AccountDetails: [
          { AccountId: MEMBERS[0]!, Email: 'a@example.com' },
          { AccountId: '999999999999', Email: 'b@example.com' },
        ],
      }),
    );
    expect(result.UnprocessedAccounts).toEqual([]);
    const all = (await admin.send(new ListMembersCommand({ DetectorId, OnlyAssociated: 'false' }))).Members!;
    expect(all.map((m) => [m.AccountId, m.RelationshipStatus])).toEqual([
      [MEMBERS[0], 'Enabled'],
      ['999999999999', 'Created'],
    ]);
  });

  it('seeds detectors, the administrator and auto-enable', async () => {
    applyWorldDocument(
      target.sandbox!.world,
      {
        accounts: {
          [MGMT]: { regions: { 'eu-west-1': { guardduty: { organizationAdmin: SECURITY } } } },
          [SECURITY]: {
            regions: {
              'eu-west-1': { guardduty: { detector: 'ENABLED', autoEnableOrganizationMembers: 'ALL' } },
            },
          },
        },
      },
      new Date(),
    );
    expect(
      (await client(MGMT, 'eu-west-1').send(new ListOrganizationAdminAccountsCommand({}))).AdminAccounts,
    ).toEqual([{ AdminAccountId: SECURITY, AdminStatus: 'ENABLED' }]);
    const DetectorId = await detectorOf(SECURITY, 'eu-west-1');
    const members = (await client(SECURITY, 'eu-west-1').send(new ListMembersCommand({ DetectorId })))
      .Members!;
    expect(members.length).toBe(4);
  });
});
