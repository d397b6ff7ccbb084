import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { hostileAuditResult as hostileResult, sampleAuditResult } from '../../audit/testing.js';
import { clientScript } from './html-script.js';
import { esc, renderAuditHtml } from './html.js';

function jsonBlock(html: string): string {
  const m = /<script type="application\/json" id="audit-result">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no JSON block');
  return m[1]!;
}

describe('renderAuditHtml', () => {
  const html = renderAuditHtml(sampleAuditResult());

  it('is one self-contained file: inline style and script, nothing fetched', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(/i);
    expect(html).not.toMatch(/\b(src|href)="(?!#)/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    );
  });

  it('heads the page with the organization id, the score and the counts', () => {
    expect(html).toContain('<h1>orgward audit <span>o-a1b2c3d4e5</span></h1>');
    expect(html).toContain('aria-label="Score 84%">84%');
    expect(html).toContain('<li class="s-FAIL"><b>5</b> failed</li>');
    expect(html).toContain('<li class="s-MUTED"><b>1</b> muted</li>');
  });

  it('draws accounts grouped by OU × baseline items, coloured and counted by the worst status', () => {
    const groups = [...html.matchAll(/<tbody data-ou="([^"]*)">/g)].map((m) => m[1]);
    expect(groups).toEqual(['', 'Security', 'Workloads/Dev', 'Workloads/Prod']);
    expect(html).toMatch(
      /<button type="button" class="cell s-FAIL"[^>]*data-account="555555555555" data-item="root"[^>]*aria-label="Root users protected for Shop Dev \(555555555555\): 1 failed"[^>]*>✗ 1<\/button>/,
    );
    expect(html).toMatch(
      /class="cell s-UNKNOWN"[^>]*data-account="444444444444" data-item="logging"[^>]*>\? 1</,
    );
    expect(html).toMatch(/class="cell s-PASS"[^>]*data-account="333333333333" data-item="logging"[^>]*>✓ 2</);
    expect(html).toContain('<td class="empty" data-item="detection">·</td>');
  });

  it('offers severity, OU and check filters with labels', () => {
    for (const s of ['critical', 'high', 'medium', 'low'])
      expect(html).toContain(
        `<label><input type="checkbox" name="severity" value="${s}" checked> ${s}</label>`,
      );
    expect(html).toContain('<label for="f-ou">OU</label><select id="f-ou">');
    expect(html).toContain('<option value="Workloads">Workloads</option>');
    expect(html).toContain('<option value="ROOT-05">ROOT-05 · No member root access keys</option>');
  });

  it('embeds the result as JSON that parses back to the same result', () => {
    const result = hostileResult();
    expect(JSON.parse(jsonBlock(renderAuditHtml(result)))).toEqual(result);
  });

  it('escapes every piece of data: names, messages and resources stay text', () => {
    const page = renderAuditHtml(hostileResult());
    const withoutJson = page.replace(jsonBlock(page), '');
    expect(withoutJson).not.toContain('<img');
    expect(withoutJson).not.toContain('<b>bold');
    expect(withoutJson).toContain('&lt;img src=x onerror=alert(1)&gt;<span class="id">777777777777</span>');
    expect(jsonBlock(page)).not.toMatch(/<\/script|<!--/i);
    expect(page.match(/<script\b/g)).toHaveLength(2);
    expect(page.match(/<\/script>/g)).toHaveLength(2);
  });

  it('esc covers the five HTML-special characters', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('has a script that parses and never writes markup', () => {
    const script = clientScript();
    expect(() => new Script(script)).not.toThrow();
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });
});
