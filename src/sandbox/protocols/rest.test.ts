import { describe, expect, it } from 'vitest';
import { Sandbox } from '../sandbox.js';
import { AwsError } from '../errors.js';
import { reqString } from '../input.js';
import type { ServiceDefinition } from '../service.js';
import { compileRoute, matchRoute } from './rest.js';
import { xmlList } from './xml.js';

describe('REST route templates', () => {
  it('binds labels, greedy labels and query discriminators, preferring the most specific route', () => {
    const policy = compileRoute({ method: 'GET', path: '/{Bucket}?policy', operation: 'GetBucketPolicy' });
    const list = compileRoute({ method: 'GET', path: '/{Bucket}', operation: 'ListObjects' });
    const object = compileRoute({ method: 'GET', path: '/{Bucket}/{Key+}', operation: 'GetObject' });
    expect(matchRoute(policy, 'GET', '/logs', { policy: '' })).toMatchObject({ params: { Bucket: 'logs' } });
    expect(matchRoute(policy, 'GET', '/logs', {})).toBeUndefined();
    expect(matchRoute(list, 'GET', '/logs', { policy: '' })!.score).toBeLessThan(
      matchRoute(policy, 'GET', '/logs', { policy: '' })!.score,
    );
    expect(matchRoute(object, 'GET', '/logs/a/b%20c.txt', {})).toMatchObject({
      params: { Bucket: 'logs', Key: 'a/b c.txt' },
    });
    expect(matchRoute(object, 'PUT', '/logs/a', {})).toBeUndefined();
  });
});

const fakeErrors: ServiceDefinition['errors'] = {
  validation: (e) => new AwsError('BadRequestException', e.message),
  throttling: () => new AwsError('TooManyRequestsException', 'slow down', { status: 429 }),
  concurrentModification: () => new AwsError('ConflictException', 'conflict', { status: 409 }),
  internal: () => new AwsError('InternalServerErrorException', 'boom', { status: 500 }),
  expiredTokenCode: 'ExpiredTokenException',
};

const detectors: ServiceDefinition = {
  name: 'fake-json',
  signingName: 'guardduty',
  protocol: 'restJson1',
  routes: [
    { method: 'POST', path: '/detector', operation: 'CreateDetector' },
    { method: 'GET', path: '/detector/{detectorId}', operation: 'GetDetector' },
  ],
  operations: {
    CreateDetector: (_ctx, input) => ({ detectorId: `d-${String(input.enable)}` }),
    GetDetector: (ctx, input) => {
      const id = reqString(input, 'detectorId');
      if (id !== 'd-true') throw new AwsError('BadRequestException', `no detector ${id}`);
      return { status: 'ENABLED', createdAt: ctx.now, $headers: { 'x-extra': '1' } };
    },
  },
  errors: fakeErrors,
};

const buckets: ServiceDefinition = {
  name: 'fake-xml',
  signingName: 's3',
  protocol: 'restXml',
  routes: [{ method: 'GET', path: '/', operation: 'ListBuckets' }],
  operations: {
    ListBuckets: () => ({
      $root: 'ListAllMyBucketsResult',
      Buckets: xmlList('Bucket', [{ Name: 'a' }, { Name: 'b' }]),
    }),
  },
  errors: fakeErrors,
};

const sign = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x`;

describe('REST dispatch', () => {
  const sandbox = new Sandbox({ services: [detectors, buckets] });
  const send = (
    method: string,
    path: string,
    service: string,
    body = '',
    query: Record<string, string> = {},
  ) =>
    sandbox.handle({
      method,
      path,
      query,
      headers: { authorization: sign(service) },
      body: Buffer.from(body),
    });

  it('routes restJson1 by credential scope and template, merging the JSON body into the input', async () => {
    const created = await send('POST', '/detector', 'guardduty', JSON.stringify({ enable: true }));
    expect(JSON.parse(created.body.toString())).toEqual({ detectorId: 'd-true' });
    const got = await send('GET', '/detector/d-true', 'guardduty');
    expect(got.headers['x-extra']).toBe('1');
    expect(typeof (JSON.parse(got.body.toString()) as { createdAt: unknown }).createdAt).toBe('number');
    const missing = await send('GET', '/detector/d-x', 'guardduty');
    expect(missing.status).toBe(400);
    expect(missing.headers['x-amzn-errortype']).toBe('BadRequestException');
    expect(JSON.parse(missing.body.toString())).toEqual({ message: 'no detector d-x' });
  });

  it('writes restXml answers under their root element with named list items', async () => {
    const list = await send('GET', '/', 's3');
    expect(list.body).toContain(
      '<ListAllMyBucketsResult><Buckets><Bucket><Name>a</Name></Bucket><Bucket><Name>b</Name></Bucket></Buckets></ListAllMyBucketsResult>',
    );
  });

  it('answers 404 where no route matches', async () => {
    const answer = await send('DELETE', '/detector', 'guardduty');
    expect(answer.status).toBe(404);
    expect(answer.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });
});
