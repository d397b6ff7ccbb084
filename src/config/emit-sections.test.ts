/** Each section of org.yaml as import writes it: a small snapshot in, the exact section (and notes) out. */
import { describe, expect, it } from 'vitest';
import type { SnapshotIdentityCenter } from '../model/snapshot.js';
import { account, MGMT, ou, permissionSet, ROOT, scp, snapshot } from '../plan/testing/builders.js';
import {
  accountNames,
  accountsByParent,
  emitAccounts,
  emitAssignments,
  emitContext,
  emitIdentityCenter,
  emitOrganization,
  emitOus,
  emitPermissionSets,
  emitPolicies,
  noteGaps,
  renderOrgYaml,
  slug,
} from './emit-sections.js';

const WORKLOADS = 'ou-ab12-aaaaaaaa';
const PROD = 'ou-ab12-bbbbbbbb';
const SECURITY = 'ou-ab12-cccccccc';

const tree = snapshot({
  ous: [
    ou('Workloads', WORKLOADS, ROOT),
    ou('Workloads/Prod', PROD, WORKLOADS),
    { ...ou('Security', SECURITY, ROOT), tags: { tier: 'security' } },
  ],
  accounts: [
    account(MGMT, 'Management', 'mgmt@example.com'),
    account('222222222222', 'Shop', 'shop@example.com', PROD, { tags: { owner: 'shop' } }),
    account('333333333333', 'Shop', 'shop-2@example.com', SECURITY),
    account('444444444444', 'Audit', 'audit@example.com', SECURITY),
    account('555555555555', '', 'nameless@example.com', ROOT),
  ],
});

describe('names and targets', () => {
  it('keys an account by its name, or by name and id when the name repeats or is empty', () => {
    expect([...accountNames(tree.accounts)]).toEqual([
      [MGMT, 'Management'],
      ['222222222222', 'Shop (222222222222)'],
      ['333333333333', 'Shop (333333333333)'],
      ['444444444444', 'Audit'],
      ['555555555555', 'account (555555555555)'],
    ]);
  });

  it('names the root, an OU by path and an account by its key; an unknown id stays an account id', () => {
    const { target } = emitContext(tree);
    expect([ROOT, PROD, '222222222222', '999999999999'].map(target)).toEqual([
      'root',
      'ou:Workloads/Prod',
      'account:Shop (222222222222)',
      'account:999999999999',
    ]);
  });

  it('slugs a policy name into a file name', () => {
    expect([slug('Deny Leave!'), slug('--A.b_c--'), slug('***')]).toEqual(['deny-leave', 'a.b_c', 'policy']);
  });
});

describe('organization', () => {
  it('writes the settings, one delegated administrator as a name and several as a list', () => {
    const ctx = emitContext(
      snapshot({
        ...tree,
        organization: {
          ...tree.organization,
          enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'TAG_POLICY'],
          trustedAccess: [
            { servicePrincipal: 'guardduty.amazonaws.com', enabledAt: null },
            { servicePrincipal: 'sso.amazonaws.com', enabledAt: null },
          ],
          delegatedAdministrators: [
            { accountId: '444444444444', servicePrincipal: 'guardduty.amazonaws.com', since: null },
            { accountId: '444444444444', servicePrincipal: 'securityhub.amazonaws.com', since: null },
            { accountId: '333333333333', servicePrincipal: 'securityhub.amazonaws.com', since: null },
          ],
          rootAccess: { credentialsManagement: true, rootSessions: false },
        },
      }),
    );
    expect(emitOrganization(ctx)).toEqual({
      featureSet: 'ALL',
      policyTypes: ['SERVICE_CONTROL_POLICY', 'TAG_POLICY'],
      trustedAccess: ['guardduty.amazonaws.com', 'sso.amazonaws.com'],
      delegatedAdministrators: {
        'guardduty.amazonaws.com': 'Audit',
        'securityhub.amazonaws.com': ['Audit', 'Shop (333333333333)'],
      },
      rootAccess: { credentialsManagement: true, rootSessions: false },
    });
  });

  it('leaves out what could not be read, and delegated administrators when there are none', () => {
    const ctx = emitContext(
      snapshot({
        organization: {
          ...tree.organization,
          trustedAccess: null,
          delegatedAdministrators: [],
          rootAccess: null,
        },
      }),
    );
    expect(emitOrganization(ctx)).toEqual({ featureSet: 'ALL', policyTypes: ['SERVICE_CONTROL_POLICY'] });
  });
});

describe('OU tree', () => {
  it('nests OUs by name with their accounts (sorted) and tags; the root keeps its own accounts', () => {
    const ctx = emitContext(tree);
    const placed = accountsByParent(ctx);
    expect(placed.get(ROOT)).toEqual(['Management', 'account (555555555555)']);
    expect(emitOus(ctx, placed, ROOT)).toEqual({
      Security: { accounts: ['Audit', 'Shop (333333333333)'], tags: { tier: 'security' } },
      Workloads: { ous: { Prod: { accounts: ['Shop (222222222222)'] } } },
    });
    expect(Object.keys(emitOus(ctx, placed, ROOT)!)).toEqual(['Security', 'Workloads']);
  });

  it('answers undefined for a parent without OUs', () => {
    const ctx = emitContext(tree);
    expect(emitOus(ctx, accountsByParent(ctx), PROD)).toBeUndefined();
  });
});

describe('accounts', () => {
  it('writes each account by key, sorted, with tags only when it has some, and notes renamed keys', () => {
    const ctx = emitContext(tree);
    const accounts = emitAccounts(ctx);
    expect(Object.keys(accounts)).toEqual([
      'account (555555555555)',
      'Audit',
      'Management',
      'Shop (222222222222)',
      'Shop (333333333333)',
    ]);
    expect(accounts['Shop (222222222222)']).toEqual({
      email: 'shop@example.com',
      id: '222222222222',
      tags: { owner: 'shop' },
    });
    expect(accounts.Audit).toEqual({ email: 'audit@example.com', id: '444444444444' });
    expect(ctx.notes).toEqual([
      'account 222222222222 is keyed "Shop (222222222222)" because its name is not unique',
      'account 333333333333 is keyed "Shop (333333333333)" because its name is not unique',
      'account 555555555555 is keyed "account (555555555555)" because its name is not unique',
    ]);
  });
});

describe('policies', () => {
  it('writes each document to a file, numbers clashing files, keys a repeated name by type', () => {
    const ctx = emitContext(
      snapshot({
        ...tree,
        policies: [
          {
            ...scp('p-1', 'Deny Leave', '{"Version":"2012-10-17","Statement":[]}', [ROOT, PROD]),
            description: 'stay',
            tags: { team: 'platform' },
          },
          scp('p-2', 'deny leave', 'not json', []),
          { ...scp('p-3', 'Deny Leave', '{}', ['222222222222']), type: 'TAG_POLICY' },
          { ...scp('p-FullAWSAccess', 'FullAWSAccess', '{}', [ROOT, WORKLOADS]), awsManaged: true },
        ],
      }),
    );
    expect(emitPolicies(ctx)).toEqual({
      'Deny Leave': {
        type: 'SERVICE_CONTROL_POLICY',
        description: 'stay',
        file: 'policies/scp/deny-leave.json',
        attach: ['root', 'ou:Workloads/Prod'],
        tags: { team: 'platform' },
      },
      'deny leave': { type: 'SERVICE_CONTROL_POLICY', file: 'policies/scp/deny-leave-2.json' },
      'Deny Leave (TAG_POLICY)': {
        type: 'TAG_POLICY',
        file: 'policies/tag/deny-leave.json',
        attach: ['account:Shop (222222222222)'],
      },
    });
    expect([...ctx.files]).toEqual([
      ['policies/scp/deny-leave.json', '{\n  "Version": "2012-10-17",\n  "Statement": []\n}\n'],
      ['policies/scp/deny-leave-2.json', 'not json'],
      ['policies/tag/deny-leave.json', '{}\n'],
    ]);
    expect(ctx.notes).toEqual([
      'policy "Deny Leave" exists for more than one type; the TAG_POLICY one is keyed "Deny Leave (TAG_POLICY)"',
      'FullAWSAccess is detached from ou:Workloads/Prod, ou:Security, account:Management, account:Shop (222222222222), account:Shop (333333333333), account:Audit, account:account (555555555555); orgward leaves AWS-managed policies as they are',
    ]);
  });

  it('notes nothing when FullAWSAccess is attached everywhere', () => {
    const ctx = emitContext(
      snapshot({
        policies: [{ ...scp('p-FullAWSAccess', 'FullAWSAccess', '{}', [ROOT, MGMT]), awsManaged: true }],
      }),
    );
    expect(emitPolicies(ctx)).toEqual({});
    expect(ctx.notes).toEqual([]);
    expect(ctx.files.size).toBe(0);
  });
});

const ic: SnapshotIdentityCenter = {
  instanceArn: 'arn:aws:sso:::instance/ssoins-1',
  identityStoreId: 'd-1',
  permissionSets: [
    permissionSet('arn:ps/admin', 'Admin', {
      description: 'all of it',
      relayState: 'https://console.aws.amazon.com/',
      sessionDuration: 'PT2H',
      inlinePolicy: '{"Version":"2012-10-17","Statement":[]}',
      managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      customerManagedPolicies: [{ name: 'extras', path: '/teams/' }],
      permissionsBoundary: { managedPolicyArn: null, customerManagedPolicy: { name: 'limit', path: '/' } },
      tags: { team: 'platform' },
    }),
    permissionSet('arn:ps/read', 'Read Only', {
      permissionsBoundary: {
        managedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        customerManagedPolicy: null,
      },
    }),
  ],
  users: [
    { id: 'u-bob', userName: 'bob', displayName: null, email: null },
    { id: 'u-alice', userName: 'alice', displayName: 'Alice', email: 'alice@example.com' },
  ],
  groups: [
    { id: 'g-ops', displayName: 'Ops', description: 'on call', members: ['u-bob', 'u-alice', 'u-gone'] },
  ],
  assignments: [
    {
      accountId: '333333333333',
      permissionSetArn: 'arn:ps/read',
      permissionSetName: 'Read Only',
      principalType: 'GROUP',
      principalId: 'g-ops',
      principalName: 'Ops',
    },
    {
      accountId: '222222222222',
      permissionSetArn: 'arn:ps/read',
      permissionSetName: 'Read Only',
      principalType: 'GROUP',
      principalId: 'g-ops',
      principalName: 'Ops',
    },
    {
      accountId: MGMT,
      permissionSetArn: 'arn:ps/admin',
      permissionSetName: 'Admin',
      principalType: 'USER',
      principalId: 'u-bob',
      principalName: 'bob',
    },
    {
      accountId: MGMT,
      permissionSetArn: 'arn:ps/admin',
      permissionSetName: 'Admin',
      principalType: 'USER',
      principalId: 'u-deleted',
      principalName: null,
    },
  ],
  provisioning: [],
};

describe('Identity Center', () => {
  it('writes permission sets with what they set, inline policies to files', () => {
    const ctx = emitContext(snapshot({ ...tree, identityCenter: ic }));
    expect(emitPermissionSets(ctx, ic)).toEqual({
      Admin: {
        sessionDuration: 'PT2H',
        description: 'all of it',
        relayState: 'https://console.aws.amazon.com/',
        managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
        customerManagedPolicies: [{ name: 'extras', path: '/teams/' }],
        inlinePolicy: { file: 'policies/permission-sets/admin.json' },
        permissionsBoundary: { customerManagedPolicy: { name: 'limit', path: '/' } },
        tags: { team: 'platform' },
      },
      'Read Only': {
        sessionDuration: 'PT1H',
        permissionsBoundary: { managedPolicy: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      },
    });
    expect([...ctx.files]).toEqual([
      ['policies/permission-sets/admin.json', '{\n  "Version": "2012-10-17",\n  "Statement": []\n}\n'],
    ]);
  });

  it('groups assignments by principal and permission set, and leaves out vanished principals', () => {
    const ctx = emitContext(snapshot({ ...tree, identityCenter: ic }));
    expect(emitAssignments(ctx, ic)).toEqual([
      { user: 'bob', permissionSet: 'Admin', targets: ['account:Management'] },
      {
        group: 'Ops',
        permissionSet: 'Read Only',
        targets: ['account:Shop (222222222222)', 'account:Shop (333333333333)'],
      },
    ]);
    expect(ctx.notes).toEqual([
      'assignment of Admin on 111111111111 to a user that no longer exists (u-deleted) was left out',
    ]);
  });

  it('writes users (display name defaulting to the user name) and groups with members by user name', () => {
    const ctx = emitContext(snapshot({ ...tree, identityCenter: ic }));
    const written = emitIdentityCenter(ctx)!;
    expect(Object.keys(written)).toEqual(['users', 'groups', 'permissionSets', 'assignments']);
    expect(written.users).toEqual({
      bob: { displayName: 'bob' },
      alice: { displayName: 'Alice', email: 'alice@example.com' },
    });
    expect(written.groups).toEqual({ Ops: { description: 'on call', members: ['alice', 'bob', 'u-gone'] } });
  });

  it('writes nothing without an Identity Center instance', () => {
    expect(emitIdentityCenter(emitContext(tree))).toBeUndefined();
  });
});

describe('org.yaml text and notes', () => {
  it('puts a header on top, short scalar lists on one line, and comments on root accounts and prune', () => {
    const ctx = emitContext(tree);
    const text = renderOrgYaml(
      ctx,
      {
        organization: { featureSet: 'ALL', policyTypes: ['SERVICE_CONTROL_POLICY'] },
        accounts: { Management: { email: 'mgmt@example.com', id: MGMT } },
        policies: { P: { file: 'p.json', attach: [{ nested: true }] } },
        prune: [],
      },
      ['Management'],
    );
    expect(text).toBe(
      [
        '# Imported by orgward from organization o-x on 2026-11-01T00:00:00.000Z.',
        '# `orgward plan` on this file reports no changes until you edit it.',
        '# Accounts are matched by id; OUs by path; policies and permission sets by name.',
        '',
        'organization:',
        '  featureSet: ALL',
        '  policyTypes: [ SERVICE_CONTROL_POLICY ]',
        '# Accounts not placed in any OU stay in the root: Management.',
        'accounts:',
        '  Management:',
        '    email: mgmt@example.com',
        '    id: "111111111111"',
        'policies:',
        '  P:',
        '    file: p.json',
        '    attach:',
        '      - nested: true',
        '# Scopes where objects found in AWS but absent from this file are deleted (ous, accounts, policies,',
        '# permissionSets, assignments, users, groups, baseline). Empty: nothing unmanaged is ever deleted.',
        'prune: []',
        '',
      ].join('\n'),
    );
  });

  it('has no root-accounts comment when every account is in an OU', () => {
    const text = renderOrgYaml(emitContext(tree), { accounts: {}, prune: [] }, []);
    expect(text).not.toContain('stay in the root');
  });

  it('notes each part of the snapshot that could not be read', () => {
    const ctx = emitContext(
      snapshot({
        gaps: [
          {
            part: 'identityCenter',
            service: 'sso-admin',
            operation: 'ListInstances',
            code: 'AccessDeniedException',
            reason: 'denied',
          },
        ],
      }),
    );
    noteGaps(ctx);
    expect(ctx.notes).toEqual([
      'identityCenter could not be read (AccessDeniedException); that part of the file is left out',
    ]);
  });
});
