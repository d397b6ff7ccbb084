import { describe, expect, it } from 'vitest';
import type {
  AccountEvidence,
  AccountTransfer,
  OrgReference,
  TransferEvidence,
  TransferPlan,
} from '../model/transfer.js';
import { accountEvidence, planTransfer, type TransferPlanInputs } from './plan.js';
import {
  DESTINATION_MANAGEMENT,
  DESTINATION_ORG,
  MOVING,
  NOW,
  OTHER,
  SOURCE_MANAGEMENT,
  SOURCE_ORG,
  accountFixture,
  destinationView,
  grant,
  sourceSnapshot,
  sourceView,
  transferEvidence,
} from './testing.js';

const STAYING = '444444444444';

function plan(overrides: Partial<TransferPlanInputs> = {}): TransferPlan {
  return planTransfer({
    now: NOW,
    path: 'direct',
    evidence: transferEvidence(),
    ou: '',
    contacts: null,
    rootEmail: null,
    ...overrides,
  });
}

function only(result: TransferPlan): AccountTransfer {
  expect(result.accounts).toHaveLength(1);
  return result.accounts[0]!;
}

const stepIds = (a: AccountTransfer) => a.steps.map((s) => s.id);
const runbookIds = (a: AccountTransfer) => a.runbook.map((s) => s.id);

const reference = (accountId: string, resource: string): OrgReference => ({
  accountId,
  service: 's3',
  region: 'us-east-1',
  resource,
  matches: [{ value: SOURCE_ORG, key: 'aws:PrincipalOrgID' }],
});

/** A move with everything that adds steps: delegated administration, a deleted stack instance, access, contacts, a new root e-mail. */
function fullDirect(account: Partial<AccountEvidence> = {}): TransferPlan {
  return plan({
    evidence: transferEvidence({
      accounts: [
        accountFixture({
          delegatedServices: ['guardduty.amazonaws.com', 'securityhub.amazonaws.com'],
          stackInstances: [
            { stackSet: 'monitoring', region: 'us-east-1', autoDeployment: true, retainStacks: false },
            { stackSet: 'monitoring', region: 'eu-west-1', autoDeployment: true, retainStacks: false },
            { stackSet: 'baseline', region: 'us-east-1', autoDeployment: true, retainStacks: true },
          ],
          managementRoles: ['OrganizationAccountAccessRole'],
          ...account,
        }),
      ],
      destination: destinationView({
        ouAccess: [
          { ...grant('Admins', 'AdministratorAccess', ['ana']), target: '' },
          { ...grant('dave', 'Billing', ['dave'], 'USER'), target: 'Workloads' },
          { ...grant('Devs', 'PowerUser', ['eve']), target: 'Sandbox' },
        ],
      }),
    }),
    ou: 'Workloads/Prod',
    contacts: { SECURITY: { name: 'Sec', email: 'sec@acme.example', title: 'CISO', phone: '+1 555' } },
    rootEmail: 'aws-prod@acme.example',
  });
}

describe('planTransfer: the plan', () => {
  it('carries the version, time, path, why, both organizations and the evidence', () => {
    const evidence = transferEvidence();
    const result = plan({ evidence });
    expect(result).toMatchObject({
      version: 1,
      createdAt: '2025-06-15T12:00:00.000Z',
      path: 'direct',
      source: {
        organizationId: SOURCE_ORG,
        managementAccountId: SOURCE_MANAGEMENT,
        fingerprint: 'source-fingerprint',
      },
      destination: {
        organizationId: DESTINATION_ORG,
        managementAccountId: DESTINATION_MANAGEMENT,
        fingerprint: 'destination-fingerprint',
        from: 'live',
      },
    });
    expect(result.why).toMatch(/^Direct transfer: /);
    expect(result.evidence).toBe(evidence);
    expect(only(result)).toMatchObject({
      accountId: MOVING,
      accountName: 'Acme Prod',
      sourcePath: 'Customers',
      destinationOu: '',
    });
  });

  it('notes the reference scan’s coverage and a destination planned from its org.yaml', () => {
    const result = plan({
      evidence: transferEvidence({
        scanned: { accounts: 3, regions: ['us-east-1', 'eu-west-1'] },
        destination: destinationView({ source: 'config' }),
      }),
    });
    expect(result.notes).toEqual([
      `Resource policies naming ${SOURCE_ORG} were searched in 3 account(s) of the source organization, regions us-east-1, eu-west-1: S3, KMS, SQS, SNS, Lambda and IAM role trusts.`,
      'The destination was planned from its org.yaml: its policies and Identity Center access are as the file says.',
    ]);
    expect(result.destination.from).toBe('config');
    expect(plan({ evidence: transferEvidence({ scanned: null }) }).notes).toEqual([]);
  });
});

describe('planTransfer: direct path', () => {
  it('runs the steps in order: agreement, deregisters, stack-instance gate, invite, accept, place, assigns, contacts, e-mail', () => {
    const account = only(fullDirect());
    expect(account.steps.map((s) => `${s.kind}:${s.id}`)).toEqual([
      'gate:agreement',
      'deregister-administrator:deregister-guardduty-amazonaws-com',
      'deregister-administrator:deregister-securityhub-amazonaws-com',
      'gate:stack-instances',
      'invite:invite',
      'accept:accept',
      'place:place',
      'assign:assign-group-admins-administratoraccess',
      'assign:assign-user-dave-billing',
      'contacts:contacts',
      'primary-email:primary-email',
    ]);
    expect(account.steps[1]).toEqual({
      id: 'deregister-guardduty-amazonaws-com',
      kind: 'deregister-administrator',
      servicePrincipal: 'guardduty.amazonaws.com',
    });
    expect(account.steps[3]).toMatchObject({
      kind: 'gate',
      message: expect.stringMatching(
        /^Leaving deletes 2 stack instance\(s\) and their resources \(monitoring\)\./,
      ),
    });
    expect(account.steps[6]).toEqual({ id: 'place', kind: 'place', ou: 'Workloads/Prod' });
    expect(account.steps[8]).toEqual({
      id: 'assign-user-dave-billing',
      kind: 'assign',
      permissionSet: 'Billing',
      principalType: 'USER',
      principal: 'dave',
    });
    expect(account.steps[9]).toEqual({
      id: 'contacts',
      kind: 'contacts',
      contacts: { SECURITY: { name: 'Sec', email: 'sec@acme.example', title: 'CISO', phone: '+1 555' } },
    });
    expect(account.steps[10]).toEqual({
      id: 'primary-email',
      kind: 'primary-email',
      email: 'aws-prod@acme.example',
    });
  });

  it('wraps the steps in the runbook with the human and follow-up steps', () => {
    const account = only(fullDirect());
    expect(runbookIds(account)).toEqual([
      'agreement',
      'export-billing',
      'deregister-guardduty-amazonaws-com',
      'deregister-securityhub-amazonaws-com',
      'stack-instances',
      'invite',
      'accept',
      'place',
      'assign-group-admins-administratoraccess',
      'assign-user-dave-billing',
      'contacts',
      'primary-email',
      'verify',
      'source-access-roles',
      'support-and-credits',
    ]);
    const byId = new Map(account.runbook.map((s) => [s.id, s]));
    expect(byId.get('agreement')).toMatchObject({ who: 'human', automated: false, gate: true });
    expect(byId.get('deregister-guardduty-amazonaws-com')).toMatchObject({
      who: 'source-admin',
      automated: true,
      gate: true,
      calls: ['organizations:DeregisterDelegatedAdministrator guardduty.amazonaws.com'],
    });
    expect(byId.get('deregister-guardduty-amazonaws-com')!.detail).toContain(
      'disassociates every member from this administrator',
    );
    expect(byId.get('accept')!.detail).toMatch(/Direct transfer: no standalone period\.$/);
    expect(byId.get('contacts')!.title).toBe('Set the alternate contacts (security)');
    expect(byId.get('primary-email')).toMatchObject({ gate: true, who: 'destination-admin' });
  });

  it('has no stack-instances gate when every instance is retained, and no place at the root', () => {
    const account = only(
      plan({
        evidence: transferEvidence({
          accounts: [
            accountFixture({
              stackInstances: [
                { stackSet: 'baseline', region: 'us-east-1', autoDeployment: true, retainStacks: true },
              ],
            }),
          ],
        }),
        ou: '',
      }),
    );
    expect(stepIds(account)).toEqual(['agreement', 'invite', 'accept']);
  });

  it('has no contacts step for an empty set of contacts, and no assigns when access is unknown', () => {
    const account = only(
      plan({
        evidence: transferEvidence({ destination: destinationView({ ouAccess: null }) }),
        ou: 'Workloads',
        contacts: {},
      }),
    );
    expect(stepIds(account)).toEqual(['agreement', 'invite', 'accept', 'place']);
  });

  it('carries the blockers and changes of the account', () => {
    const account = only(fullDirect());
    expect(account.blockers.find((b) => b.id === 'delegated-administrator')!.status).toBe('FAIL');
    expect(account.blockers.some((b) => b.id === 'standalone-information')).toBe(false);
    expect(account.changes.filter((c) => c.area === 'access').map((c) => c.summary)).toEqual([
      'Identity Center: group Admins → AdministratorAccess (ana) (execute assigns it)',
      'Identity Center: user dave → Billing (execute assigns it)',
    ]);
  });

  // BUG (src/transfer/views.ts:332-346, used by src/transfer/plan.ts:393 and runbook.ts:75-82): a grant
  // the org.yaml gives at two places on the account's path (the root and an OU) is not deduplicated, so
  // the account gets two `assign` steps with the same id (and two identical "gains" lines). Step ids key
  // the execute journal and the executor's operations (`<account>:<step>`), so they must be unique.
  it('gives a grant reaching the account from two places one assign step', () => {
    const account = only(
      plan({
        evidence: transferEvidence({
          destination: destinationView({
            ouAccess: [
              { ...grant('Admins', 'AdministratorAccess', ['ana']), target: '' },
              { ...grant('Admins', 'AdministratorAccess', ['ana']), target: 'Workloads' },
            ],
          }),
        }),
        ou: 'Workloads',
      }),
    );
    expect(stepIds(account)).toEqual([
      'agreement',
      'invite',
      'accept',
      'place',
      'assign-group-admins-administratoraccess',
    ]);
  });
});

describe('planTransfer: references', () => {
  const evidence = (): TransferEvidence =>
    transferEvidence({
      accounts: [
        accountFixture(),
        accountFixture({ sourcePath: 'Customers/Gold' }, { id: OTHER, name: 'Shared' }),
      ],
      references: [
        reference(MOVING, 'arn:aws:s3:::moving-own'),
        reference(OTHER, 'arn:aws:s3:::other-own'),
        reference(STAYING, 'arn:aws:s3:::staying'),
      ],
    });
  const resources = (a: AccountTransfer) =>
    a.changes.filter((c) => c.area === 'resource-policies').map((c) => c.summary.split(' ')[1]);

  it('counts its own and the staying accounts’ references, not another moving account’s', () => {
    const [moving, other] = plan({ evidence: evidence() }).accounts;
    expect(resources(moving!)).toEqual(['arn:aws:s3:::moving-own', 'arn:aws:s3:::staying']);
    expect(resources(other!)).toEqual(['arn:aws:s3:::other-own', 'arn:aws:s3:::staying']);
  });

  it('asks in the runbook to update only the references outside the account', () => {
    const [moving] = plan({ evidence: evidence() }).accounts;
    const step = moving!.runbook.find((s) => s.id === 'resource-policies')!;
    expect(step.title).toBe('Update the 1 resource policies that name the source organization');
    const ownOnly = only(
      plan({ evidence: transferEvidence({ references: [reference(MOVING, 'arn:aws:s3:::moving-own')] }) }),
    );
    expect(runbookIds(ownOnly)).not.toContain('resource-policies');
  });

  it('tells every account that nothing was scanned when references are null', () => {
    const account = only(plan({ evidence: transferEvidence({ references: null }) }));
    expect(account.changes.filter((c) => c.area === 'resource-policies').map((c) => c.summary)).toEqual([
      'Resource policies were not scanned for the source organization id (--scan none)',
    ]);
    expect(runbookIds(account)).not.toContain('resource-policies');
  });
});

describe('planTransfer: standalone path', () => {
  it('adds the sign-up gate for a CREATED account and removes it before the invitation', () => {
    const result = plan({
      path: 'standalone',
      evidence: transferEvidence({
        accounts: [
          accountFixture({ delegatedServices: ['guardduty.amazonaws.com'] }, { joinedMethod: 'CREATED' }),
        ],
      }),
      ou: 'Workloads',
    });
    expect(result.why).toMatch(/^Classic path \(asked for with --standalone\)/);
    const account = only(result);
    expect(account.steps.map((s) => `${s.kind}:${s.id}`)).toEqual([
      'gate:agreement',
      'deregister-administrator:deregister-guardduty-amazonaws-com',
      'gate:standalone-signup',
      'remove:remove',
      'invite:invite',
      'accept:accept',
      'place:place',
    ]);
    const byId = new Map(account.runbook.map((s) => [s.id, s]));
    expect(byId.get('standalone-signup')).toMatchObject({
      who: 'account-owner',
      gate: true,
      automated: false,
    });
    expect(byId.get('remove')).toMatchObject({
      who: 'source-admin',
      calls: ['organizations:RemoveAccountFromOrganization'],
    });
    expect(byId.get('accept')!.detail).not.toContain('Direct transfer');
    expect(account.blockers.find((b) => b.id === 'standalone-information')!.status).toBe('UNKNOWN');
  });

  it('has no sign-up gate for an INVITED account', () => {
    const account = only(plan({ path: 'standalone' }));
    expect(stepIds(account)).toEqual(['agreement', 'remove', 'invite', 'accept']);
    expect(account.blockers.find((b) => b.id === 'standalone-information')!.status).toBe('PASS');
  });
});

describe('planTransfer: billing path', () => {
  const billing = (billingStart: string | undefined, source = sourceView()) =>
    only(
      plan({
        path: 'billing',
        evidence: transferEvidence({
          source,
          accounts: [
            accountFixture(
              { sourcePath: '', managementRoles: ['OrganizationAccountAccessRole'] },
              { id: SOURCE_MANAGEMENT, name: 'Reseller', parentId: 'r-src1' },
            ),
          ],
          references: [reference(STAYING, 'arn:aws:s3:::staying')],
        }),
        ou: 'Workloads',
        ...(billingStart === undefined ? {} : { billingStart }),
      }),
    );

  it('runs agreement, invite-billing and accept-billing for the management account', () => {
    const account = billing('2025-08-01T00:00:00.000Z');
    expect(account).toMatchObject({ accountId: SOURCE_MANAGEMENT, sourcePath: '', destinationOu: '' });
    expect(account.steps).toEqual([
      expect.objectContaining({ id: 'agreement', kind: 'gate' }),
      { id: 'invite-billing', kind: 'transfer-responsibility', startTimestamp: '2025-08-01T00:00:00.000Z' },
      { id: 'accept-billing', kind: 'accept-responsibility' },
    ]);
    expect(runbookIds(account)).toEqual([
      'agreement',
      'export-billing',
      'invite-billing',
      'accept-billing',
      'verify',
      'support-and-credits',
    ]);
    expect(account.runbook.find((s) => s.id === 'invite-billing')!.title).toBe(
      'Invite the organization to transfer its billing from 2025-08-01',
    );
  });

  it('passes its blockers for the first of a later month, with the quota unknown', () => {
    expect(billing('2025-08-01T00:00:00.000Z').blockers.map((b) => `${b.id}:${b.status}`)).toEqual([
      'billing-start:PASS',
      'billing-one-payer:PASS',
      'billing-partition:PASS',
      'billing-inbound-quota:UNKNOWN',
    ]);
  });

  it('fails billing-start for a start that is not the first of a month', () => {
    const start = billing('2025-08-15T00:00:00.000Z').blockers.find((b) => b.id === 'billing-start')!;
    expect(start).toMatchObject({
      status: 'FAIL',
      evidence: 'start 2025-08-15T00:00:00.000Z',
      fix: 'Pick the first of a later month (--billing-start).',
    });
  });

  it('fails billing-start for the first of a month not a day ahead, or not at midnight, or missing', () => {
    const status = (start: string | undefined) =>
      billing(start).blockers.find((b) => b.id === 'billing-start')!.status;
    expect(status('2025-06-01T00:00:00.000Z')).toBe('FAIL');
    expect(status('2025-07-01T06:00:00.000Z')).toBe('FAIL');
    expect(status(undefined)).toBe('FAIL');
    expect(status('2025-07-01T00:00:00.000Z')).toBe('PASS');
  });

  it('fails with a transfer already handed out, and is unknown when not read', () => {
    const payer = (n: number | null) =>
      billing('2025-08-01T00:00:00.000Z', sourceView({ outboundBillingTransfers: n })).blockers.find(
        (b) => b.id === 'billing-one-payer',
      )!;
    expect(payer(1)).toMatchObject({
      status: 'FAIL',
      evidence: '1 billing transfer(s) requested or accepted',
    });
    expect(payer(null)).toMatchObject({
      status: 'UNKNOWN',
      evidence: 'ListOutboundResponsibilityTransfers was not read',
    });
  });

  it('says who pays from when', () => {
    const account = billing('2025-08-01T00:00:00.000Z');
    expect(account.changes.map((c) => `${c.area}:${c.effect}`)).toEqual(['billing:risk', 'support:risk']);
    expect(account.changes[0]!.summary).toBe(
      `From 2025-08-01 the management account ${DESTINATION_MANAGEMENT} (${DESTINATION_ORG}) pays the bill of ${SOURCE_ORG}; no month is split`,
    );
  });
});

describe('accountEvidence', () => {
  it('takes the path, delegated services, policies and access from the source snapshot', () => {
    const snapshot = sourceSnapshot();
    const account = snapshot.accounts.find((a) => a.id === MOVING)!;
    const evidence = accountEvidence(snapshot, account, {
      stackInstances: null,
      memberships: null,
      managementRoles: null,
      iamUsers: null,
      root: null,
      supportPlan: 'BUSINESS',
      contacts: null,
      gaps: ['IAM users: AccessDenied'],
    });
    expect(evidence).toMatchObject({
      account,
      sourcePath: 'Customers',
      delegatedServices: ['guardduty.amazonaws.com'],
      access: [grant('AcmeAdmins', 'AdministratorAccess', ['ana', 'bob'])],
      supportPlan: 'BUSINESS',
      gaps: ['IAM users: AccessDenied'],
    });
    expect(evidence.sourcePolicies.map((p) => `${p.name}:${p.at.kind}`)).toEqual([
      'FullAWSAccess:root',
      'DenyLeave:ou',
      'DenyLeave:account',
    ]);
  });
});
