import { describe, expect, it } from 'vitest';
import { account, MGMT, ou, ROOT, scp, snapshot } from '../plan/testing/builders.js';
import { planEnable } from './enable.js';
import { deletionSteps, planDeletion, type PlanInput } from './plan.js';
import { featuresOf, selectMembers } from './targets.js';
import type { RootAccount } from './types.js';

const DEV = '222222222222';
const PROD = '333333333333';
const org = snapshot({
  ous: [ou('Workloads', 'ou-w', ROOT), ou('Workloads/Dev', 'ou-d', 'ou-w')],
  accounts: [
    account(MGMT, 'Management', 'm@example.com'),
    account(DEV, 'Dev', 'd@example.com', 'ou-d'),
    account(PROD, 'Prod', 'p@example.com', 'ou-w'),
  ],
});
const on = {
  ...org,
  organization: {
    ...org.organization,
    trustedAccess: [{ servicePrincipal: 'iam.amazonaws.com', enabledAt: null }],
    rootAccess: { credentialsManagement: true, rootSessions: true },
  },
};

function target(id: string, lastUsed: string | null = null): RootAccount {
  return {
    id,
    name: id === DEV ? 'Dev' : 'Prod',
    ouPath: 'Workloads',
    source: 'root-session',
    status: 'has-credentials',
    credentials: {
      password: true,
      accessKeys: 1,
      signingCertificates: 1,
      mfaDevices: 2,
      detail: {
        accessKeys: [{ id: 'AKIA1', status: 'Active', createdAt: null, lastUsed, lastUsedService: 's3' }],
        signingCertificates: ['CERT1'],
        mfaDevices: [
          { serial: `arn:aws:iam::${id}:mfa/root`, virtual: true },
          { serial: 'GAHT12345678', virtual: false },
        ],
      },
    },
  };
}

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  snapshot: on,
  features: featuresOf(on),
  callerAccountId: MGMT,
  targets: [target(DEV)],
  now: new Date('2026-11-22T00:00:00Z'),
  recentDays: 30,
  force: false,
  ...over,
});

describe('root deletion plan', () => {
  it('orders steps as AWS requires: keys, certificates, password, then MFA (virtual devices deleted too)', () => {
    expect(deletionSteps(target(DEV)).map((s) => `${s.action} ${s.target}`)).toEqual([
      'delete-access-key AKIA1',
      'delete-signing-certificate CERT1',
      'delete-login-profile ',
      `deactivate-mfa-device arn:aws:iam::${DEV}:mfa/root`,
      `delete-virtual-mfa-device arn:aws:iam::${DEV}:mfa/root`,
      'deactivate-mfa-device GAHT12345678',
    ]);
  });

  it('goes ahead when everything is in place, with a GuardDuty filter for exactly these accounts', () => {
    const plan = planDeletion(input({ targets: [target(DEV), target(PROD)] }));
    expect(plan.blockers).toEqual([]);
    expect(plan.accounts.map((a) => a.accountId)).toEqual([DEV, PROD]);
    expect(plan.guardDutyFilter.FindingCriteria.Criterion.accountId).toEqual({ Eq: [DEV, PROD] });
  });

  it('refuses when the feature is off or the caller is a member', () => {
    const off = planDeletion(input({ snapshot: org, features: featuresOf(org) }));
    expect(off.blockers.map((b) => b.code)).toEqual(['NOT_ENABLED']);
    const member = planDeletion(input({ callerAccountId: DEV }));
    expect(member.blockers.map((b) => b.code)).toEqual(['NOT_AUTHORIZED']);
    const delegated = planDeletion(
      input({ callerAccountId: PROD, features: { ...featuresOf(on), delegatedAdministrator: PROD } }),
    );
    expect(delegated.blockers).toEqual([]);
  });

  it('blocks a recently used key unless forced, and keeps showing it', () => {
    const recent = planDeletion(input({ targets: [target(DEV, '2026-11-20T00:00:00Z')] }));
    expect(recent.blockers).toMatchObject([{ code: 'RECENTLY_USED_KEY', accountId: DEV, overridable: true }]);
    expect(recent.blockers[0]!.message).toMatch(/last used 2026-11-20 with s3, within 30 days/);
    const old = planDeletion(input({ targets: [target(DEV, '2026-09-01T00:00:00Z')] }));
    expect(old.blockers).toEqual([]);
    const forced = planDeletion(input({ targets: [target(DEV, '2026-11-20T00:00:00Z')], force: true }));
    expect(forced.blockers).toEqual([]);
    expect(forced.overridden).toHaveLength(1);
  });

  it('blocks accounts under an SCP that denies root without the aws:AssumedRoot exemption', () => {
    const deny = (condition: object) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: condition }],
      });
    const rootDeny = { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } };
    const blocking = { ...on, policies: [scp('p-1', 'deny-root', deny(rootDeny), ['ou-w'])] };
    const plan = planDeletion(input({ snapshot: blocking, targets: [target(DEV)] }));
    expect(plan.blockers).toMatchObject([{ code: 'SCP_BLOCKS_ASSUME_ROOT', accountId: DEV }]);
    expect(plan.blockers[0]!.message).toMatch(/SCP deny-root/);
    const exempt = {
      ...on,
      policies: [
        scp('p-1', 'deny-root', deny({ ...rootDeny, BoolIfExists: { 'aws:AssumedRoot': 'false' } }), [
          'ou-w',
        ]),
      ],
    };
    expect(planDeletion(input({ snapshot: exempt })).blockers).toEqual([]);
  });

  it('refuses accounts it could not read, and lists clean ones apart', () => {
    const unreadable: RootAccount = {
      ...target(DEV),
      credentials: null,
      status: 'unknown',
      reason: 'AccessDenied',
    };
    const clean: RootAccount = {
      ...target(PROD),
      status: 'clean',
      credentials: {
        password: false,
        accessKeys: 0,
        signingCertificates: 0,
        mfaDevices: 0,
        detail: { accessKeys: [], signingCertificates: [], mfaDevices: [] },
      },
    };
    const plan = planDeletion(input({ targets: [unreadable, clean] }));
    expect(plan.blockers.map((b) => b.code)).toEqual(['UNREADABLE']);
    expect(plan.alreadyClean).toEqual([{ accountId: PROD, name: 'Prod' }]);
    expect(plan.accounts).toEqual([]);
  });
});

describe('root targets and enable steps', () => {
  it('selects by OU (nested included), by name, never the management account', () => {
    expect(selectMembers(on, { ou: 'Workloads' }).map((a) => a.id)).toEqual([DEV, PROD]);
    expect(selectMembers(on, { ou: 'Workloads/Dev' }).map((a) => a.id)).toEqual([DEV]);
    expect(selectMembers(on, { accounts: ['Prod', PROD] }).map((a) => a.id)).toEqual([PROD]);
    expect(() => selectMembers(on, { accounts: ['Management'] })).toThrow(/is the management account/);
    expect(() => selectMembers(on, { ou: 'Nope' })).toThrow(/no OU "Nope"/);
    expect(() => selectMembers(on, {})).toThrow(/--account ID\|NAME/);
  });

  it('plans only the missing enable steps and refuses members and consolidated billing', () => {
    const plan = planEnable({
      snapshot: org,
      features: featuresOf(org),
      callerAccountId: MGMT,
      delegate: org.accounts[2]!,
    });
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'enable-trusted-access',
      'enable-feature',
      'enable-feature',
      'register-delegated-administrator',
    ]);
    expect(planEnable({ snapshot: on, features: featuresOf(on), callerAccountId: MGMT }).steps).toEqual([]);
    const billing = {
      ...org,
      organization: { ...org.organization, featureSet: 'CONSOLIDATED_BILLING' as const },
    };
    expect(
      planEnable({ snapshot: billing, features: featuresOf(billing), callerAccountId: DEV }).blockers.map(
        (b) => b.code,
      ),
    ).toEqual(['NOT_AUTHORIZED', 'NOT_ENABLED']);
  });
});
