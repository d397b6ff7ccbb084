import { describe, expect, it } from 'vitest';
import { formatIssue } from './issues.js';
import { loadConfigText } from './load.js';

const files: Record<string, string> = {
  'policies/deny-leave.json': JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
  }),
  'policies/broken.json': '{ "Version": ',
};

function validate(text: string) {
  const loaded = loadConfigText('org.yaml', text, (path) => files[path]);
  return { loaded, lines: loaded.issues.map(formatIssue) };
}

const GOOD = `
organization:
  featureSet: ALL
  policyTypes: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]
  trustedAccess: [sso.amazonaws.com, iam.amazonaws.com]
  delegatedAdministrators:
    guardduty.amazonaws.com: Security
  rootAccess: { credentialsManagement: true, rootSessions: true }
ous:
  Security:
    accounts: [Security, Log Archive]
  Workloads:
    ous:
      Prod: { accounts: [Shop Prod] }
      Dev: { accounts: [Shop Dev] }
accounts:
  Security: { email: aws+security@example.com }
  Log Archive: { email: aws+logs@example.com, tags: { owner: security } }
  Shop Prod: { email: aws+shop-prod@example.com, id: "123456789012" }
  Shop Dev: { email: aws+shop-dev@example.com }
policies:
  DenyLeaveOrganization:
    type: SERVICE_CONTROL_POLICY
    description: members cannot leave
    document:
      Version: "2012-10-17"
      Statement:
        - { Effect: Deny, Action: "organizations:LeaveOrganization", Resource: "*" }
    attach: [root, ou:Workloads, account:Security]
identityCenter:
  users:
    alice: { displayName: Alice Example, email: alice@example.com }
  groups:
    Developers: { members: [alice] }
  permissionSets:
    Developer:
      sessionDuration: PT4H
      managedPolicies: [arn:aws:iam::aws:policy/PowerUserAccess]
      inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:ListBucket", Resource: "*" }] }
      customerManagedPolicies: [{ name: developer-extras, path: / }]
  customerManagedPolicies:
    developer-extras:
      accounts:
        Shop Prod: { document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }] } }
  assignments:
    - { group: Developers, permissionSet: Developer, targets: [ou:Workloads] }
    - { user: alice, permissionSet: Developer, targets: [account:Shop Prod], until: 2026-12-31T00:00:00Z }
prune: [policies, permissionSets, assignments]
`;

describe('org.yaml validation', () => {
  it('accepts the documented example', () => {
    const { loaded, lines } = validate(GOOD);
    expect(lines).toEqual([]);
    expect(loaded.config?.accounts?.['Shop Prod']?.id).toBe('123456789012');
  });

  it('reports YAML syntax errors with their position', () => {
    expect(validate('ous:\n  Security: [a,\naccounts: {}\n').lines).toMatchInlineSnapshot(`
      [
        "org.yaml:3:1: error: Flow sequence in block collection must be sufficiently indented and end with a ] [yaml-syntax]",
      ]
    `);
  });

  it('reports every schema problem at once, at the value or key at fault', () => {
    const text = `
organization:
  featureSet: SOME
accounts:
  Shop: { email: shop@example.com, id: 1234, owner: me }
  Other: { id: "123456789013" }
policies:
  P: { type: SERVICE_CONTROL_POLICY, document: {}, attach: [everywhere] }
prunes: [policies]
`;
    expect(validate(text).lines).toMatchInlineSnapshot(`
      [
        "org.yaml:3:15: error: organization.featureSet: Invalid option: expected one of "ALL"|"CONSOLIDATED_BILLING" [schema]",
        "org.yaml:5:40: error: accounts.Shop.id: expected string, got number 1234 [schema]",
        "org.yaml:5:46: error: unknown key 'owner' [schema]",
        "org.yaml:6:10: error: missing 'email' (string) [schema]",
        "org.yaml:8:61: error: policies.P.attach.0: a target is 'root', 'ou:<path>' (e.g. ou:Workloads/Prod) or 'account:<name>' [schema]",
        "org.yaml:9:1: error: unknown key 'prunes' [schema]",
      ]
    `);
  });

  it('reports unknown references, duplicates, depth and placement together', () => {
    const text = `
organization:
  delegatedAdministrators: { guardduty.amazonaws.com: Nobody }
ous:
  A:
    accounts: [Shop, Ghost]
    ous:
      B: { ous: { C: { ous: { D: { ous: { E: { ous: { F: { accounts: [Shop] } } } } } } } } }
accounts:
  Shop: { email: shop@example.com, id: "111111111111" }
  Shop2: { email: SHOP@example.com, id: "111111111111" }
policies:
  P:
    type: SERVICE_CONTROL_POLICY
    document: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "*", Resource: "*" }] }
    attach: [ou:Nowhere, account:Ghost]
identityCenter:
  users: { bob: { displayName: Bob, email: bob@example.com } }
  groups: { G: { members: [bob, carol] } }
  assignments:
    - { group: H, permissionSet: Missing, targets: [root] }
    - { group: G, user: bob, permissionSet: Missing, targets: [root], until: 2026-01-01T00:00:00Z }
`;
    expect(validate(text).lines).toMatchInlineSnapshot(`
      [
        "org.yaml:3:55: error: delegated administrator for guardduty.amazonaws.com: no account named 'Nobody' in 'accounts' [unknown-reference]",
        "org.yaml:6:22: error: OU 'A' lists account 'Ghost', which is not defined in 'accounts' [unknown-reference]",
        "org.yaml:8:55: error: OU 'A/B/C/D/E/F' is nested 6 levels deep; AWS allows 5 levels under the root [ou-depth]",
        "org.yaml:8:71: error: account 'Shop' is placed in more than one OU (A, A/B/C/D/E/F); an account has one parent [duplicate-placement]",
        "org.yaml:11:19: error: account 'Shop2' has the same email as 'Shop' (SHOP@example.com); every AWS account needs its own [duplicate-email]",
        "org.yaml:11:41: error: account 'Shop2' has the same id as 'Shop' (111111111111) [duplicate-id]",
        "org.yaml:16:14: error: target 'ou:Nowhere': no OU with path 'Nowhere' in 'ous' (known: A, A/B, A/B/C, A/B/C/D, A/B/C/D/E, A/B/C/D/E/F) [unknown-reference]",
        "org.yaml:16:26: error: target 'account:Ghost': no account named 'Ghost' in 'accounts' [unknown-reference]",
        "org.yaml:19:33: error: group 'G' lists member 'carol', which is not defined in 'identityCenter.users' [unknown-reference]",
        "org.yaml:21:16: error: assignment 1: no group named 'H' in 'identityCenter.groups' [unknown-reference]",
        "org.yaml:21:34: error: assignment 1: no permission set named 'Missing' in 'identityCenter.permissionSets' [unknown-reference]",
        "org.yaml:22:7: error: assignment 2: give exactly one of 'group' or 'user' [assignment]",
        "org.yaml:22:45: error: assignment 2: no permission set named 'Missing' in 'identityCenter.permissionSets' [unknown-reference]",
      ]
    `);
  });

  it('checks policy documents against their type, size and attachment limits', () => {
    const statement = (i: number) => `{ Sid: S${i}, Effect: Deny, Action: "s3:DeleteBucket", Resource: "*" }`;
    const scps = Array.from(
      { length: 10 },
      (_, i) =>
        `  S${i}: { type: SERVICE_CONTROL_POLICY, document: { Version: "2012-10-17", Statement: [${statement(i)}] }, attach: [root] }`,
    ).join('\n');
    const big = `"${'x'.repeat(5200)}"`;
    const text = `
organization:
  policyTypes: [SERVICE_CONTROL_POLICY]
policies:
${scps}
  Rcp: { type: RESOURCE_CONTROL_POLICY, document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:*", Resource: "*" }] }, attach: [root] }
  Tags: { type: TAG_POLICY, document: { nottags: {} } }
  Big: { type: RESOURCE_CONTROL_POLICY, document: { Version: "2012-10-17", Statement: [{ Sid: ${big}, Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*" }] } }
  Both: { type: TAG_POLICY, document: { tags: {} }, file: policies/x.json }
  Missing: { type: TAG_POLICY, file: policies/missing.json }
`;
    expect(validate(text).lines).toMatchInlineSnapshot(`
      [
        "org.yaml:14:167: error: root would have 11 SERVICE_CONTROL_POLICY policies attached (with FullAWSAccess, which AWS keeps attached); AWS allows 10 per target: S0, S1, S2, S3, S4, S5, S6, S7, S8, S9 [attachment-limit]",
        "org.yaml:15:16: error: policy 'Rcp' is a RESOURCE_CONTROL_POLICY, which 'organization.policyTypes' does not enable; add it there [policy-type-disabled]",
        "org.yaml:15:51: error: policy 'Rcp' is not a valid RESOURCE_CONTROL_POLICY: Statement[0]: RCP statements need a "Principal" (usually "*") [policy-document]",
        "org.yaml:15:51: error: policy 'Rcp' is not a valid RESOURCE_CONTROL_POLICY: Statement[0]: RCPs only support "Deny" statements (AWS keeps RCPFullAWSAccess for Allow) [policy-document]",
        "org.yaml:16:39: error: policy 'Tags' is not a valid TAG_POLICY: a TAG_POLICY document needs a top-level "tags" key [policy-document]",
        "org.yaml:17:51: error: policy 'Big' is 5312 characters (minified); AWS allows 5120 for RESOURCE_CONTROL_POLICY [policy-size]",
        "org.yaml:18:3: error: policy 'Both': give exactly one of 'document' or 'file' [policy-document]",
        "org.yaml:19:38: error: policy 'Missing': policy file policies/missing.json does not exist (paths are relative to the config file) [policy-document]",
      ]
    `);
  });

  it('checks permission sets against Identity Center limits', () => {
    const managed = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`).join(', ');
    const text = `
identityCenter:
  permissionSets:
    "this-name-is-far-too-long-for-identity-center": { sessionDuration: PT13H }
    Wide: { managedPolicies: [${managed}] }
`;
    expect(validate(text).lines).toMatchInlineSnapshot(`
      [
        "org.yaml:4:5: error: permission set name 'this-name-is-far-too-long-for-identity-center' must be 1–32 characters of letters, digits and +=,.@-_ [permission-set]",
        "org.yaml:4:73: error: permission set 'this-name-is-far-too-long-for-identity-center': sessionDuration PT13H must be from PT1H to PT12H [permission-set]",
        "org.yaml:5:30: warning: permission set 'Wide' has 11 managed policies; IAM allows 10 per role unless the quota is raised in every target account [permission-set]",
      ]
    `);
  });

  it('checks customer-managed policies kept in member accounts, and warns of undeclared ones', () => {
    const text = `
accounts:
  Shop Prod: { email: aws+shop-prod@example.com }
identityCenter:
  permissionSets:
    Developer:
      customerManagedPolicies: [{ name: extras, path: /teams/ }, { name: elsewhere }]
      permissionsBoundary: { customerManagedPolicy: { name: "bad name!" } }
  customerManagedPolicies:
    extras:
      path: teams
      document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: "*", Action: "s3:*", Resource: "*" }] }
      accounts:
        Shop Prod: { file: policies/broken.json }
        Ghost: { document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:*", Resource: "*" }] } }
        Shop Prod2: {}
    "bad name!":
      file: policies/deny-leave.json
`;
    expect(validate(text).lines).toMatchInlineSnapshot(`
      [
        "org.yaml:7:33: error: permission set 'Developer' references /teams/extras, but customerManagedPolicies keeps 'extras' at teams; IAM allows one policy of a name per account [unknown-reference]",
        "org.yaml:7:66: warning: permission set 'Developer' references IAM policy /elsewhere, which this file does not declare: it must exist in every account the set is assigned to, or AWS fails the assignment (declare it under identityCenter.customerManagedPolicies and orgward keeps it there) [unmanaged-policy]",
        "org.yaml:11:13: error: customer-managed policy 'extras': path 'teams' must start and end with '/' (for example /teams/), at most 512 characters [policy-name]",
        "org.yaml:12:17: error: customer-managed policy 'extras': Statement[0]: Identity-based policies do not take "Principal" or "NotPrincipal" [policy-document]",
        "org.yaml:14:28: error: customer-managed policy 'extras' in account 'Shop Prod': policy file policies/broken.json is not valid JSON: Unexpected end of JSON input [policy-document]",
        "org.yaml:15:9: error: customer-managed policy 'extras': no account named 'Ghost' in 'accounts' [unknown-reference]",
        "org.yaml:16:9: error: customer-managed policy 'extras': no account named 'Shop Prod2' in 'accounts' [unknown-reference]",
        "org.yaml:16:21: error: customer-managed policy 'extras' in account 'Shop Prod2': give 'document' or 'file' [policy-document]",
        "org.yaml:17:5: error: customer-managed policy 'bad name!': IAM policy names are 1–128 letters, digits and +=,.@-_ [policy-name]",
      ]
    `);
  });

  it('reads policy files relative to the config', () => {
    const policy = (file: string) => `
policies:
  P: { type: SERVICE_CONTROL_POLICY, file: ${file} }
`;
    expect(validate(policy('policies/deny-leave.json')).lines).toEqual([]);
    expect(validate(policy('policies/broken.json')).lines).toEqual([
      "org.yaml:3:44: error: policy 'P': policy file policies/broken.json is not valid JSON: Unexpected end of JSON input [policy-document]",
    ]);
    expect(validate(policy('policies/gone.json')).lines).toEqual([
      "org.yaml:3:44: error: policy 'P': policy file policies/gone.json does not exist (paths are relative to the config file) [policy-document]",
    ]);
  });
});
