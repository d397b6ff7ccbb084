/** Regenerates the JSON Schemas under docs/ from their zod definitions (runs from .bench-build/scripts/). */
import { writeFileSync } from 'node:fs';
import { PUBLISHED_SCHEMAS } from '../src/config/published-schemas.js';

for (const [file, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
  writeFileSync(new URL(`../../docs/${file}`, import.meta.url), `${JSON.stringify(schema(), null, 2)}\n`);
  console.log(`wrote docs/${file}`);
}
