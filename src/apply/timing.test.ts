/**
 * Apply against the sandbox in simulated AWS time (a shared VirtualClock): account creation takes two
 * minutes, five at a time; Identity Center requests take eight seconds and AWS refuses a second request
 * for another permission set in an account while one is in progress. The executor keeps to those rules,
 * so nothing is throttled or retried, and the time taken is what AWS's limits make it.
 */
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../config/load.js';
import { normalize } from '../config/normalize.js';
import { AwsCallError } from '../errors/index.js';
import { makePlan } from '../plan/plan.js';
import { readSnapshot } from '../read/snapshot.js';
import { simulatedSandbox } from '../sandbox/simulated.js';
import { applyOperations } from './executor.js';

const MGMT = '123456789012';
const TEAMS = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'];
const CONFIG = `
organization: { featureSet: ALL, trustedAccess: [sso.amazonaws.com] }
ous:
  Workloads: { accounts: [${TEAMS.join(', ')}] }
accounts:
  Management: { email: mgmt@example.com, id: "${MGMT}" }
${TEAMS.map((t) => `  ${t}: { email: ${t.toLowerCase()}@example.com }`).join('\n')}
identityCenter:
  users:
    alice: { displayName: Alice }
  groups:
    Engineers: { members: [alice] }
  permissionSets:
    Admin: { managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess] }
    Developer: { managedPolicies: [arn:aws:iam::aws:policy/PowerUserAccess] }
    ReadOnly: { managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
  assignments:
    - { group: Engineers, permissionSet: Admin, targets: [ou:Workloads] }
    - { group: Engineers, permissionSet: Developer, targets: [ou:Workloads] }
    - { group: Engineers, permissionSet: ReadOnly, targets: [ou:Workloads] }
`;

describe('apply in simulated AWS time', () => {
  it('creates accounts five at a time and sends one Identity Center request per account at a time', async () => {
    const { clock, sandbox, factory } = simulatedSandbox({
      account: { id: MGMT, name: 'Management', email: 'mgmt@example.com' },
      settle: { createAccountMs: 120_000, identityCenterMs: 8_000 },
    });
    const loaded = loadConfigText('org.yaml', CONFIG, () => undefined);
    const desired = normalize(loaded.config!, () => undefined);
    const live = async () => {
      try {
        return (await readSnapshot(factory)).snapshot;
      } catch (error) {
        if (error instanceof AwsCallError && error.awsCode === 'AWSOrganizationsNotInUseException')
          return null;
        throw error;
      }
    };
    const apply = async () => {
      const before = await live();
      const plan = makePlan(desired, before, new Date(clock.now()), { callerAccountId: MGMT });
      const started = clock.now();
      const result = await applyOperations(plan.operations, {
        factory,
        sleep: clock.sleep,
        ...(before ? { rootId: before.root.id } : {}),
      });
      expect(result.failed + result.skipped).toBe(0);
      return { plan, seconds: (clock.now() - started) / 1000 };
    };

    const organization = await apply();
    expect(organization.plan.summary.create).toBeGreaterThan(TEAMS.length);
    // 7 accounts, 5 at a time: two rounds of two minutes, plus at most one 10 s poll interval each.
    expect(organization.seconds).toBeGreaterThanOrEqual(240);
    expect(organization.seconds).toBeLessThan(265);

    const identityCenter = await apply();
    const assignments = identityCenter.plan.operations.filter((o) => o.kind === 'create-assignment');
    expect(assignments).toHaveLength(3 * TEAMS.length);
    // Three permission sets per account, one request at a time: at least 3 × 8 s; the accounts in parallel.
    expect(identityCenter.seconds).toBeGreaterThanOrEqual(24);
    expect(identityCenter.seconds).toBeLessThan(45);

    expect(factory.stats.snapshot().retried).toBe(0);
    expect(sandbox.stats.snapshot().throttled).toBe(0);
    const after = await live();
    expect(makePlan(desired, after, new Date(clock.now()), { callerAccountId: MGMT }).operations).toEqual([]);
  });
});
