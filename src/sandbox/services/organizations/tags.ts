/** Tags on the root, OUs, accounts and policies. */
import { reqString, stringList, tagList, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import type { OrganizationState, Tag } from './state.js';
import { constraint, invalidInput, targetNotFound } from './errors.js';
import { managedOrg, pageOf, readableOrg } from './lookup.js';

const MAX_TAGS = 50;

export function readTags(input: Input): Tag[] {
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

function tagResource(ctx: CallContext, input: Input) {
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

function untagResource(ctx: CallContext, input: Input) {
  const target = holder(managedOrg(ctx), reqString(input, 'ResourceId'));
  const keys = stringList(input, 'TagKeys');
  target.tags = target.tags.filter((t) => !keys.includes(t.Key));
  return {};
}

function listTagsForResource(ctx: CallContext, input: Input) {
  const id = reqString(input, 'ResourceId');
  const target = holder(readableOrg(ctx), id);
  const page = pageOf(ctx, target.tags, input, `ListTagsForResource:${id}`);
  return { Tags: page.items, NextToken: page.nextToken };
}

export const tagOperations: Record<string, Handler> = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
