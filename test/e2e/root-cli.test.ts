/**
 * `orgward root` as a user runs it: the built binary against a sandbox served over HTTP, seeded with the
 * demo organization and root credentials in several member accounts. Every claim is checked afterwards
 * with the AWS SDK as each account's own administrator.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetAccountSummaryCommand, IAMClient, ListOrganizationsFeaturesCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/types.js';
import type { RootStatus } from '../../src/root/types.js';
import { failure } from '../support/failure.js';
import {
  requireBuild,
  runCliInProcess,
  SANDBOX_START_MS,
  startSandboxCli,
  type RunningSandbox,
} from '../support/cli.js';

const built = requireBuild();
const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };

describe.runIf(built)('orgward root (CLI)', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  let journal: string;
  let ids: Record<string, string>;
  const root = (...args: string[]) =>
    runCliInProcess(['root', '--endpoint-url', sandbox.url, ...args, '--journal', journal], ENV);
  const rootRead = (...args: string[]) =>
    runCliInProcess(['root', '--endpoint-url', sandbox.url, ...args], ENV);
  const config = (accountId = 'test') => ({
    region: 'us-east-1',
    endpoint: sandbox.url,
    credentials: { accessKeyId: accountId, secretAccessKey: 'test' },
  });
  /** The root user's credentials as the account's own administrator sees them. */
  const summary = async (name: string) => {
    const map = (await new IAMClient(config(ids[name])).send(new GetAccountSummaryCommand({}))).SummaryMap!;
    return {
      password: map.AccountPasswordPresent,
      keys: map.AccountAccessKeysPresent,
      certificates: map.AccountSigningCertificatesPresent,
      mfa: map.AccountMFAEnabled,
    };
  };
  const dirty = { password: 1, keys: 1, certificates: 1, mfa: 1 };
  const clean = { password: 0, keys: 0, certificates: 0, mfa: 0 };

  beforeAll(async () => {
    sandbox = await startSandboxCli(['--seed', 'demo']);
    dir = mkdtempSync(join(tmpdir(), 'orgward-root-'));
    journal = join(dir, 'journal.jsonl');
    const orgs = new OrganizationsClient(config());
    ids = Object.fromEntries(
      ((await orgs.send(new ListAccountsCommand({}))).Accounts ?? []).map((a) => [a.Name!, a.Id!]),
    );
    const everything = {
      password: true,
      accessKeys: [{ ageDays: 400, lastUsedDaysAgo: 200, lastUsedService: 'ec2' }],
      signingCertificates: 1,
      mfa: 'virtual',
    };
    const response = await fetch(`${sandbox.url}/_sandbox/world`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        accounts: {
          [ids['Shop Dev']!]: { rootCredentials: everything },
          [ids['Shop Prod']!]: { rootCredentials: everything },
          [ids['Network']!]: {
            rootCredentials: { password: true, mfa: 'virtual' },
            regions: { 'us-east-1': { queues: [{ name: 'locked', lockedOut: true }] } },
          },
          [ids['Playground']!]: {
            rootCredentials: { password: true, accessKeys: [{ lastUsedDaysAgo: 2, lastUsedService: 's3' }] },
          },
        },
      }),
    });
    expect(response.ok, await response.text()).toBe(true);
  }, SANDBOX_START_MS + 30_000); // starting the seeded sandbox, then two requests
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('shows the features and every member root user, the management account apart', async () => {
    const table = await rootRead('status');
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/root credentials management\s+off/);
    expect(table.stdout).toMatch(/Management account .*outside centralized root access/);
    expect(table.stdout).toMatch(/Shop Dev\s+\d{12}\s+Workloads\/Dev\s+yes\s+1\s+1\s+1\s+has credentials/);
    expect(table.stdout).toMatch(/Next: orgward root enable/);
    const json = await rootRead('status', '--format', 'json');
    const status = JSON.parse(json.stdout) as RootStatus;
    expect(status.version).toBe(1);
    expect(status.features).toEqual({
      trustedAccess: false,
      credentialsManagement: false,
      rootSessions: false,
      delegatedAdministrator: null,
    });
    const byName = Object.fromEntries(status.accounts.map((a) => [a.name, a]));
    expect(byName['Shop Dev']).toMatchObject({
      status: 'has-credentials',
      credentials: { password: true, accessKeys: 1, signingCertificates: 1, mfaDevices: 1 },
    });
    expect(byName['Log Archive']?.status).toBe('clean');
    expect(status.accounts.map((a) => a.id)).not.toContain(status.management.id);
  }, 90_000); // 2 CLI runs

  it('refuses to delete while the features are off, and from a member account', async () => {
    const off = await root('delete-credentials', '--all', '--yes');
    expect(off.status).toBe(2);
    expect(off.stdout).toMatch(/root credentials management is not enabled/);
    expect(off.stderr).toMatch(/nothing was changed/);
    expect(await summary('Shop Dev')).toEqual(dirty);

    const member = await runCliInProcess(['root', '--endpoint-url', sandbox.url, 'status'], {
      ...ENV,
      AWS_ACCESS_KEY_ID: ids['Shop Dev']!,
    });
    expect(member.status).toBe(2);
    expect(member.stderr).toMatch(/not the management account/);
  }, 90_000); // 2 CLI runs

  it('enables trusted access, both features and the delegated administrator, once', async () => {
    const run = await root('enable', '--delegate', 'Security Tooling', '--yes');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1\. enable trusted access for iam\.amazonaws\.com/);
    expect(run.stdout).toMatch(/register Security Tooling .* as IAM delegated administrator/);
    expect(run.stdout).toMatch(/IAM reports: RootCredentialsManagement, RootSessions enabled/);
    const features = await new IAMClient(config()).send(new ListOrganizationsFeaturesCommand({}));
    expect(features.EnabledFeatures?.sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);
    const again = await root('enable', '--delegate', 'Security Tooling', '--yes');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Nothing to do/);
  }, 90_000); // 2 CLI runs

  it('shows the plan and what to do first in a dry run, and deletes nothing', async () => {
    const run = await root('delete-credentials', '--ou', 'Workloads', '--dry-run');
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Delete root credentials in 2 accounts \(10 steps\)/);
    const dev = run.stdout.slice(run.stdout.indexOf('Shop Dev ('));
    // AWS's order: keys, certificates, password, then MFA
    const order = [
      'delete access key',
      'delete signing certificate',
      'delete the console password',
      'deactivate MFA',
      'delete virtual MFA',
    ];
    const positions = order.map((s) => dev.indexOf(s));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!))).toBe(true);
    expect(run.stdout).toMatch(/last used \d{4}-\d\d-\d\d with ec2/);
    expect(run.stdout).toMatch(/"Policy:IAMUser\/RootCredentialUsage"/);
    expect(run.stdout).toMatch(/enable S3 MFA Delete/);
    expect(run.stdout).toMatch(/Dry run: nothing was deleted/);
    expect(await summary('Shop Dev')).toEqual(dirty);
    expect(await summary('Shop Prod')).toEqual(dirty);
  }, 60_000); // 1 CLI run

  it('refuses without --yes when there is no terminal to ask', async () => {
    const run = await root('delete-credentials', '--account', 'Shop Dev');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/refusing without --yes/);
    expect(await summary('Shop Dev')).toEqual(dirty);
  }, 60_000); // 1 CLI run

  it('deletes one account, then an OU, proves them clean and leaves the others alone', async () => {
    const one = await root('delete-credentials', '--account', 'Shop Dev', '--yes');
    expect(one.status, one.stdout + one.stderr).toBe(0);
    expect(one.stdout).toMatch(/✓ Shop Dev \(\d{12}\): 5 steps done; re-read: no root credentials/);
    expect(await summary('Shop Dev')).toEqual(clean);
    expect(await summary('Shop Prod')).toEqual(dirty);
    expect((await summary('Network')).password).toBe(1);

    const ou = await root('delete-credentials', '--ou', 'Workloads', '--yes');
    expect(ou.status, ou.stdout + ou.stderr).toBe(0);
    expect(ou.stdout).toMatch(/already clean, nothing to do: Shop Dev/);
    expect(ou.stdout).toMatch(/1 account cleaned, 0 failed/);
    expect(await summary('Shop Prod')).toEqual(clean);
    expect((await summary('Playground')).password).toBe(1);
  }, 90_000); // 2 CLI runs

  it('refuses a recently used root key unless forced, naming its last use', async () => {
    const run = await root('delete-credentials', '--account', 'Playground', '--yes');
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/root access key \S+ was last used \d{4}-\d\d-\d\d with s3, within 30 days/);
    expect(await summary('Playground')).toMatchObject({ password: 1, keys: 1 });
    const forced = await root('delete-credentials', '--account', 'Playground', '--yes', '--force');
    expect(forced.status, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/Overridden with --force/);
    expect(await summary('Playground')).toEqual(clean);
  }, 90_000); // 2 CLI runs

  it('refuses when an SCP denies root without the aws:AssumedRoot exemption', async () => {
    const orgs = new OrganizationsClient(config());
    const policy = await orgs.send(
      new CreatePolicyCommand({
        Name: 'deny-root-everything',
        Description: 'denies the root user, AssumeRoot sessions included',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Action: '*',
              Resource: '*',
              Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
            },
          ],
        }),
      }),
    );
    const PolicyId = policy.Policy!.PolicySummary!.Id!;
    await orgs.send(new AttachPolicyCommand({ PolicyId, TargetId: ids['Network']! }));
    const run = await root('delete-credentials', '--account', 'Network', '--yes');
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(
      /SCP deny-root-everything denies root actions without an aws:AssumedRoot exemption/,
    );
    expect(run.stdout).toMatch(/BoolIfExists/);
    expect((await summary('Network')).password).toBe(1);
    await orgs.send(new DetachPolicyCommand({ PolicyId, TargetId: ids['Network']! }));
    const after = await root('delete-credentials', '--account', 'Network', '--yes');
    expect(after.status, after.stdout + after.stderr).toBe(0);
    expect(await summary('Network')).toEqual(clean);
  }, 90_000); // 2 CLI runs

  it('unlocks a queue whose policy denies everyone', async () => {
    const network = ids['Network']!;
    const queueUrl = `https://sqs.us-east-1.amazonaws.com/${network}/locked`;
    const sqs = new SQSClient(config(network));
    const read = () =>
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] }));
    expect((await failure(read())).name).toMatch(/AccessDenied/);
    const queue = await root('unlock-queue', '--account', 'Network', '--queue', queueUrl, '--yes');
    expect(queue.status, queue.stdout + queue.stderr).toBe(0);
    expect(queue.stdout).toMatch(/"Effect": "Deny"/);
    expect((await read()).Attributes?.Policy).toBeUndefined();
  }, 60_000); // 1 CLI run

  it('unlocks a bucket whose policy denies everyone, once', async () => {
    const network = ids['Network']!;
    const seeded = await fetch(`${sandbox.url}/_sandbox/world`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        accounts: {
          [network]: { buckets: [{ name: 'network-locked-bucket', region: 'us-east-1', lockedOut: true }] },
        },
      }),
    });
    expect(seeded.ok, await seeded.text()).toBe(true);
    const s3 = new S3Client({ ...config(network), forcePathStyle: true });
    const policy = () => s3.send(new GetBucketPolicyCommand({ Bucket: 'network-locked-bucket' }));
    expect((await failure(policy())).name).toMatch(/AccessDenied/);
    const bucket = await root(
      'unlock-bucket',
      '--account',
      'Network',
      '--bucket',
      'network-locked-bucket',
      '--yes',
    );
    expect(bucket.status, bucket.stdout + bucket.stderr).toBe(0);
    expect((await failure(policy())).name).toBe('NoSuchBucketPolicy');
    const again = await root(
      'unlock-bucket',
      '--account',
      'Network',
      '--bucket',
      'network-locked-bucket',
      '--yes',
    );
    expect(again.stdout).toMatch(/Nothing to do: network-locked-bucket has no bucket policy/);
  }, 90_000); // 2 CLI runs

  it('allows password recovery for a clean account', async () => {
    const run = await root('allow-password-recovery', '--account', 'Shop Dev', '--yes');
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect((await summary('Shop Dev')).password).toBe(1);
    expect((await root('delete-credentials', '--account', 'Shop Dev', '--yes')).status).toBe(0);
    expect(await summary('Shop Dev')).toEqual(clean);
  }, 90_000); // 2 CLI runs

  it('journals every root action, and the audit ROOT checks pass for the members afterwards', async () => {
    const lines = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { at: string; who: string; account: string; task: string; result: string },
      );
    expect(lines.map((l) => l.task)).toEqual(
      expect.arrayContaining([
        'enable:enable-trusted-access',
        'delete-root-credentials',
        'unlock-queue',
        'unlock-bucket',
        'allow-password-recovery',
      ]),
    );
    expect(
      lines.every((l) => /^arn:aws:/.test(l.who) && /^\d{12}$/.test(l.account) && l.result === 'ok'),
    ).toBe(true);
    expect(lines.filter((l) => l.task === 'delete-root-credentials').map((l) => l.account)).toContain(
      ids['Shop Prod'],
    );

    const audit = await runCliInProcess(
      [
        'audit',
        '--endpoint-url',
        sandbox.url,
        '--regions',
        'us-east-1',
        '--checks',
        'ROOT',
        '--format',
        'json',
        '--fail-on',
        'none',
      ],
      ENV,
    );
    expect(audit.status, audit.stderr).toBe(0);
    const result = JSON.parse(audit.stdout) as AuditResult;
    const memberCredentialChecks = result.findings.filter(
      (f) =>
        ['ROOT-05', 'ROOT-06', 'ROOT-07', 'ROOT-08'].includes(f.check) &&
        f.accountId !== result.managementAccountId,
    );
    expect(memberCredentialChecks.length).toBeGreaterThanOrEqual(4 * 6);
    expect(memberCredentialChecks.filter((f) => f.status !== 'PASS')).toEqual([]);
    for (const check of ['ROOT-01', 'ROOT-02', 'ROOT-03', 'ROOT-04', 'ROOT-12'])
      expect(result.findings.find((f) => f.check === check)?.status, check).toBe('PASS');
  }, 90_000); // 1 CLI run, a live audit of every account (counts double)
});
