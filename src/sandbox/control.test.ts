import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpTarget, type Target } from '../../test/support/targets.js';
import { iamOf } from './services/iam/state.js';

describe('control API (/_sandbox)', () => {
  let target: Target;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${target.endpoint}/_sandbox/${path}`, {
      method,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    target = await httpTarget();
  });
  afterAll(() => target.close());
  beforeEach(() => target.reset());

  it('reports health with the services it serves', async () => {
    const { status, body } = await call('GET', 'health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', organizations: 0 });
    expect(body.services).toEqual(expect.arrayContaining(['organizations', 'iam', 'sts']));
  });

  it('merges a world document with root credentials into the state', async () => {
    const doc = {
      accounts: {
        '111122223333': {
          name: 'Legacy',
          rootCredentials: { password: true, accessKeys: 1, signingCertificates: 1, mfa: 'virtual' },
        },
      },
    };
    const { status, body } = await call('POST', 'world', doc);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'merged', accounts: ['111122223333'] });
    const account = target.sandbox!.world.accounts['111122223333']!;
    expect(account.name).toBe('Legacy');
    expect(iamOf(account).root.loginProfile).toBeDefined();
    expect(iamOf(account).root.accessKeys).toHaveLength(1);
    expect(iamOf(account).root.signingCertificates).toHaveLength(1);
    expect(iamOf(account).root.mfaSerials).toEqual(['arn:aws:iam::111122223333:mfa/root-account-mfa-device']);
    // the root access key is usable: it is indexed as a root credential
    const keyId = iamOf(account).root.accessKeys[0]!.accessKeyId;
    expect(target.sandbox!.world.credentials[keyId]).toMatchObject({
      kind: 'root',
      accountId: '111122223333',
    });

    // seeding again replaces the root credentials rather than adding to them
    await call('POST', 'world', { accounts: { '111122223333': { rootCredentials: { password: false } } } });
    expect(iamOf(account).root.accessKeys).toHaveLength(0);
    expect(iamOf(account).root.loginProfile).toBeUndefined();
    expect(target.sandbox!.world.credentials[keyId]).toBeUndefined();
  });

  it('refuses a bad world document with every issue named', async () => {
    const { status, body } = await call('POST', 'world', {
      accounts: { '12': {}, '111122223333': { bogus: 1, rootCredentials: { password: 'yes' } } },
    });
    expect(status).toBe(400);
    const issues = body.issues as string[];
    expect(issues.some((i) => i.startsWith('accounts.12') && i.includes('12 digits'))).toBe(true);
    expect(issues.some((i) => i.includes('rootCredentials.password'))).toBe(true);
    expect(issues.some((i) => i.includes('bogus'))).toBe(true);
  });

  it('answers 400 for a body that is not JSON and 404 for an unknown route', async () => {
    expect((await call('POST', 'world', '{not json')).status).toBe(400);
    expect((await call('GET', 'nothing-here')).status).toBe(404);
  });

  it('dumps the world and replaces it from a saved state', async () => {
    await call('POST', 'world', { accounts: { '444455556666': { name: 'Kept' } } });
    const dump = (await call('GET', 'world')).body;
    await target.reset();
    expect(target.sandbox!.world.accounts['444455556666']).toBeUndefined();
    const restored = await call('POST', 'world', dump);
    expect(restored.body.status).toBe('replaced');
    expect(target.sandbox!.world.accounts['444455556666']?.name).toBe('Kept');
  });

  it('configures realism knobs and faults, and advances the clock', async () => {
    const config = await call('POST', 'config', { throttling: { enabled: true, timeScale: 10 } });
    expect(config.body).toMatchObject({
      throttling: { enabled: true, profile: 'documented', timeScale: 10 },
    });
    const faults = await call('POST', 'faults', { throttle: 0.5, seed: 42 });
    expect(faults.body).toMatchObject({ throttle: 0.5, seed: 42, internalError: 0 });
    const before = target.sandbox!.now().getTime();
    const clock = await call('POST', 'clock', { advanceSeconds: 86_400 });
    expect(Date.parse(clock.body.now as string) - before).toBeGreaterThanOrEqual(86_400_000);
    expect((await call('POST', 'clock', { advanceSeconds: -1 })).status).toBe(400);
    await call('POST', 'faults', {});
    await call('POST', 'config', { throttling: { enabled: false, timeScale: 1 } });
  });
});
