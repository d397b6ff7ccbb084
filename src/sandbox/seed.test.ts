import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AwsError } from './errors.js';
import { applyWorldDocument, WorldDocumentError } from './seed.js';
import type { ServiceDefinition } from './service.js';
import { serviceState } from './world.js';
import { emptyWorld } from './sandbox.js';

const trails: ServiceDefinition = {
  name: 'fake-trails',
  signingName: 'fake',
  protocol: 'awsJson1_1',
  operations: {},
  errors: {
    validation: (e) => new AwsError('ValidationException', e.message),
    throttling: () => new AwsError('ThrottlingException', 'slow'),
    concurrentModification: () => new AwsError('ConflictException', 'conflict'),
    internal: () => new AwsError('InternalFailure', 'boom', { status: 500 }),
    expiredTokenCode: 'ExpiredTokenException',
  },
  seeding: {
    regional: [
      {
        key: 'trails',
        schema: z.array(z.object({ name: z.string(), multiRegion: z.boolean().default(false) }).strict()),
        apply: (ctx, spec: Array<{ name: string; multiRegion: boolean }>) => {
          const byRegion = serviceState(ctx.account, 'fake-trails', (): Record<string, string[]> => ({}));
          byRegion[ctx.region!] = spec.map((t) => `${t.name}:${t.multiRegion}`);
        },
      },
    ],
  },
};

describe('world documents with service seeders', () => {
  it('validates each service member and applies it to that service’s state, per region', () => {
    const world = emptyWorld();
    applyWorldDocument(
      world,
      {
        accounts: {
          '111122223333': {
            enabledRegions: ['us-east-1', 'eu-west-1', 'af-south-1'],
            regions: {
              'us-east-1': { trails: [{ name: 'org', multiRegion: true }] },
              'eu-west-1': { trails: [] },
            },
          },
        },
      },
      new Date(),
      [trails],
    );
    const account = world.accounts['111122223333']!;
    expect(account.enabledRegions).toEqual(['us-east-1', 'eu-west-1', 'af-south-1']);
    expect(account.services['fake-trails']).toEqual({ 'us-east-1': ['org:true'], 'eu-west-1': [] });
  });

  it('refuses unknown regional members and bad region names, naming the path', () => {
    const world = emptyWorld();
    const attempt = () =>
      applyWorldDocument(
        world,
        { accounts: { '111122223333': { regions: { 'us-east-1': { detectors: 1 }, mars: {} } } } },
        new Date(),
        [trails],
      );
    expect(attempt).toThrow(WorldDocumentError);
    const issues = (() => {
      try {
        attempt();
      } catch (error) {
        return (error as WorldDocumentError).issues;
      }
      return [];
    })();
    expect(
      issues.some((i) => i.startsWith('accounts.111122223333.regions.us-east-1') && i.includes('detectors')),
    ).toBe(true);
    expect(issues.some((i) => i.startsWith('accounts.111122223333.regions.mars'))).toBe(true);
    expect(world.accounts['111122223333']).toBeUndefined();
  });
});

describe('docs/sandbox.md', () => {
  it('every world document it shows is accepted as written', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../docs/sandbox.md', import.meta.url), 'utf8');
    const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map(
      (m) => JSON.parse(m[1]!) as { accounts?: unknown },
    );
    const worlds = blocks.filter((b) => b.accounts);
    expect(worlds.length).toBeGreaterThanOrEqual(2);
    for (const doc of worlds) {
      const world = emptyWorld();
      expect(() => applyWorldDocument(world, doc, new Date())).not.toThrow();
    }
  });
});
