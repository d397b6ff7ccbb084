/**
 * The baseline diff on its own, from a hand-made live state: only what is missing is planned, deletions
 * only under `prune: [baseline]`, an administrator held by another account is a note (never moved), an
 * unreadable part is written again with a note, and the password policy goes only where IAM users are.
 */
import { describe, expect, it } from 'vitest';
import { emptyBaselineState, type BaselineState, type LiveAccount } from '../model/baseline.js';
import { makePlan } from './plan.js';
import { account, desiredFrom, MGMT, snapshot } from './testing/builders.js';

const SEC = '222222222222';
const APP = '333333333333';

const org = (baseline: string) => `organization: { featureSet: ALL }
accounts:
  Security: { email: sec@example.com, id: "${SEC}" }
  App: { email: app@example.com, id: "${APP}" }
baseline:
  regions: [us-east-1]
${baseline}`;

const live = snapshot({
  accounts: [
    account(MGMT, 'Management', 'mgmt@example.com'),
    account(SEC, 'Security', 'sec@example.com'),
    account(APP, 'App', 'app@example.com'),
  ],
  organization: {
    ...snapshot().organization,
    trustedAccess: [{ servicePrincipal: 'guardduty.amazonaws.com', enabledAt: null }],
  },
});

const covered = (extra: Partial<LiveAccount> = {}): LiveAccount => ({
  regions: { 'us-east-1': { recorder: null, channelBucket: null, ebsEncryptionByDefault: true } },
  s3BlockPublicAccess: true,
  contacts: {},
  ...extra,
});

/** `body`: the lines under `baseline:` after its regions (and anything after it, such as prune). */
function plan(body: string, state: BaselineState) {
  return makePlan(desiredFrom(org(body)), live, new Date('2026-12-01T00:00:00Z'), {
    callerAccountId: MGMT,
    baseline: state,
  });
}

const GUARDDUTY = `  guardduty:
    delegatedAdministrator: Security
    suppressionRules: { keep: { criteria: { severity: { lt: 4 } } } }
`;

function guardDutyState(filters: string[]): BaselineState {
  const state = emptyBaselineState();
  state.guardDuty['us-east-1'] = {
    admin: SEC,
    organization: {
      detectorId: 'd1',
      autoEnable: 'ALL',
      features: {},
      filters: filters.map((name, i) => ({
        name,
        description: '',
        action: 'ARCHIVE' as const,
        rank: i + 1,
        criterion: { severity: { LessThan: 4 } },
      })),
    },
  };
  return state;
}

describe('diffBaseline', () => {
  it('plans nothing for GuardDuty when the live state matches, whatever the condition names', () => {
    const ops = plan(GUARDDUTY, guardDutyState(['keep'])).operations.filter((o) =>
      o.kind.includes('guardduty'),
    );
    expect(ops).toEqual([]);
  });

  it('deletes a filter the file does not name only under prune: [baseline]', () => {
    const kept = plan(GUARDDUTY, guardDutyState(['keep', 'old']));
    expect(kept.operations.map((o) => o.kind)).not.toContain('delete-guardduty-filter');
    const pruned = plan(GUARDDUTY + 'prune: [baseline]\n', guardDutyState(['keep', 'old']));
    const del = pruned.operations.find((o) => o.kind === 'delete-guardduty-filter');
    expect(del).toMatchObject({
      impact: 'delete',
      summary: 'delete GuardDuty filter old in us-east-1 (not in the file)',
    });
  });

  it('leaves an administrator held by another account alone, and says so', () => {
    const state = guardDutyState(['keep']);
    state.guardDuty['us-east-1']!.admin = APP;
    const made = plan(GUARDDUTY, state);
    expect(made.operations.filter((o) => o.kind === 'enable-service-administrator')).toEqual([]);
    expect(made.notes.join('\n')).toContain(`guardduty in us-east-1 is administered by ${APP}, not Security`);
  });

  it('writes an unreadable part again and notes why', () => {
    const state = guardDutyState(['keep']);
    delete state.guardDuty['us-east-1'];
    state.unreadable['guardduty:us-east-1'] = 'AccessDenied';
    const made = plan(GUARDDUTY, state);
    expect(made.notes).toContain(
      'baseline: guardduty:us-east-1 could not be read (AccessDenied); its settings are written again',
    );
    expect(made.operations.map((o) => o.kind)).toEqual(
      expect.arrayContaining([
        'enable-service-administrator',
        'configure-guardduty-organization',
        'put-guardduty-filter',
      ]),
    );
  });

  it('sets the password policy only where IAM users exist, and only when it differs', () => {
    const yaml = '  accounts:\n    passwordPolicy: { minimumLength: 16 }\n';
    const state = emptyBaselineState();
    state.accounts[MGMT] = covered({ iamUsers: 0, passwordPolicy: null });
    state.accounts[SEC] = covered({ iamUsers: 3, passwordPolicy: null });
    state.accounts[APP] = covered({
      iamUsers: 1,
      passwordPolicy: {
        MinimumPasswordLength: 16,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        HardExpiry: false,
      },
    });
    const ops = plan(yaml, state).operations.filter((o) => o.kind === 'put-account-baseline');
    expect(ops.map((o) => o.summary)).toEqual(['Security: IAM password policy']);
  });

  it('plans nothing without a live baseline read (an offline plan), and says so', () => {
    const made = makePlan(desiredFrom(org(GUARDDUTY)), live, new Date('2026-12-01T00:00:00Z'), {
      callerAccountId: MGMT,
    });
    expect(made.operations.filter((o) => o.kind.includes('guardduty'))).toEqual([]);
    expect(made.notes[0]).toMatch(/^baseline: not compared/);
  });

  it('refuses the live management account as a delegated administrator, naming the key', () => {
    const yaml = org('').replace(
      'accounts:\n',
      'accounts:\n  Management: { email: mgmt@example.com, id: "111111111111" }\n',
    );
    const desired = desiredFrom(`${yaml}  guardduty: { delegatedAdministrator: Management }\n`);
    expect(() =>
      makePlan(desired, live, new Date('2026-12-01T00:00:00Z'), {
        callerAccountId: MGMT,
        baseline: emptyBaselineState(),
      }),
    ).toThrow(
      'baseline.guardduty.delegatedAdministrator names Management, the management account: AWS does not let it be a delegated administrator',
    );
  });

  it('expects Security Hub on a new account only where a policy that turns it on governs it', () => {
    const yaml = `organization: { featureSet: ALL }
ous:
  Workloads: { accounts: [Shop] }
  Lab: { accounts: [Experiments] }
accounts:
  Security: { email: sec@example.com, id: "${SEC}" }
  Shop: { email: shop@example.com }
  Experiments: { email: lab@example.com }
baseline:
  regions: [us-east-1]
  securityHub:
    delegatedAdministrator: Security
    configurationPolicies:
      workloads: { standards: [aws-foundational-security-best-practices/v/1.0.0], targets: [ou:Workloads] }
`;
    const made = makePlan(desiredFrom(yaml), live, new Date('2026-12-01T00:00:00Z'), {
      callerAccountId: MGMT,
      baseline: emptyBaselineState(),
    });
    const expects = Object.fromEntries(
      made.operations.flatMap((o) =>
        o.kind === 'verify-account-baseline'
          ? [[o.site.account.name, o.expect.securityHub !== undefined]]
          : [],
      ),
    );
    // Nothing of this baseline covers Experiments, so there is nothing to check there.
    expect(expects).toEqual({ Shop: true });
  });
});
