/**
 * The layer rule in eslint.config.js: an upward or sideways import fails `npm run lint`, a downward one
 * passes. Linted as text with only the layer blocks, so the probe needs no file on disk.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import tseslint from 'typescript-eslint';
// @ts-expect-error: the ESLint config is plain JavaScript without declarations
import { layerRules } from '../../eslint.config.js';

const eslint = new ESLint({
  cwd: new URL('../..', import.meta.url).pathname,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    ...(layerRules as () => ESLint.Options['overrideConfig'][])(),
  ] as ESLint.Options['overrideConfig'],
});

async function problems(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import layers', () => {
  it.each([
    ['src/model/probe.ts', '../config/load.js'],
    ['src/read/probe.ts', '../plan/plan.js'],
    ['src/read/audit/probe.ts', '../../audit/engine.js'],
    ['src/root/probe.ts', '../audit/checks/root.js'],
    ['src/plan/probe.ts', '../apply/executor.js'],
    ['src/aws/probe.ts', '../config/load.js'],
    ['src/apply/handlers/probe.ts', '../../cli/program.js'],
    ['src/config/probe.ts', '../sandbox/index.js'],
    ['src/sandbox/services/iam/probe.ts', '../../../plan/plan.js'],
  ])('%s may not import %s', async (file, specifier) => {
    const found = await problems(file, `import { x } from '${specifier}';\nexport const y = x;\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^no-restricted-imports: .*docs\/architecture\.md/);
  });

  it.each([
    ['src/plan/probe.ts', '../model/desired.js'],
    ['src/read/audit/probe.ts', '../../model/evidence.js'],
    ['src/read/audit/probe.ts', '../gaps.js'],
    ['src/apply/handlers/probe.ts', '../../plan/operations.js'],
    ['src/cli/commands/probe.ts', '../../sandbox/index.js'],
    ['src/sandbox/probe.ts', '../aws/rate-limiter.js'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await problems(file, `import { x } from '${specifier}';\nexport const y = x;\n`)).toEqual([]);
  });
});
