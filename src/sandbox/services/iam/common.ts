/**
 * Shared pieces of the IAM handlers: the account an IAM call acts on, AWS's IAM error codes, name and
 * path rules, ARNs and ids, the Marker/MaxItems pagination every List* operation uses, and tags.
 */
import { AwsError } from '../../errors.js';
import { optInt, optString, reqString, tagList, type Input, type StringRules } from '../../input.js';
import { UPPER_ALNUM, randomString } from '../../rng.js';
import type { CallContext } from '../../service.js';
import { ensureAccount, type AccountRecord } from '../../world.js';
import type { Tag } from '../organizations/state.js';
import { iamOf, type GroupState, type RoleState, type UserState } from './state.js';

/** IAM is global and per account: every call acts on the caller's account. */
export function iamAccount(ctx: CallContext): AccountRecord {
  return ensureAccount(ctx.world, ctx.caller.accountId, ctx.now);
}

// ---- errors (awsQuery codes and HTTP statuses from the IAM model) ----

export const noSuchEntity = (message: string) => new AwsError('NoSuchEntity', message, { status: 404 });
export const entityAlreadyExists = (message: string) =>
  new AwsError('EntityAlreadyExists', message, { status: 409 });
export const limitExceeded = (message: string) => new AwsError('LimitExceeded', message, { status: 409 });
export const deleteConflict = (message: string) => new AwsError('DeleteConflict', message, { status: 409 });
export const invalidInput = (message: string) => new AwsError('InvalidInput', message, { status: 400 });
export const malformedPolicy = (message: string) =>
  new AwsError('MalformedPolicyDocument', message, { status: 400 });
export const validationError = (message: string) => new AwsError('ValidationError', message, { status: 400 });
export const accessDenied = (message: string) => new AwsError('AccessDenied', message, { status: 403 });

// ---- names and paths ----

const NAME_PATTERN = /^[\w+=,.@-]+$/;
const PATH_PATTERN = /^(\/|\/[\u0021-\u007E]+\/)$/;
const PATH_PREFIX_PATTERN = /^\/[\u0021-\u007F]*$/;

export const userNameRules: StringRules = { min: 1, max: 64, pattern: NAME_PATTERN };
/** Names the IAM model allows up to 128 characters for lookups (UserName on most operations). */
export const lookupNameRules: StringRules = { min: 1, max: 128, pattern: NAME_PATTERN };
export const roleNameRules: StringRules = { min: 1, max: 64, pattern: NAME_PATTERN };
export const policyNameRules: StringRules = { min: 1, max: 128, pattern: NAME_PATTERN };

export function optPath(input: Input, name = 'Path'): string | undefined {
  return optString(input, name, { min: 1, max: 512, pattern: PATH_PATTERN });
}

export function optPathPrefix(input: Input): string | undefined {
  return optString(input, 'PathPrefix', { min: 1, max: 512, pattern: PATH_PREFIX_PATTERN });
}

export function reqName(input: Input, name: string, rules: StringRules = lookupNameRules): string {
  return reqString(input, name, rules);
}

// ---- ARNs, ids, dates ----

export function iamArn(accountId: string, kind: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** IAM unique ids: a four-letter prefix (AIDA user, AGPA group, AROA role, ANPA policy) and 17 characters. */
export function newIamId(ctx: CallContext, prefix: 'AIDA' | 'AGPA' | 'AROA' | 'ANPA'): string {
  return prefix + randomString(ctx.world, UPPER_ALNUM, 17);
}

export function date(iso: string): Date {
  return new Date(iso);
}

export function optDate(iso: string | undefined): Date | undefined {
  return iso === undefined ? undefined : new Date(iso);
}

// ---- pagination: Marker / MaxItems (1–1000, default 100) ----

export interface IamPage<T> {
  items: T[];
  /** Output members: `IsTruncated`, and `Marker` only when there is a next page. */
  meta: { IsTruncated: boolean; Marker?: string };
}

const PAGE_OPTIONS = {
  max: 1000,
  defaultSize: 100,
  invalidToken: () => validationError('Invalid Marker.'),
};

export function iamPage<T>(ctx: CallContext, input: Input, items: readonly T[], scope: string): IamPage<T> {
  const size = optInt(input, 'MaxItems', { min: 1, max: 1000 });
  const marker = optString(input, 'Marker', { min: 1, max: 320 });
  const page = ctx.page(items, marker, size, `${ctx.caller.accountId}:${scope}`, PAGE_OPTIONS);
  return {
    items: page.items,
    meta:
      page.nextToken === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: page.nextToken },
  };
}

// ---- tags (users, roles, policies, MFA devices: 50 per resource) ----

const MAX_TAGS = 50;

export function inputTags(input: Input, name = 'Tags'): Tag[] {
  const tags = tagList(input, name);
  const keys = new Set<string>();
  for (const tag of tags) {
    if (keys.has(tag.Key))
      throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    keys.add(tag.Key);
  }
  if (tags.length > MAX_TAGS)
    throw limitExceeded(`The number of tags has reached the maximum limit of ${MAX_TAGS}.`);
  return tags;
}

/** The tags after adding or overwriting `added`; LimitExceeded beyond 50. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = [...existing];
  for (const tag of added) {
    const index = merged.findIndex((t) => t.Key === tag.Key);
    if (index >= 0) merged[index] = tag;
    else merged.push(tag);
  }
  if (merged.length > MAX_TAGS)
    throw limitExceeded(`The number of tags has reached the maximum limit of ${MAX_TAGS}.`);
  return merged;
}

export function removeTags(existing: Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys);
  return existing.filter((t) => !drop.has(t.Key));
}

export function tagsOrUndefined(tags: Tag[]): Tag[] | undefined {
  return tags.length > 0 ? tags : undefined;
}

// ---- lookups ----

export function requireUser(account: AccountRecord, userName: string): UserState {
  const user = iamOf(account).users[userName];
  if (!user) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
  return user;
}

export function requireGroup(account: AccountRecord, groupName: string): GroupState {
  const group = iamOf(account).groups[groupName];
  if (!group) throw noSuchEntity(`The group with name ${groupName} cannot be found.`);
  return group;
}

export function requireRole(account: AccountRecord, roleName: string): RoleState {
  const role = iamOf(account).roles[roleName];
  if (!role) throw noSuchEntity(`The role with name ${roleName} cannot be found.`);
  return role;
}

export function userArn(accountId: string, user: UserState): string {
  return iamArn(accountId, 'user', user.path, user.userName);
}

export function groupArn(accountId: string, group: GroupState): string {
  return iamArn(accountId, 'group', group.path, group.groupName);
}

export function roleArn(accountId: string, role: RoleState): string {
  return iamArn(accountId, 'role', role.path, role.roleName);
}
