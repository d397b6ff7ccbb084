/**
 * `auth.verifySignatures` (`orgward sandbox --verify-signatures`): the real AWS SDK v3 clients, and the
 * AWS CLI where installed, sign requests the sandbox accepts with the keys it knows and refuses otherwise,
 * with the codes AWS answers.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inProcessTarget, type ClientOptions } from '../../test/support/targets.js';
import { toSandboxRequest } from './adapter.js';
import { Sandbox } from './sandbox.js';
import { listen, type RunningServer } from './server.js';
import { computeSignature, parseSignature, type ParsedSignature } from './signature.js';

/** Auth failures are common errors AWS's models do not list; every other answer must match the models. */
const AUTH_CODES =
  /InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|InvalidSignatureException|InvalidAccessKeyId|InvalidToken|RequestTimeTooSkewed|MissingAuthentication|AccessDenied/;

async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

/** A node:crypto SHA-256 (HMAC-SHA256 with a secret) in the shape the SDK's signer takes. */
class Sha256 {
  private hash!: { update(data: string | Uint8Array): unknown; digest(): Buffer };
  private readonly secret?: Uint8Array | string;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    if (typeof secret === 'string') this.secret = secret;
    else if (secret instanceof ArrayBuffer) this.secret = new Uint8Array(secret);
    else if (secret) this.secret = new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength);
    this.reset();
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.secret !== undefined ? createHmac('sha256', this.secret) : createHash('sha256');
  }
}

describe('SigV4 computation', () => {
  it("matches AWS's signature test suite (get-vanilla)", () => {
    const request = toSandboxRequest(
      {
        method: 'GET',
        path: '/',
        headers: { Host: 'example.amazonaws.com', 'X-Amz-Date': '20150830T123600Z' },
      },
      Buffer.alloc(0),
    );
    request.headers.authorization =
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
    const parsed = parseSignature(request) as ParsedSignature;
    const { signature } = computeSignature(
      request,
      parsed,
      'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      createHash('sha256').update('').digest('hex'),
    );
    expect(signature).toBe(parsed.signature);
  });
});

describe('signature verification with the real SDK clients', () => {
  const target = inProcessTarget({ auth: { verifySignatures: true } });
  const sandbox = target.sandbox!;
  const admin: ClientOptions = { accessKeyId: 'test', secretAccessKey: 'test' };
  const client = <T>(make: new (config: object) => T, options: ClientOptions = admin, extra: object = {}) =>
    new make({ ...target.config(options), maxAttempts: 1, ...extra });
  const s3 = (options: ClientOptions = admin) => client(S3Client, options, { forcePathStyle: true });

  beforeEach(() => target.reset());
  afterAll(() => {
    expect(target.modelIssues().filter((issue) => !AUTH_CODES.test(issue))).toEqual([]);
  });

  it('accepts the administrator key, a 12-digit key and keys IAM issued', async () => {
    expect(await client(STSClient).send(new GetCallerIdentityCommand({}))).toMatchObject({
      Arn: 'arn:aws:iam::123456789012:user/sandbox-admin',
    });
    expect(
      await client(STSClient, { accessKeyId: '210987654321', secretAccessKey: 'test' }).send(
        new GetCallerIdentityCommand({}),
      ),
    ).toMatchObject({ Account: '210987654321' });

    await client(IAMClient).send(new CreateUserCommand({ UserName: 'alice' }));
    const { AccessKey } = await client(IAMClient).send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const alice = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    expect(await client(STSClient, alice).send(new GetCallerIdentityCommand({}))).toMatchObject({
      Arn: 'arn:aws:iam::123456789012:user/alice',
    });
    expect(
      await failure(
        client(STSClient, { ...alice, secretAccessKey: 'wrong' }).send(new GetCallerIdentityCommand({})),
      ),
    ).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and an unknown key with InvalidClientTokenId', async () => {
    const wrong = { accessKeyId: 'test', secretAccessKey: 'not-test' };
    const unknown = { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'test' };
    for (const options of [wrong, { accessKeyId: '210987654321', secretAccessKey: 'x' }]) {
      expect(await failure(client(STSClient, options).send(new GetCallerIdentityCommand({})))).toMatchObject({
        name: 'SignatureDoesNotMatch',
        status: 403,
      });
    }
    expect(
      await failure(client(IAMClient, wrong).send(new CreateUserCommand({ UserName: 'x' }))),
    ).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(await failure(client(STSClient, unknown).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
    });
    expect(
      await failure(client(IAMClient, unknown).send(new CreateUserCommand({ UserName: 'x' }))),
    ).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    // Nothing was created by the refused calls.
    expect(Object.keys(sandbox.world.accounts['123456789012']?.iam.users ?? {})).toEqual([]);
  });

  it('JSON services (awsJson and restJson) answer as AWS does: UnrecognizedClientException, InvalidSignatureException', async () => {
    await expect(client(OrganizationsClient).send(new DescribeOrganizationCommand({}))).rejects.toMatchObject(
      {
        name: 'AWSOrganizationsNotInUseException',
      },
    );
    expect(await client(SSOAdminClient).send(new ListInstancesCommand({}))).toMatchObject({ Instances: [] });
    expect(await client(LambdaClient).send(new ListFunctionsCommand({}))).toMatchObject({ Functions: [] });
    // A path label with characters the canonical URI encodes a second time.
    await expect(
      client(LambdaClient).send(
        new GetFunctionCommand({ FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:f o' }),
      ),
    ).rejects.not.toMatchObject({ name: expect.stringMatching(AUTH_CODES) });

    for (const make of [OrganizationsClient, SSOAdminClient] as const) {
      const call = (options: ClientOptions) =>
        make === OrganizationsClient
          ? client(OrganizationsClient, options).send(new DescribeOrganizationCommand({}))
          : client(SSOAdminClient, options).send(new ListInstancesCommand({}));
      expect(await failure(call({ accessKeyId: 'test', secretAccessKey: 'nope' }))).toMatchObject({
        name: 'InvalidSignatureException',
        status: 403,
      });
      expect(await failure(call({ accessKeyId: 'AKIANOBODY', secretAccessKey: 'test' }))).toMatchObject({
        name: 'UnrecognizedClientException',
        status: 403,
      });
    }
    expect(
      await failure(
        client(LambdaClient, { accessKeyId: 'test', secretAccessKey: 'nope' }).send(
          new ListFunctionsCommand({}),
        ),
      ),
    ).toMatchObject({ name: 'InvalidSignatureException', status: 403 });
  });

  it('S3 PutObject and GetObject (path-style, a key that needs encoding) sign correctly', async () => {
    const key = 'dir/a b+c~(1)*!é%.txt';
    await s3().send(new CreateBucketCommand({ Bucket: 'signed-bucket' }));
    await s3().send(new PutObjectCommand({ Bucket: 'signed-bucket', Key: key, Body: 'hello' }));
    const got = await s3().send(new GetObjectCommand({ Bucket: 'signed-bucket', Key: key }));
    expect(await got.Body!.transformToString()).toBe('hello');

    expect(
      await failure(
        s3({ accessKeyId: 'test', secretAccessKey: 'nope' }).send(
          new GetObjectCommand({ Bucket: 'signed-bucket', Key: key }),
        ),
      ),
    ).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(
      await failure(
        s3({ accessKeyId: 'AKIANOBODY', secretAccessKey: 'test' }).send(
          new GetObjectCommand({ Bucket: 'signed-bucket', Key: key }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
  });

  it('an unsigned S3 request stays anonymous; an unsigned STS or JSON request is refused', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'private-bucket' }));
    await s3().send(new PutObjectCommand({ Bucket: 'private-bucket', Key: 'k', Body: 'x' }));
    const anonymous = await sandbox.handle(
      toSandboxRequest({ method: 'GET', path: '/private-bucket/k', headers: {} }, Buffer.alloc(0)),
    );
    expect(anonymous.status).toBe(403);
    expect(anonymous.body).toMatch(/<Code>AccessDenied<\/Code>/);

    const sts = await sandbox.handle(
      toSandboxRequest(
        { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
      ),
    );
    expect(sts.status).toBe(403);
    expect(sts.body).toMatch(/<Code>MissingAuthenticationToken<\/Code>/);

    const json = await sandbox.handle(
      toSandboxRequest(
        {
          method: 'POST',
          path: '/',
          headers: {
            'x-amz-target': 'AWSOrganizationsV20161128.DescribeOrganization',
            'content-type': 'application/x-amz-json-1.1',
          },
        },
        Buffer.from('{}'),
      ),
    );
    expect(json.status).toBe(403);
    expect(JSON.parse(json.body as string)).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });

  it('an assumed-role session works with its session token and fails without it', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
      ],
    });
    const { Role } = await client(IAMClient).send(
      new CreateRoleCommand({ RoleName: 'ops', AssumeRolePolicyDocument: trust }),
    );
    const { Credentials } = await client(STSClient).send(
      new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'sess' }),
    );
    const session = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
    expect(await client(STSClient, session).send(new GetCallerIdentityCommand({}))).toMatchObject({
      Arn: 'arn:aws:sts::123456789012:assumed-role/ops/sess',
    });
    const { sessionToken: _, ...withoutToken } = session;
    expect(
      await failure(client(STSClient, withoutToken).send(new GetCallerIdentityCommand({}))),
    ).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
    });
    expect(
      await failure(
        client(STSClient, { ...session, sessionToken: 'forged' }).send(new GetCallerIdentityCommand({})),
      ),
    ).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    expect(
      await failure(
        s3({ ...session, sessionToken: 'forged' }).send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })),
      ),
    ).toMatchObject({ name: 'InvalidToken', status: 400 });
  });

  it('a presigned S3 GET URL works until it expires', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'shared' }));
    await s3().send(new PutObjectCommand({ Bucket: 'shared', Key: 'report 1.txt', Body: 'numbers' }));
    const signer = new SignatureV4({
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      region: 'us-east-1',
      service: 's3',
      sha256: Sha256,
      uriEscapePath: false,
    });
    // What @aws-sdk/s3-request-presigner does: an unsigned payload, hoisted into the query.
    const presigned = await signer.presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: 'sandbox.local',
        path: '/shared/report%201.txt',
        query: {},
        headers: { host: 'sandbox.local', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      { expiresIn: 60, signingDate: sandbox.now() },
    );
    const request = toSandboxRequest(presigned, Buffer.alloc(0));
    const ok = await sandbox.handle(request);
    expect(ok.status).toBe(200);
    expect(String(ok.body)).toBe('numbers');

    const tampered = await sandbox.handle({ ...request, path: '/shared/other.txt' });
    expect(tampered.status).toBe(403);
    expect(tampered.body).toMatch(/<Code>SignatureDoesNotMatch<\/Code>/);

    sandbox.advanceClock(61_000);
    const expired = await sandbox.handle(request);
    expect(expired.status).toBe(403);
    expect(expired.body).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
  });

  it('refuses a request signed more than 15 minutes away from the sandbox clock; the SDK corrects its clock', async () => {
    sandbox.advanceClock(20 * 60_000);
    expect(await failure(client(STSClient).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'SignatureDoesNotMatch',
      message: expect.stringMatching(/^Signature expired: /),
    });
    expect(await failure(s3().send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })))).toMatchObject({
      name: 'RequestTimeTooSkewed',
    });
    // With retries the SDK reads the sandbox's Date header, corrects its clock offset and succeeds.
    const retrying = client(STSClient, admin, { maxAttempts: 3 });
    expect(await retrying.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: '123456789012' });
  });

  it('can be switched by the control API', async () => {
    const set = (verifySignatures: boolean) =>
      sandbox.handle(
        toSandboxRequest(
          { method: 'POST', path: '/_sandbox/config', headers: { 'content-type': 'application/json' } },
          Buffer.from(JSON.stringify({ auth: { verifySignatures } })),
        ),
      );
    const wrong = client(STSClient, { accessKeyId: 'test', secretAccessKey: 'nope' });
    expect((await set(false)).status).toBe(200);
    expect(await wrong.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: '123456789012' });
    expect((await set(true)).status).toBe(200);
    expect(await failure(wrong.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
  });
});

describe('with verification off (the default)', () => {
  const target = inProcessTarget();
  afterAll(() => target.close());

  it('any key and any secret act as before', async () => {
    const sts = new STSClient({
      ...target.config({ accessKeyId: 'AKIAANYTHING', secretAccessKey: 'whatever' }),
      maxAttempts: 1,
    });
    expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({
      Arn: 'arn:aws:iam::123456789012:user/sandbox-admin',
    });
  });
});

const awsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!awsCli)('the AWS CLI (botocore) against a verifying sandbox over HTTP', () => {
  let server: RunningServer;
  let dir: string;
  const sandbox = new Sandbox({ config: { auth: { verifySignatures: true } } });
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name];

  beforeAll(async () => {
    server = await listen(sandbox, 0);
  });
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The CLI runs beside this process's server, so it must not block the event loop (no spawnSync). */
  function aws(
    secret: string,
    ...args: string[]
  ): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        'aws',
        ['--endpoint-url', server.url, '--region', 'us-east-1', ...args],
        {
          env: { ...env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: secret, AWS_MAX_ATTEMPTS: '1' },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          resolve({ status: error ? (error.code as number) || 1 : 0, stdout, stderr }),
      );
    });
  }

  it('aws sts get-caller-identity succeeds with test/test and fails with a wrong secret', async () => {
    const ok = await aws('test', 'sts', 'get-caller-identity');
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toMatchObject({ Arn: 'arn:aws:iam::123456789012:user/sandbox-admin' });
    const bad = await aws('wrong', 'sts', 'get-caller-identity');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('(SignatureDoesNotMatch)');
  }, 120_000);

  it('aws s3api put-object and a presigned URL from aws s3 presign', async () => {
    dir = mkdtempSync(join(tmpdir(), 'orgward-sig-'));
    const file = join(dir, 'body.txt');
    writeFileSync(file, 'from the cli');
    expect((await aws('test', 's3api', 'create-bucket', '--bucket', 'cli-bucket')).status).toBe(0);
    const put = await aws(
      'test',
      's3api',
      'put-object',
      '--bucket',
      'cli-bucket',
      '--key',
      'a b/c+d.txt',
      '--body',
      file,
    );
    expect(put.stderr).toBe('');
    // The CLI v1 presigns S3 with Signature Version 2 unless told otherwise: refused, as AWS refuses it now.
    const v2 = await aws('test', 's3', 'presign', 's3://cli-bucket/a b/c+d.txt');
    expect(v2.stdout).toMatch(/[?&]AWSAccessKeyId=test&/);
    const refused = await fetch(v2.stdout.trim());
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/<Code>InvalidRequest<\/Code>/);

    const config = join(dir, 'config');
    writeFileSync(config, '[default]\ns3 =\n    signature_version = s3v4\n');
    env.AWS_CONFIG_FILE = config;
    const presign = await aws('test', 's3', 'presign', 's3://cli-bucket/a b/c+d.txt', '--expires-in', '60');
    expect(presign.stdout).toMatch(/[?&]X-Amz-Algorithm=AWS4-HMAC-SHA256&/);
    expect(presign.status).toBe(0);
    const url = presign.stdout.trim();
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(await fetched.text()).toBe('from the cli');
    sandbox.advanceClock(61_000);
    const late = await fetch(url);
    expect(late.status).toBe(403);
    expect(await late.text()).toMatch(/Request has expired/);
  }, 120_000);
});
