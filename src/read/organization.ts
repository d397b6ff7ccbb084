/**
 * Reads the organization: its settings, the OU tree (walked by parent: per parent one
 * ListOrganizationalUnitsForParent and one ListAccountsForParent walk, which return full Account
 * objects, so no DescribeAccount or ListParents per account), tags, and policies of every enabled type
 * with their targets. Cost ≈ 2·(OUs+1) + accounts/20 tree calls, one tag call per OU, account and
 * customer policy, and 2 calls per policy (aws-limits.md §1).
 */
import {
  DescribeOrganizationCommand,
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
import { readOrGap } from './gaps.js';
import type { ReadOptions } from './options.js';

export interface OrganizationPart {
  organization: SnapshotOrganization;
  root: { id: string; arn: string; name: string; tags: Record<string, string> };
  ous: SnapshotOu[];
  accounts: SnapshotAccount[];
  policies: SnapshotPolicy[];
}

async function readTags(client: OrganizationsClient, resourceId: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListTagsForResource({ client }, { ResourceId: resourceId })) {
    for (const tag of page.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
  }
  return tags;
}

function iso(date: Date | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** DescribeOrganization, read once per run and shared by the parts that need it. */
export async function describeOrganization(factory: ClientFactory): Promise<Organization | undefined> {
  return (await factory.organizations().send(new DescribeOrganizationCommand({}))).Organization;
}

export async function readOrganizationPart(
  factory: ClientFactory,
  gaps: Gap[],
  options: ReadOptions = {},
  described?: Organization,
): Promise<OrganizationPart> {
  const client = factory.organizations();
  const concurrency = options.concurrency ?? 8;
  const progress = options.onProgress ?? (() => undefined);

  const org = described ?? (await describeOrganization(factory));
  const { Roots: roots = [] } = await client.send(new ListRootsCommand({}));
  const root = roots[0];
  if (!org?.Id || !org.Arn || !org.MasterAccountId || !root?.Id || !root.Arn) {
    throw new Error('DescribeOrganization or ListRoots answered without ids');
  }
  const enabledPolicyTypes = (root.PolicyTypes ?? [])
    .filter((t) => t.Status === 'ENABLED' && t.Type)
    .map((t) => policyTypeSchema.parse(t.Type))
    .sort();

  // The tree, level by level.
  const ous: Array<Omit<SnapshotOu, 'tags'>> = [];
  const accounts: Array<Omit<SnapshotAccount, 'tags'>> = [];
  let level: Array<{ id: string; path: string }> = [{ id: root.Id, path: '' }];
  while (level.length > 0) {
    const next = await mapLimit(level, concurrency, async (parent) => {
      const found: Array<{ id: string; path: string }> = [];
      for await (const page of paginateListOrganizationalUnitsForParent(
        { client },
        { ParentId: parent.id },
      )) {
        for (const ou of page.OrganizationalUnits ?? []) {
          if (!ou.Id || !ou.Name || !ou.Arn) continue;
          const path = parent.path ? `${parent.path}/${ou.Name}` : ou.Name;
          ous.push({ id: ou.Id, arn: ou.Arn, name: ou.Name, parentId: parent.id, path });
          found.push({ id: ou.Id, path });
        }
      }
      for await (const page of paginateListAccountsForParent({ client }, { ParentId: parent.id })) {
        for (const account of page.Accounts ?? []) {
          if (!account.Id || !account.Arn) continue;
          accounts.push({
            id: account.Id,
            arn: account.Arn,
            name: account.Name ?? '',
            email: account.Email ?? '',
            state: account.State ?? account.Status ?? 'UNKNOWN',
            joinedMethod: account.JoinedMethod === 'INVITED' ? 'INVITED' : 'CREATED',
            joinedAt: iso(account.JoinedTimestamp) ?? '',
            parentId: parent.id,
          });
        }
      }
      return found;
    });
    level = next.flat();
    progress({ phase: 'organization tree', done: ous.length + accounts.length, total: undefined });
  }

  const tagged = [root.Id, ...ous.map((o) => o.id), ...accounts.map((a) => a.id)];
  let tagsDone = 0;
  const tagsTask = mapLimit(tagged, concurrency, async (id) => {
    const tags = await readTags(client, id);
    progress({ phase: 'tags', done: ++tagsDone, total: tagged.length });
    return tags;
  });

  const trustedTask = readOrGap(gaps, 'organization.trustedAccess', async () => {
    const out: SnapshotOrganization['trustedAccess'] & object = [];
    for await (const page of paginateListAWSServiceAccessForOrganization({ client }, {})) {
      for (const s of page.EnabledServicePrincipals ?? []) {
        if (s.ServicePrincipal)
          out.push({ servicePrincipal: s.ServicePrincipal, enabledAt: iso(s.DateEnabled) });
      }
    }
    return out.sort((a, b) => a.servicePrincipal.localeCompare(b.servicePrincipal));
  });

  const delegatedTask = readOrGap(gaps, 'organization.delegatedAdministrators', async () => {
    const admins: Array<{ id: string }> = [];
    for await (const page of paginateListDelegatedAdministrators({ client }, {})) {
      for (const admin of page.DelegatedAdministrators ?? []) if (admin.Id) admins.push({ id: admin.Id });
    }
    const perAdmin = await mapLimit(admins, concurrency, async ({ id }) => {
      const services: NonNullable<SnapshotOrganization['delegatedAdministrators']> = [];
      for await (const page of paginateListDelegatedServicesForAccount({ client }, { AccountId: id })) {
        for (const s of page.DelegatedServices ?? []) {
          if (s.ServicePrincipal) {
            services.push({
              accountId: id,
              servicePrincipal: s.ServicePrincipal,
              since: iso(s.DelegationEnabledDate),
            });
          }
        }
      }
      return services;
    });
    return perAdmin
      .flat()
      .sort(
        (a, b) =>
          a.servicePrincipal.localeCompare(b.servicePrincipal) || a.accountId.localeCompare(b.accountId),
      );
  });

  const rootAccessTask = readOrGap(gaps, 'organization.rootAccess', async () => {
    let features: string[];
    try {
      features = (await factory.iam().send(new ListOrganizationsFeaturesCommand({}))).EnabledFeatures ?? [];
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

  // Policies outlive their type being disabled, so every common type is listed, enabled or not.
  const policyTypes: PolicyType[] = [...new Set<PolicyType>([...COMMON_POLICY_TYPES, ...enabledPolicyTypes])];
  const policiesTask = (async () => {
    const summaries = (
      await mapLimit(policyTypes, concurrency, async (type) => {
        const found: Array<{ id: string; type: PolicyType }> = [];
        try {
          for await (const page of paginateListPolicies({ client }, { Filter: type })) {
            for (const p of page.Policies ?? []) if (p.Id) found.push({ id: p.Id, type });
          }
        } catch (error) {
          // A policy type this endpoint (partition, emulator) does not know has no policies to read.
          if (!isAwsCode(error, 'InvalidInputException')) throw error;
        }
        return found;
      })
    ).flat();
    let policiesDone = 0;
    return mapLimit(summaries, concurrency, async ({ id, type }) => {
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
      progress({ phase: 'policies', done: ++policiesDone, total: summaries.length });
      return policy;
    });
  })();

  // Independent reads draw on different AWS rate buckets: run them side by side.
  const [tagList, trustedAccess, delegatedAdministrators, rootAccess, policies] = await Promise.all([
    tagsTask,
    trustedTask,
    delegatedTask,
    rootAccessTask,
    policiesTask,
  ]);
  const tagsById = new Map(tagged.map((id, i) => [id, tagList[i]!]));

  return {
    organization: {
      id: org.Id,
      arn: org.Arn,
      featureSet: org.FeatureSet === 'CONSOLIDATED_BILLING' ? 'CONSOLIDATED_BILLING' : 'ALL',
      managementAccountId: org.MasterAccountId,
      managementAccountEmail: org.MasterAccountEmail ?? '',
      enabledPolicyTypes,
      trustedAccess,
      delegatedAdministrators,
      rootAccess,
    },
    root: { id: root.Id, arn: root.Arn, name: root.Name ?? 'Root', tags: tagsById.get(root.Id) ?? {} },
    ous: ous
      .map((ou) => ({ ...ou, tags: tagsById.get(ou.id) ?? {} }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    accounts: accounts
      .map((account) => ({ ...account, tags: tagsById.get(account.id) ?? {} }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    policies: policies.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name)),
  };
}
