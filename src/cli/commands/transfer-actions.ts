/**
 * What the `orgward transfer` subcommands do, loaded only when one runs: make the factories each side
 * needs from the profiles, call the API, print, and map the outcome to an exit code.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { executeTransfer, verifyTransfer } from '../../api/transfer.js';
import {
  endBillingTransfer,
  listBillingTransfers,
  type BillingTransfer,
} from '../../api/transfer-billing.js';
import { planTransferMove, type DestinationSource, type TransferSides } from '../../api/transfer-plan.js';
import { ClientFactory } from '../../aws/clients.js';
import { OrgwardError, UsageError } from '../../errors/index.js';
import type { TransferPath } from '../../model/transfer.js';
import {
  renderTransfer,
  renderTransferRun,
  renderVerification,
  TRANSFER_FORMATS,
  type TransferFormat,
} from '../../render/transfer.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { terminalSink } from '../sink.js';

interface SideOptions {
  fromProfile?: string;
  toProfile?: string;
  accountProfile?: string;
  memberRole: string;
}

export interface PlanCliOptions extends SideOptions {
  account: string[];
  to: string;
  ou?: string;
  standalone?: boolean;
  billingOnly?: boolean;
  billingStart?: string;
  rootEmail?: string;
  regions?: string[];
  scan: string;
  format: string;
  out?: string;
}

export interface ExecuteCliOptions extends SideOptions {
  done: string[];
  deregister?: boolean;
  otp?: string;
  reinvite?: boolean;
  journal: string;
  yes?: boolean;
}

export type VerifyCliOptions = SideOptions;

const factoryFor = (global: GlobalOptions, profile: string | undefined) =>
  new ClientFactory(awsTargetFrom({ ...global, ...(profile ? { profile } : {}) }));

/** The destination `--to` names: an org.yaml, a snapshot file, or a profile; `--to-profile` reads it live too. */
function destinationOf(
  to: string | undefined,
  options: SideOptions,
  global: GlobalOptions,
): DestinationSource {
  const live = options.toProfile ? { factory: factoryFor(global, options.toProfile) } : {};
  if (!to) return live;
  if (/\.ya?ml$/i.test(to) || /\.json$/i.test(to)) {
    if (!existsSync(to))
      throw new UsageError(
        `--to ${to}: no such file`,
        'pass the destination’s org.yaml, a snapshot file, or a profile name',
      );
    return /\.json$/i.test(to) ? { ...live, snapshotFile: to } : { ...live, configFile: to };
  }
  if (options.toProfile && options.toProfile !== to)
    throw new UsageError(
      `--to ${to} and --to-profile ${options.toProfile} name two profiles`,
      'pass one of them',
    );
  return { factory: factoryFor(global, to) };
}

function sidesOf(options: SideOptions, global: GlobalOptions, to?: string): TransferSides {
  const accountFactory = options.accountProfile ? factoryFor(global, options.accountProfile) : undefined;
  return {
    source: factoryFor(global, options.fromProfile),
    destination: destinationOf(to, options, global),
    memberRole: options.memberRole,
    ...(accountFactory ? { account: () => accountFactory } : {}),
  };
}

/** The terminal sink without per-operation lines (the run is printed whole at the end). */
const quietSink = () => terminalSink({ quietOperations: true });

function pathOf(options: PlanCliOptions): TransferPath {
  if (options.standalone && options.billingOnly)
    throw new UsageError('--standalone and --billing-only are two different moves', 'pass one of them');
  return options.billingOnly ? 'billing' : options.standalone ? 'standalone' : 'direct';
}

export async function transferPlan(options: PlanCliOptions, global: GlobalOptions): Promise<void> {
  if (!(TRANSFER_FORMATS as readonly string[]).includes(options.format))
    throw new UsageError(`--format ${options.format} is not one of ${TRANSFER_FORMATS.join(', ')}`);
  if (!['organization', 'accounts', 'none'].includes(options.scan))
    throw new UsageError(`--scan ${options.scan} is not one of organization, accounts, none`);
  const path = pathOf(options);
  const sink = quietSink();
  const plan = await planTransferMove(
    {
      ...sidesOf(options, global, options.to),
      accounts: options.account,
      path,
      ...(options.ou ? { ou: options.ou } : {}),
      ...(options.regions?.length ? { regions: options.regions } : {}),
      scan: options.scan as 'organization' | 'accounts' | 'none',
      ...(options.rootEmail ? { rootEmail: options.rootEmail } : {}),
      ...(options.billingStart ? { billingStart: new Date(options.billingStart).toISOString() } : {}),
    },
    sink,
  ).finally(() => sink.done());
  const text = renderTransfer(plan, options.format as TransferFormat);
  if (options.out) {
    await writeFile(options.out, text);
    console.error(`plan written to ${options.out}`);
  } else process.stdout.write(text);
}

export async function transferExecute(
  planFile: string,
  options: ExecuteCliOptions,
  global: GlobalOptions,
): Promise<void> {
  const sink = quietSink();
  const run = await executeTransfer(
    {
      ...sidesOf(options, global),
      plan: planFile,
      journal: options.journal,
      done: options.done,
      deregister: options.deregister === true,
      ...(options.otp ? { otp: options.otp } : {}),
      reinvite: options.reinvite === true,
      confirmed: options.yes === true,
    },
    sink,
  ).finally(() => sink.done());
  if (!run.agreed) {
    console.log('nothing was changed');
    return;
  }
  process.stdout.write(renderTransferRun(run));
  const closed = run.outcomes.find(
    (o) =>
      o.status === 'failed' &&
      o.error instanceof OrgwardError &&
      o.error.code === 'TRANSFER_HANDSHAKE_CLOSED',
  );
  if (closed && closed.status === 'failed') throw closed.error;
  if (run.failed > 0 || run.waiting.length > 0)
    throw new OrgwardError(
      'NOT_CLEAN',
      run.failed > 0
        ? `${run.failed} step(s) failed`
        : `waiting for a person: ${run.waiting.map((w) => w.step).join(', ')}`,
      { source: 'user', hint: 'do what is asked above, then run the same command again (it resumes)' },
    );
}

export async function transferVerify(
  planFile: string,
  options: VerifyCliOptions,
  global: GlobalOptions,
): Promise<void> {
  const sink = quietSink();
  const result = await verifyTransfer({ ...sidesOf(options, global), plan: planFile }, sink).finally(() =>
    sink.done(),
  );
  process.stdout.write(renderVerification(result));
  if (result.left > 0)
    throw new OrgwardError('NOT_CLEAN', `${result.left} item(s) left from the plan`, { source: 'user' });
}

export interface BillingCliOptions {
  endTransfer?: string;
  end?: string;
  format: string;
  yes?: boolean;
}

const billingLine = (t: BillingTransfer) =>
  `${t.id}  ${t.direction === 'inbound' ? 'pays for' : 'paid by'} ${t.direction === 'inbound' ? t.payee : t.payer}  ${t.status}  from ${t.start?.slice(0, 10) ?? '?'}${t.end ? ` to ${t.end.slice(0, 10)}` : ''}`;

export async function transferBilling(options: BillingCliOptions, global: GlobalOptions): Promise<void> {
  if (!['text', 'json'].includes(options.format))
    throw new UsageError(`--format ${options.format} is not one of text, json`);
  const factory = factoryFor(global, undefined);
  if (options.endTransfer) {
    const sink = quietSink();
    const ended = await endBillingTransfer(
      {
        factory,
        id: options.endTransfer,
        ...(options.end ? { end: options.end } : {}),
        confirmed: options.yes === true,
      },
      sink,
    ).finally(() => sink.done());
    console.log(options.format === 'json' ? JSON.stringify(ended, null, 2) : billingLine(ended));
    return;
  }
  const transfers = await listBillingTransfers(factory);
  if (options.format === 'json') console.log(JSON.stringify(transfers, null, 2));
  else console.log(transfers.length ? transfers.map(billingLine).join('\n') : 'no billing transfers');
}
