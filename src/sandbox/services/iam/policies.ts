/**
 * Managed policies: the account's customer-managed policies and the AWS-managed catalogue, their
 * versions (at most five), and who they are attached to.
 */
import { optBool, optString, reqString, type Input } from '../../input.js';
import type { Handler } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import {
  date,
  deleteConflict,
  entityAlreadyExists,
  iamAccount,
  iamPage,
  inputTags,
  invalidInput,
  limitExceeded,
  newIamId,
  noSuchEntity,
  policyNameRules,
  tagsOrUndefined,
} from './common.js';
import { AWS_MANAGED_POLICIES } from './managed-catalogue.js';
import {
  checkPolicySize,
  encodeDocument,
  MANAGED_POLICY_SIZE,
  parsePolicyDocument,
  policySize,
} from './policy-documents.js';
import { iamOf, type ManagedPolicyState, type PolicyVersionState } from './state.js';

export const POLICIES_QUOTA = 1500;
export const VERSIONS_PER_POLICY = 5;

const POLICY_PATH = /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/;
const ARN_RULES = { min: 20, max: 2048 };
const VERSION_RULES = { pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/ };

export interface FoundPolicy {
  state: ManagedPolicyState;
  awsManaged: boolean;
  attachable: boolean;
}

/** A managed policy by ARN: AWS's catalogue, or the account's own. */
export function findPolicy(account: AccountRecord, arn: string): FoundPolicy | undefined {
  const aws = AWS_MANAGED_POLICIES.get(arn);
  if (aws) return { state: aws, awsManaged: true, attachable: aws.attachable };
  const local = iamOf(account).policies[arn];
  return local ? { state: local, awsManaged: false, attachable: true } : undefined;
}

export function policyNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** `arn:aws:iam::aws:policy/job-function/Billing` → `/job-function/`. */
export function policyPathOf(arn: string): string {
  const start = arn.indexOf(':policy/') + ':policy'.length;
  return arn.slice(start, arn.lastIndexOf('/') + 1);
}

function reqPolicyArn(input: Input): string {
  const arn = reqString(input, 'PolicyArn', ARN_RULES);
  if (!/^arn:aws:iam::(aws|\d{12}):policy\//.test(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
  return arn;
}

function requirePolicy(account: AccountRecord, arn: string): FoundPolicy {
  const found = findPolicy(account, arn);
  if (!found) throw noSuchEntity(`Policy ${arn} was not found.`);
  return found;
}

function requireLocal(account: AccountRecord, arn: string): ManagedPolicyState {
  const found = requirePolicy(account, arn);
  if (found.awsManaged) throw invalidInput(`Policy ${arn} is an AWS managed policy and cannot be changed.`);
  return found.state;
}

interface PolicyHolderLike {
  attachedPolicies: string[];
}

/** How many users, groups and roles of the account each policy ARN is attached to. */
export function attachmentCounts(account: AccountRecord): Map<string, number> {
  const counts = new Map<string, number>();
  const { users, groups, roles } = account.iam;
  const holders: Array<Record<string, PolicyHolderLike>> = [users, groups, roles];
  for (const byName of holders) {
    for (const holder of Object.values(byName)) {
      for (const arn of holder.attachedPolicies) counts.set(arn, (counts.get(arn) ?? 0) + 1);
    }
  }
  return counts;
}

function defaultVersion(policy: ManagedPolicyState): PolicyVersionState {
  return policy.versions.find((v) => v.isDefault) ?? policy.versions[0]!;
}

export function policyOutput(found: FoundPolicy, attachments: number) {
  const { state } = found;
  return {
    PolicyName: state.policyName,
    PolicyId: state.policyId,
    Arn: state.arn,
    Path: state.path,
    DefaultVersionId: defaultVersion(state).versionId,
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: found.attachable,
    Description: state.description,
    CreateDate: date(state.createDate),
    UpdateDate: date(state.updateDate),
    Tags: tagsOrUndefined(state.tags),
  };
}

export function versionOutput(version: PolicyVersionState, withDocument: boolean) {
  return {
    Document: withDocument ? encodeDocument(version.document) : undefined,
    VersionId: version.versionId,
    IsDefaultVersion: version.isDefault,
    CreateDate: date(version.createDate),
  };
}

function checkedDocument(input: Input): string {
  const document = reqString(input, 'PolicyDocument', { min: 1, max: 131072 });
  parsePolicyDocument(document, 'identity');
  checkPolicySize(policySize(document), 'PolicySize', MANAGED_POLICY_SIZE);
  return document;
}

const createPolicy: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const name = reqString(input, 'PolicyName', policyNameRules);
  const path = optString(input, 'Path', { min: 1, max: 512, pattern: POLICY_PATH }) ?? '/';
  const description = optString(input, 'Description', { max: 1000 });
  const tags = inputTags(input);
  const document = checkedDocument(input);
  const arn = `arn:aws:iam::${account.id}:policy${path}${name}`;
  const lower = name.toLowerCase();
  if (Object.values(iamOf(account).policies).some((p) => p.policyName.toLowerCase() === lower))
    throw entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
  if (Object.keys(iamOf(account).policies).length >= POLICIES_QUOTA)
    throw limitExceeded(`Cannot exceed quota for PoliciesPerAccount: ${POLICIES_QUOTA}`);
  const now = ctx.now.toISOString();
  const policy: ManagedPolicyState = {
    policyName: name,
    policyId: newIamId(ctx, 'ANPA'),
    arn,
    path,
    ...(description ? { description } : {}),
    createDate: now,
    updateDate: now,
    versions: [{ versionId: 'v1', document, isDefault: true, createDate: now }],
    tags,
  };
  iamOf(account).policies[arn] = policy;
  return { Policy: policyOutput({ state: policy, awsManaged: false, attachable: true }, 0) };
};

const getPolicy: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const arn = reqPolicyArn(input);
  const found = requirePolicy(account, arn);
  return { Policy: policyOutput(found, attachmentCounts(account).get(arn) ?? 0) };
};

function requireVersion(policy: ManagedPolicyState, versionId: string): PolicyVersionState {
  const version = policy.versions.find((v) => v.versionId === versionId);
  if (!version)
    throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
  return version;
}

const getPolicyVersion: Handler = (ctx, input) => {
  const found = requirePolicy(iamAccount(ctx), reqPolicyArn(input));
  const version = requireVersion(found.state, reqString(input, 'VersionId', VERSION_RULES));
  return { PolicyVersion: versionOutput(version, true) };
};

const listPolicies: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const scope = optString(input, 'Scope', { oneOf: ['All', 'AWS', 'Local'] }) ?? 'All';
  const onlyAttached = optBool(input, 'OnlyAttached') ?? false;
  const prefix = optString(input, 'PathPrefix', { min: 1, max: 512, pattern: POLICY_PATH });
  optString(input, 'PolicyUsageFilter', { oneOf: ['PermissionsPolicy', 'PermissionsBoundary'] });
  const counts = attachmentCounts(account);
  const candidates: FoundPolicy[] = [];
  if (scope !== 'Local')
    for (const p of AWS_MANAGED_POLICIES.values())
      candidates.push({ state: p, awsManaged: true, attachable: p.attachable });
  if (scope !== 'AWS')
    for (const p of Object.values(iamOf(account).policies))
      candidates.push({ state: p, awsManaged: false, attachable: true });
  const selected = candidates.filter(
    (p) =>
      (!onlyAttached || (counts.get(p.state.arn) ?? 0) > 0) && (!prefix || p.state.path.startsWith(prefix)),
  );
  const page = iamPage(ctx, input, selected, `ListPolicies:${scope}:${onlyAttached}:${prefix ?? ''}`);
  return {
    Policies: page.items.map((p) => ({
      ...policyOutput(p, counts.get(p.state.arn) ?? 0),
      Description: undefined,
      Tags: undefined,
    })),
    ...page.meta,
  };
};

const deletePolicy: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const arn = reqPolicyArn(input);
  const policy = requireLocal(account, arn);
  if ((attachmentCounts(account).get(arn) ?? 0) > 0)
    throw deleteConflict('Cannot delete a policy attached to entities.');
  if (policy.versions.length > 1)
    throw deleteConflict(
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
  delete iamOf(account).policies[arn];
  return {};
};

function makeDefault(policy: ManagedPolicyState, version: PolicyVersionState, now: Date): void {
  for (const v of policy.versions) v.isDefault = v === version;
  policy.updateDate = now.toISOString();
}

const createPolicyVersion: Handler = (ctx, input) => {
  const policy = requireLocal(iamAccount(ctx), reqPolicyArn(input));
  const document = checkedDocument(input);
  if (policy.versions.length >= VERSIONS_PER_POLICY)
    throw limitExceeded(
      `A managed policy can have up to ${VERSIONS_PER_POLICY} versions. Before you create a new version, you must delete an existing version.`,
    );
  const next = Math.max(...policy.versions.map((v) => Number(v.versionId.slice(1)) || 0)) + 1;
  const version: PolicyVersionState = {
    versionId: `v${next}`,
    document,
    isDefault: false,
    createDate: ctx.now.toISOString(),
  };
  policy.versions.push(version);
  if (optBool(input, 'SetAsDefault')) makeDefault(policy, version, ctx.now);
  return { PolicyVersion: versionOutput(version, false) };
};

const listPolicyVersions: Handler = (ctx, input) => {
  const found = requirePolicy(iamAccount(ctx), reqPolicyArn(input));
  const newestFirst = [...found.state.versions].reverse();
  const page = iamPage(ctx, input, newestFirst, `ListPolicyVersions:${found.state.arn}`);
  return { Versions: page.items.map((v) => versionOutput(v, false)), ...page.meta };
};

const deletePolicyVersion: Handler = (ctx, input) => {
  const policy = requireLocal(iamAccount(ctx), reqPolicyArn(input));
  const version = requireVersion(policy, reqString(input, 'VersionId', VERSION_RULES));
  if (version.isDefault) throw deleteConflict('Cannot delete the default version of a policy.');
  policy.versions = policy.versions.filter((v) => v !== version);
  return {};
};

const setDefaultPolicyVersion: Handler = (ctx, input) => {
  const policy = requireLocal(iamAccount(ctx), reqPolicyArn(input));
  makeDefault(policy, requireVersion(policy, reqString(input, 'VersionId', VERSION_RULES)), ctx.now);
  return {};
};

type EntityRow =
  | { kind: 'User'; entry: { UserName: string; UserId: string } }
  | { kind: 'Group'; entry: { GroupName: string; GroupId: string } }
  | { kind: 'Role'; entry: { RoleName: string; RoleId: string } };

const listEntitiesForPolicy: Handler = (ctx, input) => {
  const account = iamAccount(ctx);
  const arn = reqPolicyArn(input);
  requirePolicy(account, arn);
  const filter = optString(input, 'EntityFilter', {
    oneOf: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'],
  });
  const prefix = optString(input, 'PathPrefix', { min: 1, max: 512 }) ?? '/';
  const wants = (kind: EntityRow['kind']) =>
    filter === undefined || filter === kind || filter.endsWith('ManagedPolicy');
  const rows: EntityRow[] = [];
  const { users, groups, roles } = account.iam;
  if (wants('Group'))
    for (const g of Object.values(groups))
      if (g.attachedPolicies.includes(arn) && g.path.startsWith(prefix))
        rows.push({ kind: 'Group', entry: { GroupName: g.groupName, GroupId: g.groupId } });
  if (wants('User'))
    for (const u of Object.values(users))
      if (u.attachedPolicies.includes(arn) && u.path.startsWith(prefix))
        rows.push({ kind: 'User', entry: { UserName: u.userName, UserId: u.userId } });
  if (wants('Role'))
    for (const r of Object.values(roles))
      if (r.attachedPolicies.includes(arn) && r.path.startsWith(prefix))
        rows.push({ kind: 'Role', entry: { RoleName: r.roleName, RoleId: r.roleId } });
  const page = iamPage(ctx, input, rows, `ListEntitiesForPolicy:${arn}:${filter ?? ''}:${prefix}`);
  const pick = <K extends EntityRow['kind']>(kind: K) =>
    page.items.filter((r): r is Extract<EntityRow, { kind: K }> => r.kind === kind).map((r) => r.entry);
  return { PolicyGroups: pick('Group'), PolicyUsers: pick('User'), PolicyRoles: pick('Role'), ...page.meta };
};

export const policyOperations: Record<string, Handler> = {
  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  GetPolicyVersion: getPolicyVersion,
  ListPolicies: listPolicies,
  DeletePolicy: deletePolicy,
  CreatePolicyVersion: createPolicyVersion,
  ListPolicyVersions: listPolicyVersions,
  DeletePolicyVersion: deletePolicyVersion,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
  ListEntitiesForPolicy: listEntitiesForPolicy,
};
