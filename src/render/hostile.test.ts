/**
 * Names from org.yaml (a pull request's author writes them) and from the organization go through every
 * renderer and every format: Markdown stays text (no HTML, no links, no pings, tables whole), a terminal
 * gets no control sequence, HTML no markup, SARIF and JSON stay data.
 */
import { describe, expect, it } from 'vitest';
import { compareAudits } from '../audit/compare.js';
import { buildAuditResult, SAMPLE_CHECKS, sampleSpec, type FindingSpec } from '../audit/testing.js';
import type { AuditResult } from '../audit/types.js';
import { treeOf } from '../model/org-tree.js';
import type { Plan } from '../plan/plan.js';
import { account, ou, ROOT, scp, snapshot } from '../plan/testing/builders.js';
import type { RootAccount, RootStatus } from '../root/types.js';
import {
  AUDIT_REPORT_FORMATS,
  renderAuditHtml,
  renderAuditMarkdown,
  renderAuditReport,
  renderAuditSarif,
  renderAuditTable,
  renderComparisonMarkdown,
  renderComparisonText,
} from './audit/index.js';
import { renderAuditBrief, renderImprovement } from './demo.js';
import { mdCode, mdText, termText } from './escape.js';
import { renderPlanMarkdown, renderPlanSummary, renderPlanText } from './plan.js';
import {
  renderBlockers,
  renderDeletionPlan,
  renderDeletionResult,
  renderEnablePlan,
  renderRootStatus,
  renderTaskPlan,
  stepText,
} from './root.js';
import { renderSnapshotSummary } from './snapshot-summary.js';
import { renderTree } from './tree.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'a|b',
  'back`tick``s',
  '[x](http://evil)',
  '@org/team',
  '\u001b[31mred\u001b[0m',
  '\u001b]8;;http://evil\u0007link\u001b]8;;\u0007',
  'line\nbreak',
  '\u202Egnp.exe',
  'over\rwrite\b\u009b2J\u2066x\u2069',
  '\\|c\\](http://evil)',
] as const;

/** Everything but newline that a terminal would act on, or that reorders what it shows. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function expectSafeText(text: string): void {
  expect(text).not.toMatch(CONTROL);
  // A newline in a name never starts a line of its own.
  for (const line of text.split('\n')) expect(line).not.toMatch(/^(break|write)/);
}

/** How many times `ch` occurs not escaped by a backslash (a backslash escapes the next character). */
function unescaped(line: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === ch) n++;
  }
  return n;
}

/** The `](` of a link or an image, not escaped. */
function linkOpeners(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === ']' && line[i + 1] === '(') n++;
  }
  return n;
}

function expectSafeMarkdown(md: string): void {
  expect(md).not.toMatch(CONTROL);
  // The renderers' own HTML is <details> and <summary>; a name never brings a `<`.
  expect(md).not.toMatch(/<(?!\/?(details|summary)>)/);
  expect(md).not.toMatch(/@org/);
  expect(md).not.toContain('http://evil');
  const lines = md.split('\n');
  for (const line of lines) {
    expect(linkOpeners(line)).toBe(0);
    expect(line).not.toMatch(/^(break|write)/);
  }
  // Every row of a table has the header's number of cells.
  let columns: number | undefined;
  for (const line of lines) {
    if (!line.startsWith('|')) {
      columns = undefined;
      continue;
    }
    const pipes = unescaped(line, '|');
    columns ??= pipes;
    expect(pipes, line).toBe(columns);
  }
}

function expectSafeHtml(html: string): void {
  const json = /<script type="application\/json" id="audit-result">([\s\S]*?)<\/script>/.exec(html)![1]!;
  const page = html.replace(json, '');
  expect(page).not.toMatch(/<img|<script>alert|<\/script><script>alert/);
  expect(html.match(/<script\b/g)).toHaveLength(2);
  expect(json).not.toMatch(/<\/script|<!--|<script|<img/i);
}

// ---------------------------------------------------------------------------------------------- plan

function hostilePlan(): Plan {
  const ops: Plan['operations'] = HOSTILE.flatMap((name, i): Plan['operations'] => [
    {
      id: `ou:create:${i}`,
      kind: 'create-ou',
      ou: { path: name },
      name,
      parent: { path: '', id: 'r-1' },
      tags: {},
      dependsOn: [],
      impact: 'create',
      summary: `create OU ${name}`,
    },
    {
      id: `a${i}`,
      kind: 'create-assignment',
      permissionSet: { name },
      principal: { type: 'GROUP', name },
      account: { name },
      dependsOn: [],
      impact: 'create',
      summary: `give group ${name} ${name} on ${name}`,
    },
    {
      id: `p${i}`,
      kind: 'detach-policy',
      policy: { name, type: 'SERVICE_CONTROL_POLICY', id: 'p-1' },
      target: { kind: 'root', id: 'r-1' },
      dependsOn: [],
      impact: 'delete',
      summary: `detach ${name} from root`,
    },
  ]);
  return {
    version: 1,
    createdAt: '2026-11-22T12:00:00.000Z',
    fingerprint: 'abc',
    operations: ops,
    summary: { create: 2 * HOSTILE.length, update: 0, delete: HOSTILE.length, replace: 0, total: ops.length },
    access: HOSTILE.map((name) => ({
      principal: { type: 'USER' as const, name },
      permissionSet: name,
      change: 'gains' as const,
      accounts: [name, 'Shop'],
    })),
    policies: HOSTILE.map((name) => ({
      policy: name,
      policyType: 'SERVICE_CONTROL_POLICY',
      target: name,
      change: 'detached' as const,
    })),
    notes: HOSTILE.map((name) => `OU ${name} is not in the file (unmanaged)`),
  };
}

// ------------------------------------------------------------------------------------- organization

function hostileSnapshot() {
  const ous = HOSTILE.map((name, i) => ({
    ...ou(`x${i}`, `ou-ab12-${String(i).padStart(8, '0')}`, ROOT),
    name,
  }));
  const accounts = [
    account('111111111111', HOSTILE[0], 'mgmt@example.com'),
    ...HOSTILE.map((name, i) =>
      account(String(200000000000 + i), name, `a${i}@example.com`, ous[i]!.id, {
        state: i % 2 ? 'ACTIVE' : 'SUSPENDED',
      }),
    ),
  ];
  const base = snapshot();
  return snapshot({
    ous,
    accounts,
    policies: HOSTILE.map((name, i) => ({ ...scp(`p-${i}`, name, '{}', []), type: name as 'TAG_POLICY' })),
    organization: {
      ...base.organization,
      enabledPolicyTypes: [...HOSTILE],
      trustedAccess: HOSTILE.map((servicePrincipal) => ({ servicePrincipal, enabledAt: null })),
      delegatedAdministrators: HOSTILE.map((servicePrincipal, i) => ({
        servicePrincipal,
        accountId: HOSTILE[(i + 1) % HOSTILE.length]!,
      })),
    } as unknown as typeof base.organization,
    gaps: HOSTILE.map((name) => ({ part: name, code: name, service: name, operation: name })) as ReturnType<
      typeof snapshot
    >['gaps'],
  });
}

// --------------------------------------------------------------------------------------------- root

function rootAccount(name: string, i: number): RootAccount {
  return {
    id: String(300000000000 + i),
    name,
    ouPath: name,
    credentials: {
      password: true,
      accessKeys: 1,
      signingCertificates: 0,
      mfaDevices: 0,
      detail: {
        accessKeys: [{ id: name, status: name, createdAt: null, lastUsed: name, lastUsedService: name }],
        signingCertificates: [],
        mfaDevices: [],
      },
    },
    status: i % 2 ? 'has-credentials' : 'unknown',
    reason: name,
    source: 'root-session',
  };
}

const blockers = HOSTILE.map((name) => ({
  code: 'UNREADABLE' as const,
  message: `account ${name} could not be read`,
  hint: name,
  overridable: true,
}));

// -------------------------------------------------------------------------------------------- audit

function hostileAudit(generatedAt = '2026-11-22T12:00:00Z', worse = false): AuditResult {
  const spec = sampleSpec();
  const evil = HOSTILE.map((name, i) => ({ id: String(700000000000 + i), name, ou: `Sandbox/${name}` }));
  const findings: FindingSpec[] = evil.flatMap((a, i): FindingSpec[] => [
    {
      check: 'ROOT-05',
      status: worse || i % 2 ? 'FAIL' : 'PASS',
      account: a.id,
      message: `key ${a.name}`,
      resource: a.name,
    },
    {
      check: 'CFG-01',
      status: worse ? 'UNKNOWN' : 'FAIL',
      account: a.id,
      region: 'us-east-1',
      message: a.name,
    },
    {
      check: 'GD-03',
      status: 'MUTED',
      account: a.id,
      message: a.name,
      suppressedBy: { reason: a.name, expires: a.name },
    },
  ]);
  return buildAuditResult({
    ...spec,
    organizationId: HOSTILE[0],
    generatedAt,
    accounts: [...spec.accounts, ...evil],
    checks: SAMPLE_CHECKS,
    findings: [...spec.findings, ...findings],
    expiredSuppressions: HOSTILE.map((name) => ({ check: 'IDN-03', reason: name, expires: name })),
  });
}

describe('hostile names', () => {
  it('the helpers: Markdown text and code, terminal text', () => {
    expect(mdText('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mdText('[x](http://evil)')).toBe('\\[x\\](http:&#8203;//evil)');
    expect(mdText('@org/team a@b www.evil.com #12')).toBe(
      '@&#8203;org/team a@&#8203;b www&#8203;.evil.com #&#8203;12',
    );
    expect(mdText('# 1. - + = "q"')).toBe('\\# 1. - + = &quot;q&quot;');
    expect(mdText('1. first')).toBe('1\\. first');
    expect(mdText('line\nbreak \u001b[31m')).toBe('line break \\\\x1b\\[31m');
    expect(mdText('Shop Prod (444444444444)')).toBe('Shop Prod (444444444444)');
    expect(mdCode('a`b``c')).toBe('```a`b``c```');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('a|b')).toBe('`a\\|b`');
    expect(mdCode('a|b', { table: false })).toBe('`a|b`');
    expect(termText('\u001b[31mred\u001b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(termText('\u001b]8;;http://evil\u0007link')).toBe('\\x1b]8;;http://evil\\x07link');
    expect(termText('a\r\nb\b\t\u009b\u202egnp')).toBe('a\\r\\nb\\x08\\t\\x9b\\u202egnp');
    expect(termText('Shop Prod · Workloads/Dev → ✓')).toBe('Shop Prod · Workloads/Dev → ✓');
  });

  it('plan: text, summary and Markdown', () => {
    const plan = hostilePlan();
    expectSafeText(renderPlanText(plan));
    expectSafeText(renderPlanSummary(plan));
    const md = renderPlanMarkdown(plan);
    expectSafeMarkdown(md);
    expect(md).toContain('| `+` | create OU &lt;img src=x onerror=alert(1)&gt; |');
    expect(md).toContain('| `+` | create OU a\\|b |');
    expect(md).toContain('- OU @&#8203;org/team is not in the file (unmanaged)');
    expect(renderPlanText(plan)).toContain('+ create OU \\x1b[31mred\\x1b[0m');
    expect(renderPlanText(plan)).toContain('+ create OU line\\nbreak');
  });

  it('tree and snapshot summary', () => {
    const s = hostileSnapshot();
    expectSafeText(renderTree(treeOf(s)));
    const summary = renderSnapshotSummary(s);
    expectSafeText(summary);
    expect(summary).toContain('\\u202egnp.exe/  ou-ab12-00000009');
  });

  it('root: status, enable plan, deletion plan and results, tasks', () => {
    const accounts = HOSTILE.map(rootAccount);
    const status: RootStatus = {
      version: 1,
      generatedAt: '2026-11-22T12:00:00Z',
      organizationId: HOSTILE[6],
      features: {
        trustedAccess: true,
        credentialsManagement: true,
        rootSessions: false,
        delegatedAdministrator: HOSTILE[7],
      },
      management: { ...accounts[0]!, credentials: null, reason: HOSTILE[8] },
      accounts,
    };
    expectSafeText(renderRootStatus(status));
    expectSafeText(
      renderEnablePlan({
        steps: HOSTILE.map((name) => ({ kind: 'register-delegated-administrator', accountId: name, name })),
        alreadyDone: [...HOSTILE],
        blockers,
      }),
    );
    expectSafeText(renderBlockers(blockers).join('\n'));
    const steps = HOSTILE.map((name) => ({ action: 'delete-access-key' as const, target: name, note: name }));
    expectSafeText(
      renderDeletionPlan(
        {
          accounts: HOSTILE.map((name, i) => ({ accountId: String(i), name, ouPath: name, steps })),
          alreadyClean: HOSTILE.map((name) => ({ accountId: name, name })),
          blockers,
          overridden: blockers,
          guardDutyFilter: {
            Name: HOSTILE[6],
            Description: HOSTILE[9],
            Action: 'ARCHIVE',
            Rank: 1,
            FindingCriteria: { Criterion: { [HOSTILE[7]]: { Eq: [...HOSTILE] } } },
          },
        },
        { dryRun: true },
      ),
    );
    for (const name of HOSTILE) {
      expectSafeText(stepText({ action: 'delete-access-key', target: name, note: name }));
      for (const outcome of ['cleaned', 'failed'] as const)
        expectSafeText(
          renderDeletionResult({
            accountId: name,
            name,
            outcome,
            done: steps,
            failed: steps[0]!,
            error: name,
            hint: name,
            after: null,
          }),
        );
      expectSafeText(
        renderTaskPlan({
          task: 'DeleteS3BucketPolicy' as never,
          accountId: name,
          resource: name,
          policy: JSON.stringify({ Statement: [{ Sid: name }] }),
          change: name,
        }),
      );
      expectSafeText(
        renderTaskPlan({ task: name as never, accountId: name, resource: name, policy: name, change: name }),
      );
      expectSafeText(
        renderTaskPlan({
          task: name as never,
          accountId: name,
          resource: name,
          nothingToDo: name,
          change: '',
        }),
      );
    }
  });

  it('audit: table (with and without colour), Markdown, HTML, SARIF', () => {
    const result = hostileAudit();
    const table = renderAuditTable(result, { maxFindings: 100 });
    expectSafeText(table);
    expect(table).toContain('\\x1b[31mred\\x1b[0m');
    // orgward's own colours stay, and are the only escape sequences.
    const coloured = renderAuditTable(result, { color: true, maxFindings: 100 });
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(table);
    expect(coloured).toContain('\u001b[31m');

    const md = renderAuditMarkdown(result, { foldAfter: 100 });
    expectSafeMarkdown(md);
    expect(md).toContain('| a\\|b (700000000002) | Sandbox/a\\|b |');

    expectSafeHtml(renderAuditHtml(result));
    expectSafeHtml(renderAuditHtml(result, { title: HOSTILE[0] }));

    const sarif = renderAuditSarif(result);
    const log = JSON.parse(sarif) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
    const texts = log.runs[0]!.results.map((r) => r.message.text);
    expect(texts.some((t) => t.includes('\\[x\\](http://evil)'))).toBe(true);
    for (const t of texts) expect(linkOpeners(t)).toBe(0);

    for (const format of AUDIT_REPORT_FORMATS) {
      const out = renderAuditReport(result, format);
      if (format === 'table') expectSafeText(out);
      if (format === 'markdown') expectSafeMarkdown(out);
      if (format === 'html') expectSafeHtml(out);
      if (format === 'sarif') expect(() => JSON.parse(out) as unknown).not.toThrow();
    }
  });

  it('audit comparison and the demo views', () => {
    const older = hostileAudit(HOSTILE[8]);
    const newer = { ...hostileAudit('2026-11-23T12:00:00Z', true), organizationId: HOSTILE[1] };
    const c = compareAudits(older, newer);
    expect(c.worse.length + c.better.length).toBeGreaterThan(0);
    expectSafeText(renderComparisonText(c, { maxPerSection: 100 }));
    const coloured = renderComparisonText(c, { maxPerSection: 100, color: true });
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderComparisonText(c, { maxPerSection: 100 }));
    expectSafeMarkdown(renderComparisonMarkdown(c, { maxPerSection: 100 }));
    expectSafeText(renderAuditBrief(newer));
    expectSafeText(renderImprovement(older, newer));
  });
});
