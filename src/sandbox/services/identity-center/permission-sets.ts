/** Permission sets and their policies (inline, AWS-managed, customer-managed references, boundary), and tags. */
import { optList, optRecord, optString, reqString, tagList, type Input } from '../../input.js';
import { HEX, randomString } from '../../rng.js';
import type { CallContext, Handler } from '../../service.js';
import type { InstanceState, PermissionSetState } from './state.js';
import {
  conflict,
  instanceForCaller,
  notFound,
  page,
  quotaExceeded,
  requireInstance,
  validation,
} from './access.js';

export const PERMISSION_SET_QUOTA = 3500;
const MANAGED_POLICY_QUOTA = 20;
const INLINE_MAX_BYTES = 32_768;
const NAME = { min: 1, max: 32, pattern: /^[\w+=,.@-]+$/ };
const DURATION = /^PT(\d+H)?(\d+M)?$/;

function minutes(duration: string): number {
  const m = DURATION.exec(duration);
  return m ? Number(m[1]?.slice(0, -1) ?? 0) * 60 + Number(m[2]?.slice(0, -1) ?? 0) : 0;
}

function sessionDuration(input: Input): string | undefined {
  const value = optString(input, 'SessionDuration');
  if (value === undefined) return undefined;
  const total = minutes(value);
  if (!DURATION.test(value) || total < 60 || total > 720)
    throw validation(`SessionDuration ${value} must be an ISO-8601 duration from PT1H to PT12H.`);
  return value;
}

export function instanceOf(ctx: CallContext, input: Input): InstanceState {
  return requireInstance(
    ctx,
    reqString(input, 'InstanceArn', {
      pattern: /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/,
    }),
  );
}

export function permissionSetOf(instance: InstanceState, input: Input): PermissionSetState {
  const arn = reqString(input, 'PermissionSetArn');
  const ps = instance.permissionSets[arn];
  if (!ps) throw notFound(`Could not find PermissionSet with ARN ${arn}`);
  return ps;
}

export function permissionSetShape(ps: PermissionSetState) {
  return {
    Name: ps.name,
    PermissionSetArn: ps.arn,
    ...(ps.description ? { Description: ps.description } : {}),
    CreatedDate: new Date(ps.createdDate),
    SessionDuration: ps.sessionDuration,
    ...(ps.relayState ? { RelayState: ps.relayState } : {}),
  };
}

/** A change to a permission set's content: accounts where it is provisioned are now out of date. */
function changed(ps: PermissionSetState): void {
  ps.version++;
}

function listInstances(ctx: CallContext) {
  const instance = instanceForCaller(ctx);
  return {
    Instances: instance
      ? [
          {
            InstanceArn: instance.instanceArn,
            IdentityStoreId: instance.identityStoreId,
            OwnerAccountId: instance.ownerAccountId,
            CreatedDate: new Date(instance.createdDate),
            Status: instance.status,
          },
        ]
      : [],
  };
}

function describeInstance(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  return {
    InstanceArn: instance.instanceArn,
    IdentityStoreId: instance.identityStoreId,
    OwnerAccountId: instance.ownerAccountId,
    CreatedDate: new Date(instance.createdDate),
    Status: instance.status,
  };
}

function createPermissionSet(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const name = reqString(input, 'Name', NAME);
  if (Object.values(instance.permissionSets).some((p) => p.name === name))
    throw conflict(`PermissionSet with name ${name} already exists.`);
  if (Object.keys(instance.permissionSets).length >= PERMISSION_SET_QUOTA) {
    throw quotaExceeded(`An instance can have at most ${PERMISSION_SET_QUOTA} permission sets.`);
  }
  const ps: PermissionSetState = {
    arn: `${instance.instanceArn.replace(':instance/', ':permissionSet/')}/ps-${randomString(ctx.world, HEX, 16)}`,
    name,
    ...(optString(input, 'Description', { min: 1, max: 700 })
      ? { description: optString(input, 'Description')! }
      : {}),
    sessionDuration: sessionDuration(input) ?? 'PT1H',
    ...(optString(input, 'RelayState', { min: 1, max: 240 })
      ? { relayState: optString(input, 'RelayState')! }
      : {}),
    createdDate: ctx.now.toISOString(),
    tags: tagList(input, 'Tags'),
    managedPolicies: [],
    customerManagedPolicies: [],
    version: 1,
  };
  instance.permissionSets[ps.arn] = ps;
  return { PermissionSet: permissionSetShape(ps) };
}

function describePermissionSet(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  return { PermissionSet: permissionSetShape(permissionSetOf(instance, input)) };
}

function updatePermissionSet(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  const description = optString(input, 'Description', { min: 1, max: 700 });
  const duration = sessionDuration(input);
  const relay = optString(input, 'RelayState', { min: 1, max: 240 });
  if (description !== undefined) ps.description = description;
  if (duration !== undefined) ps.sessionDuration = duration;
  if (relay !== undefined) ps.relayState = relay;
  changed(ps);
  return {};
}

function deletePermissionSet(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const ps = permissionSetOf(instance, input);
  const provisioned = Object.values(instance.provisioned).some((byPs) => byPs[ps.arn] !== undefined);
  if (provisioned || instance.assignments.some((a) => a.permissionSetArn === ps.arn)) {
    throw conflict(
      'The permission set is provisioned to accounts or assigned; remove its assignments first.',
    );
  }
  delete instance.permissionSets[ps.arn];
  return {};
}

function listPermissionSets(ctx: CallContext, input: Input) {
  const instance = instanceOf(ctx, input);
  const p = page(
    ctx,
    Object.keys(instance.permissionSets),
    input,
    `ListPermissionSets:${instance.instanceArn}`,
  );
  return { PermissionSets: p.items, NextToken: p.nextToken };
}

function putInline(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  const document = reqString(input, 'InlinePolicy', { min: 1, max: INLINE_MAX_BYTES });
  try {
    JSON.parse(document);
  } catch {
    throw validation('The inline policy is not valid JSON.');
  }
  ps.inlinePolicy = document;
  changed(ps);
  return {};
}

function getInline(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  return { InlinePolicy: ps.inlinePolicy ?? '' };
}

function deleteInline(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  delete ps.inlinePolicy;
  changed(ps);
  return {};
}

function policyCount(ps: PermissionSetState): number {
  return ps.managedPolicies.length + ps.customerManagedPolicies.length;
}

function attachManaged(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  const arn = reqString(input, 'ManagedPolicyArn', { min: 20, max: 2048 });
  if (!/^arn:aws[a-z-]*:iam::aws:policy\//.test(arn))
    throw validation(`${arn} is not an AWS managed policy ARN.`);
  if (ps.managedPolicies.includes(arn))
    throw conflict(`Policy ${arn} is already attached to the permission set.`);
  if (policyCount(ps) >= MANAGED_POLICY_QUOTA)
    throw quotaExceeded(
      `A permission set can have at most ${MANAGED_POLICY_QUOTA} managed and customer managed policies.`,
    );
  ps.managedPolicies.push(arn);
  changed(ps);
  return {};
}

function detachManaged(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  const arn = reqString(input, 'ManagedPolicyArn');
  if (!ps.managedPolicies.includes(arn))
    throw notFound(`Policy ${arn} is not attached to the permission set.`);
  ps.managedPolicies = ps.managedPolicies.filter((a) => a !== arn);
  changed(ps);
  return {};
}

function listManaged(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  const p = page(ctx, ps.managedPolicies, input, `ListManagedPoliciesInPermissionSet:${ps.arn}`);
  return {
    AttachedManagedPolicies: p.items.map((Arn) => ({ Arn, Name: Arn.split('/').pop()! })),
    NextToken: p.nextToken,
  };
}

function reference(input: Input, member = 'CustomerManagedPolicyReference') {
  const ref = optRecord(input, member);
  if (!ref) throw validation(`${member} is required.`);
  return {
    name: reqString(ref, 'Name', { min: 1, max: 128 }),
    path: optString(ref, 'Path', { min: 1, max: 512 }) ?? '/',
  };
}

function attachCmp(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  const ref = reference(input);
  if (ps.customerManagedPolicies.some((c) => c.name === ref.name && c.path === ref.path))
    throw conflict(`Customer managed policy ${ref.path}${ref.name} is already referenced.`);
  if (policyCount(ps) >= MANAGED_POLICY_QUOTA)
    throw quotaExceeded(
      `A permission set can have at most ${MANAGED_POLICY_QUOTA} managed and customer managed policies.`,
    );
  ps.customerManagedPolicies.push(ref);
  changed(ps);
  return {};
}

function detachCmp(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  const ref = reference(input);
  const before = ps.customerManagedPolicies.length;
  ps.customerManagedPolicies = ps.customerManagedPolicies.filter(
    (c) => !(c.name === ref.name && c.path === ref.path),
  );
  if (ps.customerManagedPolicies.length === before)
    throw notFound(`Customer managed policy ${ref.path}${ref.name} is not referenced.`);
  changed(ps);
  return {};
}

function listCmp(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  const p = page(
    ctx,
    ps.customerManagedPolicies,
    input,
    `ListCustomerManagedPolicyReferencesInPermissionSet:${ps.arn}`,
  );
  return {
    CustomerManagedPolicyReferences: p.items.map((c) => ({ Name: c.name, Path: c.path })),
    NextToken: p.nextToken,
  };
}

function putBoundary(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  const boundary = optRecord(input, 'PermissionsBoundary');
  if (!boundary) throw validation('PermissionsBoundary is required.');
  const managed = optString(boundary, 'ManagedPolicyArn');
  ps.permissionsBoundary = managed
    ? { managedPolicyArn: managed }
    : { customerManagedPolicyReference: reference(boundary) };
  changed(ps);
  return {};
}

function getBoundary(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  const b = ps.permissionsBoundary;
  if (!b) throw notFound('The permission set has no permissions boundary.');
  return {
    PermissionsBoundary: b.managedPolicyArn
      ? { ManagedPolicyArn: b.managedPolicyArn }
      : {
          CustomerManagedPolicyReference: {
            Name: b.customerManagedPolicyReference!.name,
            Path: b.customerManagedPolicyReference!.path,
          },
        },
  };
}

function deleteBoundary(ctx: CallContext, input: Input) {
  const ps = permissionSetOf(instanceOf(ctx, input), input);
  if (!ps.permissionsBoundary) throw notFound('The permission set has no permissions boundary.');
  delete ps.permissionsBoundary;
  changed(ps);
  return {};
}

function taggable(ctx: CallContext, input: Input): { tags: Array<{ Key: string; Value: string }> } {
  const instance = instanceOf(ctx, input);
  const arn = reqString(input, 'ResourceArn');
  const ps = instance.permissionSets[arn];
  if (!ps) throw notFound(`Could not find resource ${arn}`);
  return ps;
}

function tagResource(ctx: CallContext, input: Input) {
  const target = taggable(ctx, input);
  for (const tag of tagList(input, 'Tags')) {
    const existing = target.tags.find((t) => t.Key === tag.Key);
    if (existing) existing.Value = tag.Value;
    else target.tags.push(tag);
  }
  return {};
}

function untagResource(ctx: CallContext, input: Input) {
  const target = taggable(ctx, input);
  const keys = (optList(input, 'TagKeys') ?? []) as string[];
  target.tags = target.tags.filter((t) => !keys.includes(t.Key));
  return {};
}

function listTags(ctx: CallContext, input: Input) {
  const target = taggable(ctx, input);
  const p = page(ctx, target.tags, input, `ListTagsForResource:${reqString(input, 'ResourceArn')}`);
  return { Tags: p.items, NextToken: p.nextToken };
}

export const permissionSetOperations: Record<string, Handler> = {
  ListInstances: listInstances,
  DescribeInstance: describeInstance,
  CreatePermissionSet: createPermissionSet,
  DescribePermissionSet: describePermissionSet,
  UpdatePermissionSet: updatePermissionSet,
  DeletePermissionSet: deletePermissionSet,
  ListPermissionSets: listPermissionSets,
  PutInlinePolicyToPermissionSet: putInline,
  GetInlinePolicyForPermissionSet: getInline,
  DeleteInlinePolicyFromPermissionSet: deleteInline,
  AttachManagedPolicyToPermissionSet: attachManaged,
  DetachManagedPolicyFromPermissionSet: detachManaged,
  ListManagedPoliciesInPermissionSet: listManaged,
  AttachCustomerManagedPolicyReferenceToPermissionSet: attachCmp,
  DetachCustomerManagedPolicyReferenceFromPermissionSet: detachCmp,
  ListCustomerManagedPolicyReferencesInPermissionSet: listCmp,
  PutPermissionsBoundaryToPermissionSet: putBoundary,
  GetPermissionsBoundaryForPermissionSet: getBoundary,
  DeletePermissionsBoundaryFromPermissionSet: deleteBoundary,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTags,
};
