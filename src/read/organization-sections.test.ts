/** Each section of the organization read, against the sandbox: what it answers and the calls it makes. */
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
import { inProcessTarget, type Target } from '../../test/support/targets.js';
import { ClientFactory } from '../aws/clients.js';
import type { Gap } from '../model/snapshot.js';
import type { ReadProgress } from './options.js';
import { describeOrganization } from './organization.js';
import {
  organizationReadContext,
  readDelegatedAdministrators,
  readOrganizationHead,
  readPolicies,
  TagReader,
  readTrustedAccess,
  walkTree,
  type OrganizationReadContext,
} from './organization-sections.js';

const fast = { retry: { baseMs: 1, throttlingBaseMs: 1, capMs: 5 } };
const DENY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
});

let target: Target;
const built = { root: '', workloads: '', prod: '', shop: '', loose: '', policy: '' };

beforeAll(async () => {
  target = inProcessTarget();
  const orgs = new OrganizationsClient(target.config());
  await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  built.root = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  const ou = async (parent: string, name: string) =>
    (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name })))
      .OrganizationalUnit!.Id!;
  built.workloads = await ou(built.root, 'Workloads');
  built.prod = await ou(built.workloads, 'Prod');
  const create = async (name: string) => {
    const started = (
      await orgs.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))
    ).CreateAccountStatus!;
    let status = started;
    for (let i = 0; i < 5 && status.State === 'IN_PROGRESS'; i++) {
      status = (
        await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.Id! }))
      ).CreateAccountStatus!;
    }
    return status.AccountId!;
  };
  built.shop = await create('shop');
  built.loose = await create('loose');
  await orgs.send(
    new MoveAccountCommand({
      AccountId: built.shop,
      SourceParentId: built.root,
      DestinationParentId: built.prod,
    }),
  );
  await orgs.send(
    new TagResourceCommand({ ResourceId: built.shop, Tags: [{ Key: 'owner', Value: 'shop' }] }),
  );
  built.policy = (
    await orgs.send(
      new CreatePolicyCommand({
        Name: 'DenyLeave',
        Description: 'stay',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: DENY,
      }),
    )
  ).Policy!.PolicySummary!.Id!;
  await orgs.send(new AttachPolicyCommand({ PolicyId: built.policy, TargetId: built.workloads }));
  await orgs.send(
    new TagResourceCommand({ ResourceId: built.policy, Tags: [{ Key: 'team', Value: 'platform' }] }),
  );
  for (const principal of ['sso.amazonaws.com', 'guardduty.amazonaws.com'])
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: principal }));
  await orgs.send(
    new RegisterDelegatedAdministratorCommand({
      AccountId: built.loose,
      ServicePrincipal: 'guardduty.amazonaws.com',
    }),
  );
});
afterAll(() => target.close());

function context(gaps: Gap[] = [], events: ReadProgress[] = []) {
  const factory = new ClientFactory(target.config(), fast);
  const ctx: OrganizationReadContext = organizationReadContext(factory, gaps, {
    concurrency: 2,
    onProgress: (p) => events.push(p),
  });
  return { ctx, factory, calls: () => factory.stats.snapshot().byOperation };
}

describe('organization read sections', () => {
  it('reads the organization and its root with the enabled policy types, in one ListRoots', async () => {
    const { ctx, factory, calls } = context();
    const described = await describeOrganization(factory);
    const head = await readOrganizationHead(ctx, described);
    expect(head.root).toMatchObject({ id: built.root, name: 'Root' });
    expect(head.organization).toMatchObject({
      id: described!.Id,
      featureSet: 'ALL',
      managementAccountId: described!.MasterAccountId,
      enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
    });
    expect(calls()['organizations:ListRoots']).toBe(1);
    await expect(readOrganizationHead(ctx, undefined)).rejects.toThrow(
      'DescribeOrganization or ListRoots answered without ids',
    );
  });

  it('walks the tree by parent: one OU and one account listing per parent, paths built on the way', async () => {
    const events: ReadProgress[] = [];
    const { ctx, calls } = context([], events);
    const tree = await walkTree(ctx, built.root);
    expect(tree.ous.map((o) => [o.path, o.id, o.parentId])).toEqual([
      ['Workloads', built.workloads, built.root],
      ['Workloads/Prod', built.prod, built.workloads],
    ]);
    const parents = Object.fromEntries(tree.accounts.map((a) => [a.name, a.parentId]));
    expect(parents).toMatchObject({ shop: built.prod, loose: built.root });
    expect(tree.accounts.find((a) => a.id === built.shop)).toMatchObject({
      email: 'shop@example.com',
      state: 'ACTIVE',
      joinedMethod: 'CREATED',
    });
    expect(calls()['organizations:ListOrganizationalUnitsForParent']).toBe(3);
    expect(calls()['organizations:ListAccountsForParent']).toBe(3);
    expect(events.map((e) => e.phase)).toEqual([
      'organization tree',
      'organization tree',
      'organization tree',
    ]);
    expect(events.at(-1)).toEqual({
      phase: 'organization tree',
      done: 2 + tree.accounts.length,
      total: undefined,
    });
  });

  it('reads tags of each id as it is added, one call each, and answers them all once done', async () => {
    const { ctx, calls } = context();
    const tags = new TagReader(ctx);
    tags.add(built.workloads);
    await Promise.resolve();
    tags.add(built.shop);
    const all = await tags.all();
    expect(Object.fromEntries(all)).toEqual({ [built.workloads]: {}, [built.shop]: { owner: 'shop' } });
    expect(calls()['organizations:ListTagsForResource']).toBe(2);
    expect(await new TagReader(ctx).all()).toEqual(new Map()); // nothing added: answers at once
  });

  it('tag reads go on beside the walk: the walk reports every OU and account it lists', async () => {
    const { ctx } = context();
    const found: string[] = [];
    const tree = await walkTree(ctx, built.root, (id) => found.push(id));
    expect(found.sort()).toEqual([...tree.ous.map((o) => o.id), ...tree.accounts.map((a) => a.id)].sort());
  });

  it('a failed tag read fails the whole read, once the others are done', async () => {
    const { ctx } = context();
    const tags = new TagReader(ctx);
    tags.add('ou-none-00000000');
    tags.add(built.shop);
    await expect(tags.all()).rejects.toThrow(/ListTagsForResource/);
  });

  it('reads trusted access and delegated administrators, sorted by service', async () => {
    const { ctx } = context();
    expect((await readTrustedAccess(ctx))!.map((t) => t.servicePrincipal)).toEqual([
      'guardduty.amazonaws.com',
      'sso.amazonaws.com',
    ]);
    expect(await readDelegatedAdministrators(ctx)).toEqual([
      expect.objectContaining({ accountId: built.loose, servicePrincipal: 'guardduty.amazonaws.com' }),
    ]);
  });

  it('reads each policy with its targets, and tags only for customer-managed ones', async () => {
    const events: ReadProgress[] = [];
    const { ctx, calls } = context([], events);
    const policies = await readPolicies(ctx, ['SERVICE_CONTROL_POLICY']);
    const mine = policies.find((p) => p.id === built.policy)!;
    expect(mine).toMatchObject({
      name: 'DenyLeave',
      type: 'SERVICE_CONTROL_POLICY',
      description: 'stay',
      awsManaged: false,
      targets: [built.workloads],
      tags: { team: 'platform' },
    });
    expect(JSON.parse(mine.content)).toEqual(JSON.parse(DENY));
    const managed = policies.filter((p) => p.awsManaged);
    expect(managed.map((p) => p.name)).toContain('FullAWSAccess');
    expect(managed.every((p) => Object.keys(p.tags).length === 0)).toBe(true);
    expect(calls()['organizations:DescribePolicy']).toBe(policies.length);
    expect(calls()['organizations:ListTargetsForPolicy']).toBe(policies.length);
    expect(calls()['organizations:ListTagsForResource']).toBe(policies.length - managed.length);
    expect(events.at(-1)).toEqual({ phase: 'policies', done: policies.length, total: policies.length });
  });
});
