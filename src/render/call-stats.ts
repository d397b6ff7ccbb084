/** What a run cost, for `--stats`: calls per service and operation, retries, throttling, wall time. */
import type { CallStatsSnapshot } from '../aws/call-stats.js';

export function renderCallStats(stats: CallStatsSnapshot, wallMs: number): string {
  const rows = Object.entries(stats.byOperation).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(9, ...rows.map(([op]) => op.length));
  return [
    `${stats.calls} AWS API calls, ${stats.retried} retried (${stats.throttled} throttled), ${(wallMs / 1000).toFixed(1)} s`,
    ...rows.map(([op, n]) => `  ${op.padEnd(width)}  ${String(n).padStart(6)}`),
  ].join('\n');
}
