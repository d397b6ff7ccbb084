/**
 * `orgward iam-users` through the API: inventory every IAM user of the organization, propose its
 * Identity Center side, and retire users in two phases through the one executor with a journal.
 */
import { appendFileSync } from 'node:fs';
import { DescribeOrganizationCommand, paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { applyOperations, type OperationOutcome } from '../apply/executor.js';
import type { CallStatsSnapshot } from '../aws/call-stats.js';
import type { ClientFactory } from '../aws/clients.js';
import { realSleep, type Sleep } from '../aws/rate-limiter.js';
import { AwsCallError, UsageError } from '../errors/index.js';
import { classify } from '../iam-users/classify.js';
import { counterpartOf, mapToIdentityCenter, type MappingProposal, type MatchBy } from '../iam-users/map.js';
import { accountsOf, planRetire, selectUsers, type RetireSelection } from '../iam-users/retire.js';
import {
  IAM_INVENTORY_VERSION,
  type IamInventory,
  type IamUserRecord,
  type RetirePhase,
  type RetirePlan,
} from '../model/iam-users.js';
import type { SnapshotIdentityCenter } from '../model/snapshot.js';
import type { Operation } from '../plan/operations.js';
import { readIamUsers } from '../read/iam-users.js';
import { memberSessions } from '../read/baseline/shared.js';
import type { Gap } from '../model/snapshot.js';
import { readIdentityCenter } from '../read/identity-center.js';
import { stepText } from '../render/iam-users.js';
import type { EventSink } from './events.js';

export const DEFAULT_IAM_USERS_JOURNAL = 'orgward-iam-users-journal.jsonl';
const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';

export interface IamInventoryOptions {
  factory: ClientFactory;
  /** Account ids or names; all active accounts when empty. */
  accounts?: string[];
  dormantDays?: number;
  lastAccessed?: boolean;
  memberRole?: string;
  now?: Date;
  sleep?: Sleep;
  accountConcurrency?: number;
  /** The option that named `accounts`, for the error about an unknown one. */
  accountsFlag?: string;
}

interface OrgAccounts {
  organizationId: string | null;
  managementAccountId: string | null;
  callerAccountId: string;
  callerArn: string;
  accounts: Array<{ id: string; name: string }>;
}

/** The organization's active accounts (or the caller's own account outside an organization). */
async function organizationAccounts(factory: ClientFactory): Promise<OrgAccounts> {
  const identity = await factory.sts().send(new GetCallerIdentityCommand({}));
  const caller = identity.Account ?? '';
  const callerArn = identity.Arn ?? 'unknown';
  try {
    const org = (await factory.organizations().send(new DescribeOrganizationCommand({}))).Organization;
    const accounts: OrgAccounts['accounts'] = [];
    for await (const page of paginateListAccounts({ client: factory.organizations() }, {}))
      for (const a of page.Accounts ?? [])
        if ((a.State ?? a.Status) === 'ACTIVE') accounts.push({ id: a.Id!, name: a.Name ?? a.Id! });
    return {
      organizationId: org?.Id ?? null,
      managementAccountId: org?.MasterAccountId ?? null,
      callerAccountId: caller,
      callerArn,
      accounts: accounts.sort((a, b) => a.name.localeCompare(b.name)),
    };
  } catch (error) {
    if (!(error instanceof AwsCallError && error.awsCode === 'AWSOrganizationsNotInUseException'))
      throw error;
    return {
      organizationId: null,
      managementAccountId: null,
      callerAccountId: caller,
      callerArn,
      accounts: [{ id: caller, name: caller }],
    };
  }
}

function pickAccounts(
  all: OrgAccounts['accounts'],
  wanted: readonly string[],
  flag: string,
): OrgAccounts['accounts'] {
  if (wanted.length === 0) return all;
  const unknown = wanted.filter((w) => !all.some((a) => a.id === w || a.name === w));
  if (unknown.length)
    throw new UsageError(
      `${flag}: no active account ${unknown.map((u) => `'${u}'`).join(', ')} in the organization`,
      'name accounts by id or by name as `orgward snapshot` shows them',
    );
  return all.filter((a) => wanted.includes(a.id) || wanted.includes(a.name));
}

/** Reads every IAM user of the chosen accounts and classifies it. Changes nothing. */
export async function inventoryIamUsers(
  options: IamInventoryOptions,
  sink?: EventSink,
): Promise<
  IamInventory & { managementAccountId: string | null; callerAccountId: string; callerArn: string }
> {
  const { factory } = options;
  const before = factory.stats.snapshot();
  const now = options.now ?? new Date();
  const dormantDays = options.dormantDays ?? 90;
  const org = await organizationAccounts(factory);
  const accounts = pickAccounts(org.accounts, options.accounts ?? [], options.accountsFlag ?? '--accounts');
  const inAccount = memberSessions(factory, org.callerAccountId, options.memberRole ?? DEFAULT_MEMBER_ROLE);
  let done = 0;
  const reads = await readIamUsers(
    accounts.map((a) => ({ ...a })),
    {
      inAccount,
      sleep: options.sleep ?? realSleep,
      ...(options.lastAccessed ? { lastAccessed: true } : {}),
      ...(options.accountConcurrency ? { accountConcurrency: options.accountConcurrency } : {}),
      onAccount: () =>
        sink?.emit?.({ type: 'progress', phase: 'IAM users', done: ++done, total: accounts.length }),
    },
  );
  for (const r of reads)
    if (r.account.status === 'unreachable')
      sink?.emit?.({
        type: 'warning',
        message: `account ${r.account.accountName} (${r.account.accountId}) was not read: ${r.account.error}`,
      });
  const users: IamUserRecord[] = reads.flatMap((r) =>
    r.users.map((u) => {
      const groupPolicies = (g: string) =>
        r.account.groups.find((x) => x.name === g)?.attachedPolicies.map((p) => p.arn) ?? [];
      return { ...u, classification: classify(u, now, dormantDays, groupPolicies) };
    }),
  );
  return {
    version: IAM_INVENTORY_VERSION,
    takenAt: now.toISOString(),
    organizationId: org.organizationId,
    managementAccountId: org.managementAccountId,
    callerAccountId: org.callerAccountId,
    callerArn: org.callerArn,
    dormantDays,
    accounts: reads.map((r) => r.account),
    users,
    calls: diffCalls(before, factory.stats.snapshot()),
  };
}

type Stats = CallStatsSnapshot;

function diffCalls(before: Stats, after: Stats): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.byOperation)) {
    const d = v - (before.byOperation[k] ?? 0);
    if (d > 0) out[k] = d;
  }
  return out;
}

/**
 * The organization's Identity Center (users, groups, permission sets) without its assignments: what
 * matching people and naming permission sets need, and nothing of the organization's tree or policies.
 */
async function identityCenterOf(
  factory: ClientFactory,
  sink?: EventSink,
): Promise<SnapshotIdentityCenter | null> {
  const gaps: Gap[] = [];
  const { identityCenter } = await readIdentityCenter(
    factory,
    gaps,
    { callerIsManagementAccount: true },
    { assignmentsOf: [] },
  );
  for (const gap of gaps)
    sink?.emit?.({
      type: 'warning',
      message: `${gap.part} was not read: ${gap.code} (${gap.service}:${gap.operation})`,
    });
  return identityCenter;
}

export interface IamPlanOptions extends IamInventoryOptions {
  match?: MatchBy;
  /** From the user's org.yaml, when known; else external when every Identity Center user came from a provider. */
  identitySource?: 'identityCenter' | 'external';
}

/** Inventory, then the Identity Center side of moving its people (docs/iam-users.md). Changes nothing. */
export async function planIamUsersMove(
  options: IamPlanOptions,
  sink?: EventSink,
): Promise<{ inventory: IamInventory; proposal: MappingProposal }> {
  const inventory = await inventoryIamUsers(options, sink);
  const ic = await identityCenterOf(options.factory, sink);
  const providerMade = ic !== null && ic.users.length > 0 && ic.users.every((u) => u.external);
  const identitySource = options.identitySource ?? (providerMade ? 'external' : 'identityCenter');
  const proposal = mapToIdentityCenter(inventory, ic, { match: options.match ?? 'email', identitySource });
  return { inventory, proposal };
}

export interface IamRetireOptions extends IamInventoryOptions {
  phase: RetirePhase;
  selection: RetireSelection;
  soakDays?: number;
  match?: MatchBy;
  forceUnmatched?: boolean;
  /** Plan only. */
  dryRun?: boolean;
  confirmed?: boolean;
  journal?: string;
}

export interface IamRetireRun {
  plan: RetirePlan;
  agreed: boolean;
  outcomes: OperationOutcome[];
  done: number;
  failed: number;
  skipped: number;
  calls: number;
}

/** The executor's operations: each user's steps in order, users side by side. */
export function retireOperations(
  plan: RetirePlan,
  via: (accountId: string) => 'caller' | { roleName: string },
): Operation[] {
  return plan.users.flatMap((user) => {
    let previous: string | undefined;
    return user.steps.map((step, i): Operation => {
      const id = `iam-user:${user.accountId}/${user.userName}:${i + 1}:${step.kind}`;
      const destructive =
        step.kind.startsWith('delete') ||
        step.kind === 'remove-from-group' ||
        step.kind === 'detach-policy' ||
        step.kind === 'deactivate-mfa';
      const op: Operation = {
        id,
        dependsOn: previous ? [previous] : [],
        kind: 'iam-user-step',
        accountId: user.accountId,
        userName: user.userName,
        via: via(user.accountId),
        step,
        impact: destructive ? 'delete' : 'update',
        summary: `${user.accountName}/${user.userName}: ${stepText(step)}`,
      };
      previous = id;
      return op;
    });
  });
}

/** Reads the users, plans the phase, asks, runs it through the executor, and journals each step. */
export async function retireIamUsers(options: IamRetireOptions, sink?: EventSink): Promise<IamRetireRun> {
  const { factory } = options;
  const before = factory.stats.snapshot().calls;
  const now = options.now ?? new Date();
  const inventory = await inventoryIamUsers(
    { ...options, now, accounts: accountsOf(options.selection), accountsFlag: '--account' },
    sink,
  );
  const { picked, named, unknown } = selectUsers(inventory.users, options.selection, now);
  if (unknown.length)
    throw new UsageError(
      `--user: no IAM user ${unknown.map((u) => `'${u}'`).join(', ')} in the accounts read`,
      'name users as `orgward iam-users inventory` lists them: <name> or <account>/<name>',
    );
  if (picked.length === 0)
    throw new UsageError(
      'no IAM user matches the selection',
      'check --user, --account and --dormant-days against `orgward iam-users inventory`',
    );
  const ic = options.phase === 'rollback' ? null : await identityCenterOf(factory, sink);
  const match = options.match ?? 'email';
  const plan = planRetire(picked, inventory.users, inventory.accounts, named, {
    phase: options.phase,
    now,
    soakDays: options.soakDays ?? 14,
    managementAccountId: inventory.managementAccountId,
    hasCounterpart: (u) => counterpartOf(u, ic, match) !== undefined,
    forceUnmatched: options.forceUnmatched === true,
  });
  for (const r of plan.refused)
    sink?.emit?.({
      type: 'warning',
      message: `refused ${r.accountName}/${r.userName}: ${r.reason}; ${r.fix}`,
    });
  const role = options.memberRole ?? DEFAULT_MEMBER_ROLE;
  const operations = retireOperations(plan, (id) =>
    id === inventory.callerAccountId ? 'caller' : { roleName: role },
  );
  const calls = () => factory.stats.snapshot().calls - before;
  const empty = { plan, outcomes: [], done: 0, failed: 0, skipped: 0 };
  if (options.dryRun || operations.length === 0) return { ...empty, agreed: false, calls: calls() };
  if (!options.confirmed) {
    if (!sink?.confirm)
      throw new UsageError(`the ${options.phase} phase needs a yes`, 'run it on a terminal, or pass --yes');
    const agreed = await sink.confirm({
      question: `${options.phase} ${plan.users.length} IAM user(s)?`,
      operations,
      destructive: operations.filter((o) => o.impact === 'delete').length,
    });
    if (!agreed) return { ...empty, agreed: false, calls: calls() };
  }
  const journal = options.journal ?? DEFAULT_IAM_USERS_JOURNAL;
  const who = inventory.callerArn;
  const result = await applyOperations(operations, {
    factory,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    events: {
      finished: (outcome) => {
        sink?.emit?.({ type: 'operation', outcome });
        if (outcome.op.kind !== 'iam-user-step') return;
        const entry = {
          at: new Date().toISOString(),
          who,
          phase: options.phase,
          account: outcome.op.accountId,
          user: outcome.op.userName,
          step: outcome.op.step,
          result: outcome.status,
          ...(outcome.status === 'failed'
            ? { detail: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) }
            : {}),
          ...(outcome.status === 'done' && outcome.note ? { detail: outcome.note } : {}),
        };
        // Written as each step ends: a run killed later still leaves what it did.
        appendFileSync(journal, `${JSON.stringify(entry)}\n`);
      },
    },
  });
  return { ...result, plan, agreed: true, calls: calls() };
}
