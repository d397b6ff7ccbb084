/** Tags on the root, OUs, accounts and policies. */
import { reqString, stringList, tagList } from '../../input.js';
import { typedOperations, type CallContext } from '../../service.js';
import type {
  ListTagsForResourceRequest,
  Operations,
  TagResourceRequest,
  UntagResourceRequest,
} from './shapes.generated.js';
import type { OrganizationState, Tag } from './state.js';
import { constraint, invalidInput, targetNotFound } from './errors.js';
import { managedOrg, pageOf, readableOrg } from './lookup.js';

const MAX_TAGS = 50;

/** The `Tags` of a request that may carry them (CreateAccount, CreatePolicy, TagResource, ...). */
export function readTags(input: { Tags?: unknown }): Tag[] {
  const tags = tagList(input, 'Tags');
  const keys = new Set<string>();
  for (const tag of tags) {
    if (keys.has(tag.Key))
      throw invalidInput('DUPLICATE_TAG_KEY', `You specified the tag key ${tag.Key} more than once.`);
    keys.add(tag.Key);
  }
  if (tags.length > MAX_TAGS)
    throw constraint('MAX_TAG_LIMIT_EXCEEDED', `A resource can have at most ${MAX_TAGS} tags.`);
  return tags;
}

function holder(org: OrganizationState, id: string): { tags: Tag[] } {
  const found = id === org.root.id ? org.root : (org.ous[id] ?? org.members[id] ?? org.policies[id]);
  if (!found || ('awsManaged' in found && found.awsManaged)) throw targetNotFound(id);
  return found;
}

function tagResource(ctx: CallContext, input: TagResourceRequest) {
  const target = holder(managedOrg(ctx), reqString(input, 'ResourceId'));
  const tags = readTags(input);
  for (const tag of tags) {
    const existing = target.tags.find((t) => t.Key === tag.Key);
    if (existing) existing.Value = tag.Value;
    else target.tags.push(tag);
  }
  if (target.tags.length > MAX_TAGS)
    throw constraint('MAX_TAG_LIMIT_EXCEEDED', `A resource can have at most ${MAX_TAGS} tags.`);
  return {};
}

function untagResource(ctx: CallContext, input: UntagResourceRequest) {
  const target = holder(managedOrg(ctx), reqString(input, 'ResourceId'));
  const keys = stringList(input, 'TagKeys');
  target.tags = target.tags.filter((t) => !keys.includes(t.Key));
  return {};
}

function listTagsForResource(ctx: CallContext, input: ListTagsForResourceRequest) {
  const id = reqString(input, 'ResourceId');
  const target = holder(readableOrg(ctx), id);
  const page = pageOf(ctx, target.tags, input, `ListTagsForResource:${id}`);
  return { Tags: page.items, NextToken: page.nextToken };
}

export const tagOperations = typedOperations<Operations>()({
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
});
