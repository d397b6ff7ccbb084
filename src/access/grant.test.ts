/** access grant: the org.yaml fragment for one extra permission, from a small file. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { desiredFrom } from '../plan/testing/builders.js';
import { grantFragment, personalSetName, type GrantRequest } from './grant.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const ACCOUNTS = new Set(['Management', 'Shop Prod']);

const DESIRED = desiredFrom(`
accounts:
  Management: { email: mgmt@example.com, id: "111111111111" }
  Shop Prod: { email: prod@example.com }
identityCenter:
  users:
    alice: { displayName: Alice }
    bob: { displayName: Bob }
  permissionSets:
    Developer: { managedPolicies: [arn:aws:iam::aws:policy/PowerUserAccess] }
    TableReader:
      inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: [dynamodb:GetItem, dynamodb:Query], Resource: "*" }] }
    TableReaderPlus:
      inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: [dynamodb:GetItem, dynamodb:Query], Resource: "*" }] }
      managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
  assignments:
    - { user: bob, permissionSet: Developer, targets: [account:Shop Prod] }
`);

const grant = (request: Partial<GrantRequest>) =>
  grantFragment(DESIRED, { user: 'alice', account: 'Shop Prod', ...request }, ACCOUNTS, NOW);

function refusal(request: Partial<GrantRequest>): UsageError {
  try {
    grant(request);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('grant did not refuse');
}

describe('grantFragment with --permission-set', () => {
  it('assigns the existing set to the user in the account, with --until', () => {
    expect(grant({ permissionSet: 'Developer', until: '2026-12-31T00:00:00Z' })).toEqual({
      fragment: {
        assignments: [
          {
            user: 'alice',
            permissionSet: 'Developer',
            targets: ['account:Shop Prod'],
            until: '2026-12-31T00:00:00Z',
          },
        ],
      },
      permissionSet: 'Developer',
      creates: false,
    });
  });

  it('refuses a permission set the file does not have', () => {
    const e = refusal({ permissionSet: 'Admin' });
    expect(e.message).toBe("no permission set 'Admin' in the file");
    expect(e.hint).toBe('sets: Developer, TableReader, TableReaderPlus');
  });
});

describe('grantFragment with --actions', () => {
  it('reuses a set whose only policy is the identical inline policy, whatever the action order', () => {
    expect(grant({ actions: ['dynamodb:Query', 'dynamodb:GetItem'] })).toEqual({
      fragment: {
        assignments: [{ user: 'alice', permissionSet: 'TableReader', targets: ['account:Shop Prod'] }],
      },
      permissionSet: 'TableReader',
      creates: false,
    });
  });

  it('creates a personal set for a new policy, with a description and a one-hour session', () => {
    const g = grant({
      actions: ['dynamodb:DeleteTable'],
      resources: ['arn:aws:dynamodb:*:*:table/orders'],
      reason: 'INC-42',
    });
    expect(g.creates).toBe(true);
    expect(g.permissionSet).toMatch(/^Extra-alice-[0-9a-f]{6}$/);
    expect(g.fragment).toEqual({
      permissionSets: {
        [g.permissionSet]: {
          description: 'alice: dynamodb:DeleteTable (INC-42)',
          sessionDuration: 'PT1H',
          inlinePolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'dynamodb:DeleteTable',
                Resource: 'arn:aws:dynamodb:*:*:table/orders',
              },
            ],
          },
        },
      },
      assignments: [{ user: 'alice', permissionSet: g.permissionSet, targets: ['account:Shop Prod'] }],
    });
    expect(
      grant({ actions: ['dynamodb:DeleteTable'], resources: ['arn:aws:dynamodb:*:*:table/orders'] })
        .permissionSet,
    ).toBe(g.permissionSet);
    expect(grant({ actions: ['dynamodb:DeleteTable'] }).permissionSet).not.toBe(g.permissionSet);
  });

  it('sorts several actions and resources in the policy', () => {
    const g = grant({
      actions: ['s3:PutObject', 's3:GetObject'],
      resources: ['arn:aws:s3:::b/*', 'arn:aws:s3:::a/*'],
    });
    const ps = (g.fragment.permissionSets as Record<string, { inlinePolicy: unknown }>)[g.permissionSet]!;
    expect(ps.inlinePolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'],
        },
      ],
    });
  });

  it('does not reuse a set that carries other policies besides the same inline one', () => {
    const m = grant({ actions: ['dynamodb:GetItem', 'dynamodb:Query'] });
    expect(m.permissionSet).toBe('TableReader');
    const d = desiredFrom(`
accounts:
  Shop Prod: { email: prod@example.com }
identityCenter:
  users: { alice: { displayName: Alice } }
  permissionSets:
    TableReaderPlus:
      inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: [dynamodb:GetItem, dynamodb:Query], Resource: "*" }] }
      managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
`);
    const g = grantFragment(
      d,
      { user: 'alice', account: 'Shop Prod', actions: ['dynamodb:GetItem', 'dynamodb:Query'] },
      ACCOUNTS,
      NOW,
    );
    expect(g.creates).toBe(true);
    expect(g.permissionSet).toMatch(/^Extra-alice-/);
  });
  // Under a boundary the same inline policy may grant less: such a set is not reused.
  it('does not reuse a set with the same inline policy under a permissions boundary', () => {
    const d = desiredFrom(`
accounts:
  Shop Prod: { email: prod@example.com }
identityCenter:
  users: { alice: { displayName: Alice } }
  permissionSets:
    Bounded:
      inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: dynamodb:DeleteTable, Resource: "*" }] }
      permissionsBoundary: { managedPolicy: arn:aws:iam::aws:policy/ReadOnlyAccess }
`);
    const g = grantFragment(
      d,
      { user: 'alice', account: 'Shop Prod', actions: ['dynamodb:DeleteTable'] },
      ACCOUNTS,
      NOW,
    );
    expect(g.permissionSet).not.toBe('Bounded');
    expect(g.creates).toBe(true);
  });
});

describe('grantFragment refusals', () => {
  it('refuses an unknown user, account, or a file without identityCenter', () => {
    expect(refusal({ user: 'mallory', permissionSet: 'Developer' }).message).toBe(
      "no user 'mallory' in the file's identityCenter",
    );
    expect(refusal({ account: 'Shop Dev', permissionSet: 'Developer' }).message).toBe(
      "no account 'Shop Dev'",
    );
    const bare = desiredFrom('accounts:\n  Shop Prod: { email: prod@example.com }\n');
    expect(() =>
      grantFragment(bare, { user: 'alice', account: 'Shop Prod', permissionSet: 'Developer' }, ACCOUNTS, NOW),
    ).toThrow('the file has no identityCenter section');
  });

  it('needs exactly one of permissionSet and actions', () => {
    const msg = 'grant needs exactly one of --permission-set and --actions';
    expect(refusal({}).message).toBe(msg);
    expect(refusal({ permissionSet: 'Developer', actions: ['s3:GetObject'] }).message).toBe(msg);
  });

  it('refuses an --until in the past, now, or not an ISO date-time', () => {
    expect(refusal({ permissionSet: 'Developer', until: '2026-11-01T00:00:00Z' }).message).toBe(
      '--until 2026-11-01T00:00:00Z is in the past',
    );
    expect(refusal({ permissionSet: 'Developer', until: NOW.toISOString() }).message).toMatch(/in the past/);
    for (const until of ['2026-12-31', 'tomorrow', '2026-13-45T00:00:00Z'])
      expect(refusal({ permissionSet: 'Developer', until }).message).toBe(
        `--until ${until} is not an ISO 8601 date-time`,
      );
  });
});

describe('personalSetName', () => {
  it('stays within 32 characters of IAM’s permission-set alphabet', () => {
    for (const user of ['alice', 'a.very.long.user.name+tag@example.com', 'Jöhn Dœ/ops', 'x'.repeat(100)]) {
      const name = personalSetName(user, '{"Statement":[]}');
      expect(name.length).toBeLessThanOrEqual(32);
      expect(name).toMatch(/^[\w+=,.@-]+$/);
      expect(name).toMatch(/^Extra-.+-[0-9a-f]{6}$/);
    }
    expect(personalSetName('Jöhn Dœ/ops', 'p')).toMatch(/^Extra-J-hn-D--ops-[0-9a-f]{6}$/);
  });

  it('depends on the policy, and only on it for one user', () => {
    expect(personalSetName('alice', 'a')).toBe(personalSetName('alice', 'a'));
    expect(personalSetName('alice', 'a')).not.toBe(personalSetName('alice', 'b'));
  });
});
