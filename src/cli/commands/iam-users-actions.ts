/**
 * What the `orgward iam-users` subcommands do, loaded only when one runs: call the API, print, write
 * files, and map refusals to exit codes.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { inventoryIamUsers, planIamUsersMove, retireIamUsers } from '../../api/iam-users.js';
import { loadConfig } from '../../api/config.js';
import { ClientFactory } from '../../aws/clients.js';
import { mergeIdentityCenterFragment } from '../../config/merge-fragment.js';
import { OrgwardError, UsageError } from '../../errors/index.js';
import { fragmentOf, type MatchBy } from '../../iam-users/map.js';
import type { RetirePhase } from '../../model/iam-users.js';
import {
  INVENTORY_FORMATS,
  renderInventory,
  renderProposal,
  renderRetirePlan,
  renderRetireRun,
  type InventoryFormat,
} from '../../render/iam-users.js';
import { termText } from '../../render/escape.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { terminalSink } from '../sink.js';

interface ReadingOptions {
  accounts: string[];
  dormantDays: number;
  memberRole: string;
}

export interface InventoryCliOptions extends ReadingOptions {
  lastAccessed?: boolean;
  format: string;
  out?: string;
}

export interface PlanCliOptions extends ReadingOptions {
  toIdentityCenter: boolean;
  match: string;
  config?: string;
  merge?: string;
  out?: string;
  format: string;
}

export interface RetireCliOptions {
  phase: string;
  user: string[];
  account: string[];
  dormantDays?: number;
  soakDays: number;
  match: string;
  forceUnmatched?: boolean;
  memberRole: string;
  journal: string;
  dryRun?: boolean;
  yes?: boolean;
}

function matchOf(value: string): MatchBy {
  if (value !== 'email' && value !== 'username')
    throw new UsageError(`--match ${value} is not one of email, username`);
  return value;
}

/** The terminal sink without per-operation lines (the run is printed whole at the end). */
const quietSink = () => terminalSink({ quietOperations: true });

function reading(options: ReadingOptions, global: GlobalOptions) {
  return {
    factory: new ClientFactory(awsTargetFrom(global)),
    accounts: options.accounts,
    dormantDays: options.dormantDays,
    memberRole: options.memberRole,
  };
}

async function output(text: string, out: string | undefined, what: string): Promise<void> {
  if (out) {
    await writeFile(out, text);
    console.error(`${what} written to ${out}`);
  } else process.stdout.write(text);
}

export async function iamUsersInventory(options: InventoryCliOptions, global: GlobalOptions): Promise<void> {
  if (!(INVENTORY_FORMATS as readonly string[]).includes(options.format))
    throw new UsageError(`--format ${options.format} is not one of ${INVENTORY_FORMATS.join(', ')}`);
  const sink = quietSink();
  const inventory = await inventoryIamUsers(
    { ...reading(options, global), ...(options.lastAccessed ? { lastAccessed: true } : {}) },
    sink,
  ).finally(() => sink.done());
  await output(renderInventory(inventory, options.format as InventoryFormat), options.out, 'inventory');
}

/** The identity source of the user's org.yaml, when given (it must be valid). */
function identitySourceOf(file: string | undefined): 'identityCenter' | 'external' | undefined {
  if (!file) return undefined;
  const loaded = loadConfig(file);
  if (!loaded.config)
    throw new OrgwardError('CONFIG_INVALID', `${file} has errors`, {
      source: 'user',
      hint: `run orgward validate ${file}`,
    });
  return loaded.config.identityCenter?.identitySource ?? 'identityCenter';
}

export async function iamUsersPlan(options: PlanCliOptions, global: GlobalOptions): Promise<void> {
  if (!['text', 'json'].includes(options.format))
    throw new UsageError(`--format ${options.format} is not one of text, json`);
  const configFile = options.config ?? options.merge;
  const identitySource = identitySourceOf(configFile);
  const sink = quietSink();
  const { proposal } = await planIamUsersMove(
    {
      ...reading(options, global),
      match: matchOf(options.match),
      ...(identitySource ? { identitySource } : {}),
    },
    sink,
  ).finally(() => sink.done());
  const fragment = fragmentOf(proposal);
  if (options.out) await writeFile(options.out, stringify({ identityCenter: fragment }, { lineWidth: 0 }));
  if (options.merge) {
    const merged = mergeIdentityCenterFragment(options.merge, readFileSync(options.merge, 'utf8'), fragment);
    await writeFile(options.merge, merged.text);
    console.error(
      `${options.merge}: ${merged.added.length} entries added${merged.kept.length ? `, kept as the file has them: ${merged.kept.join(', ')}` : ''}; review with git diff, then orgward plan`,
    );
  }
  process.stdout.write(
    options.format === 'json'
      ? `${JSON.stringify({ proposal, fragment }, null, 2)}\n`
      : renderProposal(proposal, fragment),
  );
}

function phaseOf(value: string): RetirePhase {
  if (value !== 'deactivate' && value !== 'delete' && value !== 'rollback')
    throw new UsageError(
      `--phase ${value} is not one of deactivate, delete, rollback`,
      'start with --phase deactivate',
    );
  return value;
}

export async function iamUsersRetire(options: RetireCliOptions, global: GlobalOptions): Promise<void> {
  const phase = phaseOf(options.phase);
  const sink = quietSink();
  const run = await retireIamUsers(
    {
      factory: new ClientFactory(awsTargetFrom(global)),
      memberRole: options.memberRole,
      phase,
      selection: {
        users: options.user,
        accounts: options.account,
        dormantDays: options.dormantDays,
      },
      soakDays: options.soakDays,
      match: matchOf(options.match),
      forceUnmatched: options.forceUnmatched === true,
      dryRun: options.dryRun === true,
      confirmed: options.yes === true,
      journal: options.journal,
    },
    {
      ...sink,
      ...(sink.confirm
        ? {
            // The steps first, then the question.
            confirm: (request) => {
              process.stdout.write(
                `${request.operations.map((o) => `  ${termText(o.summary)}`).join('\n')}\n`,
              );
              return sink.confirm!(request);
            },
          }
        : {}),
    },
  ).finally(() => sink.done());
  if (run.agreed) process.stdout.write(renderRetireRun(run));
  else {
    process.stdout.write(renderRetirePlan(run.plan, { dryRun: true }));
    if (!options.dryRun && run.plan.users.length) console.log('nothing was changed');
  }
  if (run.failed > 0)
    throw new OrgwardError('NOT_CLEAN', `${run.failed} step(s) failed`, {
      source: 'user',
      hint: 'fix what is named above, then run the same command again (every step is safe to repeat)',
    });
  if (run.plan.refused.length)
    throw new OrgwardError('IAM_USERS_REFUSED', `${run.plan.refused.length} user(s) refused`, {
      source: 'user',
      hint: 'each refusal above says what to do; the other users were handled',
    });
}
