/**
 * The organization as code, end to end on `orgward sandbox` with the built CLI: validate, plan, apply,
 * an empty plan afterwards, import of the result planning to no changes, and a change converging.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  requireBuild,
  runCliInProcess,
  SANDBOX_START_MS,
  startSandboxCli,
  type RunningSandbox,
} from '../support/cli.js';

const built = requireBuild();

const ORG_YAML = `
organization:
  featureSet: ALL
  policyTypes: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]
  trustedAccess: [iam.amazonaws.com, guardduty.amazonaws.com]
  delegatedAdministrators:
    guardduty.amazonaws.com: Security
  rootAccess: { credentialsManagement: true, rootSessions: true }
ous:
  Security:
    accounts: [Security, Log Archive]
  Workloads:
    ous:
      Prod: { accounts: [Shop Prod] }
      Dev: { accounts: [Shop Dev] }
accounts:
  Management: { email: aws+management@example.com, id: "123456789012" }
  Security: { email: aws+security@example.com }
  Log Archive: { email: aws+logs@example.com, tags: { owner: security } }
  Shop Prod: { email: aws+shop-prod@example.com }
  Shop Dev: { email: aws+shop-dev@example.com }
policies:
  DenyLeaveOrganization:
    type: SERVICE_CONTROL_POLICY
    description: members cannot leave
    file: policies/deny-leave.json
    attach: [root, ou:Workloads, account:Security]
  HttpsOnly:
    type: RESOURCE_CONTROL_POLICY
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Deny
          Principal: "*"
          Action: "s3:*"
          Resource: "*"
          Condition: { Bool: { "aws:SecureTransport": "false" } }
    attach: [root]
prune: [policies]
`;

const DENY_LEAVE = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
  },
  null,
  2,
);

describe.runIf(built)('plan and apply on the sandbox', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  const env = () => ({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
  const cli = (...args: string[]) => runCliInProcess([...args, '--endpoint-url', sandbox.url], env());

  beforeAll(async () => {
    sandbox = await startSandboxCli([]);
    await fetch(`${sandbox.url}/_sandbox/world`, {
      method: 'POST',
      body: JSON.stringify({
        accounts: { '123456789012': { name: 'Management', email: 'aws+management@example.com' } },
      }),
    });
    dir = mkdtempSync(join(tmpdir(), 'orgward-e2e-'));
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies/deny-leave.json'), DENY_LEAVE);
    writeFileSync(join(dir, 'org.yaml'), ORG_YAML);
  }, SANDBOX_START_MS + 30_000); // starting the sandbox, then one request
  afterAll(() => sandbox.stop());

  // The round trip is one story told in steps, each its own case (and at most a few CLI runs), so no
  // case adds up many CLI start-ups and applies against one timeout. Each step needs the ones before.
  const config = () => join(dir, 'org.yaml');

  it('validates the file and plans everything to create', async () => {
    expect((await runCliInProcess(['validate', '-c', config()])).stdout).toContain('valid');
    const plan = await cli('plan', '-c', config(), '--exit-code');
    expect(plan.status).toBe(1);
    expect(plan.stdout).toMatch(/^Plan: \d+ to create, 0 to update, 0 to delete\./);
    expect(plan.stdout).toContain('+ create the organization (all features)');
    expect(plan.stdout).toContain('+ create account Shop Prod <aws+shop-prod@example.com> in Workloads/Prod');
  }, 90_000); // 2 CLI runs

  it('refuses to apply without --yes when not on a terminal', async () => {
    const refused = await cli('apply', '-c', config());
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('not on a terminal: refusing to apply without --yes');
  }, 60_000); // 1 CLI run

  // one run, but the longest: it creates four accounts and waits for each
  it('applies the file', async () => {
    const apply = await cli('apply', '-c', config(), '--yes');
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toMatch(/\d+ done, 0 failed, 0 skipped/);
    expect(apply.status).toBe(0);
  }, 90_000); // 1 CLI run, an apply that creates four accounts and waits for each (counts double)

  it('then plans no changes, and the snapshot shows what was applied', async () => {
    const again = await cli('plan', '-c', config(), '--exit-code');
    expect(again.stdout.trim()).toBe('No changes: the organization matches the file.');
    expect(again.status).toBe(0);

    const summary = await cli('snapshot', '--format', 'summary');
    expect(summary.stdout).toContain('5 accounts (5 active)');
    expect(summary.stdout).toContain('centralized root access: credentials management on, root sessions on');
    expect(summary.stdout).toContain('guardduty.amazonaws.com → ');
  }, 90_000); // 2 CLI runs

  it('imports the organization into a file that plans to no changes', async () => {
    const out = join(dir, 'imported');
    const imported = await cli('import', '--out', out);
    expect(imported.status).toBe(0);
    expect(readFileSync(join(out, 'org.yaml'), 'utf8')).toContain('Shop Prod:');
    const plan = await cli('plan', '-c', join(out, 'org.yaml'), '--exit-code');
    expect(plan.stdout.trim()).toBe('No changes: the organization matches the file.');
    expect(plan.status).toBe(0);
  }, 90_000); // 2 CLI runs

  it('plans a move, an account under a nested OU, and removing a pruned policy', async () => {
    const changed = ORG_YAML.replace(
      'Prod: { accounts: [Shop Prod] }',
      'Prod: { accounts: [Shop Prod, Shop Dev] }',
    )
      .replace('Dev: { accounts: [Shop Dev] }', 'Dev: { ous: { Sandbox: { accounts: [Playground] } } }')
      .replace(
        '  Shop Dev: { email: aws+shop-dev@example.com }',
        '  Shop Dev: { email: aws+shop-dev@example.com }\n  Playground: { email: aws+playground@example.com }',
      )
      .replace(/ {2}HttpsOnly:[\s\S]*?attach: \[root\]\n/, '');
    writeFileSync(config(), changed);
    const plan = await cli('plan', '-c', config());
    expect(plan.stdout).toContain('~ move account Shop Dev from Workloads/Dev to Workloads/Prod');
    expect(plan.stdout).toContain('+ create OU Workloads/Dev/Sandbox');
    expect(plan.stdout).toContain('- detach HttpsOnly from root');
    expect(plan.stdout).toContain('- delete RESOURCE_CONTROL_POLICY HttpsOnly');
  }, 60_000); // 1 CLI run

  // an apply that creates an account, and a plan
  it('applies the change and converges', async () => {
    const apply = await cli('apply', '-c', config(), '--yes');
    expect(apply.stdout).toMatch(/\d+ done, 0 failed, 0 skipped/);
    const again = await cli('plan', '-c', config(), '--exit-code');
    expect(again.stdout.trim()).toBe('No changes: the organization matches the file.');
  }, 120_000); // 2 CLI runs, one an apply that creates an account (counts double)
});
