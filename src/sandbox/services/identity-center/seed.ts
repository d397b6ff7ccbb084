/**
 * The account-level `identityStore` member of world documents: the users and groups of the identity store
 * of the organization's Identity Center instance, as an external identity provider (Okta, Entra ID,
 * Google) provisions them through SCIM, or as they were created in Identity Center itself.
 *
 * ```json
 * "123456789012": { "identityStore": {
 *   "issuer": "https://scim.aws.com/okta-tenant-1",
 *   "users": {
 *     "alice": { "displayName": "Alice Doe", "email": "alice@example.com", "givenName": "Alice",
 *                "familyName": "Doe", "externalId": "00u1abc" },
 *     "carol": { "displayName": "Carol Local", "email": "carol@example.com" } },
 *   "groups": { "Platform": { "description": "Platform team", "members": ["alice"], "externalId": "00g9xyz" } } } }
 * ```
 *
 * - The member belongs to an organization's management account (the organization may come from the
 *   same entry's `organization` member). Its instance is stored as the first Identity Center write
 *   stores it when the world has none yet (same ARN and identity store id as the API answers).
 * - `users` are keyed by user name, `groups` by display name. A user or group with `externalId` was
 *   provisioned by the identity provider: it is stored with `ExternalIds: [{ Issuer: issuer, Id }]`
 *   (`issuer` defaults to {@link defaultIssuer}, a SCIM issuer of this identity store). Without
 *   `externalId` it is a user or group of Identity Center's own directory (no `ExternalIds`).
 * - A user or group the store already holds under that name (compared case-insensitively, as AWS does)
 *   is updated, not duplicated: the attributes given replace its own, `externalId` replaces its id from
 *   this issuer. `members` are user names (of this document or already in the store); memberships are
 *   added, never removed.
 * - Refusals (no organization, not its management account, reserved names, an unknown member, an
 *   external id held by another user or group) are found before anything of the member is applied.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { randomUuid } from '../../rng.js';
import type { SeedContext, Seeder } from '../../service.js';
import { WorldDocumentError } from '../../world-document.js';
import { organizationOf } from '../organizations/state.js';
import { organizationStore, storedOrganizationInstance } from './access.js';
import type { IdentityStoreGroup, IdentityStoreState, IdentityStoreUser } from './state.js';
import { sameName } from './store.js';

/** AWS's character classes for user names and external ids (letters, marks, symbols, digits, punctuation). */
const VISIBLE = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
/** Names CreateUser and CreateGroup refuse for users and groups. */
const RESERVED = ['Administrator', 'AWSAdministrators'];

const text = (max: number) => z.string().min(1).max(max);
const externalId = text(256).regex(VISIBLE, 'an external id is 1–256 characters without spaces');

const userSpec = z
  .object({
    displayName: text(1024),
    email: z.email().max(1024),
    givenName: text(1024).optional(),
    familyName: text(1024).optional(),
    externalId: externalId.optional(),
  })
  .strict();

const groupSpec = z
  .object({
    description: text(1024).optional(),
    members: z.array(z.string()).default([]),
    externalId: externalId.optional(),
  })
  .strict();

const identityStoreSpec = z
  .object({
    issuer: text(256).regex(VISIBLE, 'an issuer is 1–256 characters without spaces').optional(),
    users: z
      .record(text(128).regex(VISIBLE, 'a user name is 1–128 characters without spaces'), userSpec)
      .default({}),
    groups: z.record(text(1024), groupSpec).default({}),
  })
  .strict();

export type IdentityStoreSpec = z.infer<typeof identityStoreSpec>;

/**
 * The issuer of a SCIM-provisioned user when the document names none: AWS's SCIM endpoint issues
 * `https://scim.aws.com/<tenant id>`; the tenant id here is derived from the identity store id.
 */
export function defaultIssuer(identityStoreId: string): string {
  const hex = createHash('sha256').update(`scim:${identityStoreId}`).digest('hex');
  return `https://scim.aws.com/${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

type ExternalIds = IdentityStoreUser['externalIds'];

/** Who already holds `issuer`/`id`, other than the one named `name` (compared case-insensitively). */
function heldBy<T extends { externalIds: ExternalIds }>(
  all: Iterable<T>,
  nameOf: (item: T) => string,
  name: string,
  issuer: string,
  id: string,
): T | undefined {
  for (const item of all)
    if (!sameName(nameOf(item), name) && item.externalIds.some((x) => x.issuer === issuer && x.id === id))
      return item;
  return undefined;
}

/** Every refusal of the member, given the store it goes into. */
function problems(
  where: string,
  spec: IdentityStoreSpec,
  store: IdentityStoreState,
  issuer: string,
): string[] {
  const issues: string[] = [];
  const reserved = (name: string) => RESERVED.some((r) => sameName(r, name));
  const seen = new Map<string, string>();
  const users = Object.values(store.users);
  const groups = Object.values(store.groups);
  const userNames = Object.keys(spec.users);

  const sameNameTwice = (kind: 'users' | 'groups', names: string[]) => {
    const lower = new Map<string, string>();
    for (const name of names) {
      const other = lower.get(name.toLowerCase());
      if (other !== undefined)
        issues.push(
          `${where}.${kind}.${name}: ${JSON.stringify(other)} names the same one (names ignore case)`,
        );
      lower.set(name.toLowerCase(), name);
    }
  };
  sameNameTwice('users', userNames);
  sameNameTwice('groups', Object.keys(spec.groups));

  const claim = (path: string, kind: string, id: string) => {
    const other = seen.get(`${kind}:${id}`);
    if (other) issues.push(`${path}.externalId: ${JSON.stringify(id)} is also ${other}'s`);
    seen.set(`${kind}:${id}`, path.split('.').pop()!);
  };

  for (const [name, user] of Object.entries(spec.users)) {
    const path = `${where}.users.${name}`;
    if (reserved(name)) issues.push(`${path}: ${JSON.stringify(name)} is a reserved name`);
    if (user.externalId === undefined) continue;
    claim(path, 'user', user.externalId);
    const holder = heldBy(users, (u) => u.userName, name, issuer, user.externalId);
    if (holder)
      issues.push(
        `${path}.externalId: user ${JSON.stringify(holder.userName)} of identity store ${store.identityStoreId} already has ${JSON.stringify(user.externalId)} from ${issuer}`,
      );
  }
  for (const [name, group] of Object.entries(spec.groups)) {
    const path = `${where}.groups.${name}`;
    if (reserved(name)) issues.push(`${path}: ${JSON.stringify(name)} is a reserved name`);
    for (const member of group.members) {
      const known =
        userNames.some((u) => sameName(u, member)) || users.some((u) => sameName(u.userName, member));
      if (!known)
        issues.push(
          `${path}.members: ${JSON.stringify(member)} is neither in users nor a user of identity store ${store.identityStoreId}`,
        );
    }
    if (group.externalId === undefined) continue;
    claim(path, 'group', group.externalId);
    const holder = heldBy(groups, (g) => g.displayName, name, issuer, group.externalId);
    if (holder)
      issues.push(
        `${path}.externalId: group ${JSON.stringify(holder.displayName)} of identity store ${store.identityStoreId} already has ${JSON.stringify(group.externalId)} from ${issuer}`,
      );
  }
  return issues;
}

/** `ids` with `id` as the one from `issuer` (the identity provider's id replaces the one it had). */
function withExternalId(ids: ExternalIds, issuer: string, id: string | undefined): ExternalIds {
  if (id === undefined) return ids;
  return [...ids.filter((x) => x.issuer !== issuer), { issuer, id }];
}

function putUser(
  ctx: SeedContext,
  store: IdentityStoreState,
  userName: string,
  spec: IdentityStoreSpec['users'][string],
  issuer: string,
): IdentityStoreUser {
  const existing = Object.values(store.users).find((u) => sameName(u.userName, userName));
  const name = {
    ...existing?.name,
    ...(spec.givenName !== undefined ? { givenName: spec.givenName } : {}),
    ...(spec.familyName !== undefined ? { familyName: spec.familyName } : {}),
  };
  const user: IdentityStoreUser = {
    ...existing,
    userId: existing?.userId ?? randomUuid(ctx.world),
    userName: existing?.userName ?? userName,
    displayName: spec.displayName,
    ...(Object.keys(name).length > 0 ? { name } : {}),
    emails: [{ value: spec.email, type: 'work', primary: true }],
    externalIds: withExternalId(existing?.externalIds ?? [], issuer, spec.externalId),
    createdAt: existing?.createdAt ?? ctx.now.toISOString(),
  };
  store.users[user.userId] = user;
  return user;
}

function putGroup(
  ctx: SeedContext,
  store: IdentityStoreState,
  displayName: string,
  spec: IdentityStoreSpec['groups'][string],
  issuer: string,
): IdentityStoreGroup {
  const existing = Object.values(store.groups).find((g) => sameName(g.displayName, displayName));
  const description = spec.description ?? existing?.description;
  const group: IdentityStoreGroup = {
    groupId: existing?.groupId ?? randomUuid(ctx.world),
    displayName: existing?.displayName ?? displayName,
    ...(description !== undefined ? { description } : {}),
    externalIds: withExternalId(existing?.externalIds ?? [], issuer, spec.externalId),
    createdAt: existing?.createdAt ?? ctx.now.toISOString(),
  };
  store.groups[group.groupId] = group;
  return group;
}

export const identityStoreSeeder: Seeder<IdentityStoreSpec> = {
  key: 'identityStore',
  schema: identityStoreSpec,
  apply(ctx, spec) {
    const where = `accounts.${ctx.account.id}.identityStore`;
    const org = organizationOf(ctx.world, ctx.account.id);
    if (!org)
      throw new WorldDocumentError([
        `${where}: account ${ctx.account.id} is in no organization; the identity store is the organization's Identity Center instance's (give the account an organization member)`,
      ]);
    if (org.managementAccountId !== ctx.account.id)
      throw new WorldDocumentError([
        `${where}: account ${ctx.account.id} is a member of organization ${org.id}; describe its identity store under the management account ${org.managementAccountId}`,
      ]);
    // Checked against the store as it is or would be, before anything (the instance included) is stored.
    const current = organizationStore(ctx.world, org);
    const issuer = spec.issuer ?? defaultIssuer(current.identityStoreId);
    const issues = problems(where, spec, current, issuer);
    if (issues.length > 0) throw new WorldDocumentError(issues);

    const { store } = storedOrganizationInstance(ctx.world, org);
    for (const [userName, userSpec] of Object.entries(spec.users))
      putUser(ctx, store, userName, userSpec, issuer);
    for (const [displayName, groupSpec] of Object.entries(spec.groups)) {
      const group = putGroup(ctx, store, displayName, groupSpec, issuer);
      const memberships = Object.values(store.memberships);
      for (const member of groupSpec.members) {
        const user = Object.values(store.users).find((u) => sameName(u.userName, member))!;
        if (memberships.some((m) => m.groupId === group.groupId && m.userId === user.userId)) continue;
        const membershipId = randomUuid(ctx.world);
        store.memberships[membershipId] = { membershipId, groupId: group.groupId, userId: user.userId };
      }
    }
  },
};
