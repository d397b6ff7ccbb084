import { describe, expect, it } from 'vitest';
import type {
  AccountEvidence,
  Change,
  ChangeArea,
  OrganizationView,
  OrgReference,
} from '../model/transfer.js';
import { changesFor, type ChangeInputs } from './changes.js';
import {
  ALLOW_ALL,
  MOVING,
  OTHER,
  SOURCE_MANAGEMENT,
  SOURCE_ORG,
  accountFixture,
  deny,
  destinationView,
  doc,
  grant,
  placed,
  sourceView,
  viewPolicy,
} from './testing.js';

function inputs(
  overrides: {
    account?: AccountEvidence;
    source?: OrganizationView;
    destination?: OrganizationView;
    ou?: string;
    references?: OrgReference[] | null;
  } = {},
): ChangeInputs {
  return {
    account: overrides.account ?? accountFixture(),
    source: overrides.source ?? sourceView(),
    destination: overrides.destination ?? destinationView(),
    ou: overrides.ou ?? '',
    references: overrides.references === undefined ? [] : overrides.references,
  };
}

const area = (changes: Change[], name: ChangeArea) => changes.filter((c) => c.area === name);
const lines = (changes: Change[], name: ChangeArea) =>
  area(changes, name).map((c) => `${c.effect}: ${c.summary}`);

describe('changesFor', () => {
  it('gives every area in order for an account with nothing to lose, ending with billing', () => {
    const changes = changesFor(inputs());
    expect(changes.map((c) => `${c.area}:${c.effect}`)).toEqual([
      'access:risk',
      'logging:risk',
      'access-roles:risk',
      'support:keeps',
      'billing:risk',
    ]);
    expect(changes.at(-1)!.summary).toMatch(/^Usage is billed by the source payer until acceptance/);
  });
});

describe('policies', () => {
  const account = accountFixture({
    sourcePolicies: [
      placed('FullAWSAccess', ALLOW_ALL, { awsManaged: true }),
      placed('DenyLeave', doc(deny('organizations:LeaveOrganization')), {
        at: { kind: 'ou', path: 'Customers' },
      }),
      placed('Shared', doc(deny('s3:DeleteBucket'))),
      placed('Drift', doc(deny('ec2:*')), { at: { kind: 'account' } }),
      placed('Tags', '{"tags":{}}', { type: 'TAG_POLICY' }),
    ],
  });
  const destination = destinationView({
    policies: [
      // As viewFromConfig adds it: AWS-managed, no content.
      viewPolicy('FullAWSAccess', null, { awsManaged: true, content: '' }),
      viewPolicy('Shared', null, { content: doc(deny('s3:DeleteBucket')) }),
      viewPolicy('Drift', 'Workloads', { content: doc(deny('ec2:RunInstances')) }),
      viewPolicy('DenyIamUsers', 'Workloads/Prod', { content: doc(deny('iam:CreateUser')) }),
      viewPolicy('Tags', null, { type: 'SERVICE_CONTROL_POLICY', content: '{"tags":{}}' }),
      viewPolicy('SandboxOnly', 'Sandbox'),
    ],
  });

  it('names what stops, starts and stays, and the window before the OU move', () => {
    const changes = changesFor(inputs({ account, destination, ou: 'Workloads/Prod' }));
    expect(lines(changes, 'policies')).toEqual([
      'loses: SERVICE_CONTROL_POLICY DenyLeave (on OU Customers) stops applying',
      'loses: SERVICE_CONTROL_POLICY Drift (on the account) stops applying',
      'loses: TAG_POLICY Tags (on root) stops applying',
      'gains: SERVICE_CONTROL_POLICY Tags (on the destination root) starts applying',
      'gains: SERVICE_CONTROL_POLICY Drift (on the destination OU Workloads) starts applying',
      'gains: SERVICE_CONTROL_POLICY DenyIamUsers (on the destination OU Workloads/Prod) starts applying',
      'keeps: 2 policies are the same in both organizations',
      "risk: Between acceptance and the move to Workloads/Prod only the destination root's policies apply",
    ]);
    const keeps = area(changes, 'policies').find((c) => c.effect === 'keeps')!;
    expect(keeps.detail).toEqual(['SERVICE_CONTROL_POLICY FullAWSAccess', 'SERVICE_CONTROL_POLICY Shared']);
    const risk = area(changes, 'policies').find((c) => c.effect === 'risk')!;
    expect(risk.detail).toEqual(['execute moves the account to the OU immediately after acceptance']);
  });

  it('has no window risk when the account stays at the destination root', () => {
    const changes = changesFor(inputs({ account, destination, ou: '' }));
    expect(lines(changes, 'policies')).toEqual([
      'loses: SERVICE_CONTROL_POLICY DenyLeave (on OU Customers) stops applying',
      'loses: SERVICE_CONTROL_POLICY Drift (on the account) stops applying',
      'loses: TAG_POLICY Tags (on root) stops applying',
      'gains: SERVICE_CONTROL_POLICY Tags (on the destination root) starts applying',
      'keeps: 2 policies are the same in both organizations',
    ]);
  });
});

describe('access', () => {
  const account = accountFixture({
    access: [
      grant('AcmeAdmins', 'AdministratorAccess', ['ana', 'bob']),
      grant('carol', 'ReadOnly', ['carol'], 'USER'),
      grant('Nobody', 'ReadOnly', []),
    ],
  });
  const at = (target: string, g: ReturnType<typeof grant>) => ({ ...g, target });

  it('loses each source grant, naming the people of groups, and gains the OU’s grants', () => {
    const destination = destinationView({
      ouAccess: [
        at('Workloads', grant('Admins', 'AdministratorAccess', ['ana', 'zed'])),
        at('account:Acme Prod', grant('dave', 'Billing', ['dave'], 'USER')),
        at('Sandbox', grant('Devs', 'PowerUser', ['eve'])),
      ],
    });
    expect(lines(changesFor(inputs({ account, destination, ou: 'Workloads/Prod' })), 'access')).toEqual([
      'loses: Identity Center: group AcmeAdmins → AdministratorAccess (ana, bob) is removed',
      'loses: Identity Center: user carol → ReadOnly is removed',
      'loses: Identity Center: group Nobody → ReadOnly (no members) is removed',
      'gains: Identity Center: group Admins → AdministratorAccess (ana, zed) (execute assigns it)',
      'gains: Identity Center: user dave → Billing (execute assigns it)',
    ]);
  });

  it('is a risk when the destination’s access is unknown (no org.yaml)', () => {
    expect(
      lines(changesFor(inputs({ account, destination: destinationView({ ouAccess: null }) })), 'access'),
    ).toEqual([
      'loses: Identity Center: group AcmeAdmins → AdministratorAccess (ana, bob) is removed',
      'loses: Identity Center: user carol → ReadOnly is removed',
      'loses: Identity Center: group Nobody → ReadOnly (no members) is removed',
      'risk: The destination assigns no Identity Center access to a new account by itself: pass its org.yaml to see (and apply) what it gives the OU',
    ]);
  });

  it('is a risk when the org.yaml gives the OU nothing', () => {
    const destination = destinationView({
      ouAccess: [at('Sandbox', grant('Devs', 'PowerUser', ['eve']))],
    });
    expect(lines(changesFor(inputs({ destination, ou: 'Workloads/Prod' })), 'access')).toEqual([
      "risk: The destination's org.yaml gives Workloads/Prod no Identity Center access: nobody can sign in through Identity Center after the move",
    ]);
    expect(lines(changesFor(inputs({ destination, ou: '' })), 'access')).toEqual([
      "risk: The destination's org.yaml gives the root no Identity Center access: nobody can sign in through Identity Center after the move",
    ]);
  });
});

describe('logging and stack sets', () => {
  const source = sourceView({
    coverage: {
      trails: [{ name: 'reseller-trail', region: 'us-east-1' }],
      aggregators: [{ name: 'reseller-agg', account: SOURCE_MANAGEMENT, region: 'eu-west-1' }],
      services: [],
      stackSets: [],
    },
  });

  it('loses the source trail and aggregator, and is a risk when the destination was not read live', () => {
    expect(lines(changesFor(inputs({ source })), 'logging')).toEqual([
      'loses: Organization trail reseller-trail (us-east-1) stops logging the account',
      `loses: Config aggregator reseller-agg (${SOURCE_MANAGEMENT}, eu-west-1) drops the account`,
      'risk: The destination was not read live: its trail and aggregator coverage is unknown (plan with --to-profile)',
    ]);
  });

  it('gains the destination trail, aggregator and the stack sets targeting the path', () => {
    const destination = destinationView({
      coverage: {
        trails: [{ name: 'acme-trail', region: 'eu-west-1' }],
        aggregators: [{ name: 'acme-agg', account: '999999999999', region: 'eu-west-1' }],
        services: [],
        stackSets: [
          { name: 'everywhere', region: 'eu-west-1', targets: ['(root)'] },
          { name: 'workloads', region: 'eu-west-1', targets: ['Workloads'] },
          { name: 'sandbox', region: 'eu-west-1', targets: ['Sandbox', 'Workloads/Dev'] },
        ],
      },
    });
    const changes = changesFor(inputs({ destination, ou: 'Workloads/Prod' }));
    expect(lines(changes, 'logging')).toEqual([
      'gains: Organization trail acme-trail (eu-west-1) logs the account',
      'gains: Config aggregator acme-agg (999999999999, eu-west-1) includes the account',
    ]);
    expect(lines(changes, 'stack-sets')).toEqual([
      'gains: Stack set everywhere (eu-west-1) deploys to the account automatically',
      'gains: Stack set workloads (eu-west-1) deploys to the account automatically',
    ]);
  });

  it('is a risk when the destination has no organization trail', () => {
    const destination = destinationView({
      coverage: { trails: [], aggregators: [], services: [], stackSets: [] },
    });
    expect(lines(changesFor(inputs({ destination })), 'logging')).toEqual([
      'risk: The destination has no organization trail: nothing logs the account after the move',
    ]);
  });
});

describe('security services', () => {
  it('loses source administrators and gains or risks the destination’s', () => {
    const account = accountFixture({
      memberships: [
        { service: 'guardduty', region: 'us-east-1', administrator: SOURCE_MANAGEMENT },
        { service: 'securityhub', region: 'us-east-1', administrator: null },
      ],
    });
    const destination = destinationView({
      coverage: {
        trails: [{ name: 't', region: 'us-east-1' }],
        aggregators: [],
        services: [
          { service: 'guardduty', region: 'us-east-1', admin: '555555555555', autoEnable: true },
          { service: 'securityhub', region: 'us-east-1', admin: '555555555555', autoEnable: false },
        ],
        stackSets: [],
      },
    });
    expect(lines(changesFor(inputs({ account, destination })), 'security-services')).toEqual([
      `loses: GuardDuty (us-east-1): disassociated from administrator ${SOURCE_MANAGEMENT}; the account's own detector stays on and keeps billing`,
      'gains: GuardDuty (us-east-1): enrolled automatically by 555555555555',
      'risk: Security Hub (us-east-1): 555555555555 does not enrol new members automatically; add the account by hand',
    ]);
  });
});

describe('stack instances', () => {
  it('is a risk for instances DELETED on leaving, keeps the retained ones', () => {
    const account = accountFixture({
      stackInstances: [
        { stackSet: 'monitoring', region: 'us-east-1', autoDeployment: true, retainStacks: false },
        { stackSet: 'baseline', region: 'eu-west-1', autoDeployment: true, retainStacks: true },
      ],
    });
    const changes = area(changesFor(inputs({ account })), 'stack-sets');
    expect(changes).toEqual([
      {
        area: 'stack-sets',
        effect: 'risk',
        summary:
          'Stack set monitoring (us-east-1): the stack instance and its resources are DELETED when the account leaves',
        detail: ['set RetainStacksOnAccountRemoval on the stack set before the move to keep them'],
      },
      {
        area: 'stack-sets',
        effect: 'keeps',
        summary:
          'Stack set baseline (eu-west-1): the stack stays (RetainStacksOnAccountRemoval) but leaves the stack set',
      },
    ]);
  });
});

describe('resource policies', () => {
  const references: OrgReference[] = [
    {
      accountId: MOVING,
      service: 's3',
      region: 'us-east-1',
      resource: 'arn:aws:s3:::acme-logs',
      matches: [{ value: SOURCE_ORG, key: 'aws:PrincipalOrgID' }],
    },
    {
      accountId: OTHER,
      service: 'kms',
      region: 'eu-west-1',
      resource: `arn:aws:kms:eu-west-1:${OTHER}:key/1`,
      matches: [
        { value: SOURCE_ORG, key: null },
        { value: 'ou-src1-customers', key: 'aws:PrincipalOrgPaths' },
      ],
    },
  ];

  it('says what the account still trusts and what stops granting it access', () => {
    expect(lines(changesFor(inputs({ references })), 'resource-policies')).toEqual([
      `risk: s3 arn:aws:s3:::acme-logs (in the account) still trusts the source organization: ${SOURCE_ORG} in aws:PrincipalOrgID`,
      `risk: kms arn:aws:kms:eu-west-1:${OTHER}:key/1 in ${OTHER} stops granting the account access: ${SOURCE_ORG}, ou-src1-customers in aws:PrincipalOrgPaths`,
    ]);
  });

  it('is a risk when nothing was scanned', () => {
    expect(lines(changesFor(inputs({ references: null })), 'resource-policies')).toEqual([
      'risk: Resource policies were not scanned for the source organization id (--scan none)',
    ]);
  });
});

describe('access roles', () => {
  it('names each role trusting the source management account', () => {
    const account = accountFixture({ managementRoles: ['OrganizationAccountAccessRole'] });
    expect(lines(changesFor(inputs({ account })), 'access-roles')).toEqual([
      'risk: The destination gets no OrganizationAccountAccessRole for an invited account: deploy its own access role (a stack set, or execute through --account-profile)',
      `risk: Role OrganizationAccountAccessRole trusts the source management account ${SOURCE_MANAGEMENT}: it keeps administrator access until the role is deleted`,
    ]);
  });
});

describe('IAM users', () => {
  const account = accountFixture({ iamUsers: { total: 3, withPassword: 1, withKeys: 2 } });

  it('is a risk when a destination SCP on the path denies iam:CreateUser', () => {
    const destination = destinationView({
      policies: [
        viewPolicy('FullAWSAccess', null, { awsManaged: true }),
        viewPolicy('DenyIamUsers', 'Workloads', {
          content: doc(deny(['iam:CreateUser', 'iam:CreateAccessKey'])),
        }),
      ],
    });
    const [change] = area(changesFor(inputs({ account, destination, ou: 'Workloads/Prod' })), 'iam-users');
    expect(change).toEqual({
      area: 'iam-users',
      effect: 'risk',
      summary:
        "3 IAM users (1 with a console password, 2 with active access keys): the destination's SCPs (DenyIamUsers) forbid creating IAM users or keys",
      detail: ['replace them with Identity Center access before the move'],
    });
  });

  it('keeps them when no SCP on the path denies it (a sibling OU’s deny does not count)', () => {
    const destination = destinationView({
      policies: [viewPolicy('DenyIamUsers', 'Sandbox', { content: doc(deny('iam:CreateUser')) })],
    });
    expect(lines(changesFor(inputs({ account, destination, ou: 'Workloads/Prod' })), 'iam-users')).toEqual([
      'keeps: 3 IAM users (1 with a console password, 2 with active access keys)',
    ]);
  });

  it('says nothing for an account without IAM users', () => {
    expect(area(changesFor(inputs()), 'iam-users')).toEqual([]);
  });
});

describe('root user', () => {
  it('is a risk while the root user holds credentials', () => {
    const account = accountFixture({ root: { mfa: true, accessKeys: true } });
    const [change] = area(changesFor(inputs({ account })), 'root');
    expect(change!.effect).toBe('risk');
    expect(change!.summary).toMatch(/^Root user: an MFA device and access keys; /);
    expect(change!.detail).toEqual([
      'the destination has centralized root access: `orgward root delete` removes them after the move',
    ]);
  });

  it('keeps a root user without credentials', () => {
    const account = accountFixture({ root: { mfa: false, accessKeys: false } });
    const [change] = area(
      changesFor(inputs({ account, destination: destinationView({ rootCredentialsManagement: null }) })),
      'root',
    );
    expect(change!.effect).toBe('keeps');
    expect(change!.summary).toMatch(/^Root user: no MFA device, no access keys; /);
    expect(change!.detail![0]).toMatch(/^the destination has no centralized root access/);
  });
});

describe('support', () => {
  it('is a risk when Business support becomes Basic', () => {
    const account = accountFixture({ supportPlan: 'BUSINESS' });
    expect(
      lines(
        changesFor(inputs({ account, destination: destinationView({ supportPlan: 'BASIC' }) })),
        'support',
      ),
    ).toEqual([
      "risk: Support: the account has Business, the destination's management account Basic: paid support bought through the source (or its reseller) ends; buy a plan under the destination",
    ]);
  });

  it('keeps when the destination pays for support, or the plans are unknown', () => {
    const account = accountFixture({ supportPlan: 'BUSINESS' });
    expect(
      lines(
        changesFor(inputs({ account, destination: destinationView({ supportPlan: 'ENTERPRISE' }) })),
        'support',
      ),
    ).toEqual(["keeps: Support: the account has Business, the destination's management account Enterprise"]);
    expect(lines(changesFor(inputs()), 'support')).toEqual([
      "keeps: Support: the account has unknown, the destination's management account unknown",
    ]);
  });
});

describe('contacts', () => {
  it('names missing alternate contacts and lists the set ones', () => {
    const account = accountFixture({
      contacts: {
        primaryEmail: 'root@acme.example',
        alternate: {
          BILLING: { name: 'Bea', email: 'bea@acme.example' },
          OPERATIONS: null,
          SECURITY: null,
        },
      },
    });
    const [change] = area(changesFor(inputs({ account })), 'contacts');
    expect(change).toEqual({
      area: 'contacts',
      effect: 'risk',
      summary: 'Root e-mail root@acme.example; alternate contacts missing: operations, security',
      detail: ['billing: Bea <bea@acme.example>'],
    });
  });
});
