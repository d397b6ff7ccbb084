/**
 * A snapshot of an organization built through the AWS SDK matches it exactly, on the sandbox and on
 * moto_server; and a sandbox seeded from the snapshot reads back as the same organization, ids kept.
 */
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  EnableAWSServiceAccessCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conformanceTargets,
  inProcessTarget,
  startTarget,
  type Target,
  type TargetName,
} from '../../test/support/targets.js';
import { ClientFactory } from '../aws/clients.js';
import { loadDocument } from '../sandbox/index.js';
import { readSnapshot } from './snapshot.js';

const fast = { retry: { baseMs: 1, throttlingBaseMs: 1, capMs: 5 } };

async function buildOrganization(orgs: OrganizationsClient) {
  await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  const workloads = (
    await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))
  ).OrganizationalUnit!.Id!;
  const prod = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: workloads, Name: 'Prod' })))
    .OrganizationalUnit!.Id!;
  const security = (
    await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Security' }))
  ).OrganizationalUnit!.Id!;
  const ids: Record<string, string> = {};
  for (const [name, parent] of [
    ['Shop Prod', prod],
    ['Log Archive', security],
    ['Loose', rootId],
  ] as const) {
    const started = (
      await orgs.send(
        new CreateAccountCommand({
          AccountName: name,
          Email: `${name.replace(' ', '-').toLowerCase()}@example.com`,
        }),
      )
    ).CreateAccountStatus!;
    let status = started;
    for (let i = 0; i < 5 && status.State === 'IN_PROGRESS'; i++) {
      status = (
        await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.Id! }))
      ).CreateAccountStatus!;
    }
    ids[name] = status.AccountId!;
    if (parent !== rootId)
      await orgs.send(
        new MoveAccountCommand({ AccountId: ids[name], SourceParentId: rootId, DestinationParentId: parent }),
      );
  }
  await orgs.send(
    new TagResourceCommand({ ResourceId: ids['Shop Prod']!, Tags: [{ Key: 'owner', Value: 'shop' }] }),
  );
  await orgs.send(
    new TagResourceCommand({ ResourceId: workloads, Tags: [{ Key: 'tier', Value: 'workloads' }] }),
  );
  const content = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
  });
  const policy = (
    await orgs.send(
      new CreatePolicyCommand({
        Name: 'DenyLeave',
        Description: 'stay',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: content,
      }),
    )
  ).Policy!.PolicySummary!.Id!;
  await orgs.send(new AttachPolicyCommand({ PolicyId: policy, TargetId: workloads }));
  await orgs.send(new AttachPolicyCommand({ PolicyId: policy, TargetId: ids['Log Archive']! }));
  await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
  await orgs.send(
    new RegisterDelegatedAdministratorCommand({
      AccountId: ids['Log Archive']!,
      ServicePrincipal: 'guardduty.amazonaws.com',
    }),
  );
  return { rootId, workloads, prod, security, ids, policy, content };
}

describe.each<TargetName>(conformanceTargets)(
  'snapshot of an organization built with the SDK, on %s',
  (name) => {
    let target: Target;
    let built: Awaited<ReturnType<typeof buildOrganization>>;
    beforeAll(async () => {
      target = await startTarget(name);
      await target.reset();
      built = await buildOrganization(new OrganizationsClient(target.config()));
    });
    afterAll(() => target.close());

    it('has every OU, account, tag, policy attachment and delegated administrator', async () => {
      const factory = new ClientFactory(target.config(), fast);
      const { snapshot } = await readSnapshot(factory);
      expect(snapshot.root.id).toBe(built.rootId);
      expect(snapshot.ous.map((o) => [o.path, o.id, o.parentId])).toEqual([
        ['Security', built.security, built.rootId],
        ['Workloads', built.workloads, built.rootId],
        ['Workloads/Prod', built.prod, built.workloads],
      ]);
      expect(snapshot.ous.find((o) => o.path === 'Workloads')!.tags).toEqual({ tier: 'workloads' });
      const byName = Object.fromEntries(snapshot.accounts.map((a) => [a.name, a]));
      expect(byName['Shop Prod']).toMatchObject({
        id: built.ids['Shop Prod'],
        parentId: built.prod,
        state: 'ACTIVE',
        joinedMethod: 'CREATED',
        tags: { owner: 'shop' },
      });
      expect(byName['Log Archive']!.parentId).toBe(built.security);
      expect(byName['Loose']!.parentId).toBe(built.rootId);
      expect(snapshot.accounts).toHaveLength(4);
      const policy = snapshot.policies.find((p) => p.name === 'DenyLeave')!;
      expect(policy).toMatchObject({
        id: built.policy,
        type: 'SERVICE_CONTROL_POLICY',
        description: 'stay',
        awsManaged: false,
      });
      expect(JSON.parse(policy.content)).toEqual(JSON.parse(built.content));
      expect(policy.targets).toEqual([built.ids['Log Archive'], built.workloads].sort());
      expect(snapshot.organization.delegatedAdministrators).toEqual([
        expect.objectContaining({
          accountId: built.ids['Log Archive'],
          servicePrincipal: 'guardduty.amazonaws.com',
        }),
      ]);
      expect(snapshot.organization.trustedAccess!.map((t) => t.servicePrincipal)).toContain(
        'guardduty.amazonaws.com',
      );
      if (name !== 'moto') {
        // moto has no IAM ListOrganizationsFeatures; the reader records that as a gap instead of failing.
        expect(snapshot.organization.rootAccess).toEqual({
          credentialsManagement: false,
          rootSessions: false,
        });
      } else {
        expect(snapshot.gaps.map((g) => g.part)).toContain('organization.rootAccess');
      }
      const stats = factory.stats.snapshot();
      // walking by parent: no DescribeAccount or ListParents per account
      expect(stats.byOperation['organizations:DescribeAccount']).toBeUndefined();
      expect(stats.byOperation['organizations:ListParents']).toBeUndefined();
    });

    it.runIf(name !== 'moto')(
      'seeds a fresh sandbox that reads back as the same organization, ids kept',
      async () => {
        const { snapshot } = await readSnapshot(new ClientFactory(target.config(), fast));
        const copy = inProcessTarget();
        const loaded = loadDocument(copy.sandbox!.world, JSON.parse(JSON.stringify(snapshot)), new Date());
        expect(loaded.kind).toBe('replaced');
        if (loaded.kind === 'replaced') copy.sandbox!.reset(loaded.world);
        const again = (await readSnapshot(new ClientFactory(copy.config(), fast))).snapshot;
        const comparable = (s: typeof snapshot) => ({
          ...s,
          takenAt: '',
          source: { ...s.source, endpoint: null },
        });
        expect(comparable(again)).toEqual(comparable(snapshot));
        await copy.close();
      },
    );
  },
);

describe('a complete read of a large organization', () => {
  it('returns every account, OU, policy, user, group, membership and assignment of the 1,000-account fixture', async () => {
    const { syntheticWorld, PROFILES } = await import('../../bench/synthetic.js');
    const { world, counts } = syntheticWorld(PROFILES['M-1k']!);
    const target = inProcessTarget();
    target.sandbox!.reset(world);
    // pacing at AWS's real rates would take minutes; this test is about completeness
    const factory = new ClientFactory(target.config(), { ...fast, rateScale: 1000 });
    const { snapshot, assignmentStrategy } = await readSnapshot(factory, { concurrency: 16 });
    const ic = snapshot.identityCenter!;
    expect({
      accounts: snapshot.accounts.length,
      ous: snapshot.ous.length,
      policies: snapshot.policies.filter((p) => !p.awsManaged).length,
      permissionSets: ic.permissionSets.length,
      users: ic.users.length,
      groups: ic.groups.length,
      memberships: ic.groups.reduce((n, g) => n + g.members.length, 0),
      assignments: ic.assignments.length,
      pairs: ic.provisioning.length,
    }).toEqual({
      accounts: counts.accounts,
      ous: counts.ous,
      policies: counts.policies,
      permissionSets: counts.permissionSets,
      users: counts.users,
      groups: counts.groups,
      memberships: counts.memberships,
      assignments: counts.assignments,
      pairs: counts.pairs,
    });
    expect(assignmentStrategy?.chosen).toBe(
      counts.pairs < counts.users + counts.groups ? 'per-pair' : 'per-principal',
    );

    // Restricted to two accounts: exactly their assignments and pairs, read pair by pair.
    const two = snapshot.accounts.slice(1, 3).map((a) => a.id);
    const calls = factory.stats.snapshot().calls;
    const some = await readSnapshot(factory, { concurrency: 16, assignmentsOf: two });
    const expected = (list: Array<{ accountId: string }>) =>
      list.filter((a) => two.includes(a.accountId)).length;
    expect(some.assignmentStrategy?.chosen).toBe('per-pair');
    expect(some.snapshot.identityCenter!.assignments.length).toBe(expected(ic.assignments));
    expect(some.snapshot.identityCenter!.assignments.length).toBeGreaterThan(0);
    expect(some.snapshot.identityCenter!.provisioning.length).toBe(expected(ic.provisioning));
    expect(some.snapshot.identityCenter!.users.length).toBe(counts.users);
    expect(factory.stats.snapshot().calls - calls).toBeLessThan(calls / 2);
    await target.close();
  }, 120_000);
});

describe('docs/iam/snapshot-read-only.json', () => {
  it('allows every action the snapshot reader calls, and nothing that writes', async () => {
    const { readFileSync } = await import('node:fs');
    const policy = JSON.parse(
      readFileSync(new URL('../../docs/iam/snapshot-read-only.json', import.meta.url), 'utf8'),
    ) as {
      Statement: Array<{ Action: string[] }>;
    };
    const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
    const target = inProcessTarget();
    const orgs = new OrganizationsClient(target.config());
    await buildOrganization(orgs);
    const factory = new ClientFactory(target.config(), { ...fast, rateScale: 1000 });
    await readSnapshot(factory);
    const prefix: Record<string, string> = {
      organizations: 'organizations',
      iam: 'iam',
      'sso-admin': 'sso',
      identitystore: 'identitystore',
    };
    const called = Object.keys(factory.stats.snapshot().byOperation)
      .filter((op) => !op.startsWith('sts:GetCallerIdentity'))
      .map((op) => `${prefix[op.split(':')[0]!]}:${op.split(':')[1]}`);
    expect(called.filter((action) => !allowed.has(action))).toEqual([]);
    expect([...allowed].filter((a) => !/:(Describe|Get|List)/.test(a))).toEqual([]);
    await target.close();
  });
});
