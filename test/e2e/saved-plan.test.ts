/**
 * A reviewed plan (`plan --out plan.json`, then `apply plan.json`) is applied only to the state it was
 * made from. A plan that changes nothing in Identity Center is checked against the organization alone
 * (Identity Center is not read again: no Identity Center call at all), so a change in Identity Center
 * meanwhile does not stop it, while a change in the organization does; a plan that changes Identity
 * Center is checked against both.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateGroupCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsSnapshot } from '../../src/sandbox/stats.js';
import {
  requireBuild,
  runCliInProcess,
  SANDBOX_START_MS,
  startSandboxCli,
  type RunningSandbox,
} from '../support/cli.js';

const built = requireBuild();
const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };

const yaml = (extraOu = '', extraUser = '') => `
organization: { featureSet: ALL, trustedAccess: [sso.amazonaws.com] }
ous:
  Workloads:
    accounts: [Shop]
${extraOu}
accounts:
  Management: { email: aws+management@example.com, id: "123456789012" }
  Shop: { email: aws+shop@example.com }
identityCenter:
  users:
    alice: { displayName: Alice }
${extraUser}
  groups:
    Developers: { members: [alice] }
  permissionSets:
    Developer: { managedPolicies: [arn:aws:iam::aws:policy/PowerUserAccess] }
  assignments:
    - { group: Developers, permissionSet: Developer, targets: [ou:Workloads] }
`;

describe.runIf(built)('applying a saved plan', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  const cli = (...args: string[]) => runCliInProcess([...args, '--endpoint-url', sandbox.url], ENV);
  const client = <T>(C: new (config: object) => T) =>
    new C({
      region: 'us-east-1',
      endpoint: sandbox.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  const stats = async () => (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as StatsSnapshot;
  const callsTo = (before: StatsSnapshot, after: StatsSnapshot, service: string) => {
    const count = (s: StatsSnapshot) =>
      Object.values(s.calls[service] ?? {}).reduce(
        (n, byAccount) => n + Object.values(byAccount).reduce((m, c) => m + c, 0),
        0,
      );
    return count(after) - count(before);
  };
  const write = (text: string) => writeFileSync(join(dir, 'org.yaml'), text);
  const savePlan = async (name: string) => {
    const run = await cli('plan', '-c', join(dir, 'org.yaml'), '--out', join(dir, name));
    expect(run.status, run.stderr).toBe(0);
    return join(dir, name);
  };
  const outOfBandGroup = async (name: string) => {
    const instances = await client(SSOAdminClient).send(new ListInstancesCommand({}));
    await client(IdentitystoreClient).send(
      new CreateGroupCommand({
        IdentityStoreId: instances.Instances![0]!.IdentityStoreId!,
        DisplayName: name,
      }),
    );
  };

  beforeAll(async () => {
    sandbox = await startSandboxCli([]);
    await fetch(`${sandbox.url}/_sandbox/world`, {
      method: 'POST',
      body: JSON.stringify({
        accounts: { '123456789012': { name: 'Management', email: 'aws+management@example.com' } },
      }),
    });
    dir = mkdtempSync(join(tmpdir(), 'orgward-saved-plan-'));
    write(yaml());
    // Two applies: the organization (with trusted access for Identity Center), then Identity Center.
    for (let i = 0; i < 2; i++)
      expect((await cli('apply', '-c', join(dir, 'org.yaml'), '--yes')).status).toBe(0);
  }, SANDBOX_START_MS + 120_000);
  afterAll(() => sandbox.stop());

  it('an organization-only plan is checked without reading Identity Center, and a change there does not stop it', async () => {
    write(yaml('  Sandbox: {}'));
    const plan = await savePlan('ou.json');
    await outOfBandGroup('Made in the console');
    const before = await stats();
    const run = await cli('apply', '-c', plan, '--yes');
    expect(run.status, run.stderr).toBe(0);
    const after = await stats();
    expect(callsTo(before, after, 'sso-admin') + callsTo(before, after, 'identitystore')).toBe(0);
    expect(callsTo(before, after, 'organizations')).toBeGreaterThan(0);
    const empty = await cli('plan', '-c', join(dir, 'org.yaml'));
    expect(empty.stdout).toMatch(/no changes/i);
  }, 60_000);

  it('an organization-only plan is refused when the organization changed since', async () => {
    write(yaml('  Sandbox: {}\n  Archive: {}'));
    const plan = await savePlan('archive.json');
    const orgs = client(OrganizationsClient);
    const root = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'Made by hand' }));
    const run = await cli('apply', '-c', plan, '--yes');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('different state of the organization');
  }, 60_000);

  it('a plan that changes Identity Center is refused when Identity Center changed since', async () => {
    write(yaml('  Sandbox: {}\n  Archive: {}\n  Made by hand: {}', '    bob: { displayName: Bob }'));
    const plan = await savePlan('bob.json');
    await outOfBandGroup('Another one from the console');
    const run = await cli('apply', '-c', plan, '--yes');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('different state of the organization');
    // Made again, the same plan applies.
    const again = await cli('apply', '-c', await savePlan('bob-again.json'), '--yes');
    expect(again.status, again.stderr).toBe(0);
  }, 60_000);
});
