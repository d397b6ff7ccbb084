/** `npm run bench`: prints each benchmark's table. Numbers go to docs/performance.md. */
import '../src/cli/quiet-warnings.js';
import { sandboxThroughput } from './sandbox-throughput.js';

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const started = Date.now();
console.log(`orgward benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
console.log('## Sandbox throughput (throttling off, one process)\n');
const rows = await sandboxThroughput();
console.log(
  table(
    ['path', 'operation', 'requests', 'seconds', 'requests/s'],
    rows.map((r) => [
      r.path,
      r.operation,
      String(r.requests),
      r.seconds.toFixed(2),
      Math.round(r.perSecond).toLocaleString('en-US'),
    ]),
  ),
);
console.log(
  `\npeak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; total ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
