/** `npm run bench`: prints each benchmark's table. Numbers go to docs/performance.md. */
import '../src/cli/quiet-warnings.js';
import { benchAccess } from './access.js';
import { benchApply, FAULT_SETTINGS } from './apply.js';
import { benchAudit } from './audit.js';
import { benchBaseline } from './baseline.js';
import { benchRead } from './read.js';
import { sandboxThroughput } from './sandbox-throughput.js';
import { benchStartup } from './startup.js';
import { PROFILES, type Profile } from './synthetic.js';
import { benchPlan, type PlanRow } from './plan.js';
import { benchIamUsers } from './iam-users.js';
import { benchCost } from './cost.js';
import { benchTransfer } from './transfer.js';

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * `npm run bench -- [--only SECTION[,SECTION]] [--profile NAME[,NAME]]`: `--only` runs those sections
 * (startup, throughput, read, plan, baseline, audit, apply, faults, transfer, iam-users, access, cost);
 * `--profile` replaces every section's profiles (else ORGWARD_BENCH_<SECTION>_PROFILES, else the
 * defaults below). `npm run bench -- startup` is `--only startup`.
 */
const SECTIONS = [
  'startup',
  'throughput',
  'read',
  'plan',
  'baseline',
  'audit',
  'apply',
  'faults',
  'transfer',
  'iam-users',
  'access',
  'cost',
] as const;
type Section = (typeof SECTIONS)[number];

function argument(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

function listArgument(name: string): string[] | undefined {
  const value = argument(name);
  return value === undefined ? undefined : value.split(',').filter(Boolean);
}

const only = listArgument('--only') ?? (process.argv.includes('startup') ? ['startup'] : undefined);
for (const section of only ?? [])
  if (!SECTIONS.includes(section as Section)) {
    console.error(`unknown section ${section}: one of ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
const profileOverride = listArgument('--profile');
for (const name of profileOverride ?? [])
  if (!PROFILES[name]) {
    console.error(`unknown profile ${name}: one of ${Object.keys(PROFILES).join(', ')}`);
    process.exit(2);
  }

const runs = (section: Section) => !only || only.includes(section);

/** The profiles a section runs: --profile, else its environment variable, else its defaults. */
function profilesOf(section: Section, env: string, defaults: string): Profile[] {
  if (!runs(section)) return [];
  const names = profileOverride ?? (process.env[env] ?? defaults).split(',').filter(Boolean);
  return names.map((name) => {
    const profile = PROFILES[name];
    if (!profile) throw new Error(`unknown profile ${name} in ${env}`);
    return profile;
  });
}

const started = Date.now();
console.log(`orgward benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
if (runs('startup')) {
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
}
if (runs('throughput')) {
  console.log('\n## Sandbox throughput (throttling off, one process)\n');
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
}
const profiles = profilesOf('read', 'ORGWARD_BENCH_PROFILES', 'S-100,M-1k,L-5k');
if (profiles.length) {
  console.log('\n## Reading an organization (snapshot), sandbox throttling at AWS rates, simulated time\n');
  const readRows = [];
  for (const profile of profiles) {
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
          `${(r.seconds / 60).toFixed(1)} min (${r.seconds.toFixed(1)} s)`,
          `${(r.floorSeconds / 60).toFixed(1)} min`,
          (r.seconds / r.floorSeconds).toFixed(3),
          `${r.perResourceCalls} (${(r.perResourceCalls / r.calls).toFixed(1)}×)`,
          String(r.throttled),
          `${r.cpuSeconds.toFixed(1)} s`,
          `${r.wallSeconds.toFixed(1)} s`,
          `${r.peakRssMiB} MiB`,
        ]),
      ),
  );
}
const planProfiles = profilesOf('plan', 'ORGWARD_BENCH_PLAN_PROFILES', 'S-100,M-1k,L-5k');
if (planProfiles.length) {
  console.log(
    '\n## Planning from a snapshot (no AWS calls): org.yaml as imported, loaded and validated, then planned; CPU seconds\n',
  );
  const rows: PlanRow[] = [];
  for (const profile of planProfiles) rows.push(await benchPlan(profile));
  const seconds = (s: number) => `${s.toFixed(2)} s`;
  console.log(
    table(
      [
        'profile',
        'accounts',
        'assignments',
        'org.yaml',
        'load + validate CPU',
        'plan CPU',
        'operations',
        'one-assignment change CPU',
        'from empty CPU',
        'operations from empty',
        'peak RSS',
      ],
      rows.map((r) => [
        r.profile,
        String(r.accounts),
        String(r.assignments),
        `${(r.yamlBytes / 2 ** 20).toFixed(1)} MiB`,
        seconds(r.loadCpuSeconds + r.normalizeCpuSeconds),
        seconds(r.planCpuSeconds),
        String(r.planOperations),
        seconds(r.changeCpuSeconds),
        seconds(r.fromEmptyCpuSeconds),
        String(r.fromEmptyOperations),
        `${r.peakRssMiB} MiB`,
      ]),
    ),
  );
  const slope = (key: 'planCpuSeconds' | 'loadCpuSeconds') =>
    rows
      .slice(1)
      .map((r, i) => {
        const prev = rows[i]!;
        return `${prev.profile}→${r.profile} ${(Math.log(r[key] / prev[key]) / Math.log(r.assignments / prev.assignments)).toFixed(2)}`;
      })
      .join(', ');
  if (rows.length > 1)
    console.log(
      `\ngrowth exponent against assignments (1 = linear): plan ${slope('planCpuSeconds')}; load ${slope('loadCpuSeconds')}`,
    );
}
const baselineProfiles = profilesOf('baseline', 'ORGWARD_BENCH_BASELINE_PROFILES', 'S-100,M-1k');
if (baselineProfiles.length) {
  console.log(
    '\n## Applying the security baseline in 4 regions (read, plan, apply, read and plan again), AWS rate limits, simulated time\n',
  );
  const rows = [];
  for (const profile of baselineProfiles) {
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
const auditProfiles = profilesOf('audit', 'ORGWARD_BENCH_AUDIT_PROFILES', 'M-1k');
if (auditProfiles.length) {
  console.log(
    '\n## Auditing an organization in 4 regions, sandbox throttling at AWS rates, simulated time\n',
  );
  const auditRows = [];
  for (const profile of auditProfiles) {
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
          'CPU (read)',
          'CPU (checks)',
          'wall',
          'peak RSS (with sandbox)',
          'orgward live heap',
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
          `${r.evaluateCpuSeconds.toFixed(1)} s`,
          `${r.wallSeconds.toFixed(1)} s`,
          `${r.peakRssMiB} MiB`,
          r.liveMiB === undefined ? 'n/a (no --expose-gc)' : `${r.liveMiB} MiB`,
        ]),
      ),
  );
}
const applyProfiles = profilesOf('apply', 'ORGWARD_BENCH_APPLY_PROFILES', 'S-100,M-1k');
if (applyProfiles.length) {
  console.log(
    '\n## Applying an organization from empty, AWS rate limits, 5 account creations at a time (2 min each), Identity Center requests 8 s, simulated time\n',
  );
  const applyRows = [];
  for (const profile of applyProfiles) {
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
const faultProfiles = profilesOf('faults', 'ORGWARD_BENCH_FAULT_PROFILES', 'S-100');
if (faultProfiles.length) {
  console.log('\n## Applying under injected faults (simulated AWS time): does one apply converge?\n');
  const faultRows: string[][] = [];
  for (const profile of faultProfiles) {
    for (const [setting, faults] of Object.entries(FAULT_SETTINGS)) {
      const row = await benchApply(profile, faults);
      const failed = row.rounds.reduce((n, r) => n + r.failed, 0);
      for (const failure of row.rounds.flatMap((r) => r.failures)) console.log(`  ${failure}`);
      faultRows.push([
        profile.name,
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
const transferProfiles = profilesOf('transfer', 'ORGWARD_BENCH_TRANSFER_PROFILES', 'M-1k');
if (transferProfiles.length) {
  console.log(
    '\n## Planning a transfer out of an organization (both sides live), AWS rate limits, simulated time\n',
  );
  const rows = [];
  for (const profile of transferProfiles) {
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

const costProfiles = profilesOf('cost', 'ORGWARD_BENCH_COST_PROFILES', 'M-1k');
if (costProfiles.length) {
  console.log(
    '\n## Cost per OU (three months, three services per account), AWS rate limits, simulated time\n',
  );
  const rows = [];
  for (const profile of costProfiles) rows.push(await benchCost(profile));
  console.log(
    table(
      [
        'profile',
        'accounts',
        'OUs',
        'calls',
        'Cost Explorer calls',
        'time (AWS-equivalent)',
        'CPU',
        'wall',
        'total = seed',
      ],
      rows.map((r) => [
        r.profile,
        String(r.accounts),
        String(r.ous),
        String(r.calls),
        String(r.costExplorerCalls),
        `${r.seconds.toFixed(1)} s`,
        `${r.cpuSeconds.toFixed(2)} s`,
        `${r.wallSeconds.toFixed(1)} s`,
        r.exact ? 'yes' : 'NO',
      ]),
    ),
  );
}
const iamUsersProfiles = profilesOf('iam-users', 'ORGWARD_BENCH_IAM_USERS_PROFILES', 'M-1k');
if (iamUsersProfiles.length) {
  console.log('\n## IAM users inventory (5 users per member account), AWS rate limits, simulated time\n');
  const rows = [];
  for (const profile of iamUsersProfiles) {
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

const accessProfiles = profilesOf('access', 'ORGWARD_BENCH_ACCESS_PROFILES', 'M-1k,L-5k');
if (accessProfiles.length) {
  console.log(
    '\n## Access: the model read once (AWS rate limits, simulated time), then the matrix and a who-can over every account from the model (no AWS calls)\n',
  );
  const rows = [];
  for (const profile of accessProfiles) {
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
console.log(
  `\npeak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; total ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
