/**
 * Access answers end to end on one in-process sandbox: an organization with nested OUs, SCPs (a region
 * deny, no DeleteTable in Prod), Identity Center applied from org.yaml (groups, OU targets, a per-account
 * customer-managed policy, a time-bound user assignment) and a hub account whose IAM users switch into
 * roles in three members. The model is read live once through the real SDK clients, saved, and every
 * question is answered from it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessCan,
  accessMatrixOf,
  accessReachable,
  accessWhoCan,
  readAccessModel,
  saveAccessModel,
} from '../../src/api/access.js';
import { accessDiffOf, accessGrant } from '../../src/api/access-change.js';
import { Sandbox, sandboxRequestHandler } from '../../src/api/sandbox.js';
import { ClientFactory } from '../../src/aws/clients.js';
import { ACCESS_ACCOUNTS, accessWorld, setUpAccessWorld } from '../../src/cli/demo/access-world.js';

const { 'Shop Prod': PROD, 'Shop Dev': DEV, 'Shop Staging': STAGING, Hub: HUB } = ACCESS_ACCOUNTS;

let dir: string;
let config: string;
let model: string;
let sandbox: Sandbox;

function admin(): ClientFactory {
  return new ClientFactory(
    {
      region: 'eu-west-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId: 'orgward', secretAccessKey: 'orgward' },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    { now: () => sandbox.now().getTime() },
  );
}

let readCalls: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orgward-access-'));
  sandbox = new Sandbox();
  sandbox.loadDocument(accessWorld());
  config = await setUpAccessWorld(admin(), dir, sandbox.now());
  const reader = admin();
  const file = await readAccessModel(reader, { iamRoles: true });
  readCalls = Object.keys(reader.stats.snapshot().byOperation);
  model = join(dir, 'access.json');
  await saveAccessModel(file, model);
}, 120_000);

const query = (action: string, more: Record<string, unknown> = {}) => ({ modelFile: model, action, ...more });

describe('access on the sandbox organization', () => {
  it('docs/iam/access-read-only.json allows every call the read makes, and nothing that writes', () => {
    const policy = JSON.parse(
      readFileSync(new URL('../../docs/iam/access-read-only.json', import.meta.url), 'utf8'),
    ) as {
      Statement: Array<{ Action: string[] }>;
    };
    const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
    const prefix: Record<string, string> = { 'sso-admin': 'sso' };
    const called = readCalls
      .filter((op) => !op.startsWith('sts:GetCallerIdentity'))
      .map((op) => `${prefix[op.split(':')[0]!] ?? op.split(':')[0]}:${op.split(':')[1]}`);
    expect(called.filter((action) => !allowed.has(action))).toEqual([]);
    expect([...allowed].filter((a) => !/:(Describe|Get|List|AssumeRole$)/.test(a))).toEqual([]);
  });

  it('matrix: people × accounts × permission sets, groups expanded, OU targets, the time-bound one, jump roles', async () => {
    const { rows } = await accessMatrixOf({ modelFile: model, config });
    const of = (user: string) =>
      rows.filter((r) => r.user === user).map((r) => `${r.accountName}:${r.role}:${r.via}`);
    expect(of('alice').sort()).toEqual([
      'Shop Dev:Developer:group:Developers',
      'Shop Prod:Developer:group:Developers',
      'Shop Staging:Developer:group:Developers',
    ]);
    const bobProd = rows.find((r) => r.user === 'bob' && r.role === 'TableOperator');
    expect(bobProd).toMatchObject({ accountId: PROD, via: 'user', origin: 'account:Shop Prod' });
    expect(bobProd?.until).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(
      rows
        .filter((r) => r.user === 'carol')
        .map((r) => r.accountName)
        .sort(),
    ).toEqual(['Hub', 'Shop Dev', 'Shop Prod', 'Shop Staging']);
    const jane = rows.filter((r) => r.user === `${HUB}/jane`);
    expect(jane.map((r) => `${r.accountName}:${r.role}`).sort()).toEqual([
      'Shop Dev:Dev',
      'Shop Prod:Dev',
      'Shop Staging:Dev',
    ]);
    const sam = rows.filter((r) => r.user === `${HUB}/sam`);
    expect(sam).toHaveLength(3);
    expect(sam[0]!.dependsOn).toEqual(['aws:MultiFactorAuthPresent']);
  });

  it('who-can DeleteTable in Workloads: nobody in Prod (SCP); admins and the Dev extras elsewhere', async () => {
    const result = await accessWhoCan(
      query('dynamodb:DeleteTable', {
        accounts: ['ou:Workloads'],
        context: { 'aws:RequestedRegion': 'eu-west-1' },
      }),
    );
    const paths = result.decisions.map(
      (d) =>
        `${d.accountName}:${d.path.kind === 'identity-center' ? `${d.path.userName}/${d.path.permissionSet}` : ''}:${d.decision.decision}`,
    );
    expect(paths.some((p) => p.startsWith('Shop Prod'))).toBe(false);
    expect(paths).toContain('Shop Dev:alice/Developer:Allow');
    expect(paths).toContain('Shop Dev:carol/Admin:Allow');
    expect(paths).toContain('Shop Staging:carol/Admin:Allow');
    expect(paths).not.toContain('Shop Staging:alice/Developer:Allow');
    const all = await accessWhoCan(
      query('dynamodb:DeleteTable', {
        accounts: ['Shop Prod'],
        context: { 'aws:RequestedRegion': 'eu-west-1' },
        includeDenied: true,
      }),
    );
    const bob = all.decisions.find(
      (d) => d.path.kind === 'identity-center' && d.path.permissionSet === 'TableOperator',
    )!;
    expect(bob.decision.decision).toBe('ExplicitDeny');
    expect(bob.decision.statements.find((s) => s.effect === 'Deny')).toMatchObject({
      layer: 'scp',
      level: 'OU Workloads/Prod',
      statement: 'Sid NoDeleteTable',
    });
  });

  it('depends on aws:SourceIp and on aws:RequestedRegion where the request decides', async () => {
    const s3 = await accessCan({
      ...query('s3:PutObject', { accounts: ['Shop Dev'], context: { 'aws:RequestedRegion': 'eu-west-1' } }),
      subject: 'alice',
    });
    expect(s3.decisions.map((d) => [d.decision.decision, d.decision.dependsOn])).toEqual([
      ['Depends', ['aws:SourceIp']],
    ]);
    const office = await accessCan({
      ...query('s3:PutObject', {
        accounts: ['Shop Dev'],
        context: { 'aws:RequestedRegion': 'eu-west-1', 'aws:SourceIp': '203.0.113.9' },
      }),
      subject: 'alice',
    });
    expect(office.decisions[0]!.decision.decision).toBe('Allow');
    const anywhere = await accessCan({
      ...query('ec2:RunInstances', { accounts: ['Shop Dev'] }),
      subject: 'carol',
    });
    expect(anywhere.decisions[0]!.decision).toMatchObject({
      decision: 'Depends',
      dependsOn: ['aws:RequestedRegion'],
    });
    const us = await accessCan({
      ...query('ec2:RunInstances', {
        accounts: ['Shop Dev'],
        context: { 'aws:RequestedRegion': 'us-east-1' },
      }),
      subject: 'carol',
    });
    expect(us.decisions[0]!.decision.decision).toBe('ExplicitDeny');
    const mgmt = await accessCan({
      ...query('ec2:RunInstances', { accounts: [HUB], context: { 'aws:RequestedRegion': 'us-east-1' } }),
      subject: 'carol',
    });
    expect(mgmt.decisions[0]!.decision.decision).toBe('Allow');
  });

  it('jump roles: jane may assume Dev and act in a member; sam depends on MFA', async () => {
    const jane = await accessCan({
      ...query('lambda:InvokeFunction', {
        accounts: ['Shop Staging'],
        context: { 'aws:RequestedRegion': 'eu-west-1' },
      }),
      subject: `${HUB}/jane`,
    });
    expect(jane.decisions.map((d) => [d.path.kind, d.decision.decision])).toEqual([['iam-role', 'Allow']]);
    const sam = await accessCan({
      ...query('iam:ListUsers', { accounts: ['Shop Staging'] }),
      subject: `${HUB}/sam`,
    });
    expect(sam.decisions[0]!.decision).toMatchObject({
      decision: 'Depends',
      dependsOn: ['aws:MultiFactorAuthPresent'],
    });
  });

  it('bad input: unknown action prefix, unknown action, malformed ARN, unknown user and account', async () => {
    await expect(accessWhoCan(query('dynamo:DeleteTable'))).rejects.toThrow(
      /unknown service prefix 'dynamo'.*/,
    );
    await expect(accessWhoCan(query('dynamodb:DropTable'))).rejects.toThrow(
      /dynamodb has no action 'DropTable'/,
    );
    await expect(accessWhoCan(query('dynamodb:DeleteTable', { resource: 'table/orders' }))).rejects.toThrow(
      /is not an ARN/,
    );
    await expect(accessCan({ ...query('s3:GetObject'), subject: 'mallory' })).rejects.toThrow(
      /no Identity Center user 'mallory'/,
    );
    await expect(accessWhoCan(query('s3:GetObject', { accounts: ['Nope'] }))).rejects.toThrow(
      /no such account/,
    );
  });

  it('reachable: what alice and jane can use, for profiles and links', async () => {
    const alice = await accessReachable({ modelFile: model, user: 'alice' });
    expect(alice.portal?.startUrl).toMatch(/^https:\/\/d-[0-9a-f]+\.awsapps\.com\/start$/);
    expect(alice.reachable.map((r) => r.accountName).sort()).toEqual([
      'Shop Dev',
      'Shop Prod',
      'Shop Staging',
    ]);
    const jane = await accessReachable({ modelFile: model, user: `${HUB}/jane` });
    expect(jane.reachable.every((r) => r.kind === 'iam-role' && r.roleName === 'Dev')).toBe(true);
    const sam = await accessReachable({ modelFile: model, user: `${HUB}/sam` });
    expect(
      sam.reachable.every(
        (r) => r.kind === 'iam-role' && r.mfaSerial?.startsWith(`arn:aws:iam::${HUB}:mfa/`),
      ),
    ).toBe(true);
  });

  it('grant: one person gains exactly those actions in exactly that account, until the date', async () => {
    const before = readFileSync(config, 'utf8');
    const until = new Date(sandbox.now().getTime() + 20 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const result = await accessGrant({
      modelFile: model,
      config,
      request: {
        user: 'alice',
        account: 'Shop Staging',
        actions: ['dynamodb:*'],
        until,
        reason: 'load test',
      },
      now: sandbox.now(),
    });
    // The file already has a set that allows exactly dynamodb:*: the narrowest construct reuses it.
    expect(result).toMatchObject({ creates: false, permissionSet: 'TableOperator', written: true });
    const after = readFileSync(config, 'utf8');
    // Only lines added: every line of the file before is still there, in order.
    const added = after.split('\n');
    let at = 0;
    for (const line of before.split('\n')) at = added.indexOf(line, at) + 1 || Number.NaN;
    expect(at).not.toBeNaN();
    expect(added.length).toBeGreaterThan(before.split('\n').length);
    expect(result.plan.operations.map((o) => o.summary)).toEqual([
      expect.stringMatching(/alice.*TableOperator.*Shop Staging|TableOperator.*alice.*Shop Staging/),
    ]);
    expect(result.changes).toEqual([
      expect.objectContaining({
        user: 'alice',
        accountId: STAGING,
        change: 'gains',
        actions: ['dynamodb:*'],
        through: ['TableOperator'],
        until,
      }),
    ]);
    const diff = await accessDiffOf({ modelFile: model, config, now: sandbox.now() });
    expect(diff.changes.map((c) => `${c.user}:${c.accountName}:${c.change}:${c.actions.join(',')}`)).toEqual([
      'alice:Shop Staging:gains:dynamodb:*',
    ]);
  });

  it('grant: actions no set has yet make a personal permission set, assigned to that user only', async () => {
    const result = await accessGrant({
      modelFile: model,
      config,
      request: {
        user: 'dave',
        account: 'Shop Dev',
        actions: ['sqs:SendMessage'],
        resources: [`arn:aws:sqs:eu-west-1:${DEV}:orders`],
      },
      write: false,
      now: sandbox.now(),
    });
    expect(result.creates).toBe(true);
    expect(result.permissionSet).toMatch(/^Extra-dave-[0-9a-f]{6}$/);
    expect(result.text).toContain(result.permissionSet);
    expect(result.changes).toEqual([
      expect.objectContaining({
        user: 'dave',
        accountId: DEV,
        change: 'gains',
        actions: ['sqs:SendMessage'],
      }),
    ]);
    await expect(
      accessGrant({
        modelFile: model,
        config,
        request: { user: 'dave', account: 'Shop Dev', actions: ['sqs:Send'] },
      }),
    ).rejects.toThrow(/sqs has no action 'Send'/);
    await expect(
      accessGrant({
        modelFile: model,
        config,
        request: { user: 'zed', account: 'Shop Dev', permissionSet: 'ReadOnly' },
      }),
    ).rejects.toThrow(/no user 'zed'/);
  });
});
