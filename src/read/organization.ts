/**
 * Reads the organization: its settings, the OU tree (walked by parent: per parent one
 * ListOrganizationalUnitsForParent and one ListAccountsForParent walk, which return full Account
 * objects, so no DescribeAccount or ListParents per account), tags, and policies of every enabled type
 * with their targets. Cost ≈ 2·(OUs+1) + accounts/20 tree calls, one tag call per OU, account and
 * customer policy, and 2 calls per policy (docs/aws-limits.md#organizations).
 */
import { DescribeOrganizationCommand, type Organization } from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../aws/clients.js';
import type {
  Gap,
  SnapshotAccount,
  SnapshotOrganization,
  SnapshotOu,
  SnapshotPolicy,
} from '../model/snapshot.js';
import type { ReadOptions } from './options.js';
import {
  assembleOrganizationPart,
  organizationReadContext,
  readDelegatedAdministrators,
  readOrganizationHead,
  readPolicies,
  readRootAccess,
  readTagsOf,
  readTrustedAccess,
  walkTree,
} from './organization-sections.js';

export interface OrganizationPart {
  organization: SnapshotOrganization;
  root: { id: string; arn: string; name: string; tags: Record<string, string> };
  ous: SnapshotOu[];
  accounts: SnapshotAccount[];
  policies: SnapshotPolicy[];
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
  const ctx = organizationReadContext(factory, gaps, options);
  const head = await readOrganizationHead(ctx, described ?? (await describeOrganization(factory)));
  const tree = await walkTree(ctx, head.root.id);
  const tagged = [head.root.id, ...tree.ous.map((o) => o.id), ...tree.accounts.map((a) => a.id)];
  // Independent reads draw on different AWS rate buckets: run them side by side (started in this order).
  const [tagList, trustedAccess, delegatedAdministrators, rootAccess, policies] = await Promise.all([
    readTagsOf(ctx, tagged),
    readTrustedAccess(ctx),
    readDelegatedAdministrators(ctx),
    readRootAccess(ctx),
    readPolicies(ctx, head.organization.enabledPolicyTypes),
  ]);
  const tagsById = new Map(tagged.map((id, i) => [id, tagList[i]!]));
  return assembleOrganizationPart(
    head,
    tree,
    tagsById,
    { trustedAccess, delegatedAdministrators, rootAccess },
    policies,
  );
}
