/** Schema errors and rule errors are reported together: the rules run on what parsed. */
import { describe, expect, it } from 'vitest';
import { formatIssue } from './issues.js';
import { loadConfigText } from './load.js';
import { dropPoint } from './partial.js';

function validate(text: string) {
  const loaded = loadConfigText('org.yaml', text, () => undefined);
  return { loaded, lines: loaded.issues.map(formatIssue) };
}

describe('validation past schema errors', () => {
  it('reports an unknown key and dangling references elsewhere together, in order', () => {
    const text = `
ous:
  Workloads: { accounts: [Shop] }
accounts:
  Shop: { email: aws+shop@example.com, owner: me }
policies:
  Deny:
    type: SERVICE_CONTROL_POLICY
    document: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "*", Resource: "*" }] }
    attach: [ou:Nowhere]
identityCenter:
  groups: { Devs: {} }
  assignments:
    - { group: Devs, permissionSet: Missing, targets: [account:Shop] }
`;
    const { loaded, lines } = validate(text);
    expect(lines).toMatchInlineSnapshot(`
      [
        "org.yaml:5:40: error: unknown key 'owner' [schema]",
        "org.yaml:10:14: error: target 'ou:Nowhere': no OU with path 'Nowhere' in 'ous' (known: Workloads) [unknown-reference]",
        "org.yaml:14:37: error: assignment 1: no permission set named 'Missing' in 'identityCenter.permissionSets' [unknown-reference]",
      ]
    `);
    expect(loaded.config).toBeUndefined();
  });

  it('does not report references to an entry left out for its own schema error', () => {
    const text = `
organization:
  delegatedAdministrators: { guardduty.amazonaws.com: Shop }
ous:
  Workloads: { accounts: [Shop, Ghost] }
accounts:
  Shop: { email: aws+shop@example.com, id: 1234 }
policies:
  Deny:
    type: SERVICE_CONTROL_POLICY
    document: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "*", Resource: "*" }] }
    attach: [account:Shop, account:Ghost]
identityCenter:
  permissionSets: { Dev: {} }
  customerManagedPolicies:
    extras: { accounts: { Shop: { document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }] } } } }
  groups: { Devs: {} }
  assignments:
    - { group: Devs, permissionSet: Dev, targets: [account:Shop] }
`;
    // Only the id is reported for Shop; Ghost, which is nowhere, still is.
    expect(validate(text).lines).toMatchInlineSnapshot(`
      [
        "org.yaml:5:33: error: OU 'Workloads' lists account 'Ghost', which is not defined in 'accounts' [unknown-reference]",
        "org.yaml:7:44: error: accounts.Shop.id: expected string, got number 1234 [schema]",
        "org.yaml:12:28: error: target 'account:Ghost': no account named 'Ghost' in 'accounts' [unknown-reference]",
      ]
    `);
  });

  it('does not report targets under an OU left out, nor principals and sets left out', () => {
    const text = `
ous:
  Workloads:
    ous:
      Prod: { accounts: [""], ous: { Web: {} } }
identityCenter:
  users: { bob: { email: bob@example.com } }
  groups: { Devs: { members: [bob], owner: x } }
  permissionSets:
    Dev: { sessionDuration: 4 hours }
    Ops:
      customerManagedPolicies: [{ name: extras }]
  customerManagedPolicies:
    extras: { path: 7 }
  assignments:
    - { user: bob, permissionSet: Dev, targets: [ou:Workloads/Prod/Web] }
    - { group: Devs, permissionSet: Dev, targets: [ou:Workloads] }
`;
    // The 'Devs' group is kept without its unknown key, and the 'extras' policy is not warned undeclared.
    expect(validate(text).lines).toMatchInlineSnapshot(`
      [
        "org.yaml:5:26: error: ous.Workloads.ous.Prod.accounts.0: Too small: expected string to have >=1 characters [schema]",
        "org.yaml:7:12: error: user 'bob' needs a displayName: orgward creates it in Identity Center (or mark it 'managedBy: external' if your identity provider provisions it) [identity-source]",
        "org.yaml:8:37: error: unknown key 'owner' [schema]",
        "org.yaml:10:29: error: identityCenter.permissionSets.Dev.sessionDuration: an ISO-8601 duration such as PT4H or PT90M [schema]",
        "org.yaml:14:21: error: identityCenter.customerManagedPolicies.extras.path: expected string, got number 7 [schema]",
      ]
    `);
  });

  it('reports a kept assignment at its own place when an earlier one is left out', () => {
    const text = `
identityCenter:
  users: { bob: { displayName: Bob } }
  permissionSets: { Dev: {} }
  assignments:
    - { user: bob, permissionSet: Dev, targets: [] }
    - { user: bob, permissionSet: Dev, targets: [root], tags: 1 }
    - { user: carol, permissionSet: Admin, targets: [root] }
`;
    expect(validate(text).lines).toMatchInlineSnapshot(`
      [
        "org.yaml:6:49: error: identityCenter.assignments.0.targets: Too small: expected array to have >=1 items [schema]",
        "org.yaml:7:57: error: unknown key 'tags' [schema]",
        "org.yaml:8:15: error: assignment 3: no user named 'carol' in 'identityCenter.users' [unknown-reference]",
        "org.yaml:8:37: error: assignment 3: no permission set named 'Admin' in 'identityCenter.permissionSets' [unknown-reference]",
      ]
    `);
  });

  it('checks limits on what parsed, and rules only on a file that is a mapping', () => {
    const managed = Array.from({ length: 21 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`).join(', ');
    const text = `
organization: { featureSet: SOME }
identityCenter:
  permissionSets:
    Wide: { managedPolicies: [${managed}] }
`;
    expect(validate(text).lines).toMatchInlineSnapshot(`
      [
        "org.yaml:2:29: error: organization.featureSet: Invalid option: expected one of "ALL"|"CONSOLIDATED_BILLING" [schema]",
        "org.yaml:5:30: error: permission set 'Wide' has 21 managed and customer-managed policies; Identity Center allows 20 [permission-set]",
      ]
    `);
    expect(validate('- a\n- b\n').lines).toEqual([
      'org.yaml:1:1: error: the file: expected object, got a list [schema]',
    ]);
  });
});

describe('dropPoint', () => {
  it('drops the smallest entry that holds the error', () => {
    expect(dropPoint(['accounts', 'Shop', 'id'])).toEqual({
      at: ['accounts', 'Shop'],
      names: [{ kind: 'account', name: 'Shop' }],
    });
    expect(dropPoint(['ous', 'A', 'ous', 'B', 'accounts', 0])).toEqual({
      at: ['ous', 'A', 'ous', 'B'],
      names: [{ kind: 'ou', name: 'A/B' }],
    });
    expect(dropPoint(['ous', 'A', 'ous'])).toEqual({ at: ['ous', 'A'], names: [{ kind: 'ou', name: 'A' }] });
    expect(dropPoint(['identityCenter', 'assignments', 2, 'targets'])).toEqual({
      at: ['identityCenter', 'assignments', 2],
      names: [],
    });
    expect(dropPoint(['organization', 'rootAccess', 'rootSessions'])).toEqual({
      at: ['organization', 'rootAccess'],
      names: [],
    });
    expect(dropPoint(['identityCenter'])?.names.map((n) => n.kind)).toEqual([
      'user',
      'group',
      'permissionSet',
      'customerManagedPolicy',
    ]);
    expect(dropPoint([])).toBeUndefined();
  });
});
