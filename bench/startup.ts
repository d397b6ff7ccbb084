/**
 * Start-up time of the built CLI (dist/), measured the way hyperfine does: a few warm-up runs, then
 * repeated runs of each command, compared with a bare `node -e 0` on the same machine at the same time.
 * Runs are interleaved (one of each command per round) so a change in machine load hits all alike.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The CLI to measure: this checkout's build, or another one (`ORGWARD_BENCH_BIN`, to compare builds). */
const BIN = process.env.ORGWARD_BENCH_BIN ?? `${REPO}dist/cli/main.js`;

export interface StartupRow {
  command: string;
  medianMs: number;
  minMs: number;
  meanMs: number;
  /** Median over the median of `node -e 0`. */
  ratio: number;
}

function once(args: string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: REPO, stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function benchStartup(runs = 20, warmup = 3): StartupRow[] {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  const commands: Array<[string, string[]]> = [
    ['node -e 0', ['-e', '0']],
    ['orgward --version', [BIN, '--version']],
    ['orgward --help', [BIN, '--help']],
    [
      'orgward validate -c examples/small-company/org.yaml',
      [BIN, 'validate', '-c', 'examples/small-company/org.yaml'],
    ],
  ];
  for (let i = 0; i < warmup; i++) for (const [, args] of commands) once(args);
  const times = commands.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) commands.forEach(([, args], c) => times[c]!.push(once(args)));
  const baseline = median(times[0]!);
  return commands.map(([command], c) => ({
    command,
    medianMs: median(times[c]!),
    minMs: Math.min(...times[c]!),
    meanMs: times[c]!.reduce((a, b) => a + b, 0) / runs,
    ratio: median(times[c]!) / baseline,
  }));
}
