/**
 * The sandbox as a new user meets it: `npx orgward sandbox`, then the AWS CLI pointed at it.
 * Runs the built binary; every step is a real AWS CLI (botocore) call over HTTP.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awsCli,
  awsCliInstalled,
  requireBuild,
  runCli,
  SANDBOX_START_MS,
  startSandboxCli,
  type RunningSandbox,
} from '../support/cli.js';

const built = requireBuild();
const hasAwsCli = awsCliInstalled();
if (!hasAwsCli) console.warn('the AWS CLI is not installed: AWS CLI scenarios are skipped');

describe.runIf(built)('orgward CLI basics', () => {
  it('prints help and version', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('sandbox');
    expect(help.stdout).toContain('--endpoint-url');
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 90_000); // 2 CLI runs (timeouts: test/support/cli.ts)

  it('exits 2 on bad usage with one clear line', () => {
    const bad = runCli(['sandbox', '--port', 'abc']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--port takes a whole number from 0 to 65535, not 'abc'");
    const seed = runCli(['sandbox', '--port', '0', '--seed', '/nonexistent/world.json']);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toMatch(
      /^orgward: --seed \/nonexistent\/world.json: no such file and no built-in seed of that name/m,
    );
    expect(seed.stderr).toContain('hint: pass a world JSON file');
  }, 90_000); // 2 CLI runs
});

describe.runIf(built)('orgward sandbox --state', () => {
  it('keeps the organization across a restart', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'orgward-state-')), 'sandbox.json');
    const first = await startSandboxCli(['--state', state]);
    const created = await fetch(`${first.url}/_sandbox/world`, {
      method: 'POST',
      body: JSON.stringify({
        accounts: { '999988887777': { name: 'Persisted', rootCredentials: { password: true } } },
      }),
    });
    expect(created.status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = await startSandboxCli(['--state', state]);
    try {
      expect(second.output()).toContain('state restored from');
      const world = (await (await fetch(`${second.url}/_sandbox/world`)).json()) as {
        accounts: Record<string, { name: string; iam: { root: { loginProfile?: unknown } } }>;
      };
      expect(world.accounts['999988887777']?.name).toBe('Persisted');
      expect(world.accounts['999988887777']?.iam.root.loginProfile).toBeDefined();
    } finally {
      await second.stop();
    }
  }, 210_000); // two sandbox start-ups (SANDBOX_START_MS each) and a stop
});

describe.runIf(built && hasAwsCli)('the AWS CLI drives a whole organization on `orgward sandbox`', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandboxCli([]);
  }, SANDBOX_START_MS + 30_000);
  afterAll(() => sandbox.stop());

  const aws = (args: string[], key?: string) => {
    const result = awsCli(sandbox.url, args, key);
    if (result.status !== 0) throw new Error(`aws ${args.join(' ')} failed: ${result.stderr}`);
    return result.json ?? {};
  };

  // One story in steps, each its own case. Every step is an AWS CLI run: about 1 s of CPU (Python,
  // botocore), 2-3 s idle, up to 12 s on a loaded 2-core machine; cases allow 15 s a run plus 30 s.
  // Each step needs the ones before.
  let rootId: string;
  const ouIds: string[] = [];
  let memberId: string;

  it('creates the organization and a nested OU tree five deep, and no deeper', () => {
    const org = aws(['organizations', 'create-organization', '--feature-set', 'ALL']).Organization;
    expect(org.MasterAccountId).toBe('123456789012');
    rootId = aws(['organizations', 'list-roots']).Roots[0].Id as string;

    let parent = rootId;
    for (const name of ['L1', 'L2', 'L3', 'L4', 'L5']) {
      parent = aws(['organizations', 'create-organizational-unit', '--parent-id', parent, '--name', name])
        .OrganizationalUnit.Id;
      ouIds.push(parent);
    }
    const tooDeep = awsCli(sandbox.url, [
      'organizations',
      'create-organizational-unit',
      '--parent-id',
      parent,
      '--name',
      'L6',
    ]);
    expect(tooDeep.status).not.toBe(0);
    expect(tooDeep.stderr).toContain('ConstraintViolationException');
  }, 150_000); // 8 AWS CLI runs

  it('creates an account and moves it into the tree', () => {
    const request = aws([
      'organizations',
      'create-account',
      '--account-name',
      'Member',
      '--email',
      'member@example.com',
    ]);
    expect(request.CreateAccountStatus.State).toBe('IN_PROGRESS');
    let status = request.CreateAccountStatus;
    for (let i = 0; i < 5 && status.State === 'IN_PROGRESS'; i++) {
      status = aws([
        'organizations',
        'describe-create-account-status',
        '--create-account-request-id',
        status.Id,
      ]).CreateAccountStatus;
    }
    expect(status.State).toBe('SUCCEEDED');
    memberId = status.AccountId as string;
    aws([
      'organizations',
      'move-account',
      '--account-id',
      memberId,
      '--source-parent-id',
      rootId,
      '--destination-parent-id',
      ouIds[1]!,
    ]);
    expect(aws(['organizations', 'list-parents', '--child-id', memberId]).Parents[0].Id).toBe(ouIds[1]);
  }, 150_000); // up to 8 AWS CLI runs

  it('enables resource control policies, creates a service control policy and attaches it', () => {
    aws([
      'organizations',
      'enable-policy-type',
      '--root-id',
      rootId,
      '--policy-type',
      'RESOURCE_CONTROL_POLICY',
    ]);
    const scp = aws([
      'organizations',
      'create-policy',
      '--name',
      'DenyLeave',
      '--description',
      'members stay',
      '--type',
      'SERVICE_CONTROL_POLICY',
      '--content',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
      }),
    ]).Policy.PolicySummary.Id as string;
    aws(['organizations', 'attach-policy', '--policy-id', scp, '--target-id', ouIds[0]!]);
    const targets = aws(['organizations', 'list-targets-for-policy', '--policy-id', scp]).Targets as Array<{
      TargetId: string;
    }>;
    expect(targets.map((t) => t.TargetId)).toEqual([ouIds[0]]);
  }, 90_000); // 4 AWS CLI runs

  it('registers the member as a delegated administrator', () => {
    aws(['organizations', 'enable-aws-service-access', '--service-principal', 'iam.amazonaws.com']);
    aws([
      'organizations',
      'register-delegated-administrator',
      '--account-id',
      memberId,
      '--service-principal',
      'iam.amazonaws.com',
    ]);
    const admins = aws(['organizations', 'list-delegated-administrators']).DelegatedAdministrators as Array<{
      Id: string;
    }>;
    expect(admins.map((a) => a.Id)).toEqual([memberId]);
  }, 75_000); // 3 AWS CLI runs

  it("assumes the member's OrganizationAccountAccessRole and acts inside the member account", () => {
    const assumed = aws([
      'sts',
      'assume-role',
      '--role-arn',
      `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`,
      '--role-session-name',
      'ops',
    ]).Credentials;
    const inMember = awsCli(sandbox.url, ['sts', 'get-caller-identity'], assumed);
    expect(inMember.json).toMatchObject({
      Account: memberId,
      Arn: `arn:aws:sts::${memberId}:assumed-role/OrganizationAccountAccessRole/ops`,
    });
  }, 60_000); // 2 AWS CLI runs

  it('enables centralized root access and assumes root in the member account', () => {
    aws(['iam', 'enable-organizations-root-credentials-management']);
    aws(['iam', 'enable-organizations-root-sessions']);
    const features = aws(['iam', 'list-organizations-features']).EnabledFeatures as string[];
    expect(features.sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);
    const root = aws([
      'sts',
      'assume-root',
      '--target-principal',
      memberId,
      '--task-policy-arn',
      'arn=arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials',
    ]);
    expect(root.Credentials.AccessKeyId).toMatch(/^ASIA/);
  }, 90_000); // 4 AWS CLI runs
});
