/**
 * The other ways of `transfer`, end to end through the library on one in-process sandbox holding both
 * organizations (built from world documents): the classic path through a standalone period, a billing
 * transfer, the refusals that stop a plan or a run before anything changes, and an invitation that
 * expired between two runs.
 */
import {
  DescribeOrganizationCommand,
  ListInboundResponsibilityTransfersCommand,
  ListParentsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
} from '@aws-sdk/client-organizations';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { executeTransfer, verifyTransfer, type TransferRun } from '../../src/api/transfer.js';
import { planTransferMove, type TransferPlanOptions } from '../../src/api/transfer-plan.js';
import { endBillingTransfer, listBillingTransfers } from '../../src/api/transfer-billing.js';
import { Sandbox, sandboxRequestHandler } from '../../src/api/sandbox.js';
import { ClientFactory } from '../../src/aws/clients.js';
import { exitCodeFor, ExitCode, OrgwardError, UsageError } from '../../src/errors/index.js';
import type { TransferPlan } from '../../src/model/transfer.js';

const DAY = 86_400_000;
const SOURCE = '111100001111';
const DESTINATION = '210987654321';
const ACME = '333300003333';
const OTHER = '444400004444';
const THIRD = '555500005555';

/**
 * A factory signing with `accessKeyId` (a 12-digit key acts as that account's administrator), on the
 * sandbox's clock; the sandbox does not throttle, so the client paces calls 100 times faster than AWS's rates.
 */
function factoryAs(sandbox: Sandbox, accessKeyId: string): ClientFactory {
  return new ClientFactory(
    {
      region: 'us-east-1',
      endpoint: 'http://sandbox.local',
      credentials: { accessKeyId, secretAccessKey: 'orgward' },
      requestHandler: sandboxRequestHandler(sandbox),
    },
    { now: () => sandbox.now().getTime(), rateScale: 100 },
  );
}

/**
 * The reseller's organization (Acme Prod created in it `acmeJoined` ago, Other invited) and the
 * customer's (Workloads/Prod), both a month old.
 */
function seed(sandbox: Sandbox, acmeJoinedAgoMs: number): void {
  const at = (ago: number) => new Date(sandbox.now().getTime() - ago).toISOString();
  sandbox.loadDocument({
    accounts: {
      [SOURCE]: {
        name: 'Reseller A',
        email: 'billing@reseller-a.example',
        organization: {
          featureSet: 'ALL',
          createdAt: at(30 * DAY),
          ous: ['Customers'],
          members: {
            [ACME]: { ou: 'Customers', joinedMethod: 'CREATED', joinedAt: at(acmeJoinedAgoMs) },
            [OTHER]: { ou: 'Customers', joinedMethod: 'INVITED', joinedAt: at(20 * DAY) },
          },
        },
      },
      [ACME]: { name: 'Acme Prod', email: 'acme-prod@reseller-a.example' },
      [OTHER]: { name: 'Other Customer', email: 'other@reseller-a.example' },
      [DESTINATION]: {
        name: 'Acme Management',
        email: 'aws@acme.example',
        organization: { featureSet: 'ALL', createdAt: at(30 * DAY), ous: ['Workloads/Prod'] },
      },
    },
  });
}

function world(acmeJoinedAgoMs = 10 * DAY) {
  const sandbox = new Sandbox();
  seed(sandbox, acmeJoinedAgoMs);
  return {
    sandbox,
    source: factoryAs(sandbox, SOURCE),
    destination: factoryAs(sandbox, DESTINATION),
    journal: join(mkdtempSync(join(tmpdir(), 'orgward-transfer-paths-')), 'journal.jsonl'),
  };
}
type World = ReturnType<typeof world>;

function planFor(w: World, options: Partial<TransferPlanOptions> = {}): Promise<TransferPlan> {
  return planTransferMove({
    source: w.source,
    destination: { factory: w.destination },
    accounts: [ACME],
    ou: 'Workloads/Prod',
    now: () => w.sandbox.now(),
    ...options,
  });
}

function execute(
  w: World,
  transfer: TransferPlan,
  extra: Partial<Parameters<typeof executeTransfer>[0]> = {},
): Promise<TransferRun> {
  return executeTransfer({
    plan: transfer,
    source: w.source,
    destination: { factory: w.destination },
    journal: w.journal,
    confirmed: true,
    poll: { identityCenterMs: 1 },
    now: () => w.sandbox.now(),
    ...extra,
  });
}

/** Failed outcomes other than a gate waiting, as `account:step: message`. */
const failures = (run: TransferRun) =>
  run.outcomes.flatMap((o) =>
    o.status === 'failed' && (o.error as { code?: string }).code !== 'TRANSFER_WAITING'
      ? [`${o.op.id}: ${(o.error as Error).message}`]
      : [],
  );

/** What each step did, as `step note` (`step failed` / `step skipped`). */
const notes = (run: TransferRun): Record<string, string | undefined> =>
  Object.fromEntries(
    run.outcomes.map((o) => [
      o.op.id.split(':')[1] ?? o.op.id,
      o.status === 'done' ? (o.note ?? '(written)') : o.status,
    ]),
  );

/** Steps that wrote something (a done step whose note does not say it was already so). */
const writes = (run: TransferRun) =>
  run.outcomes
    .filter(
      (o) => o.status !== 'done' || !/already|marked done|is open|not in|is ACCEPTED/.test(o.note ?? ''),
    )
    .map((o) => `${o.op.id} ${o.status === 'done' ? o.note : o.status}`);

const status = (transfer: TransferPlan) =>
  Object.fromEntries(transfer.accounts[0]!.blockers.map((b) => [b.id, b.status]));

async function ouId(factory: ClientFactory, path: string[]): Promise<string> {
  const client = factory.organizations();
  let parent = (await client.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  for (const name of path) {
    const ous = (await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent })))
      .OrganizationalUnits!;
    parent = ous.find((o) => o.Name === name)!.Id!;
  }
  return parent;
}

const parentOf = async (factory: ClientFactory, accountId: string) =>
  (await factory.organizations().send(new ListParentsCommand({ ChildId: accountId }))).Parents![0]!.Id;

const organizationIdOf = async (factory: ClientFactory) =>
  (await factory.organizations().send(new DescribeOrganizationCommand({}))).Organization!.Id!;

/** The error `promise` rejects with (the test fails if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<OrgwardError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OrgwardError);
  return error as OrgwardError;
}

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(UsageError);
  expect(error.code).toBe('USAGE');
  expect(error.source).toBe('user');
  expect(exitCodeFor(error)).toBe(ExitCode.CouldNotRun);
  return error;
}

describe('classic path: an account created in the source leaves, is standalone, then joins', () => {
  const w = world();
  let transfer: TransferPlan;

  beforeAll(async () => {
    transfer = await planFor(w, { path: 'standalone' });
  });

  it('plans the standalone sign-up: an unknown blocker and a gate before the account is removed', () => {
    expect(transfer.path).toBe('standalone');
    const account = transfer.accounts[0]!;
    expect(account.accountId).toBe(ACME);
    expect(status(transfer)['standalone-information']).toBe('UNKNOWN');
    expect(account.blockers.find((b) => b.id === 'standalone-information')!.fix).toMatch(/root user/);
    expect(account.steps.map((s) => s.id)).toEqual([
      'agreement',
      'standalone-signup',
      'remove',
      'invite',
      'accept',
      'place',
    ]);
    expect(account.runbook.find((s) => s.id === 'standalone-signup')!.who).toBe('account-owner');
  });

  it('stops at the sign-up, then removes, invites, accepts and places; a second run changes nothing', async () => {
    const first = await execute(w, transfer, { done: ['agreement'] });
    expect(failures(first)).toEqual([]);
    expect(first.waiting.map((wait) => wait.step)).toEqual(['standalone-signup']);
    expect(first.waiting[0]!.hint).toContain('--done standalone-signup');
    // Still in the source: nothing past the gate ran.
    expect(await parentOf(w.source, ACME)).toBe(await ouId(w.source, ['Customers']));

    // Marked done too early: AWS refuses to let it leave without the standalone information.
    const early = await execute(w, transfer, { done: ['agreement', 'standalone-signup'] });
    expect(failures(early)).toEqual([
      expect.stringMatching(new RegExp(`^${ACME}:remove: .*ConstraintViolationException`)) as unknown,
    ]);
    expect(notes(early)).toMatchObject({ remove: 'failed', invite: 'skipped' });
    expect(await parentOf(w.source, ACME)).toBe(await ouId(w.source, ['Customers']));

    // The account's root user signed up as a standalone account.
    w.sandbox.loadDocument({ accounts: { [ACME]: { standaloneReady: true } } });
    const second = await execute(w, transfer, { done: ['agreement', 'standalone-signup'] });
    expect(failures(second)).toEqual([]);
    expect(second.waiting).toEqual([]);
    expect(notes(second)).toMatchObject({
      agreement: 'marked done',
      'standalone-signup': 'marked done',
      remove: '(written)',
      invite: expect.stringMatching(/^invitation h-\w+ sent/) as unknown,
      accept: expect.stringMatching(/^accepted h-\w+/) as unknown,
      place: '(written)',
    });
    expect(await parentOf(w.destination, ACME)).toBe(await ouId(w.destination, ['Workloads', 'Prod']));
    expect(await organizationIdOf(w.source.assumeRole(ACME, 'OrganizationAccountAccessRole'))).toBe(
      transfer.destination.organizationId,
    );

    const third = await execute(w, transfer, { done: ['agreement', 'standalone-signup'] });
    expect(failures(third)).toEqual([]);
    expect(third.waiting).toEqual([]);
    expect(writes(third)).toEqual([]);
    expect(await parentOf(w.destination, ACME)).toBe(await ouId(w.destination, ['Workloads', 'Prod']));
  });
});

describe('billing transfer: the destination takes over the source organization’s bill', () => {
  const w = world();
  let transfer: TransferPlan;

  beforeAll(async () => {
    transfer = await planFor(w, { path: 'billing', accounts: [], ou: undefined });
  });

  it('plans for the source management account from the first of a month at least a day ahead', () => {
    expect(transfer.path).toBe('billing');
    expect(transfer.accounts.map((a) => a.accountId)).toEqual([SOURCE]);
    const account = transfer.accounts[0]!;
    expect(status(transfer)).toMatchObject({ 'billing-start': 'PASS', 'billing-one-payer': 'PASS' });
    expect(account.steps.map((s) => s.id)).toEqual(['agreement', 'invite-billing', 'accept-billing']);
    const step = account.steps.find((s) => s.kind === 'transfer-responsibility')!;
    const start = new Date(step.kind === 'transfer-responsibility' ? step.startTimestamp : '');
    const planned = new Date(transfer.createdAt).getTime();
    // 00:00 UTC on the first of a month, at least a day ahead, and the earliest such.
    expect(start.getTime()).toBe(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
    expect(start.getTime() - planned).toBeGreaterThanOrEqual(DAY);
    expect(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1) - planned).toBeLessThan(DAY);
  });

  it('invites from the destination, accepts in the source, and does nothing the second time', async () => {
    const first = await execute(w, transfer, { done: ['agreement'] });
    expect(failures(first)).toEqual([]);
    expect(first.waiting).toEqual([]);
    expect(notes(first)).toMatchObject({
      agreement: 'marked done',
      'invite-billing': expect.stringMatching(/^invitation h-\w+ sent/) as unknown,
      'accept-billing': expect.stringMatching(/^accepted h-\w+/) as unknown,
    });

    const step = transfer.accounts[0]!.steps.find((s) => s.kind === 'transfer-responsibility')!;
    const planned = step.kind === 'transfer-responsibility' ? step.startTimestamp : '';
    const inbound = (
      await w.destination
        .organizations()
        .send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING' }))
    ).ResponsibilityTransfers!;
    expect(
      inbound.map((t) => ({
        status: t.Status,
        source: t.Source?.ManagementAccountId,
        start: t.StartTimestamp?.toISOString(),
      })),
    ).toEqual([{ status: 'ACCEPTED', source: SOURCE, start: planned }]);

    const second = await execute(w, transfer, { done: ['agreement'] });
    expect(failures(second)).toEqual([]);
    expect(second.waiting).toEqual([]);
    expect(writes(second)).toEqual([]);
    const after = (
      await w.destination
        .organizations()
        .send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING' }))
    ).ResponsibilityTransfers!;
    expect(after).toHaveLength(1);

    const verified = await verifyTransfer({
      plan: transfer,
      source: w.source,
      destination: { factory: w.destination },
    });
    expect(verified.accounts[0]!.items.map((i) => `${i.status} ${i.summary}`)).toEqual([
      `done billing transfer ${after[0]!.Id} from ${transfer.accounts[0]!.accountName} is ACCEPTED (from ${planned.slice(0, 10)})`,
    ]);
    expect(verified.left).toBe(0);
  });

  it('lists the transfer on both sides and ends it at the end of the month', async () => {
    const payer = await listBillingTransfers(w.destination);
    const payee = await listBillingTransfers(w.source);
    expect(payer.map((t) => [t.direction, t.status, t.payee])).toEqual([['inbound', 'ACCEPTED', SOURCE]]);
    expect(payee.map((t) => [t.direction, t.status, t.payer])).toEqual([
      ['outbound', 'ACCEPTED', DESTINATION],
    ]);
    await expect(endBillingTransfer({ factory: w.source, id: payee[0]!.id })).rejects.toMatchObject({
      code: 'USAGE',
    });
    await expect(endBillingTransfer({ factory: w.source, id: 'rt-unknown000' })).rejects.toThrow(
      /no billing transfer rt-unknown000/,
    );
    const ended = await endBillingTransfer({ factory: w.source, id: payee[0]!.id, confirmed: true });
    expect(ended.status).toBe('WITHDRAWN');
    const now = w.sandbox.now();
    expect(ended.end).toBe(
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - 1000).toISOString(),
    );
  });

  it('plans again with the organization already paid for by another: billing-one-payer fails', async () => {
    const again = await planFor(w, { path: 'billing', accounts: [], ou: undefined });
    expect(status(again)['billing-one-payer']).toBe('FAIL');
    expect(again.accounts[0]!.blockers.find((b) => b.id === 'billing-one-payer')!.fix).toMatch(/Withdraw/);
  });
});

describe('refusals before anything changes (exit 2)', () => {
  const w = world();

  beforeAll(() => {
    // A third organization, for credentials that do not match the plan.
    w.sandbox.loadDocument({ accounts: { [THIRD]: { organization: { featureSet: 'ALL' } } } });
  });

  it('refuses an account that is not in the source organization, naming it', async () => {
    const error = await usageError(planFor(w, { accounts: ['999988887777'] }));
    expect(error.message).toContain('999988887777');
    expect(error.message).toContain(await organizationIdOf(w.source));
    const byName = await usageError(planFor(w, { accounts: ['Nobody Prod'] }));
    expect(byName.message).toContain('Nobody Prod');
  });

  it('refuses the source organization as the destination', async () => {
    const error = await usageError(planFor(w, { destination: { factory: w.source }, ou: undefined }));
    expect(error.message).toContain('the destination is the source organization');
    expect(error.message).toContain(await organizationIdOf(w.source));
  });

  it('refuses an OU the destination lacks, listing the ones it has', async () => {
    const error = await usageError(planFor(w, { ou: 'Workloads/Dev' }));
    expect(error.message).toContain('Workloads/Dev');
    expect(error.hint).toContain('Workloads, Workloads/Prod');
  });

  it('refuses a plan whose source organization is not the one the credentials are in', async () => {
    const transfer = await planFor(w);
    const before = await parentOf(w.source, ACME);
    const error = await usageError(execute(w, transfer, { source: factoryAs(w.sandbox, THIRD) }));
    expect(error.message).toContain(transfer.source.organizationId);
    expect(error.message).toContain(await organizationIdOf(factoryAs(w.sandbox, THIRD)));
    expect(await parentOf(w.source, ACME)).toBe(before);
  });

  it('refuses a plan made before the source organization changed (PLAN_STALE)', async () => {
    const transfer = await planFor(w);
    w.sandbox.loadDocument({ accounts: { [SOURCE]: { organization: { ous: ['Archive'] } } } });
    const error = await rejection(execute(w, transfer, { done: ['agreement'] }));
    expect(error.code).toBe('PLAN_STALE');
    expect(error.source).toBe('user');
    expect(exitCodeFor(error)).toBe(ExitCode.CouldNotRun);
    expect(error.message).toContain(transfer.source.organizationId);
    expect(error.hint).toContain('transfer plan');
    // Nothing moved, nothing was journalled.
    expect(await parentOf(w.source, ACME)).toBe(await ouId(w.source, ['Customers']));
    expect(() => readFileSync(w.journal, 'utf8')).toThrow();
  });
});

describe('an invitation that expired between two runs', () => {
  // Acme Prod joined the source a day ago: AWS refuses to move it for 4 days, so the first accept fails.
  const w = world(DAY);
  let transfer: TransferPlan;

  beforeAll(async () => {
    transfer = await planFor(w);
  });

  it('says the invitation closed and names --reinvite, then reinvites and completes', async () => {
    expect(transfer.path).toBe('direct');
    expect(status(transfer)['account-age']).toBe('FAIL');

    const first = await execute(w, transfer, { done: ['agreement'] });
    expect(notes(first)).toMatchObject({
      invite: expect.stringMatching(/^invitation h-\w+ sent/) as unknown,
      accept: 'failed',
      place: 'skipped',
    });
    expect(failures(first)).toEqual([
      expect.stringMatching(new RegExp(`^${ACME}:accept: .*4 days`)) as unknown,
    ]);
    const firstInvitation = /invitation (h-\w+)/.exec(notes(first).invite!)![1]!;

    // 16 days later the invitation (open 15 days) has expired; the account is now old enough to move.
    w.sandbox.advanceClock(16 * DAY);
    const second = await execute(w, transfer, { done: ['agreement'] });
    const closed = second.outcomes.find((o) => o.op.id === `${ACME}:invite`)!;
    expect(closed.status).toBe('failed');
    const error = (closed as { error: OrgwardError }).error;
    expect(error).toBeInstanceOf(OrgwardError);
    expect(error.code).toBe('TRANSFER_HANDSHAKE_CLOSED');
    expect(error.message).toContain(firstInvitation);
    expect(error.message).toContain('EXPIRED');
    expect(error.hint).toContain('--reinvite');
    expect(second.waiting).toEqual([]);
    expect(second.failed).toBe(1);
    expect(notes(second)).toMatchObject({ accept: 'skipped', place: 'skipped' });
    expect(await parentOf(w.source, ACME)).toBe(await ouId(w.source, ['Customers']));

    // A new source factory: the SDK keeps the account session's credentials by the real clock, which
    // the jump above skipped (the sandbox would answer ExpiredToken).
    const third = await execute(w, transfer, {
      source: factoryAs(w.sandbox, SOURCE),
      done: ['agreement'],
      reinvite: true,
    });
    expect(failures(third)).toEqual([]);
    expect(third.waiting).toEqual([]);
    const secondInvitation = /^invitation (h-\w+) sent/.exec(notes(third).invite!)![1]!;
    expect(secondInvitation).not.toBe(firstInvitation);
    expect(notes(third).accept).toBe(`accepted ${secondInvitation}`);
    expect(await parentOf(w.destination, ACME)).toBe(await ouId(w.destination, ['Workloads', 'Prod']));

    const journal = readFileSync(w.journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: string; status: string; handshakeId?: string });
    expect(
      journal.filter((e) => e.step === 'invite' && e.status === 'done').map((e) => e.handshakeId),
    ).toEqual([firstInvitation, secondInvitation]);
  });
});
