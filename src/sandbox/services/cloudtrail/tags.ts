/** AddTags, ListTags, RemoveTags on trails (ResourceId is the trail ARN). */
import { optList, optString, reqString, stringList, type Input } from '../../input.js';
import { InputError } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { trailError } from './errors.js';
import { findTrail } from './lookup.js';
import type { Tag, TrailState } from './state.js';

const MAX_TAGS = 50;

export function readTags(input: Input, member: string): Tag[] {
  return (optList(input, member) ?? []).map((item) => {
    if (typeof item !== 'object' || item === null) throw new InputError(`${member} must hold tags`);
    const tag = item as Input;
    const key = reqString(tag, 'Key', { min: 1, max: 128 });
    const value = optString(tag, 'Value', { max: 256 });
    return value === undefined ? { Key: key } : { Key: key, Value: value };
  });
}

function resource(ctx: CallContext, id: string): TrailState {
  if (!id.startsWith('arn:')) throw trailError('CloudTrailARNInvalidException', `Invalid trail ARN: ${id}`);
  const trail = findTrail(ctx, id);
  if (!trail) throw trailError('ResourceNotFoundException', `Resource not found: ${id}`);
  return trail;
}

const addTags: Handler = (ctx, input) => {
  const trail = resource(ctx, reqString(input, 'ResourceId'));
  const merged = new Map(trail.tags.map((t) => [t.Key, t]));
  for (const tag of readTags(input, 'TagsList')) merged.set(tag.Key, tag);
  if (merged.size > MAX_TAGS)
    throw trailError('TagsLimitExceededException', `The number of tags exceeds the limit of ${MAX_TAGS}.`);
  trail.tags = [...merged.values()];
  return {};
};

const removeTags: Handler = (ctx, input) => {
  const trail = resource(ctx, reqString(input, 'ResourceId'));
  const keys = new Set(readTags(input, 'TagsList').map((t) => t.Key));
  trail.tags = trail.tags.filter((t) => !keys.has(t.Key));
  return {};
};

const listTags: Handler = (ctx, input) => {
  const ids = stringList(input, 'ResourceIdList');
  if (ids.length > 20)
    throw trailError('InvalidParameterException', 'ResourceIdList can hold at most 20 resource ids.');
  return {
    ResourceTagList: ids.map((id) => ({ ResourceId: id, TagsList: resource(ctx, id).tags })),
  };
};

export const tagOperations: Record<string, Handler> = {
  AddTags: addTags,
  RemoveTags: removeTags,
  ListTags: listTags,
};
