/** Every org.yaml under examples/ validates, and every baseline policy is used by one of them. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from './load.js';

const root = join(import.meta.dirname, '../../examples');
const configs = readdirSync(root)
  .filter((d) => statSync(join(root, d)).isDirectory())
  .map((d) => join(root, d, 'org.yaml'))
  .filter((f) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  });

describe('examples/', () => {
  it.each(configs.map((f) => [f.slice(root.length + 1)]))(
    '%s validates without errors or warnings',
    (file) => {
      const loaded = loadConfigFile(join(root, file));
      expect(loaded.issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([]);
      expect(loaded.config).toBeDefined();
    },
  );

  it('uses every baseline policy in examples/policies', () => {
    const used = configs.map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const policy of readdirSync(join(root, 'policies')))
      expect(used, policy).toContain(`policies/${policy}`);
  });
});
