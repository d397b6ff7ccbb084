/**
 * orgward as a user installs it: `npm pack` (what `files` and `exports` publish), the tarball unpacked
 * as node_modules/orgward in an empty folder (its dependencies linked from this checkout's
 * node_modules, so no network), then imported by name from plain ESM and type-checked from TypeScript,
 * and the example in docs/library.md run as it is written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../support/cli.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const built = requireBuild();

let home: string;

function node(args: string[]) {
  const result = spawnSync(process.execPath, args, { cwd: home, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!built) return;
  home = mkdtempSync(join(tmpdir(), 'orgward-package-'));
  // --ignore-scripts: `prepare` would rebuild dist/ under the other end-to-end tests' feet.
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', home], {
    cwd: REPO,
    encoding: 'utf8',
  }).trim();
  const modules = join(home, 'node_modules');
  mkdirSync(join(modules, 'orgward'), { recursive: true });
  execFileSync('tar', ['-xzf', join(home, tarball), '-C', join(modules, 'orgward'), '--strip-components=1']);
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry === 'orgward' || entry.startsWith('.')) continue;
    symlinkSync(join(REPO, 'node_modules', entry), join(modules, entry));
  }
  writeFileSync(join(home, 'package.json'), '{ "type": "module", "private": true }\n');
}, 120_000);

afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

describe.runIf(built)('the packed package', () => {
  it('publishes dist, docs and the licence, and no tests or sources', () => {
    const files = readdirSync(join(home, 'node_modules', 'orgward'));
    expect(files).toEqual(expect.arrayContaining(['dist', 'docs', 'README.md', 'LICENSE', 'package.json']));
    expect(files).not.toContain('src');
    const dist = readdirSync(join(home, 'node_modules', 'orgward', 'dist'), { recursive: true }) as string[];
    expect(dist.filter((f) => /\.test\.(js|d\.ts)$/.test(f))).toEqual([]);
    expect(dist).toContain('index.d.ts');
  });

  it('imports by name from plain ESM: the API, the sandbox entry, package.json; deep imports are closed', () => {
    writeFileSync(
      join(home, 'names.mjs'),
      `import * as orgward from 'orgward';
import * as sandbox from 'orgward/sandbox';
import { createRequire } from 'node:module';
const pkg = createRequire(import.meta.url)('orgward/package.json');
let deep = 'open';
try { await import('orgward/dist/plan/plan.js'); } catch (error) { deep = error.code; }
console.log(JSON.stringify({
  api: ['validate', 'plan', 'apply', 'audit', 'snapshot', 'readRootStatus', 'renderPlanText', 'ClientFactory', 'isOrgwardError'].filter((n) => typeof orgward[n] === 'function'),
  checks: orgward.ALL_CHECKS.length,
  sandbox: typeof sandbox.Sandbox + ' ' + typeof sandbox.inProcessFactory,
  version: pkg.version,
  deep,
}));
`,
    );
    const run = node(['names.mjs']);
    expect(run.stderr).not.toMatch(/Error/);
    const seen = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(seen.api).toHaveLength(9);
    expect(seen.checks).toBeGreaterThan(50);
    expect(seen.sandbox).toBe('function function');
    expect(seen.version).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
    expect(seen.deep).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('type-checks from TypeScript: the types resolve through the exports map, and misuse is an error', () => {
    writeFileSync(
      join(home, 'use.ts'),
      `import { plan, audit, isAwsCallError, type Plan, type EventSink, type ErrorCode } from 'orgward';
import { Sandbox, inProcessFactory } from 'orgward/sandbox';
const factory = inProcessFactory(new Sandbox());
const sink: EventSink = { emit: (e) => { if (e.type === 'operation') console.log(e.outcome.op.summary); } };
export async function run(): Promise<Plan> {
  const { result } = await audit({ factory, scope: { checks: ['ROOT'] } }, sink);
  const code: ErrorCode = 'PLAN_STALE';
  console.log(result.summary.score, code, isAwsCallError(undefined));
  return (await plan({ config: 'org.yaml', factory }, sink)).plan;
}
`,
    );
    writeFileSync(
      join(home, 'misuse.ts'),
      `import { plan } from 'orgward';
export const wrong = plan({ config: 42 });
`,
    );
    const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--types',
      'node',
      '--skipLibCheck',
    ];
    const good = node([tsc, ...flags, 'use.ts']);
    expect(good.stdout + good.stderr).toBe('');
    expect(good.status).toBe(0);
    const bad = node([tsc, ...flags, 'misuse.ts']);
    expect(bad.stdout).toMatch(/misuse\.ts\(2,.*'number' is not assignable/);
  }, 120_000);

  it('runs the example in docs/library.md as written: plan, apply, converge, audit', () => {
    const doc = readFileSync(join(REPO, 'docs', 'library.md'), 'utf8');
    const example = /```js\n(\/\/ validate → plan → apply → audit[\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    expect(example).toBe(readFileSync(join(REPO, 'examples', 'library', 'plan-apply-audit.mjs'), 'utf8'));
    writeFileSync(join(home, 'example.mjs'), example!);
    copyFileSync(join(REPO, 'examples', 'library', 'org.yaml'), join(home, 'org.yaml'));
    const run = node(['--no-warnings', 'example.mjs']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('+ create account Shop Prod');
    expect(run.stdout).toMatch(/6 done, 0 failed, \d+ AWS API calls/);
    expect(run.stdout).toContain('changes left: 0');
    expect(run.stdout).toMatch(/audit: \d+ findings, score \d+/);
    expect(run.status).toBe(0);
  }, 120_000);
});
