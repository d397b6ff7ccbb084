import {
  AcceptHandshakeCommand,
  AttachPolicyCommand,
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  ListChildrenCommand,
  ListHandshakesForOrganizationCommand,
  ListTagsForResourceCommand,
  DescribePolicyCommand,
  ListCreateAccountStatusCommand,
  DeclineHandshakeCommand,
  DeleteOrganizationalUnitCommand,
  DeletePolicyCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeEffectivePolicyCommand,
  DescribeHandshakeCommand,
  DescribeOrganizationCommand,
  DetachPolicyCommand,
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand,
  RemoveAccountFromOrganizationCommand,
  LeaveOrganizationCommand,
  ListAccountsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  MoveAccountCommand,
  OrganizationsClient,
  paginateListAccounts,
  RegisterDelegatedAdministratorCommand,
  UpdateOrganizationalUnitCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target, type TargetName } from '../../../../test/support/targets.js';

const SCP = (action: string, extra = '') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: `S${extra}`, Effect: 'Deny', Action: action, Resource: '*' }],
  });

describe.each<TargetName>(['sandbox', 'sandbox-http'])('Organizations on %s', (name) => {
  let target: Target;
  let orgs: OrganizationsClient;
  let rootId: string;

  beforeAll(async () => {
    target = await startTarget(name, { settle: { createAccountPolls: 1, createAccountMs: 0 } });
  });
  afterAll(() => target.close());
  beforeEach(async () => {
    await target.reset();
    orgs = new OrganizationsClient(target.config());
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  });

  const createAccount = async (accountName: string, email: string) => {
    const started = (await orgs.send(new CreateAccountCommand({ AccountName: accountName, Email: email })))
      .CreateAccountStatus!;
    expect(started.State).toBe('IN_PROGRESS');
    let status = started;
    for (let i = 0; i < 5 && status.State === 'IN_PROGRESS'; i++) {
      status = (
        await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.Id! }))
      ).CreateAccountStatus!;
    }
    return status;
  };

  it('describes the organization with SCPs enabled and FullAWSAccess on the root', async () => {
    const org = (await orgs.send(new DescribeOrganizationCommand({}))).Organization!;
    expect(org).toMatchObject({ FeatureSet: 'ALL', MasterAccountId: '123456789012' });
    expect(org.Id).toMatch(/^o-[a-z0-9]{10,32}$/);
    const root = (await orgs.send(new ListRootsCommand({}))).Roots![0]!;
    expect(root.PolicyTypes).toEqual([{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    const onRoot = await orgs.send(
      new ListPoliciesForTargetCommand({ TargetId: rootId, Filter: 'SERVICE_CONTROL_POLICY' }),
    );
    expect(onRoot.Policies!.map((p) => p.Name)).toEqual(['FullAWSAccess']);
    expect((await failure(orgs.send(new CreateOrganizationCommand({})))).name).toBe(
      'AlreadyInOrganizationException',
    );
  });

  it('enforces OU nesting depth and unique names within a parent', async () => {
    let parent = rootId;
    for (let i = 1; i <= 5; i++) {
      parent = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `L${i}` })))
        .OrganizationalUnit!.Id!;
    }
    const deep = await failure(
      orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'L6' })),
    );
    expect(deep).toMatchObject({ name: 'ConstraintViolationException', Reason: 'OU_DEPTH_LIMIT_EXCEEDED' });
    await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Apps' }));
    expect(
      (await failure(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Apps' }))))
        .name,
    ).toBe('DuplicateOrganizationalUnitException');
    const other = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Other' })))
      .OrganizationalUnit!;
    expect(
      (
        await failure(
          orgs.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: other.Id!, Name: 'Apps' })),
        )
      ).name,
    ).toBe('DuplicateOrganizationalUnitException');
    const notEmpty = await failure(
      orgs.send(
        new DeleteOrganizationalUnitCommand({
          OrganizationalUnitId: (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!,
        }),
      ),
    );
    expect(notEmpty.name).toBe('OrganizationalUnitNotFoundException');
  });

  it('creates accounts asynchronously with a role the management account can assume', async () => {
    const status = await createAccount('Shop', 'shop@example.com');
    expect(status.State).toBe('SUCCEEDED');
    const account = (await orgs.send(new DescribeAccountCommand({ AccountId: status.AccountId! }))).Account!;
    expect(account).toMatchObject({
      Name: 'Shop',
      Email: 'shop@example.com',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
    });
    const sts = new STSClient(target.config());
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${status.AccountId!}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'ops',
      }),
    );
    const inside = new STSClient(
      target.config({
        accessKeyId: assumed.Credentials!.AccessKeyId!,
        secretAccessKey: assumed.Credentials!.SecretAccessKey!,
        sessionToken: assumed.Credentials!.SessionToken!,
      }),
    );
    expect((await inside.send(new GetCallerIdentityCommand({}))).Account).toBe(status.AccountId);
    const duplicate = await createAccount('Shop again', 'SHOP@example.com');
    expect(duplicate).toMatchObject({ State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' });
  });

  it('limits account creations in flight to 5', async () => {
    for (let i = 0; i < 5; i++)
      await orgs.send(new CreateAccountCommand({ AccountName: `a${i}`, Email: `a${i}@example.com` }));
    const sixth = await failure(
      orgs.send(new CreateAccountCommand({ AccountName: 'a5', Email: 'a5@example.com' })),
    );
    expect(sixth).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED',
    });
  });

  it('pages account listings at 20, and the SDK paginator walks them all', async () => {
    target.sandbox?.configure({ settle: { createAccountPolls: 0, createAccountMs: 0 } });
    if (!target.sandbox) {
      await fetch(`${target.endpoint}/_sandbox/config`, {
        method: 'POST',
        body: JSON.stringify({ settle: { createAccountPolls: 0 } }),
      });
    }
    for (let i = 0; i < 44; i++) {
      await orgs.send(
        new CreateAccountCommand({ AccountName: `member-${i}`, Email: `member-${i}@example.com` }),
      );
    }
    const first = await orgs.send(new ListAccountsCommand({}));
    expect(first.Accounts).toHaveLength(20);
    expect(first.NextToken).toBeDefined();
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: orgs }, {}))
      ids.push(...page.Accounts!.map((a) => a.Id!));
    expect(new Set(ids).size).toBe(45);
    expect((await failure(orgs.send(new ListAccountsCommand({ NextToken: 'forged' })))).Reason).toBe(
      'INVALID_NEXT_TOKEN',
    );
    expect((await failure(orgs.send(new ListAccountsCommand({ MaxResults: 21 })))).name).toBe(
      'InvalidInputException',
    );
    target.sandbox?.configure({ settle: { createAccountPolls: 1 } });
    if (!target.sandbox) {
      await fetch(`${target.endpoint}/_sandbox/config`, {
        method: 'POST',
        body: JSON.stringify({ settle: { createAccountPolls: 1 } }),
      });
    }
  });

  it('moves and closes accounts with AWS’s errors', async () => {
    const id = (await createAccount('Shop', 'shop@example.com')).AccountId!;
    const ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Apps' })))
      .OrganizationalUnit!.Id!;
    await orgs.send(
      new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ou }),
    );
    expect(
      (
        await failure(
          orgs.send(new MoveAccountCommand({ AccountId: id, SourceParentId: ou, DestinationParentId: ou })),
        )
      ).name,
    ).toBe('DuplicateAccountException');
    expect(
      (
        await failure(
          orgs.send(
            new MoveAccountCommand({
              AccountId: id,
              SourceParentId: rootId,
              DestinationParentId: 'ou-zzzz-zzzzzzzz',
            }),
          ),
        )
      ).name,
    ).toBe('DestinationParentNotFoundException');
    await orgs.send(new CloseAccountCommand({ AccountId: id }));
    expect((await orgs.send(new DescribeAccountCommand({ AccountId: id }))).Account!.State).not.toBe(
      'ACTIVE',
    );
    expect((await failure(orgs.send(new CloseAccountCommand({ AccountId: id })))).name).toBe(
      'AccountAlreadyClosedException',
    );
    expect((await failure(orgs.send(new CloseAccountCommand({ AccountId: '123456789012' })))).Reason).toBe(
      'CANNOT_CLOSE_MANAGEMENT_ACCOUNT',
    );
  });

  it('keeps policies within AWS’s document, attachment and detachment rules', async () => {
    const ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Apps' })))
      .OrganizationalUnit!.Id!;
    const malformed = await failure(
      orgs.send(
        new CreatePolicyCommand({
          Name: 'Bad',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: '{"Version":',
        }),
      ),
    );
    expect(malformed.name).toBe('MalformedPolicyDocumentException');
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'x'.repeat(10_300), Effect: 'Deny', Action: '*', Resource: '*' }],
    });
    expect(
      (
        await failure(
          orgs.send(
            new CreatePolicyCommand({
              Name: 'Big',
              Description: '',
              Type: 'SERVICE_CONTROL_POLICY',
              Content: big,
            }),
          ),
        )
      ).Reason,
    ).toBe('POLICY_CONTENT_LIMIT_EXCEEDED');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(
        (
          await orgs.send(
            new CreatePolicyCommand({
              Name: `P${i}`,
              Description: '',
              Type: 'SERVICE_CONTROL_POLICY',
              Content: SCP('s3:DeleteBucket', String(i)),
            }),
          )
        ).Policy!.PolicySummary!.Id!,
      );
    }
    expect(
      (
        await failure(
          orgs.send(
            new CreatePolicyCommand({
              Name: 'P0',
              Description: '',
              Type: 'SERVICE_CONTROL_POLICY',
              Content: SCP('s3:*'),
            }),
          ),
        )
      ).name,
    ).toBe('DuplicatePolicyException');
    // FullAWSAccess occupies one of the 10 SCP slots on the OU
    for (const id of ids.slice(0, 9))
      await orgs.send(new AttachPolicyCommand({ PolicyId: id, TargetId: ou }));
    expect(
      (await failure(orgs.send(new AttachPolicyCommand({ PolicyId: ids[9]!, TargetId: ou })))).Reason,
    ).toBe('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    expect(
      (await failure(orgs.send(new AttachPolicyCommand({ PolicyId: ids[0]!, TargetId: ou })))).name,
    ).toBe('DuplicatePolicyAttachmentException');
    expect((await failure(orgs.send(new DeletePolicyCommand({ PolicyId: ids[0]! })))).name).toBe(
      'PolicyInUseException',
    );
    const targets = await orgs.send(new ListTargetsForPolicyCommand({ PolicyId: ids[0]! }));
    expect(targets.Targets).toEqual([
      expect.objectContaining({ TargetId: ou, Name: 'Apps', Type: 'ORGANIZATIONAL_UNIT' }),
    ]);
    const lastScp = await failure(
      orgs.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: rootId })),
    );
    expect(lastScp.Reason).toBe('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    expect(
      (await failure(orgs.send(new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Name: 'Mine' }))))
        .Reason,
    ).toBe('IMMUTABLE_POLICY');
  });

  it('enables RCPs with RCPFullAWSAccess everywhere, which cannot be detached', async () => {
    const rcp = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
    });
    const early = await failure(
      orgs.send(new AttachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: rootId })),
    );
    expect(early.name).toBe('PolicyTypeNotEnabledException');
    await orgs.send(
      new CreatePolicyCommand({ Name: 'R', Description: '', Type: 'RESOURCE_CONTROL_POLICY', Content: rcp }),
    );
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const onRoot = await orgs.send(
      new ListPoliciesForTargetCommand({ TargetId: rootId, Filter: 'RESOURCE_CONTROL_POLICY' }),
    );
    expect(onRoot.Policies!.map((p) => p.Name)).toEqual(['RCPFullAWSAccess']);
    const detach = await failure(
      orgs.send(new DetachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: rootId })),
    );
    expect(detach).toMatchObject({ name: 'InvalidInputException', Reason: 'NON_DETACHABLE_POLICY' });
    const tagPolicy = JSON.stringify({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } } });
    const tag = (
      await orgs.send(
        new CreatePolicyCommand({ Name: 'Tags', Description: '', Type: 'TAG_POLICY', Content: tagPolicy }),
      )
    ).Policy!.PolicySummary!.Id!;
    expect(
      (await failure(orgs.send(new AttachPolicyCommand({ PolicyId: tag, TargetId: rootId })))).name,
    ).toBe('PolicyTypeNotEnabledException');
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' }));
    await orgs.send(new AttachPolicyCommand({ PolicyId: tag, TargetId: rootId }));
    const effective = await orgs.send(
      new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: '123456789012' }),
    );
    expect(JSON.parse(effective.EffectivePolicy!.PolicyContent!)).toEqual(JSON.parse(tagPolicy));
  });

  it('registers delegated administrators only for trusted services, never the management account', async () => {
    const id = (await createAccount('Security', 'security@example.com')).AccountId!;
    const untrusted = await failure(
      orgs.send(
        new RegisterDelegatedAdministratorCommand({
          AccountId: id,
          ServicePrincipal: 'guardduty.amazonaws.com',
        }),
      ),
    );
    expect(untrusted.Reason).toBe('SERVICE_ACCESS_NOT_ENABLED');
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
    await orgs.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: id,
        ServicePrincipal: 'guardduty.amazonaws.com',
      }),
    );
    expect(
      (
        await failure(
          orgs.send(
            new RegisterDelegatedAdministratorCommand({
              AccountId: id,
              ServicePrincipal: 'guardduty.amazonaws.com',
            }),
          ),
        )
      ).name,
    ).toBe('AccountAlreadyRegisteredException');
    const management = await failure(
      orgs.send(
        new RegisterDelegatedAdministratorCommand({
          AccountId: '123456789012',
          ServicePrincipal: 'guardduty.amazonaws.com',
        }),
      ),
    );
    expect(management.Reason).toBe('CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR');
  });

  async function advance(seconds: number): Promise<void> {
    if (target.sandbox) target.sandbox.advanceClock(seconds * 1000);
    else
      await fetch(`${target.endpoint}/_sandbox/clock`, {
        method: 'POST',
        body: JSON.stringify({ advanceSeconds: seconds }),
      });
  }

  it('moves an account straight from one organization to another (direct transfer)', async () => {
    const moving = (await createAccount('Reseller A customer', 'customer@example.com')).AccountId!;
    const admin = (await createAccount('Security', 'security@example.com')).AccountId!;
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
    await orgs.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: admin,
        ServicePrincipal: 'guardduty.amazonaws.com',
      }),
    );
    const second = new OrganizationsClient(target.config({ accessKeyId: '210987654321' }));
    await second.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const invite = (
      await second.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: moving } }))
    ).Handshake!;
    expect(invite.State).toBe('OPEN');
    const asMember = new OrganizationsClient(target.config({ accessKeyId: moving }));
    const early = await failure(asMember.send(new AcceptHandshakeCommand({ HandshakeId: invite.Id! })));
    expect(early).toMatchObject({
      name: 'HandshakeConstraintViolationException',
      Reason: 'ORGANIZATION_MEMBERSHIP_CHANGE_RATE_LIMIT_EXCEEDED',
    });
    await advance(4 * 86_400);
    // the management account and a delegated administrator cannot move
    const toAdmin = (
      await second.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: admin } }))
    ).Handshake!;
    const asAdmin = new OrganizationsClient(target.config({ accessKeyId: admin }));
    expect(
      await failure(asAdmin.send(new AcceptHandshakeCommand({ HandshakeId: toAdmin.Id! }))),
    ).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG',
    });
    const toManagement = (
      await second.send(
        new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: '123456789012' } }),
      )
    ).Handshake!;
    expect(
      (await failure(orgs.send(new AcceptHandshakeCommand({ HandshakeId: toManagement.Id! })))).name,
    ).toBe('MasterCannotLeaveOrganizationException');

    const accepted = (await asMember.send(new AcceptHandshakeCommand({ HandshakeId: invite.Id! })))
      .Handshake!;
    expect(accepted.State).toBe('ACCEPTED');
    const joined = (await second.send(new DescribeAccountCommand({ AccountId: moving }))).Account!;
    expect(joined.JoinedMethod).toBe('INVITED');
    expect((await failure(orgs.send(new DescribeAccountCommand({ AccountId: moving })))).name).toBe(
      'AccountNotFoundException',
    );
    expect((await failure(asMember.send(new AcceptHandshakeCommand({ HandshakeId: invite.Id! })))).name).toBe(
      'HandshakeAlreadyInStateException',
    );
  });

  it('lets an account leave only with what a standalone account needs (classic path)', async () => {
    const created = (await createAccount('Leaver', 'leaver@example.com')).AccountId!;
    const asCreated = new OrganizationsClient(target.config({ accessKeyId: created }));
    expect(await failure(asCreated.send(new LeaveOrganizationCommand({})))).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA',
    });
    expect(
      await failure(orgs.send(new RemoveAccountFromOrganizationCommand({ AccountId: created }))),
    ).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA',
    });
    target.sandbox!.loadDocument({ accounts: { [created]: { standaloneReady: true } } });
    await asCreated.send(new LeaveOrganizationCommand({}));
    expect((await failure(asCreated.send(new DescribeOrganizationCommand({})))).name).toBe(
      'AWSOrganizationsNotInUseException',
    );
  });

  it('sends at most 20 invitations a day', async () => {
    const second = new OrganizationsClient(target.config({ accessKeyId: '210987654321' }));
    await second.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const inviteAccount = (n: number) =>
      second.send(
        new InviteAccountToOrganizationCommand({
          Target: { Type: 'ACCOUNT', Id: String(500000000000 + n) },
        }),
      );
    for (let n = 0; n < 20; n++) await inviteAccount(n);
    expect(await failure(inviteAccount(20))).toMatchObject({
      name: 'HandshakeConstraintViolationException',
      Reason: 'HANDSHAKE_RATE_LIMIT_EXCEEDED',
    });
    await advance(86_400 + 1);
    expect((await inviteAccount(20)).Handshake!.State).toBe('OPEN');
  });

  it('expires an unanswered invitation after 15 days', async () => {
    const second = new OrganizationsClient(target.config({ accessKeyId: '210987654321' }));
    await second.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    // a second invitation to a standalone account expires after 15 days
    const standalone = '333344445555';
    const later = (
      await second.send(
        new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: standalone } }),
      )
    ).Handshake!;
    await advance(16 * 86_400);
    expect(
      (await second.send(new DescribeHandshakeCommand({ HandshakeId: later.Id! }))).Handshake!.State,
    ).toBe('EXPIRED');
    const asStandalone = new OrganizationsClient(target.config({ accessKeyId: standalone }));
    expect(
      (await failure(asStandalone.send(new DeclineHandshakeCommand({ HandshakeId: later.Id! })))).name,
    ).toBe('InvalidHandshakeTransitionException');
  });

  it('refuses management operations from members and calls from accounts in no organization', async () => {
    const id = (await createAccount('Shop', 'shop@example.com')).AccountId!;
    const member = new OrganizationsClient(target.config({ accessKeyId: id }));
    expect((await member.send(new DescribeOrganizationCommand({}))).Organization!.MasterAccountId).toBe(
      '123456789012',
    );
    expect((await failure(member.send(new ListAccountsCommand({})))).name).toBe('AccessDeniedException');
    const outsider = new OrganizationsClient(target.config({ accessKeyId: '444455556666' }));
    expect((await failure(outsider.send(new DescribeOrganizationCommand({})))).name).toBe(
      'AWSOrganizationsNotInUseException',
    );
  });

  it('opens the read operations to delegated administrators, and only them', async () => {
    const admin = (await createAccount('Security', 'security@example.com')).AccountId!;
    const other = (await createAccount('Shop', 'shop@example.com')).AccountId!;
    const asAdmin = new OrganizationsClient(target.config({ accessKeyId: admin }));
    expect((await failure(asAdmin.send(new ListAccountsCommand({})))).name).toBe('AccessDeniedException');
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'securityhub.amazonaws.com' }));
    await orgs.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: admin,
        ServicePrincipal: 'securityhub.amazonaws.com',
      }),
    );
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: asAdmin }, {}))
      ids.push(...page.Accounts!.map((a) => a.Id!));
    expect(ids.sort()).toEqual(['123456789012', admin, other].sort());
    expect((await asAdmin.send(new ListRootsCommand({}))).Roots![0]!.Id).toBe(rootId);
    const children = await asAdmin.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT' }));
    expect(children.Children).toHaveLength(3);
    expect((await asAdmin.send(new DescribeAccountCommand({ AccountId: other }))).Account!.Name).toBe('Shop');
    expect(
      (await asAdmin.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Policy!.PolicySummary!
        .Name,
    ).toBe('FullAWSAccess');
    expect((await asAdmin.send(new ListTagsForResourceCommand({ ResourceId: other }))).Tags).toEqual([]);
    expect((await asAdmin.send(new ListCreateAccountStatusCommand({}))).CreateAccountStatuses).toHaveLength(
      2,
    );
    expect((await asAdmin.send(new ListHandshakesForOrganizationCommand({}))).Handshakes).toEqual([]);
    // writes stay with the management account
    const write = await failure(
      asAdmin.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Mine' })),
    );
    expect(write.name).toBe('AccessDeniedException');
    const asOther = new OrganizationsClient(target.config({ accessKeyId: other }));
    expect((await failure(asOther.send(new ListRootsCommand({})))).name).toBe('AccessDeniedException');
  });

  it('lists SCPs, and only them, in the deprecated AvailablePolicyTypes', async () => {
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' }));
    expect((await orgs.send(new DescribeOrganizationCommand({}))).Organization!.AvailablePolicyTypes).toEqual(
      [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    );
    const billing = new OrganizationsClient(target.config({ accessKeyId: '777788889999' }));
    await billing.send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }));
    expect(
      (await billing.send(new DescribeOrganizationCommand({}))).Organization!.AvailablePolicyTypes,
    ).toEqual([]);
  });

  it('keeps policy names unique within a type, AWS-managed names included', async () => {
    const create = (Name: string) =>
      orgs.send(
        new CreatePolicyCommand({
          Name,
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: SCP('s3:*'),
        }),
      );
    expect((await failure(create('FullAWSAccess'))).name).toBe('DuplicatePolicyException');
    const a = (await create('A')).Policy!.PolicySummary!.Id!;
    await create('B');
    expect((await failure(orgs.send(new UpdatePolicyCommand({ PolicyId: a, Name: 'B' })))).name).toBe(
      'DuplicatePolicyException',
    );
    expect(
      (await orgs.send(new UpdatePolicyCommand({ PolicyId: a, Name: 'A' }))).Policy!.PolicySummary!.Name,
    ).toBe('A');
  });

  it('frees a creation slot when a request settles, also in a world saved without the index', async () => {
    for (let i = 0; i < 5; i++)
      await orgs.send(new CreateAccountCommand({ AccountName: `a${i}`, Email: `a${i}@example.com` }));
    const org = Object.values(target.sandbox!.world.organizations)[0]!;
    delete org.inProgressRequests;
    const first = Object.keys(org.createAccountRequests)[0]!;
    const settled = await createAccountAfter(first);
    expect(settled.State).toBe('SUCCEEDED');
    const sixth = (await orgs.send(new CreateAccountCommand({ AccountName: 'a5', Email: 'a5@example.com' })))
      .CreateAccountStatus!;
    expect(sixth.State).toBe('IN_PROGRESS');
    expect(org.inProgressRequests).toHaveLength(5);
  });

  const createAccountAfter = async (requestId: string) => {
    let status = (
      await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }))
    ).CreateAccountStatus!;
    for (let i = 0; i < 5 && status.State === 'IN_PROGRESS'; i++) {
      status = (
        await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }))
      ).CreateAccountStatus!;
    }
    return status;
  };
});
