/** `npm run bench`: prints each benchmark's table. Numbers go to docs/performance.md. */
import '../src/cli/quiet-warnings.js';
import { benchAccess } from './access.js';
import { benchApply, FAULT_SETTINGS } from './apply.js';
import { benchAudit } from './audit.js';
import { benchBaseline } from './baseline.js';
import { benchRead } from './read.js';
import { sandboxThroughput } from './sandbox-throughput.js';
import { benchStartup } from './startup.js';
import { PROFILES } from './synthetic.js';
import { benchIamUsers } from './iam-users.js';
import { benchTransfer } from './transfer.js';

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const started = Date.now();
console.log(`orgward benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
console.log('## Start-up of the built CLI (20 interleaved runs each after 3 warm-ups)\n');
console.log(
  table(
    ['command', 'median', 'min', 'mean', 'median / node -e 0'],
    benchStartup().map((r) => [
      r.command,
      `${r.medianMs.toFixed(0)} ms`,
      `${r.minMs.toFixed(0)} ms`,
      `${r.meanMs.toFixed(0)} ms`,
      `${r.ratio.toFixed(2)}×`,
    ]),
  ),
);
if (process.argv.includes('startup')) process.exit(0);
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
const profiles = (process.env.ORGWARD_BENCH_PROFILES ?? 'S-100,M-1k,L-5k').split(',').filter(Boolean);
if (profiles.length) {
  console.log('\n## Reading an organization (snapshot), sandbox throttling at AWS rates, simulated time\n');
  const readRows = [];
  for (const name of profiles) {
    const profile = PROFILES[name];
    if (!profile) throw new Error(`unknown profile ${name}`);
    const row = await benchRead(profile);
    readRows.push(row);
    console.log(`${row.profile}: ${JSON.stringify(row.counts)}; assignments ${row.strategy}`);
  }
  console.log(
    '\n' +
      table(
        [
          'profile',
          'calls',
          'floor calls',
          'calls/floor',
          'time (AWS-equivalent)',
          'floor time',
          'time/floor',
          'per-resource calls',
          'throttled',
          'CPU',
          'wall',
          'peak RSS',
        ],
        readRows.map((r) => [
          r.profile,
          String(r.calls),
          String(r.floorCalls),
          (r.calls / r.floorCalls).toFixed(2),
          `${(r.seconds / 60).toFixed(1)} min`,
          `${(r.floorSeconds / 60).toFixed(1)} min`,
          (r.seconds / r.floorSeconds).toFixed(2),
          `${r.perResourceCalls} (${(r.perResourceCalls / r.calls).toFixed(1)}×)`,
          String(r.throttled),
          `${r.cpuSeconds.toFixed(1)} s`,
          `${r.wallSeconds.toFixed(1)} s`,
          `${r.peakRssMiB} MiB`,
        ]),
      ),
  );
}
const baselineProfiles = (process.env.ORGWARD_BENCH_BASELINE_PROFILES ?? 'S-100,M-1k')
  .split(',')
  .filter(Boolean);
if (baselineProfiles.length) {
  console.log(
    '\n## Applying the security baseline in 4 regions (read, plan, apply, read and plan again), AWS rate limits, simulated time\n',
  );
  const rows = [];
  for (const name of baselineProfiles) {
    const profile = PROFILES[name];
    if (!profile) throw new Error(`unknown profile ${name}`);
    rows.push(await benchBaseline(profile));
  }
  console.log(
    table(
      [
        'profile',
        'accounts × regions',
        'operations',
        'read calls',
        'read (AWS)',
        'read / floor',
        'apply calls',
        'apply (AWS)',
        'apply / floor',
        'failed',
        'left after',
        'CPU',
        'wall',
        'peak RSS',
      ],
      rows.map((r) => [
        r.profile,
        `${r.accounts} × ${r.regions}`,
        String(r.operations),
        String(r.readCalls),
        `${r.readSeconds.toFixed(0)} s`,
        (r.readSeconds / r.readFloorSeconds).toFixed(2),
        String(r.applyCalls),
        `${r.applySeconds.toFixed(0)} s`,
        (r.applySeconds / r.applyFloorSeconds).toFixed(2),
        String(r.failed),
        String(r.remaining),
        `${r.cpuSeconds.toFixed(0)} s`,
        `${r.wallSeconds.toFixed(0)} s`,
        `${r.peakRssMiB} MiB`,
      ]),
    ),
  );
}
const auditProfiles = (process.env.ORGWARD_BENCH_AUDIT_PROFILES ?? 'M-1k').split(',').filter(Boolean);
if (auditProfiles.length) {
  console.log(
    '\n## Auditing an organization in 4 regions, sandbox throttling at AWS rates, simulated time\n',
  );
  const auditRows = [];
  for (const name of auditProfiles) {
    const profile = PROFILES[name];
    if (!profile) throw new Error(`unknown profile ${name}`);
    const row = await benchAudit(profile);
    auditRows.push(row);
    console.log(
      `${row.profile}: ${row.findings} findings, ${row.unknown} UNKNOWN${row.unknownByCheck.length ? ` (${row.unknownByCheck.map(([c, n]) => `${c} ${n}`).join(', ')})` : ''}`,
    );
  }
  console.log(
    '\n' +
      table(
        [
          'profile',
          'accounts × regions',
          'calls',
          'calls per account-region',
          'AssumeRole',
          'per-account-only calls',
          'time (AWS-equivalent)',
          'throttled',
          'retried',
          'CPU',
          'wall',
          'peak RSS',
        ],
        auditRows.map((r) => [
          r.profile,
          `${r.accounts} × ${r.regions}`,
          String(r.calls),
          r.callsPerAccountRegion.toFixed(1),
          String(r.assumeRole),
          `${r.perAccountOnlyCalls} (${(r.perAccountOnlyCalls / r.calls).toFixed(2)}×)`,
          `${(r.seconds / 60).toFixed(1)} min`,
          String(r.throttled),
          String(r.retried),
          `${r.cpuSeconds.toFixed(1)} s`,
          `${r.wallSeconds.toFixed(1)} s`,
          `${r.peakRssMiB} MiB`,
        ]),
      ),
  );
}
const applyProfiles = (process.env.ORGWARD_BENCH_APPLY_PROFILES ?? 'S-100,M-1k').split(',').filter(Boolean);
if (applyProfiles.length) {
  console.log(
    '\n## Applying an organization from empty, AWS rate limits, 5 account creations at a time (2 min each), Identity Center requests 8 s, simulated time\n',
  );
  const applyRows = [];
  for (const name of applyProfiles) {
    const profile = PROFILES[name];
    if (!profile) throw new Error(`unknown profile ${name}`);
    const row = await benchApply(profile);
    applyRows.push(row);
    row.rounds.forEach((round, i) =>
      console.log(
        `${row.profile} apply ${i + 1}: ${round.operations} operations, ${round.calls} calls, ${(round.seconds / 60).toFixed(1)} min, ${round.failed} failed, ${round.skipped} skipped`,
      ),
    );
  }
  const hours = (seconds: number) => `${(seconds / 3600).toFixed(2)} h`;
  console.log(
    '\n' +
      table(
        [
          'profile',
          'operations',
          'calls (of them reads)',
          'calls per operation',
          'time (AWS-equivalent)',
          'floor time',
          'time/floor',
          'left after',
          'throttled',
          'retried',
          'wall',
          'peak RSS',
        ],
        applyRows.map((r) => {
          const operations = r.rounds.reduce((n, x) => n + x.operations, 0);
          return [
            r.profile,
            String(operations),
            `${r.calls} (${r.readCalls})`,
            (r.calls / operations).toFixed(2),
            hours(r.seconds),
            hours(r.floorSeconds),
            (r.seconds / r.floorSeconds).toFixed(2),
            String(r.remaining),
            String(r.throttled),
            String(r.retried),
            `${r.wallSeconds.toFixed(1)} s`,
            `${r.peakRssMiB} MiB`,
          ];
        }),
      ),
  );
}
const faultProfiles = (process.env.ORGWARD_BENCH_FAULT_PROFILES ?? 'S-100').split(',').filter(Boolean);
if (faultProfiles.length) {
  console.log('\n## Applying under injected faults (simulated AWS time): does one apply converge?\n');
  const faultRows: string[][] = [];
  for (const name of faultProfiles) {
    for (const [setting, faults] of Object.entries(FAULT_SETTINGS)) {
      const row = await benchApply(PROFILES[name]!, faults);
      const failed = row.rounds.reduce((n, r) => n + r.failed, 0);
      for (const failure of row.rounds.flatMap((r) => r.failures)) console.log(`  ${failure}`);
      faultRows.push([
        name,
        `${setting} (${Object.entries(faults)
          .filter(([k]) => k !== 'seed')
          .map(([k, v]) => `${k} ${String(v)}`)
          .join(', ')})`,
        String(row.rounds.length),
        String(failed),
        String(row.remaining),
        String(row.duplicateAccounts),
        String(row.calls),
        `${(row.seconds / 3600).toFixed(2)} h`,
        Object.entries(row.faults)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
        String(row.retried),
      ]);
    }
  }
  console.log(
    '\n' +
      table(
        [
          'profile',
          'faults',
          'applies',
          'failed operations',
          'left after',
          'duplicate accounts',
          'calls',
          'time (AWS-equivalent)',
          'injected',
          'retried',
        ],
        faultRows,
      ),
  );
}
const transferProfiles = (process.env.ORGWARD_BENCH_TRANSFER_PROFILES ?? 'M-1k').split(',').filter(Boolean);
if (transferProfiles.length) {
  console.log(
    '\n## Planning a transfer out of an organization (both sides live), AWS rate limits, simulated time\n',
  );
  const rows = [];
  for (const name of transferProfiles) {
    const profile = PROFILES[name];
    if (!profile) throw new Error(`unknown profile ${name}`);
    rows.push(...(await benchTransfer(profile)));
  }
  console.log(
    table(
      [
        'profile',
        'accounts moving',
        'reference scan',
        'calls',
        'time (AWS-equivalent)',
        'top services',
        'wall',
      ],
      rows.map((r) => [
        `${r.profile} (${r.sourceAccounts})`,
        String(r.moving),
        r.scan === 'organization' ? 'whole organization' : 'moving accounts',
        String(r.calls),
        `${r.seconds.toFixed(0)} s`,
        Object.entries(r.callsByService)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 4)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
        `${r.wallSeconds.toFixed(1)} s`,
      ]),
    ),
  );
}
console.log(
  `\npeak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; total ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

const iamUsersProfiles = (process.env.ORGWARD_BENCH_IAM_USERS_PROFILES ?? 'M-1k').split(',').filter(Boolean);
if (iamUsersProfiles.length) {
  console.log('\n## IAM users inventory (5 users per member account), AWS rate limits, simulated time\n');
  const rows = [];
  for (const name of iamUsersProfiles) {
    const profile = PROFILES[name];
    if (!profile) throw new Error(`unknown profile ${name}`);
    rows.push(await benchIamUsers(profile));
  }
  console.log(
    table(
      [
        'profile',
        'accounts',
        'users',
        'calls',
        'calls per account',
        'time (AWS-equivalent)',
        'top operations',
        'wall',
      ],
      rows.map((r) => [
        r.profile,
        String(r.accounts),
        String(r.users),
        String(r.calls),
        r.callsPerAccount.toFixed(1),
        `${r.seconds.toFixed(0)} s`,
        Object.entries(r.byOperation)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 4)
          .map(([k, n]) => `${k.split(':')[1]} ${n}`)
          .join(', '),
        `${r.wallSeconds.toFixed(1)} s`,
      ]),
    ),
  );
}

const accessProfiles = (process.env.ORGWARD_BENCH_ACCESS_PROFILES ?? 'M-1k,L-5k').split(',').filter(Boolean);
if (accessProfiles.length) {
  console.log(
    '\n## Access: the model read once (AWS rate limits, simulated time), then the matrix and a who-can over every account from the model (no AWS calls)\n',
  );
  const rows = [];
  for (const name of accessProfiles) {
    const profile = PROFILES[name];
    if (!profile) throw new Error(`unknown profile ${name}`);
    rows.push(await benchAccess(profile));
  }
  console.log(
    table(
      [
        'profile',
        'accounts',
        'permission sets',
        'assignments',
        'read calls',
        'read (AWS)',
        'matrix rows',
        'matrix CPU',
        'who-can paths',
        'who-can CPU',
        'peak RSS',
      ],
      rows.map((r) => [
        r.profile,
        String(r.accounts),
        String(r.permissionSets),
        String(r.assignments),
        String(r.readCalls),
        `${(r.readSeconds / 60).toFixed(1)} min`,
        String(r.matrixRows),
        `${r.matrixCpuSeconds.toFixed(2)} s`,
        String(r.whoCanPaths),
        `${r.whoCanCpuSeconds.toFixed(2)} s`,
        `${r.peakRssMiB} MiB`,
      ]),
    ),
  );
}
