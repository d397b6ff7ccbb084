/**
 * Arbitrary requests in every protocol the sandbox parses (JSON targets, query forms, REST paths with
 * JSON or XML bodies, control routes), from fast-check: every one is answered — an AWS error in the
 * request's protocol, never an exception and never a handler crash (HTTP 500 from a sandbox bug) — and
 * afterwards the sandbox still answers a plain call and no prototype was touched.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedFor } from '../../test/support/requests.js';
import { Sandbox } from './sandbox.js';
import type { SandboxRequest } from './protocols/types.js';
import { allServices } from './services/index.js';

const jsonTargets = allServices.flatMap((s) =>
  s.targetPrefix
    ? Object.keys(s.operations).map((op) => ({ service: s, target: `${s.targetPrefix}.${op}` }))
    : [],
);
const queryActions = allServices.flatMap((s) =>
  s.protocol === 'awsQuery' || s.protocol === 'ec2Query'
    ? Object.keys(s.operations).map((op) => ({ service: s, action: op }))
    : [],
);
const restRoutes = allServices.flatMap((s) => (s.routes ?? []).map((route) => ({ service: s, route })));

/** Keys that tempt a parser: prototype names, dots and brackets, members of real shapes. */
const key = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'Name', 'Tags', 'member', 'entry', '1', 'x.y'),
  fc.string({ maxLength: 12 }),
);
const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
})).value;

const jsonRequest = fc
  .record({
    pick: fc.constantFrom(...jsonTargets),
    body: fc.oneof(
      jsonValue.map((v) => JSON.stringify(v)),
      fc.string(),
    ),
  })
  .map(({ pick, body }): SandboxRequest => ({
    method: 'POST',
    path: '/',
    query: {},
    headers: {
      'x-amz-target': pick.target,
      'content-type':
        pick.service.protocol === 'awsJson1_0' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1',
      authorization: signedFor(pick.service.signingName),
    },
    body: Buffer.from(body),
  }));

const formPair = fc
  .tuple(
    fc.array(fc.oneof(key, fc.constantFrom('member', 'entry', 'key', 'value', '1', '2')), {
      minLength: 1,
      maxLength: 4,
    }),
    fc.string({ maxLength: 20 }),
  )
  .map(([parts, value]) => `${encodeURIComponent(parts.join('.'))}=${encodeURIComponent(value)}`);
const queryRequest = fc
  .record({ pick: fc.constantFrom(...queryActions), pairs: fc.array(formPair, { maxLength: 6 }) })
  .map(({ pick, pairs }): SandboxRequest => ({
    method: 'POST',
    path: '/',
    query: {},
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: signedFor(pick.service.signingName),
    },
    body: Buffer.from([`Action=${pick.action}`, ...pairs].join('&')),
  }));

const segment = fc.oneof(
  fc.constantFrom('bucket-a', '%', '%ZZ', '..', '__proto__', 'a%2Fb', 'k%20ey', ''),
  fc.string({ maxLength: 10 }).map(encodeURIComponent),
);
const restRequest = fc
  .record({
    pick: fc.constantFrom(...restRoutes),
    labels: fc.array(segment, { minLength: 3, maxLength: 3 }),
    query: fc.dictionary(key, fc.string({ maxLength: 10 }), { maxKeys: 3 }),
    body: fc.oneof(
      jsonValue.map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 60 }).map((t) => `<?xml version="1.0"?><Root><Key>${t}</Key></Root>`),
      fc.string(),
    ),
  })
  .map(({ pick, labels, query, body }): SandboxRequest => {
    let i = 0;
    const [pathPart, discriminators] = pick.route.path.split('?', 2) as [string, string | undefined];
    const path = pathPart.replace(/\{[^}]+\}/g, () => labels[i++ % labels.length] || 'x');
    const required = Object.fromEntries(
      (discriminators ? discriminators.split('&') : []).map((p) => {
        const [k, v] = p.split('=', 2) as [string, string | undefined];
        return [k, v ?? ''];
      }),
    );
    return {
      method: pick.route.method,
      path,
      query: { ...query, ...required },
      headers: {
        authorization: signedFor(pick.service.signingName),
        'content-type': pick.service.protocol === 'restXml' ? 'application/xml' : 'application/json',
        ...(pick.route.header ? { [pick.route.header]: labels.join('/') } : {}),
      },
      body: Buffer.from(body),
    };
  });

const controlRequest = fc
  .record({
    route: fc.constantFrom('/_sandbox/world', '/_sandbox/faults', '/_sandbox/config', '/_sandbox/clock'),
    body: fc.oneof(
      jsonValue.map((v) => JSON.stringify(v)),
      fc.string(),
    ),
  })
  .map(({ route, body }): SandboxRequest => ({
    method: 'POST',
    path: route,
    query: {},
    headers: {},
    body: Buffer.from(body),
  }));

describe('the sandbox under arbitrary requests', () => {
  it('answers every request in its protocol, crashes no handler, and keeps working', async () => {
    const crashes: string[] = [];
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const statuses = new Map<number, number>();
    const sandbox = new Sandbox({
      onInternalError: (error, operation) => crashes.push(`${operation}: ${String(error)}`),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(jsonRequest, queryRequest, restRequest, controlRequest), async (request) => {
        const answer = await sandbox.handle(request);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(600);
        expect(crashes).toEqual([]);
      }),
      { numRuns: 1500, seed: 20261207 },
    );
    expect(({} as Record<string, unknown>).sts).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    // The inputs reach handlers: many are refused, and some are served.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(50);
    expect([...statuses.keys()].filter((s) => s >= 400 && s < 500).length).toBeGreaterThan(2);
    sandbox.reset();
    const answer = await sandbox.handle({
      method: 'POST',
      path: '/',
      query: {},
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: signedFor('sts') },
      body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
    });
    expect(answer.status).toBe(200);
  }, 120_000);
});
