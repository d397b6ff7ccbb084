/**
 * CreateFilter, ListFilters, GetFilter, UpdateFilter, DeleteFilter: a detector's saved filters, which
 * become suppression rules when their action is ARCHIVE. Ranks are positions: 1 to the number of
 * filters, without gaps; a filter placed at a rank pushes the ones from that rank on down by one.
 */
import { optInt, optRecord, optString, reqString, stringList, type Input } from '../../input.js';
import type { CallContext, Handler } from '../../service.js';
import { ownDetector } from './detectors.js';
import { badRequest } from './errors.js';
import type { DetectorState, FilterCondition, FilterState } from './state.js';

/** AWS's quota: 100 saved filters per account and region (the account's one detector there). */
export const MAX_FILTERS = 100;
const NAME_RULES = { min: 3, max: 64, pattern: /^[A-Za-z0-9._-]+$/ };
const ACTIONS = ['NOOP', 'ARCHIVE'] as const;
const RANK = { min: 1, max: 100 };
/** Values a list condition (equals, notEquals) takes, and patterns a match condition takes. */
const MAX_VALUES = 50;
const MAX_PATTERNS = 5;

type ListKey = 'equals' | 'notEquals' | 'matches' | 'notMatches';
type NumberKey = 'greaterThan' | 'greaterThanOrEqual' | 'lessThan' | 'lessThanOrEqual';

/**
 * Condition members as they arrive → as GuardDuty keeps and shows them: the deprecated short keys
 * (`eq`, `gte`, ...) are stored under their long synonyms. Short keys come first, so when a request
 * sends both spellings the long one wins.
 */
const LIST_KEYS: ReadonlyArray<[string, ListKey]> = [
  ['eq', 'equals'],
  ['neq', 'notEquals'],
  ['equals', 'equals'],
  ['notEquals', 'notEquals'],
  ['matches', 'matches'],
  ['notMatches', 'notMatches'],
];
const NUMBER_KEYS: ReadonlyArray<[string, NumberKey]> = [
  ['gt', 'greaterThan'],
  ['gte', 'greaterThanOrEqual'],
  ['lt', 'lessThan'],
  ['lte', 'lessThanOrEqual'],
  ['greaterThan', 'greaterThan'],
  ['greaterThanOrEqual', 'greaterThanOrEqual'],
  ['lessThan', 'lessThan'],
  ['lessThanOrEqual', 'lessThanOrEqual'],
];

const invalid = (parameter: string) =>
  badRequest(`The request is rejected because the parameter ${parameter} is invalid.`);

const outOfBounds = () => badRequest('The request is rejected because the parameter rank is out-of-bounds.');

const notFound = () => badRequest('The request is rejected since no such resource found.');

function condition(field: string, raw: unknown): FilterCondition {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('findingCriteria');
  const input = raw as Input;
  const result: FilterCondition = {};
  for (const [wire, key] of LIST_KEYS) {
    if (input[wire] === undefined || input[wire] === null) continue;
    const values = stringList(input, wire);
    const limit = key === 'matches' || key === 'notMatches' ? MAX_PATTERNS : MAX_VALUES;
    if (values.length > limit || values.some((v) => v.length > 512)) throw invalid(`${field}.${wire}`);
    result[key] = values;
  }
  for (const [wire, key] of NUMBER_KEYS) {
    const value = optInt(input, wire);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/** `findingCriteria.criterion`, its conditions spelt as GuardDuty keeps them. */
function criteria(input: Input): Record<string, FilterCondition> {
  const findingCriteria = optRecord(input, 'findingCriteria');
  if (!findingCriteria) throw invalid('findingCriteria');
  const criterion = optRecord(findingCriteria, 'criterion') ?? {};
  const result: Record<string, FilterCondition> = {};
  for (const [field, raw] of Object.entries(criterion)) result[field] = condition(field, raw);
  return result;
}

function tags(input: Input): Record<string, string> {
  const map = optRecord(input, 'tags');
  if (!map) return {};
  const entries = Object.entries(map);
  if (entries.length < 1 || entries.length > 200) throw invalid('tags');
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128 || key.startsWith('aws:')) throw invalid('tags');
    if (typeof value !== 'string' || value.length > 256) throw invalid('tags');
  }
  return map as Record<string, string>;
}

/** The detector's filters; reads leave a detector saved before filters existed as it is. */
const filtersOf = (detector: DetectorState): FilterState[] => detector.filters ?? [];

/** The detector named by the path, and the position of the filter named by the path. */
function located(ctx: CallContext, input: Input): { filters: FilterState[]; index: number } {
  const filters = filtersOf(ownDetector(ctx, input));
  const name = reqString(input, 'FilterName');
  const index = filters.findIndex((f) => f.name === name);
  if (index < 0) throw notFound();
  return { filters, index };
}

const create: Handler = (ctx, input) => {
  const detector = ownDetector(ctx, input);
  const filters = (detector.filters ??= []);
  const name = reqString(input, 'name', NAME_RULES);
  const description = optString(input, 'description', { max: 512 });
  const action = optString(input, 'action', { oneOf: ACTIONS }) ?? 'NOOP';
  const rank = optInt(input, 'rank', RANK);
  const filter: FilterState = { name, action, criterion: criteria(input), tags: tags(input) };
  if (description !== undefined) filter.description = description;
  if (filters.some((f) => f.name === name))
    throw badRequest(`The request is rejected because a filter named ${name} already exists.`);
  if (filters.length >= MAX_FILTERS)
    throw badRequest(
      `The request is rejected because the account already has the maximum of ${MAX_FILTERS} filters.`,
    );
  if (rank !== undefined && rank > filters.length + 1) throw outOfBounds();
  filters.splice((rank ?? filters.length + 1) - 1, 0, filter);
  return { name };
};

const PAGE = {
  max: 50,
  defaultSize: 50,
  invalidToken: () => badRequest('The request is rejected because the nextToken is invalid.'),
};

const list: Handler = (ctx, input) => {
  const detector = ownDetector(ctx, input);
  const page = ctx.page(
    filtersOf(detector).map((f) => f.name),
    optString(input, 'nextToken'),
    optInt(input, 'maxResults', { min: 1, max: 50 }),
    `filters:${detector.id}`,
    PAGE,
  );
  return { filterNames: page.items, nextToken: page.nextToken };
};

const get: Handler = (ctx, input) => {
  const { filters, index } = located(ctx, input);
  const filter = filters[index]!;
  return {
    name: filter.name,
    description: filter.description,
    action: filter.action,
    rank: index + 1,
    findingCriteria: { criterion: filter.criterion },
    tags: filter.tags,
  };
};

/** Changes the fields the request names; a new rank moves the filter, the others close up behind it. */
const update: Handler = (ctx, input) => {
  const { filters, index } = located(ctx, input);
  const filter = filters[index]!;
  const description = optString(input, 'description', { max: 512 });
  const action = optString(input, 'action', { oneOf: ACTIONS });
  const rank = optInt(input, 'rank', RANK);
  const criterion = input.findingCriteria === undefined ? undefined : criteria(input);
  if (rank !== undefined && rank > filters.length) throw outOfBounds();
  if (description !== undefined) filter.description = description;
  if (action !== undefined) filter.action = action;
  if (criterion !== undefined) filter.criterion = criterion;
  if (rank !== undefined) filters.splice(rank - 1, 0, ...filters.splice(index, 1));
  return { name: filter.name };
};

const remove: Handler = (ctx, input) => {
  const { filters, index } = located(ctx, input);
  filters.splice(index, 1);
  return {};
};

export const filterOperations: Record<string, Handler> = {
  CreateFilter: create,
  ListFilters: list,
  GetFilter: get,
  UpdateFilter: update,
  DeleteFilter: remove,
};
