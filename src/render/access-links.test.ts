import { describe, expect, it } from 'vitest';
import type { Reachable, ReachableIamRole, ReachableIdentityCenter } from '../access/reachable.js';
import { esc, linksHtml, linksMarkdown } from './access-links.js';
import { ouColor } from '../access/links.js';

const PORTAL = { startUrl: 'https://d-1234567890.awsapps.com/start/', region: 'eu-west-1' };
const START = 'https://d-1234567890.awsapps.com/start';

function ic(overrides: Partial<ReachableIdentityCenter> = {}): ReachableIdentityCenter {
  return {
    kind: 'identity-center',
    accountId: '111111111111',
    accountName: 'Shop Prod',
    ouPath: 'Workloads/Prod',
    permissionSet: 'AdministratorAccess',
    via: 'user',
    ...overrides,
  };
}

function role(overrides: Partial<ReachableIamRole> = {}): ReachableIamRole {
  return {
    kind: 'iam-role',
    accountId: '333333333333',
    accountName: 'Shop Dev',
    ouPath: 'Workloads/Dev',
    roleName: 'Deployer',
    roleArn: 'arn:aws:iam::333333333333:role/Deployer',
    sourceAccountId: '999999999999',
    sourceUserName: 'alice',
    ...overrides,
  };
}

/** The query of a URL as decoded pairs. */
const query = (url: string) => Object.fromEntries(new URL(url).searchParams);

const ENTRIES: Reachable[] = [
  ic({ until: '2025-07-01T00:00:00Z' }),
  role(),
  ic({ accountId: '222222222222', accountName: 'Sandbox', ouPath: '', permissionSet: 'SRE' }),
  ic({ accountId: '444444444444', accountName: 'Analytics', permissionSet: 'ReadOnlyAccess' }),
];

describe('linksMarkdown', () => {
  it('writes a table per OU, the root first, accounts by name', () => {
    const dev = ouColor('Workloads/Dev');
    expect(linksMarkdown(ENTRIES, PORTAL)).toBe(
      [
        '# Sign-in links',
        '',
        '## (root)',
        '',
        '| Account | Id | Role | Link | Until |',
        '| --- | --- | --- | --- | --- |',
        `| Sandbox | \`222222222222\` | \`SRE\` | [sign in](${START}/#/console?account_id=222222222222&role_name=SRE) |  |`,
        '',
        '## Workloads/Dev',
        '',
        '| Account | Id | Role | Link | Until |',
        '| --- | --- | --- | --- | --- |',
        '| Shop Dev | `333333333333` | `Deployer` | [sign in](https://signin.aws.amazon.com/switchrole?roleName=Deployer' +
          `&account=333333333333&displayName=Shop%20Dev%2FDeployer&color=${dev}) |  |`,
        '',
        '## Workloads/Prod',
        '',
        '| Account | Id | Role | Link | Until |',
        '| --- | --- | --- | --- | --- |',
        `| Analytics | \`444444444444\` | \`ReadOnlyAccess\` | [sign in](${START}/#/console?account_id=444444444444&role_name=ReadOnlyAccess) |  |`,
        `| Shop Prod | \`111111111111\` | \`AdministratorAccess\` | [sign in](${START}/#/console?account_id=111111111111&role_name=AdministratorAccess) | 2025-07-01T00:00:00Z |`,
        '',
      ].join('\n'),
    );
  });

  it('says the portal is unknown for Identity Center rows without one, and still links IAM roles', () => {
    const md = linksMarkdown(ENTRIES);
    expect(md).toContain('| Sandbox | `222222222222` | `SRE` | portal unknown |  |');
    expect(md).not.toContain('awsapps.com');
    expect(md).toContain('[sign in](https://signin.aws.amazon.com/switchrole?');
  });

  it('escapes untrusted names and keeps links and table cells whole', () => {
    const md = linksMarkdown(
      [
        ic({
          accountName: '<script>alert(1)</script> | *bold* [x](javascript:y) @team',
          ouPath: 'Evil/<img src=x>',
          permissionSet: 'Ops) | (x',
        }),
      ],
      PORTAL,
    );
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).toContain('## Evil/&lt;img src=x&gt;');
    expect(md).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*bold\\* \\[x\\](javascript:y) @&#8203;team',
    );
    expect(md).not.toContain('@team');
    expect(md).toContain('`Ops) \\| (x`');
    expect(md).toContain(
      `[sign in](${START}/#/console?account_id=111111111111&role_name=Ops%29%20%7C%20%28x)`,
    );
    const row = md.split('\n').find((line) => line.startsWith('| &lt;script'));
    expect(row?.replace(/\\\|/g, '').split('|')).toHaveLength(7);
  });

  it('says so when nothing is reachable', () => {
    expect(linksMarkdown([])).toBe('# Sign-in links\n\nNothing reachable.\n');
  });
});

describe('linksHtml', () => {
  it('writes one self-contained page with an h2 and a table per OU', () => {
    const html = linksHtml(ENTRIES, PORTAL, 'Access for alice');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(html).toContain('<title>Access for alice</title>');
    expect(html).toContain('<h1>Access for alice</h1>');
    expect(html.match(/<h2>[^<]*<\/h2>/g)).toEqual([
      '<h2>(root)</h2>',
      '<h2>Workloads/Dev</h2>',
      '<h2>Workloads/Prod</h2>',
    ]);
    expect(html.match(/<table>/g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html).toContain(
      `<tr><td>Sandbox</td><td><code>222222222222</code></td><td>SRE</td><td><a href="${START}/#/console?account_id=222222222222&amp;role_name=SRE" rel="noopener">sign in</a></td><td></td></tr>`,
    );
    const prod = html.slice(html.indexOf('<h2>Workloads/Prod</h2>'));
    expect(prod.indexOf('Analytics')).toBeLessThan(prod.indexOf('Shop Prod'));
    expect(prod).toContain('<td>2025-07-01T00:00:00Z</td>');
    expect(html.endsWith('</body>\n</html>\n')).toBe(true);
  });

  it('gives every link rel="noopener" and an http(s) href', () => {
    const html = linksHtml(ENTRIES, PORTAL);
    const anchors = html.match(/<a [^>]*>/g) ?? [];
    expect(anchors).toHaveLength(4);
    for (const a of anchors) expect(a).toMatch(/^<a href="https:\/\/[^"]*" rel="noopener">$/);
  });

  it('escapes <script> and quotes in names for text and attributes', () => {
    const html = linksHtml(
      [
        role({
          accountName: '<script>alert("x")</script>',
          roleName: `O'Brien"><img src=x onerror=alert(1)>`,
          ouPath: 'A&B/<b>',
        }),
      ],
      undefined,
      '<title>',
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>');
    expect(html).toContain('<td>O&#39;Brien&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html).toContain('<h2>A&amp;B/&lt;b&gt;</h2>');
    expect(html).toContain('<title>&lt;title&gt;</title>');
    const href = /<a href="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(href).not.toMatch(/[<>"']/);
    expect(query(href.replace(/&#39;/g, "'").replace(/&amp;/g, '&')).roleName).toBe(
      `O'Brien"><img src=x onerror=alert(1)>`,
    );
  });

  it('emits no link for a portal that is not http(s), nor for Identity Center without a portal', () => {
    const js = linksHtml([ic()], { startUrl: 'javascript:alert(1)//', region: 'eu-west-1' });
    expect(js).not.toContain('<a ');
    expect(js).not.toContain('javascript:');
    expect(linksMarkdown([ic()], { startUrl: 'javascript:alert(1)//', region: 'x' })).not.toContain(
      'javascript',
    );
    const none = linksHtml([ic()]);
    expect(none).toContain('<td><span class="none">portal unknown</span></td>');
    expect(none).not.toContain('<a ');
  });

  it('says so when nothing is reachable', () => {
    expect(linksHtml([])).toContain('<body>\n<h1>Sign-in links</h1>\n<p>Nothing reachable.</p>\n</body>');
  });
});

describe('esc', () => {
  it('escapes the five HTML-special characters', () => {
    expect(esc(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  });
});
