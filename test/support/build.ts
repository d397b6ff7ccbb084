/**
 * The end-to-end project's global setup: the tests run the built CLI and the packed package, so dist/
 * must match the sources. It is rebuilt (tsc -p tsconfig.build.json) when any source file is newer
 * than the build, or the build is missing; otherwise left as it is (CI has just built it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const STAMP = join(REPO, 'dist', 'cli', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  const sources = Math.max(newestSource(join(REPO, 'src')), statSync(join(REPO, 'package.json')).mtimeMs);
  if (built >= sources) return;
  console.log(existsSync(STAMP) ? 'dist/ is older than src/: rebuilding' : 'dist/ is missing: building');
  execFileSync(
    process.execPath,
    [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: REPO,
      stdio: 'inherit',
    },
  );
  // tsc leaves an unchanged output file's time alone: mark the build as fresh.
  const now = new Date();
  utimesSync(STAMP, now, now);
}
