/**
 * Apply killed half-way and run again: it finishes without duplicating anything (no second account for
 * an email, no duplicate assignment), and the next plan is empty. The sandbox keeps account creation and
 * Identity Center requests in progress for a while, so the kill lands mid-flight.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  requireBuild,
  runCli,
  SANDBOX_START_MS,
  startSandboxCli,
  type RunningSandbox,
} from '../support/cli.js';

const built = requireBuild();
const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
const ACCOUNTS = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'];

const ORG_YAML = `
organization: { featureSet: ALL }
ous:
  Workloads:
    accounts: [${ACCOUNTS.join(', ')}]
accounts:
  Management: { email: aws+management@example.com, id: "123456789012" }
${ACCOUNTS.map((a) => `  ${a}: { email: aws+${a.toLowerCase()}@example.com }`).join('\n')}
identityCenter:
  users:
    alice: { displayName: Alice }
  groups:
    Developers: { members: [alice] }
  permissionSets:
    Developer: { managedPolicies: [arn:aws:iam::aws:policy/PowerUserAccess] }
  assignments:
    - { group: Developers, permissionSet: Developer, targets: [ou:Workloads] }
`;

describe.runIf(built)('apply interrupted and run again', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  const client = <T>(C: new (config: object) => T) =>
    new C({
      region: 'us-east-1',
      endpoint: sandbox.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });

  beforeAll(async () => {
    sandbox = await startSandboxCli([]);
    await fetch(`${sandbox.url}/_sandbox/world`, {
      method: 'POST',
      body: JSON.stringify({
        accounts: { '123456789012': { name: 'Management', email: 'aws+management@example.com' } },
      }),
    });
    // Account creation takes 1.5 s and Identity Center requests 0.3 s, so a kill lands mid-flight.
    await fetch(`${sandbox.url}/_sandbox/config`, {
      method: 'POST',
      body: JSON.stringify({ settle: { createAccountMs: 1500, identityCenterMs: 300 } }),
    });
    dir = mkdtempSync(join(tmpdir(), 'orgward-interrupted-'));
    writeFileSync(join(dir, 'org.yaml'), ORG_YAML);
  }, SANDBOX_START_MS + 30_000); // starting the sandbox, then two requests
  afterAll(() => sandbox.stop());

  // One story in three steps, each its own case and timeout; each step needs the ones before.
  it('is killed while account creations are under way', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'apply', '-c', join(dir, 'org.yaml'), '--yes', '--endpoint-url', sandbox.url],
      {
        env: { ...process.env, ...ENV },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    // Kill it once account creations are under way (some settled, some still in progress). However
    // long the CLI takes to start on a loaded machine: wait for the calls, not for a number of polls.
    let created = 0;
    while (!exited) {
      const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {
        calls: Record<string, Record<string, Record<string, number>>>;
      };
      const byAccount = stats.calls.organizations?.CreateAccount ?? {};
      created = Object.values(byAccount).reduce((sum, n) => sum + n, 0);
      if (created >= 3) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    if (!exited) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    expect(
      created,
      `the apply ended before it had created three accounts:\n${output}`,
    ).toBeGreaterThanOrEqual(3);
    const midway = (await client(OrganizationsClient).send(new ListAccountsCommand({}))).Accounts ?? [];
    expect(midway.length).toBeLessThan(ACCOUNTS.length + 1);
  }, 90_000); // 1 CLI run, an apply (counts double)

  it('finishes on the second run with one account per email and no duplicate assignment', async () => {
    const again = runCli(['apply', '-c', join(dir, 'org.yaml'), '--yes', '--endpoint-url', sandbox.url], ENV);
    expect(again.status, again.stderr + again.stdout).toBe(0);

    const accounts = (await client(OrganizationsClient).send(new ListAccountsCommand({}))).Accounts ?? [];
    const emails = accounts.map((a) => a.Email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(accounts).toHaveLength(ACCOUNTS.length + 1);
    const sso = client(SSOAdminClient);
    const instanceArn = (await sso.send(new ListInstancesCommand({}))).Instances![0]!.InstanceArn!;
    const permissionSetArn = (await sso.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn })))
      .PermissionSets![0]!;
    for (const account of accounts.filter((a) => a.Name !== 'Management')) {
      const assignments =
        (
          await sso.send(
            new ListAccountAssignmentsCommand({
              InstanceArn: instanceArn,
              AccountId: account.Id!,
              PermissionSetArn: permissionSetArn,
            }),
          )
        ).AccountAssignments ?? [];
      expect(assignments, account.Name).toHaveLength(1);
    }
  }, 90_000); // 1 CLI run, an apply (counts double)

  it('then plans no changes', () => {
    const plan = runCli(
      ['plan', '-c', join(dir, 'org.yaml'), '--exit-code', '--endpoint-url', sandbox.url],
      ENV,
    );
    expect(plan.status, plan.stdout).toBe(0);
  }, 60_000); // 1 CLI run
});
