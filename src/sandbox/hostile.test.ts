/**
 * Requests nobody well-meaning sends: control API calls from web pages (cross-origin posts, DNS
 * rebinding), numbers that break the clock or the knobs, bodies larger than anything AWS takes, and
 * keys that lead into JavaScript's object internals (`__proto__`, `constructor.prototype`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxRequest as request, signedFor } from '../../test/support/requests.js';
import type { SandboxRequest } from './protocols/types.js';
import { emptyWorld, Sandbox } from './sandbox.js';
import { loadState } from './persistence.js';
import { parseJsonBody } from './protocols/aws-json.js';
import { parseQueryForm } from './protocols/query-input.js';
import { applyWorldDocument, WorldDocumentError } from './seed.js';
import { listen, MAX_BODY_BYTES, type RunningServer } from './server.js';
import { prototypeKeyPaths } from './world.js';

const MiB = 1024 * 1024;

function control(method: string, route: string, body?: unknown): SandboxRequest {
  return request({
    method,
    path: `/_sandbox/${route}`,
    headers: { host: 'sandbox.local' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

function getCallerIdentity(extra = ''): SandboxRequest {
  return request({
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: signedFor('sts') },
    body: `Action=GetCallerIdentity&Version=2011-06-15${extra}`,
  });
}

function text(body: string | Buffer): string {
  return typeof body === 'string' ? body : body.toString('utf8');
}

function parsed(body: string | Buffer): Record<string, unknown> {
  return JSON.parse(text(body)) as Record<string, unknown>;
}

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const OBJECT_NAMES = Object.getOwnPropertyNames(Object).sort();

/** Nothing reached Object.prototype (or the Object constructor, one `constructor` hop away). */
function expectUnpolluted(): void {
  expect(({} as Record<string, unknown>).sts).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(Object.getOwnPropertyNames(Object).sort()).toEqual(OBJECT_NAMES);
}

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request over a socket with exactly these headers (fetch may not set Host). */
function raw(
  port: number,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Streams `total` bytes in chunks until the server answers, then stops: the server may close the
 * connection while we are still sending (EPIPE / ECONNRESET after the answer is expected).
 */
function streamUntilAnswered(
  port: number,
  options: { method: string; path: string; headers?: Record<string, string>; total: number },
): Promise<RawAnswer & { sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers ?? {} },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        const done = () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            sent,
          });
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', done);
        res.on('error', done);
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const pump = () => {
      while (!answered && sent < options.total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('control API over HTTP: only loopback clients, never web pages', () => {
  let sandbox: Sandbox;
  let server: RunningServer;

  beforeAll(async () => {
    sandbox = new Sandbox();
    server = await listen(sandbox, 0);
  });
  afterAll(() => server.close());

  const seed = () =>
    applyWorldDocument(sandbox.world, { accounts: { '111122223333': { name: 'Kept' } } }, sandbox.now());

  it('refuses a cross-origin text/plain POST /_sandbox/reset and keeps the state', async () => {
    seed();
    const answer = await raw(server.port, {
      method: 'POST',
      path: '/_sandbox/reset',
      headers: {
        host: `127.0.0.1:${server.port}`,
        origin: 'https://attacker.example',
        'content-type': 'text/plain',
      },
      body: '{}',
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(parsed(answer.body).message).toMatch(/Origin: https:\/\/attacker\.example/);
    expect(sandbox.world.accounts['111122223333']?.name).toBe('Kept');
  });

  it('refuses an opaque origin (sandboxed frame, file://)', async () => {
    const answer = await raw(server.port, {
      method: 'POST',
      path: '/_sandbox/reset',
      headers: { host: `localhost:${server.port}`, origin: 'null' },
    });
    expect(answer.status).toBe(403);
    expect(sandbox.world.accounts['111122223333']).toBeDefined();
  });

  it('refuses GET /_sandbox/world under a foreign Host (DNS rebinding), so no secret key leaks', async () => {
    seed();
    for (const host of [`rebind.attacker.example:${server.port}`, 'attacker.example', '127.0.0.1.nip.io']) {
      const answer = await raw(server.port, { method: 'GET', path: '/_sandbox/world', headers: { host } });
      expect(answer.status, host).toBe(403);
      expect(parsed(answer.body).message).toMatch(/Host/);
      expect(answer.body).not.toMatch(/secretAccessKey/);
    }
  });

  it('refuses a proxy-style absolute target to the control API with a foreign Host', async () => {
    const answer = await raw(server.port, {
      method: 'GET',
      path: `http://127.0.0.1:${server.port}/_sandbox/world`,
      headers: { host: 'attacker.example' },
    });
    expect(answer.status).toBe(403);
  });

  it('answers loopback clients: 127.0.0.1, localhost and [::1], any port, and loopback origins', async () => {
    const cases: Array<Record<string, string>> = [
      { host: `127.0.0.1:${server.port}` },
      { host: 'localhost' },
      { host: `LOCALHOST:${server.port}` },
      { host: `[::1]:${server.port}` },
      { host: `localhost:${server.port}`, origin: 'http://localhost:3000' },
      { host: `127.0.0.1:${server.port}`, origin: `http://127.0.0.1:${server.port}` },
    ];
    for (const headers of cases) {
      const answer = await raw(server.port, { method: 'GET', path: '/_sandbox/health', headers });
      expect(answer.status, JSON.stringify(headers)).toBe(200);
    }
    // fetch sends Host: 127.0.0.1:<port>, as curl and the AWS CLI do
    const response = await fetch(`${server.url}/_sandbox/world`);
    expect(response.status).toBe(200);
  });

  it('answers AWS API requests whatever the Host (virtual-hosted S3, S3 Control, foreign names)', async () => {
    for (const host of [
      'sts.amazonaws.com',
      `123456789012.127.0.0.1:${server.port}`,
      'bucket.s3.amazonaws.com',
    ]) {
      const answer = await raw(server.port, {
        method: 'POST',
        path: '/',
        headers: {
          host,
          'content-type': 'application/x-www-form-urlencoded',
          authorization: signedFor('sts'),
        },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      });
      expect(answer.status, host).toBe(200);
      expect(answer.body).toContain('<Account>123456789012</Account>');
    }
  });

  it('leaves in-process callers (the SDK adapter, Host: sandbox.local) to reach the control API', async () => {
    const answer = await sandbox.handle(
      request({
        method: 'GET',
        path: '/_sandbox/health',
        headers: { host: 'sandbox.local', origin: 'https://anything.example' },
      }),
    );
    expect(answer.status).toBe(200);
  });
});

describe('control API numbers', () => {
  const sandbox = new Sandbox();

  it.each([[1e308], [-1], ['x'], [null], [10 * 366 * 86_400], [[60]]])(
    'refuses advanceSeconds %j and the clock keeps working',
    async (advanceSeconds) => {
      const before = sandbox.now().getTime();
      const answer = await sandbox.handle(control('POST', 'clock', { advanceSeconds }));
      expect(answer.status).toBe(400);
      expect(parsed(answer.body)).toMatchObject({ field: 'advanceSeconds' });
      expect(parsed(answer.body).message).toMatch(/advanceSeconds/);
      const after = await sandbox.handle(control('POST', 'clock', { advanceSeconds: 60 }));
      expect(after.status).toBe(200);
      const now = Date.parse(parsed(after.body).now as string);
      expect(now - before).toBeGreaterThanOrEqual(60_000);
      expect(now - before).toBeLessThan(3_600_000);
    },
  );

  it('refuses a clock body that is not an object, and moves up to ten years at once', async () => {
    expect((await sandbox.handle(control('POST', 'clock', '5'))).status).toBe(400);
    expect((await sandbox.handle(control('POST', 'clock', 'not json'))).status).toBe(400);
    const tenYears = await sandbox.handle(control('POST', 'clock', { advanceSeconds: 10 * 365 * 86_400 }));
    expect(tenYears.status).toBe(200);
  });

  it.each([
    [{ throttling: { timeScale: 0 } }, 'throttling.timeScale'],
    [{ throttling: { timeScale: 1e308 } }, 'throttling.timeScale'],
    [{ throttling: { enabled: 'yes' } }, 'throttling.enabled'],
    [{ throttling: { profile: 'fast' } }, 'throttling.profile'],
    [{ settle: { createAccountMs: -5 } }, 'settle.createAccountMs'],
    [{ settle: { createAccountMs: 1e300 } }, 'settle.createAccountMs'],
    [{ settle: { createAccountPolls: 1.5 } }, 'settle.createAccountPolls'],
    [{ latency: { p50Ms: 0 } }, 'latency.p50Ms'],
    [{ latency: { p99Ms: null } }, 'latency.p99Ms'],
    [{ latency: 5 }, 'latency'],
    [{ speed: {} }, 'speed'],
    [{ settle: { bogus: 1 } }, 'settle.bogus'],
  ])('refuses config %j, naming %s', async (body, field) => {
    const before = JSON.stringify(sandbox.config);
    const answer = await sandbox.handle(control('POST', 'config', body));
    expect(answer.status).toBe(400);
    expect(parsed(answer.body)).toMatchObject({ field });
    expect(parsed(answer.body).message).toContain(field);
    expect(JSON.stringify(sandbox.config)).toBe(before);
  });

  it('accepts a valid config patch', async () => {
    const answer = await sandbox.handle(
      control('POST', 'config', {
        throttling: { enabled: false, profile: 'raised', timeScale: 0.5 },
        settle: { createAccountMs: 0, createAccountPolls: 2 },
        latency: { enabled: false, p50Ms: 10, p99Ms: 50 },
      }),
    );
    expect(answer.status).toBe(200);
    expect(parsed(answer.body)).toMatchObject({ throttling: { profile: 'raised', timeScale: 0.5 } });
  });

  it.each([
    [{ throttle: 2 }, 'throttle'],
    [{ internalError: -0.1 }, 'internalError'],
    [{ emptyPage: 'half' }, 'emptyPage'],
    [{ seed: 1.5 }, 'seed'],
    [{ seed: 1e308 }, 'seed'],
    [{ services: 'iam' }, 'services'],
    [{ operations: [1] }, 'operations'],
    [{ chaos: 1 }, 'chaos'],
  ])('refuses faults %j, naming %s', async (body, field) => {
    const answer = await sandbox.handle(control('POST', 'faults', body));
    expect(answer.status).toBe(400);
    expect(parsed(answer.body)).toMatchObject({ field });
    expect(sandbox.faults.current.throttle).toBe(0);
  });

  it('accepts valid faults', async () => {
    const answer = await sandbox.handle(
      control('POST', 'faults', { throttle: 0.25, seed: 9, services: ['iam'] }),
    );
    expect(answer.status).toBe(200);
    expect(parsed(answer.body)).toMatchObject({ throttle: 0.25, seed: 9, services: ['iam'] });
    await sandbox.handle(control('POST', 'faults', {}));
  });
});

describe('request bodies over the limit', () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let small: RunningServer;

  beforeAll(async () => {
    sandbox = new Sandbox();
    server = await listen(sandbox, 0);
    small = await listen(sandbox, 0, { maxBodyBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await server.close();
    await small.close();
  });
  afterEach(() => vi.restoreAllMocks());

  it('answers S3 EntityTooLarge to a 30 MiB chunked PutObject without reading it all', async () => {
    const handle = vi.spyOn(sandbox, 'handle');
    const answer = await streamUntilAnswered(server.port, {
      method: 'PUT',
      path: '/my-bucket/big-object',
      headers: { host: `127.0.0.1:${server.port}`, authorization: signedFor('s3') },
      total: 30 * MiB,
    });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/xml');
    expect(answer.body).toContain('<Code>EntityTooLarge</Code>');
    expect(answer.body).toContain(`<MaxSizeAllowed>${MAX_BODY_BYTES}</MaxSizeAllowed>`);
    expect(answer.sent).toBeLessThan(30 * MiB);
    expect(handle).not.toHaveBeenCalled();
    // the server goes on serving
    expect((await fetch(`${server.url}/_sandbox/health`)).status).toBe(200);
  });

  it('stops reading at a small limit long before the end of the body', async () => {
    const answer = await streamUntilAnswered(small.port, {
      method: 'PUT',
      path: '/my-bucket/big-object',
      headers: { host: 'my-bucket.s3.amazonaws.com' },
      total: 30 * MiB,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<Code>EntityTooLarge</Code>');
    expect(answer.sent).toBeLessThan(20 * MiB);
  });

  it('refuses a declared Content-Length over the limit before the body is sent (Expect: 100-continue)', async () => {
    const answer = await new Promise<RawAnswer & { continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'PUT',
          path: '/my-bucket/huge',
          headers: {
            'content-length': String(25 * MiB),
            expect: '100-continue',
            authorization: signedFor('s3'),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
              continued,
            });
            req.destroy();
          });
        },
      );
      req.on('continue', () => (continued = true));
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(answer.continued).toBe(false);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain(`<ProposedSize>${25 * MiB}</ProposedSize>`);
  });

  it('answers other protocols HTTP 413 in their own encoding', async () => {
    const big = 'x'.repeat(70 * 1024);
    const json = await raw(small.port, {
      method: 'POST',
      path: '/',
      headers: {
        'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts',
        'content-type': 'application/x-amz-json-1.1',
        authorization: signedFor('organizations'),
      },
      body: `{"pad":"${big}"}`,
    });
    expect(json.status).toBe(413);
    expect(json.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(parsed(json.body)).toMatchObject({ __type: 'RequestEntityTooLarge' });

    const query = await raw(small.port, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: signedFor('iam') },
      body: `Action=ListUsers&Version=2010-05-08&Pad=${big}`,
    });
    expect(query.status).toBe(413);
    expect(query.body).toContain('<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
    expect(query.body).toContain('<Code>RequestEntityTooLarge</Code>');

    const controlAnswer = await raw(small.port, {
      method: 'POST',
      path: '/_sandbox/world',
      headers: { host: `127.0.0.1:${small.port}` },
      body: `{"pad":"${big}"}`,
    });
    expect(controlAnswer.status).toBe(413);
    expect(parsed(controlAnswer.body).message).toMatch(/limit/);
  });

  it('serves bodies under the limit as before', async () => {
    const answer = await raw(small.port, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: signedFor('sts') },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(answer.status).toBe(200);
  });
});

describe('prototype keys in external documents', () => {
  const sandbox = new Sandbox();
  afterEach(() => expectUnpolluted());

  it('ignores __proto__ and walks constructor.prototype as plain data in a query form', async () => {
    for (const extra of [
      '&__proto__.sts=x',
      '&__proto__=x',
      '&constructor.prototype.sts=x',
      '&Tags.member.1.__proto__.sts=x',
      '&Attributes.entry.1.key=__proto__&Attributes.entry.1.value=x',
      '&Attributes.entry.1.key=constructor&Attributes.entry.1.value=x',
    ]) {
      const answer = await sandbox.handle(getCallerIdentity(extra));
      expect(answer.status, extra).toBe(200);
      expectUnpolluted();
    }
    const input = parseQueryForm(
      'A.constructor.prototype.sts=x&__proto__.sts=y&B.entry.1.key=__proto__&B.entry.1.value=z',
    );
    expect(input).toEqual({ A: { constructor: { prototype: { sts: 'x' } } }, B: {} });
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
    const answer = await sandbox.handle(getCallerIdentity());
    expect(answer.status).toBe(200);
    expect(text(answer.body)).toContain('<Account>123456789012</Account>');
  });

  it('drops __proto__ members of JSON bodies, so copying a body keeps the target prototype', async () => {
    const body = parseJsonBody(
      Buffer.from('{"__proto__": {"sts": "x"}, "constructor": {"prototype": {"sts": "y"}}, "Name": "n"}'),
    )!;
    expect(Object.hasOwn(body, '__proto__')).toBe(false);
    const input = Object.assign({}, body);
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
    expect(input.sts).toBeUndefined();
    const answer = await sandbox.handle(
      request({
        headers: {
          'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts',
          'content-type': 'application/x-amz-json-1.1',
          authorization: signedFor('organizations'),
        },
        body: '{"__proto__": {"sts": "x"}, "constructor": {"prototype": {"sts": "y"}}}',
      }),
    );
    expect(answer.status).toBeLessThan(500);
    expect((await sandbox.handle(getCallerIdentity())).status).toBe(200);
  });

  it('refuses prototype keys in control bodies, naming them', async () => {
    for (const [route, body] of [
      ['config', '{"__proto__": {"sts": "x"}}'],
      ['config', '{"throttling": {"__proto__": {"sts": "x"}}}'],
      ['faults', '{"constructor": {"prototype": {"sts": "x"}}}'],
    ] as const) {
      const answer = await sandbox.handle(control('POST', route, body));
      expect(answer.status, body).toBe(400);
      expect(parsed(answer.body).message).toMatch(/__proto__|constructor/);
    }
  });

  it('refuses prototype keys in world documents with where they are', async () => {
    for (const [doc, where] of [
      ['{"__proto__": {"sts": "x"}}', '__proto__'],
      [
        '{"accounts": {"111122223333": {"iamUsers": {"__proto__": {"password": true}}}}}',
        'accounts.111122223333.iamUsers.__proto__',
      ],
      [
        '{"accounts": {"111122223333": {"iamUsers": {"constructor": {"password": true}}}}}',
        'accounts.111122223333.iamUsers.constructor',
      ],
      [
        '{"accounts": {"111122223333": {"constructor": {"prototype": {"sts": "x"}}}}}',
        'accounts.111122223333.constructor',
      ],
    ] as const) {
      const answer = await sandbox.handle(control('POST', 'world', doc));
      expect(answer.status, doc).toBe(400);
      expect(parsed(answer.body).issues).toEqual([expect.stringContaining(where)]);
      expect(sandbox.world.accounts['111122223333']).toBeUndefined();
    }
    expect(() =>
      applyWorldDocument(
        emptyWorld(),
        JSON.parse('{"accounts": {"111122223333": {"iamUsers": {"prototype": {}}}}}'),
        new Date(),
      ),
    ).toThrow(WorldDocumentError);
  });

  it('refuses __proto__ in saved states, over the control API and from a --state file', async () => {
    const state = JSON.stringify({
      ...emptyWorld(),
      accounts: JSON.parse('{"__proto__": {"sts": "x"}}') as unknown,
    });
    expect(state).toContain('__proto__');
    const answer = await sandbox.handle(control('POST', 'world', state));
    expect(answer.status).toBe(400);
    expect(parsed(answer.body).issues).toEqual([expect.stringContaining('accounts.__proto__')]);

    const dir = mkdtempSync(join(tmpdir(), 'orgward-hostile-'));
    try {
      const file = join(dir, 'state.json');
      writeFileSync(file, state);
      expect(() => loadState(file)).toThrow(/state\.json: accounts\.__proto__/);
      // a state holding a user named `constructor` (the IAM API allows it) still loads
      const world = emptyWorld();
      writeFileSync(file, JSON.stringify({ ...world, accounts: { constructor: {} } }));
      expect(loadState(file)?.accounts).toHaveProperty('constructor');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reset recovers nothing it does not need to: GetCallerIdentity still works after all of it', async () => {
    expect((await sandbox.handle(control('POST', 'reset'))).status).toBe(200);
    expect((await sandbox.handle(getCallerIdentity())).status).toBe(200);
  });
});

describe('parsers under arbitrary keys (property)', () => {
  const hostileSegment = fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'member',
    'item',
    'entry',
    'key',
    'value',
    '1',
    '2',
    'sts',
  );
  const segment = fc.oneof(hostileSegment, fc.string({ maxLength: 6 }));
  const key = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.'));
  const value = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'x'), fc.string({ maxLength: 6 }));

  it('parseQueryForm never throws and never pollutes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 12 }), (pairs) => {
        const body = new URLSearchParams(pairs).toString();
        const input = parseQueryForm(body);
        expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
        expect(prototypeKeyPaths(input, new Set(['__proto__']))).toEqual([]);
        JSON.stringify(input);
        expectUnpolluted();
      }),
      { numRuns: 400 },
    );
  });

  it('parseJsonBody answers an object or undefined, never throws, never pollutes', () => {
    const jsonKey = fc.oneof(hostileSegment, fc.string({ maxLength: 6 }));
    const doc = fc.object({
      key: jsonKey,
      maxDepth: 3,
      maxKeys: 5,
      values: [fc.string(), fc.integer(), fc.boolean()],
    });
    const bodies = fc.oneof(
      doc.map((d) => JSON.stringify(d)),
      fc.constantFrom(
        '{"__proto__": {"sts": "x"}}',
        '{"constructor": {"prototype": {"sts": "x"}}}',
        '{"a": {"__proto__": {"sts": "x"}}}',
        '[1]',
        'null',
        '"__proto__"',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseJsonBody(Buffer.from(body));
        if (result !== undefined) {
          expect(typeof result).toBe('object');
          expect(prototypeKeyPaths(result, new Set(['__proto__']))).toEqual([]);
          const copy = Object.assign({}, result);
          expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
        }
        expectUnpolluted();
      }),
      { numRuns: 400 },
    );
  });
});
