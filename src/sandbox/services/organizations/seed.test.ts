/** The account-level `organization` seeder of world documents, read back through the real SDK. */
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateOrganizationCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import { startTarget, type Target } from '../../../../test/support/targets.js';
import { WorldDocumentError } from '../../seed.js';

const CUSTOMER = '123456789012';
const SHOP = '555566667777';
const RESELLER = '210987654321';
const ACME = '111122223333';
const BETA = '444455556666';
const SCP = 'SERVICE_CONTROL_POLICY';
const WHERE = `accounts.${RESELLER}.organization`;

const DENY_LEAVE = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
};

/** The customer's organization and the reseller's, in one document. */
const twoOrganizations = () => ({
  accounts: {
    [CUSTOMER]: { organization: { members: { [SHOP]: { joinedMethod: 'INVITED' } } } },
    [RESELLER]: {
      name: 'Reseller A',
      email: 'billing@reseller-a.example',
      organization: {
        featureSet: 'ALL',
        createdAt: '2026-01-05T00:00:00Z',
        policyTypes: [SCP],
        ous: ['Customers/Acme', 'Customers'],
        members: {
          [ACME]: { ou: 'Customers/Acme', joinedMethod: 'CREATED', joinedAt: '2026-02-01T00:00:00Z' },
        },
        policies: [
          { name: 'DenyLeave', type: SCP, content: DENY_LEAVE, targets: ['root', 'Customers', ACME] },
        ],
        trustedAccess: ['guardduty.amazonaws.com'],
        delegatedAdministrators: [{ account: ACME, servicePrincipal: 'guardduty.amazonaws.com' }],
      },
    },
  },
});

describe('the organization seeder', () => {
  let target: Target;
  const orgs = (accessKeyId: string) => new OrganizationsClient(target.config({ accessKeyId }));
  const load = (doc: unknown) => target.sandbox!.loadDocument(doc);
  /** The problems a document is refused with (the test fails when it is accepted). */
  const issuesOf = (doc: unknown): string[] => {
    try {
      load(doc);
    } catch (error) {
      expect(error).toBeInstanceOf(WorldDocumentError);
      return (error as WorldDocumentError).issues;
    }
    throw new Error('expected the document to be refused');
  };

  /** The ids a reseller's organization was given, read through the API. */
  const resellerIds = async () => {
    const client = orgs(RESELLER);
    const org = (await client.send(new DescribeOrganizationCommand({}))).Organization!;
    const root = (await client.send(new ListRootsCommand({}))).Roots![0]!;
    const ous = async (ParentId: string) =>
      (await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId }))).OrganizationalUnits!;
    const [customers] = await ous(root.Id!);
    const [acme] = await ous(customers!.Id!);
    const policies = (await client.send(new ListPoliciesCommand({ Filter: SCP }))).Policies!;
    const denyLeave = policies.find((p) => p.Name === 'DenyLeave')!;
    return { org, root, customers: customers!, acme: acme!, policies, denyLeave };
  };

  beforeAll(async () => {
    target = await startTarget('sandbox');
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  it('seeds two organizations, each read with its own management key', async () => {
    expect(load(twoOrganizations())).toEqual({ kind: 'merged', accounts: [CUSTOMER, RESELLER] });
    const reseller = orgs(RESELLER);
    const { org, root, customers, acme, policies, denyLeave } = await resellerIds();
    expect(org).toMatchObject({
      FeatureSet: 'ALL',
      MasterAccountId: RESELLER,
      MasterAccountEmail: 'billing@reseller-a.example',
      Arn: `arn:aws:organizations::${RESELLER}:organization/${org.Id}`,
      AvailablePolicyTypes: [{ Type: SCP, Status: 'ENABLED' }],
    });
    expect(org.Id).toMatch(/^o-[a-z0-9]{10}$/);
    expect(root.Id).toMatch(/^r-[a-z0-9]{4}$/);
    expect(root.PolicyTypes).toEqual([{ Type: SCP, Status: 'ENABLED' }]);
    expect(customers).toMatchObject({ Name: 'Customers', Path: `${org.Id}/${root.Id}/${customers.Id}/` });
    expect(customers.Id).toMatch(new RegExp(`^ou-${root.Id!.slice(2)}-[a-z0-9]{8}$`));
    expect(acme.Name).toBe('Acme');

    const accounts = (await reseller.send(new ListAccountsCommand({}))).Accounts!;
    expect(accounts.map((a) => [a.Id, a.JoinedMethod, a.JoinedTimestamp?.toISOString()])).toEqual([
      [RESELLER, 'CREATED', '2026-01-05T00:00:00.000Z'],
      [ACME, 'CREATED', '2026-02-01T00:00:00.000Z'],
    ]);
    expect(accounts[0]).toMatchObject({ Name: 'Reseller A', Email: 'billing@reseller-a.example' });
    expect(
      (await reseller.send(new ListAccountsForParentCommand({ ParentId: acme.Id! }))).Accounts!.map(
        (a) => a.Id,
      ),
    ).toEqual([ACME]);

    expect(policies.map((p) => [p.Name, p.AwsManaged])).toEqual([
      ['FullAWSAccess', true],
      ['DenyLeave', false],
    ]);
    expect(denyLeave.Id).toMatch(/^p-[a-z0-9]{8}$/);
    expect(denyLeave.Arn).toBe(
      `arn:aws:organizations::${RESELLER}:policy/${org.Id}/service_control_policy/${denyLeave.Id}`,
    );
    const described = (await reseller.send(new DescribePolicyCommand({ PolicyId: denyLeave.Id! }))).Policy!;
    expect(JSON.parse(described.Content!)).toEqual(DENY_LEAVE);
    const targets = (await reseller.send(new ListTargetsForPolicyCommand({ PolicyId: denyLeave.Id! })))
      .Targets!;
    expect(targets.map((t) => [t.TargetId, t.Type])).toEqual([
      [root.Id, 'ROOT'],
      [customers.Id, 'ORGANIZATIONAL_UNIT'],
      [ACME, 'ACCOUNT'],
    ]);
    const onAcme = async (Filter: PolicyType) =>
      (await reseller.send(new ListPoliciesForTargetCommand({ TargetId: ACME, Filter }))).Policies!.map(
        (p) => p.Name,
      );
    expect(await onAcme(SCP)).toEqual(['FullAWSAccess', 'DenyLeave']);
    expect(
      (await reseller.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!.map(
        (s) => s.ServicePrincipal,
      ),
    ).toEqual(['guardduty.amazonaws.com']);
    expect(
      (await reseller.send(new ListDelegatedAdministratorsCommand({}))).DelegatedAdministrators!.map(
        (d) => d.Id,
      ),
    ).toEqual([ACME]);

    // The member created in the organization has the role CreateAccount gives, trusting the reseller.
    const role = (
      await new IAMClient(target.config({ accessKeyId: ACME })).send(
        new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }),
      )
    ).Role!;
    expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({
      AWS: `arn:aws:iam::${RESELLER}:root`,
    });

    // The other organization is its own: its key sees its accounts only.
    const customer = orgs(CUSTOMER);
    const other = (await customer.send(new DescribeOrganizationCommand({}))).Organization!;
    expect(other.Id).not.toBe(org.Id);
    expect(other.MasterAccountId).toBe(CUSTOMER);
    expect(
      (await customer.send(new ListAccountsCommand({}))).Accounts!.map((a) => [a.Id, a.JoinedMethod]),
    ).toEqual([
      [CUSTOMER, 'CREATED'],
      [SHOP, 'INVITED'],
    ]);
    expect(
      await failure(
        new IAMClient(target.config({ accessKeyId: SHOP })).send(
          new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }),
        ),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException' });
    // A member reads the organization it belongs to.
    expect((await orgs(ACME).send(new DescribeOrganizationCommand({}))).Organization!.Id).toBe(org.Id);

    // The same document on a fresh sandbox gives the same ids.
    const first = { org: org.Id, root: root.Id, ou: acme.Id, policy: denyLeave.Id };
    await target.reset();
    load(twoOrganizations());
    const again = await resellerIds();
    expect({ org: again.org.Id, root: again.root.Id, ou: again.acme.Id, policy: again.denyLeave.Id }).toEqual(
      first,
    );
  });

  it('merges a second document into the organization', async () => {
    load(twoOrganizations());
    const before = await resellerIds();
    const changed = { ...DENY_LEAVE, Statement: [{ ...DENY_LEAVE.Statement[0], Sid: 'Changed' }] };
    load({
      accounts: {
        [RESELLER]: {
          organization: {
            policyTypes: ['TAG_POLICY'],
            ous: ['Customers/Beta'],
            members: {
              [ACME]: { ou: 'Customers' },
              [BETA]: { ou: 'Customers/Beta', joinedMethod: 'INVITED' },
            },
            policies: [
              { name: 'DenyLeave', type: SCP, content: JSON.stringify(changed), targets: ['Customers/Beta'] },
              {
                name: 'CostCenter',
                type: 'TAG_POLICY',
                content: { tags: { CostCenter: { tag_key: { '@@assign': 'CostCenter' } } } },
                targets: ['Customers/Beta', BETA],
              },
            ],
            trustedAccess: ['securityhub.amazonaws.com'],
            delegatedAdministrators: [{ account: BETA, servicePrincipal: 'securityhub.amazonaws.com' }],
          },
        },
      },
    });
    const reseller = orgs(RESELLER);
    const after = await resellerIds();
    expect([after.org.Id, after.root.Id, after.customers.Id, after.acme.Id, after.denyLeave.Id]).toEqual([
      before.org.Id,
      before.root.Id,
      before.customers.Id,
      before.acme.Id,
      before.denyLeave.Id,
    ]);
    expect(after.root.PolicyTypes!.map((t) => t.Type)).toEqual([SCP, 'TAG_POLICY']);
    const children = (
      await reseller.send(new ListOrganizationalUnitsForParentCommand({ ParentId: after.customers.Id! }))
    ).OrganizationalUnits!;
    expect(children.map((o) => o.Name)).toEqual(['Acme', 'Beta']);
    const beta = children[1]!;

    // ACME moved up to Customers; BETA joined Beta as invited, without the role.
    expect((await reseller.send(new ListParentsCommand({ ChildId: ACME }))).Parents).toEqual([
      { Id: after.customers.Id, Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    const accounts = (await reseller.send(new ListAccountsCommand({}))).Accounts!;
    expect(accounts.map((a) => [a.Id, a.JoinedMethod])).toEqual([
      [RESELLER, 'CREATED'],
      [ACME, 'CREATED'],
      [BETA, 'INVITED'],
    ]);
    expect(
      await failure(
        new IAMClient(target.config({ accessKeyId: BETA })).send(
          new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }),
        ),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException' });

    // The policy was updated by name and type, and attached to one more target.
    const described = (await reseller.send(new DescribePolicyCommand({ PolicyId: after.denyLeave.Id! })))
      .Policy!;
    expect(JSON.parse(described.Content!)).toEqual(changed);
    const targets = (await reseller.send(new ListTargetsForPolicyCommand({ PolicyId: after.denyLeave.Id! })))
      .Targets!;
    expect(targets.map((t) => t.TargetId)).toEqual([after.root.Id, after.customers.Id, ACME, beta.Id]);
    const onBeta = (
      await reseller.send(new ListPoliciesForTargetCommand({ TargetId: beta.Id!, Filter: 'TAG_POLICY' }))
    ).Policies!;
    expect(onBeta.map((p) => p.Name)).toEqual(['CostCenter']);
    // New OUs and members get FullAWSAccess, as CreateOrganizationalUnit and joining give it.
    const scpsOnBeta = (
      await reseller.send(new ListPoliciesForTargetCommand({ TargetId: BETA, Filter: SCP }))
    ).Policies!;
    expect(scpsOnBeta.map((p) => p.Name)).toEqual(['FullAWSAccess']);

    expect(
      (await reseller.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!.map(
        (s) => s.ServicePrincipal,
      ),
    ).toEqual(['guardduty.amazonaws.com', 'securityhub.amazonaws.com']);
    expect(
      (await reseller.send(new ListDelegatedAdministratorsCommand({}))).DelegatedAdministrators!.map(
        (d) => d.Id,
      ),
    ).toEqual([ACME, BETA]);
  });

  it('merges into an organization built through the API', async () => {
    const customer = orgs(CUSTOMER);
    const created = (await customer.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!;
    load({
      accounts: {
        [CUSTOMER]: { organization: { ous: ['Workloads'], members: { [SHOP]: { ou: 'Workloads' } } } },
      },
    });
    expect((await customer.send(new DescribeOrganizationCommand({}))).Organization!.Id).toBe(created.Id);
    const root = (await customer.send(new ListRootsCommand({}))).Roots![0]!;
    const [workloads] = (
      await customer.send(new ListOrganizationalUnitsForParentCommand({ ParentId: root.Id! }))
    ).OrganizationalUnits!;
    expect(
      (await customer.send(new ListAccountsForParentCommand({ ParentId: workloads!.Id! }))).Accounts!.map(
        (a) => a.Id,
      ),
    ).toEqual([SHOP]);
  });

  it('refuses malformed organizations, naming each bad value', () => {
    const issues = issuesOf({
      accounts: {
        [RESELLER]: {
          organization: {
            featureSet: 'SOME',
            createdAt: 'yesterday',
            policyTypes: ['SCP'],
            ous: ['Customers//Acme', 'root', 'a/b/c/d/e/f'],
            members: { '1234': {}, [ACME]: { ou: '/x', joinedMethod: 'BORN', joinedAt: '2026-02-01' } },
            policies: [
              { name: 'P', type: SCP, content: '{nope' },
              { name: 'Q', type: 'SCP', content: {} },
              {
                name: 'R',
                type: SCP,
                content: { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*' }] },
              },
              { name: 'S', type: 'TAG_POLICY', content: [] },
              { name: 'T', type: SCP, content: DENY_LEAVE, targets: ['Customers/'] },
            ],
            trustedAccess: ['guardduty'],
            delegatedAdministrators: [{ account: 'x', servicePrincipal: 'guardduty.amazonaws.com' }],
            colour: 'blue',
          },
        },
      },
    });
    const expected = [
      `${WHERE}.featureSet: "SOME" is not a feature set (ALL, CONSOLIDATED_BILLING)`,
      `${WHERE}.createdAt: "yesterday" is not an ISO 8601 date and time`,
      `${WHERE}.policyTypes.0: "SCP" is not a policy type`,
      `${WHERE}.ous.0: OU path "Customers//Acme" has an empty name`,
      `${WHERE}.ous.1: "root" names the root, not an OU`,
      `${WHERE}.ous.2: OU path "a/b/c/d/e/f" is 6 levels deep; the limit under the root is 5`,
      `${WHERE}.members.1234: Invalid key in record: "1234" is not an account id (12 digits)`,
      `${WHERE}.members.${ACME}.ou: OU path "/x" has an empty name`,
      `${WHERE}.members.${ACME}.joinedMethod: "BORN" is not a joined method (CREATED, INVITED)`,
      `${WHERE}.members.${ACME}.joinedAt: "2026-02-01" is not an ISO 8601 date and time`,
      `${WHERE}.policies.0.content: the content of policy "P" is not valid JSON`,
      `${WHERE}.policies.1.type: "SCP" is not a policy type`,
      `${WHERE}.policies.2.content: the content of SERVICE_CONTROL_POLICY "R" has a Principal, which SCPs do not take`,
      `${WHERE}.policies.3.content: the content is a JSON object or its text, not an array`,
      `${WHERE}.policies.4.targets.0: OU path "Customers/" has an empty name`,
      `${WHERE}.trustedAccess.0: "guardduty" is not a service principal such as guardduty.amazonaws.com`,
      `${WHERE}.delegatedAdministrators.0.account: "x" is not an account id (12 digits)`,
      `${WHERE}: Unrecognized key: "colour"`,
    ];
    for (const text of expected)
      expect(
        issues.some((i) => i.startsWith(text)),
        `${text}\nin\n${issues.join('\n')}`,
      ).toBe(true);
  });

  it('refuses contradictions within the organization', () => {
    const issues = issuesOf({
      accounts: {
        [RESELLER]: {
          organization: {
            featureSet: 'CONSOLIDATED_BILLING',
            policyTypes: [SCP],
            trustedAccess: ['guardduty.amazonaws.com'],
            policies: [
              { name: 'DenyLeave', type: SCP, content: DENY_LEAVE },
              { name: 'DenyLeave', type: SCP, content: DENY_LEAVE },
            ],
          },
        },
      },
    });
    expect(issues).toEqual([
      `${WHERE}.policyTypes: policy types (SERVICE_CONTROL_POLICY) need featureSet ALL`,
      `${WHERE}.trustedAccess: trusted access needs featureSet ALL`,
      `${WHERE}.policies.1.name: SERVICE_CONTROL_POLICY "DenyLeave" is listed twice`,
    ]);
  });

  it('refuses what the state forbids, and applies nothing of the organization', async () => {
    load(twoOrganizations());
    const acmeOrg = (await orgs(RESELLER).send(new DescribeOrganizationCommand({}))).Organization!.Id!;
    const customerOrg = (await orgs(CUSTOMER).send(new DescribeOrganizationCommand({}))).Organization!.Id!;
    const NEW = '999988887777';
    const issues = issuesOf({
      accounts: {
        [NEW]: {
          organization: {
            members: {
              [SHOP]: {},
              [CUSTOMER]: {},
              [NEW]: { joinedAt: '2026-01-01T00:00:00Z' },
              [BETA]: { ou: 'Nowhere' },
            },
            policies: [
              { name: 'FullAWSAccess', type: SCP, content: DENY_LEAVE },
              { name: 'Tags', type: 'TAG_POLICY', content: {}, targets: ['root'] },
              { name: 'Deny', type: SCP, content: DENY_LEAVE, targets: ['Elsewhere', '101010101010'] },
            ],
            delegatedAdministrators: [
              { account: NEW, servicePrincipal: 'guardduty.amazonaws.com' },
              { account: BETA, servicePrincipal: 'guardduty.amazonaws.com' },
            ],
          },
        },
      },
    });
    const at = `accounts.${NEW}.organization`;
    expect(issues).toEqual([
      `${at}.members.${SHOP}: account ${SHOP} is in organization ${customerOrg} (management account ${CUSTOMER}); an account belongs to one organization at a time`,
      `${at}.members.${CUSTOMER}: account ${CUSTOMER} is the management account of organization ${customerOrg} (management account ${CUSTOMER}); an account belongs to one organization at a time`,
      `${at}.members.${NEW}: ${NEW} is the management account: it joined when the organization was created (createdAt); give it only an ou`,
      `${at}.members.${BETA}.ou: OU "Nowhere" is neither in ous nor in the organization`,
      `${at}.policies.0.name: "FullAWSAccess" is the AWS-managed SERVICE_CONTROL_POLICY and cannot be changed`,
      `${at}.policies.1.targets: TAG_POLICY is not enabled on the root, so "Tags" cannot be attached (policyTypes)`,
      `${at}.policies.2.targets.0: OU "Elsewhere" is neither in ous nor in the organization`,
      `${at}.policies.2.targets.1: account 101010101010 is not a member of the organization (members)`,
      `${at}.delegatedAdministrators.0.account: ${NEW} is the management account, which cannot be a delegated administrator`,
      `${at}.delegatedAdministrators.0.servicePrincipal: "guardduty.amazonaws.com" has no trusted access (list it in trustedAccess)`,
      `${at}.delegatedAdministrators.1.servicePrincipal: "guardduty.amazonaws.com" has no trusted access (list it in trustedAccess)`,
    ]);
    // Nothing of the refused organization was applied.
    expect(await failure(orgs(NEW).send(new DescribeOrganizationCommand({})))).toMatchObject({
      name: 'AWSOrganizationsNotInUseException',
    });
    expect(await failure(orgs(BETA).send(new DescribeOrganizationCommand({})))).toMatchObject({
      name: 'AWSOrganizationsNotInUseException',
    });

    // A member of an organization cannot describe one; all features cannot be turned off.
    expect(issuesOf({ accounts: { [ACME]: { organization: { ous: ['X'] } } } })).toEqual([
      `accounts.${ACME}.organization: account ${ACME} is a member of organization ${acmeOrg} (management account ${RESELLER}); only a management account describes its organization`,
    ]);
    expect(
      issuesOf({ accounts: { [RESELLER]: { organization: { featureSet: 'CONSOLIDATED_BILLING' } } } }),
    ).toEqual([
      `${WHERE}.featureSet: organization ${acmeOrg} has all features, which cannot be turned off ("CONSOLIDATED_BILLING")`,
    ]);

    // Attachments count what the target holds already: DenyLeave and FullAWSAccess are on the root.
    const many = Array.from({ length: 9 }, (_, n) => ({
      name: `Deny${n}`,
      type: SCP,
      content: DENY_LEAVE,
      targets: ['root'],
    }));
    expect(issuesOf({ accounts: { [RESELLER]: { organization: { policies: many } } } })).toEqual([
      `${WHERE}.policies: "root" would hold 11 SERVICE_CONTROL_POLICY policies; the limit is 10`,
    ]);
    expect(() =>
      load({ accounts: { [RESELLER]: { organization: { policies: many.slice(1) } } } }),
    ).not.toThrow();
  });
});
