/** Regenerates docs/checks/ from the audit registry (runs from .bench-build/scripts/). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { ALL_CHECKS } from '../src/audit/registry.js';
import { renderCheckDoc, renderChecksIndex } from '../src/render/check-doc.js';

const dir = new URL('../../docs/checks/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const check of ALL_CHECKS)
  writeFileSync(new URL(`${check.meta.id}.md`, dir), renderCheckDoc(check.meta));
writeFileSync(new URL('README.md', dir), renderChecksIndex(ALL_CHECKS.map((c) => c.meta)));
console.log(`wrote docs/checks/ (${ALL_CHECKS.length} checks)`);
