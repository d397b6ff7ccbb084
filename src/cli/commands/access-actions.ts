/**
 * What the `orgward access` subcommands do, loaded only when one runs: call the API, render, print or
 * write, and map "nobody can" to the exit code.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { generateAwsConfig, mergeAwsConfig } from '../../access/profiles.js';
import { overall, type PathDecision } from '../../access/queries.js';
import type { ContextValues } from '../../access/context.js';
import { accessDiffOf, accessGrant } from '../../api/access-change.js';
import {
  accessCan,
  accessMatrixOf,
  accessReachable,
  accessWhoCan,
  modelOf,
  readAccessModel,
  saveAccessModel,
  type AccessQueryOptions,
  type AccessSourceOptions,
} from '../../api/access.js';
import { ClientFactory } from '../../aws/clients.js';
import { OrgwardError, UsageError } from '../../errors/index.js';
import {
  MATRIX_FORMATS,
  renderAccessChanges,
  renderDecisions,
  renderExplain,
  renderMatrix,
  type MatrixFormat,
} from '../../render/access.js';
import { linksHtml, linksMarkdown } from '../../render/access-links.js';
import { termText } from '../../render/escape.js';
import { awsTargetFrom, type GlobalOptions } from '../context.js';
import { terminalSink } from '../sink.js';

interface SourceCliOptions {
  model?: string;
  iamRoles?: boolean;
  memberRole: string;
  startUrl?: string;
  config?: string;
}

interface RequestCliOptions extends SourceCliOptions {
  account: string[];
  resource?: string;
  inRegion?: string;
  context: string[];
  format: string;
}

function sourceOf(options: SourceCliOptions, global: GlobalOptions): AccessSourceOptions {
  return {
    ...(options.model ? { modelFile: options.model } : { factory: new ClientFactory(awsTargetFrom(global)) }),
    ...(options.iamRoles ? { iamRoles: true } : {}),
    memberRole: options.memberRole,
    ...(options.startUrl ? { startUrl: options.startUrl } : {}),
    ...(options.config ? { config: options.config } : {}),
  };
}

/** `--context key=value` (repeatable; a key given twice is multi-valued) and `--in-region`. */
export function contextOf(pairs: string[], region: string | undefined): ContextValues {
  const context: Record<string, string[]> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1)
      throw new UsageError(
        `--context ${pair} is not key=value`,
        'for example --context aws:SourceIp=203.0.113.7',
      );
    const key = pair.slice(0, at).trim();
    (context[key] ??= []).push(pair.slice(at + 1));
  }
  if (region) context['aws:RequestedRegion'] = [region];
  return context;
}

function queryOf(action: string, options: RequestCliOptions, global: GlobalOptions): AccessQueryOptions {
  if (options.format !== 'table' && options.format !== 'json')
    throw new UsageError(`--format ${options.format} is not one of table, json`);
  return {
    ...sourceOf(options, global),
    action,
    accounts: options.account,
    ...(options.resource ? { resource: options.resource } : {}),
    context: contextOf(options.context, options.inRegion),
  };
}

async function output(text: string, out: string | undefined, what: string): Promise<void> {
  if (out) {
    await writeFile(out, text);
    console.error(`${what} written to ${out}`);
  } else process.stdout.write(text);
}

export async function modelCommand(options: SourceCliOptions & { out: string }, global: GlobalOptions) {
  const source = sourceOf({ ...options, model: undefined }, global);
  const file = await readAccessModel(source.factory!, source, terminalSink());
  await saveAccessModel(file, options.out);
  const m = modelOf(file);
  console.error(
    `access model written to ${options.out}: ${m.accounts.length} accounts, ${m.identityCenter?.permissionSets.length ?? 0} permission sets, ${m.identityCenter?.assignments.length ?? 0} assignments, ${Object.keys(m.documents.awsManaged).length} AWS-managed and ${Object.keys(m.documents.customerManaged).length} customer-managed documents${file.iamRoles ? `, IAM of ${Object.keys(m.iam).length} accounts` : ''}`,
  );
}

export async function matrixCommand(
  options: SourceCliOptions & { account: string[]; format: string; out?: string },
  global: GlobalOptions,
) {
  if (!(MATRIX_FORMATS as readonly string[]).includes(options.format))
    throw new UsageError(`--format ${options.format} is not one of ${MATRIX_FORMATS.join(', ')}`);
  const { rows } = await accessMatrixOf(
    { ...sourceOf(options, global), accounts: options.account },
    terminalSink(),
  );
  await output(renderMatrix(rows, options.format as MatrixFormat), options.out, 'access matrix');
}

const scopeText = (accounts: number) => `${accounts} account${accounts === 1 ? '' : 's'}`;

export async function whoCanCommand(
  action: string,
  options: RequestCliOptions & { all?: boolean },
  global: GlobalOptions,
) {
  const query = { ...queryOf(action, options, global), ...(options.all ? { includeDenied: true } : {}) };
  const result = await accessWhoCan(query, terminalSink());
  const decisions = result.decisions;
  process.stdout.write(
    renderDecisions(
      {
        title: `who can ${result.action} on ${result.resource} in ${scopeText(result.accounts)}`,
        decisions,
        empty: 'nobody',
      },
      options.format as 'table' | 'json',
    ),
  );
}

export async function canCommand(
  principal: string,
  action: string,
  options: RequestCliOptions,
  global: GlobalOptions,
) {
  const result = await accessCan({ ...queryOf(action, options, global), subject: principal }, terminalSink());
  process.stdout.write(
    renderDecisions(
      {
        title: `can ${principal} ${result.action} on ${result.resource} in ${scopeText(result.accounts)}?`,
        decisions: result.decisions,
        empty: `${principal} has no path into ${scopeText(result.accounts)}`,
      },
      options.format as 'table' | 'json',
    ),
  );
  const answer = overall(result.decisions);
  if (answer !== 'Allow')
    throw new OrgwardError(
      'NOT_CLEAN',
      answer === 'Depends'
        ? `${principal} may, depending on the request's conditions`
        : `${principal} cannot ${result.action} there`,
      { source: 'user' },
    );
}

export async function explainCommand(
  principal: string,
  action: string,
  options: RequestCliOptions & { permissionSet?: string },
  global: GlobalOptions,
) {
  const result = await accessCan({ ...queryOf(action, options, global), subject: principal }, terminalSink());
  const chosen: PathDecision[] = result.decisions.filter(
    (d) =>
      !options.permissionSet ||
      (d.path.kind === 'identity-center' ? d.path.permissionSet : d.path.roleName) === options.permissionSet,
  );
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(chosen, null, 2)}\n`);
    return;
  }
  if (chosen.length === 0) {
    process.stdout.write(
      `${termText(principal)} has no path into ${scopeText(result.accounts)}${options.permissionSet ? ` through ${termText(options.permissionSet)}` : ''}\n`,
    );
    return;
  }
  process.stdout.write(
    `${termText(principal)} · ${result.action} · ${termText(result.resource)}\n\n${chosen.map(renderExplain).join('\n')}`,
  );
}

interface ProfilesCliOptions extends SourceCliOptions {
  user?: string;
  out?: string;
  template: string;
  sessionName: string;
  profileRegion?: string;
  sourceProfile?: string;
}

export async function profilesCommand(options: ProfilesCliOptions, global: GlobalOptions) {
  const found = await accessReachable(
    { ...sourceOf(options, global), ...(options.user ? { user: options.user } : {}) },
    terminalSink(),
  );
  const generated = generateAwsConfig(found.reachable, {
    ...(found.portal ? { portal: found.portal } : {}),
    sessionName: options.sessionName,
    template: options.template,
    ...(options.profileRegion ? { region: options.profileRegion } : {}),
    ...(options.sourceProfile ? { sourceProfile: options.sourceProfile } : {}),
  });
  for (const s of generated.skipped) console.error(`skipped ${termText(s.name)}: ${termText(s.reason)}`);
  if (!options.out) {
    process.stdout.write(generated.text);
    return;
  }
  const path = options.out.replace(/^~(?=\/|$)/, homedir());
  let existing = '';
  try {
    existing = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const merged = mergeAwsConfig(existing, generated.text);
  for (const c of merged.conflicts) console.error(`kept your own [${termText(c)}]: not written`);
  if (merged.changed) await writeFile(path, merged.text);
  console.error(
    `${generated.profiles.length} profiles for ${termText(found.user)} ${merged.changed ? `written to ${path}` : `already in ${path}`}`,
  );
}

export async function linksCommand(
  options: SourceCliOptions & { user?: string; format: string; out?: string },
  global: GlobalOptions,
) {
  if (options.format !== 'markdown' && options.format !== 'html')
    throw new UsageError(`--format ${options.format} is not one of markdown, html`);
  const found = await accessReachable(
    { ...sourceOf(options, global), ...(options.user ? { user: options.user } : {}) },
    terminalSink(),
  );
  const text =
    options.format === 'html'
      ? linksHtml(found.reachable, found.portal, `Sign-in links for ${found.user}`)
      : linksMarkdown(found.reachable, found.portal);
  await output(text, options.out, 'links');
}

interface GrantCliOptions extends SourceCliOptions {
  config: string;
  user: string;
  account: string;
  permissionSet?: string;
  actions?: string[];
  resources?: string[];
  until?: string;
  reason?: string;
  dryRun?: boolean;
}

export async function grantCommand(options: GrantCliOptions, global: GlobalOptions) {
  const result = await accessGrant(
    {
      ...sourceOf(options, global),
      config: options.config,
      request: {
        user: options.user,
        account: options.account,
        ...(options.permissionSet ? { permissionSet: options.permissionSet } : {}),
        ...(options.actions ? { actions: options.actions } : {}),
        ...(options.resources ? { resources: options.resources } : {}),
        ...(options.until ? { until: options.until } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
      },
      write: !options.dryRun,
    },
    terminalSink(),
  );
  const how = result.creates
    ? `a personal permission set ${result.permissionSet}`
    : `the existing permission set ${result.permissionSet}`;
  const lines = [
    `${result.written ? 'edited' : 'would edit'} ${options.config}: ${options.user} gets ${how} in ${options.account}${options.until ? ` until ${options.until}` : ''}`,
    '',
    'plan:',
    ...result.plan.operations.map((o) => `  + ${o.summary}`),
    '',
    renderAccessChanges(result.changes, 'text').trimEnd(),
    '',
    result.written
      ? 'review it (git diff), open a pull request, and apply after merge'
      : 'nothing was written (--dry-run)',
  ];
  process.stdout.write(`${lines.map(termText).join('\n')}\n`);
}

export async function diffCommand(
  options: SourceCliOptions & { config?: string; base?: string; format: string; exitCode?: boolean },
  global: GlobalOptions,
) {
  if (!options.config) throw new UsageError('access diff needs --config <org.yaml>');
  if (!['text', 'markdown', 'json'].includes(options.format))
    throw new UsageError(`--format ${options.format} is not one of text, markdown, json`);
  const result = await accessDiffOf(
    { ...sourceOf(options, global), config: options.config, ...(options.base ? { base: options.base } : {}) },
    terminalSink(),
  );
  process.stdout.write(renderAccessChanges(result.changes, options.format as 'text' | 'markdown' | 'json'));
  if (options.exitCode && result.changes.length)
    throw new OrgwardError('NOT_CLEAN', `${result.changes.length} access change(s)`, { source: 'user' });
}
