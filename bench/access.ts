/**
 * `orgward access` at scale: the access model is read once from a synthetic organization (client and
 * sandbox on a simulated clock with AWS's rate limits, so the read time is AWS-equivalent), saved, and
 * then the answers are computed from the model alone, as `--model` does: the matrix, and a who-can over
 * every account. Those are pure CPU; the table reports their CPU time and the process's peak RSS.
 */
import { accessMatrix, whoCan } from '../src/access/queries.js';
import { AccessIndex } from '../src/access/effective.js';
import { modelOf, readAccessModel } from '../src/api/access.js';
import { simulatedSandbox } from '../src/sandbox/simulated.js';
import { syntheticWorld, type Profile } from './synthetic.js';

export interface AccessRow {
  profile: string;
  accounts: number;
  permissionSets: number;
  assignments: number;
  readCalls: number;
  readSeconds: number;
  matrixRows: number;
  matrixCpuSeconds: number;
  whoCanPaths: number;
  whoCanCpuSeconds: number;
  peakRssMiB: number;
}

function cpuSeconds<T>(work: () => T): { value: T; seconds: number } {
  const before = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(before);
  return { value, seconds: (used.user + used.system) / 1e6 };
}

export async function benchAccess(profile: Profile): Promise<AccessRow> {
  const { world } = syntheticWorld(profile);
  const { clock, factory } = simulatedSandbox({ world });
  const start = clock.now();
  const file = await readAccessModel(factory);
  const readSeconds = (clock.now() - start) / 1000;
  const readCalls = factory.stats.snapshot().calls;
  // From here on no AWS call: what `--model access.json` answers.
  const matrix = cpuSeconds(() => accessMatrix(new AccessIndex(modelOf(file))));
  const who = cpuSeconds(() => {
    const model = modelOf(file);
    const index = new AccessIndex(model);
    const everywhere = new Set(model.accounts.map((a) => a.id));
    return whoCan(
      index,
      { action: 's3:DeleteBucket', resource: '*', context: { 'aws:RequestedRegion': 'eu-west-1' } },
      everywhere,
    );
  });
  return {
    profile: profile.name,
    accounts: file.snapshot.accounts.length,
    permissionSets: file.snapshot.identityCenter?.permissionSets.length ?? 0,
    assignments: file.snapshot.identityCenter?.assignments.length ?? 0,
    readCalls,
    readSeconds,
    matrixRows: matrix.value.length,
    matrixCpuSeconds: matrix.seconds,
    whoCanPaths: who.value.length,
    whoCanCpuSeconds: who.seconds,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
