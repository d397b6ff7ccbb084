/**
 * IAM users in three accounts moved to Identity Center and retired, end to end through the library on
 * one in-process sandbox: the inventory classifies people, a machine, a dormant and a break-glass user;
 * the plan's fragment, merged into org.yaml, validates and, applied, gives the people the policies their
 * IAM users had; retire deactivates, refuses the machine whose key is used after deactivation, deletes
 * the others in the IAM API's order (no DeleteConflict), and rollback turns a deactivated key back on.
 */
import {
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, plan, validate } from '../../src/index.js';
import { inventoryIamUsers, planIamUsersMove, retireIamUsers } from '../../src/api/iam-users.js';
import { Sandbox, sandboxRequestHandler } from '../../src/api/sandbox.js';
import { ClientFactory } from '../../src/aws/clients.js';
import { mergeIdentityCenterFragment } from '../../src/config/merge-fragment.js';
import { fragmentOf } from '../../src/iam-users/map.js';
import type { IamInventory, IamUserRecord } from '../../src/model/iam-users.js';
import type { OrgSnapshot } from '../../src/model/snapshot.js';

const DAY = 86_400_000;
const ROLE = 'OrganizationAccountAccessRole';
const DYNAMO = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }],
};
const S3_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const LOGS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:Get*', Resource: '*' }] };

function factoryAs(sandbox: Sandbox, accessKeyId: string, secretAccessKey = 'orgward'): ClientFactory {
  return new ClientFactory(
    {
      region: 'us-east-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId, secretAccessKey },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    { now: () => sandbox.now().getTime() },
  );
}

const ORG_YAML = `organization: { featureSet: ALL }
accounts:
  Shop: { email: shop@example.com }
  Data: { email: data@example.com }
  Legacy: { email: legacy@example.com }
identityCenter:
  users:
    alice: { displayName: Alice, email: alice@example.com }
    bob: { displayName: Bob, email: bob@example.com }
    carol: { displayName: Carol, email: carol@example.com }
`;

async function applyFile(factory: ClientFactory, config: string): Promise<OrgSnapshot> {
  for (let pass = 0; pass < 3; pass++) {
    const { plan: changes, snapshot } = await plan({ config, factory });
    if (changes.operations.length === 0) return snapshot!;
    const run = await apply({ config: changes, factory, confirmed: true, poll: { accountsMs: 10 } });
    expect(run.outcomes.filter((o) => o.status !== 'done').map((o) => o.op.id)).toEqual([]);
  }
  throw new Error('the file did not converge');
}

const byName = (inv: IamInventory, name: string): IamUserRecord =>
  inv.users.find((u) => u.userName === name)!;

/** The policies one person gets in one account, as `managed ARNs | inline statements`, from IAM or Identity Center. */
function iamAccess(inv: IamInventory, user: IamUserRecord): string[] {
  const account = inv.accounts.find((a) => a.accountId === user.accountId)!;
  const groups = user.groups.map((g) => account.groups.find((x) => x.name === g)!);
  return [
    ...groups.flatMap((g) => [
      ...g.attachedPolicies.map((p) => p.arn),
      ...g.inlinePolicies.map((p) => p.document),
    ]),
    ...user.attachedPolicies.map((p) => p.arn),
    ...user.inlinePolicies.map((p) => p.document),
  ]
    .flatMap(statements)
    .sort();
}

function statements(policy: string): string[] {
  if (policy.startsWith('arn:')) return [policy];
  const doc = JSON.parse(policy) as { Statement: unknown };
  return (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).map((s) => JSON.stringify(s));
}

function identityCenterAccess(snap: OrgSnapshot, accountId: string, userName: string): string[] {
  const ic = snap.identityCenter!;
  const user = ic.users.find((u) => u.userName === userName)!;
  const groups = new Set(ic.groups.filter((g) => g.members.includes(user.id)).map((g) => g.id));
  return ic.assignments
    .filter((a) => a.accountId === accountId && (a.principalId === user.id || groups.has(a.principalId)))
    .flatMap((a) => {
      const ps = ic.permissionSets.find((p) => p.arn === a.permissionSetArn)!;
      return [...ps.managedPolicies, ...(ps.inlinePolicy ? [ps.inlinePolicy] : [])];
    })
    .flatMap(statements)
    .sort();
}

describe('IAM users moved to Identity Center and retired', () => {
  const sandbox = new Sandbox();
  const admin = factoryAs(sandbox, 'orgward');
  const dir = mkdtempSync(join(tmpdir(), 'orgward-iam-users-'));
  const config = join(dir, 'org.yaml');
  const journal = join(dir, 'journal.jsonl');
  const ids: Record<string, string> = {};
  let ciKey = { id: '', secret: '' };

  beforeAll(async () => {
    writeFileSync(config, ORG_YAML);
    const snap = await applyFile(admin, config);
    for (const a of snap.accounts) ids[a.name] = a.id;
    sandbox.loadDocument({
      accounts: {
        [ids['Shop']!]: {
          iamUsers: {
            alice: {
              password: true,
              passwordLastUsedDaysAgo: 3,
              mfa: 'virtual',
              groups: ['Developers'],
              tags: { email: 'alice@example.com' },
            },
            bob: {
              password: true,
              passwordLastUsedDaysAgo: 10,
              groups: ['Developers'],
              inlinePolicies: { dynamo: DYNAMO },
              signingCertificates: 1,
              sshPublicKeys: 1,
              serviceSpecificCredentials: ['codecommit.amazonaws.com'],
              tags: { email: 'bob@example.com' },
            },
          },
        },
        [ids['Data']!]: {
          iamUsers: {
            carol: {
              password: true,
              passwordLastUsedDaysAgo: 1,
              groups: ['Analysts'],
              tags: { email: 'carol@example.com' },
            },
            ci: { accessKeys: [{ ageDays: 200, lastUsedDaysAgo: 1, lastUsedService: 's3' }] },
          },
        },
        [ids['Legacy']!]: {
          iamUsers: {
            old: { accessKeys: [{ ageDays: 500, lastUsedDaysAgo: 400 }] },
            'breakglass-admin': {
              password: true,
              mfa: 'hardware',
              managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
            },
          },
        },
      },
    });
    const shop = admin.assumeRole(ids['Shop']!, ROLE).iam();
    await shop.send(
      new AttachGroupPolicyCommand({
        GroupName: 'Developers',
        PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
      }),
    );
    await shop.send(
      new PutGroupPolicyCommand({
        GroupName: 'Developers',
        PolicyName: 'logs',
        PolicyDocument: JSON.stringify(LOGS),
      }),
    );
    const data = admin.assumeRole(ids['Data']!, ROLE).iam();
    await data.send(
      new AttachGroupPolicyCommand({
        GroupName: 'Analysts',
        PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
    );
    await data.send(
      new PutUserPolicyCommand({
        UserName: 'ci',
        PolicyName: 'artifacts',
        PolicyDocument: JSON.stringify(S3_ALL),
      }),
    );
    // The CI job's second key, used a moment ago.
    const key = (await data.send(new CreateAccessKeyCommand({ UserName: 'ci' }))).AccessKey!;
    ciKey = { id: key.AccessKeyId!, secret: key.SecretAccessKey! };
    await s3As(ciKey).send(new ListBucketsCommand({}));
  });

  const s3As = (k: { id: string; secret: string }) =>
    new S3Client({
      region: 'eu-west-1',
      endpoint: 'http://sandbox.local',
      forcePathStyle: true,
      credentials: { accessKeyId: k.id, secretAccessKey: k.secret },
      requestHandler: sandboxRequestHandler(sandbox),
      maxAttempts: 1,
    });

  it('inventories every user with its credentials, policies and kind, from one credential report per account', async () => {
    const inv = await inventoryIamUsers({ factory: admin, now: sandbox.now() });
    expect(inv.users.map((u) => `${u.accountName}/${u.userName}: ${u.classification.kind}`).sort()).toEqual([
      'Data/carol: human',
      'Data/ci: machine',
      'Legacy/breakglass-admin: break-glass',
      'Legacy/old: dormant',
      'Shop/alice: human',
      'Shop/bob: human',
    ]);
    const bob = byName(inv, 'bob');
    expect(bob).toMatchObject({
      password: { enabled: true },
      groups: ['Developers'],
      inlinePolicies: [{ name: 'dynamo' }],
    });
    expect([
      bob.signingCertificates.length,
      bob.sshPublicKeys.length,
      bob.serviceSpecificCredentials.length,
    ]).toEqual([1, 1, 1]);
    expect(byName(inv, 'alice').mfa).toEqual([expect.objectContaining({ virtual: true })]);
    const ci = byName(inv, 'ci');
    expect(ci.accessKeys.map((k) => k.lastUsed?.service).sort()).toEqual(['s3', 's3']);
    expect(ci.classification.reasons.join()).toMatch(/keys only, last used by s3/);
    expect(new Set(inv.accounts.map((a) => a.credentialsFrom))).toEqual(new Set(['credential-report']));
    expect(inv.calls['iam:GetAccountAuthorizationDetails']).toBe(4);
    expect(ci.servicesLastAccessed).toBeNull();
    // --last-accessed: the services each user called, from IAM's last-accessed report.
    const detailed = await inventoryIamUsers({
      factory: admin,
      now: sandbox.now(),
      accounts: ['Data'],
      lastAccessed: true,
    });
    expect(byName(detailed, 'ci').servicesLastAccessed?.map((s) => s.service)).toContain('s3');
    expect(detailed.calls['iam:GenerateServiceLastAccessedDetails']).toBe(2);
    expect(inv.calls['iam:GetCredentialReport']).toBe(4);
  });

  it('proposes a fragment that validates and, applied, gives each person the policies their IAM user had', async () => {
    const { inventory, proposal } = await planIamUsersMove({ factory: admin, now: sandbox.now() });
    expect(proposal.people.map((p) => `${p.userName} ${p.status}`)).toEqual([
      'alice matched',
      'bob matched',
      'carol matched',
    ]);
    expect(proposal.permissionSets.map((p) => p.name)).toEqual(['Analysts', 'bob-direct', 'Developers']);
    expect(proposal.forPerson.map((f) => `${f.userName} ${f.kind}`).sort()).toEqual([
      'breakglass-admin break-glass',
      'ci machine',
      'old dormant',
    ]);
    const merged = mergeIdentityCenterFragment(config, readFileSync(config, 'utf8'), fragmentOf(proposal));
    expect(merged.kept.sort()).toEqual(['users.alice', 'users.bob', 'users.carol']);
    writeFileSync(config, merged.text);
    const validation = validate(config);
    expect(validation.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const snap = await applyFile(admin, config);
    for (const name of ['alice', 'bob', 'carol']) {
      const user = byName(inventory, name);
      expect(identityCenterAccess(snap, user.accountId, name)).toEqual(iamAccess(inventory, user));
    }
  });

  it('deactivates, refuses the machine used after deactivation, deletes the others in order, and rolls back a key', async () => {
    const none = retireIamUsers({
      factory: admin,
      phase: 'deactivate',
      selection: { users: [], accounts: [], dormantDays: undefined },
    });
    await expect(none).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('needs a yes'),
    });

    const deactivated = await retireIamUsers({
      factory: admin,
      phase: 'deactivate',
      selection: { users: [], accounts: [], dormantDays: undefined },
      confirmed: true,
      journal,
      now: sandbox.now(),
    });
    expect(deactivated.plan.refused.map((r) => `${r.userName}: ${r.reason}`)).toEqual([
      'breakglass-admin: a break-glass candidate',
    ]);
    expect(deactivated.failed).toBe(0);
    expect(deactivated.plan.users.map((u) => u.userName).sort()).toEqual([
      'alice',
      'bob',
      'carol',
      'ci',
      'old',
    ]);
    const data = admin.assumeRole(ids['Data']!, ROLE).iam();
    expect(
      (await data.send(new ListAccessKeysCommand({ UserName: 'ci' }))).AccessKeyMetadata!.map(
        (k) => k.Status,
      ),
    ).toEqual(['Inactive', 'Inactive']);

    // The CI job breaks; someone turns its key back on and it runs again.
    sandbox.advanceClock(DAY);
    const next = factoryAs(sandbox, 'orgward').assumeRole(ids['Data']!, ROLE).iam();
    await next.send(new UpdateAccessKeyCommand({ UserName: 'ci', AccessKeyId: ciKey.id, Status: 'Active' }));
    await s3As(ciKey).send(new ListBucketsCommand({}));
    await next.send(
      new UpdateAccessKeyCommand({ UserName: 'ci', AccessKeyId: ciKey.id, Status: 'Inactive' }),
    );

    sandbox.advanceClock(14 * DAY);
    const later = factoryAs(sandbox, 'orgward');
    const deleted = await retireIamUsers({
      factory: later,
      phase: 'delete',
      selection: { users: [], accounts: [], dormantDays: undefined },
      confirmed: true,
      journal,
      now: sandbox.now(),
    });
    expect(deleted.plan.refused.map((r) => `${r.userName}: ${r.reason}`)).toEqual([
      expect.stringMatching(/^ci: key \S+ was used by s3 on .*after it was deactivated$/),
      'breakglass-admin: a break-glass candidate',
    ]);
    expect(
      deleted.outcomes
        .filter((o) => o.status === 'failed')
        .map((o) => `${o.op.summary}: ${String((o as { error: unknown }).error)}`),
    ).toEqual([]);
    expect(deleted.skipped).toBe(0);
    expect(deleted.plan.users.map((u) => u.steps.at(-1)!.kind)).toEqual([
      'delete-user',
      'delete-user',
      'delete-user',
      'delete-user',
    ]);
    const bobSteps = deleted.plan.users.find((u) => u.userName === 'bob')!.steps.map((s) => s.kind);
    expect(bobSteps).toEqual([
      'check-unused-since',
      'delete-signing-certificate',
      'delete-ssh-key',
      'delete-service-credential',
      'remove-from-group',
      'delete-inline-policy',
      'delete-user',
    ]);
    const shop = later.assumeRole(ids['Shop']!, ROLE).iam();
    for (const UserName of ['alice', 'bob'])
      await expect(shop.send(new GetUserCommand({ UserName }))).rejects.toMatchObject({
        awsCode: expect.stringMatching(/^NoSuchEntity/),
      });
    const lines = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { phase: string; result: string });
    expect(lines.filter((l) => l.phase === 'delete').every((l) => l.result === 'done')).toBe(true);

    const rolledBack = await retireIamUsers({
      factory: later,
      phase: 'rollback',
      selection: { users: ['Data/ci'], accounts: [], dormantDays: undefined },
      confirmed: true,
      journal,
      now: sandbox.now(),
    });
    expect(rolledBack.failed).toBe(0);
    const keys = (
      await later
        .assumeRole(ids['Data']!, ROLE)
        .iam()
        .send(new ListAccessKeysCommand({ UserName: 'ci' }))
    ).AccessKeyMetadata!;
    expect(keys.map((k) => k.Status)).toEqual(['Active', 'Active']);
    const ci = await later
      .assumeRole(ids['Data']!, ROLE)
      .iam()
      .send(new GetUserCommand({ UserName: 'ci' }));
    expect(ci.User!.Tags ?? []).toEqual([]);
  });
});
