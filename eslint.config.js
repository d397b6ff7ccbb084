import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first (docs/architecture.md explains each). A folder may import from the
 * layers below it and from itself, never from a layer above or a sibling in its own layer. The sandbox
 * stands beside the layers: it may use the foundation, the model and the AWS edge, and only the public
 * API and the CLI may import it.
 */
const LAYERS = [
  ['errors', 'util'],
  ['model'],
  ['access'],
  ['aws'],
  ['config', 'read'],
  ['plan', 'audit', 'root', 'transfer', 'iam-users', 'cost', 'workloads'],
  ['apply'],
  ['render'],
  ['api'],
  ['cli'],
];
const SANDBOX_MAY_IMPORT = ['errors', 'util', 'model', 'access', 'aws'];
const ALL = [...LAYERS.flat(), 'sandbox'];

function forbiddenFor(folder) {
  if (folder === 'sandbox') return ALL.filter((f) => f !== 'sandbox' && !SANDBOX_MAY_IMPORT.includes(f));
  const level = LAYERS.findIndex((layer) => layer.includes(folder));
  const allowed = new Set([folder, ...LAYERS.slice(0, level).flat()]);
  if (level < LAYERS.findIndex((layer) => layer.includes('api'))) allowed.delete('sandbox');
  else allowed.add('sandbox');
  return ALL.filter((f) => !allowed.has(f));
}

/** One `no-restricted-imports` block per folder and depth: relative specifiers climb a known number of levels. */
export function layerRules() {
  const blocks = [];
  for (const folder of ALL) {
    const forbidden = forbiddenFor(folder);
    if (forbidden.length === 0) continue;
    for (let depth = 1; depth <= 5; depth++) {
      const up = '\\.\\./'.repeat(depth);
      blocks.push({
        files: [`src/${folder}/${'*/'.repeat(depth - 1)}*.ts`],
        ignores: ['**/*.test.ts', '**/testing.ts', '**/testing/**'],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                {
                  regex: `^${up}(${forbidden.join('|')})(/|$)`,
                  message: `src/${folder} may not import this layer (see the layer order in docs/architecture.md).`,
                },
              ],
            },
          ],
        },
      });
    }
  }
  return blocks;
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.bench-build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  ...layerRules(),
  {
    // Only the client factory (src/aws/) constructs SDK clients; everything else asks it for one.
    files: ['src/**/*.ts'],
    ignores: ['src/aws/**', '**/*.test.ts', '**/testing.ts', '**/testing/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/client-*'],
              importNamePattern: 'Client$',
              allowTypeImports: true,
              message: 'Ask the ClientFactory (src/aws/clients.ts) for a client instead of constructing one.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/cli/**', 'bench/**', 'test/**', 'scripts/**', 'examples/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Examples are plain Node programs, as a user would write them.
    files: ['examples/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', URL: 'readonly', process: 'readonly' } },
  },
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
