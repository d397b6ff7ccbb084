/**
 * No read changes state. A rich world (the demo organization built through the SDK, the whole-estate
 * world document of docs/sandbox.md, trusted access and delegated administrators) is read through
 * `Sandbox.handle` by every read operation of every service (reads as each service's `isMutating`, or
 * `defaultIsMutating`, decides), as the management account and as member accounts, in a seeded region
 * and in one nothing was seeded in; after each call the serialized world must be byte-identical.
 *
 * Inputs are minimal (an empty JSON object or form, REST labels filled with dummy values): validation and
 * not-found errors are fine, only state changes fail. Nothing in the world is ignored.
 */
import { readFileSync } from 'node:fs';
import {
  EnableAWSServiceAccessCommand,
  ListAccountsCommand,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoOrganization } from '../cli/demo/build-organization.js';
import { inProcessFactory } from '../api/sandbox.js';
import { Sandbox } from './sandbox.js';
import type { SandboxRequest } from './protocols/types.js';
import { applyWorldDocument } from './seed.js';
import { defaultIsMutating, type ServiceDefinition } from './service.js';
import { allServices } from './services/index.js';

/**
 * Read operations served today (the sum over `allServices`: 164). Every read found is exercised; this
 * floor only makes sure the list walked does not shrink unnoticed. Raise it when services grow.
 */
const MIN_READS = 164;

/** A seeded region, and one where no account has regional state. */
const REGIONS = ['us-east-1', 'eu-west-2'] as const;

/** Trusted access the world has on; `config-multiaccountsetup.amazonaws.com` deliberately stays off. */
const TRUSTED = [
  'account.amazonaws.com',
  'access-analyzer.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'guardduty.amazonaws.com',
  'securityhub.amazonaws.com',
  'sso.amazonaws.com',
  'member.org.stacksets.cloudformation.amazonaws.com',
];

const readsOf = (service: ServiceDefinition): string[] =>
  Object.keys(service.operations)
    .filter((operation) => !(service.isMutating ?? defaultIsMutating)(operation))
    .sort();

/** The whole-estate world document of docs/sandbox.md ("A whole estate in one document"). */
function estateDocument(managementId: string, securityId: string): unknown {
  const doc = readFileSync(new URL('../../docs/sandbox.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('### A whole estate in one document'));
  const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!json) throw new Error('docs/sandbox.md: the whole-estate world document was not found');
  return JSON.parse(json.replaceAll('123456789012', managementId).replaceAll('222222222222', securityId));
}

/** REST label values: a bucket the world has (S3 reads then reach real state), else a dummy. */
const LABELS: Record<string, string> = { Bucket: 'org-trail-logs' };

function requests(service: ServiceDefinition, operation: string, accountId: string, region: string) {
  const headers: Record<string, string> = {
    host: 'sandbox.local',
    authorization:
      `AWS4-HMAC-SHA256 Credential=${accountId}/20260101/${region}/${service.signingName}/aws4_request, ` +
      'SignedHeaders=host;x-amz-date, Signature=0',
    'x-amz-date': '20260101T000000Z',
    'x-amz-account-id': accountId,
  };
  const post = (contentType: string, body: string, extra: Record<string, string> = {}): SandboxRequest => ({
    method: 'POST',
    path: '/',
    query: {},
    headers: { ...headers, ...extra, 'content-type': contentType },
    body: Buffer.from(body),
  });
  switch (service.protocol) {
    case 'awsJson1_0':
    case 'awsJson1_1':
      return [
        post(`application/x-amz-json-${service.protocol === 'awsJson1_0' ? '1.0' : '1.1'}`, '{}', {
          'x-amz-target': `${service.targetPrefix}.${operation}`,
        }),
      ];
    case 'awsQuery':
    case 'ec2Query':
      return [post('application/x-www-form-urlencoded; charset=utf-8', `Action=${operation}&Version=1`)];
    case 'restJson1':
    case 'restXml':
      // Every route of the operation, until one is routed to it (a more specific route may win).
      return (service.routes ?? [])
        .filter((r) => r.operation === operation)
        .map((route): SandboxRequest => {
          const [pathPart, queryPart] = route.path.split('?', 2) as [string, string | undefined];
          const path = pathPart.replace(/\{([^}+]+)(\+?)\}/g, (_, label: string, greedy: string) =>
            greedy ? 'dummy/key' : encodeURIComponent(LABELS[label] ?? 'dummy'),
          );
          const query = Object.fromEntries(
            (queryPart ? queryPart.split('&') : []).map((pair) => {
              const [name, value] = pair.split('=', 2) as [string, string | undefined];
              return [name, value ?? ''];
            }),
          );
          return { method: route.method, path, query, headers, body: Buffer.alloc(0) };
        });
  }
}

/** The paths where two JSON values differ, with both values (at most `limit`). */
function differences(before: unknown, after: unknown, limit = 20, path = '$', out: string[] = []): string[] {
  if (out.length >= limit || JSON.stringify(before) === JSON.stringify(after)) return out;
  if (
    before &&
    after &&
    typeof before === 'object' &&
    typeof after === 'object' &&
    Array.isArray(before) === Array.isArray(after)
  ) {
    const a = before as Record<string, unknown>;
    const b = after as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      differences(a[key], b[key], limit, `${path}.${key}`, out);
    return out;
  }
  const shown = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v).slice(0, 200));
  out.push(`${path}: ${shown(before)} → ${shown(after)}`);
  return out;
}

describe('reads never change the world', () => {
  let frozenAt: number | undefined;
  /** The operations the sandbox answered (its `onCall` hook), to check each read reached its handler. */
  const answered: Array<{ service: string; operation: string }> = [];
  const sandbox = new Sandbox({
    nowMs: () => frozenAt ?? Date.now(),
    onCall: (call) => answered.push({ service: call.service, operation: call.operation }),
  });
  /** Who reads: the management account and member accounts (Security Tooling is a delegated admin). */
  let callers: Array<{ label: string; accountId: string }> = [];

  beforeAll(async () => {
    const factory = inProcessFactory(sandbox);
    await buildDemoOrganization(factory, () => undefined);
    const organizations = factory.organizations();
    const ids: Record<string, string> = {};
    for (const a of (await organizations.send(new ListAccountsCommand({}))).Accounts ?? [])
      ids[a.Name!] = a.Id!;
    const org = Object.values(sandbox.world.organizations)[0]!;
    const management = org.managementAccountId;
    const security = ids['Security Tooling']!;
    for (const ServicePrincipal of TRUSTED)
      await organizations.send(new EnableAWSServiceAccessCommand({ ServicePrincipal }));
    for (const ServicePrincipal of ['config.amazonaws.com', 'access-analyzer.amazonaws.com'])
      await organizations.send(
        new RegisterDelegatedAdministratorCommand({ AccountId: security, ServicePrincipal }),
      );
    applyWorldDocument(sandbox.world, estateDocument(management, security), sandbox.now());
    applyWorldDocument(
      sandbox.world,
      {
        accounts: {
          [ids['Shop Dev']!]: {
            rootCredentials: { password: true, accessKeys: 1, signingCertificates: 1, mfa: 'virtual' },
            iamUsers: { ci: { accessKeys: [{ ageDays: 90, lastUsedDaysAgo: 3 }], groups: [] } },
          },
        },
      },
      sandbox.now(),
    );
    callers = [
      { label: 'management', accountId: management },
      { label: 'member Security Tooling', accountId: security },
      { label: 'member Shop Dev', accountId: ids['Shop Dev']! },
    ];
    // From here on time stands still: asynchronous work is settled once, before any read.
    frozenAt = Date.now();
    const now = sandbox.now();
    for (const service of sandbox.services) service.advance?.(sandbox.world, now, sandbox.config);
  }, 120_000);

  /** `service.Operation` of every read exercised. */
  const exercised = new Set<string>();

  describe.each(allServices.map((s) => [s.name, s] as const))('%s', (_, service) => {
    const reads = readsOf(service);

    it(`${reads.length} reads: ${reads.join(', ') || '(none)'}`, async () => {
      const changed: string[] = [];
      const unrouted: string[] = [];
      for (const operation of reads)
        for (const region of REGIONS)
          for (const caller of callers) {
            const name = `${service.name}.${operation}`;
            const before = JSON.stringify(sandbox.world);
            let served = false;
            let routed: (typeof answered)[number] | undefined;
            for (const request of requests(service, operation, caller.accountId, region)) {
              answered.length = 0;
              await sandbox.handle(request);
              routed = answered[0];
              served = routed?.service === service.name && routed.operation === operation;
              if (served) break;
            }
            if (served) exercised.add(name);
            else unrouted.push(`${operation} as ${caller.label}: routed to ${JSON.stringify(routed)}`);
            const after = JSON.stringify(sandbox.world);
            if (after === before) continue;
            const paths = differences(JSON.parse(before), JSON.parse(after));
            changed.push(`${name} as ${caller.label} in ${region}:\n    ${paths.join('\n    ')}`);
            // Put the world back, so one bad read does not hide or cause another.
            sandbox.world = JSON.parse(before) as typeof sandbox.world;
          }
      expect(unrouted, 'every read reaches its own handler').toEqual([]);
      expect(changed, 'reads that changed the world').toEqual([]);
    });
  });

  it(`exercised every read of every service (at least ${MIN_READS}), as ${REGIONS.length} regions × 3 callers`, () => {
    expect(sandbox.services).toBe(allServices);
    const all = allServices.flatMap((s) => readsOf(s).map((o) => `${s.name}.${o}`));
    expect(all.length).toBeGreaterThanOrEqual(MIN_READS);
    expect([...exercised].sort()).toEqual(all.sort());
    expect(callers.map((c) => c.label)).toEqual(['management', 'member Security Tooling', 'member Shop Dev']);
  });
});
