/**
 * `orgward iam-users inventory` over a synthetic organization with 5 IAM users in every member account
 * (two console users in a group, a machine with keys, a dormant user, one with an SSH key and a
 * signing certificate). Client and sandbox share a simulated clock with AWS's rate limits, so the time
 * is AWS-equivalent; calls are counted per operation.
 */
import { inventoryIamUsers } from '../src/api/iam-users.js';
import { applyWorldDocument } from '../src/sandbox/seed.js';
import { simulatedSandbox } from '../src/sandbox/simulated.js';
import { syntheticWorldWithMemberRoles, type Profile } from './synthetic.js';

export interface IamUsersRow {
  profile: string;
  accounts: number;
  users: number;
  calls: number;
  callsPerAccount: number;
  seconds: number;
  wallSeconds: number;
  byOperation: Record<string, number>;
}

const FIVE_USERS = {
  alice: { password: true, passwordLastUsedDaysAgo: 3, mfa: 'virtual', groups: ['Developers'] },
  bob: {
    password: true,
    passwordLastUsedDaysAgo: 20,
    groups: ['Developers'],
    sshPublicKeys: 1,
    signingCertificates: 1,
  },
  ci: { accessKeys: [{ ageDays: 200, lastUsedDaysAgo: 1 }] },
  old: { accessKeys: [{ ageDays: 600, lastUsedDaysAgo: 400 }] },
  deploy: {
    accessKeys: 2,
    inlinePolicies: {
      s3: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
    },
  },
};

export async function benchIamUsers(profile: Profile): Promise<IamUsersRow> {
  const { world, members } = syntheticWorldWithMemberRoles(profile);
  const { clock, sandbox, factory } = simulatedSandbox({ world });
  applyWorldDocument(
    sandbox.world,
    { accounts: Object.fromEntries(members.map((id) => [id, { iamUsers: FIVE_USERS }])) },
    sandbox.now(),
  );
  const start = clock.now();
  const wall = process.hrtime.bigint();
  const inventory = await inventoryIamUsers({
    factory,
    sleep: clock.sleep,
    now: new Date(clock.now()),
  });
  const calls = Object.values(inventory.calls).reduce((a, b) => a + b, 0);
  return {
    profile: profile.name,
    accounts: inventory.accounts.length,
    users: inventory.users.length,
    calls,
    callsPerAccount: calls / inventory.accounts.length,
    seconds: (clock.now() - start) / 1000,
    wallSeconds: Number(process.hrtime.bigint() - wall) / 1e9,
    byOperation: inventory.calls,
  };
}
