/**
 * Requests as clients nobody here wrote send them: every X-Amz-Target prefix of botocore's and the AWS
 * SDK for JavaScript's models reaches its service, and what the sandbox does not serve is answered in
 * the client's own protocol with the code AWS uses for an unknown action, never as a retryable error.
 */
import { execFile, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxRequest as request, signedFor } from '../../test/support/requests.js';
import { modelMetadata, modelsAvailable } from '../../test/support/service-model.js';
import { Sandbox } from './sandbox.js';
import { listen, type RunningServer } from './server.js';
import { allServices } from './services/index.js';

const jsonServices = allServices.filter((s) => s.protocol.startsWith('awsJson'));

describe('X-Amz-Target prefixes', () => {
  const sandbox = new Sandbox();

  it.skipIf(!modelsAvailable()).each(jsonServices.map((s) => [s.name, s] as const))(
    "%s accepts botocore's prefix",
    async (_name, service) => {
      const metadata = modelMetadata(service.name);
      expect(metadata, `no botocore model mapped for ${service.name}`).not.toBeNull();
      const prefix = metadata!.targetPrefix!;
      expect([service.targetPrefix, ...(service.targetAliases ?? [])]).toContain(prefix);
      const operation = Object.keys(service.operations)[0]!;
      const answer = await sandbox.handle(
        request({
          headers: {
            'x-amz-target': `${prefix}.${operation}`,
            'content-type': `application/x-amz-json-${metadata!.jsonVersion ?? '1.1'}`,
            authorization: signedFor(service.signingName),
          },
          body: '{}',
        }),
      );
      expect(answer.headers['x-amzn-errortype'] ?? '').not.toBe('UnknownOperationException');
    },
  );

  it('answers an unknown prefix with UnknownOperationException in JSON, status 400', async () => {
    const answer = await sandbox.handle(
      request({
        headers: {
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          'content-type': 'application/x-amz-json-1.0',
        },
        body: '{}',
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(answer.body as string)).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('what the sandbox does not serve, in each protocol', () => {
  const sandbox = new Sandbox();
  const form = (service: string, action: string) =>
    request({
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: signedFor(service) },
      body: `Action=${action}&Version=2010-03-31`,
    });

  it.each([
    [
      'an unserved query service (Auto Scaling)',
      form('autoscaling', 'DescribeAutoScalingGroups'),
      400,
      /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/,
    ],
    ['an unknown IAM action', form('iam', 'ListBananas'), 400, /<Code>InvalidAction<\/Code>/],
    [
      'an unknown EC2 action',
      form('ec2', 'DescribeBananas'),
      400,
      /^<Response><Errors><Error><Code>InvalidAction<\/Code>/,
    ],
    [
      'an unserved S3 subresource',
      request({
        method: 'GET',
        path: '/some-bucket',
        query: { acl: '' },
        headers: { authorization: signedFor('s3') },
      }),
      501,
      /<Error><Code>NotImplemented<\/Code>/,
    ],
    [
      'an unsigned request for nothing',
      request({ method: 'PATCH', path: '/favicon.ico' }),
      501,
      /<Error><Code>NotImplemented<\/Code>/,
    ],
  ])('%s', async (_what, req, status, body) => {
    const answer = await sandbox.handle(req);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/xml/);
    expect(answer.body).toMatch(body);
  });

  it('an unknown REST path of a restJson1 service answers JSON UnknownOperationException', async () => {
    const answer = await sandbox.handle(
      request({ method: 'GET', path: '/bananas', headers: { authorization: signedFor('guardduty') } }),
    );
    expect(answer.status).toBe(404);
    expect(answer.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    expect(JSON.parse(answer.body as string)).toHaveProperty('message');
  });

  it('an unknown operation of a JSON service answers UnknownOperationException', async () => {
    const answer = await sandbox.handle(
      request({
        headers: {
          'x-amz-target': 'AWSOrganizationsV20161128.ListBananas',
          'content-type': 'application/x-amz-json-1.1',
        },
        body: '{}',
      }),
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body as string)).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

const awsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!awsCli)('the AWS CLI on what the sandbox does not serve', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(new Sandbox(), 0);
  });
  afterAll(() => server.close());

  /** The CLI runs beside this process's server, so it must not block the event loop (no spawnSync). */
  function aws(...args: string[]): Promise<{ status: number; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        'aws',
        ['--endpoint-url', server.url, '--region', 'us-east-1', ...args],
        {
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: 'test',
            AWS_SECRET_ACCESS_KEY: 'test',
            AWS_MAX_ATTEMPTS: '5',
          },
          timeout: 60_000,
        },
        (error, _stdout, stderr) => resolve({ status: error ? (error.code as number) || 1 : 0, stderr }),
      );
    });
  }

  it.each([
    [['autoscaling', 'describe-auto-scaling-groups'], 'InvalidAction'],
    [['s3api', 'get-bucket-acl', '--bucket', 'any'], 'NotImplemented'],
    [['dynamodb', 'list-tables'], 'UnknownOperationException'],
  ])('aws %j fails once with %s, not retried', async (args, code) => {
    const result = await aws(...args);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`(${code})`);
    expect(result.stderr).not.toMatch(/max retries|invalid XML|Unable to parse/i);
  });
});
