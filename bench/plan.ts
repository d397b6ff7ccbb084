/**
 * Planning at scale (no AWS calls): the profile's organization is read once on the simulated clock, written
 * to org.yaml by the importer, then timed in CPU seconds: loading and validating that file, normalizing it,
 * and three plans from the snapshot — the file as imported (nothing to do), the file with every member
 * account to be created (everything to do against an organization that holds only the management account),
 * and one with a small change (one assignment added). Anything superlinear in the profile's size is a bug.
 */
import { isMap, isSeq, parseDocument } from 'yaml';
import { snapshotToConfig } from '../src/config/emit.js';
import { loadConfigText } from '../src/config/load.js';
import { normalize } from '../src/config/normalize.js';
import type { OrgSnapshot } from '../src/model/snapshot.js';
import { makePlan } from '../src/plan/plan.js';
import { readSnapshot } from '../src/read/snapshot.js';
import { simulatedSandbox } from '../src/sandbox/simulated.js';
import { syntheticWorld, type Profile } from './synthetic.js';

export interface PlanRow {
  profile: string;
  accounts: number;
  assignments: number;
  yamlBytes: number;
  /** CPU seconds to parse, check and validate org.yaml (loadConfigText). */
  loadCpuSeconds: number;
  normalizeCpuSeconds: number;
  /** makePlan from the snapshot for the imported file: no operations. */
  planCpuSeconds: number;
  planOperations: number;
  /** makePlan for a file with one more assignment. */
  changeCpuSeconds: number;
  changeOperations: number;
  /** makePlan against an organization holding only the management account. */
  fromEmptyCpuSeconds: number;
  fromEmptyOperations: number;
  peakRssMiB: number;
}

function cpu<T>(work: () => T): [T, number] {
  const before = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(before);
  return [value, (used.user + used.system) / 1e6];
}

/** The snapshot with only the management account and no Identity Center assignments. */
function emptied(snapshot: OrgSnapshot): OrgSnapshot {
  const mgmt = snapshot.organization.managementAccountId;
  return {
    ...snapshot,
    accounts: snapshot.accounts.filter((a) => a.id === mgmt),
    ous: [],
    policies: snapshot.policies.filter((p) => p.awsManaged),
    ...(snapshot.identityCenter
      ? {
          identityCenter: {
            ...snapshot.identityCenter,
            users: [],
            groups: [],
            permissionSets: [],
            assignments: [],
          },
        }
      : {}),
  };
}

/** org.yaml text with one assignment added: the first group gets the first permission set on one more account. */
function withOneMoreAssignment(text: string, snapshot: OrgSnapshot): string {
  const doc = parseDocument(text);
  const assignments = doc.getIn(['identityCenter', 'assignments']);
  const ps = snapshot.identityCenter?.permissionSets[0]?.name;
  const group = snapshot.identityCenter?.groups[0]?.displayName;
  const account = snapshot.accounts.at(-1)?.name;
  if (!isSeq(assignments) || !ps || !group || !account)
    throw new Error('the imported file has no assignments');
  assignments.add(doc.createNode({ group, permissionSet: ps, targets: [`account:${account}`] }));
  return String(doc);
}

/** The profile's organization as the CLI would have it: read, with the sandbox and its world gone. */
async function snapshotOf(profile: Profile): Promise<OrgSnapshot> {
  const { world } = syntheticWorld(profile);
  return (await readSnapshot(simulatedSandbox({ world }).factory)).snapshot;
}

/** A full collection before a measured step (with --expose-gc), so it is not charged for earlier garbage. */
const settle = () => (globalThis as { gc?: () => void }).gc?.();

export async function benchPlan(profile: Profile): Promise<PlanRow> {
  const snapshot = await snapshotOf(profile);
  const { files } = snapshotToConfig(snapshot);
  const text = files.get('org.yaml')!;
  const read = (path: string) => files.get(path);
  let peak = process.memoryUsage().rss;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));

  settle();
  const [config, loadCpuSeconds] = cpu(() => {
    const loaded = loadConfigText('org.yaml', text, read);
    if (!loaded.config)
      throw new Error(`imported org.yaml does not load: ${loaded.issues.map((i) => i.message).join('; ')}`);
    return loaded.config; // the parsed YAML document (positions for messages) is not kept for planning
  });
  const [desired, normalizeCpuSeconds] = cpu(() => normalize(config, read));
  sample();
  const now = new Date('2026-11-02T00:00:00Z');
  settle();
  const [plan, planCpuSeconds] = cpu(() => makePlan(desired, snapshot, now));
  sample();

  const changed = loadConfigText('org.yaml', withOneMoreAssignment(text, snapshot), read);
  if (!changed.config) throw new Error(changed.issues.map((i) => i.message).join('; '));
  const changedDesired = normalize(changed.config, read);
  settle();
  const [change, changeCpuSeconds] = cpu(() => makePlan(changedDesired, snapshot, now));
  sample();

  const doc = parseDocument(text);
  const accounts = doc.get('accounts');
  if (isMap(accounts))
    for (const pair of accounts.items)
      if (isMap(pair.value) && String(pair.value.get('id')) !== snapshot.organization.managementAccountId)
        pair.value.delete('id');
  const fresh = loadConfigText('org.yaml', String(doc), read);
  if (!fresh.config) throw new Error(fresh.issues.map((i) => i.message).join('; '));
  const freshDesired = normalize(fresh.config, read);
  const empty = emptied(snapshot);
  settle();
  const [fromEmpty, fromEmptyCpuSeconds] = cpu(() => makePlan(freshDesired, empty, now));
  sample();

  return {
    profile: profile.name,
    accounts: snapshot.accounts.length,
    assignments: snapshot.identityCenter?.assignments.length ?? 0,
    yamlBytes: Buffer.byteLength(text),
    loadCpuSeconds,
    normalizeCpuSeconds,
    planCpuSeconds,
    planOperations: plan.operations.length,
    changeCpuSeconds,
    changeOperations: change.operations.length,
    fromEmptyCpuSeconds,
    fromEmptyOperations: fromEmpty.operations.length,
    peakRssMiB: Math.round(peak / 2 ** 20),
  };
}
