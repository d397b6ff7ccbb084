/** docs/checks/ is generated from the registry; this keeps the two in step (run `npm run docs`). */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCheckDoc, renderChecksIndex } from '../render/check-doc.js';
import { ALL_CHECKS } from './registry.js';

const dir = new URL('../../docs/checks/', import.meta.url);

describe('docs/checks', () => {
  it('has one page per check, as generated from its metadata', () => {
    const pages = readdirSync(dir).filter((f) => f !== 'README.md');
    expect(pages.sort()).toEqual(ALL_CHECKS.map((c) => `${c.meta.id}.md`).sort());
    for (const check of ALL_CHECKS) {
      expect(
        readFileSync(new URL(`${check.meta.id}.md`, dir), 'utf8'),
        `${check.meta.id}: run npm run docs`,
      ).toBe(renderCheckDoc(check.meta));
    }
    expect(readFileSync(new URL('README.md', dir), 'utf8')).toBe(
      renderChecksIndex(ALL_CHECKS.map((c) => c.meta)),
    );
  });

  it('uses the catalogue ids, each once', () => {
    const ids = ALL_CHECKS.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(59);
    for (const id of ids) expect(id).toMatch(/^(ROOT|LOG|CFG|DET|GD|SH|STK|SCP|RCP|DP|IDN|MGMT|ORG)-\d{2}$/);
  });
});
