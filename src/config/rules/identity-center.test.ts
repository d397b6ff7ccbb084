/**
 * The Identity Center rule's sections for customer-managed policies: each declared policy (name, path,
 * document, per-account documents) and the permission sets' references to them.
 */
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../load.js';

const DOC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});
const files: Record<string, string> = {
  'p/ok.json': DOC,
  'p/bad.json': '{not json',
  'p/wrong.json': JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Maybe', Action: 's3:*', Resource: '*' }],
  }),
  'p/big.json': JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: 200 }, (_, i) => ({
      Effect: 'Allow',
      Action: `s3:GetObject${i}`,
      Resource: `arn:aws:s3:::bucket-${i}/*`,
    })),
  }),
};

/** The issues of `customerManagedPolicies` and of references to them, as `line:column rule path: message`. */
function policyIssues(identityCenter: string): string[] {
  const text = `organization: { featureSet: ALL }\naccounts:\n  Shop: { email: shop@example.com }\nidentityCenter:\n${identityCenter}`;
  return loadConfigText('org.yaml', text, (p) => files[p])
    .issues.filter((i) =>
      ['policy-name', 'policy-document', 'policy-size', 'unknown-reference', 'unmanaged-policy'].includes(
        i.rule,
      ),
    )
    .map((i) => `${i.line}:${i.column} ${i.severity} ${i.rule} ${i.path}: ${i.message}`);
}

describe('declared customer-managed policies', () => {
  it('accepts a well-formed policy with a document per known account', () => {
    expect(
      policyIssues(`  customerManagedPolicies:
    extras: { path: /teams/, file: p/ok.json, accounts: { Shop: { file: p/ok.json } } }
`),
    ).toEqual([]);
  });

  it('checks the name and path IAM accepts', () => {
    expect(
      policyIssues(`  customerManagedPolicies:
    "bad name!": { path: teams, file: p/ok.json }
`),
    ).toEqual([
      "6:5 error policy-name identityCenter.customerManagedPolicies.bad name!: customer-managed policy 'bad name!': IAM policy names are 1–128 letters, digits and +=,.@-_",
      "6:26 error policy-name identityCenter.customerManagedPolicies.bad name!.path: customer-managed policy 'bad name!': path 'teams' must start and end with '/' (for example /teams/), at most 512 characters",
    ]);
  });

  it('checks a document: one source, readable, valid for IAM, within the size IAM allows', () => {
    expect(
      policyIssues(`  customerManagedPolicies:
    both: { path: /, file: p/ok.json, document: { Version: "2012-10-17", Statement: [] } }
    unreadable: { path: /, file: p/bad.json }
    invalid: { path: /, file: p/wrong.json }
    big: { path: /, file: p/big.json }
`),
    ).toEqual([
      "6:11 error policy-document identityCenter.customerManagedPolicies.both: customer-managed policy 'both': give 'document' or 'file', not both",
      "7:34 error policy-document identityCenter.customerManagedPolicies.unreadable.file: customer-managed policy 'unreadable': policy file p/bad.json is not valid JSON: Expected property name or '}' in JSON at position 1",
      `8:31 error policy-document identityCenter.customerManagedPolicies.invalid.file: customer-managed policy 'invalid': Statement[0]: "Effect" must be "Allow" or "Deny"`,
      "9:27 error policy-size identityCenter.customerManagedPolicies.big.file: customer-managed policy 'big': the document is 16818 characters without whitespace; IAM allows 6144 for a managed policy",
    ]);
  });

  it('checks each account: known to the file, and given a document', () => {
    expect(
      policyIssues(`  customerManagedPolicies:
    extras:
      path: /
      accounts: { Ghost: { file: p/ok.json }, Shop: {} }
`),
    ).toEqual([
      "8:19 error unknown-reference identityCenter.customerManagedPolicies.extras.accounts.Ghost: customer-managed policy 'extras': no account named 'Ghost' in 'accounts'",
      "8:53 error policy-document identityCenter.customerManagedPolicies.extras.accounts.Shop: customer-managed policy 'extras' in account 'Shop': give 'document' or 'file'",
    ]);
  });
});

describe("permission sets' references to customer-managed policies", () => {
  it('warns of an undeclared policy and refuses a declared one at another path, attached or as boundary', () => {
    const issues = policyIssues(`  customerManagedPolicies:
    extras: { path: /teams/, file: p/ok.json }
  permissionSets:
    Dev:
      customerManagedPolicies: [{ name: extras, path: / }, { name: elsewhere, path: /x/ }]
    Ops:
      permissionsBoundary: { customerManagedPolicy: { name: extras, path: /teams/ } }
    Audit:
      permissionsBoundary: { customerManagedPolicy: { name: limit, path: / } }
`);
    expect(issues).toEqual([
      "9:33 error unknown-reference identityCenter.permissionSets.Dev.customerManagedPolicies.0: permission set 'Dev' references /extras, but customerManagedPolicies keeps 'extras' at /teams/; IAM allows one policy of a name per account",
      expect.stringMatching(
        /^9:60 warning unmanaged-policy identityCenter\.permissionSets\.Dev\.customerManagedPolicies\.1: permission set 'Dev' references IAM policy \/x\/elsewhere, which this file does not declare: it must exist in every account/,
      ),
      expect.stringMatching(
        /^13:28 warning unmanaged-policy identityCenter\.permissionSets\.Audit\.permissionsBoundary: permission set 'Audit' references IAM policy \/limit, which this file does not declare/,
      ),
    ]);
  });
});
