import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS } from './published-schemas.js';

describe('published JSON Schemas', () => {
  it.each(Object.keys(PUBLISHED_SCHEMAS))('docs/%s is up to date (regenerate: npm run schemas)', (file) => {
    const published = JSON.parse(
      readFileSync(new URL(`../../docs/${file}`, import.meta.url), 'utf8'),
    ) as unknown;
    expect(published).toEqual(PUBLISHED_SCHEMAS[file]!());
  });
});
