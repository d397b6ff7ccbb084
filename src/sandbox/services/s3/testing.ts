/**
 * Helpers for the S3 and S3 Control suites: the accounts they use, policy builders, and SDK clients for a
 * target — path style (what orgward's client factory uses with a custom endpoint), AWS's own host names
 * (virtual-hosted S3, S3 Control's `<account>.s3-control.<region>.amazonaws.com`), and real
 * `sts:AssumeRoot` sessions.
 */
import { request as httpRequest } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { AssumeRootCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import type { Target } from '../../../../test/support/targets.js';

export const MANAGEMENT = '111111111111';
export const OWNER = '222222222222';
export const OTHER = '444444444444';
export const TASK = 'arn:aws:iam::aws:policy/root-task/';
export const ALL_FOUR = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

export const policy = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const publicRead = (bucket: string) =>
  policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` });

interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * An SDK request handler that sends every request to the sandbox's socket but keeps the Host header the
 * SDK chose (`<bucket>.s3.<region>.amazonaws.com`, `<account>.s3-control.<region>.amazonaws.com`), as a
 * DNS override would.
 */
export function hostPreservingHandler(endpoint: string) {
  const { hostname, port } = new URL(endpoint);
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SdkRequest) {
      const query = Object.entries(request.query ?? {})
        .flatMap(([k, v]) =>
          v === null
            ? [encodeURIComponent(k)]
            : ([] as string[]).concat(v).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`),
        )
        .join('&');
      const body =
        typeof request.body === 'string' || request.body instanceof Uint8Array ? request.body : undefined;
      return new Promise<{
        response: { statusCode: number; headers: Record<string, string>; body: Buffer };
      }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: hostname,
            port,
            method: request.method,
            path: `${request.path}${query ? `?${query}` : ''}`,
            headers: request.headers,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                response: {
                  statusCode: res.statusCode ?? 500,
                  headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])),
                  body: Buffer.concat(chunks),
                },
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    updateHttpClientConfig(): void {},
    httpHandlerConfigs: () => ({}),
    destroy(): void {},
  };
}

/** SDK clients on the target `current()` returns (suites start their target in `beforeAll`). */
export function s3TestClients(current: () => Target) {
  /** Path-style S3 as an account's administrator (a 12-digit key id), or with session credentials. */
  const s3 = (accessKeyId = OWNER, region = 'us-east-1', credentials?: Credentials) =>
    new S3Client({
      ...current().config(
        credentials
          ? {
              accessKeyId: credentials.AccessKeyId!,
              secretAccessKey: credentials.SecretAccessKey!,
              sessionToken: credentials.SessionToken!,
              region,
            }
          : { accessKeyId, region },
      ),
      forcePathStyle: true,
      maxAttempts: 1,
    });
  /** Client configuration for AWS's own host names (no endpoint override). */
  const awsHosts = (accessKeyId: string, region = 'us-east-1') => {
    const { endpoint, requestHandler, ...rest } = current().config({ accessKeyId, region });
    return { ...rest, requestHandler: requestHandler ?? hostPreservingHandler(endpoint), maxAttempts: 1 };
  };
  /** S3 Control as orgward's client factory builds it for a custom endpoint: no account label on the host. */
  const control = (accessKeyId: string) =>
    new S3ControlClient({
      ...current().config({ accessKeyId, region: 'us-east-1' }),
      endpointProvider: () => ({ url: new URL(current().endpoint) }),
      maxAttempts: 1,
    });
  /** A real `sts:AssumeRoot` session into `accountId`, asked for by the management account. */
  const assumeRoot = async (accountId: string, task: string) =>
    (
      await new STSClient({ ...current().config({ accessKeyId: MANAGEMENT }), maxAttempts: 1 }).send(
        new AssumeRootCommand({ TargetPrincipal: accountId, TaskPolicyArn: { arn: TASK + task } }),
      )
    ).Credentials!;
  return { s3, awsHosts, control, assumeRoot };
}
