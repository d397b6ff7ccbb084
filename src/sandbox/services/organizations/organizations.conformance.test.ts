/**
 * The same Organizations scenario on the sandbox (in process and over HTTP) and on moto_server, to
 * catch misunderstandings the two implementations might share. Where moto does not follow AWS, the
 * assertion is skipped for moto and the difference is listed in SPEC.md.
 */
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  EnableAWSServiceAccessCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListDelegatedAdministratorsCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  MoveAccountCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('Organizations conformance on %s', (name) => {
  let target: Target;
  let orgs: OrganizationsClient;
  const isMoto = name === 'moto';

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
    orgs = new OrganizationsClient(target.config());
  });
  afterAll(() => target.close());

  it('builds an organization: nested OUs, an account created asynchronously and moved, an SCP, a delegated admin', async () => {
    const org = (await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!;
    expect(org.FeatureSet).toBe('ALL');
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    expect(rootId).toMatch(/^r-[0-9a-z]{4,32}$/);
    const workloads = (
      await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))
    ).OrganizationalUnit!;
    const prod = (
      await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: workloads.Id!, Name: 'Prod' }))
    ).OrganizationalUnit!;
    expect(prod.Id).toMatch(new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8,32}$`));
    const duplicate = await orgs
      .send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))
      .catch((e: Error) => e);
    if (!isMoto) {
      // moto does not check OU names for uniqueness within a parent; AWS does.
      expect((duplicate as Error).name).toBe('DuplicateOrganizationalUnitException');
    }

    const started = (
      await orgs.send(new CreateAccountCommand({ AccountName: 'Shop', Email: 'shop@example.com' }))
    ).CreateAccountStatus!;
    expect(started.Id).toMatch(/^car-[a-z0-9]{8,32}$/);
    if (!isMoto) {
      // moto answers SUCCEEDED at once; AWS (and the sandbox) answer IN_PROGRESS first.
      expect(started.State).toBe('IN_PROGRESS');
    }
    let status = started;
    for (let i = 0; i < 5 && status.State === 'IN_PROGRESS'; i++) {
      status = (
        await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.Id! }))
      ).CreateAccountStatus!;
    }
    expect(status.State).toBe('SUCCEEDED');
    const accountId = status.AccountId!;
    expect(accountId).toMatch(/^\d{12}$/);

    await orgs.send(
      new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: prod.Id! }),
    );
    const parents = (await orgs.send(new ListParentsCommand({ ChildId: accountId }))).Parents!;
    expect(parents).toEqual([{ Id: prod.Id, Type: 'ORGANIZATIONAL_UNIT' }]);
    const inProd = (await orgs.send(new ListAccountsForParentCommand({ ParentId: prod.Id! }))).Accounts!;
    expect(inProd.map((a) => a.Email)).toEqual(['shop@example.com']);
    const children = (
      await orgs.send(new ListChildrenCommand({ ParentId: workloads.Id!, ChildType: 'ORGANIZATIONAL_UNIT' }))
    ).Children!;
    expect(children.map((c) => c.Id)).toEqual([prod.Id]);

    const content = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
    });
    const policy = (
      await orgs.send(
        new CreatePolicyCommand({
          Name: 'DenyLeave',
          Description: 'stay',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: content,
        }),
      )
    ).Policy!;
    expect(policy.PolicySummary!.Id).toMatch(/^p-[0-9a-zA-Z_]{8,128}$/);
    await orgs.send(
      new AttachPolicyCommand({ PolicyId: policy.PolicySummary!.Id!, TargetId: workloads.Id! }),
    );
    const targets = (
      await orgs.send(new ListTargetsForPolicyCommand({ PolicyId: policy.PolicySummary!.Id! }))
    ).Targets!;
    expect(targets.map((t) => [t.TargetId, t.Type])).toEqual([[workloads.Id, 'ORGANIZATIONAL_UNIT']]);

    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
    await orgs.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: accountId,
        ServicePrincipal: 'guardduty.amazonaws.com',
      }),
    );
    const admins = (
      await orgs.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }))
    ).DelegatedAdministrators!;
    expect(admins.map((a) => a.Id)).toEqual([accountId]);
    const management = await orgs
      .send(
        new RegisterDelegatedAdministratorCommand({
          AccountId: org.MasterAccountId!,
          ServicePrincipal: 'guardduty.amazonaws.com',
        }),
      )
      .catch((e: Error & { Reason?: string }) => e);
    expect((management as Error).name).toBe('ConstraintViolationException');
  });
});
