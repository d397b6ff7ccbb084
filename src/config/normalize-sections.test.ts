/** Each section of normalize: a small org.yaml in, the exact Desired section out. */
import { describe, expect, it } from 'vitest';
import { GRANTS_NOTHING } from '../model/policy-documents.js';
import { loadConfigText } from './load.js';
import {
  normalizeAccountPolicies,
  normalizeAccounts,
  normalizeIdentityCenter,
  normalizeOrganization,
  normalizeOus,
  normalizePermissionSets,
  normalizePolicies,
  parseTarget,
  type NormalizeContext,
} from './normalize-sections.js';

const DOC =
  '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]\n}\n';
const MINIFIED =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
const files: Record<string, string> = { 'policies/read.json': DOC };

function context(yaml: string): NormalizeContext {
  const readRelative = (p: string) => files[p];
  const loaded = loadConfigText('org.yaml', yaml, readRelative);
  expect(loaded.issues).toEqual([]);
  return { config: loaded.config!, readRelative };
}

describe('organization', () => {
  it('sorts policy types, trusted access and delegated administrators (a name or a list)', () => {
    const ctx = context(`
organization:
  featureSet: ALL
  policyTypes: [TAG_POLICY, SERVICE_CONTROL_POLICY]
  trustedAccess: [sso.amazonaws.com, guardduty.amazonaws.com]
  delegatedAdministrators:
    securityhub.amazonaws.com: [Sec, Audit]
    guardduty.amazonaws.com: Sec
  rootAccess: { credentialsManagement: true, rootSessions: false }
accounts:
  Sec: { email: sec@example.com }
  Audit: { email: audit@example.com }
`);
    expect(normalizeOrganization(ctx)).toEqual({
      featureSet: 'ALL',
      policyTypes: ['SERVICE_CONTROL_POLICY', 'TAG_POLICY'],
      trustedAccess: ['guardduty.amazonaws.com', 'sso.amazonaws.com'],
      delegatedAdministrators: [
        { servicePrincipal: 'guardduty.amazonaws.com', account: 'Sec' },
        { servicePrincipal: 'securityhub.amazonaws.com', account: 'Audit' },
        { servicePrincipal: 'securityhub.amazonaws.com', account: 'Sec' },
      ],
      rootAccess: { credentialsManagement: true, rootSessions: false },
    });
  });

  it('leaves unmanaged settings undefined', () => {
    expect(normalizeOrganization(context('organization: { featureSet: ALL }\n'))).toEqual({
      featureSet: 'ALL',
      policyTypes: undefined,
      trustedAccess: undefined,
      delegatedAdministrators: undefined,
      rootAccess: undefined,
    });
  });
});

describe('OUs and accounts', () => {
  const ctx = context(`
organization: { featureSet: ALL }
ous:
  Workloads:
    tags: { tier: workloads }
    ous:
      Prod: { accounts: [Shop] }
  Security: { accounts: [Audit] }
accounts:
  Shop: { email: shop@example.com, tags: { owner: shop } }
  Audit: { email: audit@example.com, id: "222222222222" }
  Old: { email: old@example.com, id: "333333333333", close: true }
`);

  it('lists OUs parents first with their paths, and where each placed account is', () => {
    const { ous, parentOf } = normalizeOus(ctx);
    expect(ous).toEqual([
      { path: 'Workloads', name: 'Workloads', parentPath: '', tags: { tier: 'workloads' } },
      { path: 'Workloads/Prod', name: 'Prod', parentPath: 'Workloads', tags: undefined },
      { path: 'Security', name: 'Security', parentPath: '', tags: undefined },
    ]);
    expect([...parentOf]).toEqual([
      ['Shop', 'Workloads/Prod'],
      ['Audit', 'Security'],
    ]);
  });

  it('gives each account its OU path (the root when unplaced) and close: false by default', () => {
    expect(normalizeAccounts(ctx, normalizeOus(ctx).parentOf)).toEqual([
      {
        name: 'Shop',
        email: 'shop@example.com',
        id: undefined,
        parentPath: 'Workloads/Prod',
        tags: { owner: 'shop' },
        close: false,
      },
      {
        name: 'Audit',
        email: 'audit@example.com',
        id: '222222222222',
        parentPath: 'Security',
        tags: undefined,
        close: false,
      },
      {
        name: 'Old',
        email: 'old@example.com',
        id: '333333333333',
        parentPath: '',
        tags: undefined,
        close: true,
      },
    ]);
  });
});

describe('policies', () => {
  it('reads documents from files or inline, minified, and parses targets', () => {
    const ctx = context(`
organization: { featureSet: ALL, policyTypes: [SERVICE_CONTROL_POLICY] }
ous: { Workloads: {} }
accounts: { Shop: { email: shop@example.com } }
policies:
  FromFile: { type: SERVICE_CONTROL_POLICY, file: policies/read.json, attach: [root, ou:Workloads, account:Shop] }
  Inline:
    type: SERVICE_CONTROL_POLICY
    description: inline
    document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }] }
    tags: { team: platform }
`);
    expect(normalizePolicies(ctx)).toEqual([
      {
        name: 'FromFile',
        type: 'SERVICE_CONTROL_POLICY',
        description: '',
        content: MINIFIED,
        targets: [{ kind: 'root' }, { kind: 'ou', path: 'Workloads' }, { kind: 'account', name: 'Shop' }],
        tags: undefined,
      },
      {
        name: 'Inline',
        type: 'SERVICE_CONTROL_POLICY',
        description: 'inline',
        content: MINIFIED,
        targets: [],
        tags: { team: 'platform' },
      },
    ]);
  });

  it('parses each kind of target', () => {
    expect(['root', 'ou:A/B', 'account:Shop Prod'].map(parseTarget)).toEqual([
      { kind: 'root' },
      { kind: 'ou', path: 'A/B' },
      { kind: 'account', name: 'Shop Prod' },
    ]);
  });
});

describe('Identity Center', () => {
  const ctx = context(`
organization: { featureSet: ALL }
ous: { Workloads: {} }
accounts: { Shop: { email: shop@example.com } }
identityCenter:
  users:
    alice: { displayName: Alice, email: alice@example.com, givenName: Alice, familyName: Doe }
    zed: { displayName: Zed }
  groups: { Devs: { description: builders, members: [zed, alice] }, Empty: {} }
  permissionSets:
    Dev:
      managedPolicies: [arn:aws:iam::aws:policy/ViewOnlyAccess, arn:aws:iam::aws:policy/AdministratorAccess]
      inlinePolicy: { file: policies/read.json }
      permissionsBoundary: { managedPolicy: arn:aws:iam::aws:policy/PowerUserAccess }
    Ops:
      sessionDuration: PT8H
      relayState: https://console.aws.amazon.com/
      customerManagedPolicies: [{ name: extras, path: /teams/ }]
      permissionsBoundary: { customerManagedPolicy: { name: limit, path: / } }
      tags: { team: ops }
  customerManagedPolicies:
    extras:
      path: /teams/
      file: policies/read.json
      accounts: { Shop: { file: policies/read.json } }
    limit:
      path: /
      accounts: { Shop: { document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }] } } }
  assignments:
    - { group: Devs, permissionSet: Dev, targets: [ou:Workloads, account:Shop] }
    - { user: alice, permissionSet: Ops, targets: [root], until: "2030-01-01T00:00:00Z" }
`);
  const ic = ctx.config.identityCenter!;

  it('applies permission set defaults, sorts managed policies and reads the inline policy', () => {
    expect(normalizePermissionSets(ctx, ic)).toEqual([
      {
        name: 'Dev',
        description: undefined,
        sessionDuration: 'PT1H',
        relayState: undefined,
        inlinePolicy: MINIFIED,
        managedPolicies: [
          'arn:aws:iam::aws:policy/AdministratorAccess',
          'arn:aws:iam::aws:policy/ViewOnlyAccess',
        ],
        customerManagedPolicies: [],
        permissionsBoundary: { managedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
        tags: undefined,
      },
      {
        name: 'Ops',
        description: undefined,
        sessionDuration: 'PT8H',
        relayState: 'https://console.aws.amazon.com/',
        inlinePolicy: undefined,
        managedPolicies: [],
        customerManagedPolicies: [{ name: 'extras', path: '/teams/' }],
        permissionsBoundary: { customerManagedPolicy: { name: 'limit', path: '/' } },
        tags: { team: 'ops' },
      },
    ]);
  });

  it('reads account policies per account, from a file or inline', () => {
    expect(normalizeAccountPolicies(ctx, ic)).toEqual([
      {
        name: 'extras',
        path: '/teams/',
        description: undefined,
        document: MINIFIED,
        accounts: { Shop: MINIFIED },
      },
      { name: 'limit', path: '/', description: undefined, document: undefined, accounts: { Shop: MINIFIED } },
    ]);
  });

  it('keeps a policy that grants nothing for an account given no document (validation refuses that first)', () => {
    const bare = { ...ic, customerManagedPolicies: { limit: { path: '/', accounts: { Shop: {} } } } };
    expect(normalizeAccountPolicies(ctx, bare)).toEqual([
      {
        name: 'limit',
        path: '/',
        description: undefined,
        document: undefined,
        accounts: { Shop: GRANTS_NOTHING },
      },
    ]);
  });

  it('lists users, groups with sorted members, the member role default and assignments', () => {
    const desired = normalizeIdentityCenter(ctx)!;
    expect(desired.users).toEqual([
      {
        userName: 'alice',
        displayName: 'Alice',
        email: 'alice@example.com',
        givenName: 'Alice',
        familyName: 'Doe',
      },
      { userName: 'zed', displayName: 'Zed', email: undefined, givenName: undefined, familyName: undefined },
    ]);
    expect(desired.groups).toEqual([
      { displayName: 'Devs', description: 'builders', members: ['alice', 'zed'] },
      { displayName: 'Empty', description: undefined, members: [] },
    ]);
    expect(desired.memberRoleName).toBe('OrganizationAccountAccessRole');
    expect(desired.assignments).toEqual([
      {
        principalType: 'GROUP',
        principalName: 'Devs',
        permissionSet: 'Dev',
        targets: [
          { kind: 'ou', path: 'Workloads' },
          { kind: 'account', name: 'Shop' },
        ],
        until: undefined,
      },
      {
        principalType: 'USER',
        principalName: 'alice',
        permissionSet: 'Ops',
        targets: [{ kind: 'root' }],
        until: '2030-01-01T00:00:00Z',
      },
    ]);
    expect(desired.permissionSets).toEqual(normalizePermissionSets(ctx, ic));
    expect(desired.customerManagedPolicies).toEqual(normalizeAccountPolicies(ctx, ic));
  });

  it('is undefined when the file does not manage Identity Center', () => {
    expect(normalizeIdentityCenter(context('organization: { featureSet: ALL }\n'))).toBeUndefined();
  });
});
