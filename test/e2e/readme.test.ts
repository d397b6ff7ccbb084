/**
 * README.md is reproducible word for word: every generated block (`<!-- readme:output ... -->`) is rerun
 * from the commands it shows, against fresh sandboxes, and compared with the masks of
 * `npm run readme -- --check` (scripts/readme.ts). On failure, run `npm run readme` and review the diff.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkReadme, mask, parseBlocks } from '../../scripts/readme.js';
import { requireBuild } from '../support/cli.js';

const built = requireBuild();

describe('README.md', () => {
  it('marks its generated blocks, each with at least one command', () => {
    const blocks = parseBlocks(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
    expect(blocks.map((b) => b.name)).toEqual(expect.arrayContaining(['demo', 'validate-errors', 'root-2']));
  });

  it('masks only what varies between runs', () => {
    expect(mask('23 done in 7.2 s (6012 ms) · 2026-12-07 06:27 UTC')).toBe(
      '23 done in <duration> (<duration>) · <date>',
    );
    expect(mask('Shop Dev  524041324392\nShop Prod  843060613321\nShop Dev (524041324392)')).toBe(
      mask('Shop Dev  843060613321\nShop Prod  524041324392\nShop Dev (843060613321)'),
    );
    expect(mask('Shop Dev 524041324392\nShop Prod 843060613321\nShop Dev 843060613321')).not.toBe(
      mask('Shop Dev 524041324392\nShop Prod 843060613321\nShop Dev 524041324392'),
    );
    expect(mask('  ✓ b (1 ms)\n  ✓ a (2 ms)\nend')).toBe(mask('  ✓ a (3 ms)\n  ✓ b (4 ms)\nend'));
    expect(mask('3 accounts, 4 steps')).toBe('3 accounts, 4 steps');
  });

  // Reruns the demo and both walk-throughs (2 sessions at a time): about 2 minutes on an idle 2-core
  // machine, 3 on a loaded one; 10 minutes before slowness alone fails it.
  it.runIf(built)(
    'every output block matches a rerun of its commands',
    async () => {
      const { drift } = await checkReadme();
      expect(drift.join('\n'), 'README.md drifted: run `npm run readme` and review the diff').toBe('');
    },
    600_000,
  );
});
