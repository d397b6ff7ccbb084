/**
 * Moving an account from a reseller's organization to the customer's, end to end through the library
 * on one in-process sandbox holding both organizations: the plan names every finding and blocker,
 * execute stops at the delegated administrator until it is confirmed, then moves the account, places
 * it and gives the destination's group access; verify lists what is left; a second execute does nothing.
 */
import { CreateBucketCommand, DeleteBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { DescribeOrganizationCommand, ListParentsCommand } from '@aws-sdk/client-organizations';
import { ListAccountAssignmentsCommand } from '@aws-sdk/client-sso-admin';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, plan } from '../../src/index.js';
import { executeTransfer, verifyTransfer, type TransferRun } from '../../src/api/transfer.js';
import { planTransferMove } from '../../src/api/transfer-plan.js';
import { Sandbox, sandboxRequestHandler } from '../../src/api/sandbox.js';
import { ClientFactory } from '../../src/aws/clients.js';
import type { TransferPlan } from '../../src/model/transfer.js';

const DAY = 86_400_000;
const DESTINATION = '210987654321';

/** A factory signing with `accessKeyId` (a 12-digit key acts as that account's administrator), on the sandbox's clock. */
function factoryAs(sandbox: Sandbox, accessKeyId: string): ClientFactory {
  return new ClientFactory(
    {
      region: 'us-east-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId, secretAccessKey: 'orgward' },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    { now: () => sandbox.now().getTime() },
  );
}

const SOURCE_YAML = `
organization:
  featureSet: ALL
  policyTypes: [SERVICE_CONTROL_POLICY]
  trustedAccess: [guardduty.amazonaws.com, account.amazonaws.com]
  delegatedAdministrators:
    guardduty.amazonaws.com: Acme Prod
ous:
  Customers: { accounts: [Acme Prod, Shared Services] }
accounts:
  Acme Prod: { email: acme-prod@reseller-a.example }
  Shared Services: { email: shared@reseller-a.example }
policies:
  DenyLeave:
    type: SERVICE_CONTROL_POLICY
    file: deny-leave.json
    attach: [ou:Customers]
identityCenter:
  users:
    ana: { displayName: Ana Acme, email: ana@acme.example }
  groups:
    AcmeAdmins: { members: [ana] }
  permissionSets:
    AdministratorAccess: { sessionDuration: PT4H, managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess] }
  assignments:
    - { group: AcmeAdmins, permissionSet: AdministratorAccess, targets: ['account:Acme Prod'] }
baseline:
  regions: [us-east-1]
  stackSets:
    reseller-monitoring:
      file: monitoring.yaml
      targets: [ou:Customers]
`;

const DESTINATION_YAML = `
organization:
  featureSet: ALL
  policyTypes: [SERVICE_CONTROL_POLICY]
  trustedAccess: [account.amazonaws.com]
ous:
  Workloads:
    ous:
      Prod: {}
policies:
  NoIamUsers:
    type: SERVICE_CONTROL_POLICY
    file: no-iam-users.json
    attach: [root]
identityCenter:
  users:
    bo: { displayName: Bo Platform, email: bo@acme.example }
  groups:
    Platform: { members: [bo] }
  permissionSets:
    Admin: { sessionDuration: PT4H, managedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess] }
  assignments:
    - { group: Platform, permissionSet: Admin, targets: [ou:Workloads] }
baseline:
  regions: [us-east-1]
  accounts:
    alternateContacts:
      security: { name: Acme Security, title: Security, email: security@acme.example, phone: +1 555 0100 }
`;

function files(): { source: string; destination: string; journal: string } {
  const dir = mkdtempSync(join(tmpdir(), 'orgward-transfer-'));
  writeFileSync(
    join(dir, 'deny-leave.json'),
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
    }),
  );
  writeFileSync(
    join(dir, 'no-iam-users.json'),
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey'], Resource: '*' }],
    }),
  );
  writeFileSync(join(dir, 'monitoring.yaml'), 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
  writeFileSync(join(dir, 'source.yaml'), SOURCE_YAML);
  writeFileSync(join(dir, 'destination.yaml'), DESTINATION_YAML);
  return {
    source: join(dir, 'source.yaml'),
    destination: join(dir, 'destination.yaml'),
    journal: join(dir, 'journal.jsonl'),
  };
}

/** Applies the file until nothing is left to do (a new organization gets Identity Center on the second pass). */
async function applyFile(factory: ClientFactory, config: string): Promise<void> {
  for (let pass = 0; pass < 3; pass++) {
    const { plan: changes } = await plan({ config, factory });
    if (changes.operations.length === 0) return;
    const run = await apply({ config: changes, factory, confirmed: true, poll: { accountsMs: 10 } });
    const failed = run.outcomes.filter((o) => o.status !== 'done');
    expect(failed.map((o) => `${o.op.id}: ${o.status === 'failed' ? String(o.error) : o.status}`)).toEqual(
      [],
    );
  }
}

const failures = (run: TransferRun) =>
  run.outcomes.flatMap((o) =>
    o.status === 'failed' && (o.error as { code?: string }).code !== 'TRANSFER_WAITING'
      ? [`${o.op.id}: ${(o.error as Error).message}`]
      : [],
  );
const warnings: string[] = [];

describe('moving an account from a reseller organization to the customer organization', () => {
  const sandbox = new Sandbox();
  const source = factoryAs(sandbox, 'orgward');
  const destination = factoryAs(sandbox, DESTINATION);
  const paths = files();
  let acme = '';
  let shared = '';
  let orgId = '';
  let transfer: TransferPlan;

  beforeAll(async () => {
    await applyFile(source, paths.source);
    await applyFile(destination, paths.destination);
    const accounts = (await plan({ config: paths.source, factory: source })).snapshot!.accounts;
    acme = accounts.find((a) => a.name === 'Acme Prod')!.id;
    shared = accounts.find((a) => a.name === 'Shared Services')!.id;
    orgId = (await source.organizations().send(new DescribeOrganizationCommand({}))).Organization!.Id!;
    // A bucket in another account of the source trusts the organization by its id.
    // (Its own factory: the SDK keeps a client's credentials by the real clock, which the jump below skips.)
    const s3 = factoryAs(sandbox, 'orgward').assumeRole(shared, 'OrganizationAccountAccessRole').s3();
    await s3.send(new CreateBucketCommand({ Bucket: 'shared-artifacts' }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'shared-artifacts',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::shared-artifacts/*',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } },
            },
          ],
        }),
      }),
    );
    sandbox.loadDocument({
      accounts: {
        [acme]: {
          supportPlan: 'BUSINESS',
          rootCredentials: { password: true, mfa: 'virtual', accessKeys: 1 },
        },
      },
    });
    // Both organizations and the account are old enough to move.
    sandbox.advanceClock(8 * DAY);
    transfer = await planTransferMove(
      {
        source,
        destination: { factory: destination, configFile: paths.destination },
        accounts: ['Acme Prod'],
        ou: 'Workloads/Prod',
        now: () => sandbox.now(),
      },
      {
        emit: (e) => {
          if (e.type === 'warning') warnings.push(e.message);
        },
      },
    );
  }, 180_000);

  it('reads everything it needs', () => {
    expect(warnings).toEqual([]);
  });

  it('plans direct transfer and names each blocker', () => {
    expect(transfer.path).toBe('direct');
    const account = transfer.accounts[0]!;
    const status = Object.fromEntries(account.blockers.map((b) => [b.id, b.status]));
    expect(status).toMatchObject({
      'account-active': 'PASS',
      'account-age': 'PASS',
      'destination-age': 'PASS',
      partition: 'PASS',
      'not-management-account': 'PASS',
      'delegated-administrator': 'FAIL',
      'accept-allowed': 'PASS',
    });
    expect(account.blockers.find((b) => b.id === 'delegated-administrator')!.evidence).toContain(
      'guardduty.amazonaws.com',
    );
  });

  it('names what the account loses and gains', () => {
    const summaries = transfer.accounts[0]!.changes.map((c) => `${c.effect} ${c.summary}`);
    const has = (pattern: RegExp) => expect(summaries.filter((s) => pattern.test(s))).not.toEqual([]);
    has(/^loses SERVICE_CONTROL_POLICY DenyLeave \(on OU Customers\) stops applying/);
    has(/^gains SERVICE_CONTROL_POLICY NoIamUsers \(on the destination root\) starts applying/);
    has(/^loses Identity Center: group AcmeAdmins → AdministratorAccess \(ana\) is removed/);
    has(/^gains Identity Center: group Platform → Admin \(bo\)/);
    has(
      /^risk Stack set reseller-monitoring \(us-east-1\): the stack instance and its resources are DELETED/,
    );
    has(
      new RegExp(
        `^risk s3 arn:aws:s3:::shared-artifacts in ${shared} stops granting the account access: ${orgId} in aws:PrincipalOrgID`,
      ),
    );
    has(/^risk Role OrganizationAccountAccessRole trusts the source management account 123456789012/);
    has(/^risk Root user: an MFA device and access keys/);
    has(/^risk Support: the account has Business, the destination's management account Basic/);
  });

  it('writes a runbook with the human steps and the steps execute runs', () => {
    const account = transfer.accounts[0]!;
    expect(account.steps.map((s) => s.id)).toEqual([
      'agreement',
      'deregister-guardduty-amazonaws-com',
      'stack-instances',
      'invite',
      'accept',
      'place',
      'assign-group-platform-admin',
      'contacts',
    ]);
    expect(account.runbook.filter((s) => !s.automated).map((s) => s.who)).toContain('human');
  });

  it('stops at each gate, moves the account once confirmed, and does nothing the second time', async () => {
    const run = (extra: Partial<Parameters<typeof executeTransfer>[0]> = {}) =>
      executeTransfer({
        plan: transfer,
        source,
        destination: { factory: destination },
        journal: paths.journal,
        confirmed: true,
        poll: { identityCenterMs: 1 },
        now: () => sandbox.now(),
        ...extra,
      });
    const first = await run();
    expect(first.waiting.map((w) => w.step)).toEqual(['agreement']);
    expect(failures(first)).toEqual([]);

    const second = await run({ done: ['agreement', 'stack-instances'] });
    expect(second.waiting.map((w) => w.step)).toEqual(['deregister-guardduty-amazonaws-com']);
    expect(second.waiting[0]!.hint).toContain('--deregister');

    const third = await run({ done: ['stack-instances'], deregister: true });
    expect(failures(third)).toEqual([]);
    expect(third.waiting).toEqual([]);
    const asAcme = destination.organizations();
    const parent = (await asAcme.send(new ListParentsCommand({ ChildId: acme }))).Parents![0]!.Id;
    const snapshotOus = (await plan({ config: paths.destination, factory: destination })).snapshot!.ous;
    expect(parent).toBe(snapshotOus.find((o) => o.path === 'Workloads/Prod')!.id);
    const instance = (
      await destination
        .ssoAdmin()
        .send(new (await import('@aws-sdk/client-sso-admin')).ListInstancesCommand({}))
    ).Instances![0]!;
    const assignments = await destination.ssoAdmin().send(
      new ListAccountAssignmentsCommand({
        InstanceArn: instance.InstanceArn!,
        AccountId: acme,
        PermissionSetArn: (
          await plan({ config: paths.destination, factory: destination })
        ).snapshot!.identityCenter!.permissionSets.find((p) => p.name === 'Admin')!.arn,
      }),
    );
    expect(assignments.AccountAssignments!.map((a) => a.PrincipalType)).toEqual(['GROUP']);

    const fourth = await run({ done: ['stack-instances'] });
    expect(failures(fourth)).toEqual([]);
    expect(fourth.waiting).toEqual([]);
    const writes = fourth.outcomes.filter(
      (o) => o.status === 'done' && !/already|marked done|is open|not in/.test(o.note ?? ''),
    );
    expect(writes.map((o) => `${o.op.id} ${o.status === 'done' ? o.note : ''}`)).toEqual([]);
    const journal = readFileSync(paths.journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: string; status: string });
    expect(journal.filter((e) => e.step === 'invite' && e.status === 'done')).toHaveLength(2);
  });

  it('verifies what is done and what is left, and sees the fixes', async () => {
    const first = await verifyTransfer({ plan: transfer, source, destination: { factory: destination } });
    const items = first.accounts[0]!.items.map((i) => `${i.status} ${i.summary}`);
    expect(items).toEqual([
      `done Acme Prod is in ${transfer.destination.organizationId}`,
      'done Acme Prod is in Workloads/Prod',
      'done group Platform has Admin',
      'left role OrganizationAccountAccessRole still trusts the source management account 123456789012',
    ]);
    expect(first.references.map((i) => i.summary)).toEqual([
      `s3 arn:aws:s3:::shared-artifacts in ${shared} still names ${orgId}`,
    ]);
    expect(first.left).toBe(2);
    await factoryAs(sandbox, 'orgward')
      .assumeRole(shared, 'OrganizationAccountAccessRole')
      .s3()
      .send(new DeleteBucketPolicyCommand({ Bucket: 'shared-artifacts' }));
    const second = await verifyTransfer({ plan: transfer, source, destination: { factory: destination } });
    expect(second.references).toEqual([]);
    expect(second.left).toBe(1);
  });
});
