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
  TagReader,
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
  // Independent reads draw on different AWS rate buckets (one per operation): all side by side, and
  // tags read as the walk finds each OU and account, not after it.
  const tags = new TagReader(ctx);
  tags.add(head.root.id);
  const [tree, trustedAccess, delegatedAdministrators, rootAccess, policies] = await Promise.all([
    walkTree(ctx, head.root.id, (id) => tags.add(id)),
    readTrustedAccess(ctx),
    readDelegatedAdministrators(ctx),
    readRootAccess(ctx),
    readPolicies(ctx, head.organization.enabledPolicyTypes),
  ]);
  const tagsById = await tags.all();
  return assembleOrganizationPart(
    head,
    tree,
    tagsById,
    { trustedAccess, delegatedAdministrators, rootAccess },
    policies,
  );
}
