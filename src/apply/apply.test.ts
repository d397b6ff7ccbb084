/**
 * Plan → apply → plan on the sandbox through the real executor and SDK clients: the organization and
 * Identity Center converge, the next plan is empty, edits re-provision, pruned assignments go away, and
 * with throttling and injected faults apply still converges without duplicating anything.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessTarget, type Target } from '../../test/support/targets.js';
import { ClientFactory } from '../aws/clients.js';
import { loadConfigText } from '../config/load.js';
import { normalize } from '../config/normalize.js';
import { accountPolicyReads } from '../plan/account-policies.js';
import { makePlan } from '../plan/plan.js';
import { readAccountPolicies } from '../read/account-policies.js';
import { readSnapshot } from '../read/snapshot.js';
import { applyWorldDocument } from '../sandbox/index.js';
import { applyOperations } from './executor.js';

const MGMT = '123456789012';
const CONFIG = `
organization:
  policyTypes: [SERVICE_CONTROL_POLICY]
  trustedAccess: [sso.amazonaws.com]
ous:
  Workloads:
    ous:
      Prod: { accounts: [Shop Prod] }
      Dev: { accounts: [Shop Dev] }
accounts:
  Management: { email: mgmt@example.com, id: "${MGMT}" }
  Shop Prod: { email: shop-prod@example.com }
  Shop Dev: { email: shop-dev@example.com }
policies:
  DenyLeave:
    type: SERVICE_CONTROL_POLICY
    document: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "organizations:LeaveOrganization", Resource: "*" }] }
    attach: [ou:Workloads]
identityCenter:
  users:
    alice: { displayName: Alice Example, email: alice@example.com }
    bob: { displayName: Bob Example, email: bob@example.com }
  groups:
    Developers: { members: [alice, bob] }
  permissionSets:
    Developer:
      sessionDuration: PT4H
      managedPolicies: [arn:aws:iam::aws:policy/PowerUserAccess]
      inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "iam:CreateUser", Resource: "*" }] }
    ReadOnly:
      managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]
  assignments:
    - { group: Developers, permissionSet: Developer, targets: [ou:Workloads] }
    - { user: alice, permissionSet: ReadOnly, targets: [account:Management] }
prune: [assignments]
`;

function desiredOf(text: string) {
  const loaded = loadConfigText('org.yaml', text, () => undefined);
  if (!loaded.config)
    throw new Error(loaded.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('\n'));
  return normalize(loaded.config, () => undefined);
}

describe('apply on the sandbox', () => {
  let target: Target;
  let factory: ClientFactory;
  // The client-side limiter at 200× AWS's rates: the sandbox is not throttling (except where a case
  // turns it on with its own scale), so pacing at AWS's real rates would only add waiting.
  const fast = { retry: { baseMs: 1, throttlingBaseMs: 2, capMs: 20, maxAttempts: 12 }, rateScale: 200 };
  const poll = { accountsMs: 2, identityCenterMs: 2 };

  beforeEach(() => {
    target = inProcessTarget();
    applyWorldDocument(
      target.sandbox!.world,
      { accounts: { [MGMT]: { name: 'Management', email: 'mgmt@example.com' } } },
      new Date(),
    );
    factory = new ClientFactory(target.config(), fast);
  });
  afterEach(() => target.close());

  async function converge(text: string) {
    const desired = desiredOf(text);
    const before = (await readSnapshot(factory).catch(() => ({ snapshot: null }))).snapshot;
    const plan = makePlan(desired, before, new Date(), {
      callerAccountId: MGMT,
      accountPolicies: await readAccountPolicies(factory, accountPolicyReads(before, desired, new Date())),
    });
    const result = await applyOperations(plan.operations, {
      factory,
      ...(before ? { rootId: before.root.id } : {}),
      poll,
    });
    const failures = result.outcomes
      .filter((o) => o.status !== 'done')
      .map((o) => `${o.op.summary}: ${o.status === 'failed' ? String(o.error) : o.reason}`);
    expect(failures).toEqual([]);
    const after = (await readSnapshot(factory)).snapshot;
    const next = makePlan(desired, after, new Date(), {
      callerAccountId: MGMT,
      accountPolicies: await readAccountPolicies(factory, accountPolicyReads(after, desired, new Date())),
    });
    return { plan, after, next, result };
  }

  it('converges from nothing, with Identity Center roles in the member accounts', async () => {
    // With no organization, Identity Center cannot be planned yet (it is enabled once the organization
    // exists): the first apply builds the organization, the second Identity Center.
    const first = await converge(CONFIG);
    expect(first.plan.operations[0]!.kind).toBe('create-organization');
    expect(first.plan.notes[0]).toMatch(/^Identity Center is not enabled/);
    const { after, next } = await converge(CONFIG);
    expect(next.operations.map((o) => o.summary)).toEqual([]);
    const ic = after.identityCenter!;
    expect(ic.assignments.map((a) => `${a.principalName}:${a.permissionSetName}`).sort()).toEqual([
      'Developers:Developer',
      'Developers:Developer',
      'alice:ReadOnly',
    ]);
    const shopProd = after.accounts.find((a) => a.name === 'Shop Prod')!;
    const roles = Object.values(target.sandbox!.world.accounts[shopProd.id]!.iam.roles);
    const developer = roles.find((r) => r.roleName.startsWith('AWSReservedSSO_Developer_'))!;
    expect(developer).toMatchObject({
      path: '/aws-reserved/sso.amazonaws.com/',
      protected: true,
      attachedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'],
    });
    expect(Object.keys(developer.inlinePolicies)).toEqual(['AwsSSOInlinePolicy']);
  });

  it('re-provisions after a permission-set edit and removes pruned assignments and their roles', async () => {
    await converge(CONFIG);
    await converge(CONFIG);
    const edited = CONFIG.replace(
      'managedPolicies: [arn:aws:iam::aws:policy/PowerUserAccess]',
      'managedPolicies: [arn:aws:iam::aws:policy/ViewOnlyAccess]',
    ).replace(
      '    - { group: Developers, permissionSet: Developer, targets: [ou:Workloads] }',
      '    - { group: Developers, permissionSet: Developer, targets: [ou:Workloads/Prod] }',
    );
    const { plan, after, next } = await converge(edited);
    expect(plan.operations.map((o) => o.kind).sort()).toEqual([
      'attach-managed-policy',
      'delete-assignment',
      'detach-managed-policy',
      'provision-permission-set',
    ]);
    expect(next.operations).toEqual([]);
    const prod = after.accounts.find((a) => a.name === 'Shop Prod')!;
    const dev = after.accounts.find((a) => a.name === 'Shop Dev')!;
    const roleOf = (id: string) =>
      Object.values(target.sandbox!.world.accounts[id]!.iam.roles).find((r) =>
        r.roleName.startsWith('AWSReservedSSO_Developer_'),
      );
    expect(roleOf(prod.id)!.attachedPolicies).toEqual(['arn:aws:iam::aws:policy/ViewOnlyAccess']);
    expect(roleOf(dev.id)).toBeUndefined();
  });

  it('keeps customer-managed policies in the accounts whose roles need them, one account with its own', async () => {
    const extras = (action: string) =>
      `{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "${action}", Resource: "*" }] }`;
    const withPolicies = (prodAction: string) =>
      CONFIG.replace(
        '      inlinePolicy: {',
        '      customerManagedPolicies: [{ name: developer-extras, path: /teams/ }]\n      inlinePolicy: {',
      ).replace(
        '  assignments:',
        [
          '  customerManagedPolicies:',
          '    developer-extras:',
          '      path: /teams/',
          '      description: the one extra permission',
          '      accounts:',
          `        Shop Prod: { document: ${extras(prodAction)} }`,
          '  assignments:',
        ].join('\n'),
      );
    await converge(CONFIG.replace(/identityCenter:[\s\S]*?prune:/, 'prune:'));
    const { plan, after, next } = await converge(withPolicies('s3:GetObject'));
    const puts = plan.operations.filter((o) => o.kind === 'put-account-policy');
    expect(puts.map((o) => o.summary).sort()).toEqual([
      'create IAM policy /teams/developer-extras in Shop Dev (for Developer)',
      'create IAM policy /teams/developer-extras in Shop Prod (for Developer)',
    ]);
    // Every assignment of Developer waits for the policy in its account.
    for (const op of plan.operations.filter(
      (o) => o.kind === 'create-assignment' && o.permissionSet.name === 'Developer',
    ))
      expect(op.dependsOn).toContain(
        `account-policy:${op.kind === 'create-assignment' ? op.account.name : ''}:developer-extras`,
      );
    expect(next.operations).toEqual([]);
    const policyIn = (name: string) => {
      const id = after.accounts.find((a) => a.name === name)!.id;
      const iam = target.sandbox!.world.accounts[id]!.iam;
      return { iam, policy: iam.policies[`arn:aws:iam::${id}:policy/teams/developer-extras`]! };
    };
    const prod = policyIn('Shop Prod');
    const dev = policyIn('Shop Dev');
    const document = (p: typeof prod.policy) =>
      JSON.parse(p.versions.find((v) => v.isDefault)!.document) as {
        Statement: Array<Record<string, string>>;
      };
    expect(document(prod.policy).Statement[0]!.Action).toBe('s3:GetObject');
    expect(document(dev.policy).Statement[0]).toMatchObject({
      Sid: 'GrantsNothing',
      Action: 'sts:GetCallerIdentity',
    });
    const developerRole = Object.values(prod.iam.roles).find((r) =>
      r.roleName.startsWith('AWSReservedSSO_Developer_'),
    )!;
    expect(developerRole.attachedPolicies).toContain(prod.policy.arn);
    // Run again (as after an interruption): each create finds its policy equal and adds no version.
    const again = await applyOperations(
      plan.operations.filter((o) => o.kind === 'put-account-policy'),
      { factory, poll },
    );
    expect(again.outcomes.map((o) => o.status)).toEqual(['done', 'done']);
    expect([prod.policy.versions.length, dev.policy.versions.length]).toEqual([1, 1]);

    // A new permission for Shop Prod only: one new default version there, nothing else.
    const changed = await converge(withPolicies('s3:PutObject'));
    expect(changed.plan.operations.map((o) => `${o.impact} ${o.summary}`)).toEqual([
      'update update IAM policy /teams/developer-extras in Shop Prod (for Developer)',
    ]);
    expect(changed.next.operations).toEqual([]);
    expect(document(prod.policy).Statement[0]!.Action).toBe('s3:PutObject');
    expect(prod.policy.versions).toHaveLength(2);
  });

  it('converges under throttling and injected faults without duplicating accounts or assignments', async () => {
    target.sandbox!.configure({ throttling: { enabled: true, timeScale: 50 } });
    target.sandbox!.faults.configure({
      seed: 11,
      throttle: 0.1,
      internalError: 0.05,
      concurrentModification: 0.1,
    });
    const throttled = new ClientFactory(target.config(), { ...fast, rateScale: 50 });
    factory = throttled;
    await converge(CONFIG);
    const { after, next } = await converge(CONFIG);
    target.sandbox!.faults.configure({});
    expect(next.operations).toEqual([]);
    expect(after.accounts.map((a) => a.name).sort()).toEqual(['Management', 'Shop Dev', 'Shop Prod']);
    expect(after.identityCenter!.assignments).toHaveLength(3);
    expect(throttled.stats.snapshot().retried).toBeGreaterThan(0);
  });

  it('adopts an account whose CreateAccount answer was lost, and keeps going through empty pages', async () => {
    // Every CreateAccount runs and then answers 500 half the time (seeded): the retry's own request fails
    // with EMAIL_ALREADY_EXISTS once the first one completes. Listings answer empty pages with tokens.
    target.sandbox!.faults.configure({
      seed: 3,
      lostResponse: 0.5,
      emptyPage: 0.3,
      operations: ['CreateAccount', 'ListAccounts', 'ListCreateAccountStatus', 'ListRoots', 'ListChildren'],
    });
    const { result } = await converge(CONFIG);
    const lost = target.sandbox!.stats.snapshot().faults.lostResponse ?? 0;
    const { after, next } = await converge(CONFIG);
    target.sandbox!.faults.configure({});
    expect(lost).toBeGreaterThan(0);
    const notes = result.outcomes.flatMap((o) => (o.status === 'done' && o.note ? [o.note] : []));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]).toMatch(
      /^adopted account \d{12}: a CreateAccount whose answer was lost had already created it$/,
    );
    expect(next.operations).toEqual([]);
    const emails = after.accounts.map((a) => a.email.toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
    expect(after.accounts.map((a) => a.name).sort()).toEqual(['Management', 'Shop Dev', 'Shop Prod']);
  });
});
