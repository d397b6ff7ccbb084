/**
 * Organization policies of every type: documents checked as AWS checks them, size and attachment
 * limits, policy types enabled on the root, and effective policies for the management policy types.
 */
import { optString, reqString, type MemberName } from '../../input.js';
import { typedOperations, type CallContext } from '../../service.js';
import type {
  AttachPolicyRequest,
  CreatePolicyRequest,
  DeletePolicyRequest,
  DescribeEffectivePolicyRequest,
  DescribePolicyRequest,
  DetachPolicyRequest,
  DisablePolicyTypeRequest,
  EffectivePolicyType,
  EnablePolicyTypeRequest,
  ListPoliciesForTargetRequest,
  ListPoliciesRequest,
  ListTargetsForPolicyRequest,
  Operations,
  UpdatePolicyRequest,
} from './shapes.generated.js';
import type { OrganizationState, PolicyState, PolicyType } from './state.js';
import { constraint, invalidInput, orgError, policyNotFound, rootNotFound } from './errors.js';
import { newPolicyId } from './ids.js';
import { isDelegatedAdmin, managedOrg, orgOf, pageOf, readableOrg, requireTarget } from './lookup.js';
import { AWS_MANAGED, FULL_ACCESS_BY_TYPE } from './organization.js';
import { policySummary, rootShape } from './shapes.js';
import { readTags } from './tags.js';

export const POLICY_TYPES: readonly PolicyType[] = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'SECURITYHUB_POLICY',
];

/** The largest policy document of each type AWS accepts, in characters (whitespace counts). */
const SIZE_LIMIT: Record<PolicyType, number> = {
  SERVICE_CONTROL_POLICY: 10_240,
  RESOURCE_CONTROL_POLICY: 5_120,
  TAG_POLICY: 10_000,
  BACKUP_POLICY: 10_000,
  AISERVICES_OPT_OUT_POLICY: 2_500,
  CHATBOT_POLICY: 10_000,
  DECLARATIVE_POLICY_EC2: 10_000,
  SECURITYHUB_POLICY: 10_000,
};
const COUNT_LIMIT = (type: PolicyType) => (type === 'SERVICE_CONTROL_POLICY' ? 10_000 : 1_000);
const ATTACH_LIMIT = (type: PolicyType) => (type === 'SERVICE_CONTROL_POLICY' ? 10 : 5);
/** Types DescribeEffectivePolicy answers for (the management policy types). */
const EFFECTIVE_TYPES = new Set<Extract<PolicyType, EffectivePolicyType>>([
  'TAG_POLICY',
  'BACKUP_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'SECURITYHUB_POLICY',
]);

const malformed = (why: string) =>
  orgError(
    'MalformedPolicyDocumentException',
    `The provided policy document doesn't meet the requirements of the specified policy type: ${why}.`,
  );

function checkContent(type: PolicyType, content: string): void {
  if (content.length > SIZE_LIMIT[type]) {
    throw constraint(
      'POLICY_CONTENT_LIMIT_EXCEEDED',
      `The policy document is ${content.length} characters; the limit for ${type} is ${SIZE_LIMIT[type]}.`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    throw malformed('not valid JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw malformed('not a JSON object');
  if (type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY') {
    const record = doc as Record<string, unknown>;
    const statements = Array.isArray(record.Statement)
      ? record.Statement
      : record.Statement
        ? [record.Statement]
        : [];
    if (statements.length === 0) throw malformed('a Statement is required');
    for (const st of statements as Array<Record<string, unknown>>) {
      if (st?.Effect !== 'Allow' && st?.Effect !== 'Deny')
        throw malformed('each statement needs Effect Allow or Deny');
      if (st.Action === undefined && st.NotAction === undefined)
        throw malformed('each statement needs Action or NotAction');
      if (type === 'SERVICE_CONTROL_POLICY' && (st.Principal !== undefined || st.NotPrincipal !== undefined))
        throw malformed('SCPs do not support Principal');
      if (type === 'RESOURCE_CONTROL_POLICY' && st.Effect === 'Allow')
        throw malformed('RCPs support only Deny statements');
    }
  }
}

function policyType<I extends object>(input: I, member: MemberName<I>): PolicyType {
  return reqString(input, member, { oneOf: POLICY_TYPES });
}

function requirePolicy(org: OrganizationState, input: { PolicyId?: string }): PolicyState {
  const id = reqString(input, 'PolicyId', {
    pattern: /^p-[0-9a-zA-Z_]{8,128}$|^p-FullAWSAccess$|^p-RCPFullAWSAccess$/,
  });
  const policy = org.policies[id];
  if (!policy) throw policyNotFound(id);
  return policy;
}

function isEnabled(org: OrganizationState, type: PolicyType): boolean {
  return org.root.policyTypes.includes(type);
}

function targetsOf(org: OrganizationState, policyId: string): string[] {
  return Object.entries(org.attachments)
    .filter(([, ids]) => ids.includes(policyId))
    .map(([target]) => target);
}

/** Policy names are unique within a type, AWS-managed names included. */
function nameTaken(org: OrganizationState, type: PolicyType, name: string, exceptId?: string): boolean {
  return Object.values(org.policies).some((p) => p.type === type && p.name === name && p.id !== exceptId);
}

const duplicatePolicy = () =>
  orgError('DuplicatePolicyException', 'A policy with the same name already exists.');

function createPolicy(ctx: CallContext, input: CreatePolicyRequest) {
  const org = managedOrg(ctx);
  const type = policyType(input, 'Type');
  const name = reqString(input, 'Name', { min: 1, max: 128 });
  const description = optString(input, 'Description', { max: 512 }) ?? '';
  const content = reqString(input, 'Content', { min: 1 });
  checkContent(type, content);
  if (nameTaken(org, type, name)) throw duplicatePolicy();
  const ofType = Object.values(org.policies).filter((p) => p.type === type && !p.awsManaged);
  if (ofType.length >= COUNT_LIMIT(type))
    throw constraint(
      'POLICY_NUMBER_LIMIT_EXCEEDED',
      `You have reached the maximum number of ${type} policies.`,
    );
  const policy: PolicyState = {
    id: newPolicyId(ctx.world),
    name,
    description,
    type,
    content,
    awsManaged: false,
    tags: readTags(input),
  };
  org.policies[policy.id] = policy;
  return { Policy: { PolicySummary: policySummary(org, policy), Content: content } };
}

function describePolicy(ctx: CallContext, input: DescribePolicyRequest) {
  const org = readableOrg(ctx);
  const policy = requirePolicy(org, input);
  return { Policy: { PolicySummary: policySummary(org, policy), Content: policy.content } };
}

function updatePolicy(ctx: CallContext, input: UpdatePolicyRequest) {
  const org = managedOrg(ctx);
  const policy = requirePolicy(org, input);
  if (policy.awsManaged)
    throw invalidInput(
      'IMMUTABLE_POLICY',
      "You specified a policy that is managed by AWS and can't be modified.",
    );
  const name = optString(input, 'Name', { min: 1, max: 128 });
  const description = optString(input, 'Description', { max: 512 });
  const content = optString(input, 'Content', { min: 1 });
  if (content !== undefined) checkContent(policy.type, content);
  if (name !== undefined && nameTaken(org, policy.type, name, policy.id)) throw duplicatePolicy();
  if (name !== undefined) policy.name = name;
  if (description !== undefined) policy.description = description;
  if (content !== undefined) policy.content = content;
  return { Policy: { PolicySummary: policySummary(org, policy), Content: policy.content } };
}

function deletePolicy(ctx: CallContext, input: DeletePolicyRequest) {
  const org = managedOrg(ctx);
  const policy = requirePolicy(org, input);
  if (policy.awsManaged)
    throw invalidInput(
      'IMMUTABLE_POLICY',
      "You specified a policy that is managed by AWS and can't be modified.",
    );
  if (targetsOf(org, policy.id).length > 0)
    throw orgError(
      'PolicyInUseException',
      'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
    );
  delete org.policies[policy.id];
  return {};
}

function listPolicies(ctx: CallContext, input: ListPoliciesRequest) {
  const org = readableOrg(ctx);
  const type = policyType(input, 'Filter');
  const policies = Object.values(org.policies).filter(
    (p) => p.type === type && (!p.awsManaged || isEnabled(org, type)),
  );
  const page = pageOf(ctx, policies, input, `ListPolicies:${type}`);
  return { Policies: page.items.map((p) => policySummary(org, p)), NextToken: page.nextToken };
}

function listPoliciesForTarget(ctx: CallContext, input: ListPoliciesForTargetRequest) {
  const org = readableOrg(ctx);
  const target = requireTarget(ctx, org, reqString(input, 'TargetId'));
  const type = policyType(input, 'Filter');
  const policies = (org.attachments[target.id] ?? [])
    .map((id) => org.policies[id]!)
    .filter((p) => p.type === type);
  const page = pageOf(ctx, policies, input, `ListPoliciesForTarget:${target.id}:${type}`);
  return { Policies: page.items.map((p) => policySummary(org, p)), NextToken: page.nextToken };
}

function listTargetsForPolicy(ctx: CallContext, input: ListTargetsForPolicyRequest) {
  const org = readableOrg(ctx);
  const policy = requirePolicy(org, input);
  const targets = targetsOf(org, policy.id).map((id) => requireTarget(ctx, org, id));
  const page = pageOf(ctx, targets, input, `ListTargetsForPolicy:${policy.id}`);
  return {
    Targets: page.items.map((t) => ({
      TargetId: t.id,
      Arn:
        t.kind === 'ROOT'
          ? `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${t.id}`
          : `arn:aws:organizations::${org.managementAccountId}:${t.kind === 'ACCOUNT' ? 'account' : 'ou'}/${org.id}/${t.id}`,
      Name: t.name,
      Type: t.kind,
    })),
    NextToken: page.nextToken,
  };
}

function attachPolicy(ctx: CallContext, input: AttachPolicyRequest) {
  const org = managedOrg(ctx);
  const policy = requirePolicy(org, input);
  const target = requireTarget(ctx, org, reqString(input, 'TargetId'));
  if (!isEnabled(org, policy.type))
    throw orgError(
      'PolicyTypeNotEnabledException',
      `This operation can be performed only for enabled policy types: ${policy.type} is not enabled on the root.`,
    );
  const attached = (org.attachments[target.id] ??= []);
  if (attached.includes(policy.id))
    throw orgError(
      'DuplicatePolicyAttachmentException',
      'The selected policy is already attached to the specified target.',
    );
  const sameType = attached.filter((id) => org.policies[id]?.type === policy.type).length;
  if (sameType >= ATTACH_LIMIT(policy.type)) {
    throw constraint(
      'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      `You attempted to attach more than ${ATTACH_LIMIT(policy.type)} ${policy.type} policies to ${target.id}.`,
    );
  }
  attached.push(policy.id);
  return {};
}

function detachPolicy(ctx: CallContext, input: DetachPolicyRequest) {
  const org = managedOrg(ctx);
  const policy = requirePolicy(org, input);
  const target = requireTarget(ctx, org, reqString(input, 'TargetId'));
  const attached = org.attachments[target.id] ?? [];
  if (!attached.includes(policy.id))
    throw orgError(
      'PolicyNotAttachedException',
      "The policy isn't attached to the specified target in the specified root.",
    );
  if (policy.id === 'p-RCPFullAWSAccess')
    throw invalidInput('NON_DETACHABLE_POLICY', "You can't detach the RCPFullAWSAccess policy.");
  if (
    policy.type === 'SERVICE_CONTROL_POLICY' &&
    attached.filter((id) => org.policies[id]?.type === 'SERVICE_CONTROL_POLICY').length <= 1
  ) {
    throw constraint(
      'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      'You attempted to detach the last service control policy from a root, OU or account; each must keep at least one.',
    );
  }
  org.attachments[target.id] = attached.filter((id) => id !== policy.id);
  return {};
}

function requireRoot(org: OrganizationState, input: { RootId?: string }): void {
  const rootId = reqString(input, 'RootId', { pattern: /^r-[0-9a-z]{4,32}$/ });
  if (rootId !== org.root.id) throw rootNotFound(rootId);
}

function enablePolicyType(ctx: CallContext, input: EnablePolicyTypeRequest) {
  const org = managedOrg(ctx);
  requireRoot(org, input);
  const type = policyType(input, 'PolicyType');
  if (org.featureSet !== 'ALL')
    throw orgError(
      'PolicyTypeNotAvailableForOrganizationException',
      "You can't use the specified policy type with the feature set currently enabled for this organization.",
    );
  if (isEnabled(org, type))
    throw orgError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
  org.root.policyTypes.push(type);
  const managed = FULL_ACCESS_BY_TYPE[type];
  if (managed) {
    org.policies[managed] ??= structuredClone(AWS_MANAGED[managed]!);
    for (const target of [org.root.id, ...Object.keys(org.ous), ...Object.keys(org.members)]) {
      const list = (org.attachments[target] ??= []);
      if (!list.includes(managed)) list.push(managed);
    }
  }
  return { Root: rootShape(org) };
}

function disablePolicyType(ctx: CallContext, input: DisablePolicyTypeRequest) {
  const org = managedOrg(ctx);
  requireRoot(org, input);
  const type = policyType(input, 'PolicyType');
  if (!isEnabled(org, type))
    throw orgError(
      'PolicyTypeNotEnabledException',
      'This operation can be performed only for enabled policy types.',
    );
  org.root.policyTypes = org.root.policyTypes.filter((t) => t !== type);
  for (const [target, ids] of Object.entries(org.attachments))
    org.attachments[target] = ids.filter((id) => org.policies[id]?.type !== type);
  return { Root: rootShape(org) };
}

/**
 * The effective policy of a target: the policies of the type attached from the root down to it,
 * merged key by key (a child's value overrides its parent's). AWS's inheritance operators
 * (@@assign, @@append, @@remove) are applied as plain overrides — see SPEC.md.
 */
function describeEffectivePolicy(ctx: CallContext, input: DescribeEffectivePolicyRequest) {
  const org = orgOf(ctx);
  const type = reqString(input, 'PolicyType', { oneOf: [...EFFECTIVE_TYPES] });
  const targetId = optString(input, 'TargetId') ?? ctx.caller.accountId;
  const target = requireTarget(ctx, org, targetId);
  if (target.kind !== 'ACCOUNT')
    throw invalidInput('TARGET_NOT_SUPPORTED', 'You can only get the effective policy of an account.');
  const caller = ctx.caller.accountId;
  if (caller !== org.managementAccountId && caller !== targetId && !isDelegatedAdmin(org, caller))
    throw orgError('AccessDeniedException', "You can only read your own account's effective policy.");
  const chain: string[] = [];
  for (
    let id: string | undefined = targetId;
    id;
    id = id === org.root.id ? undefined : (org.members[id]?.parentId ?? org.ous[id]?.parentId)
  )
    chain.unshift(id);
  const merged: Record<string, unknown> = {};
  let found = false;
  for (const id of chain) {
    for (const policyId of org.attachments[id] ?? []) {
      const policy = org.policies[policyId];
      if (policy?.type !== type) continue;
      found = true;
      Object.assign(merged, JSON.parse(policy.content) as Record<string, unknown>);
    }
  }
  if (!found)
    throw orgError(
      'EffectivePolicyNotFoundException',
      "We can't find an effective policy of the specified type for the target.",
    );
  return {
    EffectivePolicy: {
      PolicyContent: JSON.stringify(merged),
      LastUpdatedTimestamp: ctx.now,
      TargetId: targetId,
      PolicyType: type,
    },
  };
}

export const policyOperations = typedOperations<Operations>()({
  CreatePolicy: createPolicy,
  DescribePolicy: describePolicy,
  UpdatePolicy: updatePolicy,
  DeletePolicy: deletePolicy,
  ListPolicies: listPolicies,
  ListPoliciesForTarget: listPoliciesForTarget,
  ListTargetsForPolicy: listTargetsForPolicy,
  AttachPolicy: attachPolicy,
  DetachPolicy: detachPolicy,
  EnablePolicyType: enablePolicyType,
  DisablePolicyType: disablePolicyType,
  DescribeEffectivePolicy: describeEffectivePolicy,
});
