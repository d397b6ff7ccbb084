/** The access renderers: matrix formats with hostile names, decisions, explain, access changes. */
import { describe, expect, it } from 'vitest';
import type { ActionChange } from '../access/diff.js';
import { AccessIndex } from '../access/effective.js';
import type { AccessModel } from '../access/model.js';
import { DecisionCache, type MatrixRow, type PathDecision } from '../access/queries.js';
import { renderAccessChanges, renderDecisions, renderExplain, renderMatrix } from './access.js';

const PROD = '333333333333';
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

const MODEL: AccessModel = {
  organization: { id: 'o-x', managementAccountId: '111111111111', rootId: 'r-1' },
  ous: [
    { id: 'ou-w', name: 'Workloads', parentId: 'r-1', path: 'Workloads' },
    { id: 'ou-p', name: 'Prod', parentId: 'ou-w', path: 'Workloads/Prod' },
  ],
  accounts: [
    { id: '111111111111', name: 'Management', state: 'ACTIVE', parentId: 'r-1' },
    { id: PROD, name: 'Shop Prod', state: 'ACTIVE', parentId: 'ou-p' },
  ],
  policies: [
    {
      name: 'FullAWSAccess',
      type: 'SERVICE_CONTROL_POLICY',
      content: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
      targets: ['r-1', 'ou-w', 'ou-p', PROD],
    },
    {
      name: 'NoTableDeletes',
      type: 'SERVICE_CONTROL_POLICY',
      content: doc({ Sid: 'KeepTables', Effect: 'Deny', Action: 'dynamodb:DeleteTable', Resource: '*' }),
      targets: ['ou-p'],
    },
  ],
  identityCenter: {
    permissionSets: [
      {
        name: 'Developer',
        inlinePolicy: doc({ Sid: 'Tables', Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }),
        managedPolicies: [],
        customerManagedPolicies: [],
        boundary: null,
        sessionDuration: 'PT1H',
      },
    ],
    users: [{ userName: 'alice', displayName: 'Alice', email: null }],
    groups: [],
    assignments: [
      { accountId: PROD, permissionSet: 'Developer', principalType: 'USER', principalName: 'alice' },
    ],
  },
  documents: { awsManaged: {}, customerManaged: {} },
  iam: {},
};

function decided(action: string): PathDecision {
  const index = new AccessIndex(MODEL);
  const path = index.identityCenterPaths('alice')[0]!;
  const decision = new DecisionCache(index, { action, resource: '*', context: {} }).path(path);
  return { path, accountName: 'Shop Prod', decision };
}

const row = (over: Partial<MatrixRow> = {}): MatrixRow => ({
  user: 'alice',
  accountId: PROD,
  accountName: 'Shop Prod',
  ouPath: 'Workloads/Prod',
  kind: 'identity-center',
  role: 'Developer',
  via: 'user',
  ...over,
});

describe('renderMatrix', () => {
  const rows = [
    row({ until: '2030-01-01T00:00:00Z' }),
    row({ user: '', via: 'group:Auditors', ouPath: '' }),
    row({
      user: '222222222222/deployer',
      kind: 'iam-role',
      role: 'Breakglass',
      via: 'iam-user:222222222222/deployer',
      dependsOn: ['aws:MultiFactorAuthPresent'],
    }),
  ];

  it('writes a table with placeholders, role prefixes and what a jump depends on', () => {
    const out = renderMatrix(rows, 'table');
    expect(out).toContain('(no members)');
    expect(out).toContain('(root)');
    expect(out).toContain('role Breakglass');
    expect(out).toContain('depends on aws:MultiFactorAuthPresent');
    expect(out).toContain('2030-01-01T00:00:00Z');
    expect(out.endsWith('3 paths\n')).toBe(true);
  });

  it('writes CSV with a header, quoting commas and neutralising formula-looking cells', () => {
    const out = renderMatrix(
      [row({ user: '=cmd|" /C calc"!A0', accountName: 'Shop, Prod', role: '+SUM(1)' })],
      'csv',
    );
    const [header, line] = out.trimEnd().split('\n');
    expect(header).toBe('user,account,account id,OU,permission set / role,via,until');
    expect(line).toBe(`"'=cmd|"" /C calc""!A0","Shop, Prod",${PROD},Workloads/Prod,'+SUM(1),user,`);
    expect(renderMatrix([row({ user: '@x' })], 'csv')).toContain("'@x,");
    expect(renderMatrix([row({ user: '-1+1' })], 'csv')).toContain("'-1+1,");
  });

  it('writes JSON as the rows themselves', () => {
    expect(JSON.parse(renderMatrix(rows, 'json'))).toEqual(rows);
  });

  it('escapes pipes and markup in Markdown cells', () => {
    const out = renderMatrix([row({ accountName: 'a|b', user: '<img src=x>' })], 'markdown');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('| user | account | account id | OU | permission set / role | via | until |');
    expect(lines[1]).toBe('|---|---|---|---|---|---|---|');
    expect(lines[2]).toContain('a\\|b');
    expect(lines[2]).toContain('&lt;img src=x&gt;');
    expect(lines[2]!.split(/(?<!\\)\|/).length).toBe(9);
  });

  it('escapes names in the HTML page and its title', () => {
    const out = renderMatrix(
      [row({ user: '<script>alert(1)</script>', accountName: `O'Brien & "Co"` })],
      'html',
      '<b>t</b>',
    );
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('O&#39;Brien &amp; &quot;Co&quot;');
    expect(out).toContain('<title>&lt;b&gt;t&lt;/b&gt;</title>');
    expect(out).toContain('<p>1 paths</p>');
    expect(out).toContain("default-src 'none'");
  });
});

describe('renderDecisions', () => {
  it('lists each path with its decision and the statements that decide it', () => {
    const out = renderDecisions(
      {
        title: 'who can dynamodb:DeleteTable',
        decisions: [decided('dynamodb:DeleteTable'), decided('dynamodb:GetItem')],
        empty: 'nobody',
      },
      'table',
    );
    expect(out).toContain('alice → assigned → Developer → Shop Prod');
    expect(out).toContain('denied (explicit)');
    expect(out).toContain('Deny SCP at OU Workloads/Prod: SCP NoTableDeletes Sid KeepTables');
    expect(out).toContain('allowed');
    expect(out).toContain('Allow identity: Developer (inline) Sid Tables');
    expect(out).not.toContain(PROD);
  });

  it('says why nothing allows it, and shows the empty text', () => {
    const out = renderDecisions(
      { title: 't', decisions: [decided('s3:GetObject')], empty: 'nobody' },
      'table',
    );
    expect(out).toContain('denied (no allow)');
    expect(out).toContain('no identity allow');
    expect(renderDecisions({ title: 'who', decisions: [], empty: 'nobody can' }, 'table')).toBe(
      'who\n\nnobody can\n',
    );
    expect(JSON.parse(renderDecisions({ title: 't', decisions: [], empty: '' }, 'json'))).toEqual([]);
  });
});

describe('renderExplain', () => {
  it('shows the SCP level that denies, in AWS’s order of layers', () => {
    const out = renderExplain(decided('dynamodb:DeleteTable'));
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(`alice → assigned → Developer → Shop Prod (${PROD})`);
    expect(lines[1]).toBe('decision: denied (explicit)');
    expect(lines[2]).toBe('  service control policies:');
    expect(out).toContain('    Deny SCP at OU Workloads/Prod: SCP NoTableDeletes Sid KeepTables');
    expect(out).toContain('    Allow SCP at Root: SCP FullAWSAccess Statement[0]');
    expect(out.indexOf('service control policies')).toBeLessThan(out.indexOf('identity policies'));
  });

  it('marks the layer that allows nothing', () => {
    const out = renderExplain(decided('s3:GetObject'));
    expect(out).toContain('decision: denied (no allow)');
    expect(out).toContain('  identity policies:\n    ✗ nothing allows it');
  });
});

describe('renderAccessChanges', () => {
  const gains: ActionChange = {
    user: 'alice',
    accountId: PROD,
    accountName: 'Shop Prod',
    change: 'gains',
    actions: ['dynamodb:*'],
    count: 4,
    through: ['Extra-alice-abc123'],
    until: '2026-12-31T00:00:00Z',
  };
  const loses: ActionChange = {
    user: 'bob',
    accountId: PROD,
    accountName: 'Shop Prod',
    change: 'loses',
    actions: Array.from({ length: 10 }, (_, i) => `s3:Action${i}`),
    count: 1,
    through: ['Developer'],
  };

  it('writes one line per change and says nobody else changes', () => {
    expect(renderAccessChanges([gains], 'text')).toBe(
      'access:\n  alice gains dynamodb:* in Shop Prod until 2026-12-31 (through Extra-alice-abc123; 4 actions)\n  nobody else changes\n',
    );
    const out = renderAccessChanges([gains, loses], 'text');
    expect(out).toContain(
      'bob loses s3:Action0, s3:Action1, s3:Action2, s3:Action3, s3:Action4, s3:Action5, s3:Action6, s3:Action7, … 2 more in Shop Prod (through Developer; 1 action)',
    );
    expect(renderAccessChanges([], 'text')).toBe('access: nobody gains or loses any action\n');
  });

  it('writes Markdown with the people counted and names escaped', () => {
    expect(renderAccessChanges([], 'markdown')).toBe('**Access:** nobody gains or loses any action.\n');
    expect(renderAccessChanges([gains], 'markdown')).toBe(
      '**Access:** 1 person changes; nobody else.\n\n- alice gains dynamodb:\\* in Shop Prod until 2026-12-31 (through Extra-alice-abc123; 4 actions)\n',
    );
    const two = renderAccessChanges([gains, loses, { ...gains, user: '*bold*|x' }], 'markdown');
    expect(two.startsWith('**Access:** 3 people change; nobody else.')).toBe(true);
    expect(two).toContain('- \\*bold\\*\\|x gains');
  });

  it('writes JSON as the changes themselves', () => {
    expect(JSON.parse(renderAccessChanges([gains], 'json'))).toEqual([gains]);
  });
});
