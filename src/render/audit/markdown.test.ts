import { describe, expect, it } from 'vitest';
import { buildAuditResult, sampleAuditResult, sampleSpec } from '../../audit/testing.js';
import { mdText, renderAuditMarkdown } from './markdown.js';

const XSS = '<img src=x onerror=alert(1)>';

function section(text: string, heading: string): string {
  const start = text.indexOf(heading);
  const next = text.indexOf('\n### ', start + heading.length);
  return text.slice(start, next < 0 ? undefined : next);
}

describe('renderAuditMarkdown', () => {
  const md = renderAuditMarkdown(sampleAuditResult());

  it('opens with the organization, the score and the counts', () => {
    expect(md.split('\n').slice(0, 7).join('\n')).toMatchInlineSnapshot(`
      "## orgward audit · o-a1b2c3d4e5

      **Score 84% · 5 failed · 1 unknown · 1 warning · 23 passed · 1 not applicable · 1 muted**

      5 accounts · 2 regions (eu-west-1, us-east-1) · 2026-11-22 12:00 UTC · 412 API calls (3 throttled, 5 retried) in 4.2 s

      Most severe failure: **ROOT-05** No member root access keys (critical)."
    `);
  });

  it('scores every baseline item, and every account and OU worst first', () => {
    expect(section(md, '### Baseline items')).toContain('| Root users protected | 🔴 78% | 1 | 0 | 0 | 4 |');
    const accounts = section(md, '### Accounts, worst first')
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Account'))
      .map((l) => l.split(' | ')[0]!.slice(2));
    expect(accounts).toEqual([
      'Shop Dev (555555555555)',
      'Management (111111111111)',
      'Security Tooling (222222222222)',
      'Log Archive (333333333333)',
      'Shop Prod (444444444444)',
    ]);
    expect(section(md, '### Accounts, worst first')).toContain(
      '| Shop Prod (444444444444) | Workloads/Prod | ❔ 100% (1 unknown) |',
    );
    expect(section(md, '### OUs, worst first')).toContain('| Workloads/Dev | 🔴 46% |');
  });

  it('groups open findings by check, worst first, each with why it matters and how to fix', () => {
    const open = section(md, '### Open findings (7)');
    const groups = [...open.matchAll(/^#### \S+ (\S+) · /gm)].map((m) => m[1]);
    expect(groups).toEqual(['ROOT-05', 'CFG-01', 'IDN-03', 'DET-05', 'MGMT-01']);
    const cfg = open.slice(open.indexOf('CFG-01'), open.indexOf('#### 🔴 IDN-03'));
    expect(cfg).toContain('**high** · 1 FAIL, 1 UNKNOWN · Activity traceable');
    expect(cfg).toContain('**Why it matters:** Config records how resources change');
    expect(cfg).toContain('**How to fix:** Deploy a recorder in every enabled region');
    expect(cfg).toContain('| ❔ UNKNOWN | Shop Prod (444444444444) | us-east-1 |');
    expect(open).not.toContain('GD-03'); // muted
  });

  it('folds long lists into <details> and always folds the muted list', () => {
    expect(md).not.toMatch(/<summary>5 accounts<\/summary>/);
    const folded = renderAuditMarkdown(sampleAuditResult(), { foldAfter: 1 });
    expect(folded).toContain('<details>\n<summary>5 accounts</summary>\n\n| Account |');
    expect(folded).toContain('<summary>2 findings</summary>');
    expect(section(md, '### Muted by suppressions')).toContain(
      '<summary>1 muted finding</summary>\n\n| Check | Account | Region | Reason | Until |',
    );
    expect(section(md, '### Expired suppressions')).toContain(
      '| IDN-03 | break-glass user until SSO rollout | 2026-10-01 |',
    );
  });

  it('shows names and messages as text: no HTML, no table breaks, no links', () => {
    const spec = sampleSpec();
    const evil = { id: '777777777777', name: `${XSS} | [x](http://e.test)`, ou: 'Sandbox' };
    const result = buildAuditResult({
      ...spec,
      accounts: [...spec.accounts, evil],
      findings: [
        ...spec.findings,
        { check: 'ROOT-05', status: 'FAIL', account: evil.id, message: `key ${XSS}\nsecond | line` },
      ],
    });
    const text = renderAuditMarkdown(result);
    expect(text).not.toContain('<img');
    expect(text).toContain(
      '| &lt;img src=x onerror=alert(1)&gt; \\| \\[x\\](http:&#8203;//e.test) (777777777777) | Sandbox |',
    );
    expect(text).toContain('key &lt;img src=x onerror=alert(1)&gt; second \\| line');
    const unescapedPipes = (line: string) => line.split(/(?<!\\)\|/).length - 1;
    const rows = text.split('\n').filter((l) => l.startsWith('| 🔴 FAIL'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(unescapedPipes(row)).toBe(6);
  });

  it('puts the title at the heading level asked for, sections one below', () => {
    const top = renderAuditMarkdown(sampleAuditResult(), { level: 1 });
    expect(top.startsWith('# orgward audit')).toBe(true);
    expect(top).toContain('\n## Baseline items\n');
    expect(top).toContain('\n### 🔴 ROOT-05 · No member root access keys\n');
  });

  it('mdText escapes what Markdown would read as markup', () => {
    expect(mdText('a_b *c* `d` <e> & f|g ~h~ \\')).toBe(
      'a\\_b \\*c\\* \\`d\\` &lt;e&gt; &amp; f\\|g \\~h\\~ \\\\',
    );
  });
});
