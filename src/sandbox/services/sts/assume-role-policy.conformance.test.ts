/**
 * The jump-account pattern with the real AWS CLI v1 (botocore): a profile with `source_profile` and
 * `role_arn` makes the CLI call sts:AssumeRole with the hub user's key, then act as the role session.
 * The sandbox decides the AssumeRole with the policy evaluator (the user's policy and the trust policy).
 * Skipped where `aws --version` does not run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliAvailable, runAws } from '../../../../test/conformance/aws-cli.js';
import { Sandbox } from '../../sandbox.js';
import { listen, type RunningServer } from '../../server.js';

const available = awsCliAvailable();
// Where `aws --version` does not run, the describe below is reported as skipped.

const HUB = '111111111111';
const DEV = '222222222222';
const DEV_ROLE = `arn:aws:iam::${DEV}:role/Dev`;
const document = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe.skipIf(!available)('the AWS CLI assumes a role in a member account through a profile', () => {
  let server: RunningServer;
  let dir: string;
  const iam = (account: string) =>
    new IAMClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: account, secretAccessKey: 'x' },
      maxAttempts: 1,
    });

  beforeAll(async () => {
    server = await listen(new Sandbox(), 0);
    dir = mkdtempSync(join(tmpdir(), 'orgward-assume-role-cli-'));
  });
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A config file: `hub` holds the user's key, `dev` assumes role/Dev from it. */
  function profiles(key: { AccessKeyId?: string; SecretAccessKey?: string }): string {
    const path = join(dir, 'config');
    writeFileSync(
      path,
      [
        '[profile hub]',
        `aws_access_key_id = ${key.AccessKeyId}`,
        `aws_secret_access_key = ${key.SecretAccessKey}`,
        'region = us-east-1',
        '',
        '[profile dev]',
        `role_arn = ${DEV_ROLE}`,
        'source_profile = hub',
        'role_session_name = jump',
        'region = us-east-1',
        '',
      ].join('\n'),
    );
    return path;
  }

  async function hubUser(userName: string, policy?: string) {
    await iam(HUB).send(new CreateUserCommand({ UserName: userName }));
    if (policy)
      await iam(HUB).send(
        new PutUserPolicyCommand({ UserName: userName, PolicyName: 'jump', PolicyDocument: policy }),
      );
    return (await iam(HUB).send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
  }

  // The CLI's assume-role credential provider builds its own STS client: AWS_ENDPOINT_URL points it at
  // the sandbox too (`--endpoint-url` reaches only the command's own client). The CLI caches assumed-role
  // credentials under ~/.aws/cli/cache by role and session name: each run gets a home of its own.
  let runs = 0;
  const env = (config: string) => {
    const home = join(dir, `home-${++runs}`);
    mkdirSync(home);
    return { AWS_CONFIG_FILE: config, AWS_ENDPOINT_URL: server.url, HOME: home };
  };

  it('get-caller-identity --profile dev answers the role session; without the user policy AccessDenied', async () => {
    await iam(DEV).send(
      new CreateRoleCommand({
        RoleName: 'Dev',
        AssumeRolePolicyDocument: document({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${HUB}:root` },
          Action: 'sts:AssumeRole',
        }),
      }),
    );
    const alice = await hubUser(
      'alice',
      document({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: DEV_ROLE }),
    );
    const ok = await runAws(server.url, ['sts', 'get-caller-identity', '--profile', 'dev'], {
      env: env(profiles(alice)),
    });
    expect(ok.status, `${ok.command}\n${ok.stderr}`).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      Account: DEV,
      Arn: `arn:aws:sts::${DEV}:assumed-role/Dev/jump`,
    });

    const bob = await hubUser('bob');
    const refused = await runAws(server.url, ['sts', 'get-caller-identity', '--profile', 'dev'], {
      env: env(profiles(bob)),
    });
    expect(refused.status, refused.command).not.toBe(0);
    expect(refused.stderr).toContain('AccessDenied');
    expect(refused.stderr).toContain(
      `User: arn:aws:iam::${HUB}:user/bob is not authorized to perform: sts:AssumeRole on resource: ${DEV_ROLE}`,
    );
  }, 90_000);
});
