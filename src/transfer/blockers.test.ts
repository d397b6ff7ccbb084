import { describe, expect, it } from 'vitest';
import type { AccountEvidence, Blocker, OrganizationView, TransferPath } from '../model/transfer.js';
import { blockersFor, type BlockerInputs } from './blockers.js';
import {
  ALLOW_ALL,
  DESTINATION_MANAGEMENT,
  NOW,
  SOURCE_MANAGEMENT,
  accountFixture,
  daysAgo,
  deny,
  destinationView,
  doc,
  placed,
  sourceView,
} from './testing.js';

function inputs(
  overrides: {
    path?: TransferPath;
    account?: AccountEvidence;
    source?: OrganizationView;
    destination?: OrganizationView;
  } = {},
): BlockerInputs {
  return {
    now: NOW,
    path: overrides.path ?? 'direct',
    account: overrides.account ?? accountFixture(),
    source: overrides.source ?? sourceView(),
    destination: overrides.destination ?? destinationView(),
    moving: 1,
  };
}

function blocker(id: string, given: BlockerInputs): Blocker {
  const found = blockersFor(given).find((b) => b.id === id);
  if (!found) throw new Error(`no blocker ${id}`);
  return found;
}

/** An account whose path carries these SCPs (FullAWSAccess at the root besides). */
const withScps = (...policies: Array<ReturnType<typeof placed>>) =>
  accountFixture({
    sourcePolicies: [placed('FullAWSAccess', ALLOW_ALL, { awsManaged: true }), ...policies],
  });

describe('blockersFor', () => {
  it('lists the direct path’s blockers in order, all passing for a ready account', () => {
    const result = blockersFor(inputs());
    expect(result.map((b) => `${b.id}:${b.status}`)).toEqual([
      'account-active:PASS',
      'account-age:PASS',
      'destination-age:PASS',
      'partition:PASS',
      'not-management-account:PASS',
      'delegated-administrator:PASS',
      'accept-allowed:PASS',
      'account-reachable:PASS',
      'destination-capacity:UNKNOWN',
    ]);
    expect(result.filter((b) => b.status === 'PASS').every((b) => b.fix === undefined)).toBe(true);
  });

  it('lists the standalone path’s blockers, with standalone-information and no age rules', () => {
    expect(blockersFor(inputs({ path: 'standalone' })).map((b) => b.id)).toEqual([
      'account-active',
      'not-management-account',
      'delegated-administrator',
      'account-reachable',
      'standalone-information',
      'partition',
      'destination-capacity',
    ]);
  });
});

describe('account-active', () => {
  it('fails for a suspended account', () => {
    const b = blocker('account-active', inputs({ account: accountFixture({}, { state: 'SUSPENDED' }) }));
    expect(b.status).toBe('FAIL');
    expect(b.evidence).toBe('DescribeAccount: State SUSPENDED');
    expect(b.fix).toContain('reopen it with AWS Support');
  });
});

describe('account-age', () => {
  it('fails for an account created 3 days ago, naming the date it can move', () => {
    const joinedAt = daysAgo(3);
    const b = blocker(
      'account-age',
      inputs({ account: accountFixture({}, { joinedMethod: 'CREATED', joinedAt }) }),
    );
    expect(b.status).toBe('FAIL');
    expect(b.evidence).toBe(`CREATED ${joinedAt} (3 days ago)`);
    // joined 2025-06-12T12:00Z + 4 days
    expect(b.fix).toBe('Wait until 2025-06-16T12:00:00.000Z.');
  });

  it('passes for an account created exactly 4 days ago', () => {
    const b = blocker(
      'account-age',
      inputs({ account: accountFixture({}, { joinedMethod: 'CREATED', joinedAt: daysAgo(4) }) }),
    );
    expect(b.status).toBe('PASS');
    expect(b.fix).toBeUndefined();
  });

  it('passes for an invited account, however recent', () => {
    const joinedAt = daysAgo(1);
    const b = blocker(
      'account-age',
      inputs({ account: accountFixture({}, { joinedMethod: 'INVITED', joinedAt }) }),
    );
    expect(b.status).toBe('PASS');
    expect(b.evidence).toBe(`INVITED ${joinedAt} (1 days ago)`);
  });
});

describe('destination-age', () => {
  it('fails for a destination 6 days old, naming the date it is old enough', () => {
    const createdAt = daysAgo(6);
    const b = blocker('destination-age', inputs({ destination: destinationView({ createdAt }) }));
    expect(b.status).toBe('FAIL');
    expect(b.evidence).toBe(
      `management account ${DESTINATION_MANAGEMENT} joined ${createdAt} (6 days ago; AWS gives no organization creation date, this is the proxy)`,
    );
    expect(b.fix).toBe('Wait until 2025-06-16T12:00:00.000Z.');
  });

  it('passes for a destination 7 days old', () => {
    expect(
      blocker('destination-age', inputs({ destination: destinationView({ createdAt: daysAgo(7) }) })).status,
    ).toBe('PASS');
  });

  it('is unknown when the destination’s age is unknown', () => {
    const b = blocker('destination-age', inputs({ destination: destinationView({ createdAt: null }) }));
    expect(b.status).toBe('UNKNOWN');
    expect(b.evidence).toBe('the destination was not read live: its management account join date is unknown');
    expect(b.fix).toContain('--to-profile');
  });
});

describe('not-management-account', () => {
  it('fails for the source’s management account', () => {
    const b = blocker(
      'not-management-account',
      inputs({ account: accountFixture({}, { id: SOURCE_MANAGEMENT }) }),
    );
    expect(b.status).toBe('FAIL');
    expect(b.evidence).toBe(`DescribeOrganization: MasterAccountId ${SOURCE_MANAGEMENT}`);
    expect(b.fix).toContain('--billing-only');
  });
});

describe('delegated-administrator', () => {
  it('fails listing each service with what deregistering loses', () => {
    const account = accountFixture({
      delegatedServices: ['guardduty.amazonaws.com', 'config.amazonaws.com', 'detective.amazonaws.com'],
    });
    const b = blocker('delegated-administrator', inputs({ account }));
    expect(b.status).toBe('FAIL');
    expect(b.evidence).toBe(
      'guardduty.amazonaws.com (deregistering disassociates every member from this administrator); ' +
        'config.amazonaws.com; ' +
        'detective.amazonaws.com (deregistering deletes the organization behavior graph)',
    );
    expect(b.fix).toContain('--deregister');
  });

  it('passes with none', () => {
    const b = blocker('delegated-administrator', inputs());
    expect(b.status).toBe('PASS');
    expect(b.evidence).toBe('ListDelegatedServicesForAccount: none');
  });
});

describe('accept-allowed', () => {
  it('fails for an unconditional deny of organizations:AcceptHandshake', () => {
    const account = withScps(
      placed('NoHandshakes', doc(deny('organizations:AcceptHandshake')), {
        at: { kind: 'ou', path: 'Customers' },
      }),
    );
    const b = blocker('accept-allowed', inputs({ account }));
    expect(b.status).toBe('FAIL');
    expect(b.title).toBe(
      'No SCP denies organizations:AcceptHandshake or iam:CreateServiceLinkedRole to the account',
    );
    expect(b.evidence).toBe('NoHandshakes denies organizations:AcceptHandshake');
    expect(b.fix).toContain('off-boarding OU');
  });

  it('fails for a wildcard deny that exempts only some principals', () => {
    const account = withScps(
      placed(
        'LockOrg',
        doc(deny('organizations:*', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Break' } })),
      ),
    );
    const b = blocker('accept-allowed', inputs({ account }));
    expect(b.status).toBe('FAIL');
    expect(b.evidence).toBe('LockOrg denies organizations:AcceptHandshake');
  });

  it('is unknown when the deny holds only under conditions', () => {
    const account = withScps(
      placed(
        'RegionLock',
        doc(
          deny('organizations:AcceptHandshake', { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } }),
        ),
      ),
    );
    const b = blocker('accept-allowed', inputs({ account }));
    expect(b.status).toBe('UNKNOWN');
    expect(b.evidence).toBe('RegionLock denies organizations:AcceptHandshake under conditions');
  });

  it('ignores denies in policies that are not SCPs', () => {
    const account = withScps(
      placed('Rcp', doc(deny('organizations:AcceptHandshake')), { type: 'RESOURCE_CONTROL_POLICY' }),
    );
    const b = blocker('accept-allowed', inputs({ account }));
    expect(b.status).toBe('PASS');
    expect(b.evidence).toBe("no Deny in the 1 SCPs on the account's path");
  });

  describe('an SCP that denies only organizations:LeaveOrganization', () => {
    const denyLeave = (condition?: Record<string, unknown>) =>
      withScps(placed('DenyLeave', doc(deny('organizations:LeaveOrganization', condition))));

    it('passes on the direct path', () => {
      const b = blocker('accept-allowed', inputs({ account: denyLeave() }));
      expect(b.status).toBe('PASS');
      expect(b.evidence).toBe("no Deny in the 2 SCPs on the account's path");
    });

    it('is not checked on the standalone path (the management account removes the account)', () => {
      const standalone = blockersFor(inputs({ path: 'standalone', account: denyLeave() }));
      expect(standalone.some((b) => b.id === 'accept-allowed')).toBe(false);
    });
  });

  it('lists hard denies before conditional ones', () => {
    const account = withScps(
      placed('Soft', doc(deny('organizations:AcceptHandshake', { Bool: { 'aws:ViaAWSService': 'false' } }))),
      placed('Hard', doc(deny('iam:CreateServiceLinkedRole'))),
    );
    const b = blocker('accept-allowed', inputs({ account }));
    expect(b.status).toBe('FAIL');
    expect(b.evidence).toBe(
      'Hard denies iam:CreateServiceLinkedRole; Soft denies organizations:AcceptHandshake under conditions',
    );
  });
});

describe('partition', () => {
  it('fails across partitions', () => {
    const b = blocker('partition', inputs({ destination: destinationView({ partition: 'aws-cn' }) }));
    expect(b.status).toBe('FAIL');
    expect(b.evidence).toContain('source aws, destination aws-cn');
    expect(b.fix).toContain('cannot move across partitions');
  });

  it('fails across partitions on the standalone path too', () => {
    const b = blocker(
      'partition',
      inputs({ path: 'standalone', destination: destinationView({ partition: 'aws-us-gov' }) }),
    );
    expect(b.status).toBe('FAIL');
  });
});

describe('account-reachable', () => {
  it('is unknown when reads inside the account were refused', () => {
    const account = accountFixture({
      gaps: ['roles trusting the management account: AccessDenied', 'support plan: SubscriptionRequired'],
    });
    const b = blocker('account-reachable', inputs({ account }));
    expect(b.status).toBe('UNKNOWN');
    expect(b.evidence).toBe('roles trusting the management account: AccessDenied');
  });
});

describe('destination-capacity', () => {
  it('is always unknown and counts the open invitations and the accounts moving', () => {
    const b = blocker(
      'destination-capacity',
      inputs({ destination: destinationView({ accounts: 5, openInvitations: null }) }),
    );
    expect(b.status).toBe('UNKNOWN');
    expect(b.evidence).toMatch(/^5 accounts, unknown open invitations, 1 to invite;/);
  });
});

describe('standalone-information', () => {
  it('is unknown for an account created in its organization', () => {
    const b = blocker(
      'standalone-information',
      inputs({ path: 'standalone', account: accountFixture({}, { joinedMethod: 'CREATED' }) }),
    );
    expect(b.status).toBe('UNKNOWN');
    expect(b.evidence).toBe('created in its organization: it never collected them, and no API reads them');
    expect(b.fix).toContain('Sign in as the root user');
  });

  it('passes for an invited account', () => {
    const b = blocker('standalone-information', inputs({ path: 'standalone' }));
    expect(b.status).toBe('PASS');
    expect(b.evidence).toBe('invited into its organization: it was standalone before');
  });

  it('is not checked on the direct path', () => {
    expect(blockersFor(inputs()).some((b) => b.id === 'standalone-information')).toBe(false);
  });
});
