/**
 * `transfer execute` and `transfer verify` through the API. Execute runs a saved transfer plan's steps
 * through the one executor, with the destination's management account as the acting principal, the
 * source's for deregistering and removing, and a session in each account to accept; every outcome goes
 * to a JSON-lines journal, so a run stopped at a gate (or killed) resumes where it was. A plan whose
 * organizations changed since (beyond the moving accounts) is refused.
 */
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { PollIntervals, TransferRunContext } from '../apply/context.js';
import { applyOperations, type OperationOutcome } from '../apply/executor.js';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import type { ClientFactory } from '../aws/clients.js';
import { isAwsCode } from '../aws/errors.js';
import { OrgwardError, UsageError } from '../errors/index.js';
import type { OrgSnapshot } from '../model/snapshot.js';
import {
  TRANSFER_PLAN_VERSION,
  type TransferJournalEntry,
  type TransferPlan,
  type TransferStep,
} from '../model/transfer.js';
import type { Operation } from '../plan/operations.js';
import { memberSessions } from '../read/baseline/shared.js';
import { readSnapshot } from '../read/snapshot.js';
import { scanReferences } from '../read/transfer/references.js';
import { billingTransfersOf } from '../read/transfer/billing.js';
import { tryRead } from '../read/transfer/shared.js';
import { orgMatches } from '../transfer/references.js';
import { transferFingerprint } from '../transfer/views.js';
import type { EventSink } from './events.js';
import { DEFAULT_MEMBER_ROLE, type TransferSides } from './transfer-plan.js';

export const DEFAULT_TRANSFER_JOURNAL = 'orgward-transfer-journal.jsonl';

/** A plan saved with `transfer plan --format json --out`, or a usage error saying what is wrong. */
export async function loadTransferPlan(path: string): Promise<TransferPlan> {
  const hint = 'pass a plan saved with `orgward transfer plan --format json --out plan.json`';
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'not valid JSON')}`, hint);
  }
  const plan = parsed as Partial<TransferPlan> | null;
  if (
    !plan ||
    typeof plan !== 'object' ||
    plan.version !== TRANSFER_PLAN_VERSION ||
    !Array.isArray(plan.accounts) ||
    typeof plan.source?.organizationId !== 'string' ||
    typeof plan.destination?.organizationId !== 'string'
  )
    throw new UsageError(`${path} is not an orgward transfer plan (version ${TRANSFER_PLAN_VERSION})`, hint);
  return plan as TransferPlan;
}

/** The key that ties journal entries to one plan. */
export const planKey = (plan: TransferPlan) => `${plan.source.organizationId}@${plan.createdAt}`;

async function readJournal(path: string, key: string): Promise<TransferJournalEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UsageError(`--journal ${path}: ${(error as Error).message}`);
  }
  const entries: TransferJournalEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const entry = JSON.parse(line) as TransferJournalEntry;
      if (entry.plan === key) entries.push(entry);
    } catch {
      throw new UsageError(
        `--journal ${path}:${i + 1}: not a JSON line`,
        'restore the file, or pass another --journal',
      );
    }
  });
  return entries;
}

export interface TransferExecuteOptions extends TransferSides {
  plan: TransferPlan | string;
  /** JSON-lines journal (default orgward-transfer-journal.jsonl). */
  journal?: string;
  /** Gates a person marks done (step ids, or `<account>:<step>`). */
  done?: readonly string[];
  /** Deregister delegated administrators (some services delete data). */
  deregister?: boolean;
  /** The one-time code for a root e-mail change. */
  otp?: string;
  /** Send a new invitation where the last one expired or was declined. */
  reinvite?: boolean;
  /** The caller already agreed (`--yes`). */
  confirmed?: boolean;
  poll?: Partial<PollIntervals>;
  now?: () => Date;
}

export interface TransferWait {
  accountId: string;
  step: string;
  message: string;
  hint: string | undefined;
}

export interface TransferRun {
  plan: TransferPlan;
  agreed: boolean;
  outcomes: OperationOutcome[];
  done: number;
  failed: number;
  skipped: number;
  /** Steps waiting for a person (a gate, a confirmation, a code). */
  waiting: TransferWait[];
  calls: number;
}

async function liveSides(options: TransferSides, plan: TransferPlan) {
  const destinationFactory = options.destination.factory;
  if (!destinationFactory)
    throw new UsageError(
      'execute acts in the destination organization',
      'pass its credentials with --to-profile',
    );
  const [source, destination] = await Promise.all([
    readSnapshot(options.source, { assignmentsOf: plan.accounts.map((a) => a.accountId) }).then(
      (r) => r.snapshot,
    ),
    readSnapshot(destinationFactory, { assignmentsOf: plan.accounts.map((a) => a.accountId) }).then(
      (r) => r.snapshot,
    ),
  ]);
  const moving = new Set(plan.accounts.map((a) => a.accountId));
  checkSide('source', plan.source, source, moving);
  checkSide('destination', plan.destination, destination, moving);
  return { source, destination, destinationFactory, moving };
}

function checkSide(
  side: string,
  planned: { organizationId: string; fingerprint: string | null },
  snapshot: OrgSnapshot,
  moving: ReadonlySet<string>,
): void {
  if (planned.organizationId !== snapshot.organization.id)
    throw new UsageError(
      `the plan's ${side} is ${planned.organizationId}, but these ${side} credentials are in ${snapshot.organization.id}`,
      `use the ${side} credentials the plan was made with, or plan again`,
    );
  if (planned.fingerprint && planned.fingerprint !== transferFingerprint(snapshot, moving))
    throw new OrgwardError(
      'PLAN_STALE',
      `the ${side} organization ${snapshot.organization.id} changed since the plan was made`,
      {
        source: 'user',
        hint: 'make a new plan with `orgward transfer plan` and review it',
      },
    );
}

/** The executor's operations for the plan: each account's steps in order; assignments as the org apply makes them. */
export function transferOperations(plan: TransferPlan, destination: OrgSnapshot): Operation[] {
  const ic = destination.identityCenter;
  const ops: Operation[] = [];
  for (const account of plan.accounts) {
    let previous: string | undefined;
    for (const step of account.steps) {
      const id = `${account.accountId}:${step.id}`;
      const base = {
        id,
        dependsOn: previous ? [previous] : [],
        summary: stepSummary(account.accountName, step),
      };
      if (step.kind === 'assign') {
        const ps = ic?.permissionSets.find((p) => p.name === step.permissionSet);
        const principalId =
          step.principalType === 'USER'
            ? ic?.users.find((u) => u.userName === step.principal)?.id
            : ic?.groups.find((g) => g.displayName === step.principal)?.id;
        if (!ps || !principalId)
          throw new UsageError(
            `the destination has no ${ps ? `${step.principalType.toLowerCase()} ${step.principal}` : `permission set ${step.permissionSet}`} for ${account.accountName}`,
            'apply the destination’s org.yaml first (orgward apply), then run execute again',
          );
        // Made by an earlier run: nothing to do.
        if (
          ic?.assignments.some(
            (a) =>
              a.accountId === account.accountId &&
              a.permissionSetArn === ps.arn &&
              a.principalId === principalId,
          )
        )
          continue;
        ops.push({
          ...base,
          impact: 'create',
          kind: 'create-assignment',
          permissionSet: { name: ps.name, arn: ps.arn },
          principal: { type: step.principalType, name: step.principal, id: principalId },
          account: { name: account.accountName, id: account.accountId },
        });
      } else
        ops.push({
          ...base,
          impact: step.kind === 'deregister-administrator' || step.kind === 'remove' ? 'delete' : 'update',
          kind: 'transfer-step',
          accountId: account.accountId,
          step,
        });
      previous = id;
    }
  }
  return ops;
}

function stepSummary(accountName: string, step: TransferStep): string {
  switch (step.kind) {
    case 'gate':
      return `${accountName}: wait for a person: ${step.title}`;
    case 'deregister-administrator':
      return `${accountName}: deregister as delegated administrator for ${step.servicePrincipal}`;
    case 'remove':
      return `${accountName}: remove from the source organization`;
    case 'invite':
      return `${accountName}: invite from the destination`;
    case 'accept':
      return `${accountName}: accept the invitation`;
    case 'place':
      return `${accountName}: move to ${step.ou}`;
    case 'assign':
      return `${accountName}: give ${step.principal} ${step.permissionSet}`;
    case 'contacts':
      return `${accountName}: set alternate contacts`;
    case 'primary-email':
      return `${accountName}: change the root e-mail to ${step.email}`;
    case 'transfer-responsibility':
      return `${accountName}: invite the organization to transfer its billing from ${step.startTimestamp.slice(0, 10)}`;
    case 'accept-responsibility':
      return `${accountName}: accept the billing transfer`;
  }
}

function journalEntry(
  key: string,
  outcome: OperationOutcome,
  at: string,
  handshakes: Map<string, string>,
): TransferJournalEntry | null {
  const [account = '', step = outcome.op.id] = outcome.op.id.split(':');
  if (outcome.status === 'skipped') return null;
  const waitingFor =
    outcome.status === 'failed' &&
    outcome.error instanceof OrgwardError &&
    outcome.error.code === 'TRANSFER_WAITING';
  const handshakeId = handshakes.get(account);
  return {
    at,
    plan: key,
    account,
    step,
    status: outcome.status === 'done' ? 'done' : waitingFor ? 'waiting' : 'failed',
    ...(outcome.status === 'done' && outcome.note ? { detail: outcome.note } : {}),
    ...(outcome.status === 'failed' ? { detail: (outcome.error as Error).message } : {}),
    ...(handshakeId ? { handshakeId } : {}),
  };
}

/** AWS calls the factories made (a stats object they share is counted once). */
export function callsOf(factories: readonly ClientFactory[]): number {
  return [...new Set(factories.map((f) => f.stats))].reduce((sum, stats) => sum + stats.snapshot().calls, 0);
}

/** What the run's steps need beyond the destination: the source, the account, what people decided. */
function runContext(
  options: TransferExecuteOptions,
  plan: TransferPlan,
  journal: readonly TransferJournalEntry[],
  live: Awaited<ReturnType<typeof liveSides>>,
): TransferRunContext {
  const done = new Set([
    ...(options.done ?? []),
    ...journal.filter((e) => e.status === 'done').map((e) => `${e.account}:${e.step}`),
  ]);
  const handshakes = new Map(journal.filter((e) => e.handshakeId).map((e) => [e.account, e.handshakeId!]));
  const ous = new Map(live.destination.ous.map((o) => [o.path, o.id]));
  return {
    source: options.source,
    inAccount:
      options.account ??
      memberSessions(
        options.source,
        live.source.source.callerAccountId,
        options.memberRole ?? DEFAULT_MEMBER_ROLE,
      ),
    destinationOrganizationId: plan.destination.organizationId,
    done,
    deregister: options.deregister === true,
    otp: options.otp,
    reinvite: options.reinvite === true,
    handshakes,
    ouId: (path) => {
      const id = ous.get(path);
      if (!id) throw new UsageError(`the destination has no OU ${path} any more`, 'plan again');
      return id;
    },
  };
}

/** Runs the plan's steps (see the module comment). */
export async function executeTransfer(
  options: TransferExecuteOptions,
  sink?: EventSink,
): Promise<TransferRun> {
  const plan = typeof options.plan === 'string' ? await loadTransferPlan(options.plan) : options.plan;
  const now = options.now ?? (() => new Date());
  const key = planKey(plan);
  const journalPath = options.journal ?? DEFAULT_TRANSFER_JOURNAL;
  const journal = await readJournal(journalPath, key);
  const before = callsOf(
    options.destination.factory ? [options.source, options.destination.factory] : [options.source],
  );
  const live = await liveSides(options, plan);
  const operations = transferOperations(plan, live.destination);
  const calls = () => callsOf([options.source, live.destinationFactory]) - before;
  const empty = { plan, outcomes: [], done: 0, failed: 0, skipped: 0, waiting: [] };
  if (!options.confirmed) {
    if (!sink?.confirm)
      throw new UsageError('moving accounts needs a yes', 'run it on a terminal, or pass --yes');
    const agreed = await sink.confirm({
      question: `Move ${plan.accounts.length} account(s) from ${plan.source.organizationId} to ${plan.destination.organizationId}?`,
      operations,
      destructive: operations.filter((o) => o.impact === 'delete').length,
    });
    if (!agreed) return { ...empty, agreed: false, calls: calls() };
  }
  const transfer = runContext(options, plan, journal, live);
  const result = await applyOperations(operations, {
    factory: live.destinationFactory,
    rootId: live.destination.root.id,
    transfer,
    ...(options.poll ? { poll: options.poll } : {}),
    events: {
      finished: (outcome) => {
        sink?.emit?.({ type: 'operation', outcome });
        const entry = journalEntry(key, outcome, now().toISOString(), transfer.handshakes);
        // Written as each step ends: a run killed later still leaves what it did (the invitation).
        if (entry) appendFileSync(journalPath, `${JSON.stringify(entry)}\n`);
      },
    },
  });
  const waiting = result.outcomes.flatMap((o) =>
    o.status === 'failed' && o.error instanceof OrgwardError && o.error.code === 'TRANSFER_WAITING'
      ? [
          {
            accountId: o.op.id.split(':')[0]!,
            step: o.op.id.split(':')[1] ?? '',
            message: o.error.message,
            hint: o.error.hint,
          },
        ]
      : [],
  );
  return { ...result, failed: result.failed - waiting.length, plan, agreed: true, waiting, calls: calls() };
}

export interface VerifyItem {
  status: 'done' | 'left';
  summary: string;
}

export interface TransferVerification {
  plan: TransferPlan;
  accounts: Array<{ accountId: string; accountName: string; items: VerifyItem[] }>;
  /** Resource policies across the source organization that still name it. */
  references: VerifyItem[];
  /** Items still left. */
  left: number;
  calls: number;
}

export interface TransferVerifyOptions extends TransferSides {
  plan: TransferPlan | string;
  /** Regions the plan's reference scan covered (default: the plan's own). */
  regions?: readonly string[];
}

/** Re-reads both sides and says, for each account, what of the plan is done and what is left. */
export async function verifyTransfer(
  options: TransferVerifyOptions,
  sink?: EventSink,
): Promise<TransferVerification> {
  const plan = typeof options.plan === 'string' ? await loadTransferPlan(options.plan) : options.plan;
  const destinationFactory = options.destination.factory;
  if (!destinationFactory)
    throw new UsageError(
      'verify reads the destination organization',
      'pass its credentials with --to-profile',
    );
  const before = callsOf([options.source, destinationFactory]);
  const [source, destination] = await Promise.all([
    readSnapshot(options.source, { assignmentsOf: plan.accounts.map((a) => a.accountId) }).then(
      (r) => r.snapshot,
    ),
    readSnapshot(destinationFactory, { assignmentsOf: plan.accounts.map((a) => a.accountId) }).then(
      (r) => r.snapshot,
    ),
  ]);
  for (const [side, snapshot, planned] of [
    ['source', source, plan.source.organizationId],
    ['destination', destination, plan.destination.organizationId],
  ] as const)
    if (snapshot.organization.id !== planned)
      throw new UsageError(
        `the plan's ${side} is ${planned}, but these ${side} credentials are in ${snapshot.organization.id}`,
        `use the ${side} credentials the plan was made with`,
      );
  const inAccount =
    options.account ??
    memberSessions(options.source, source.source.callerAccountId, options.memberRole ?? DEFAULT_MEMBER_ROLE);
  const regions = options.regions ?? plan.evidence.scanned?.regions ?? [options.source.target.region];
  const leftReferences = await remainingReferences(plan, source, regions, inAccount, sink);
  const accounts = await Promise.all(
    plan.accounts.map(async (account) => ({
      accountId: account.accountId,
      accountName: account.accountName,
      items: [
        ...(plan.path === 'billing'
          ? await billingItems(account, destinationFactory)
          : membershipItems(plan, account, destination)),
        ...(await roleItems(plan, account.accountId, inAccount)),
      ],
    })),
  );
  const references = leftReferences.map((summary) => ({ status: 'left' as const, summary }));
  const left =
    accounts.reduce((n, a) => n + a.items.filter((i) => i.status === 'left').length, 0) + references.length;
  return { plan, accounts, references, left, calls: callsOf([options.source, destinationFactory]) - before };
}

/** A billing transfer: the destination's inbound transfer from the organization, and its status. */
async function billingItems(
  account: TransferPlan['accounts'][number],
  destination: ClientFactory,
): Promise<VerifyItem[]> {
  const inbound = await billingTransfersOf(destination, 'inbound');
  const transfer = inbound.find((t) => t.payee === account.accountId);
  if (!transfer) return [{ status: 'left', summary: `no billing transfer from ${account.accountName} yet` }];
  const start = transfer.start?.slice(0, 10) ?? '?';
  return [
    {
      status: transfer.status === 'ACCEPTED' ? 'done' : 'left',
      summary: `billing transfer ${transfer.id} from ${account.accountName} is ${transfer.status} (from ${start}${transfer.end ? ` to ${transfer.end.slice(0, 10)}` : ''})`,
    },
  ];
}

function membershipItems(
  plan: TransferPlan,
  account: TransferPlan['accounts'][number],
  destination: OrgSnapshot,
): VerifyItem[] {
  if (plan.path === 'billing') return [];
  const member = destination.accounts.find((a) => a.id === account.accountId);
  const items: VerifyItem[] = [
    member
      ? { status: 'done', summary: `${account.accountName} is in ${destination.organization.id}` }
      : { status: 'left', summary: `${account.accountName} is not in ${destination.organization.id} yet` },
  ];
  if (!member) return items;
  const path = destination.ous.find((o) => o.id === member.parentId)?.path ?? '';
  if (account.destinationOu)
    items.push({
      status: path === account.destinationOu ? 'done' : 'left',
      summary: `${account.accountName} is in ${path || 'the root'}${path === account.destinationOu ? '' : ` (the plan says ${account.destinationOu})`}`,
    });
  const ic = destination.identityCenter;
  for (const step of account.steps) {
    if (step.kind !== 'assign') continue;
    const has = ic?.assignments.some(
      (a) =>
        a.accountId === account.accountId &&
        a.permissionSetName === step.permissionSet &&
        a.principalType === step.principalType &&
        a.principalName === step.principal,
    );
    items.push({
      status: has ? 'done' : 'left',
      summary: `${step.principalType === 'GROUP' ? 'group' : 'user'} ${step.principal} ${has ? 'has' : 'does not have'} ${step.permissionSet}`,
    });
  }
  return items;
}

/** The source's access roles the plan found in the account, still there. */
async function roleItems(
  plan: TransferPlan,
  accountId: string,
  inAccount: (accountId: string) => ClientFactory,
): Promise<VerifyItem[]> {
  const evidence = plan.evidence.accounts.find((a) => a.account.id === accountId);
  const roles = evidence?.managementRoles ?? [];
  if (roles.length === 0 || plan.path === 'billing') return [];
  const gaps: string[] = [];
  const found = await tryRead(gaps, 'roles', async () => {
    const iam = inAccount(accountId).iam();
    return Promise.all(
      roles.map((RoleName) =>
        iam.send(new GetRoleCommand({ RoleName })).then(
          () => RoleName,
          (error: unknown) => {
            if (isAwsCode(error, 'NoSuchEntity') || isAwsCode(error, 'NoSuchEntityException')) return null;
            throw error;
          },
        ),
      ),
    );
  });
  if (!found)
    return [{ status: 'left', summary: `the source's access roles could not be read: ${gaps.join('; ')}` }];
  return roles.map((role) =>
    found.includes(role)
      ? {
          status: 'left',
          summary: `role ${role} still trusts the source management account ${plan.source.managementAccountId}`,
        }
      : { status: 'done', summary: `role ${role} is gone` },
  );
}

/** Resource policies the plan found naming the source organization, still naming it. */
async function remainingReferences(
  plan: TransferPlan,
  source: OrgSnapshot,
  regions: readonly string[],
  inAccount: (accountId: string) => ClientFactory,
  sink: EventSink | undefined,
): Promise<string[]> {
  const planned = plan.evidence.references ?? [];
  if (planned.length === 0) return [];
  const ids = {
    organizationId: source.organization.id,
    pathIds: [source.root.id, ...source.ous.map((o) => o.id)],
  };
  const scan = await scanReferences({
    accounts: [...new Set(planned.map((r) => r.accountId))],
    regions,
    inAccount,
    match: (doc) => orgMatches(doc, ids),
  });
  for (const gap of scan.gaps)
    sink?.emit?.({ type: 'warning', message: `reference scan: ${gap} (not read)` });
  const still = new Set(scan.references.map((r) => `${r.accountId}|${r.resource}`));
  return planned
    .filter((r) => still.has(`${r.accountId}|${r.resource}`))
    .map(
      (r) =>
        `${r.service} ${r.resource} in ${r.accountId} still names ${r.matches.map((m) => m.value).join(', ')}`,
    );
}
