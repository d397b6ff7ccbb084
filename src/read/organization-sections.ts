/**
 * The sections of the organization read ({@link readOrganizationPart} runs them in order): the
 * organization and its root, the OU tree with its accounts, tags, trusted access, delegated
 * administrators, root access features, and policies with their targets. Each section reads through
 * one {@link OrganizationReadContext}.
 */
import {
  DescribePolicyCommand,
  ListRootsCommand,
  paginateListAccountsForParent,
  paginateListAWSServiceAccessForOrganization,
  paginateListDelegatedAdministrators,
  paginateListDelegatedServicesForAccount,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListTagsForResource,
  paginateListTargetsForPolicy,
  type Organization,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { ListOrganizationsFeaturesCommand } from '@aws-sdk/client-iam';
import type { ClientFactory } from '../aws/clients.js';
import { COMMON_POLICY_TYPES } from '../model/policy-types.js';
import {
  policyTypeSchema,
  type Gap,
  type PolicyType,
  type SnapshotAccount,
  type SnapshotOrganization,
  type SnapshotOu,
  type SnapshotPolicy,
} from '../model/snapshot.js';
import { mapLimit } from '../util/pool.js';
import { isAwsCode } from '../aws/errors.js';
import { OrgwardError } from '../errors/index.js';
import { readOrGap } from './gaps.js';
import type { ReadOptions, ReadProgress } from './options.js';

/** What every section of the organization read shares. */
export interface OrganizationReadContext {
  factory: ClientFactory;
  client: OrganizationsClient;
  gaps: Gap[];
  concurrency: number;
  progress: (progress: ReadProgress) => void;
}

export function organizationReadContext(
  factory: ClientFactory,
  gaps: Gap[],
  options: ReadOptions,
): OrganizationReadContext {
  return {
    factory,
    client: factory.organizations(),
    gaps,
    concurrency: options.concurrency ?? 8,
    progress: options.onProgress ?? (() => undefined),
  };
}

/** The organization's settings read before the tree; the rest of SnapshotOrganization comes later. */
export type OrganizationHead = Omit<
  SnapshotOrganization,
  'trustedAccess' | 'delegatedAdministrators' | 'rootAccess'
>;

export interface RootHead {
  id: string;
  arn: string;
  name: string;
}

export type TreeOu = Omit<SnapshotOu, 'tags'>;
export type TreeAccount = Omit<SnapshotAccount, 'tags'>;

export interface OrganizationTree {
  ous: TreeOu[];
  accounts: TreeAccount[];
}

export async function readTags(
  client: OrganizationsClient,
  resourceId: string,
): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListTagsForResource({ client }, { ResourceId: resourceId })) {
    for (const tag of page.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
  }
  return tags;
}

function iso(date: Date | undefined): string | null {
  return date ? date.toISOString() : null;
}

/**
 * The organization (as described) and its root (ListRoots): ids, feature set, management account and
 * the policy types enabled in the root.
 */
export async function readOrganizationHead(
  ctx: OrganizationReadContext,
  org: Organization | undefined,
): Promise<{ organization: OrganizationHead; root: RootHead }> {
  const { Roots: roots = [] } = await ctx.client.send(new ListRootsCommand({}));
  const root = roots[0];
  if (!org?.Id || !org.Arn || !org.MasterAccountId || !root?.Id || !root.Arn) {
    throw new OrgwardError('AWS_BAD_ANSWER', 'DescribeOrganization or ListRoots answered without ids', {
      source: 'aws',
    });
  }
  const enabledPolicyTypes = (root.PolicyTypes ?? [])
    .filter((t) => t.Status === 'ENABLED' && t.Type)
    .map((t) => policyTypeSchema.parse(t.Type))
    .sort();
  return {
    organization: {
      id: org.Id,
      arn: org.Arn,
      featureSet: org.FeatureSet === 'CONSOLIDATED_BILLING' ? 'CONSOLIDATED_BILLING' : 'ALL',
      managementAccountId: org.MasterAccountId,
      managementAccountEmail: org.MasterAccountEmail ?? '',
      enabledPolicyTypes,
    },
    root: { id: root.Id, arn: root.Arn, name: root.Name ?? 'Root' },
  };
}

interface TreeParent {
  id: string;
  path: string;
}

/** One parent's OUs (added to the tree, and answered: the next level) and then its accounts. */
async function readChildren(
  ctx: OrganizationReadContext,
  parent: TreeParent,
  tree: OrganizationTree,
  onFound?: (id: string) => void,
): Promise<TreeParent[]> {
  const { client } = ctx;
  const found: TreeParent[] = [];
  // The two listings draw on different AWS rate buckets (one per operation): side by side.
  const ous = async () => {
    for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parent.id })) {
      for (const ou of page.OrganizationalUnits ?? []) {
        if (!ou.Id || !ou.Name || !ou.Arn) continue;
        const path = parent.path ? `${parent.path}/${ou.Name}` : ou.Name;
        tree.ous.push({ id: ou.Id, arn: ou.Arn, name: ou.Name, parentId: parent.id, path });
        found.push({ id: ou.Id, path });
        onFound?.(ou.Id);
      }
    }
  };
  await Promise.all([ous(), readAccountsOf(ctx, parent, tree, onFound)]);
  return found;
}

/** One parent's accounts, added to the tree. */
async function readAccountsOf(
  ctx: OrganizationReadContext,
  parent: TreeParent,
  tree: OrganizationTree,
  onFound: ((id: string) => void) | undefined,
): Promise<void> {
  for await (const page of paginateListAccountsForParent({ client: ctx.client }, { ParentId: parent.id })) {
    for (const account of page.Accounts ?? []) {
      if (!account.Id || !account.Arn) continue;
      tree.accounts.push({
        id: account.Id,
        arn: account.Arn,
        name: account.Name ?? '',
        email: account.Email ?? '',
        state: account.State ?? account.Status ?? 'UNKNOWN',
        joinedMethod: account.JoinedMethod === 'INVITED' ? 'INVITED' : 'CREATED',
        joinedAt: iso(account.JoinedTimestamp) ?? '',
        parentId: parent.id,
      });
      onFound?.(account.Id);
    }
  }
}

/** The OU tree with its accounts, walked level by level from the root (in the order AWS lists them). */
export async function walkTree(
  ctx: OrganizationReadContext,
  rootId: string,
  /** Called with each OU and account id as soon as it is listed. */
  onFound?: (id: string) => void,
): Promise<OrganizationTree> {
  const tree: OrganizationTree = { ous: [], accounts: [] };
  let level: TreeParent[] = [{ id: rootId, path: '' }];
  while (level.length > 0) {
    const next = await mapLimit(level, ctx.concurrency, (parent) => readChildren(ctx, parent, tree, onFound));
    level = next.flat();
    ctx.progress({
      phase: 'organization tree',
      done: tree.ous.length + tree.accounts.length,
      total: undefined,
    });
  }
  return tree;
}

/**
 * Tags read while the tree is still being walked: each id is read as soon as it is added (at most
 * `ctx.concurrency` at a time), so the tag bucket's burst and refill are not left idle during the walk.
 */
export class TagReader {
  private readonly queue: string[] = [];
  private readonly tags = new Map<string, Record<string, string>>();
  private active = 0;
  private failure: Error | undefined;
  private idle: (() => void) | undefined;

  constructor(private readonly ctx: OrganizationReadContext) {}

  add(id: string): void {
    this.queue.push(id);
    this.pump();
  }

  /** Every added id's tags, once the last read is done (the first failure, if one failed). */
  async all(): Promise<Map<string, Record<string, string>>> {
    if (this.active > 0 || this.queue.length > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    if (this.failure !== undefined) throw this.failure;
    return this.tags;
  }

  private pump(): void {
    while (this.active < this.ctx.concurrency && this.queue.length > 0) {
      const id = this.queue.shift()!;
      this.active++;
      readTags(this.ctx.client, id)
        .then((tags) => {
          this.tags.set(id, tags);
          this.ctx.progress({ phase: 'tags', done: this.tags.size, total: undefined });
        })
        .catch(
          (error: unknown) => (this.failure ??= error instanceof Error ? error : new Error(String(error))),
        )
        .finally(() => {
          this.active--;
          this.pump();
          if (this.active === 0 && this.queue.length === 0) this.idle?.();
        });
    }
  }
}

/** Service principals with trusted access, by principal; null (and a gap) when refused. */
export function readTrustedAccess(
  ctx: OrganizationReadContext,
): Promise<SnapshotOrganization['trustedAccess']> {
  return readOrGap(ctx.gaps, 'organization.trustedAccess', async () => {
    const out: SnapshotOrganization['trustedAccess'] & object = [];
    for await (const page of paginateListAWSServiceAccessForOrganization({ client: ctx.client }, {})) {
      for (const s of page.EnabledServicePrincipals ?? []) {
        if (s.ServicePrincipal)
          out.push({ servicePrincipal: s.ServicePrincipal, enabledAt: iso(s.DateEnabled) });
      }
    }
    return out.sort((a, b) => a.servicePrincipal.localeCompare(b.servicePrincipal));
  });
}

type DelegatedAdministrators = NonNullable<SnapshotOrganization['delegatedAdministrators']>;

async function delegatedServicesOf(
  ctx: OrganizationReadContext,
  accountId: string,
): Promise<DelegatedAdministrators> {
  const services: DelegatedAdministrators = [];
  for await (const page of paginateListDelegatedServicesForAccount(
    { client: ctx.client },
    { AccountId: accountId },
  )) {
    for (const s of page.DelegatedServices ?? []) {
      if (s.ServicePrincipal) {
        services.push({
          accountId,
          servicePrincipal: s.ServicePrincipal,
          since: iso(s.DelegationEnabledDate),
        });
      }
    }
  }
  return services;
}

/** Every (service, delegated administrator) pair; null (and a gap) when refused. */
export function readDelegatedAdministrators(
  ctx: OrganizationReadContext,
): Promise<SnapshotOrganization['delegatedAdministrators']> {
  return readOrGap(ctx.gaps, 'organization.delegatedAdministrators', async () => {
    const admins: Array<{ id: string }> = [];
    for await (const page of paginateListDelegatedAdministrators({ client: ctx.client }, {})) {
      for (const admin of page.DelegatedAdministrators ?? []) if (admin.Id) admins.push({ id: admin.Id });
    }
    const perAdmin = await mapLimit(admins, ctx.concurrency, ({ id }) => delegatedServicesOf(ctx, id));
    return perAdmin
      .flat()
      .sort(
        (a, b) =>
          a.servicePrincipal.localeCompare(b.servicePrincipal) || a.accountId.localeCompare(b.accountId),
      );
  });
}

/** Centralized root access (IAM ListOrganizationsFeatures); null (and a gap) when refused. */
export function readRootAccess(ctx: OrganizationReadContext): Promise<SnapshotOrganization['rootAccess']> {
  return readOrGap(ctx.gaps, 'organization.rootAccess', async () => {
    let features: string[];
    try {
      features =
        (await ctx.factory.iam().send(new ListOrganizationsFeaturesCommand({}))).EnabledFeatures ?? [];
    } catch (error) {
      // Without trusted access for IAM (or all features) the features are off: a known state, not a gap.
      if (
        isAwsCode(error, 'ServiceAccessNotEnabledException') ||
        isAwsCode(error, 'OrganizationNotInAllFeaturesModeException')
      ) {
        features = [];
      } else throw error;
    }
    return {
      credentialsManagement: features.includes('RootCredentialsManagement'),
      rootSessions: features.includes('RootSessions'),
    };
  });
}

interface PolicySummary {
  id: string;
  type: PolicyType;
}

/** The ids of the policies of each type, per type; a type the endpoint does not know has none. */
function listPolicies(ctx: OrganizationReadContext, types: PolicyType[]): Promise<PolicySummary[][]> {
  return mapLimit(types, ctx.concurrency, async (type) => {
    const found: PolicySummary[] = [];
    try {
      for await (const page of paginateListPolicies({ client: ctx.client }, { Filter: type })) {
        for (const p of page.Policies ?? []) if (p.Id) found.push({ id: p.Id, type });
      }
    } catch (error) {
      // A policy type this endpoint (partition, emulator) does not know has no policies to read.
      if (!isAwsCode(error, 'InvalidInputException')) throw error;
    }
    return found;
  });
}

/** One policy: its document, targets and (unless AWS-managed) tags; `onRead` once it is read. */
async function readPolicy(
  ctx: OrganizationReadContext,
  { id, type }: PolicySummary,
  onRead: () => void,
): Promise<SnapshotPolicy> {
  const { client } = ctx;
  const described = (await client.send(new DescribePolicyCommand({ PolicyId: id }))).Policy;
  const summary = described?.PolicySummary;
  const targets: string[] = [];
  for await (const page of paginateListTargetsForPolicy({ client }, { PolicyId: id })) {
    for (const t of page.Targets ?? []) if (t.TargetId) targets.push(t.TargetId);
  }
  const awsManaged = summary?.AwsManaged ?? false;
  const policy: SnapshotPolicy = {
    id,
    arn: summary?.Arn ?? '',
    name: summary?.Name ?? id,
    type,
    description: summary?.Description ?? '',
    awsManaged,
    content: described?.Content ?? '',
    targets: targets.sort(),
    tags: awsManaged ? {} : await readTags(client, id),
  };
  onRead();
  return policy;
}

/**
 * Every policy of the common types and the enabled ones (policies outlive their type being disabled,
 * so every common type is listed, enabled or not), unsorted.
 */
export async function readPolicies(
  ctx: OrganizationReadContext,
  enabledPolicyTypes: readonly PolicyType[],
): Promise<SnapshotPolicy[]> {
  const policyTypes: PolicyType[] = [...new Set<PolicyType>([...COMMON_POLICY_TYPES, ...enabledPolicyTypes])];
  const summaries = (await listPolicies(ctx, policyTypes)).flat();
  let done = 0;
  return mapLimit(summaries, ctx.concurrency, (summary) =>
    readPolicy(ctx, summary, () =>
      ctx.progress({ phase: 'policies', done: ++done, total: summaries.length }),
    ),
  );
}

/** The part as the snapshot holds it: tags joined on, everything in a stable order. */
export function assembleOrganizationPart(
  head: { organization: OrganizationHead; root: RootHead },
  tree: OrganizationTree,
  tagsById: Map<string, Record<string, string>>,
  settings: Pick<SnapshotOrganization, 'trustedAccess' | 'delegatedAdministrators' | 'rootAccess'>,
  policies: SnapshotPolicy[],
): {
  organization: SnapshotOrganization;
  root: RootHead & { tags: Record<string, string> };
  ous: SnapshotOu[];
  accounts: SnapshotAccount[];
  policies: SnapshotPolicy[];
} {
  const { root } = head;
  return {
    organization: {
      ...head.organization,
      trustedAccess: settings.trustedAccess,
      delegatedAdministrators: settings.delegatedAdministrators,
      rootAccess: settings.rootAccess,
    },
    root: { ...root, tags: tagsById.get(root.id) ?? {} },
    ous: tree.ous
      .map((ou) => ({ ...ou, tags: tagsById.get(ou.id) ?? {} }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    accounts: tree.accounts
      .map((account) => ({ ...account, tags: tagsById.get(account.id) ?? {} }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    policies: policies.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name)),
  };
}
