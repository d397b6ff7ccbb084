/**
 * The sandbox's whole state: every account in its universe (standalone or in an organization), the
 * credentials it issued, and each service's own state. Plain JSON, so it is saved and restored as it is.
 *
 * This module knows no service. A service keeps its state in one of two places, and owns the typed
 * accessor that creates it on first use (in the service's own `state.ts`):
 *
 * - a slot of a `services` map, on the world or on an account, under the service's key
 *   ({@link serviceState}; per-region slots in `shared/regional.ts`). New state goes here.
 * - a member of its own at the top of the world or of an account record (`organizations`, `handshakes`,
 *   `ssoInstances`, `identityStores`, an account's `iam`), where saved files have always held it, so the
 *   file format stays as it was. The service declares the member's type by augmenting {@link World} or
 *   {@link AccountRecord} (`declare module '../../world.js'`). World members are added to every world
 *   the sandbox creates or installs by the service's `prepareWorld` hook ({@link createWorld},
 *   {@link prepareWorld}); account members are declared with {@link accountMember}, and
 *   {@link ensureAccount} creates them with the account.
 */
import { DIGITS, randomString, type RngState } from './rng.js';

export const WORLD_VERSION = 1;

/** The account that unknown credentials act in, and that creates the first organization by default. */
export const DEFAULT_ACCOUNT_ID = '123456789012';

export type SupportPlan = 'BASIC' | 'DEVELOPER' | 'BUSINESS' | 'ENTERPRISE_ON_RAMP' | 'ENTERPRISE';

export interface AccountRecord {
  id: string;
  name: string;
  email: string;
  createdAt: string;
  /** The organization the account belongs to, if any. */
  organizationId?: string;
  /** Set when the account is closed (SUSPENDED / CLOSED in Organizations terms). */
  closed?: boolean;
  supportPlan: SupportPlan;
  /**
   * Whether the account has what a standalone account needs (accepted customer agreement, payment
   * method, verified phone). Accounts created in an organization lack it until their root user signs up;
   * without it Organizations refuses to let them leave.
   */
  standaloneReady?: boolean;
  /** Regions enabled for the account (AWS's default regions unless the world says otherwise). */
  enabledRegions: string[];
  /** Each regional or account-level service keeps its state here, under its own key (see {@link serviceState}). */
  services: Record<string, unknown>;
}

/** What an access key id stands for. IAM user and root keys are indexed here too, for fast lookup. */
export type CredentialRecord =
  | { kind: 'user'; accountId: string; userName: string; secretAccessKey: string }
  | { kind: 'root'; accountId: string; secretAccessKey: string }
  | {
      kind: 'role';
      accountId: string;
      roleName: string;
      roleId: string;
      sessionName: string;
      secretAccessKey: string;
      sessionToken: string;
      expiration: string;
      /** The account whose principal assumed the role (for CloudTrail-like bookkeeping). */
      sourceAccountId: string;
    }
  | {
      kind: 'root-session';
      accountId: string;
      taskPolicyArn: string;
      secretAccessKey: string;
      sessionToken: string;
      expiration: string;
      sourceAccountId: string;
    };

export interface World extends RngState {
  version: typeof WORLD_VERSION;
  defaultAccountId: string;
  accounts: Record<string, AccountRecord>;
  credentials: Record<string, CredentialRecord>;
  /** State of services whose names are global across accounts (S3 bucket names), under each service's key. */
  services: Record<string, unknown>;
}

/** The regions enabled by default in every account (opt-in regions are not). */
export const DEFAULT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
] as const;

/**
 * A service's own slot of state in an account or in the world, created on first use. Each service
 * module wraps this in a typed accessor and is the only code that reads its slot.
 */
export function serviceState<T>(
  holder: { services: Record<string, unknown> },
  key: string,
  init: () => T,
): T {
  const existing = holder.services[key];
  if (existing !== undefined) return existing as T;
  const created = init();
  holder.services[key] = created;
  return created;
}

/** What {@link createWorld} asks of each service: to add the members it keeps at the top of the world. */
export interface WorldMembers {
  /** Adds the service's own top-level members, empty, where the world lacks them (idempotent). */
  prepareWorld?(world: World): void;
}

/**
 * Adds every service's top-level members that `world` lacks (a new world, or one restored from a file
 * written before a member existed). Returns `world`.
 */
export function prepareWorld(world: World, services: readonly WorldMembers[]): World {
  for (const service of services) service.prepareWorld?.(world);
  return world;
}

/**
 * A new, empty world holding the members of `services`. The composed sandbox's `emptyWorld`
 * (`sandbox.ts`) passes every service; the core passes the services it serves.
 */
export function createWorld(
  services: readonly WorldMembers[],
  options: { defaultAccountId?: string; seed?: number } = {},
): World {
  // The services' members are added right below: the world is complete when it is returned.
  const world = {
    version: WORLD_VERSION,
    rng: options.seed ?? 20161128,
    defaultAccountId: options.defaultAccountId ?? DEFAULT_ACCOUNT_ID,
    accounts: {},
    credentials: {},
    services: {},
  } as World;
  return prepareWorld(world, services);
}

export function isAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}

/**
 * The account record for `id`, created on first use: every 12-digit account exists in the sandbox's
 * universe as a standalone account until it joins an organization.
 */
export function ensureAccount(world: World, id: string, now: Date): AccountRecord {
  let account = world.accounts[id];
  if (!account) {
    // The members services declared are added right below: the record is complete when it is stored.
    account = {
      id,
      name: `account-${id}`,
      email: `aws+${id}@sandbox.example`,
      createdAt: now.toISOString(),
      supportPlan: 'BASIC',
      enabledRegions: [...DEFAULT_REGIONS],
      services: {},
    } as AccountRecord;
    const members = account as unknown as Record<string, unknown>;
    for (const [key, create] of accountMembers) members[key] = create();
    world.accounts[id] = account;
  }
  return account;
}

/** The members services keep at the top of every account record, by key, with how to create each. */
const accountMembers = new Map<string, () => unknown>();

/**
 * Declares a member a service keeps at the top of every account record (IAM's `iam`): {@link
 * ensureAccount} creates it with each new account. Returns the member's typed accessor, which creates
 * the member in an account that lacks it (a record made before the declaring module was loaded).
 */
export function accountMember<K extends keyof AccountRecord>(
  key: K,
  create: () => NonNullable<AccountRecord[K]>,
): (account: AccountRecord) => NonNullable<AccountRecord[K]> {
  accountMembers.set(key, create);
  return (account) => {
    const existing = account[key];
    if (existing !== undefined && existing !== null) return existing;
    const created = create();
    account[key] = created;
    return created;
  };
}

export function newAccountId(world: World): string {
  for (;;) {
    const id = randomString(world, DIGITS, 12);
    if (!id.startsWith('0') && !world.accounts[id]) return id;
  }
}

/**
 * Keys that reach JavaScript's object internals when a parsed document's keys are used as paths
 * (`obj['__proto__']` is `Object.prototype`; `obj.constructor.prototype` too). Documents from outside the
 * process (request bodies, world documents, state files) must never walk through them.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Where a parsed document holds one of `keys` as an object key, as dotted paths (`accounts.1234.__proto__`);
 * empty when it holds none. `JSON.parse` makes such keys own data properties, harmless as they are, but
 * code that merges a document key by key into ordinary objects would follow them into the prototype chain.
 */
export function prototypeKeyPaths(value: unknown, keys: ReadonlySet<string> = PROTOTYPE_KEYS): string[] {
  const found: string[] = [];
  // Iterative, so a deeply nested document cannot overflow the stack.
  const pending: Array<[unknown, string]> = [[value, '']];
  while (pending.length > 0 && found.length < 20) {
    const [node, where] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    for (const key of Object.keys(node)) {
      const path = where === '' ? key : `${where}.${key}`;
      if (keys.has(key)) found.push(path);
      else pending.push([(node as Record<string, unknown>)[key], path]);
    }
  }
  return found.sort();
}

/**
 * `JSON.parse` that drops every `__proto__` member, so a parsed document can be copied into ordinary
 * objects (`Object.assign`, key-by-key merges) without swapping their prototype. Other keys, including
 * `constructor` and `prototype`, stay as own data properties (legitimate names: a tag key, an IAM user).
 */
export function parseJsonWithoutProto(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
}
