/** OUs and the tree: create, rename, delete, list children and parents. */
import { optString, reqString } from '../../input.js';
import { typedOperations, type CallContext } from '../../service.js';
import type {
  CreateOrganizationalUnitRequest,
  DeleteOrganizationalUnitRequest,
  DescribeOrganizationalUnitRequest,
  ListAccountsForParentRequest,
  ListChildrenRequest,
  ListOrganizationalUnitsForParentRequest,
  ListParentsRequest,
  ListParentsResponse,
  Operations,
  UpdateOrganizationalUnitRequest,
} from './shapes.generated.js';
import type { OrganizationState } from './state.js';
import { childNotFound, constraint, orgError, ouNotFound, parentNotFound } from './errors.js';
import { newOuId } from './ids.js';
import { depthOf, isParent, managedOrg, MAX_OU_DEPTH, pageOf, readableOrg } from './lookup.js';
import { attachDefaults } from './organization.js';
import { accountShape, ouShape } from './shapes.js';
import { readTags } from './tags.js';

const OU_LIMIT = 2000;
const OU_NAME = { min: 1, max: 128 };
const PARENT_ID = /^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

function duplicateName(org: OrganizationState, parentId: string, name: string, except?: string): boolean {
  return Object.values(org.ous).some(
    (ou) => ou.parentId === parentId && ou.name === name && ou.id !== except,
  );
}

function createOu(ctx: CallContext, input: CreateOrganizationalUnitRequest) {
  const org = managedOrg(ctx);
  const parentId = reqString(input, 'ParentId', { pattern: PARENT_ID });
  const name = reqString(input, 'Name', OU_NAME);
  if (!isParent(org, parentId)) throw parentNotFound(parentId);
  if (Object.keys(org.ous).length >= OU_LIMIT)
    throw constraint('OU_NUMBER_LIMIT_EXCEEDED', `You have reached the maximum of ${OU_LIMIT} OUs.`);
  if (parentId !== org.root.id && depthOf(org, parentId) >= MAX_OU_DEPTH) {
    throw constraint(
      'OU_DEPTH_LIMIT_EXCEEDED',
      `You attempted to create an OU tree that is too many levels deep (the maximum is ${MAX_OU_DEPTH}).`,
    );
  }
  if (duplicateName(org, parentId, name)) {
    throw orgError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
  }
  const ou = { id: newOuId(ctx.world, org), name, parentId, tags: readTags(input) };
  org.ous[ou.id] = ou;
  attachDefaults(org, ou.id);
  return { OrganizationalUnit: ouShape(org, ou) };
}

function requireOu(org: OrganizationState, input: { OrganizationalUnitId?: string }) {
  const id = reqString(input, 'OrganizationalUnitId');
  const ou = org.ous[id];
  if (!ou) throw ouNotFound(id);
  return ou;
}

function describeOu(ctx: CallContext, input: DescribeOrganizationalUnitRequest) {
  const org = readableOrg(ctx);
  return { OrganizationalUnit: ouShape(org, requireOu(org, input)) };
}

function updateOu(ctx: CallContext, input: UpdateOrganizationalUnitRequest) {
  const org = managedOrg(ctx);
  const ou = requireOu(org, input);
  const name = optString(input, 'Name', OU_NAME);
  if (name !== undefined) {
    if (duplicateName(org, ou.parentId, name, ou.id))
      throw orgError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
    ou.name = name;
  }
  return { OrganizationalUnit: ouShape(org, ou) };
}

function deleteOu(ctx: CallContext, input: DeleteOrganizationalUnitRequest) {
  const org = managedOrg(ctx);
  const ou = requireOu(org, input);
  const hasChildren =
    Object.values(org.ous).some((o) => o.parentId === ou.id) ||
    Object.values(org.members).some((m) => m.parentId === ou.id);
  if (hasChildren) {
    throw orgError(
      'OrganizationalUnitNotEmptyException',
      'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try again.',
    );
  }
  delete org.ous[ou.id];
  delete org.attachments[ou.id];
  return {};
}

function requireParent(org: OrganizationState, input: { ParentId?: string }): string {
  const parentId = reqString(input, 'ParentId', { pattern: PARENT_ID });
  if (!isParent(org, parentId)) throw parentNotFound(parentId);
  return parentId;
}

function listOusForParent(ctx: CallContext, input: ListOrganizationalUnitsForParentRequest) {
  const org = readableOrg(ctx);
  const parentId = requireParent(org, input);
  const ous = Object.values(org.ous).filter((ou) => ou.parentId === parentId);
  const page = pageOf(ctx, ous, input, `ListOrganizationalUnitsForParent:${parentId}`);
  return { OrganizationalUnits: page.items.map((ou) => ouShape(org, ou)), NextToken: page.nextToken };
}

function listAccountsForParent(ctx: CallContext, input: ListAccountsForParentRequest) {
  const org = readableOrg(ctx);
  const parentId = requireParent(org, input);
  const members = Object.values(org.members).filter((m) => m.parentId === parentId);
  const page = pageOf(ctx, members, input, `ListAccountsForParent:${parentId}`);
  return { Accounts: page.items.map((m) => accountShape(ctx.world, org, m)), NextToken: page.nextToken };
}

function listChildren(ctx: CallContext, input: ListChildrenRequest) {
  const org = readableOrg(ctx);
  const parentId = requireParent(org, input);
  const childType = reqString(input, 'ChildType', { oneOf: ['ACCOUNT', 'ORGANIZATIONAL_UNIT'] });
  const ids =
    childType === 'ACCOUNT'
      ? Object.values(org.members)
          .filter((m) => m.parentId === parentId)
          .map((m) => m.accountId)
      : Object.values(org.ous)
          .filter((o) => o.parentId === parentId)
          .map((o) => o.id);
  const page = pageOf(ctx, ids, input, `ListChildren:${parentId}:${childType}`);
  return { Children: page.items.map((Id) => ({ Id, Type: childType })), NextToken: page.nextToken };
}

function listParents(ctx: CallContext, input: ListParentsRequest): ListParentsResponse {
  const org = readableOrg(ctx);
  const childId = reqString(input, 'ChildId');
  const parentId = org.members[childId]?.parentId ?? org.ous[childId]?.parentId;
  if (!parentId) throw childNotFound(childId);
  const page = pageOf(ctx, [parentId], input, `ListParents:${childId}`);
  return {
    Parents: page.items.map((Id) => ({ Id, Type: Id === org.root.id ? 'ROOT' : 'ORGANIZATIONAL_UNIT' })),
    NextToken: page.nextToken,
  };
}

export const treeOperations = typedOperations<Operations>()({
  CreateOrganizationalUnit: createOu,
  DescribeOrganizationalUnit: describeOu,
  UpdateOrganizationalUnit: updateOu,
  DeleteOrganizationalUnit: deleteOu,
  ListOrganizationalUnitsForParent: listOusForParent,
  ListAccountsForParent: listAccountsForParent,
  ListChildren: listChildren,
  ListParents: listParents,
});
