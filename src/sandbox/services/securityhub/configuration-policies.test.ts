/** Security Hub central configuration through the SDK: configuration policies, associations and their effect. */
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  DescribeCreateAccountStatusCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  BatchEnableStandardsCommand,
  BatchGetConfigurationPolicyAssociationsCommand,
  CreateConfigurationPolicyCommand,
  CreateFindingAggregatorCommand,
  DeleteConfigurationPolicyCommand,
  DescribeHubCommand,
  DescribeOrganizationConfigurationCommand,
  EnableSecurityHubCommand,
  EnableOrganizationAdminAccountCommand,
  GetConfigurationPolicyAssociationCommand,
  GetConfigurationPolicyCommand,
  GetEnabledStandardsCommand,
  ListConfigurationPoliciesCommand,
  ListConfigurationPolicyAssociationsCommand,
  ListMembersCommand,
  SecurityHubClient,
  StartConfigurationPolicyAssociationCommand,
  StartConfigurationPolicyDisassociationCommand,
  UpdateConfigurationPolicyCommand,
  UpdateOrganizationConfigurationCommand,
  type Policy,
} from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';
import { makeOrganization } from '../../shared/testing.js';
import { peekHub } from './state.js';

const MGMT = '111111111111';
const SECURITY = '333333333333';
const MEMBER = '222222222222';
const OTHER = '444444444444';
const HOME = 'us-east-1';
const LINKED = 'eu-west-1';
const FSBP = (region: string) =>
  `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const CIS3 = (region: string) =>
  `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`;
const CENTRAL = {
  AutoEnable: false,
  AutoEnableStandards: 'NONE' as const,
  OrganizationConfiguration: { ConfigurationType: 'CENTRAL' as const },
};

const policy = (standards: string[], disabled: string[] = []): Policy => ({
  SecurityHub: {
    ServiceEnabled: true,
    EnabledStandardIdentifiers: standards,
    SecurityControlsConfiguration: { DisabledSecurityControlIdentifiers: disabled },
  },
});

describe.each<TargetName>(['sandbox', 'sandbox-http'])(
  'Security Hub central configuration over %s',
  (name) => {
    let target: Target;
    const client = (accessKeyId: string, region = HOME) =>
      new SecurityHubClient({ ...target.config({ accessKeyId, region }), maxAttempts: 1 });
    const orgs = () => new OrganizationsClient({ ...target.config({ accessKeyId: MGMT }), maxAttempts: 1 });
    const admin = () => client(SECURITY);

    async function standardsOf(accountId: string, region = HOME): Promise<string[]> {
      const out = await client(accountId, region).send(new GetEnabledStandardsCommand({}));
      return out.StandardsSubscriptions!.map((s) => s.StandardsArn!).sort();
    }

    async function goCentral(): Promise<void> {
      await client(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }));
      await admin().send(
        new CreateFindingAggregatorCommand({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: [LINKED] }),
      );
      await admin().send(new UpdateOrganizationConfigurationCommand(CENTRAL));
    }

    async function createPolicy(policyName: string, content: Policy): Promise<string> {
      return (
        await admin().send(
          new CreateConfigurationPolicyCommand({ Name: policyName, ConfigurationPolicy: content }),
        )
      ).Id!;
    }

    const associate = (
      id: string,
      t: { AccountId?: string; OrganizationalUnitId?: string; RootId?: string },
    ) =>
      admin().send(
        new StartConfigurationPolicyAssociationCommand({
          ConfigurationPolicyIdentifier: id,
          Target: t as never,
        }),
      );

    beforeAll(async () => {
      target = await startTarget(name);
    });
    afterAll(() => target.close());
    beforeEach(async () => {
      await target.reset();
      makeOrganization(target.sandbox!.world, {
        managementAccountId: MGMT,
        memberIds: [SECURITY, MEMBER, OTHER],
      });
    });

    it('turns central configuration on only with a finding aggregator in the home Region', async () => {
      await client(MGMT).send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: SECURITY }));
      expect(
        (
          await failure(
            admin().send(
              new CreateConfigurationPolicyCommand({ Name: 'p', ConfigurationPolicy: policy([]) }),
            ),
          )
        ).name,
      ).toBe('AccessDeniedException');
      expect((await failure(admin().send(new UpdateOrganizationConfigurationCommand(CENTRAL)))).name).toBe(
        'InvalidInputException',
      );
      // an aggregator in another Region does not make this one the home Region
      await client(SECURITY, LINKED).send(new EnableSecurityHubCommand({}));
      await client(SECURITY, LINKED).send(
        new CreateFindingAggregatorCommand({ RegionLinkingMode: 'ALL_REGIONS' }),
      );
      expect((await failure(admin().send(new UpdateOrganizationConfigurationCommand(CENTRAL)))).name).toBe(
        'InvalidInputException',
      );
      const autoEnable = await failure(
        admin().send(new UpdateOrganizationConfigurationCommand({ ...CENTRAL, AutoEnable: true })),
      );
      expect(autoEnable.message).toContain('Central Configuration');
    });

    it('answers CENTRAL in the home and linked Regions and refuses other callers', async () => {
      await goCentral();
      for (const region of [HOME, LINKED])
        expect(
          (await client(SECURITY, region).send(new DescribeOrganizationConfigurationCommand({})))
            .OrganizationConfiguration,
        ).toEqual({ ConfigurationType: 'CENTRAL', Status: 'ENABLED' });
      expect(
        (await failure(admin().send(new UpdateOrganizationConfigurationCommand({ AutoEnable: true })))).name,
      ).toBe('InvalidInputException');
      expect(
        (await failure(client(SECURITY, LINKED).send(new ListConfigurationPoliciesCommand({})))).name,
      ).toBe('AccessDeniedException');
      expect((await failure(client(MGMT).send(new ListConfigurationPoliciesCommand({})))).name).toBe(
        'InvalidAccessException',
      );
    });

    it('creates, reads, lists, updates and deletes configuration policies', async () => {
      await goCentral();
      const created = await admin().send(
        new CreateConfigurationPolicyCommand({
          Name: 'Baseline',
          Description: 'FSBP everywhere',
          ConfigurationPolicy: policy([FSBP(HOME)], ['CloudTrail.2']),
          Tags: { team: 'security' },
        }),
      );
      expect(created.Arn).toBe(`arn:aws:securityhub:${HOME}:${SECURITY}:configuration-policy/${created.Id}`);
      expect(created.CreatedAt).toBeInstanceOf(Date);
      expect(created.ConfigurationPolicy).toEqual(policy([FSBP(HOME)], ['CloudTrail.2']));
      const byArn = await admin().send(new GetConfigurationPolicyCommand({ Identifier: created.Arn }));
      expect(byArn).toMatchObject({ Id: created.Id, Name: 'Baseline', Description: 'FSBP everywhere' });

      await createPolicy('Strict', policy([FSBP(HOME), CIS3(HOME)]));
      const first = await admin().send(new ListConfigurationPoliciesCommand({ MaxResults: 1 }));
      expect(first.ConfigurationPolicySummaries).toHaveLength(1);
      const rest = await admin().send(new ListConfigurationPoliciesCommand({ NextToken: first.NextToken }));
      expect(
        [...first.ConfigurationPolicySummaries!, ...rest.ConfigurationPolicySummaries!].map((p) => p.Name),
      ).toEqual(['Baseline', 'Strict']);
      expect(rest.ConfigurationPolicySummaries![0]!.ServiceEnabled).toBe(true);

      const updated = await admin().send(
        new UpdateConfigurationPolicyCommand({
          Identifier: created.Id,
          Name: 'Baseline-v2',
          UpdatedReason: 'rename',
        }),
      );
      expect(updated).toMatchObject({
        Name: 'Baseline-v2',
        ConfigurationPolicy: created.ConfigurationPolicy,
      });
      const bad = [
        admin().send(
          new CreateConfigurationPolicyCommand({ Name: 'Strict', ConfigurationPolicy: policy([]) }),
        ),
        admin().send(
          new CreateConfigurationPolicyCommand({ Name: 'x', ConfigurationPolicy: policy(['nope']) }),
        ),
        admin().send(
          new CreateConfigurationPolicyCommand({ Name: 'has space', ConfigurationPolicy: policy([]) }),
        ),
        admin().send(
          new GetConfigurationPolicyCommand({ Identifier: '00000000-0000-4000-a000-000000000000' }),
        ),
      ];
      expect(await Promise.all(bad.map(async (p) => (await failure(p)).name))).toEqual([
        'ResourceConflictException',
        'InvalidInputException',
        'InvalidInputException',
        'ResourceNotFoundException',
      ]);

      await associate(created.Id!, { AccountId: MEMBER });
      expect(
        (await failure(admin().send(new DeleteConfigurationPolicyCommand({ Identifier: created.Id })))).name,
      ).toBe('ResourceConflictException');
      await admin().send(
        new StartConfigurationPolicyDisassociationCommand({
          ConfigurationPolicyIdentifier: created.Arn,
          Target: { AccountId: MEMBER },
        }),
      );
      await admin().send(new DeleteConfigurationPolicyCommand({ Identifier: created.Id }));
      expect(
        (await failure(admin().send(new GetConfigurationPolicyCommand({ Identifier: created.Id })))).name,
      ).toBe('ResourceNotFoundException');
    });

    it('applies a root association to every account in the home and linked Regions', async () => {
      await goCentral();
      const id = await createPolicy('Baseline', policy([FSBP(HOME), CIS3(HOME)], ['IAM.1']));
      const started = await associate(id, { RootId: 'r-test' });
      expect(started).toMatchObject({
        ConfigurationPolicyId: id,
        TargetId: 'r-test',
        TargetType: 'ROOT',
        AssociationType: 'APPLIED',
        AssociationStatus: 'SUCCESS',
      });
      for (const account of [MGMT, MEMBER, OTHER, SECURITY])
        for (const region of [HOME, LINKED])
          expect(await standardsOf(account, region)).toEqual([FSBP(region), CIS3(region)].sort());
      for (const region of [HOME, LINKED]) {
        const members = (await client(SECURITY, region).send(new ListMembersCommand({}))).Members!;
        expect(members.map((m) => [m.AccountId, m.MemberStatus]).sort()).toEqual([
          [MGMT, 'Enabled'],
          [MEMBER, 'Enabled'],
          [OTHER, 'Enabled'],
        ]);
      }
      expect(peekHub(target.sandbox!.world.accounts[MEMBER], LINKED)!.controls).toEqual({
        policyId: id,
        disabled: ['IAM.1'],
      });
      // a governed account no longer changes its own standards
      expect(
        (
          await failure(
            client(MEMBER).send(
              new BatchEnableStandardsCommand({
                StandardsSubscriptionRequests: [{ StandardsArn: FSBP(HOME) }],
              }),
            ),
          )
        ).name,
      ).toBe('AccessDeniedException');

      const inherited = await admin().send(
        new GetConfigurationPolicyAssociationCommand({ Target: { AccountId: MEMBER } }),
      );
      expect(inherited).toMatchObject({
        ConfigurationPolicyId: id,
        AssociationType: 'INHERITED',
        TargetType: 'ACCOUNT',
      });
      const applied = await admin().send(
        new ListConfigurationPolicyAssociationsCommand({ Filters: { AssociationType: 'APPLIED' } }),
      );
      expect(applied.ConfigurationPolicyAssociationSummaries!.map((a) => a.TargetId)).toEqual(['r-test']);
      const batch = await admin().send(
        new BatchGetConfigurationPolicyAssociationsCommand({
          ConfigurationPolicyAssociationIdentifiers: [
            { Target: { AccountId: OTHER } },
            { Target: { AccountId: '999999999999' } },
          ],
        }),
      );
      expect(batch.ConfigurationPolicyAssociations!.map((a) => a.TargetId)).toEqual([OTHER]);
      expect(batch.UnprocessedConfigurationPolicyAssociations).toMatchObject([{ ErrorCode: '404' }]);
    });

    it('gives the inherited policy to an account created afterwards', async () => {
      await goCentral();
      const id = await createPolicy('Baseline', policy([CIS3(HOME)]));
      await associate(id, { RootId: 'r-test' });
      const { CreateAccountStatus } = await orgs().send(
        new CreateAccountCommand({ AccountName: 'Late', Email: 'late@example.com' }),
      );
      let accountId: string | undefined;
      for (let i = 0; i < 10 && !accountId; i++)
        accountId = (
          await orgs().send(
            new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus!.Id! }),
          )
        ).CreateAccountStatus!.AccountId;
      expect(accountId).toBeDefined();
      // the administrator's next call applies it; the account's own calls see it too
      const members = (await admin().send(new ListMembersCommand({}))).Members!.map((m) => m.AccountId);
      expect(members).toContain(accountId);
      expect(await standardsOf(accountId!, LINKED)).toEqual([CIS3(LINKED)]);
    });

    it('lets an OU association win over the root, and falls back on disassociation', async () => {
      await goCentral();
      const base = await createPolicy('Baseline', policy([FSBP(HOME)]));
      const strict = await createPolicy('Strict', policy([CIS3(HOME)]));
      await associate(base, { RootId: 'r-test' });
      const ou = (
        await orgs().send(new CreateOrganizationalUnitCommand({ ParentId: 'r-test', Name: 'Prod' }))
      ).OrganizationalUnit!.Id!;
      await orgs().send(
        new MoveAccountCommand({ AccountId: MEMBER, SourceParentId: 'r-test', DestinationParentId: ou }),
      );
      await associate(strict, { OrganizationalUnitId: ou });
      expect(await standardsOf(MEMBER)).toEqual([CIS3(HOME)]);
      expect(await standardsOf(MEMBER, LINKED)).toEqual([CIS3(LINKED)]);
      expect(await standardsOf(OTHER)).toEqual([FSBP(HOME)]);
      expect(
        await admin().send(new GetConfigurationPolicyAssociationCommand({ Target: { AccountId: MEMBER } })),
      ).toMatchObject({ ConfigurationPolicyId: strict, AssociationType: 'INHERITED' });

      // an account moved into the OU afterwards takes the OU's policy on its next call
      await orgs().send(
        new MoveAccountCommand({ AccountId: OTHER, SourceParentId: 'r-test', DestinationParentId: ou }),
      );
      expect(await standardsOf(OTHER)).toEqual([CIS3(HOME)]);

      await admin().send(
        new StartConfigurationPolicyDisassociationCommand({
          ConfigurationPolicyIdentifier: strict,
          Target: { OrganizationalUnitId: ou },
        }),
      );
      expect(await standardsOf(MEMBER)).toEqual([FSBP(HOME)]);
      // without any association the accounts keep their settings and manage themselves
      await admin().send(
        new StartConfigurationPolicyDisassociationCommand({
          ConfigurationPolicyIdentifier: base,
          Target: { RootId: 'r-test' },
        }),
      );
      expect(await standardsOf(MEMBER)).toEqual([FSBP(HOME)]);
      expect(
        await admin().send(new GetConfigurationPolicyAssociationCommand({ Target: { AccountId: MEMBER } })),
      ).toMatchObject({ ConfigurationPolicyId: 'SELF_MANAGED_SECURITY_HUB' });
      await client(MEMBER).send(
        new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS3(HOME) }] }),
      );
    });

    it('applies self-managed behaviour and a policy that turns Security Hub off', async () => {
      await goCentral();
      const off = await createPolicy('Off', { SecurityHub: { ServiceEnabled: false } });
      const base = await createPolicy('Baseline', policy([FSBP(HOME)]));
      await associate(base, { RootId: 'r-test' });
      await associate('SELF_MANAGED_SECURITY_HUB', { AccountId: OTHER });
      await associate(off, { AccountId: MEMBER });
      expect((await failure(client(MEMBER).send(new DescribeHubCommand({})))).name).toBe(
        'InvalidAccessException',
      );
      expect((await failure(client(MEMBER, LINKED).send(new DescribeHubCommand({})))).name).toBe(
        'InvalidAccessException',
      );
      // the self-managed account is free to change its standards
      await client(OTHER).send(
        new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS3(HOME) }] }),
      );
      expect(await standardsOf(OTHER)).toEqual([FSBP(HOME), CIS3(HOME)].sort());
      const errors = [
        associate(off, { AccountId: SECURITY }),
        associate('00000000-0000-4000-a000-000000000000', { RootId: 'r-test' }),
        associate(base, { OrganizationalUnitId: 'ou-test-nothere' }),
        client(OTHER).send(new ListConfigurationPolicyAssociationsCommand({})),
      ];
      expect(await Promise.all(errors.map(async (p) => (await failure(p)).name))).toEqual([
        'InvalidInputException',
        'ResourceNotFoundException',
        'ResourceNotFoundException',
        'InvalidAccessException',
      ]);
    });
  },
);
